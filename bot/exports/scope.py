"""Which assignments a report covers: a document, some lead units, a period of deadlines.

The same scope narrows /tiendo's table and the files /xuat sends, so both count the
same assignments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement

from storage.models import Assignment


@dataclass(frozen=True, slots=True)
class Scope:
    """Every part is optional; an empty scope is every assignment."""

    document_id: int | None = None
    # Lead units; None means every unit.
    unit_ids: tuple[int, ...] | None = None
    # Local calendar days, both included. A period leaves out assignments without deadline.
    due_from: date | None = None
    due_to: date | None = None


def conditions(scope: Scope) -> list[ColumnElement[bool]]:
    """WHERE clauses on Assignment for SCOPE."""
    found: list[ColumnElement[bool]] = []
    if scope.document_id is not None:
        found.append(Assignment.document_id == scope.document_id)
    if scope.unit_ids is not None:
        found.append(Assignment.lead_unit_id.in_(set(scope.unit_ids)))
    # due_date is the local day the official wrote, so a period compares days, not instants.
    if scope.due_from is not None:
        found.append(Assignment.due_date >= scope.due_from)
    if scope.due_to is not None:
        found.append(Assignment.due_date <= scope.due_to)
    return found
