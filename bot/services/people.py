"""Invites, joining, removing members, promoting admins, language."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.errors import UserError
from scheduler import planning
from storage.models import Invite, Membership, Person, Unit
from storage.repos import audit
from storage.repos import people as repo

# No 0/O or 1/I/L: codes are read aloud and typed on phones.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


# What a person pastes around a code: quotes, brackets, the dot ending a sentence, spaces
# or dashes that a phone put inside it. Letters and digits are all a code holds.
_NOT_CODE = re.compile(r"[^0-9A-Za-z]")


def read_code(text: str) -> str:
    """The code in TEXT as it was issued ("«7kq2 m9xa»." → "7KQ2M9XA")."""
    return _NOT_CODE.sub("", text).upper()


def fresh_code(taken: Callable[[str], bool]) -> str:
    """A random one-time code that TAKEN does not know yet (invites, links)."""
    while True:
        code = "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))
        if not taken(code):
            return code


def new_invite(
    session: Session, unit: Unit, *, actor_id: int | None, now: datetime, ttl: timedelta
) -> Invite:
    code = fresh_code(lambda c: repo.invite(session, c) is not None)
    invite = Invite(
        code=code, unit_id=unit.id, created_by=actor_id, created_at=now, expires_at=now + ttl
    )
    session.add(invite)
    session.flush()
    audit.record(
        session,
        at=now,
        actor_id=actor_id,
        entity="unit",
        entity_id=unit.id,
        action="invite",
        new=f"expires {invite.expires_at.isoformat()}",
    )
    return invite


def join(session: Session, invite: Invite, person: Person, *, now: datetime) -> Membership | None:
    """Use INVITE for PERSON. None when they already were a member (the code stays unused)."""
    if invite.used_at is not None:
        raise UserError("invite_used")
    if now >= invite.expires_at:
        raise UserError("invite_expired")
    if repo.membership(session, person.id, invite.unit_id) is not None:
        return None
    invite.used_at, invite.used_by = now, person.id
    member = Membership(person_id=person.id, unit_id=invite.unit_id, joined_at=now)
    session.add(member)
    session.flush()
    planning.planner(session).replan_units(session, [invite.unit_id], now)  # they hear too
    audit.record(
        session,
        at=now,
        actor_id=person.id,
        entity="unit",
        entity_id=invite.unit_id,
        action="join",
        new=f"{person.id}: {person.display_name}",
    )
    return member


def remove_member(
    session: Session,
    membership: Membership,
    person: Person,
    *,
    actor_id: int | None,
    now: datetime,
) -> None:
    session.delete(membership)
    session.flush()
    planning.planner(session).replan_units(session, [membership.unit_id], now)
    audit.record(
        session,
        at=now,
        actor_id=actor_id,
        entity="unit",
        entity_id=membership.unit_id,
        action="remove_member",
        old=f"{person.id}: {person.display_name}",
    )


def set_admin(
    session: Session, person: Person, value: bool, *, actor_id: int | None, now: datetime
) -> None:
    old = person.is_admin
    person.is_admin = value
    audit.record(
        session,
        at=now,
        actor_id=actor_id,
        entity="person",
        entity_id=person.id,
        action="admin",
        field="is_admin",
        old=old,
        new=value,
    )


def set_language(session: Session, person: Person, language: str, *, now: datetime) -> None:
    old = person.language
    person.language = language
    audit.record(
        session,
        at=now,
        actor_id=person.id,
        entity="person",
        entity_id=person.id,
        action="language",
        field="language",
        old=old,
        new=language,
    )
