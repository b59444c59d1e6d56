"""What the report files show, as plain frozen values: no ORM object, no session.

Moments are naive local datetimes and deadlines naive local dates or datetimes, since a
spreadsheet cell has no time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

# A deadline: a day, or a day and a time when the official wrote one.
DueShown = date | datetime


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    number: int
    document: str | None
    unit_code: str
    unit_name: str
    supports: tuple[str, ...]
    task: str
    due: DueShown | None
    status: str
    # When it was done; None while open and for a cancelled assignment.
    closed_at: datetime | None
    last_report_at: datetime | None
    last_report_kind: str | None
    last_report_text: str | None


@dataclass(frozen=True, slots=True)
class UnitCounts:
    code: str
    name: str
    # One count per status, in ExportData.statuses order.
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True, slots=True)
class OverdueRow:
    number: int
    unit_code: str
    unit_name: str
    task: str
    due: DueShown
    # Whole local days since the deadline's day: 0 when it passed earlier today.
    days_late: int
    status: str


@dataclass(frozen=True, slots=True)
class ReportRow:
    at: datetime
    number: int
    unit_code: str | None
    unit_name: str | None
    person: str | None
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class ScopeText:
    """The scope as the files name it in their title rows."""

    document: str | None = None
    units: tuple[str, ...] = ()
    due_from: date | None = None
    due_to: date | None = None


@dataclass(frozen=True, slots=True)
class ExportData:
    generated_at: datetime
    scope: ScopeText
    statuses: tuple[str, ...]
    assignments: tuple[AssignmentRow, ...]
    # In natural order by name (storage.natural_order), as /tiendo lists them.
    units: tuple[UnitCounts, ...]
    # Per status, over every unit shown.
    totals: tuple[int, ...]
    overdue: tuple[OverdueRow, ...]
    reports: tuple[ReportRow, ...]
