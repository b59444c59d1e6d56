"""A message as an outbox row and back: the neutral `Outgoing` in columns of plain JSON,
written in the transaction of the change that causes it.

Values are what templates read: dicts, lists, strings, numbers, and the dates, times,
deadlines and durations the filters format. Those are tagged ({"$date": "2026-01-05"})
so they come back as the same type; a value of any other type is refused when the row
is written, never when it is sent, so a message that cannot be stored fails its command
loudly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from messages.neutral import Address, Attachment, Button, Outgoing
from storage.deadline import Deadline
from storage.models import OutboxMessage
from storage.models import outbox as ob

_TAGS = ("$date", "$datetime", "$time", "$seconds", "$deadline")


def encode(value: Any) -> Any:
    """VALUE in JSON's types, dates and durations tagged."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        encoded = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"a message value's key must be a string: {key!r}")
            encoded[key] = encode(item)
        return encoded
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    if isinstance(value, Deadline):
        return {"$deadline": value.iso()}
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    if isinstance(value, timedelta):
        return {"$seconds": value.total_seconds()}
    raise TypeError(f"a message value cannot be stored: {type(value).__name__} {value!r}")


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        ((tag, raw),) = value.items()
        if tag in _TAGS:
            return _untag(tag, raw)
    return {key: decode(item) for key, item in value.items()}


def _untag(tag: str, raw: Any) -> Any:
    if tag == "$datetime":
        return datetime.fromisoformat(raw)
    if tag == "$date":
        return date.fromisoformat(raw)
    if tag == "$deadline":
        day, _, at = raw.partition("T")
        return Deadline(date.fromisoformat(day), time.fromisoformat(at) if at else None)
    if tag == "$time":
        return time.fromisoformat(raw)
    return timedelta(seconds=raw)


def row_values(message: Outgoing, now: datetime) -> dict[str, Any]:
    """The columns of MESSAGE as a row due NOW, urgent (a command's own message)."""
    file = message.attachment
    return {
        "kind": ob.MESSAGE,
        "priority": ob.URGENT,
        "channel": message.to.channel,
        "chat_id": message.to.chat_id,
        "label": message.to.label[:200],
        "due_at": now,
        "rank_at": now,
        "state": ob.PENDING,
        "attempts": 0,
        "late": False,
        "ask": message.ask,
        "template": message.template,
        "body": encode(message.values),
        "lang": message.lang,
        "assignment_ids": list(message.assignment_ids),
        "buttons": [
            {
                "label_template": b.label_template,
                "command": b.command,
                "values": encode(b.label_values),
            }
            for b in message.buttons
        ],
        "today": message.today,
        "reply_to": message.reply_to,
        "file_name": file.filename if file else None,
        "file_kind": file.kind if file else None,
        "file_data": file.data if file else None,
    }


def message_of(row: OutboxMessage) -> Outgoing:
    """The message a MESSAGE row holds, as it was written."""
    assert row.template is not None, f"outbox row {row.id} holds no message"
    attachment = None
    if row.file_name is not None:
        attachment = Attachment(row.file_name, row.file_data or b"", row.file_kind or "document")
    return Outgoing(
        to=Address(row.channel, row.chat_id, row.label or ""),
        template=row.template,
        values=decode(row.body or {}),
        lang=row.lang or "vi",
        assignment_ids=tuple(row.assignment_ids or ()),
        buttons=tuple(
            Button(b["label_template"], b["command"], tuple(tuple(p) for p in decode(b["values"])))
            for b in row.buttons or ()
        ),
        today=row.today,
        reply_to=row.reply_to,
        ask=row.ask,
        attachment=attachment,
    )


def write(session: Session, messages: Sequence[Outgoing], now: datetime) -> None:
    """MESSAGES as rows due NOW, in the caller's transaction (one statement): committed
    with the change that caused them, or not at all."""
    if messages:
        session.execute(insert(OutboxMessage), [row_values(m, now) for m in messages])
