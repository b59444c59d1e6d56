"""Dialog state and chat focus: small rows keyed by chat."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import ChatFocus, ConversationState


def state(session: Session, channel: str, chat_id: str, person_id: int) -> ConversationState | None:
    return session.scalar(
        select(ConversationState).where(
            ConversationState.channel == channel,
            ConversationState.chat_id == chat_id,
            ConversationState.person_id == person_id,
        )
    )


def set_state(
    session: Session,
    channel: str,
    chat_id: str,
    person_id: int,
    kind: str,
    data: dict[str, Any],
    now: datetime,
) -> None:
    row = state(session, channel, chat_id, person_id)
    if row is None:
        row = ConversationState(channel=channel, chat_id=chat_id, person_id=person_id)
        session.add(row)
    row.kind = kind
    row.data = dict(data)  # a new object, so the JSON column sees the change
    row.updated_at = now
    session.flush()


def clear_state(session: Session, channel: str, chat_id: str, person_id: int) -> bool:
    result = session.execute(
        delete(ConversationState).where(
            ConversationState.channel == channel,
            ConversationState.chat_id == chat_id,
            ConversationState.person_id == person_id,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def focus(session: Session, channel: str, chat_id: str) -> ChatFocus | None:
    return session.get(ChatFocus, (channel, chat_id))


def set_focus(
    session: Session, channel: str, chat_id: str, ids: Sequence[int], now: datetime
) -> None:
    row = session.get(ChatFocus, (channel, chat_id))
    if row is None:
        row = ChatFocus(channel=channel, chat_id=chat_id)
        session.add(row)
    row.assignment_ids = list(ids)
    row.updated_at = now
