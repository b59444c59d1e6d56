"""The report files (/xuat, /tiendo bieudo): a workbook, a CSV and a chart, built from a
small province made through the real commands and read back as a reader would."""

from __future__ import annotations

import csv
import struct
import subprocess
import sys
import warnings
from collections import Counter
from datetime import date, datetime
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.exports.chart import build_chart, chart_series
from bot.exports.csv import build_csv
from bot.exports.data import load
from bot.exports.labels import Labels, load_labels
from bot.exports.rows import ExportData
from bot.exports.scope import Scope, conditions
from bot.exports.xlsx import HEADER_ROW, build_xlsx
from bot.services import committee_tables
from bot.settings import Settings
from messages import Renderer
from messages.filters import STATUSES
from storage.models import Assignment
from storage.repos import documents as document_repo
from storage.repos import units as unit_repo
from storage.status import ALL_STATUSES
from tests.support.clock import FakeClock
from tests.support.harness import Harness
from tests.world import build

ROOT = Path(__file__).resolve().parent.parent
FORMULA_TASK = '=HYPERLINK("http://x") rà soát'
NAMES = {
    "SKHCN": "Sở Khoa học và Công nghệ",
    "STTTT": "Sở Thông tin và Truyền thông",
    "SVHTTDL": "Sở Văn hóa, Thể thao và Du lịch",
}
# At the world's end (Tuesday 13/01/2026 10:00), in ALL_STATUSES order: not started, on
# track, overdue, extension requested, done on time, done late, cancelled.
COUNTS = {
    "SKHCN": [1, 1, 1, 0, 0, 0, 0],  # 5, 1, 2
    "STTTT": [0, 0, 1, 0, 0, 1, 1],  # 8, 4, 7
    "SVHTTDL": [0, 0, 0, 1, 1, 0, 0],  # 6, 3
}
STATUS_OF = {
    1: "on_track",
    2: "overdue",
    3: "done_on_time",
    4: "done_late",
    5: "not_started",
    6: "extension_requested",
    7: "cancelled",
    8: "overdue",
}


def _world(h: Harness, clock: FakeClock) -> None:
    """Eight assignments, one in each status and two overdue, four committee_tables."""
    build(h)
    admin = "admin"
    h.reply(admin, "/vanban them 412/UBND-VX | UBND tỉnh | 14/01/2025")
    doc = "vb: 412/UBND-VX"
    h.reply(admin, f"/giao SKHCN | Xây dựng kế hoạch | 10/02/2026 | phối hợp: STTTT | {doc}")
    h.reply(admin, f"/giao SKHCN | Báo cáo sơ kết | 06/01/2026 | {doc}")  # 2: will be late
    h.reply(admin, f"/giao SVHTTDL | Tuyên truyền Nghị quyết 57 | 20/01/2026 | {doc}")
    h.reply(admin, "/giao STTTT | Số hóa hồ sơ | 07/01/2026")  # 4: done late
    h.reply(admin, "/giao SKHCN | Đẩy mạnh tuyên truyền | thường xuyên")  # 5: no deadline
    h.reply(admin, "/giao SVHTTDL | Tổ chức hội nghị | 12/01/2026")  # 6: extension asked
    h.reply(admin, f"/giao STTTT | {FORMULA_TASK} | 10/02/2026")  # 7: cancelled
    h.reply(admin, "/giao STTTT | Họp giao ban | 15h ngày 12/01/2026")  # 8: a time of day
    h.reply("lan", "/baocao 1 Đang dự thảo")
    clock.set_local("2026-01-07T08:00")
    h.reply("hoa", "/xong 3 Đã ban hành kế hoạch")
    clock.set_local("2026-01-09T10:30")
    h.reply("minh", "/xong 4")
    h.reply("hoa", "/giahan 6 30/01/2026 Chờ kinh phí")
    h.reply(admin, "/huynv 7 Không còn cần thiết")
    clock.set_local("2026-01-13T10:00")
    assert h.count(Assignment) == 8


