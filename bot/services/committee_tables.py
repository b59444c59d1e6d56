"""The committee's tables, built once for /tiendo and for the scheduled digests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, selectinload

from bot.services import template_values
from storage.models import Assignment
from storage.models.assignments import OPEN
from storage.natural_order import unit_order
from storage.repos import assignments as repo
from storage.repos import units as unit_repo
from storage.status import (
    ALL_STATUSES,
    DONE_LATE,
    DONE_ON_TIME,
    OVERDUE,
)


def status_table(
    session: Session,
    now: datetime,
    unit_ids: Sequence[int] | None = None,
    where: Sequence[ColumnElement[bool]] = (),
) -> dict[str, Any]:
    """Counts by status for UNIT_IDS (all active units, and archived ones with work, when
    None) of the assignments matching WHERE: the values of the status_table template."""
    counts = repo.counts_by_unit(session, now, unit_ids, where)
    if unit_ids is None:
        units = [
            u
            for u in unit_repo.listing(session, include_archived=True)
            if u.archived_at is None or u.id in counts
        ]
    else:
        found = unit_repo.by_ids(session, unit_ids)
        units = [found[i] for i in unit_ids]
    # "Số 2" before "Số 10", as a reader looks for a unit; the files and the chart keep it.
    units.sort(key=unit_order)
    rows = []
    for u in units:
        by_status = [counts.get(u.id, {}).get(s, 0) for s in ALL_STATUSES]
        rows.append({"code": u.code, "name": u.name, "counts": by_status, **summary(by_status)})
    totals = [sum(r["counts"][i] for r in rows) for i in range(len(ALL_STATUSES))]
    return {
        "statuses": list(ALL_STATUSES),
        "rows": rows,
        "totals": totals,
        "total": summary(totals),
        "whole": unit_ids is None,
    }


def summary(counts: Sequence[int]) -> dict[str, Any]:
    """What the chat shows of counts in ALL_STATUSES order: every status that occurs, with
    the workbook's own words for it (so the two never disagree), the number of tasks,
    and the on-time rate: done on time out of all work whose deadline has come (done, or
    open past its deadline); None before any has."""
    by = dict(zip(ALL_STATUSES, counts, strict=True))
    on_time, late, overdue = by[DONE_ON_TIME], by[DONE_LATE], by[OVERDUE]
    judged = on_time + late + overdue
    return {
        "parts": [(status, n) for status, n in by.items() if n],
        "count": sum(counts),
        "overdue": overdue,
        "rate": round(100 * on_time / judged) if judged else None,
    }


def overdue(
    session: Session,
    now: datetime,
    today: date,
    unit_ids: Sequence[int] | None = None,
    where: Sequence[ColumnElement[bool]] = (),
) -> list[dict[str, Any]]:
    """Every open assignment past its deadline (of UNIT_IDS, matching WHERE), the longest
    overdue first."""
    query = (
        select(Assignment)
        .where(Assignment.state == OPEN, Assignment.due_at <= now, *where)
        .options(selectinload(Assignment.supports))
        .order_by(Assignment.due_at, Assignment.id)
    )
    if unit_ids is not None:
        query = query.where(Assignment.lead_unit_id.in_(set(unit_ids)))
    return template_values.assignments_at(session, session.scalars(query).all(), now, today, set())
