"""The committee's workbook: one sheet per view, laid out to be printed and filed.

Each sheet has title rows, a header repeated on every printed page, borders, wrapped
text, and dates as real date cells; pages are A4 landscape, fitted to the width.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from math import ceil

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from bot.exports.labels import Labels
from bot.exports.rows import DueShown, ExportData


@dataclass(frozen=True, slots=True)
class _Day:
    """A moment shown as its day only: the cell keeps the full datetime."""

    moment: datetime


Value = str | int | date | datetime | _Day | None

# Rows 1-3: title, "as of", scope; row 4 blank; then the table's header.
HEADER_ROW = 5
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# Wide enough that Excel shows the value rather than "####".
DATE_WIDTH = 12
DATETIME_WIDTH = 17
# Excel refuses longer text in a cell, and these characters in a sheet name.
MAX_CELL = 32767
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_BOLD = Font(bold=True)
_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)
_HEADING = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass(frozen=True, slots=True)
class _Column:
    header: str
    width: float
    # Text columns wrap, left-aligned; numbers and dates are centred.
    centered: bool = False


@dataclass(frozen=True, slots=True)
class _Table:
    name: str
    title: str
    columns: tuple[_Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    # A closing row in bold (the units' totals); its first value spans columns 1-3.
    total: tuple[Value, ...] | None = None


def build_xlsx(data: ExportData, labels: Labels) -> bytes:
    """The workbook's bytes: assignments, counts by unit, overdue work, the report log."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for table in (
        _assignments(data, labels),
        _units(data, labels),
        _overdue(data, labels),
        _reports(data, labels),
    ):
        _write(book.create_sheet(_sheet_name(table.name)), table, data, labels)
    book.properties.title = labels["title_assignments"]
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# -- the four views -----------------------------------------------------------------------


def _due(value: DueShown | None, labels: Labels) -> Value:
    return value if value is not None else labels["no_deadline"]


def _due_width(values: Sequence[DueShown | None]) -> int:
    return DATETIME_WIDTH if any(isinstance(v, datetime) for v in values) else DATE_WIDTH


def _assignments(data: ExportData, labels: Labels) -> _Table:
    rows = data.assignments
    return _Table(
        name=labels["sheet_assignments"],
        title=labels["title_assignments"],
        columns=(
            _Column(labels["col_no"], 5, centered=True),
            _Column(labels["col_number"], 7, centered=True),
            _Column(labels["col_document"], 14),
            _Column(labels["col_lead"], 20),
            _Column(labels["col_supports"], 20),
            _Column(labels["col_task"], 45),
            _Column(labels["col_due"], _due_width([r.due for r in rows]), centered=True),
            _Column(labels["col_status"], 15),
            # Moments shown as days: the exact time stays in the cell's value.
            _Column(labels["col_closed"], DATE_WIDTH, centered=True),
            _Column(labels["col_last_report"], 32),
            _Column(labels["col_last_report_at"], DATE_WIDTH, centered=True),
        ),
        rows=tuple(
            (
                i,
                r.number,
                r.document,
                r.unit_name,
                "; ".join(r.supports) or None,
                r.task,
                _due(r.due, labels),
                labels.status(r.status),
                _Day(r.closed_at) if r.closed_at else None,
                labels.report(r.last_report_kind, r.last_report_text),
                _Day(r.last_report_at) if r.last_report_at else None,
            )
            for i, r in enumerate(rows, start=1)
        ),
    )


def _units(data: ExportData, labels: Labels) -> _Table:
    return _Table(
        name=labels["sheet_units"],
        title=labels["title_units"],
        columns=(
            _Column(labels["col_no"], 5, centered=True),
            _Column(labels["col_unit_code"], 11),
            _Column(labels["col_unit_name"], 32),
            *(_Column(labels.status(s), 12, centered=True) for s in data.statuses),
            _Column(labels["col_total"], 9, centered=True),
        ),
        rows=tuple(
            (i, u.code, u.name, *u.counts, u.total) for i, u in enumerate(data.units, start=1)
        ),
        total=(labels["row_total"], None, None, *data.totals, sum(data.totals)),
    )


