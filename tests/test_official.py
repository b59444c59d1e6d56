"""What an official does: list, report, finish, ask for an extension; what admins decide."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from storage.models import Assignment, ExtensionRequest, ProgressReport
from tests.support.clock import FakeClock
from tests.support.harness import Harness
from tests.world import build, join


def _get(h: Harness, number: int) -> Assignment:
    with h.sessions() as session:
        a = session.get(Assignment, number)
        assert a is not None
        session.expunge(a)
        return a


def _world(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Xây dựng kế hoạch | 10/02/2026 | phối hợp: STTTT")  # 1
    h.reply("admin", "/giao SKHCN | Báo cáo sơ kết | 06/01/2026")  # 2: due tomorrow
    h.reply("admin", "/giao SVHTTDL | Tuyên truyền Nghị quyết 57 | 20/01/2026")  # 3
    h.reply("admin", "/giao SKHCN | Đẩy mạnh tuyên truyền | thường xuyên")  # 4


def test_tasks_lists_the_units_open_work_soonest_first(h: Harness) -> None:
    _world(h)
    text = h.reply("lan", "/nhiemvu")
    assert text.splitlines()[0] == "Nhiệm vụ đang mở — SKHCN"
    order = [line.split(" · ")[0] for line in text.splitlines() if line.startswith("#")]
    assert order == ["#2", "#1", "#4"]
    assert "Hạn: Thứ Ba, 06/01/2026 (còn 1 ngày) · Chưa thực hiện" in text
    assert "Hạn: không thời hạn · Chưa thực hiện" in text
    assert "#3" not in text


def test_supporting_unit_sees_the_task_marked_as_supporting(h: Harness) -> None:
    _world(h)
    text = h.reply("minh", "/nhiemvu")
    assert "#1 · phối hợp, SKHCN chủ trì · Xây dựng kế hoạch" in text
    assert "#2" not in text


def test_overdue_and_due_today(h: Harness, clock: FakeClock) -> None:
    _world(h)
    clock.set_local("2026-01-06T08:00")
    assert "(đến hạn hôm nay) · Chưa thực hiện" in h.reply("lan", "/nhiemvu")
    clock.set_local("2026-01-08T08:00")
    assert "Hạn: Thứ Ba, 06/01/2026 (quá hạn 2 ngày) · Đang thực hiện quá hạn" in h.reply(
        "lan", "/nhiemvu"
    )


def test_report_starts_the_task_and_is_stored_as_sent(h: Harness) -> None:
    _world(h)
    text = "Đã hoàn thành dự thảo <lần 1>, đang lấy ý kiến các sở & ngành"
    reply = h.reply("lan", f"/baocao 1 {text}")
    # Nothing in it the bot reads as progress: kept as a note, and the answer says so.
    assert reply.splitlines()[0] == f"Đã lưu ghi chú #1 (SKHCN): «{text}»"
    assert "Bot chưa đọc được tiến độ" in reply
    assert "Đang thực hiện trong hạn" in h.reply("lan", "/nhiemvu 1")
    with h.sessions() as session:
        report = session.scalar(select(ProgressReport))
        assert report is not None and report.text == text and report.kind == "report"
        assert report.understood is False and report.percent is None


def test_detail_shows_last_reports(h: Harness) -> None:
    _world(h)
    for n in range(1, 5):
        h.reply("lan", f"/baocao 1 Báo cáo lần {n}")
    text = h.reply("minh", "/nhiemvu 1")
    assert "Nhiệm vụ #1: Xây dựng kế hoạch" in text
    assert "Báo cáo gần nhất (3/4)" in text
    assert "Báo cáo lần 1" not in text and "Báo cáo lần 4" in text


def test_done_on_time_tells_admins_and_unit(h: Harness) -> None:
    _world(h)
    join(h, "nam", "SKHCN")
    deliveries = h.say("lan", "/xong 2 Đã gửi báo cáo số 12/BC-SKHCN")
    by = {d.to: d.text for d in deliveries}
    assert "Đã ghi nhận hoàn thành" in by["lan"] and "Hoàn thành đúng hạn" in by["lan"]
    assert "lan (SKHCN) báo hoàn thành" in by["admin"]
    assert "Ghi chú: Đã gửi báo cáo số 12/BC-SKHCN" in by["admin"]
    assert "Nhiệm vụ đã hoàn thành" in by["nam"]
    a = _get(h, 2)
    assert a.state == "done" and a.closed_late is False
    assert "#2" not in h.reply("lan", "/nhiemvu")


def test_done_late_is_decided_against_the_deadline_in_force(h: Harness, clock: FakeClock) -> None:
    _world(h)
    clock.set_local("2026-01-07T10:00")  # #2 was due 06/01
    assert "Hoàn thành quá hạn" in h.reply("lan", "/xong 2")
    # A later change of deadline does not turn a late completion into an on-time one.
    h.reply("admin", "/molai 2 Thiếu phụ lục")
    h.reply("admin", "/sua 2 han 30/01/2026")
    assert "Đang thực hiện trong hạn" in h.reply("lan", "/nhiemvu 2")
    assert "Hoàn thành đúng hạn" in h.reply("lan", "/xong 2 Đã bổ sung")


def test_extension_request_reaches_the_admins(h: Harness) -> None:
    _world(h)
    deliveries = h.say("lan", "/giahan 2 thứ 6 tuần sau Chờ ý kiến các sở")
    by = {d.to: d.text for d in deliveries}
    assert "Đã gửi quản trị viên đề nghị lùi hạn #2 sang Thứ Sáu, 16/01/2026" in by["lan"]
    assert "Đề nghị gia hạn từ lan (SKHCN)" in by["admin"]
    assert "Xin gia hạn đến: Thứ Sáu, 16/01/2026" in by["admin"]
    assert "Lý do: Chờ ý kiến các sở" in by["admin"]
    with h.sessions() as session:
        report = session.scalar(select(ProgressReport))
        assert report is not None and (report.kind, report.text) == (
            "extension",
            "Chờ ý kiến các sở",
        )


def test_extension_must_be_later_than_the_current_deadline(h: Harness) -> None:
    _world(h)
    refused = h.reply("lan", "/giahan 1 20/01/2026 Chờ ý kiến")
    assert "không muộn hơn hạn hiện tại (Thứ Ba, 10/02/2026)" in refused
    assert "ví dụ: /giahan 1 12/03/2026" in refused
    assert h.count(ExtensionRequest) == 0


def test_extension_flow_approve_and_refuse(h: Harness) -> None:
    _world(h)
    h.reply("lan", "/giahan 1 28/02/2026 Chờ phân bổ kinh phí")
    assert "Chờ gia hạn" in h.reply("lan", "/nhiemvu 1")
    deliveries = h.say("admin", "/duyet 1")
    by = {d.to: d.text for d in deliveries}
    assert "Hạn mới: Thứ Bảy, 28/02/2026" in by["admin"]
    assert "Đề nghị gia hạn được chấp thuận" in by["lan"]
    a = _get(h, 1)
    assert str(a.due_date) == "2026-02-28" and not a.extension_pending
    # A second request, refused: the deadline stays.
    h.reply("lan", "/giahan 1 31/03/2026 Chưa có ý kiến của Bộ")
    deliveries = h.say("admin", "/tuchoi 1 Nhiệm vụ cấp bách")
    by = {d.to: d.text for d in deliveries}
    assert "Hạn giữ nguyên: Thứ Bảy, 28/02/2026" in by["admin"]
    assert "Lý do: Nhiệm vụ cấp bách" in by["lan"]
    assert str(_get(h, 1).due_date) == "2026-02-28"
    with h.sessions() as session:
        states = list(session.scalars(select(ExtensionRequest.state).order_by(ExtensionRequest.id)))
    assert states == ["approved", "refused"]


def test_admin_may_approve_another_date(h: Harness) -> None:
    _world(h)
    h.reply("lan", "/giahan 1 28/02/2026 Chờ phân bổ kinh phí")
    assert "Hạn mới: Thứ Hai, 16/02/2026" in h.reply("admin", "/duyet 1 16/02/2026")


def test_history_lists_every_change(h: Harness, clock: FakeClock) -> None:
    _world(h)
    h.reply("admin", "/sua 1 han 15/02/2026")
    clock.advance(hours=1)
    h.reply("lan", "/baocao 1 Đang dự thảo")
    h.reply("lan", "/giahan 1 28/02/2026 Chờ ý kiến")
    h.reply("admin", "/duyet 1")
    h.reply("admin", "/sua 1 noidung Xây dựng và trình kế hoạch")
    text = h.reply("lan", "/lichsu 1")
    lines = text.splitlines()
    assert lines[0] == "Lịch sử nhiệm vụ #1: Xây dựng và trình kế hoạch"
    assert lines[1] == "Đơn vị chủ trì: Sở Khoa học và Công nghệ (SKHCN)"
    events = lines.index("Diễn biến")
    assert "giao nhiệm vụ — SKHCN: Xây dựng kế hoạch" in lines[events + 1]
    assert "admin: đổi hạn: Thứ Ba, 10/02/2026 → Chủ Nhật, 15/02/2026" in text
    assert "lan: xin gia hạn: Chủ Nhật, 15/02/2026 → Thứ Bảy, 28/02/2026" in text
    assert "admin: đồng ý gia hạn: Chủ Nhật, 15/02/2026 → Thứ Bảy, 28/02/2026" in text
    assert "sửa nội dung: «Xây dựng kế hoạch» → «Xây dựng và trình kế hoạch»" in text
    assert "05/01/2026 10h00 · lan: Đang dự thảo" in text


def test_edit_notifies_the_unit_with_the_old_deadline(h: Harness) -> None:
    _world(h)
    deliveries = h.say("admin", "/sua 1 han 11h ngày 20/2/2026")
    by = {d.to: d.text for d in deliveries}
    assert "Hạn: Thứ Sáu, 20/02/2026, 11h00" in by["admin"]
    assert "Hạn cũ: Thứ Ba, 10/02/2026" in by["lan"]


def test_edit_other_fields(h: Harness) -> None:
    _world(h)
    h.reply("admin", "/vanban them 412/UBND-VX | UBND tỉnh | 14/01/2025")
    assert "Kết quả, sản phẩm: Kế hoạch được ban hành" in h.reply(
        "admin", "/sua 1 ketqua Kế hoạch được ban hành"
    )
    assert "Phối hợp: Sở Văn hóa, Thể thao và Du lịch" in h.reply("admin", "/sua 1 phoihop SVHTTDL")
    assert "Văn bản: 412/UBND-VX" in h.reply("admin", "/sua 1 vanban 412/UBND-VX")
    deliveries = h.say("admin", "/sua 1 donvi STTTT")
    by = {d.to: d.text for d in deliveries}
    assert "Đơn vị chủ trì: Sở Thông tin và Truyền thông (STTTT)" in by["admin"]
    assert "đã được chuyển cho Sở Thông tin và Truyền thông" in by["lan"]
    assert "Nhiệm vụ mới" in by["minh"]
    assert "#1" not in h.reply("lan", "/nhiemvu")


def test_cancel_close_reopen(h: Harness) -> None:
    _world(h)
    deliveries = h.say("admin", "/huynv 4 Đã lồng ghép vào #1")
    assert "Đã hủy" in deliveries[0].text
    assert any(d.to == "lan" and "Lý do: Đã lồng ghép vào #1" in d.text for d in deliveries)
    assert "đã bị hủy" in h.reply("lan", "/baocao 4 vẫn làm")
    assert "Đã đóng" in h.reply("admin", "/dong 2 Nhận bằng văn bản")
    assert _get(h, 2).state == "done"
    assert "Đã mở lại" in h.reply("admin", "/molai 2 Thiếu phụ lục")
    assert _get(h, 2).state == "open"
    assert "đang mở, không cần mở lại" in h.reply("admin", "/molai 2")


def test_status_counts_by_unit(h: Harness, clock: FakeClock) -> None:
    _world(h)
    h.reply("lan", "/baocao 1 Đang làm")
    clock.set_local("2026-01-07T08:00")  # #2 overdue
    h.reply("hoa", "/xong 3")
    h.reply("admin", "/huynv 4 Đã lồng ghép")
    text = h.reply("admin", "/tiendo")
    rows = _table(text)
    # Every status in the workbook's words, and the on-time rate of the work already due.
    assert rows["SKHCN"] == (
        "3 nhiệm vụ — 1 đang thực hiện trong hạn · 1 đang thực hiện quá hạn · 1 đã hủy"
        " — đúng hạn 0%"
    )  # #2 is due and not done
    assert rows["SVHTTDL"] == "1 nhiệm vụ — 1 hoàn thành đúng hạn — đúng hạn 100%"
    assert rows["STTTT"] == "chưa có nhiệm vụ"  # supports #1, leads nothing
    assert rows["Cộng"] == (
        "4 nhiệm vụ — 1 đang thực hiện trong hạn · 1 đang thực hiện quá hạn"
        " · 1 hoàn thành đúng hạn · 1 đã hủy — đúng hạn 50%"
    )
    # The overdue list, with days late.
    late = text[text.index("Quá hạn (1)") :]
    assert "#2 · SKHCN · Báo cáo sơ kết" in late and "quá hạn 1 ngày" in late
    # An official sees their unit only.
    official = h.reply("lan", "/tiendo")
    assert "SKHCN" in official and "SVHTTDL" not in official
    assert list(_table(official)) == ["SKHCN"]


def _table(text: str) -> dict[str, str]:
    """/tiendo's lines by unit code (or Cộng): what follows the colon; the units with no
    task are listed together, as "chưa có nhiệm vụ"."""
    rows = {}
    for line in text.split("Quá hạn (")[0].splitlines():
        if m := re.fullmatch(r"(?:.+ \((\S+)\)|(Cộng)): (.+)", line):
            rows[m[1] or m[2]] = m[3]
        elif m := re.fullmatch(r"Chưa có nhiệm vụ(?: trong kỳ này)?: (.+)", line):
            rows |= dict.fromkeys(m[1].split(", "), "chưa có nhiệm vụ")
    return rows


def test_status_filters_by_unit_document_and_period(h: Harness, clock: FakeClock) -> None:
    _world(h)
    h.reply("admin", "/vanban them 412/UBND-VX | UBND tỉnh | 14/01/2025")
    h.reply("admin", "/sua 3 vanban 412/UBND-VX")
    assert list(_table(h.reply("admin", "/tiendo SVHTTDL"))) == ["SVHTTDL"]
    by_document = h.reply("admin", "/tiendo vb 412/UBND-VX")
    assert "Văn bản: 412/UBND-VX" in by_document
    assert _table(by_document)["Cộng"] == "1 nhiệm vụ — 1 chưa thực hiện"  # only #3
    # Deadlines in February 2026: #1 (10/02) alone.
    february = h.reply("admin", "/tiendo tháng 2/2026")
    assert "Hạn từ Chủ Nhật, 01/02/2026 đến Thứ Bảy, 28/02/2026" in february
    assert _table(february)["SKHCN"] == "1 nhiệm vụ — 1 chưa thực hiện"
    ranged = h.reply("admin", "/tiendo SKHCN từ 1/1/2026 đến 31/1/2026")
    assert _table(ranged) == {"SKHCN": "1 nhiệm vụ — 1 chưa thực hiện"}  # #2, due 06/01
    assert "Hạn từ Thứ Năm, 01/01/2026 đến Thứ Bảy, 31/01/2026" in ranged
    # An official cannot look at another unit, and a bad period is explained.
    assert h.reply("lan", "/tiendo SVHTTDL").startswith("SVHTTDL không phải đơn vị của bạn.")
    assert "Không có văn bản «999/XX»" in h.reply("admin", "/tiendo vb 999/XX")
    assert "Cách dùng" in h.reply("admin", "/tiendo tháng 13")
    reversed_ = h.reply("admin", "/tiendo từ 31/1/2026 đến 1/1/2026")
    assert reversed_.startswith("Ngày bắt đầu (Thứ Bảy, 31/01/2026) sau ngày kết thúc")
    assert "/tiendo từ 1/1 đến 31/1" in reversed_


@pytest.mark.parametrize(
    ("text", "period"),
    [
        # Today is Monday 5 January 2026 in these worlds.
        ("/tiendo từ 1/10 đến 31/12", "Hạn từ Thứ Tư, 01/10/2025 đến Thứ Tư, 31/12/2025"),
        ("/tiendo từ tháng 3 đến 31/5", "Hạn từ Chủ Nhật, 01/03/2026 đến Chủ Nhật, 31/05/2026"),
        (
            "/tiendo từ ngày 1/2 đến ngày 28/2",
            "Hạn từ Chủ Nhật, 01/02/2026 đến Thứ Bảy, 28/02/2026",
        ),
        ("/tiendo tháng 12", "Hạn từ Thứ Hai, 01/12/2025 đến Thứ Tư, 31/12/2025"),
        # Two days without "từ".
        ("/tiendo 1/2 - 28/2", "Hạn từ Chủ Nhật, 01/02/2026 đến Thứ Bảy, 28/02/2026"),
        ("/tiendo 1/2/2026 đến 28/2/2026", "Hạn từ Chủ Nhật, 01/02/2026 đến Thứ Bảy, 28/02/2026"),
        ("/tiendo SKHCN 1.2-28.2", "Hạn từ Chủ Nhật, 01/02/2026 đến Thứ Bảy, 28/02/2026"),
        ("/tiendo 28/2/2026 - 1/2/2026", "sau ngày kết thúc (Chủ Nhật, 01/02/2026)"),
        # A month or quarter without its year: the current one, or the most recent.
        ("/tiendo tháng 2", "Hạn từ Thứ Bảy, 01/02/2025 đến Thứ Sáu, 28/02/2025"),
        ("/tiendo tháng 1", "Hạn từ Thứ Năm, 01/01/2026 đến Thứ Bảy, 31/01/2026"),
        ("/tiendo quý 2", "Hạn từ Thứ Ba, 01/04/2025 đến Thứ Hai, 30/06/2025"),
        ("/tiendo tháng này", "Hạn từ Thứ Năm, 01/01/2026 đến Thứ Bảy, 31/01/2026"),
        ("/tiendo thang truoc", "Hạn từ Thứ Hai, 01/12/2025 đến Thứ Tư, 31/12/2025"),
        ("/tiendo tuần này", "Hạn từ Thứ Hai, 05/01/2026 đến Chủ Nhật, 11/01/2026"),
        ("/tiendo tuần trước", "Hạn từ Thứ Hai, 29/12/2025 đến Chủ Nhật, 04/01/2026"),
        ("/tiendo quý này", "Hạn từ Thứ Năm, 01/01/2026 đến Thứ Ba, 31/03/2026"),
        ("/tiendo quý trước", "Hạn từ Thứ Tư, 01/10/2025 đến Thứ Tư, 31/12/2025"),
        ("/tiendo năm nay", "Hạn từ Thứ Năm, 01/01/2026 đến Thứ Năm, 31/12/2026"),
        ("/tiendo năm ngoái", "Hạn từ Thứ Tư, 01/01/2025 đến Thứ Tư, 31/12/2025"),
        ("/tiendo 6 tháng đầu năm", "Hạn từ Thứ Năm, 01/01/2026 đến Thứ Ba, 30/06/2026"),
        ("/tiendo 6 tháng cuối năm", "Hạn từ Thứ Ba, 01/07/2025 đến Thứ Tư, 31/12/2025"),
        ("/tiendo 6 thang dau nam 2025", "Hạn từ Thứ Tư, 01/01/2025 đến Thứ Hai, 30/06/2025"),
        ("/status last month", "Hạn từ Thứ Hai, 01/12/2025 đến Thứ Tư, 31/12/2025"),
        ("/status this week", "Hạn từ Thứ Hai, 05/01/2026 đến Chủ Nhật, 11/01/2026"),
        ("/status first half", "Hạn từ Thứ Năm, 01/01/2026 đến Thứ Ba, 30/06/2026"),
        ("/tiendo SKHCN tháng này", "Hạn từ Thứ Năm, 01/01/2026 đến Thứ Bảy, 31/01/2026"),
        ("/tiendo quý 1", "Hạn từ Thứ Năm, 01/01/2026 đến Thứ Ba, 31/03/2026"),
        ("/tiendo quý 4/2025", "Hạn từ Thứ Tư, 01/10/2025 đến Thứ Tư, 31/12/2025"),
        ("/tiendo năm 2025", "Hạn từ Thứ Tư, 01/01/2025 đến Thứ Tư, 31/12/2025"),
        ("/tiendo năm 0000", "Chưa hiểu phạm vi cần xem"),
        ("/tiendo quý 2/0000", "Chưa hiểu phạm vi cần xem"),
    ],
)
def test_status_periods(h: Harness, text: str, period: str) -> None:
    _world(h)
    assert period in h.reply("admin", text)


def test_status_of_one_task_is_its_story(h: Harness, clock: FakeClock) -> None:
    _world(h)
    h.reply("lan", "/baocao 1 được 60%, vướng: chưa có kinh phí")
    clock.advance(hours=2)
    h.reply("admin", "/sua 1 han 20/02/2026")
    story = h.reply("lan", "/tiendo 1")
    assert story.startswith("Lịch sử nhiệm vụ #1: Xây dựng kế hoạch")
    assert "Trạng thái: Đang thực hiện trong hạn" in story
    assert "đổi hạn: Thứ Ba, 10/02/2026 → Thứ Sáu, 20/02/2026" in story
    assert "lan: được 60%, vướng: chưa có kinh phí — 60%, vướng mắc: chưa có kinh phí" in story
    # Another unit's task stays invisible.
    assert "Không có nhiệm vụ #3" in h.reply("lan", "/tiendo 3")


def test_approving_a_date_that_has_passed_asks_for_another(h: Harness, clock: FakeClock) -> None:
    _world(h)
    h.reply("lan", "/giahan 2 08/01/2026 Chờ số liệu")
    clock.set_local("2026-01-09T08:00")
    refused = h.reply("admin", "/duyet 2")
    assert "Ngày đơn vị đề nghị (Thứ Năm, 08/01/2026) đã qua" in refused
    assert "/duyet 2 18/02/2026" in refused
    assert "Hạn mới: Thứ Sáu, 16/01/2026" in h.reply("admin", "/duyet 2 16/01/2026")


def test_report_without_text_asks_for_it(h: Harness) -> None:
    _world(h)
    asked = h.reply("lan", "/baocao 1")
    assert "Gửi nội dung báo cáo cho nhiệm vụ #1" in asked
    assert "Đã lưu ghi chú #1" in h.reply("lan", "Đã họp với các sở, thống nhất dự thảo")
    with h.sessions() as session:
        texts = list(session.scalars(select(ProgressReport.text)))
    assert texts == ["Đã họp với các sở, thống nhất dự thảo"]


def test_notices_carry_buttons_for_report_and_done(h: Harness) -> None:
    build(h)
    deliveries = h.say("admin", "/giao SKHCN | Lập kế hoạch | 10/02/2026 | phối hợp: STTTT")
    by = {d.to: d.text for d in deliveries}
    assert by["lan"].endswith("[Báo cáo: /baocao 1] [Xong: /xong 1]")
    assert by["minh"].endswith("[Báo cáo: /baocao 1]")


def test_status_words_are_the_workbooks(h: Harness, clock: FakeClock) -> None:
    """A task not started and one waiting for an extension are not "in progress, in time":
    the chat names each status with the workbook's column words."""
    from messages.filters import status_text

    _world(h)
    h.reply("lan", "/giahan 1 20/02/2026 Chờ số liệu")
    line = _table(h.reply("admin", "/tiendo SKHCN"))["SKHCN"]
    assert line == "3 nhiệm vụ — 2 chưa thực hiện · 1 chờ gia hạn"
    for status in ("not_started", "extension_requested"):  # the workbook's column words
        assert status_text(status, "vi").lower() in line
    assert status_text("on_track", "vi").lower() not in line