@pytest.fixture
def world(h: Harness, clock: FakeClock) -> Harness:
    _world(h, clock)
    return h


@pytest.fixture
def vi(renderer: Renderer) -> Labels:
    return load_labels(renderer, "vi")


def _load(
    h: Harness, clock: FakeClock, settings: Settings, scope: Scope | None = None
) -> ExportData:
    with h.sessions() as session:
        return load(session, clock.now, settings.timezone, scope)


def _book_of(data: ExportData, labels: Labels) -> dict[str, Worksheet]:
    book = load_workbook(BytesIO(build_xlsx(data, labels)))
    return {ws.title: ws for ws in book.worksheets}


def _header(ws: Worksheet) -> list[Any]:
    return [c.value for c in ws[HEADER_ROW]]


def _rows(ws: Worksheet) -> list[dict[str, Any]]:
    """The table under the header, as {header: cell}."""
    header = _header(ws)
    return [
        dict(zip(header, row, strict=True))
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_row=ws.max_row)
    ]


def _scope(
    h: Harness, document: str | None = None, unit: str | None = None, **period: date
) -> Scope:
    with h.sessions() as session:
        doc = document_repo.find(session, document)[0].id if document else None
        found = unit_repo.by_code(session, unit) if unit else None
        return Scope(document_id=doc, unit_ids=(found.id,) if found else None, **period)


# -- the data ----------------------------------------------------------------------------


def test_rows_hold_each_assignment_as_the_bot_sees_it(
    world: Harness, clock: FakeClock, settings: Settings
) -> None:
    data = _load(world, clock, settings)
    by = {r.number: r for r in data.assignments}
    assert {n: r.status for n, r in by.items()} == STATUS_OF
    assert by[1].document == "412/UBND-VX" and by[4].document is None
    assert by[1].supports == ("Sở Thông tin và Truyền thông",)
    assert (by[1].unit_code, by[1].unit_name) == ("SKHCN", NAMES["SKHCN"])
    # Deadlines: a day, or a day and the time the official wrote; naive local values.
    assert by[2].due == date(2026, 1, 6) and not isinstance(by[2].due, datetime)
    assert by[8].due == datetime(2026, 1, 12, 15, 0)
    assert by[5].due is None
    # Done at 08:00 in Hà Nội, which is 01:00 UTC: the local time, without zone.
    assert by[3].closed_at == datetime(2026, 1, 7, 8, 0)
    assert by[4].closed_at == datetime(2026, 1, 9, 10, 30)
    assert by[7].closed_at is None  # cancelled: closed, never done
    assert by[1].closed_at is None
    assert (by[1].last_report_at, by[1].last_report_text) == (
        datetime(2026, 1, 5, 9, 0),
        "Đang dự thảo",
    )
    assert (by[6].last_report_kind, by[6].last_report_text) == ("extension", "Chờ kinh phí")
    assert by[2].last_report_at is None
    assert data.generated_at == datetime(2026, 1, 13, 10, 0)


def test_counts_by_unit_are_the_status_tables(
    world: Harness, clock: FakeClock, settings: Settings
) -> None:
    data = _load(world, clock, settings)
    assert data.statuses == ALL_STATUSES
    assert {u.code: list(u.counts) for u in data.units} == COUNTS
    with world.sessions() as session:
        table = committee_tables.status_table(session, clock.now)  # what /tiendo shows
    assert [(u.code, list(u.counts)) for u in data.units] == [
        (r["code"], r["counts"]) for r in table["rows"]
    ]
    assert list(data.totals) == table["totals"] == [1, 1, 2, 1, 1, 1, 1]
    # Counted in SQL, and status by status in Python for the rows: the two agree.
    tally = Counter((r.unit_code, r.status) for r in data.assignments)
    for u in data.units:
        assert list(u.counts) == [tally[(u.code, s)] for s in ALL_STATUSES]