def _overdue(data: ExportData, labels: Labels) -> _Table:
    rows = data.overdue
    return _Table(
        name=labels["sheet_overdue"],
        title=labels["title_overdue"],
        columns=(
            _Column(labels["col_no"], 5, centered=True),
            _Column(labels["col_number"], 7, centered=True),
            _Column(labels["col_lead"], 24),
            _Column(labels["col_task"], 55),
            _Column(labels["col_due"], _due_width([r.due for r in rows]), centered=True),
            _Column(labels["col_days_late"], 10, centered=True),
            _Column(labels["col_status"], 16),
        ),
        rows=tuple(
            (i, r.number, r.unit_name, r.task, r.due, r.days_late, labels.status(r.status))
            for i, r in enumerate(rows, start=1)
        ),
    )


def _reports(data: ExportData, labels: Labels) -> _Table:
    return _Table(
        name=labels["sheet_reports"],
        title=labels["title_reports"],
        columns=(
            _Column(labels["col_no"], 5, centered=True),
            _Column(labels["col_report_at"], DATETIME_WIDTH, centered=True),
            _Column(labels["col_number"], 7, centered=True),
            _Column(labels["col_report_unit"], 22),
            _Column(labels["col_reporter"], 18),
            _Column(labels["col_kind"], 16),
            _Column(labels["col_text"], 60),
        ),
        rows=tuple(
            (i, r.at, r.number, r.unit_name, r.person, labels.kind(r.kind), r.text)
            for i, r in enumerate(data.reports, start=1)
        ),
    )


# -- writing a sheet ----------------------------------------------------------------------


def _sheet_name(name: str) -> str:
    return _SHEET_NAME_BAD.sub("", name)[:31] or "-"


def _write(ws: Worksheet, table: _Table, data: ExportData, labels: Labels) -> None:
    width = len(table.columns)
    _heading(ws, 1, table.title, width, Font(bold=True, size=14))
    _heading(ws, 2, labels.as_of(data.generated_at), width, Font(italic=True))
    _heading(ws, 3, labels.scope(data.scope), width, Font(italic=True))
    for col, column in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = column.width
        cell = _put(ws, HEADER_ROW, col, column.header, _HEADING)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    ws.row_dimensions[HEADER_ROW].height = _header_height(table.columns)
    row = HEADER_ROW
    for row, values in enumerate(table.rows, start=HEADER_ROW + 1):
        for col, (value, column) in enumerate(zip(values, table.columns, strict=True), start=1):
            _put(ws, row, col, value, _CENTER if column.centered else _LEFT)
    last_col = get_column_letter(width)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{row}"
    if table.total is not None:
        row += 1
        for col, value in enumerate(table.total, start=1):
            _put(ws, row, col, value, _CENTER).font = _BOLD
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    _print_setup(ws, labels)


def _heading(ws: Worksheet, row: int, text: str, width: int, font: Font) -> None:
    _put(ws, row, 1, text, _HEADING, border=False).font = font
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    ws.row_dimensions[row].height = 22 if row == 1 else 16


def _header_height(columns: Sequence[_Column]) -> float:
    """Enough lines for the longest header in its column (about one character per unit
    of width, 15 points a line): Excel does not grow a row for wrapped header text."""
    lines = max(ceil(len(c.header) / max(c.width - 1, 1)) for c in columns)
    return 15.0 * min(lines, 4) + 3


def _put(
    ws: Worksheet, row: int, col: int, value: Value, align: Alignment, border: bool = True
) -> Cell:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL]
        cell.data_type = "s"  # what an official typed is text, never a formula ("=...")
    elif isinstance(value, _Day):
        cell.value = value.moment
        cell.number_format = DATE_FORMAT
    else:
        cell.value = value
        if isinstance(value, datetime):
            cell.number_format = DATETIME_FORMAT
        elif isinstance(value, date):
            cell.number_format = DATE_FORMAT
    cell.alignment = align
    if border:
        cell.border = _BORDER
    return cell


def _print_setup(ws: Worksheet, labels: Labels) -> None:
    setup = ws.page_setup
    setup.orientation = ws.ORIENTATION_LANDSCAPE
    setup.paperSize = ws.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.oddFooter.center.text = f"{labels['page']} &P/&N"
