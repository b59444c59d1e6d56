"""Chats the bot knows beyond private ones: bound groups, sent messages, seen messages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime

COMMITTEE = "committee"
UNIT = "unit"


class GroupChat(Base):
    """A group chat bound by an admin: the committee's, or one unit's."""

    __tablename__ = "group_chats"

    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="CASCADE"), index=True, default=None
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    bound_at: Mapped[datetime] = mapped_column(UTCDateTime())
    bound_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    unreachable_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class SentMessage(Base):
    """A message the bot sent that names assignments, so a reply to it can be traced."""

    __tablename__ = "sent_messages"
    __table_args__ = (Index("ix_sent_messages_chat_message", "channel", "chat_id", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(100))
    message_id: Mapped[str] = mapped_column(String(100))
    assignment_ids: Mapped[list[int]] = mapped_column(JSON())
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class SeenMessage(Base):
    """An incoming message already handled: platforms may deliver one twice."""

    __tablename__ = "seen_messages"

    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class CodeAttempt(Base):
    """A wrong invite or link code sent from an account in a chat: guessing is bounded
    by counting these (kept a day)."""

    __tablename__ = "code_attempts"
    __table_args__ = (
        Index("ix_code_attempts_sender", "channel", "sender_id", "at"),
        Index("ix_code_attempts_chat", "channel", "chat_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    sender_id: Mapped[str] = mapped_column(String(100))
    chat_id: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
