"""Zalo Bot API updates as plain values.

An update comes from getUpdates (the `result`) or a webhook POST, either bare
(`{"event_name", "message"}`) or wrapped like an API answer (`{"ok", "result"}`). The
parser takes any of them and never raises: a field missing or of another type reads as
None/empty, so a change on Zalo's side drops a field rather than the whole update.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.channels.webhook import secret_matches  # noqa: F401  (re-exported)

TEXT = "message.text.received"
IMAGE = "message.image.received"
STICKER = "message.sticker.received"
UNSUPPORTED = "message.unsupported.received"

PRIVATE = "PRIVATE"
GROUP = "GROUP"

# The header each webhook POST carries the secret given to setWebhook in.
SECRET_HEADER = "X-Bot-Api-Secret-Token"

# Below this a timestamp is taken as seconds: as milliseconds it would be before 1974.
_SECONDS_BELOW = 10**11


@dataclass(frozen=True, slots=True)
class ZaloUpdate:
    event_name: str
    message_id: str | None
    chat_id: str | None
    chat_type: str  # PRIVATE, GROUP, or "" when absent
    sender_id: str | None
    sender_name: str
    is_bot: bool
    text: str | None  # None for anything but a text message
    date: datetime | None  # aware, UTC
    # The message as received, for what the fields above leave out (a photo's URL...).
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_group(self) -> bool:
        return self.chat_type == GROUP


def parse_update(payload: Any) -> ZaloUpdate | None:
    """The update in PAYLOAD (bare or wrapped), or None when it holds none (not an
    object, an `ok: false` answer, or neither an event name nor a message)."""
    update = _unwrap(payload)
    if update is None:
        return None
    message = _object(update.get("message"))
    event = _string(update.get("event_name")) or ""
    if not event and not message:
        return None
    text = message.get("text") if isinstance(message.get("text"), str) else None
    if not event and text is not None:
        event = TEXT  # Zalo's own getUpdates sample shows a text message without its name
    chat = _object(message.get("chat"))
    sender = _object(message.get("from"))
    return ZaloUpdate(
        event_name=event,
        message_id=_id(message.get("message_id")),
        chat_id=_id(chat.get("id")),
        chat_type=(_string(chat.get("chat_type")) or "").upper(),
        sender_id=_id(sender.get("id")),
        sender_name=_name(sender),
        is_bot=sender.get("is_bot") is True,
        text=text if event == TEXT else None,
        date=parse_timestamp(message.get("date")),
        raw=message,
    )


def _unwrap(payload: Any) -> Mapping[str, Any] | None:
    if not isinstance(payload, Mapping):
        return None
    if "ok" not in payload:
        return payload
    result = payload.get("result")
    if payload.get("ok") is not True or not isinstance(result, Mapping):
        return None
    return result


def _object(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _id(value: Any) -> str | None:
    # Zalo's ids are strings; a number is taken too, but never a bool or an object.
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).strip()
    return text or None


def _name(sender: Mapping[str, Any]) -> str:
    for key in ("display_name", "name", "first_name"):
        name = _string(sender.get(key))
        if name:
            return name.strip()
    return ""


def parse_timestamp(value: Any) -> datetime | None:
    """A Zalo timestamp (milliseconds; seconds taken too) as an aware UTC datetime."""
    if isinstance(value, bool):
        return None
    try:
        stamp = float(value)
    except (TypeError, ValueError):
        return None
    if stamp <= 0:
        return None
    seconds = stamp if stamp < _SECONDS_BELOW else stamp / 1000
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None