def test_overdue_rows_longest_first_with_days_late(
    world: Harness, clock: FakeClock, settings: Settings
) -> None:
    data = _load(world, clock, settings)
    # 2 was due on 06/01, 8 at 15:00 on 12/01, 6 on 12/01 (whole day; extension pending).
    assert [(r.number, r.days_late, r.status) for r in data.overdue] == [
        (2, 7, "overdue"),
        (8, 1, "overdue"),
        (6, 1, "extension_requested"),
    ]
    assert data.overdue[1].due == datetime(2026, 1, 12, 15, 0)


def test_report_log_oldest_first(world: Harness, clock: FakeClock, settings: Settings) -> None:
    data = _load(world, clock, settings)
    assert [(r.at, r.number, r.unit_code, r.person, r.kind, r.text) for r in data.reports] == [
        (datetime(2026, 1, 5, 9, 0), 1, "SKHCN", "lan", "report", "Đang dự thảo"),
        (datetime(2026, 1, 7, 8, 0), 3, "SVHTTDL", "hoa", "done", "Đã ban hành kế hoạch"),
        (datetime(2026, 1, 9, 10, 30), 4, "STTTT", "minh", "done", ""),
        (datetime(2026, 1, 9, 10, 30), 6, "SVHTTDL", "hoa", "extension", "Chờ kinh phí"),
    ]


@pytest.mark.parametrize(
    ("document", "unit", "period", "numbers", "late", "reported"),
    [
        ("412/UBND-VX", None, {}, [1, 2, 3], [2], [1, 3]),
        (None, "SKHCN", {}, [1, 2, 5], [2], [1]),
        (
            None,
            None,
            {"due_from": date(2026, 1, 6), "due_to": date(2026, 1, 12)},
            [2, 4, 6, 8],
            [2, 8, 6],
            [4, 6],
        ),
        (None, None, {"due_from": date(2026, 2, 1)}, [1, 7], [], [1]),
        ("412/UBND-VX", None, {"due_to": date(2026, 1, 6)}, [2], [2], []),
    ],
    ids=["document", "unit", "period", "from", "document-and-until"],
)
def test_scope_narrows_every_view_alike(
    world: Harness,
    clock: FakeClock,
    settings: Settings,
    document: str | None,
    unit: str | None,
    period: dict[str, date],
    numbers: list[int],
    late: list[int],
    reported: list[int],
) -> None:
    scope = _scope(world, document, unit, **period)
    data = _load(world, clock, settings, scope)
    assert [r.number for r in data.assignments] == numbers
    assert [r.number for r in data.overdue] == late
    assert [r.number for r in data.reports] == reported
    with world.sessions() as session:
        table = committee_tables.status_table(session, clock.now, scope.unit_ids, conditions(scope))
    assert [(u.code, list(u.counts)) for u in data.units] == [
        (r["code"], r["counts"]) for r in table["rows"]
    ]
    tally = Counter((r.unit_code, r.status) for r in data.assignments)
    for u in data.units:
        assert list(u.counts) == [tally[(u.code, s)] for s in ALL_STATUSES]
    if unit:
        assert [u.code for u in data.units] == [unit]


# -- the workbook ------------------------------------------------------------------------


