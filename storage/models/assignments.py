"""Assignments (nhiệm vụ), their supporting units and extension requests."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Date, ForeignKey, Index, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.base import Base, UTCDateTime

# Lifecycle states stored on the row. What a user sees as a status (on time, overdue...)
# also depends on the clock; storage.status derives it.
OPEN = "open"
DONE = "done"
CANCELLED = "cancelled"


class Assignment(Base):
    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignments_lead_state", "lead_unit_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True
    )
    lead_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    task: Mapped[str] = mapped_column(Text())
    expected_result: Mapped[str | None] = mapped_column(Text(), default=None)
    # The deadline as the official wrote it (local day, optional time) and the instant it
    # passes, derived once on write so queries compare instants.
    due_date: Mapped[date | None] = mapped_column(Date(), default=None)
    due_time: Mapped[time | None] = mapped_column(Time(), default=None)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None, index=True)
    state: Mapped[str] = mapped_column(String(16), default=OPEN)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    extension_pending: Mapped[bool] = mapped_column(default=False)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Decided against the deadline in force at closing, and kept: a later re-dating
    # does not turn a late completion into an on-time one.
    closed_late: Mapped[bool | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    # The official who answers for it (đầu mối), a member of the lead unit: its reminders
    # go to them (and the unit's group), not to every member. None: the whole unit.
    responsible_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), default=None
    )
    # When the lead unit's head was told it is late (the escalation, once per deadline).
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # The recurring duty this assignment is one occurrence of.
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("series.id", ondelete="SET NULL"), default=None, index=True
    )

    supports: Mapped[list[AssignmentSupport]] = relationship(
        back_populates="assignment",
        cascade="all, delete-orphan",
        order_by="AssignmentSupport.position",
    )


class AssignmentSupport(Base):
    """A supporting unit (phối hợp): a registered unit, or a group named only in words."""

    __tablename__ = "assignment_supports"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(default=0)

    assignment: Mapped[Assignment] = relationship(back_populates="supports")


PENDING = "pending"
APPROVED = "approved"
REFUSED = "refused"


class ExtensionRequest(Base):
    __tablename__ = "extension_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    new_due_date: Mapped[date] = mapped_column(Date())
    new_due_time: Mapped[time | None] = mapped_column(Time(), default=None)
    reason: Mapped[str] = mapped_column(Text())
    state: Mapped[str] = mapped_column(String(16), default=PENDING)
    decided_by: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), default=None
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    decision_note: Mapped[str | None] = mapped_column(Text(), default=None)
