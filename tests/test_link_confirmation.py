"""A leaked link code hands over nothing (issue 13): the account that sends a code waits
until the person who asked for it confirms, from an account of theirs; no right follows
an unconfirmed link; the code, the request and the answer are in the audit trail."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from messages.neutral import Incoming
from storage.models import Account, AuditEntry, Person
from tests.support.clock import FakeClock
from tests.support.harness import Harness
from tests.test_linking import text_to, zalo
from tests.world import build

STRANGER = "z-stranger"


def _code(h: Harness, user: str) -> str:
    found = re.search(r"Mã liên kết: ([A-Z0-9]{8})", h.reply(user, "/lienket"))
    assert found, user
    return found.group(1)


def _actions(h: Harness) -> list[str]:
    with h.sessions() as session:
        return list(
            session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.action.like("link%"))
                .order_by(AuditEntry.id)
            )
        )


def _zalo_account(h: Harness, user: str) -> Account | None:
    with h.sessions() as session:
        return session.scalar(select(Account).where(Account.external_id == user))


@pytest.fixture
def admin_lan(h: Harness) -> Harness:
    """lan, an official of SKHCN, promoted to admin by the settings' admin."""
    build(h)
    assert "Đã cấp quyền quản trị" in h.reply("admin", "/quantri them console:lan")
    return h


def test_a_leaked_admin_code_gives_a_stranger_nothing(admin_lan: Harness) -> None:
    h = admin_lan
    code = _code(h, "lan")
    outs = zalo(h, STRANGER, f"/lienket {code}")
    assert text_to(outs, STRANGER) == ["link_requested"]
    (ask,) = [o for o in outs if o.to.chat_id == "lan"]
    assert ask.template == "link_confirm_ask" and ask.values["name"] == "Lan (Zalo)"
    assert [b.command for b in ask.buttons] == ["/lienket dongy", "/lienket tuchoi"]
    # Waiting for lan's answer, the stranger has none of lan's rights.
    for command in ("/quantri them console:minh", "/moi SKHCN", "/giao SKHCN | x | 10/02/2099"):
        (refused,) = zalo(h, STRANGER, command)
        assert refused.template == "admin_only", command
    assert _zalo_account(h, STRANGER) is None  # not joined to anyone
    # lan says it is not them: the code is spent, the stranger is told.
    refused_text = h.reply("lan", "/lienket tuchoi")
    assert "Đã từ chối: tài khoản Zalo «Lan (Zalo)» không được liên kết" in refused_text
    (again,) = zalo(h, STRANGER, f"/lienket {code}")
    assert again.template == "link_invalid"
    assert _actions(h) == ["link_code", "link_requested", "link_refused"]


def test_the_claiming_account_cannot_confirm_itself(admin_lan: Harness) -> None:
    h = admin_lan
    zalo(h, STRANGER, f"/lienket {_code(h, 'lan')}")
    for answer in ("/lienket dongy", "/lienket đồng ý", "/link yes"):
        (nothing,) = zalo(h, STRANGER, answer)
        assert nothing.template == "link_nothing_pending", answer
    assert _zalo_account(h, STRANGER) is None


def test_confirmed_from_the_asking_account_links(admin_lan: Harness) -> None:
    h = admin_lan
    zalo(h, "z-lan", f"/lienket {_code(h, 'lan')}")
    outs = h.handle(Incoming("console", "lan", "lan", "lan", "/lienket đồng ý"))
    assert text_to(outs, "lan") == ["linked"]
    assert text_to(outs, "z-lan") == ["linked"]  # the Zalo account hears it too
    account = _zalo_account(h, "z-lan")
    assert account is not None
    with h.sessions() as session:
        person = session.get(Person, account.person_id)
        assert person is not None and person.is_admin  # now, and only now, the same person
    (listing,) = zalo(h, "z-lan", "/moi SKHCN")
    assert listing.template == "invite_created"
    assert _actions(h) == ["link_code", "link_requested", "link"]


def test_a_second_account_cannot_take_a_claimed_code(admin_lan: Harness) -> None:
    h = admin_lan
    code = _code(h, "lan")
    zalo(h, "z-lan", f"/lienket {code}")
    (second,) = zalo(h, STRANGER, f"/lienket {code}")
    assert second.template == "link_invalid"
    # The first account sending it again is only reminded that it waits.
    assert text_to(zalo(h, "z-lan", f"/lienket {code}"), "z-lan") == ["link_requested"]
    assert _actions(h).count("link_requested") == 1


def test_a_new_code_ends_the_old_one(admin_lan: Harness) -> None:
    h = admin_lan
    old = _code(h, "lan")
    _code(h, "lan")
    (stale,) = zalo(h, STRANGER, f"/lienket {old}")
    assert stale.template == "link_invalid"


def test_an_account_that_joined_a_unit_meanwhile_is_not_handed_over(admin_lan: Harness) -> None:
    h = admin_lan
    zalo(h, STRANGER, f"/lienket {_code(h, 'lan')}")
    invite = re.search(r"/start ([A-Z0-9]{8})", h.reply("admin", "/moi STTTT"))
    assert invite
    zalo(h, STRANGER, f"/start {invite.group(1)}")
    assert "đang là tài khoản làm việc" in h.reply("lan", "/lienket dongy")
    account = _zalo_account(h, STRANGER)
    assert account is not None
    with h.sessions() as session:
        person = session.get(Person, account.person_id)
        assert person is not None and not person.is_admin


def test_a_claim_expires_with_its_code(admin_lan: Harness, clock: FakeClock) -> None:
    h = admin_lan
    zalo(h, STRANGER, f"/lienket {_code(h, 'lan')}")
    clock.advance(hours=25)
    assert "Không có yêu cầu liên kết nào" in h.reply("lan", "/lienket dongy")


def test_an_invite_asked_for_in_a_group_says_everyone_there_reads_it(h: Harness) -> None:
    from tests.test_groups import COMMITTEE, say

    build(h)
    (in_group,) = say(h, "admin", "/moi SKHCN", chat=COMMITTEE)
    assert in_group.template == "invite_created" and in_group.values["in_group"] is True
    (private,) = say(h, "admin", "/moi SKHCN")
    assert private.values["in_group"] is False
    assert "mọi người trong nhóm này đều đọc được mã" not in h.reply("admin", "/moi SKHCN")