def test_workbook_sheets_titles_and_headers(
    world: Harness, clock: FakeClock, settings: Settings, vi: Labels
) -> None:
    sheets = _book_of(_load(world, clock, settings), vi)
    assert list(sheets) == ["Nhiệm vụ", "Theo đơn vị", "Quá hạn", "Nhật ký báo cáo"]
    tasks = sheets["Nhiệm vụ"]
    assert tasks["A1"].value == "DANH SÁCH NHIỆM VỤ ĐƯỢC GIAO"
    assert tasks["A2"].value == "Số liệu tính đến 13/01/2026 10h00"
    assert tasks["A3"].value == "Phạm vi: tất cả nhiệm vụ"
    assert "A1:K1" in {str(r) for r in tasks.merged_cells.ranges}
    assert _header(tasks) == [
        "STT",
        "Số NV",
        "Văn bản giao",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Nội dung nhiệm vụ",
        "Thời hạn",
        "Trạng thái",
        "Ngày hoàn thành",
        "Báo cáo gần nhất",
        "Ngày báo cáo gần nhất",
    ]
    assert _header(sheets["Theo đơn vị"]) == [
        "STT",
        "Mã đơn vị",
        "Tên đơn vị",
        *(STATUSES["vi"][s] for s in ALL_STATUSES),
        "Tổng số",
    ]
    assert _header(sheets["Quá hạn"]) == [
        "STT",
        "Số NV",
        "Đơn vị chủ trì",
        "Nội dung nhiệm vụ",
        "Thời hạn",
        "Số ngày quá hạn",
        "Trạng thái",
    ]
    assert _header(sheets["Nhật ký báo cáo"]) == [
        "STT",
        "Thời gian",
        "Số NV",
        "Đơn vị báo cáo",
        "Người báo cáo",
        "Loại",
        "Nội dung báo cáo",
    ]


def test_assignment_sheet_cells(
    world: Harness, clock: FakeClock, settings: Settings, vi: Labels
) -> None:
    rows = _rows(_book_of(_load(world, clock, settings), vi)["Nhiệm vụ"])
    assert [r["STT"].value for r in rows] == list(range(1, 9))
    by = {r["Số NV"].value: r for r in rows}
    assert all(type(n) is int for n in by)
    assert {n: r["Trạng thái"].value for n, r in by.items()} == {
        n: STATUSES["vi"][s] for n, s in STATUS_OF.items()
    }
    # Real date cells, formatted as a provincial office writes dates.
    due = by[1]["Thời hạn"]
    assert due.is_date and due.value == datetime(2026, 2, 10) and due.number_format == "dd/mm/yyyy"
    timed = by[8]["Thời hạn"]
    assert timed.value == datetime(2026, 1, 12, 15, 0)
    assert timed.number_format == "dd/mm/yyyy hh:mm"
    assert by[5]["Thời hạn"].value == "Không thời hạn"
    closed = by[3]["Ngày hoàn thành"]
    assert closed.is_date and closed.value == datetime(2026, 1, 7, 8, 0)
    assert closed.number_format == "dd/mm/yyyy"
    assert by[7]["Ngày hoàn thành"].value is None
    assert by[1]["Ngày báo cáo gần nhất"].value == datetime(2026, 1, 5, 9, 0)
    assert by[1]["Báo cáo gần nhất"].value == "Đang dự thảo"
    assert by[4]["Báo cáo gần nhất"].value == "Báo cáo hoàn thành"  # a bare /xong
    assert by[1]["Văn bản giao"].value == "412/UBND-VX"
    assert by[1]["Đơn vị chủ trì"].value == NAMES["SKHCN"]
    assert by[1]["Đơn vị phối hợp"].value == NAMES["STTTT"]
    # What an official typed stays text, never a formula Excel would run.
    formula = by[7]["Nội dung nhiệm vụ"]
    assert formula.value == FORMULA_TASK and formula.data_type == "s"


def test_unit_sheet_counts_and_total_row(
    world: Harness, clock: FakeClock, settings: Settings, vi: Labels
) -> None:
    ws = _book_of(_load(world, clock, settings), vi)["Theo đơn vị"]
    rows = _rows(ws)
    heads = [STATUSES["vi"][s] for s in ALL_STATUSES]
    units = {r["Mã đơn vị"].value: r for r in rows[:-1]}
    assert {code: [r[h].value for h in heads] for code, r in units.items()} == COUNTS
    assert {code: r["Tên đơn vị"].value for code, r in units.items()} == NAMES
    assert [r["Tổng số"].value for r in units.values()] == [3, 3, 2]
    assert all(type(r[h].value) is int for r in units.values() for h in heads)
    total = rows[-1]
    assert total["STT"].value == "Cộng" and total["STT"].font.b
    assert [total[h].value for h in heads] == [1, 1, 2, 1, 1, 1, 1]
    assert total["Tổng số"].value == 8
    # Status names are long: the header row is tall enough for them to wrap.
    assert ws.row_dimensions[HEADER_ROW].height >= 30


