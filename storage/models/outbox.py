"""The outbox: every message the bot sends is a row, and the processes that send them.

A row is written in the transaction that causes it: a command's replies and notices
(kind MESSAGE, content stored with the row), or a reminder or digest planned ahead
(content made when it is sent, from the assignment as it is then). The sending loop
claims due rows, sends them and marks each with its own outcome.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime

# Kinds
MESSAGE = "message"  # a reply, notice or confirmation a command wrote, content and all
BEFORE = "before"  # N days/hours before the deadline
DUE = "due"  # the morning of the due day
OVERDUE = "overdue"  # one each working day after the deadline, until closed
# The lead unit's head and deputies, by name, once, when a task stays late.
ESCALATION = "escalation"
DIGEST_OVERDUE = "digest_overdue"  # the committee's morning list of overdue work
DIGEST_WEEKLY = "digest_weekly"  # the committee's Monday summary by unit
REMINDER_KINDS = (BEFORE, DUE, OVERDUE, ESCALATION)
DIGEST_KINDS = (DIGEST_OVERDUE, DIGEST_WEEKLY)

# Priorities: what a person is waiting for goes before what was planned.
URGENT = 0  # replies and notices of a command
PLANNED = 1  # reminders and digests

# States
PENDING = "pending"
CLAIMED = "claimed"  # a sending process took it (claimed_by); sent, or released
SENT = "sent"
SKIPPED = "skipped"  # superseded by a later reminder due at the same time
UNREACHABLE = "unreachable"  # the platform refused the chat (blocked, left)
PARKED = "parked"  # not tried: its chat was already known unreachable
FAILED = "failed"
FINAL_STATES = (SENT, SKIPPED, UNREACHABLE, PARKED, FAILED)


class OutboxMessage(Base):
    """One message due to one chat at one moment: a row, not a timer, so nothing is lost
    across restarts and several processes never send it twice."""

    __tablename__ = "outbox"
    __table_args__ = (
        # The claim walks this in order: urgent first, then the nearest deadline.
        Index("ix_outbox_claim", "state", "priority", "rank_at", "id"),
        Index("ix_outbox_state_due", "state", "due_at"),
        Index("ix_outbox_chat", "channel", "chat_id", "state"),
        Index("ix_outbox_done", "done_at"),
        UniqueConstraint("key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    priority: Mapped[int] = mapped_column(SmallInteger(), default=PLANNED)
    # Reminders only: the assignment the row reminds of (messages carry assignment_ids).
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    offset: Mapped[str | None] = mapped_column(String(10), default=None)  # "7d", "2h"
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(100))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), default=None
    )
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # What orders rows of one priority: a reminder's deadline, else its due moment.
    rank_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    claimed_by: Mapped[str | None] = mapped_column(String(64), default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # When the row reached a final state: what the prune counts from.
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    message_id: Mapped[str | None] = mapped_column(String(100), default=None)
    late: Mapped[bool] = mapped_column(default=False)
    error: Mapped[str | None] = mapped_column(Text(), default=None)
    # For rows that must exist once whoever plans them (a digest for a day and a chat).
    key: Mapped[str | None] = mapped_column(String(200), default=None)
    # -- a MESSAGE's content: a template and its values, rendered by the channel --------
    template: Mapped[str | None] = mapped_column(String(80), default=None)
    body: Mapped[dict[str, Any] | None] = mapped_column(JSON(), default=None)
    lang: Mapped[str | None] = mapped_column(String(8), default=None)
    label: Mapped[str | None] = mapped_column(String(200), default=None)
    assignment_ids: Mapped[list[int] | None] = mapped_column(JSON(), default=None)
    buttons: Mapped[list[Any] | None] = mapped_column(JSON(), default=None)
    today: Mapped[date | None] = mapped_column(Date(), default=None)
    reply_to: Mapped[str | None] = mapped_column(String(100), default=None)
    ask: Mapped[bool] = mapped_column(default=False)
    # Pieces of a long message already delivered by a process that stopped halfway.
    pieces_sent: Mapped[int] = mapped_column(default=0)
    file_name: Mapped[str | None] = mapped_column(String(200), default=None)
    file_kind: Mapped[str | None] = mapped_column(String(16), default=None)
    # Dropped once the row is final: files are the largest thing the table holds.
    file_data: Mapped[bytes | None] = mapped_column(LargeBinary(), default=None)


class OutboxSender(Base):
    """A process that sends: its claims carry its id. It beats while alive; a process
    that stopped beating (or whose pid is gone on this host) has its claims taken over."""

    __tablename__ = "outbox_senders"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    host: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int] = mapped_column()
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
