"""Wrong codes sent, counted by account and by chat over a window."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import CodeAttempt


def record(session: Session, channel: str, sender_id: str, chat_id: str, at: datetime) -> None:
    session.add(CodeAttempt(channel=channel, sender_id=sender_id, chat_id=chat_id, at=at))


def since(
    session: Session,
    channel: str,
    since: datetime,
    *,
    sender_id: str | None = None,
    chat_id: str | None = None,
) -> tuple[int, datetime | None]:
    """How many wrong codes SENDER_ID (or anyone in CHAT_ID) sent on CHANNEL since SINCE,
    and when the oldest of them was."""  # fmt: skip
    query = select(func.count(), func.min(CodeAttempt.at)).where(
        CodeAttempt.channel == channel, CodeAttempt.at >= since
    )
    if sender_id is not None:
        query = query.where(CodeAttempt.sender_id == sender_id)
    if chat_id is not None:
        query = query.where(CodeAttempt.chat_id == chat_id)
    count, oldest = session.execute(query).one()
    return int(count), oldest
