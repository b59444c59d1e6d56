"""Dialog state and chat focus: small rows keyed by chat."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.db import upsert
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
    values = {
        "channel": channel,
        "chat_id": chat_id,
        "person_id": person_id,
        "kind": kind,
        "data": dict(data),
        "updated_at": now,
    }
    upsert(session, ConversationState, values, ["channel", "chat_id", "person_id"])


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
    values = {
        "channel": channel,
        "chat_id": chat_id,
        "assignment_ids": list(ids),
        "updated_at": now,
    }
    upsert(session, ChatFocus, values, ["channel", "chat_id"])
