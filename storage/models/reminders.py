"""Reminder plans, the calendar's exceptions, recurring duties (the rows that send are in
storage.models.outbox)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime

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
    # Who answers for each occurrence (while they are in the lead unit).
    responsible_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), default=None
    )