def test_overdue_and_report_sheets(
    world: Harness, clock: FakeClock, settings: Settings, vi: Labels
) -> None:
    sheets = _book_of(_load(world, clock, settings), vi)
    late = _rows(sheets["Quá hạn"])
    assert [(r["Số NV"].value, r["Số ngày quá hạn"].value) for r in late] == [
        (2, 7),
        (8, 1),
        (6, 1),
    ]
    assert all(type(r["Số ngày quá hạn"].value) is int for r in late)
    assert late[0]["Thời hạn"].value == datetime(2026, 1, 6)
    assert late[2]["Trạng thái"].value == "Chờ gia hạn"
    log = _rows(sheets["Nhật ký báo cáo"])
    assert [
        (r["Thời gian"].value, r["Số NV"].value, r["Người báo cáo"].value, r["Loại"].value)
        for r in log
    ] == [
        (datetime(2026, 1, 5, 9, 0), 1, "lan", "Báo cáo tiến độ"),
        (datetime(2026, 1, 7, 8, 0), 3, "hoa", "Báo cáo hoàn thành"),
        (datetime(2026, 1, 9, 10, 30), 4, "minh", "Báo cáo hoàn thành"),
        (datetime(2026, 1, 9, 10, 30), 6, "hoa", "Xin gia hạn"),
    ]
    assert log[0]["Thời gian"].number_format == "dd/mm/yyyy hh:mm"
    assert log[3]["Đơn vị báo cáo"].value == NAMES["SVHTTDL"]
    assert log[3]["Nội dung báo cáo"].value == "Chờ kinh phí"


def test_every_sheet_is_laid_out_for_printing(
    world: Harness, clock: FakeClock, settings: Settings, vi: Labels
) -> None:
    for name, ws in _book_of(_load(world, clock, settings), vi).items():
        columns = len(_header(ws))
        widths = [ws.column_dimensions[chr(ord("A") + i)].width for i in range(columns)]
        assert all(w >= 5 for w in widths), (name, widths)
        assert len(set(widths)) > 2, (name, widths)  # set per column, not one default
        setup = ws.page_setup
        assert setup.orientation == "landscape", name
        assert setup.paperSize == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
        assert "&P" in ws.oddFooter.center.text
        head = ws.cell(HEADER_ROW, 1)
        assert head.font.b and head.border.bottom.style == "thin"
        if ws.max_row > HEADER_ROW:
            first = ws.cell(HEADER_ROW + 1, columns)
            assert first.border.left.style == "thin" and first.border.bottom.style == "thin"
    tasks = _book_of(_load(world, clock, settings), vi)["Nhiệm vụ"]
    assert tasks.column_dimensions["F"].width == 45  # the task column, the widest
    assert tasks.cell(HEADER_ROW + 1, 6).alignment.wrap_text
    # A deadline with a time needs a wider column than a day: no "####".
    assert tasks.column_dimensions["G"].width >= 16


def test_sheet_names_lose_the_characters_excel_forbids(
    world: Harness, clock: FakeClock, settings: Settings, renderer: Renderer
) -> None:
    text = {**renderer.labels("_export_labels", "vi"), "sheet_overdue": "Quá/hạn: [mới]?"}
    sheets = _book_of(_load(world, clock, settings), Labels("vi", text))
    assert list(sheets)[2] == "Quáhạn mới"


