"""Group bindings, the messages the bot sent (for replies), the messages it has seen
(for duplicates), and chats that can no longer be reached."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from storage.db import insert_ignore, upsert
from storage.models import Account, GroupChat, SeenMessage, SentMessage
from storage.models.chats import COMMITTEE, UNIT


def group(session: Session, channel: str, chat_id: str) -> GroupChat | None:
    return session.get(GroupChat, (channel, chat_id))


def bind(
    session: Session,
    channel: str,
    chat_id: str,
    *,
    kind: str,
    unit_id: int | None,
    title: str,
    person_id: int | None,
    now: datetime,
) -> None:
    values = {
        "channel": channel,
        "chat_id": chat_id,
        "kind": kind,
        "unit_id": unit_id,
        "title": title[:200],
        "bound_at": now,
        "bound_by": person_id,
        "unreachable_at": None,
    }
    upsert(session, GroupChat, values, ["channel", "chat_id"])


def unbind(session: Session, channel: str, chat_id: str) -> bool:
    result = session.execute(
        delete(GroupChat).where(GroupChat.channel == channel, GroupChat.chat_id == chat_id)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def committee_groups(session: Session) -> Sequence[GroupChat]:
    return session.scalars(
        select(GroupChat).where(GroupChat.kind == COMMITTEE, GroupChat.unreachable_at.is_(None))
    ).all()


def unit_groups(session: Session, unit_ids: Sequence[int]) -> Sequence[GroupChat]:
    if not unit_ids:
        return []
    return session.scalars(
        select(GroupChat).where(
            GroupChat.kind == UNIT,
            GroupChat.unit_id.in_(set(unit_ids)),
            GroupChat.unreachable_at.is_(None),
        )
    ).all()


def record_sent(
    session: Session,
    channel: str,
    chat_id: str,
    message_ids: Sequence[str],
    assignment_ids: Sequence[int],
    now: datetime,
) -> None:
    record_sent_many(session, [(channel, chat_id, m, assignment_ids) for m in message_ids], now)


def record_sent_many(
    session: Session, rows: Sequence[tuple[str, str, str, Sequence[int]]], now: datetime
) -> None:
    """Many (channel, chat, message id, assignments) at once: one statement (on the table,
    not through the ORM: the sending loop records thousands a minute)."""
    if rows:
        session.execute(
            insert(cast(Table, SentMessage.__table__)),
            [
                {
                    "channel": channel,
                    "chat_id": chat,
                    "message_id": message_id,
                    "assignment_ids": list(ids),
                    "sent_at": now,
                }
                for channel, chat, message_id, ids in rows
            ],
        )


def sent(session: Session, channel: str, chat_id: str, message_id: str) -> SentMessage | None:
    return session.scalar(
        select(SentMessage)
        .where(
            SentMessage.channel == channel,
            SentMessage.chat_id == chat_id,
            SentMessage.message_id == message_id,
        )
        .order_by(SentMessage.id.desc())
    )


def first_sight(
    session: Session, channel: str, chat_id: str, message_id: str, now: datetime
) -> bool:
    """Note an incoming message; False when it was seen before (a redelivery)."""
    values = {"channel": channel, "chat_id": chat_id, "message_id": message_id, "seen_at": now}
    return insert_ignore(session, SeenMessage, values)


def mark_unreachable(session: Session, channel: str, chat_id: str, now: datetime) -> list[str]:
    """Mark whatever the bot reaches at CHAT_ID as unreachable; returns what was newly
    marked ("account:ID" or "group:TITLE"), so the admins hear of each once."""
    newly: list[str] = []
    accounts = session.scalars(
        select(Account).where(
            Account.channel == channel,
            Account.chat_id == chat_id,
            Account.unreachable_at.is_(None),
        )
    ).all()
    for account in accounts:
        account.unreachable_at = now
        newly.append(f"account:{account.person_id}")
    bound = group(session, channel, chat_id)
    if bound is not None and bound.unreachable_at is None:
        bound.unreachable_at = now
        newly.append(f"group:{bound.title or bound.chat_id}")
    return newly


def move(session: Session, channel: str, old: str, new: str) -> None:
    """Follow a chat to its new id: its binding, the accounts reached there, and the
    messages sent there (so replies in the new chat are still traced)."""
    for model in (GroupChat, Account, SentMessage):
        session.execute(
            update(model).where(model.channel == channel, model.chat_id == old).values(chat_id=new)
        )


def group_reachable_again(session: Session, channel: str, chat_id: str) -> GroupChat | None:
    """A bound group the bot had been removed from wrote to it: it is back. The group,
    when it had been marked unreachable."""
    bound = group(session, channel, chat_id)
    if bound is None or bound.unreachable_at is None:
        return None
    bound.unreachable_at = None
    return bound


def reachable_again(session: Session, channel: str, chat_id: str) -> None:
    session.execute(
        update(Account)
        .where(
            Account.channel == channel,
            Account.chat_id == chat_id,
            Account.unreachable_at.is_not(None),
        )
        .values(unreachable_at=None)
    )
