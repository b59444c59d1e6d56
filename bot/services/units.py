"""Managing units: add, rename, aliases, archive, restore."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.errors import UserError
from bot.services.change import Change
from storage.keys import fold_key
from storage.models import Unit, UnitAlias
from storage.repos import assignments as assignment_repo
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


def add(change: Change, code: str, name: str, aliases: list[str]) -> Unit:
    session = change.session
    if repo.by_code(session, code) is not None:
        raise UserError("unit_code_taken", code=code)
    named = repo.key_taken(session, fold_key(code))
    if named is not None:  # another unit's name or alias: the code would be ambiguous
        raise UserError("unit_name_taken", name=code, code=named.code)
    key = _check_name_free(session, name)
    unit = Unit(code=code, name=name, name_key=key, created_at=change.now)
    session.add(unit)
    session.flush()
    change.trail(ENTITY, unit.id, "create", new=f"{code}: {name}")
    add_aliases(change, unit, aliases)
    return unit


def add_aliases(change: Change, unit: Unit, aliases: list[str]) -> list[str]:
    """Add ALIASES; an alias the unit already has is skipped, one another unit has refused."""
    added = []
    own = {a.alias_key for a in unit.aliases} | {unit.name_key, fold_key(unit.code)}
    for alias in aliases:
        key = fold_key(alias)
        if not key or key in own:
            continue
        _check_name_free(change.session, alias, except_unit=unit.id)
        unit.aliases.append(UnitAlias(alias=alias, alias_key=key))
        own.add(key)
        added.append(alias)
        change.trail(ENTITY, unit.id, "alias", new=alias)
    change.session.flush()
    return added


def rename(change: Change, unit: Unit, name: str) -> str:
    """Rename; the old name stays as an alias, since old documents still use it."""
    old = unit.name
    key = _check_name_free(change.session, name, except_unit=unit.id)
    unit.name, unit.name_key = name, key
    for alias in list(unit.aliases):
        if alias.alias_key == key:
            unit.aliases.remove(alias)
    change.session.flush()
    change.trail(ENTITY, unit.id, "rename", field="name", old=old, new=name)
    add_aliases(change, unit, [old])
    return old


def archive(change: Change, unit: Unit) -> None:
    open_count = assignment_repo.open_count_led(change.session, unit.id)
    if open_count:
        raise UserError("unit_has_open_work", code=unit.code, count=open_count)
    unit.archived_at = change.now
    change.trail(ENTITY, unit.id, "archive")


def restore(change: Change, unit: Unit) -> None:
    unit.archived_at = None
    change.trail(ENTITY, unit.id, "restore")
