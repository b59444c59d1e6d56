"""Work nobody will hear of: a task given to a unit with no member and no group, or a
unit's last member removed while it still has open tasks, is accepted with a warning
that says so and how to fix it (invite someone)."""

from __future__ import annotations

import pytest

from tests.support.harness import Harness
from tests.world import build, join

WARNING = "sẽ không ai được"


@pytest.mark.parametrize(
    ("command", "warned"),
    [
        ("/giao SKHCN | Xây dựng kế hoạch | 20/02/2026", False),  # lan is a member
        ("/giao SNV | Rà soát biên chế | 20/02/2026", True),  # no member
        ("/giao SNV | Rà soát biên chế | thường xuyên", True),  # no deadline: still unheard
        ("/giao SNV | Báo cáo tháng | ngày 20 hằng tháng", True),  # a recurring duty
    ],
)
def test_assigning_to_a_unit_nobody_hears(h: Harness, command: str, warned: bool) -> None:
    build(h)
    h.reply("admin", "/donvi them SNV Sở Nội vụ")
    text = h.reply("admin", command)
    assert text.startswith("Đã giao nhiệm vụ"), text
    assert (WARNING in text) is warned, text
    if warned:
        assert "SNV chưa có thành viên hay nhóm nào nhận tin của bot" in text
        assert "/moi SNV" in text


def test_two_leads_one_unheard(h: Harness) -> None:
    build(h)
    h.reply("admin", "/donvi them SNV Sở Nội vụ")
    text = h.reply("admin", "/giao SKHCN, SNV | Rà soát biên chế | 20/02/2026")
    assert text.count(WARNING) == 1 and "SNV chưa có thành viên" in text
    assert "SKHCN chưa có" not in text


def test_a_member_who_joins_silences_the_warning(h: Harness) -> None:
    build(h)
    h.reply("admin", "/donvi them SNV Sở Nội vụ")
    join(h, "tuan", "SNV")
    assert WARNING not in h.reply("admin", "/giao SNV | Rà soát biên chế | 20/02/2026")


def test_removing_the_last_member_of_a_unit_with_open_work(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Xây dựng kế hoạch | 20/02/2026")
    h.reply("admin", "/giao SKHCN | Báo cáo sơ kết | 20/03/2026")
    join(h, "an", "SKHCN")
    # One of two members goes: the other still hears.
    first = h.reply("admin", "/thanhvien xoa SKHCN 2")
    assert "ra khỏi SKHCN" in first and WARNING not in first
    member = h.reply("admin", "/thanhvien SKHCN")
    number = member.split("• an — mã ")[1].split()[0]
    last = h.reply("admin", f"/thanhvien xoa SKHCN {number}")
    assert "ra khỏi SKHCN" in last
    assert "SKHCN không còn ai nhận tin của bot, trong khi còn 2 nhiệm vụ đang mở" in last
    assert "/moi SKHCN" in last


def test_removing_the_last_member_of_a_unit_without_open_work(h: Harness) -> None:
    build(h)
    text = h.reply("admin", "/thanhvien xoa STTTT 3")
    assert "ra khỏi STTTT" in text and WARNING not in text