def test_empty_database_still_gives_files(
    h: Harness, clock: FakeClock, settings: Settings, vi: Labels
) -> None:
    data = _load(h, clock, settings)
    assert data.assignments == () and data.units == ()
    sheets = _book_of(data, vi)
    total = _rows(sheets["Theo đơn vị"])
    assert len(total) == 1 and total[0]["STT"].value == "Cộng" and total[0]["Tổng số"].value == 0
    assert _rows(sheets["Nhiệm vụ"]) == []
    assert build_chart(data, vi).startswith(b"\x89PNG\r\n\x1a\n")
    assert chart_series(data, vi).units == ()


def test_workbook_in_english(
    world: Harness, clock: FakeClock, settings: Settings, renderer: Renderer
) -> None:
    en = load_labels(renderer, "en")
    sheets = _book_of(_load(world, clock, settings), en)
    assert list(sheets) == ["Assignments", "By unit", "Overdue", "Report log"]
    tasks = sheets["Assignments"]
    assert tasks["A1"].value == "ASSIGNMENTS"
    assert tasks["A2"].value == "Figures as of 13/01/2026 10:00"
    rows = {r["Task no."].value: r for r in _rows(tasks)}
    assert rows[2]["Status"].value == "In progress, overdue"
    assert rows[5]["Deadline"].value == "No deadline"
    assert _header(sheets["By unit"])[3:10] == [STATUSES["en"][s] for s in ALL_STATUSES]
    assert _rows(sheets["Report log"])[1]["Kind"].value == "Completion report"


def test_scope_is_named_in_the_title_rows(
    world: Harness, clock: FakeClock, settings: Settings, vi: Labels, renderer: Renderer
) -> None:
    scope = _scope(world, "412/UBND-VX", "SKHCN", due_from=date(2026, 1, 1))
    data = _load(world, clock, settings, scope)
    assert _book_of(data, vi)["Quá hạn"]["A3"].value == (
        "Văn bản: 412/UBND-VX · Đơn vị: SKHCN · Thời hạn từ 01/01/2026"
    )
    period = _scope(world, due_from=date(2026, 1, 1), due_to=date(2026, 1, 31))
    en = load_labels(renderer, "en")
    assert en.scope(_load(world, clock, settings, period).scope) == (
        "Deadlines from 01/01/2026 to 31/01/2026"
    )


# -- the CSV -----------------------------------------------------------------------------


def test_csv_of_the_assignments(
    world: Harness, clock: FakeClock, settings: Settings, vi: Labels
) -> None:
    raw = build_csv(_load(world, clock, settings), vi)
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    header, *rows = list(csv.reader(StringIO(raw.decode("utf-8-sig"), newline="")))
    assert header == [
        "Số NV",
        "Văn bản giao",
        "Mã đơn vị",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Nội dung nhiệm vụ",
        "Thời hạn",
        "Trạng thái",
        "Ngày hoàn thành",
        "Báo cáo gần nhất",
        "Ngày báo cáo gần nhất",
    ]
    by = {int(r[0]): dict(zip(header, r, strict=True)) for r in rows}
    assert sorted(by) == list(range(1, 9))
    assert by[1]["Đơn vị phối hợp"] == NAMES["STTTT"]
    assert (by[1]["Mã đơn vị"], by[1]["Đơn vị chủ trì"]) == ("SKHCN", NAMES["SKHCN"])
    assert by[1]["Thời hạn"] == "2026-02-10"
    assert by[8]["Thời hạn"] == "2026-01-12 15:00"
    assert by[5]["Thời hạn"] == "Không thời hạn"
    assert by[3]["Ngày hoàn thành"] == "2026-01-07 08:00"
    assert by[2]["Trạng thái"] == "Đang thực hiện quá hạn"
    assert by[4]["Báo cáo gần nhất"] == "Báo cáo hoàn thành"
    assert by[1]["Ngày báo cáo gần nhất"] == "2026-01-05 09:00"
    # A spreadsheet would run this as a formula: the apostrophe keeps it text.
    assert by[7]["Nội dung nhiệm vụ"] == "'" + FORMULA_TASK


