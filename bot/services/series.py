"""Recurring duties: a series, and its occurrences as assignments of their own."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.services import assignments as service
from bot.services.change import Change
from scheduler.planning import Planner
from scheduler.policy import Plan
from scheduler.recurrence import Rule, next_deadline
from storage.models import Assignment, Document, Person, Series, Unit
from storage.repos import people as people_repo


def create(
    change: Change,
    *,
    lead: Unit,
    task: str,
    rule: Rule,
    result: str | None = None,
    supports: tuple[service.SupportRef, ...] = (),
    document: Document | None = None,
    responsible: Person | None = None,
) -> tuple[Assignment, Plan | None]:
    """A recurring duty and its first occurrence (the next deadline the rule gives)."""
    series = Series(
        lead_unit_id=lead.id,
        task=task,
        expected_result=result,
        document_id=document.id if document else None,
        supports=[[s.name, s.unit_id] for s in supports],
        rule=rule.text(),
        active=True,
        created_at=change.now,
        created_by=change.actor_id,
        responsible_id=responsible.id if responsible else None,
    )
    change.session.add(series)
    change.session.flush()
    change.trail("series", series.id, "create", new=f"{lead.code}: {task} ({rule.text()})")
    return _occurrence(change, series, lead)


def _occurrence(change: Change, series: Series, lead: Unit) -> tuple[Assignment, Plan | None]:
    """SERIES' occurrence after CHANGE's moment (the deadline before it, or now)."""
    session = change.session
    document = session.get(Document, series.document_id) if series.document_id else None
    responsible = None
    if series.responsible_id and people_repo.membership(session, series.responsible_id, lead.id):
        responsible = session.get(Person, series.responsible_id)  # still in the unit
    a, plan = service.create(
        change,
        lead=lead,
        task=series.task,
        due=next_deadline(Rule.parse(series.rule), change.now, change.tz),
        result=series.expected_result,
        supports=tuple(service.SupportRef(name, unit_id) for name, unit_id in series.supports),
        document=document,
        responsible=responsible,
    )
    a.series_id = series.id
    return a, plan


def ensure_occurrences(session: Session, now: datetime, planner: Planner) -> int:
    """Every active series has its next occurrence: once the latest deadline has passed,
    the one after it is created (the late one stays open, and overdue)."""
    latest = (
        select(Assignment.series_id, func.max(Assignment.due_at).label("last"))
        .where(Assignment.series_id.is_not(None))
        .group_by(Assignment.series_id)
        .subquery()
    )
    rows = session.execute(
        select(Series, latest.c.last)
        .outerjoin(latest, latest.c.series_id == Series.id)
        .where(Series.active.is_(True))
    ).all()
    created = 0
    for series, last in rows:
        if last is not None and _aware(last) > now:
            continue
        lead = session.get(Unit, series.lead_unit_id)
        if lead is None or lead.archived_at is not None:
            continue
        after = max(_aware(last), now) if last else now
        _occurrence(Change(session, None, after, planner), series, lead)
        created += 1
    return created


def _aware(moment: datetime) -> datetime:
    # Defensive: an aggregate's value may come back without the column's time zone.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
