"""The committee's tables, built once for /tiendo and for the scheduled digests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot import views
from storage.models import Assignment
from storage.models.assignments import OPEN
from storage.repos import assignments as repo
from storage.repos import units as unit_repo
from storage.status import ALL_STATUSES


def status_table(
    session: Session, now: datetime, unit_ids: Sequence[int] | None = None
) -> dict[str, Any]:
    """Counts by status for UNIT_IDS (all active units, and archived ones with work, when
    None): the values of the status_table template."""
    counts = repo.counts_by_unit(session, now, unit_ids)
    if unit_ids is None:
        units = [
            u
            for u in unit_repo.listing(session, include_archived=True)
            if u.archived_at is None or u.id in counts
        ]
    else:
        found = unit_repo.by_ids(session, unit_ids)
        units = [found[i] for i in unit_ids]
    rows = [
        {
            "code": u.code,
            "name": u.name,
            "counts": [counts.get(u.id, {}).get(s, 0) for s in ALL_STATUSES],
        }
        for u in units
    ]
    totals = [sum(r["counts"][i] for r in rows) for i in range(len(ALL_STATUSES))]
    return {
        "statuses": list(ALL_STATUSES),
        "rows": rows,
        "totals": totals,
        "whole": unit_ids is None,
    }


def overdue(session: Session, now: datetime, today: date) -> list[dict[str, Any]]:
    """Every open assignment past its deadline, the longest overdue first."""
    rows = session.scalars(
        select(Assignment)
        .where(Assignment.state == OPEN, Assignment.due_at <= now)
        .options(selectinload(Assignment.supports))
        .order_by(Assignment.due_at, Assignment.id)
    ).all()
    return views.assignments_at(session, rows, now, today, set())
