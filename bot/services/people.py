"""Invites, joining, removing members, promoting admins, language."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy.orm import Session

from bot.errors import UserError
from bot.services import assignments
from bot.services.change import Change
from storage.models import Invite, Membership, Person, Unit
from storage.models.people import HEAD, MEMBER
from storage.repos import assignments as assignment_repo
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


def new_invite(change: Change, unit: Unit, *, ttl: timedelta) -> Invite:
    session, now = change.session, change.now
    code = fresh_code(lambda c: repo.invite(session, c) is not None)
    invite = Invite(
        code=code,
        unit_id=unit.id,
        created_by=change.actor_id,
        created_at=now,
        expires_at=now + ttl,
    )
    session.add(invite)
    session.flush()
    change.trail("unit", unit.id, "invite", new=f"expires {invite.expires_at.isoformat()}")
    return invite


def join(change: Change, invite: Invite, person: Person) -> Membership | None:
    """Use INVITE for PERSON (who makes the change). None when they already were a member
    (the code stays unused)."""
    session, now = change.session, change.now
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
    change.replan_units([invite.unit_id])  # they hear too
    change.trail("unit", invite.unit_id, "join", new=f"{person.id}: {person.display_name}")
    return member


def member(session: Session, unit: Unit, number: int) -> tuple[Person, Membership]:
    """Person NUMBER and their membership of UNIT; refused, naming both, when they are not
    in it (or do not exist)."""
    person = repo.person(session, number)
    membership = repo.membership(session, number, unit.id) if person else None
    if person is None or membership is None:
        raise UserError("member_not_found", number=number, code=unit.code)
    return person, membership


def set_role(change: Change, membership: Membership, person: Person, role: str) -> Person | None:
    """PERSON's ROLE (member, head, deputy) in MEMBERSHIP's unit. A unit has one head: a
    new one makes the one before a member again, who is returned."""
    replaced = None
    if role == HEAD:
        for other, theirs in repo.leaders(change.session, membership.unit_id):
            if theirs.role == HEAD and theirs.id != membership.id:
                _role(change, theirs, other, MEMBER)
                replaced = other
    _role(change, membership, person, role)
    return replaced


def _role(change: Change, membership: Membership, person: Person, role: str) -> None:
    old, membership.role = membership.role, role
    who = f"{person.id}: {person.display_name}"
    change.trail("unit", membership.unit_id, "role", field="role", old=f"{who} ({old})", new=role)


def remove_member(change: Change, membership: Membership, person: Person) -> None:
    # The tasks they answered for go back to the whole unit, said in each one's history.
    for a in assignment_repo.led_by_responsible(change.session, membership.unit_id, person.id):
        assignments.set_responsible(change, a, None)
    change.session.delete(membership)
    change.session.flush()
    change.replan_units([membership.unit_id])
    old = f"{person.id}: {person.display_name}"
    change.trail("unit", membership.unit_id, "remove_member", old=old)


def set_admin(change: Change, person: Person, value: bool) -> None:
    old = person.is_admin
    person.is_admin = value
    change.trail("person", person.id, "admin", field="is_admin", old=old, new=value)


def set_language(change: Change, person: Person, language: str) -> None:
    """PERSON's language, chosen by them (CHANGE is theirs)."""
    old = person.language
    person.language = language
    change.trail("person", person.id, "language", field="language", old=old, new=language)
