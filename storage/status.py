"""An assignment's status as monitoring systems classify it, from its row and the clock.

Stored: the lifecycle (open, done, cancelled) and facts (started, extension pending,
closed late). Derived: whether an open assignment is overdue, which depends on now. The
Python function and the SQL expression must agree; tests check both on the same rows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, literal

from storage.models.assignments import CANCELLED, DONE, Assignment

NOT_STARTED = "not_started"
ON_TRACK = "on_track"
OVERDUE = "overdue"
DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
EXTENSION_REQUESTED = "extension_requested"
STATUS_CANCELLED = "cancelled"

ALL_STATUSES = (
    NOT_STARTED,
    ON_TRACK,
    OVERDUE,
    EXTENSION_REQUESTED,
    DONE_ON_TIME,
    DONE_LATE,
    STATUS_CANCELLED,
)
OPEN_STATUSES = (NOT_STARTED, ON_TRACK, OVERDUE, EXTENSION_REQUESTED)


def status_of(a: Assignment, now: datetime) -> str:
    if a.state == CANCELLED:
        return STATUS_CANCELLED
    if a.state == DONE:
        return DONE_LATE if a.closed_late else DONE_ON_TIME
    if a.extension_pending:
        return EXTENSION_REQUESTED
    if a.due_at is not None and now >= a.due_at:
        return OVERDUE
    return ON_TRACK if a.started_at is not None else NOT_STARTED


def status_sql(now: datetime) -> ColumnElement[str]:
    """The same classification as a SQL CASE, for counting thousands of rows at once."""
    A = Assignment
    return case(
        (A.state == CANCELLED, literal(STATUS_CANCELLED)),
        (and_(A.state == DONE, A.closed_late.is_(True)), literal(DONE_LATE)),
        (A.state == DONE, literal(DONE_ON_TIME)),
        (A.extension_pending.is_(True), literal(EXTENSION_REQUESTED)),
        (and_(A.due_at.is_not(None), A.due_at <= now), literal(OVERDUE)),
        (A.started_at.is_not(None), literal(ON_TRACK)),
        else_=literal(NOT_STARTED),
    )
