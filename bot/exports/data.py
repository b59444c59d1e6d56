"""Everything the report files show, read in one transaction at one moment.

Statuses come from storage.status (through bot.services.template_values and
bot.services.committee_tables), never computed here, so a file always agrees with /tiendo
and the task cards.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, selectinload

from bot.exports.rows import (
    AssignmentRow,
    DueShown,
    ExportData,
    OverdueRow,
    ReportRow,
    ScopeText,
    UnitCounts,
)
from bot.exports.scope import Scope, conditions
from bot.services import committee_tables, template_values
from storage.deadline import Deadline
from storage.models import Assignment, Document, Person, ProgressReport
from storage.models.assignments import DONE
from storage.natural_order import unit_order
from storage.repos import units as unit_repo

# The kind the files give a report its author withdrew.
WITHDRAWN = "withdrawn"


def load(session: Session, now: datetime, tz: ZoneInfo, scope: Scope | None = None) -> ExportData:
    """The assignments in SCOPE (all when None) at NOW, with their counts by unit, the
    overdue ones and the report log; moments in TZ's local time. Units come in natural
    order (storage.natural_order), as /tiendo lists them."""
    scope = scope or Scope()
    where = conditions(scope)
    today = now.astimezone(tz).date()
    found = session.scalars(
        select(Assignment)
        .where(*where)
        .options(selectinload(Assignment.supports))
        .order_by(Assignment.id)
    ).all()
    log = _report_log(session, where, tz)
    # The log is oldest first: the last one standing wins.
    last = {r.number: r for r in log if r.kind != WITHDRAWN}
    shown = template_values.assignments_at(session, found, now, today, set())
    table = committee_tables.status_table(session, now, scope.unit_ids, where)
    return ExportData(
        generated_at=_local(now, tz),
        scope=_scope_text(session, scope),
        statuses=tuple(table["statuses"]),
        assignments=tuple(
            _assignment(a, v, last.get(a.id), tz) for a, v in zip(found, shown, strict=True)
        ),
        units=tuple(UnitCounts(r["code"], r["name"], tuple(r["counts"])) for r in table["rows"]),
        totals=tuple(table["totals"]),
        overdue=tuple(
            _overdue(v) for v in committee_tables.overdue(session, now, today, None, where)
        ),
        reports=tuple(log),
    )


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz).replace(tzinfo=None)


def _deadline(due: Deadline) -> DueShown:
    return datetime.combine(due.day, due.time) if due.time is not None else due.day


def _assignment(
    a: Assignment, v: dict[str, Any], last: ReportRow | None, tz: ZoneInfo
) -> AssignmentRow:
    return AssignmentRow(
        number=a.id,
        document=v["document"],
        unit_code=v["unit_code"],
        unit_name=v["unit_name"],
        supports=tuple(v["supports"]),
        task=a.task,
        due=_deadline(v["due"]) if v["due"] is not None else None,
        status=v["status"],
        # Completion only: a cancelled assignment is closed but was never done.
        closed_at=_local(a.closed_at, tz) if a.closed_at and a.state == DONE else None,
        last_report_at=last.at if last else None,
        last_report_kind=last.kind if last else None,
        last_report_text=last.text if last else None,
    )


def _overdue(v: dict[str, Any]) -> OverdueRow:
    # Overdue means open and dated, so the view has a deadline and days left (negative).
    return OverdueRow(
        number=v["id"],
        unit_code=v["unit_code"],
        unit_name=v["unit_name"],
        task=v["task"],
        due=_deadline(v["due"]),
        days_late=-v["days"],
        status=v["status"],
    )


def _report_log(
    session: Session, where: Sequence[ColumnElement[bool]], tz: ZoneInfo
) -> list[ReportRow]:
    """Every report on the assignments matching WHERE, oldest first."""
    query = select(ProgressReport).order_by(ProgressReport.created_at, ProgressReport.id)
    if where:
        query = query.where(ProgressReport.assignment_id.in_(select(Assignment.id).where(*where)))
    found = session.scalars(query).all()
    units = unit_repo.by_ids(session, list({r.unit_id for r in found if r.unit_id}))
    people = _names(session, {r.person_id for r in found if r.person_id})
    return [
        ReportRow(
            at=_local(r.created_at, tz),
            number=r.assignment_id,
            unit_code=units[r.unit_id].code if r.unit_id in units else None,
            unit_name=units[r.unit_id].name if r.unit_id in units else None,
            person=people.get(r.person_id or 0),
            kind=WITHDRAWN if r.withdrawn_at is not None else r.kind,
            text=r.text,
        )
        for r in found
    ]


def _names(session: Session, person_ids: set[int]) -> dict[int, str]:
    if not person_ids:
        return {}
    rows = session.execute(select(Person.id, Person.display_name).where(Person.id.in_(person_ids)))
    return {i: name for i, name in rows}


def _scope_text(session: Session, scope: Scope) -> ScopeText:
    document = session.get(Document, scope.document_id) if scope.document_id else None
    units = unit_repo.by_ids(session, list(scope.unit_ids or ()))
    return ScopeText(
        document=document.number if document else None,
        units=tuple(u.code for u in sorted(units.values(), key=unit_order)),
        due_from=scope.due_from,
        due_to=scope.due_to,
    )
