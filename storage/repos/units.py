"""Finding and listing units by code, name or alias."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from storage.keys import fold_key
from storage.models import Unit, UnitAlias
from storage.natural_order import unit_order


def by_code(session: Session, code: str) -> Unit | None:
    # Codes are stored upper-case, so the unique index on code serves this.
    return session.scalar(select(Unit).where(Unit.code == code.upper()))


def find(session: Session, text: str, include_archived: bool = False) -> list[Unit]:
    """Units that TEXT names: by code first, then by exact name or alias key."""
    unit = by_code(session, text.strip())
    if unit is not None and (include_archived or unit.archived_at is None):
        return [unit]
    key = fold_key(text)
    if not key:
        return []
    alias_ids = select(UnitAlias.unit_id).where(UnitAlias.alias_key == key)
    query = select(Unit).where(or_(Unit.name_key == key, Unit.id.in_(alias_ids)))
    if not include_archived:
        query = query.where(Unit.archived_at.is_(None))
    return list(session.scalars(query.order_by(Unit.code)))


def listing(session: Session, include_archived: bool = False) -> Sequence[Unit]:
    """The units in the order a person reads a list of them (natural order of names)."""
    query = select(Unit).options(selectinload(Unit.aliases))
    if not include_archived:
        query = query.where(Unit.archived_at.is_(None))
    return sorted(session.scalars(query).all(), key=unit_order)


def key_taken(session: Session, key: str, except_unit: int | None = None) -> Unit | None:
    """The unit already known by KEY (as code, name or alias): no two units share a name,
    so whatever an official types names one unit at most."""
    alias_ids = select(UnitAlias.unit_id).where(UnitAlias.alias_key == key)
    query = select(Unit).where(
        or_(Unit.name_key == key, Unit.id.in_(alias_ids), Unit.code == key.upper())
    )
    if except_unit is not None:
        query = query.where(Unit.id != except_unit)
    return session.scalars(query).first()


def by_ids(session: Session, ids: Sequence[int]) -> dict[int, Unit]:
    if not ids:
        return {}
    return {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(set(ids))))}


def most_name_pieces(session: Session) -> int:
    """The most pieces between commas and semicolons that a unit's name or alias has
    ("Sở Văn hóa, Thể thao và Du lịch": 2): how long a run of a list may name one unit."""

    def separators(column: Any) -> Any:  # a string column in, a number out
        bare = func.replace(func.replace(column, ",", ""), ";", "")
        return func.max(func.length(column) - func.length(bare))

    most = max(
        session.scalar(select(separators(Unit.name))) or 0,
        session.scalar(select(separators(UnitAlias.alias))) or 0,
    )
    return int(most) + 1
