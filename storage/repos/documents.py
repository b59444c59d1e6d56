"""Documents by number or id."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.keys import document_key
from storage.models import Assignment, AssignmentSupport, Document


def find(session: Session, text: str) -> list[Document]:
    """Documents TEXT names: its number ("412/UBND-VX") or its id in the bot ("3")."""
    text = text.strip().lstrip("#")
    found = list(session.scalars(select(Document).where(Document.number_key == document_key(text))))
    if not found and text.isdigit() and len(text) <= 9:  # an id, within the column's range
        doc = session.get(Document, int(text))
        found = [doc] if doc else []
    return found


def listing(session: Session, limit: int = 50) -> Sequence[Document]:
    return session.scalars(select(Document).order_by(Document.id.desc()).limit(limit)).all()


def ids_of_units_work(session: Session, unit_ids: Sequence[int]) -> set[int]:
    """The documents that gave work to UNIT_IDS, as lead or as support: what an official
    of those units may name (the register itself is for admins)."""
    if not unit_ids:
        return set()
    led = select(Assignment.document_id).where(Assignment.lead_unit_id.in_(set(unit_ids)))
    supported = (
        select(Assignment.document_id)
        .join(AssignmentSupport, AssignmentSupport.assignment_id == Assignment.id)
        .where(AssignmentSupport.unit_id.in_(set(unit_ids)))
    )
    found = session.scalars(led.union(supported)).all()
    return {d for d in found if d is not None}
