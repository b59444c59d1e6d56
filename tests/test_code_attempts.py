"""Guessing codes is bounded (issue 13): an account that sends too many wrong invite or
link codes in an hour is refused with when to try again, a right code included, and a
chat where many try is bounded too; a wrong code leaves no person behind."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.conversation.code_attempts import PER_ACCOUNT, PER_CHAT
from messages.neutral import Incoming
from storage.models import CodeAttempt, Person
from tests.support.clock import FakeClock
from tests.support.harness import Harness
from tests.test_linking import zalo
from tests.world import build, invite_code


def _people(h: Harness) -> int:
    with h.sessions() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


@pytest.mark.parametrize("command", ["/start", "/lienket"])
def test_too_many_wrong_codes_from_one_account(h: Harness, clock: FakeClock, command: str) -> None:
    build(h)
    people = _people(h)
    for n in range(PER_ACCOUNT):
        (wrong,) = zalo(h, "z-guess", f"{command} WRONG{n:03d}")
        assert wrong.template in ("invite_invalid", "link_invalid"), wrong.template
    (stopped,) = zalo(h, "z-guess", f"{command} WRONG999")
    assert stopped.template == "code_attempts_exceeded"
    assert stopped.values["minutes"] == 60
    # Even a right code waits: guessing one would otherwise still pay.
    (still,) = zalo(h, "z-guess", f"/start {invite_code(h, 'SKHCN')}")
    assert still.template == "code_attempts_exceeded"
    assert _people(h) == people  # strangers who never joined are not stored
    # Another account is not held back by this one.
    (other,) = zalo(h, "z-other", "/start WRONG000")
    assert other.template == "invite_invalid"
    clock.advance(minutes=61)  # the window has passed
    (joined, *_) = zalo(h, "z-guess", f"/start {invite_code(h, 'SKHCN')}")
    assert joined.template == "joined"


def test_a_group_where_many_guess_is_bounded(h: Harness) -> None:
    build(h)
    for n in range(PER_CHAT):
        h.handle(Incoming("zalo", "zgroup", f"z-{n}", "?", f"/start WRONG{n:03d}", is_group=True))
    outs = h.handle(Incoming("zalo", "zgroup", "z-new", "?", "/start WRONG999", is_group=True))
    assert [o.template for o in outs] == ["code_attempts_exceeded"]


def test_a_right_code_is_not_counted(h: Harness) -> None:
    build(h)
    zalo(h, "z-an", f"/start {invite_code(h, 'SKHCN')}")
    with h.sessions() as session:
        assert session.scalar(select(func.count()).select_from(CodeAttempt)) == 0
