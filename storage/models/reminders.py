"""The reminder outbox, reminder plans, the calendar's exceptions, recurring duties."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime

# Reminder kinds
BEFORE = "before"  # N days/hours before the deadline
DUE = "due"  # the morning of the due day
OVERDUE = "overdue"  # one each working day after the deadline, until closed
DIGEST_OVERDUE = "digest_overdue"  # the committee's morning list of overdue work
DIGEST_WEEKLY = "digest_weekly"  # the committee's Monday summary by unit

# Reminder states
PENDING = "pending"
CLAIMED = "claimed"  # a dispatcher took it; sent or released within the lease
SENT = "sent"
SKIPPED = "skipped"  # superseded by a later reminder due at the same time
UNREACHABLE = "unreachable"
FAILED = "failed"


class Reminder(Base):
    """One message due to one chat at one moment: a row, not a timer, so nothing is lost
    across restarts and several processes never send it twice."""

    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_state_due", "state", "due_at"),
        UniqueConstraint("key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    offset: Mapped[str | None] = mapped_column(String(10), default=None)  # "7d", "2h"
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(100))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), default=None
    )
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    message_id: Mapped[str | None] = mapped_column(String(100), default=None)
    late: Mapped[bool] = mapped_column(default=False)
    error: Mapped[str | None] = mapped_column(Text(), default=None)
    # For rows that must exist once whoever plans them (a digest for a day and a chat).
    key: Mapped[str | None] = mapped_column(String(200), default=None)


GLOBAL = "global"
UNIT = "unit"
ASSIGNMENT = "assignment"


class ReminderPlan(Base):
    """When reminders go, for everyone (ref 0), a unit, or one assignment."""

    __tablename__ = "reminder_plans"
    __table_args__ = (UniqueConstraint("scope", "ref_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[int] = mapped_column(default=0)
    offsets: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


DAY_OFF = "off"
WORK_DAY = "work"


class CalendarDay(Base):
    """A day the government swapped: an extra day off, or a make-up working day."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(Date(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Series(Base):
    """A recurring duty: each occurrence is an assignment of its own."""

    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    task: Mapped[str] = mapped_column(Text())
    expected_result: Mapped[str | None] = mapped_column(Text(), default=None)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), default=None
    )
    supports: Mapped[list[Any]] = mapped_column(JSON(), default=list)
    rule: Mapped[str] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
