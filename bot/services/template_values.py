"""Plain values for templates, built from rows while the session is open.

Templates get dictionaries of strings, numbers and dates, never ORM objects, so rendering
can happen after the transaction ends and a template cannot trigger a query.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.assignments import due_of
from storage.models import Assignment, Document, Person, Unit
from storage.models.assignments import OPEN
from storage.repos import units as unit_repo
from storage.status import status_of


class Viewer(Protocol):
    """Who looks, when: what a conversation's context knows (bot.conversation.context)."""

    @property
    def session(self) -> Session: ...
    @property
    def now(self) -> datetime: ...
    @property
    def today(self) -> date: ...
    @property
    def unit_ids(self) -> Sequence[int]: ...


def assignments(ctx: Viewer, rows: Sequence[Assignment]) -> list[dict[str, Any]]:
    """Views of ROWS as the actor sees them."""
    return assignments_at(ctx.session, rows, ctx.now, ctx.today, set(ctx.unit_ids))


def assignment(ctx: Viewer, a: Assignment) -> dict[str, Any]:
    return assignments(ctx, [a])[0]


def assignments_at(
    session: Session, rows: Sequence[Assignment], now: datetime, today: date, mine: set[int]
) -> list[dict[str, Any]]:
    """Views of ROWS at NOW for someone in units MINE (reminders have no actor), loading
    their units and documents in two queries."""
    unit_ids = {a.lead_unit_id for a in rows}
    units = unit_repo.by_ids(session, list(unit_ids))
    doc_ids = {a.document_id for a in rows if a.document_id}
    docs: dict[int, Document] = {}
    if doc_ids:
        docs = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_(doc_ids)))}
    person_ids = {a.responsible_id for a in rows if a.responsible_id}
    names: dict[int, str] = {}
    if person_ids:
        found = session.execute(
            select(Person.id, Person.display_name).where(Person.id.in_(person_ids))
        )
        names = {pid: name for pid, name in found}
    return [
        _view(
            a,
            units[a.lead_unit_id],
            docs.get(a.document_id or 0),
            names.get(a.responsible_id or 0),
            mine,
            now,
            today,
        )
        for a in rows
    ]


def _view(
    a: Assignment,
    lead: Unit,
    doc: Document | None,
    responsible: str | None,
    mine: set[int],
    now: datetime,
    today: date,
) -> dict[str, Any]:
    due = due_of(a)
    days = (due.day - today).days if due is not None and a.state == OPEN else None
    return {
        "id": a.id,
        "task": a.task,
        "result": a.expected_result,
        "unit_code": lead.code,
        "unit_name": lead.name,
        "supports": [s.name for s in a.supports],
        "due": due,
        "days": days,
        "status": status_of(a, now),
        "document": doc.number if doc else None,
        "supporting": a.lead_unit_id not in mine and bool(mine & {s.unit_id for s in a.supports}),
        "responsible": responsible,  # the đầu mối's name
    }


def unit(u: Unit) -> dict[str, Any]:
    return {
        "code": u.code,
        "name": u.name,
        "aliases": [a.alias for a in u.aliases],
        "archived": u.archived_at is not None,
    }


def document(ctx: Viewer, d: Document) -> dict[str, Any]:
    return {
        "id": d.id,
        "number": d.number,
        "issuer": d.issuer,
        "issued": d.issued_on,
        "summary": d.summary,
    }
