"""Progress reports (báo cáo tiến độ): what a unit said about an assignment, as sent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime

REPORT = "report"
DONE = "done"
EXTENSION = "extension"


class ProgressReport(Base):
    __tablename__ = "progress_reports"
    __table_args__ = (Index("ix_progress_reports_assignment_at", "assignment_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16), default=REPORT)
    # Exactly what the official sent; never rewritten.
    text: Mapped[str] = mapped_column(Text())
    channel: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # What the bot read from the text (bot/reading/replies/); the text stays the record.
    percent: Mapped[int | None] = mapped_column(default=None)
    difficulty: Mapped[str | None] = mapped_column(Text(), default=None)
    extension_to: Mapped[date | None] = mapped_column(Date(), default=None)
    expected: Mapped[date | None] = mapped_column(Date(), default=None)
    understood: Mapped[bool] = mapped_column(default=True)
    # Withdrawn by its author, made by mistake ("nhầm", /rutlai): kept, marked.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    withdrawn_by: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), default=None
    )
