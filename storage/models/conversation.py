"""Conversation memory that must survive a restart: open dialogs and what a chat last saw."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime


class ConversationState(Base):
    """A dialog in progress (the guided /giao, a report waiting for its task number)."""

    __tablename__ = "conversation_states"
    __table_args__ = (UniqueConstraint("channel", "chat_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(100))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    data: Mapped[dict[str, Any]] = mapped_column(JSON())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ChatFocus(Base):
    """The assignments the bot last named in a chat, so a plain reply can be tied to one."""

    __tablename__ = "chat_focus"

    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    assignment_ids: Mapped[list[int]] = mapped_column(JSON())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
