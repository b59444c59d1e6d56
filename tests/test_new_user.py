"""What a new user hits first: codes that copy cleanly and read however they are pasted,
messages free of configuration and English, help for one command, a reason asked for
before a unit is told "no"."""

from __future__ import annotations

import re

import pytest

from bot.services.people import read_code
from storage.models import Assignment
from tests.support.harness import Harness
from tests.test_linking import zalo
from tests.world import build, invite_code


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("7KQ2M9XA", "7KQ2M9XA"),
        ("  7kq2m9xa  ", "7KQ2M9XA"),
        ("«7KQ2M9XA».", "7KQ2M9XA"),
        ('"7KQ2M9XA"', "7KQ2M9XA"),
        ("(7KQ2M9XA)", "7KQ2M9XA"),
        ("7KQ2 M9XA", "7KQ2M9XA"),
        ("7KQ2-M9XA", "7KQ2M9XA"),
        ("`7KQ2M9XA`,", "7KQ2M9XA"),
        ("7kQ2m9Xa!", "7KQ2M9XA"),
    ],
)
def test_a_code_reads_however_it_was_pasted(typed: str, code: str) -> None:
    assert read_code(typed) == code


def test_the_invite_code_stands_on_its_own_line(h: Harness) -> None:
    build(h)
    text = h.reply("admin", "/moi SKHCN")
    lines = text.splitlines()
    start = [line for line in lines if line.startswith("/start ")]
    assert len(start) == 1, text
    (code,) = re.fullmatch(r"/start ([A-Z0-9]{8})", start[0]).groups()  # type: ignore[union-attr]
    # Nothing glued after the code, anywhere in the message.
    assert all(re.search(code + r"(?=[\w])", line) is None for line in lines), text


@pytest.mark.parametrize(
    "pasted",
    ["/start {code_lower}", "/start «{code}».", "/start  {code} ", "/batdau ({code})"],
)
def test_an_invite_pasted_with_its_surroundings_joins(h: Harness, pasted: str) -> None:
    build(h)
    code = invite_code(h, "STTTT")
    text = h.reply("stranger", pasted.format(code=code, code_lower=code.lower()))
    assert "Chào mừng" in text and "STTTT" in text


def test_a_link_code_pasted_in_lower_case_links(h: Harness) -> None:
    build(h)
    found = re.search(r"Mã liên kết: ([A-Z0-9]{8})", h.reply("lan", "/lienket"))
    assert found
    outs = zalo(h, "z-lan", f"/lienket {found.group(1).lower()}.")
    assert [o.template for o in outs if o.to.chat_id == "z-lan"] == ["link_requested"]
    assert h.reply("lan", "/lienket dongy").startswith("Đã liên kết")


@pytest.mark.parametrize("who", ["stranger", "lan", "admin"])
def test_the_welcome_shows_the_account_and_no_configuration(h: Harness, who: str) -> None:
    build(h)
    text = h.reply(who, "/start")
    assert "Tài khoản của bạn:" in text
    assert "DONDOC_" not in text and "=" not in text


def test_cancel_and_refuse_reach_the_unit_with_their_reason(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Xây dựng kế hoạch | 10/02/2026")
    h.reply("admin", "/giao SKHCN | Báo cáo sơ kết | 20/01/2026")
    h.reply("lan", "/giahan 1 20/02/2026 Chờ kinh phí")
    # The button under the request sends "/tuchoi 1": the bot asks for the reason.
    asked = h.reply("admin", "/tuchoi 1")
    assert "Hãy nêu lý do không đồng ý gia hạn #1" in asked and "/tuchoi 1 " in asked
    assert "Hãy nêu lý do hủy nhiệm vụ #2" in h.reply("admin", "/huynv 2")
    with h.sessions() as session:
        second = session.get(Assignment, 2)
        assert second is not None and second.state == "open"
    told = h.notices("admin", "/tuchoi 1 Nhiệm vụ cấp bách")
    assert any("Nhiệm vụ cấp bách" in text for text in told["lan"])
    told = h.notices("admin", "/huynv 2 Đã lồng ghép vào #1")
    assert any("Đã lồng ghép vào #1" in text for text in told["lan"])
