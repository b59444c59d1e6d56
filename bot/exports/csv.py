"""The assignments as CSV: UTF-8 with a byte order mark, so Excel reads Vietnamese right.

Dates are ISO 8601 (2026-02-10, 2026-01-12 15:00), which spreadsheets read in every
locale, where 10/02/2026 would be the 2nd of October in some.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from io import StringIO

from bot.exports.labels import Labels
from bot.exports.rows import AssignmentRow, ExportData

# A spreadsheet runs a cell starting with one of these as a formula ("=HYPERLINK(...)").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def build_csv(data: ExportData, labels: Labels) -> bytes:
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            labels[key]
            for key in (
                "col_number",
                "col_document",
                "col_unit_code",
                "col_lead",
                "col_supports",
                "col_task",
                "col_due",
                "col_status",
                "col_closed",
                "col_last_report",
                "col_last_report_at",
            )
        ]
    )
    writer.writerows(_values(r, labels) for r in data.assignments)
    return out.getvalue().encode("utf-8-sig")


def _values(r: AssignmentRow, labels: Labels) -> list[str | int]:
    return [
        r.number,
        _text(r.document),
        _text(r.unit_code),  # codes made before they had to start with a letter or digit
        _text(r.unit_name),
        _text("; ".join(r.supports)),
        _text(r.task),
        _when(r.due) if r.due is not None else labels["no_deadline"],
        labels.status(r.status),
        _when(r.closed_at),
        _text(labels.report(r.last_report_kind, r.last_report_text)),
        _when(r.last_report_at),
    ]


def _text(value: str | None) -> str:
    """VALUE as a cell that stays text: a leading apostrophe, as Excel itself marks text."""
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _when(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return value.isoformat()
