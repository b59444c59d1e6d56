"""Every change is in the audit trail, with what it replaced (issue 13): /kenh, the
implicit "work started", a superseded extension request, and the old values of /nhacnho
and /lich."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AuditEntry
from tests.support.harness import Harness
from tests.test_linking import zalo
from tests.world import build


def _trail(h: Harness, action: str) -> list[tuple[str | None, str | None]]:
    with h.sessions() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        ).all()
        return [(r.old_value, r.new_value) for r in rows]


def test_the_first_report_starting_the_work_is_in_the_trail(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Lập kế hoạch | 10/02/2099")
    h.reply("lan", "/baocao 1 Đang dự thảo")
    h.reply("lan", "/baocao 1 Đã xin ý kiến")  # the second starts nothing
    assert _trail(h, "start") == [("not_started", "on_track")]
    assert "bắt đầu thực hiện" in h.reply("lan", "/lichsu 1")


def test_a_superseded_extension_request_is_in_the_trail(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Lập kế hoạch | 10/02/2099")
    h.reply("lan", "/giahan 1 20/02/2099 Chờ số liệu")
    h.reply("lan", "/giahan 1 28/02/2099 Chờ ý kiến Bộ")
    assert _trail(h, "extension_superseded") == [("2099-02-20", None)]


def test_plan_and_calendar_changes_keep_what_they_replaced(h: Harness) -> None:
    build(h)
    h.reply("admin", "/nhacnho SKHCN 5d,1d")
    h.reply("admin", "/nhacnho SKHCN 3d,0d")
    assert _trail(h, "unit") == [(None, "5d,1d"), ("5d,1d", "3d,0d")]
    h.reply("admin", "/lich nghi 2/3/2026 Nghỉ bù")
    h.reply("admin", "/lich lamviec 2/3/2026 Làm bù")
    h.reply("admin", "/lich xoa 2/3/2026")
    assert [old for old, _ in _trail(h, "nghi") + _trail(h, "lamviec") + _trail(h, "xoa")] == [
        None,
        "off: Nghỉ bù",
        "work: Làm bù",
    ]


def test_choosing_where_notices_go_is_in_the_trail(h: Harness) -> None:
    build(h)
    code = h.reply("lan", "/lienket").split("Mã liên kết: ")[1].split()[0]
    zalo(h, "z-lan", f"/lienket {code}")
    h.reply("lan", "/lienket dongy")
    h.reply("lan", "/kenh ca-hai")
    h.reply("lan", "/kenh tu-dong")
    assert _trail(h, "channel") == [("auto", "all"), ("all", "auto")]
