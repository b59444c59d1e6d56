"""Managing units: add, rename, aliases, archive, restore."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.errors import UserError
from storage.keys import fold_key
from storage.models import Unit, UnitAlias
from storage.repos import assignments as assignment_repo
from storage.repos import audit
from storage.repos import units as repo

ENTITY = "unit"


# The longest name a unit, an alias or a free-text supporting unit may have (the columns).
MAX_NAME = 300


def check_length(text: str, limit: int, what: str) -> str:
    if len(text) > limit:
        raise UserError("too_long", what=what, limit=limit, length=len(text))
    return text


def _check_name_free(session: Session, name: str, except_unit: int | None = None) -> str:
    check_length(name, MAX_NAME, "unit_name")
    key = fold_key(name)
    taken = repo.key_taken(session, key, except_unit)
    if taken is not None:
        raise UserError("unit_name_taken", name=name, code=taken.code)
    return key


def add(
    session: Session,
    code: str,
    name: str,
    aliases: list[str],
    *,
    actor_id: int | None,
    now: datetime,
) -> Unit:
    if repo.by_code(session, code) is not None:
        raise UserError("unit_code_taken", code=code)
    named = repo.key_taken(session, fold_key(code))
    if named is not None:  # another unit's name or alias: the code would be ambiguous
        raise UserError("unit_name_taken", name=code, code=named.code)
    unit = Unit(code=code, name=name, name_key=_check_name_free(session, name), created_at=now)
    session.add(unit)
    session.flush()
    audit.record(
        session,
        at=now,
        actor_id=actor_id,
        entity=ENTITY,
        entity_id=unit.id,
        action="create",
        new=f"{code}: {name}",
    )
    add_aliases(session, unit, aliases, actor_id=actor_id, now=now)
    return unit


def add_aliases(
    session: Session, unit: Unit, aliases: list[str], *, actor_id: int | None, now: datetime
) -> list[str]:
    """Add ALIASES; an alias the unit already has is skipped, one another unit has refused."""
    added = []
    own = {a.alias_key for a in unit.aliases} | {unit.name_key, fold_key(unit.code)}
    for alias in aliases:
        key = fold_key(alias)
        if not key or key in own:
            continue
        _check_name_free(session, alias, except_unit=unit.id)
        unit.aliases.append(UnitAlias(alias=alias, alias_key=key))
        own.add(key)
        added.append(alias)
        audit.record(
            session,
            at=now,
            actor_id=actor_id,
            entity=ENTITY,
            entity_id=unit.id,
            action="alias",
            new=alias,
        )
    session.flush()
    return added


def rename(session: Session, unit: Unit, name: str, *, actor_id: int | None, now: datetime) -> str:
    """Rename; the old name stays as an alias, since old documents still use it."""
    old = unit.name
    key = _check_name_free(session, name, except_unit=unit.id)
    unit.name, unit.name_key = name, key
    for alias in list(unit.aliases):
        if alias.alias_key == key:
            unit.aliases.remove(alias)
    session.flush()
    audit.record(
        session,
        at=now,
        actor_id=actor_id,
        entity=ENTITY,
        entity_id=unit.id,
        action="rename",
        field="name",
        old=old,
        new=name,
    )
    add_aliases(session, unit, [old], actor_id=actor_id, now=now)
    return old


def archive(session: Session, unit: Unit, *, actor_id: int | None, now: datetime) -> None:
    open_count = assignment_repo.open_count_led(session, unit.id)
    if open_count:
        raise UserError("unit_has_open_work", code=unit.code, count=open_count)
    unit.archived_at = now
    audit.record(
        session,
        at=now,
        actor_id=actor_id,
        entity=ENTITY,
        entity_id=unit.id,
        action="archive",
    )


def restore(session: Session, unit: Unit, *, actor_id: int | None, now: datetime) -> None:
    unit.archived_at = None
    audit.record(
        session,
        at=now,
        actor_id=actor_id,
        entity=ENTITY,
        entity_id=unit.id,
        action="restore",
    )
