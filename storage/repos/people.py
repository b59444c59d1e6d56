"""People, accounts, memberships and invites."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from storage.models import Account, Invite, LinkCode, Membership, Person, Unit
from storage.models.people import ALL_CHANNELS, HEAD, LEADERS


def account(session: Session, channel: str, external_id: str) -> Account | None:
    return session.scalar(
        select(Account).where(Account.channel == channel, Account.external_id == external_id)
    )


def sender(session: Session, channel: str, external_id: str) -> Account | None:
    """The account a message came from, with its person and all their accounts, in one
    query: every message needs them (who writes, and where their notices go)."""
    return (
        session.scalars(
            select(Account)
            .where(Account.channel == channel, Account.external_id == external_id)
            .options(joinedload(Account.person).joinedload(Person.accounts))
        )
        .unique()
        .first()
    )


def add_person(
    session: Session,
    channel: str,
    external_id: str,
    chat_id: str,
    name: str,
    now: datetime,
    language: str = "vi",
) -> Account:
    # Platforms allow long display names; ours is for lists, so it is cut, not refused.
    person = Person(display_name=name[:200], language=language, is_admin=False, created_at=now)
    acc = Account(
        person=person, channel=channel, external_id=external_id, chat_id=chat_id, created_at=now
    )
    session.add_all([person, acc])
    session.flush()
    return acc


def unit_ids_of(session: Session, person_id: int) -> list[int]:
    return list(
        session.scalars(
            select(Membership.unit_id)
            .join(Unit, Unit.id == Membership.unit_id)
            .where(Membership.person_id == person_id, Unit.archived_at.is_(None))
            .order_by(Membership.unit_id)
        )
    )


def unit_ids_by_person(session: Session, person_ids: Sequence[int]) -> dict[int, list[int]]:
    """{person: their active units} for many people in one query."""
    found: dict[int, list[int]] = {}
    if not person_ids:
        return found
    rows = session.execute(
        select(Membership.person_id, Membership.unit_id)
        .join(Unit, Unit.id == Membership.unit_id)
        .where(Membership.person_id.in_(set(person_ids)), Unit.archived_at.is_(None))
    )
    for person_id, unit_id in rows:
        found.setdefault(person_id, []).append(unit_id)
    return found


def membership(session: Session, person_id: int, unit_id: int) -> Membership | None:
    return session.scalar(
        select(Membership).where(Membership.person_id == person_id, Membership.unit_id == unit_id)
    )


def members(session: Session, unit_id: int) -> Sequence[tuple[Person, Membership]]:
    rows = session.execute(
        select(Person, Membership)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.unit_id == unit_id)
        .order_by(Person.display_name, Person.id)
    )
    return [(p, m) for p, m in rows]


def member_accounts(
    session: Session, unit_ids: Sequence[int], person_id: int | None = None
) -> Sequence[tuple[Account, Person]]:
    """Every account of every member of UNIT_IDS (only PERSON_ID's, when given): where a
    unit's notices go, or its responsible official's."""
    if not unit_ids:
        return []
    query = (
        select(Account, Person)
        .join(Person, Person.id == Account.person_id)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.unit_id.in_(set(unit_ids)))
    )
    if person_id is not None:
        query = query.where(Person.id == person_id)
    rows = session.execute(query.distinct().order_by(Person.id, Account.id))
    return preferred([(a, p) for a, p in rows])


def leaders(session: Session, unit_id: int) -> Sequence[tuple[Person, Membership]]:
    """The unit's head and deputies, the head first."""
    rows = session.execute(
        select(Person, Membership)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.unit_id == unit_id, Membership.role.in_(LEADERS))
        .order_by(Membership.role != HEAD, Person.id)
    )
    return [(p, m) for p, m in rows]


def preferred(pairs: Sequence[tuple[Account, Person]]) -> list[tuple[Account, Person]]:
    """Of each person's accounts (PAIRS, grouped by person), those their notices go to:
    every one (notify_channel "all"), the ones on their chosen channel, or the one they
    wrote from last. Accounts the platform refused to deliver to come last in line."""
    by_person: dict[int, list[tuple[Account, Person]]] = {}
    for account, person in pairs:
        by_person.setdefault(person.id, []).append((account, person))
    chosen: list[tuple[Account, Person]] = []
    for items in by_person.values():
        chosen.extend(_chosen(items))
    return chosen


def _chosen(items: list[tuple[Account, Person]]) -> list[tuple[Account, Person]]:
    if len(items) == 1:
        return items
    person = items[0][1]
    usable = [(a, p) for a, p in items if a.chat_id and a.unreachable_at is None] or items
    if person.notify_channel == ALL_CHANNELS:
        return usable
    on_choice = [(a, p) for a, p in usable if a.channel == person.notify_channel]
    if on_choice:
        return on_choice
    return [max(usable, key=lambda item: (item[0].last_seen_at or item[0].created_at, item[0].id))]


def promoted_admins(session: Session) -> Sequence[Person]:
    return session.scalars(
        select(Person).where(Person.is_admin.is_(True)).order_by(Person.id)
    ).all()


def person(session: Session, person_id: int) -> Person | None:
    return session.get(Person, person_id)


def invite(session: Session, code: str, for_update: bool = False) -> Invite | None:
    query = select(Invite).where(Invite.code == code.strip().upper())
    # Locked when about to be used: two people sending one code at once get it once.
    return session.scalar(query.with_for_update() if for_update else query)


def unused_link_codes(session: Session, person_id: int) -> Sequence[LinkCode]:
    """PERSON_ID's link codes not used yet (expired ones included), newest first."""
    return session.scalars(
        select(LinkCode)
        .where(LinkCode.person_id == person_id, LinkCode.used_at.is_(None))
        .order_by(LinkCode.id.desc())
    ).all()


def link_code(session: Session, code: str, for_update: bool = False) -> LinkCode | None:
    query = select(LinkCode).where(LinkCode.code == code.strip().upper())
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)
