"""Assignments: lookups, a unit's open work, counts by status, the report log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, selectinload

from storage.models import Assignment, AssignmentSupport, ExtensionRequest, ProgressReport
from storage.models.assignments import CANCELLED, OPEN, PENDING
from storage.status import status_sql


def get(session: Session, assignment_id: int, for_update: bool = False) -> Assignment | None:
    query = (
        select(Assignment)
        .where(Assignment.id == assignment_id)
        .options(selectinload(Assignment.supports))
    )
    if for_update:
        # Locked rows are read afresh: an object this transaction loaded before the lock
        # may hold what another transaction has since changed.
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalar(query)


def many(session: Session, ids: Sequence[int]) -> list[Assignment]:
    """The assignments with IDS that exist, in the order given."""
    if not ids:
        return []
    query = (
        select(Assignment)
        .where(Assignment.id.in_(set(ids)))
        .options(selectinload(Assignment.supports))
    )
    found = {a.id: a for a in session.scalars(query)}
    return [found[i] for i in ids if i in found]


def led_not_cancelled(session: Session, unit_ids: Sequence[int]) -> Sequence[Assignment]:
    """Every assignment UNIT_IDS lead that was not cancelled, oldest first."""
    if not unit_ids:
        return []
    return session.scalars(
        select(Assignment)
        .where(Assignment.lead_unit_id.in_(set(unit_ids)), Assignment.state != CANCELLED)
        .options(selectinload(Assignment.supports))
        .order_by(Assignment.id)
    ).all()


def led_by_responsible(session: Session, unit_id: int, person_id: int) -> Sequence[Assignment]:
    """UNIT_ID's assignments that PERSON_ID answers for, whatever their state."""
    return session.scalars(
        select(Assignment)
        .where(Assignment.lead_unit_id == unit_id, Assignment.responsible_id == person_id)
        .order_by(Assignment.id)
    ).all()


def supported_ids(session: Session, unit_ids: Sequence[int]) -> set[int]:
    """Ids of open assignments where one of UNIT_IDS is a supporting unit."""
    if not unit_ids:
        return set()
    return set(
        session.scalars(
            select(AssignmentSupport.assignment_id)
            .join(Assignment, Assignment.id == AssignmentSupport.assignment_id)
            .where(AssignmentSupport.unit_id.in_(set(unit_ids)), Assignment.state == OPEN)
        )
    )


def open_for_units(session: Session, unit_ids: Sequence[int]) -> list[Assignment]:
    """Open assignments a unit leads or supports, soonest deadline first, undated last."""
    if not unit_ids:
        return []
    led = select(Assignment.id).where(
        Assignment.lead_unit_id.in_(set(unit_ids)), Assignment.state == OPEN
    )
    ids = set(session.scalars(led)) | supported_ids(session, unit_ids)
    if not ids:
        return []
    query = (
        select(Assignment)
        .where(Assignment.id.in_(ids))
        .options(selectinload(Assignment.supports))
        .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)
    )
    return list(session.scalars(query))


def counts_by_unit(
    session: Session,
    now: datetime,
    unit_ids: Sequence[int] | None = None,
    where: Sequence[ColumnElement[bool]] = (),
) -> dict[int, dict[str, int]]:
    """{lead unit id: {status: count}} for every unit with assignments (or UNIT_IDS), of
    the assignments matching WHERE."""
    status = status_sql(now).label("status")
    query = select(Assignment.lead_unit_id, status, func.count()).group_by(
        Assignment.lead_unit_id, status
    )
    if unit_ids is not None:
        query = query.where(Assignment.lead_unit_id.in_(set(unit_ids)))
    if where:
        query = query.where(*where)
    counts: dict[int, dict[str, int]] = {}
    for unit_id, state, n in session.execute(query):
        counts.setdefault(unit_id, {})[state] = n
    return counts


def pending_extension(session: Session, assignment_id: int) -> ExtensionRequest | None:
    return session.scalar(
        select(ExtensionRequest)
        .where(ExtensionRequest.assignment_id == assignment_id, ExtensionRequest.state == PENDING)
        .order_by(ExtensionRequest.id.desc())
    )


def reports(session: Session, assignment_id: int) -> Sequence[ProgressReport]:
    return session.scalars(
        select(ProgressReport)
        .where(ProgressReport.assignment_id == assignment_id)
        .order_by(ProgressReport.created_at, ProgressReport.id)
    ).all()


def for_document(session: Session, document_id: int) -> Sequence[Assignment]:
    return session.scalars(
        select(Assignment)
        .where(Assignment.document_id == document_id)
        .options(selectinload(Assignment.supports))
        .order_by(Assignment.id)
    ).all()


def open_count_led(session: Session, unit_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Assignment)
            .where(Assignment.lead_unit_id == unit_id, Assignment.state == OPEN)
        )
        or 0
    )


def last_report_by(
    session: Session, person_id: int, since: datetime, assignment_id: int | None = None
) -> ProgressReport | None:
    """PERSON_ID's latest report still standing, made since SINCE (on ASSIGNMENT_ID)."""
    query = (
        select(ProgressReport)
        .where(
            ProgressReport.person_id == person_id,
            ProgressReport.withdrawn_at.is_(None),
            ProgressReport.created_at >= since,
        )
        .order_by(ProgressReport.created_at.desc(), ProgressReport.id.desc())
        .limit(1)
    )
    if assignment_id is not None:
        query = query.where(ProgressReport.assignment_id == assignment_id)
    return session.scalar(query)
