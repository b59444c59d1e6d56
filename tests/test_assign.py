"""/giao in one line and as a guided dialog."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import select

from bot.commands import COMMANDS
from bot.conversation.core import Bot
from storage.models import Assignment, AssignmentSupport, AuditEntry, ConversationState
from tests.support.clock import FakeClock
from tests.support.harness import Harness
from tests.world import build


def _assignment(h: Harness, number: int) -> Assignment:
    with h.sessions() as session:
        a = session.scalar(select(Assignment).where(Assignment.id == number))
        assert a is not None
        session.expunge(a)
        return a


def test_one_line_assignment_reads_back_the_date_with_weekday(h: Harness) -> None:
    build(h)
    deliveries = h.say(
        "admin", "/giao SKHCN | Xây dựng kế hoạch thực hiện Nghị quyết 57 | 10/02/2026"
    )
    reply = deliveries[0]
    assert reply.to == "admin"
    assert "Đã giao nhiệm vụ #1: Xây dựng kế hoạch thực hiện Nghị quyết 57" in reply.text
    assert "Hạn: Thứ Ba, 10/02/2026 (còn 36 ngày)" in reply.text
    assert "Trạng thái: Chưa thực hiện" in reply.text
    # The lead unit's official hears of it, and may answer by replying.
    notice = [d for d in deliveries if d.to == "lan"]
    assert len(notice) == 1 and "Nhiệm vụ mới" in notice[0].text
    assert notice[0].assignment_ids == (1,)
    a = _assignment(h, 1)
    assert a.due_date == date(2026, 2, 10) and a.due_time is None
    # A bare day counts whole: it passes at midnight at the end of that day, Vietnam time.
    assert a.due_at == datetime(2026, 2, 10, 17, 0, tzinfo=UTC)


def test_all_fields_with_time_support_result_and_document(h: Harness) -> None:
    build(h)
    h.reply("admin", "/vanban them 412/UBND-VX | UBND tỉnh Bình Định | 14/01/2025 | Về việc NQ 57")
    deliveries = h.say(
        "admin",
        "/giao SKHCN | Tham mưu thành lập Ban Chỉ đạo | 11h ngày 12/2/2026 | phối hợp: STTTT, "
        "các cơ quan, đơn vị liên quan | kết quả: Tờ trình UBND tỉnh | vb: 412/ubnd-vx",
    )
    text = deliveries[0].text
    assert "Hạn: Thứ Năm, 12/02/2026, 11h00" in text
    assert "Phối hợp: Sở Thông tin và Truyền thông; các cơ quan, đơn vị liên quan" in text
    assert "Kết quả, sản phẩm: Tờ trình UBND tỉnh" in text
    assert "Văn bản: 412/UBND-VX" in text
    # The supporting unit's official is told too, as supporting.
    minh = [d.text for d in deliveries if d.to == "minh"]
    assert len(minh) == 1 and "Nhiệm vụ mới (phối hợp)" in minh[0]
    assert not [d for d in deliveries if d.to == "hoa"]
    a = _assignment(h, 1)
    assert a.due_time == time(11, 0)
    assert a.due_at == datetime(2026, 2, 12, 4, 0, tzinfo=UTC)
    with h.sessions() as session:
        supports = session.scalars(select(AssignmentSupport).order_by(AssignmentSupport.position))
        assert [(s.name, s.unit_id is not None) for s in supports] == [
            ("Sở Thông tin và Truyền thông", True),
            ("các cơ quan, đơn vị liên quan", False),
        ]


def test_unit_names_with_commas_and_several_leads(h: Harness) -> None:
    build(h)
    text = h.reply(
        "admin", "/giao Sở Văn hóa, Thể thao và Du lịch, SKHCN | Tổ chức hội thảo | cuối tháng 2"
    )
    assert text.count("Đã giao") == 2
    assert "Sở Văn hóa, Thể thao và Du lịch (SVHTTDL)" in text
    assert "Hạn: Thứ Bảy, 28/02/2026" in text
    assert h.count(Assignment) == 2


def test_no_deadline_for_ongoing_work(h: Harness) -> None:
    build(h)
    text = h.reply("admin", "/giao SKHCN | Đẩy mạnh tuyên truyền | thường xuyên")
    assert "Hạn: không thời hạn" in text
    assert _assignment(h, 1).due_at is None


def test_audit_records_creation(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Xây dựng kế hoạch | 10/02/2026")
    with h.sessions() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.entity == "assignment"))
        assert entry is not None
        assert (entry.action, entry.new_value) == (
            "create",
            "SKHCN: Xây dựng kế hoạch",
        )


def test_guided_dialog_asks_each_missing_field_then_confirms(h: Harness) -> None:
    build(h)
    assert "Đơn vị nào chủ trì?" in h.reply("admin", "/giao")
    assert "Nội dung nhiệm vụ là gì?" in h.reply("admin", "KH&CN")
    asked = h.reply("admin", "Xây dựng kế hoạch chuyển đổi số")
    assert "Hạn hoàn thành?" in asked and "Nhiệm vụ: Xây dựng kế hoạch chuyển đổi số" in asked
    # A bad answer is refused with examples, and the question stands.
    assert "Chưa đọc được ngày" in h.reply("admin", "sớm nhất có thể")
    assert "Kết quả, sản phẩm cần đạt?" in h.reply("admin", "thứ 6 tuần sau")
    confirm = h.reply("admin", "Kế hoạch được UBND tỉnh ban hành")
    assert "Xác nhận giao nhiệm vụ" in confirm
    assert "Hạn: Thứ Sáu, 16/01/2026" in confirm
    assert "[Đồng ý: có] [Hủy: /huy]" in confirm
    assert h.count(Assignment) == 0
    assert 'Gõ "có"' in h.reply("admin", "để tôi xem")
    done = h.say("admin", "có")
    assert "Đã giao nhiệm vụ #1" in done[0].text
    assert any(d.to == "lan" for d in done)
    assert h.count(Assignment) == 1 and h.count(ConversationState) == 0


def test_partial_one_line_continues_as_dialog(h: Harness) -> None:
    build(h)
    assert "Hạn hoàn thành?" in h.reply("admin", "/giao SKHCN | Rà soát thủ tục hành chính")
    assert "Kết quả, sản phẩm" in h.reply("admin", "không")
    confirm = h.reply("admin", "-")
    assert "Hạn: không thời hạn" in confirm and "Kết quả, sản phẩm: …" in confirm
    h.reply("admin", "ok")
    assert _assignment(h, 1).expected_result is None


def test_abandon_with_huy(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN")
    assert "Đã bỏ" in h.reply("admin", "/huy")
    assert "Không có thao tác nào" in h.reply("admin", "/huy")
    assert h.count(Assignment) == 0 and h.count(ConversationState) == 0


def test_dialog_survives_a_restart(h: Harness, bot: Bot, clock: FakeClock) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Lập danh mục dữ liệu")
    # A new core on the same database (the process restarted) picks the dialog up.
    h.channel.bot = Bot(bot.sessions, bot.settings, clock, commands=COMMANDS)
    assert "Kết quả, sản phẩm" in h.reply("admin", "20/01/2026")


def test_dialog_lapses_after_the_reply_window(h: Harness, clock: FakeClock) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Lập danh mục dữ liệu")
    clock.advance(hours=25)
    assert "Tôi chưa hiểu" in h.reply("admin", "20/01/2026")
    assert h.count(ConversationState) == 0


def test_confirming_after_the_deadline_passed_is_refused(h: Harness, clock: FakeClock) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Họp giao ban")
    h.reply("admin", "17h hôm nay")
    h.reply("admin", "-")
    clock.set_local("2026-01-05T17:30")
    assert "đã qua" in h.reply("admin", "có")
    assert h.count(Assignment) == 0


def test_the_same_unit_twice_gives_one_assignment(h: Harness) -> None:
    build(h)
    text = h.reply("admin", "/giao SKHCN, Sở KHCN | Xây dựng kế hoạch | 10/02/2026")
    assert text.count("Đã giao") == 1 and h.count(Assignment) == 1


def test_a_demoted_admin_cannot_finish_the_dialog(h: Harness) -> None:
    build(h)
    h.reply("admin", "/quantri them console:lan")
    h.reply("lan", "/giao SKHCN | Việc mới")
    h.reply("admin", "/quantri bo console:lan")
    assert "Đã ghi nhận" not in h.reply("lan", "10/02/2026")
    assert h.count(Assignment) == 0 and h.count(ConversationState) == 0
