"""One official on several platforms: link codes, joining an account to a person, and
which account their notices go to."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.services.people import fresh_code
from scheduler.planning import Planner
from storage.models import Account, LinkCode, Person
from storage.repos import audit
from storage.repos import people as repo
from storage.repos.people import preferred

LINK_TTL = timedelta(hours=24)


def new_code(session: Session, person: Person, now: datetime) -> LinkCode:
    """A fresh code for PERSON; the codes they asked for before stop working (one code
    alive at a time, so a confirmation has one claim to confirm)."""
    for old in repo.unused_link_codes(session, person.id):
        old.used_at = now
    code = fresh_code(lambda c: repo.link_code(session, c) is not None)
    row = LinkCode(code=code, person_id=person.id, created_at=now, expires_at=now + LINK_TTL)
    session.add(row)
    session.flush()
    _audit(session, person, now, "link_code", f"{code[:2]}…")  # never the whole code
    return row


def claim(
    session: Session,
    code: LinkCode,
    *,
    channel: str,
    external_id: str,
    chat_id: str,
    name: str,
    language: str,
    now: datetime,
) -> Person:
    """The account CHANNEL:EXTERNAL_ID sent CODE: it waits, on the code, for the person
    who asked for it to confirm. Nothing is joined and no right moves before that."""
    code.claim_channel, code.claim_external_id, code.claim_chat_id = channel, external_id, chat_id
    code.claim_name, code.claim_language, code.claimed_at = name[:200], language, now
    person = session.get(Person, code.person_id)
    assert person is not None
    session.flush()
    _audit(session, person, now, "link_requested", f"{channel}:{external_id} {name}"[:300])
    return person


def pending_claim(session: Session, person: Person, now: datetime) -> LinkCode | None:
    """PERSON's code that an account has sent and that waits for their answer."""
    for code in repo.unused_link_codes(session, person.id):
        if code.claimed_at is not None and code.expires_at > now:
            return code
    return None


def refuse(session: Session, code: LinkCode, person: Person, now: datetime) -> None:
    """PERSON says the account that sent CODE is not theirs: the code is spent."""
    code.used_at = now
    session.flush()
    _audit(session, person, now, "link_refused", f"{code.claim_channel}:{code.claim_external_id}")


def link(session: Session, code: LinkCode, now: datetime, planner: Planner) -> Person:
    """Make CODE's claiming account one of its person's accounts: the person confirmed it.
    The caller checked that the account is nobody's working account (no units, not an
    admin): a person it had is left with no account, and nothing else moves."""
    person = session.get(Person, code.person_id)
    assert person is not None
    channel, external_id = code.claim_channel, code.claim_external_id
    assert channel is not None and external_id is not None
    account = repo.account(session, channel, external_id)
    if account is None:
        account = Account(
            person=person, channel=channel, external_id=external_id,
            chat_id=code.claim_chat_id, created_at=now,
        )  # fmt: skip
        session.add(account)
    else:
        account.person = person
    account.last_seen_at = now  # the account just confirmed: notices follow it by default
    code.used_at = now
    session.flush()
    _audit(session, person, now, "link", f"{channel}:{code.claim_name}")
    planner.replan_units(session, repo.unit_ids_of(session, person.id), now)
    return person


def _audit(
    session: Session, person: Person, now: datetime, action: str, new: str, old: str | None = None
) -> None:
    audit.record(
        session,
        at=now,
        actor_id=person.id,
        entity="person",
        entity_id=person.id,
        action=action,
        old=old,
        new=new,
    )


def note_use(
    session: Session, person: Person, account: Account, now: datetime, planner: Planner
) -> None:
    """The person wrote from ACCOUNT. When their notices follow the account they use and
    that changed, their units' pending reminders are planned again to reach them there."""
    accounts = person.accounts
    if len(accounts) < 2:
        return  # one account: nothing to choose, nothing to write
    before = _targets(person, accounts)
    account.last_seen_at = now
    if _targets(person, accounts) != before:
        session.flush()
        units = repo.unit_ids_of(session, person.id)
        planner.replan_units(session, units, now)


def choose(
    session: Session, person: Person, choice: str | None, now: datetime, planner: Planner
) -> None:
    """Send PERSON's notices to CHOICE: a channel, "all", or None (the one used last)."""
    old, person.notify_channel = person.notify_channel, choice
    _audit(session, person, now, "channel", choice or "auto", old=old or "auto")
    session.flush()
    planner.replan_units(session, repo.unit_ids_of(session, person.id), now)


def _targets(person: Person, accounts: list[Account]) -> set[int]:
    return {a.id for a, _ in preferred([(a, person) for a in accounts])}