def test_csv_in_english(
    world: Harness, clock: FakeClock, settings: Settings, renderer: Renderer
) -> None:
    text = build_csv(_load(world, clock, settings), load_labels(renderer, "en")).decode("utf-8-sig")
    header, *rows = list(csv.reader(StringIO(text, newline="")))
    assert header[:3] == ["Task no.", "Document", "Unit code"]
    assert dict(zip(header, rows[5], strict=True))["Status"] == "Extension requested"


# -- the chart ---------------------------------------------------------------------------


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_chart_series_are_the_counts(
    world: Harness, clock: FakeClock, settings: Settings, vi: Labels
) -> None:
    data = _load(world, clock, settings)
    chart = chart_series(data, vi)
    assert chart.units == tuple(NAMES.values())
    assert [s.status for s in chart.series] == list(ALL_STATUSES)
    by_unit = {code: [s.counts[i] for s in chart.series] for i, code in enumerate(NAMES)}
    assert by_unit == COUNTS
    assert chart.totals == (3, 3, 2)
    assert chart.series[2].label == "Đang thực hiện quá hạn"
    assert len({s.color for s in chart.series}) == len(chart.series)
    # Narrowed to one document: units without work and statuses nobody has drop out.
    scoped = chart_series(_load(world, clock, settings, _scope(world, "412/UBND-VX")), vi)
    assert scoped.units == (NAMES["SKHCN"], NAMES["SVHTTDL"])
    assert [(s.status, s.counts) for s in scoped.series] == [
        ("on_track", (1, 0)),
        ("overdue", (1, 0)),
        ("done_on_time", (0, 1)),
    ]


def test_chart_png(world: Harness, clock: FakeClock, settings: Settings, vi: Labels) -> None:
    data = _load(world, clock, settings)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = build_chart(data, vi)
    # Every Vietnamese letter had a glyph: no box in place of "ệ" or "ạ".
    assert not [w for w in caught if "missing from font" in str(w.message)]
    width, height = _png_size(png)
    assert 1000 <= width <= 2000 and 400 <= height <= 1500
    one = _load(world, clock, settings, _scope(world, unit="SKHCN"))
    assert _png_size(build_chart(one, vi))[1] < height  # fewer units, a shorter chart


def test_english_chart_labels(
    world: Harness, clock: FakeClock, settings: Settings, renderer: Renderer
) -> None:
    chart = chart_series(_load(world, clock, settings), load_labels(renderer, "en"))
    assert [s.label for s in chart.series][:3] == [
        "Not started",
        "In progress, on time",
        "In progress, overdue",
    ]


# -- without a database ------------------------------------------------------------------


def test_labels_are_the_same_in_both_languages(renderer: Renderer) -> None:
    vi, en = (renderer.labels("_export_labels", lang) for lang in ("vi", "en"))
    assert vi.keys() == en.keys()
    assert len(vi) >= 40
    assert all(isinstance(v, str) and v for v in vi.values())
    names = [vi[k] for k in vi if k.startswith("sheet_")] + [
        en[k] for k in en if k.startswith("sheet_")
    ]
    assert all(len(n) <= 31 for n in names)
    assert load_labels(renderer, "fr").lang == "vi"
    # Chat apps mangle some non-ASCII file names: the file's name stays ASCII.
    name = load_labels(renderer, "vi").file_name(datetime(2026, 1, 13, 10, 0), "xlsx")
    assert name == "tien-do-nhiem-vu-2026-01-13.xlsx"


def test_matplotlib_loads_only_for_a_chart() -> None:
    code = (
        "import sys, bot.conversation.core, bot.exports.data, bot.exports.xlsx, bot.exports.csv, "
        "bot.exports.chart; print('matplotlib' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
