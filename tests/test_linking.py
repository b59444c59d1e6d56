"""One official on two platforms: /lienket joins a Zalo account to the person already on
another channel; their unit's notices and reminders go to the account they wrote from
last, or where /kenh says."""

from __future__ import annotations

import re

from sqlalchemy import select

from messages.neutral import Incoming, Outgoing
from storage.models import Account, OutboxMessage
from storage.models import outbox as ob
from tests.support.clock import FakeClock
from tests.support.harness import Harness
from tests.world import build

ZALO_LAN = "z-lan"


def zalo(h: Harness, user: str, text: str, group: str | None = None) -> list[Outgoing]:
    """USER writes TEXT on Zalo (privately, or in GROUP)."""
    return h.handle(
        Incoming("zalo", group or user, user, "Lan (Zalo)", text, is_group=group is not None)
    )


def text_to(outs: list[Outgoing], chat: str) -> list[str]:
    return [o.template for o in outs if o.to.chat_id == chat]


def _linked(h: Harness) -> None:
    build(h)
    code = re.search(r"Mã liên kết: ([A-Z0-9]{8})", h.reply("lan", "/lienket"))
    assert code, "no code"
    outs = zalo(h, ZALO_LAN, f"/lienket {code.group(1)}")
    assert text_to(outs, ZALO_LAN) == ["link_requested"]
    assert text_to(outs, "lan") == ["link_confirm_ask"]  # asked where the code was asked for
    assert h.reply("lan", "/lienket dongy").startswith(
        "Đã liên kết: lan dùng bot trên Console và Zalo"
    )


def _pending_channels(h: Harness) -> set[str]:
    with h.sessions() as session:
        return set(
            session.scalars(
                select(OutboxMessage.channel).where(
                    OutboxMessage.state == ob.PENDING,
                    OutboxMessage.kind.in_(ob.REMINDER_KINDS),
                    OutboxMessage.person_id.is_not(None),
                )
            )
        )


def test_a_linked_account_acts_as_the_same_official(h: Harness) -> None:
    _linked(h)
    h.reply("admin", "/giao SKHCN | Xây dựng kế hoạch | 10/02/2026")
    (listing,) = zalo(h, ZALO_LAN, "/nhiemvu")
    assert listing.template == "tasks_list" and [t["id"] for t in listing.values["tasks"]] == [1]
    (receipt,) = zalo(h, ZALO_LAN, "#1 50%")
    assert receipt.template == "report_recorded"
    with h.sessions() as session:
        accounts = session.scalars(select(Account).order_by(Account.id)).all()
        lan = [a for a in accounts if a.external_id in ("lan", ZALO_LAN)]
        assert len({a.person_id for a in lan}) == 1  # one person, two accounts


def test_notices_follow_the_channel_used_last(h: Harness, clock: FakeClock) -> None:
    _linked(h)  # the Zalo account wrote last
    outs = h.handle(
        Incoming("console", "admin", "admin", "admin", "/giao SKHCN | Lập kế hoạch | 10/02/2026")
    )
    assert text_to(outs, ZALO_LAN) == ["task_new"] and text_to(outs, "lan") == []
    assert _pending_channels(h) == {"zalo"}
    clock.advance(minutes=5)
    h.reply("lan", "/nhiemvu")  # back on the first channel: reminders follow
    assert _pending_channels(h) == {"console"}
    # Writing again from the same channel changes nothing.
    h.reply("lan", "/nhiemvu")
    assert _pending_channels(h) == {"console"}


def test_kenh_chooses_where_notices_go(h: Harness, clock: FakeClock) -> None:
    _linked(h)
    h.reply("admin", "/giao SKHCN | Lập kế hoạch | 10/02/2026")
    (shown,) = zalo(h, ZALO_LAN, "/kenh ca-hai")
    assert shown.template == "channels_show" and shown.values["choice"] == "all"
    assert _pending_channels(h) == {"console", "zalo"}
    assert "Nhắc hạn và thông báo gửi tới: Zalo" in h.reply("lan", "/kenh zalo")
    assert _pending_channels(h) == {"zalo"}  # even though lan writes from the console
    outs = h.handle(
        Incoming("console", "admin", "admin", "admin", "/giao SKHCN | Việc khác | 12/02/2026")
    )
    assert text_to(outs, ZALO_LAN) == ["task_new"] and text_to(outs, "lan") == []
    clock.advance(minutes=1)
    assert "kênh bạn nhắn gần nhất" in h.reply("lan", "/kenh tu-dong")
    assert _pending_channels(h) == {"console"}


def test_refusals(h: Harness, clock: FakeClock) -> None:
    _linked(h)
    (wrong,) = zalo(h, "z-other", "/lienket ABCD2345")
    assert wrong.template == "link_invalid"
    code = re.search(r"Mã liên kết: ([A-Z0-9]{8})", h.reply("lan", "/lienket"))
    assert code
    (same,) = zalo(h, ZALO_LAN, f"/lienket {code.group(1)}")
    assert same.template == "link_same"
    (taken,) = zalo(h, "z-second", f"/lienket {code.group(1)}")
    assert taken.template == "link_channel_taken"  # lan already has a Zalo account
    minh = re.search(r"Mã liên kết: ([A-Z0-9]{8})", h.reply("minh", "/lienket"))
    assert minh
    (in_group,) = zalo(h, "z-minh", f"/lienket {minh.group(1)}", group="zgroup")
    assert in_group.template == "link_private"  # and the code is still good:
    clock.advance(hours=23)
    outs = zalo(h, "z-minh", f"/lienket {minh.group(1)}")
    assert text_to(outs, "z-minh") == ["link_requested"]
    assert h.reply("minh", "/lienket dongy").startswith("Đã liên kết")
    late = re.search(r"Mã liên kết: ([A-Z0-9]{8})", h.reply("hoa", "/lienket"))
    assert late
    clock.advance(hours=25)  # codes last a day
    (expired,) = zalo(h, "z-hoa", f"/lienket {late.group(1)}")
    assert expired.template == "link_invalid"
    # A working account (units, or admin rights) is not handed over by a code.
    zalo(h, "z-hoa-work", "/start " + _invite(h, "SVHTTDL"))
    code = re.search(r"Mã liên kết: ([A-Z0-9]{8})", h.reply("hoa", "/lienket"))
    assert code
    (in_use,) = zalo(h, "z-hoa-work", f"/lienket {code.group(1)}")
    assert in_use.template == "link_account_in_use"
    # Codes are not given out in groups, where anyone could read them.
    (shown,) = zalo(h, "z-lan2", "/lienket", group="zgroup")
    assert shown.template == "link_private"
    assert "Cách dùng" in h.reply("lan", "/kenh fax")
    assert h.reply("minh", "/kenh telegram").startswith("Bạn chưa dùng bot trên Telegram.")
    assert "chưa thuộc đơn vị" in h.reply("stranger", "/lienket")


def _invite(h: Harness, unit: str) -> str:
    code = re.search(r"/start ([A-Z0-9]{8})", h.reply("admin", f"/moi {unit}"))
    assert code
    return code.group(1)
