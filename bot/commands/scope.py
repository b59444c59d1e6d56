"""Reading the filters of /tiendo and /xuat: a unit, a document, a period of deadlines.

    /tiendo SKHCN                  one unit (an official: their own only)
    /tiendo vb 412/UBND-VX         the assignments of one document
    /tiendo tháng 5 · quý 2/2025 · năm 2025 · từ 1/5 đến 31/5/2025
    /tiendo tháng này · tháng trước · tuần này · quý này · năm nay · 6 tháng đầu năm
                                   deadlines in that period
The parts combine in any order: "/tiendo SKHCN quý 2 vb 412/UBND-VX".

A month or a quarter named without its year is the current one or the most recent one
("quý 2" said in December is this year's second quarter, said in February last year's):
a report is about what has begun, never about a period still to come.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bot.commands.documents import find_one as find_document
from bot.conversation import access
from bot.conversation.context import Context
from bot.errors import UserError
from bot.exports.scope import Scope
from bot.reading.dates import DateError, read_date
from storage.keys import fold

_DOCUMENT = re.compile(r"(?:^|\s)(?:vb|van\s*ban|doc|document)\s+(\S+)", re.I)
_RANGE = re.compile(
    r"(?:^|\s)(?:tu|from)\s+(?:ngay\s+)?(.+?)\s+(?:den|toi|to)\s+(?:ngay\s+)?(\S+)", re.I
)
# "1/12 - 31/12", "1/12 đến 31/12": two written days with no "từ" before them.
_BARE_RANGE = re.compile(
    r"(?:^|\s)(\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?)\s*(?:-|–|den|toi|to)\s*"
    r"(\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?)(?=\s|$)",
    re.I,
)
_MONTH_ONLY = re.compile(r"^(?:thang|month)\s+(\d{1,2})(?:\s*/\s*(\d{4}))?$", re.I)
_MONTH = re.compile(r"(?:^|\s)(?:thang|month)\s+(\d{1,2})(?:\s*/\s*(\d{4}))?(?=\s|$)", re.I)
# "quý 2", not a bare "Q2": "Q1" may be a district's code (Quận 1).
_QUARTER = re.compile(r"(?:^|\s)(?:quy|quarter)\s*([1-4])(?:\s*/\s*(\d{4}))?(?=\s|$)", re.I)
YEARS = range(1900, 2101)
_YEAR = re.compile(r"(?:^|\s)(?:nam|year)\s+(\d{4})(?=\s|$)", re.I)
_HERE = r"(?:nay|hien tai|this|current)"
_BEFORE = r"(?:truoc|vua qua|vua roi|roi|ngoai|last|previous)"
# Periods named from today: (pattern, which one: 0 this, -1 the one before), by unit.
_RELATIVE = re.compile(
    rf"(?:^|\s)(?:(?P<unit>thang|tuan|quy|nam)\s+(?:(?P<here>{_HERE})|(?P<before>{_BEFORE}))"
    rf"|(?:(?P<en_here>this|current)|(?P<en_before>last|previous))\s+"
    rf"(?P<en_unit>month|week|quarter|year))(?=\s|$)",
    re.I,
)
_EN_UNITS = {"month": "thang", "week": "tuan", "quarter": "quy", "year": "nam"}
# The half-year reports: "6 tháng đầu năm", "6 tháng cuối năm 2025", "first half".
_HALF = re.compile(
    r"(?:^|\s)(?:(?:6|sau)\s+thang\s+(?P<vi>dau|cuoi)\s+nam|(?P<en>first|second)\s+half"
    r"(?:\s+of(?:\s+the)?\s+year)?)(?:\s*(?:nam\s+)?(?P<year>\d{4}))?(?=\s|$)",
    re.I,
)


@dataclass
class ReadScope:
    scope: Scope
    # What the answer says it covers: {"document": "412/UBND-VX", "from": date, ...}
    shown: dict[str, Any] = field(default_factory=dict)


def read_scope(ctx: Context, text: str, usage: str) -> ReadScope:
    """The scope TEXT names; USAGE is the template that explains the forms."""
    text = unicodedata.normalize("NFC", text)
    # Folded letter by letter, so the patterns' spans index the original text too.
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    shown: dict[str, Any] = {}
    document_id = None
    if m := _DOCUMENT.search(folded):
        doc = find_document(ctx, text[m.start(1) : m.end(1)])
        document_id, shown["document"] = doc.id, doc.number
        spans.append(m.span())
    period = _period(ctx, text, folded, spans, usage)
    if period is not None:
        shown["from"], shown["to"] = period
    rest = _without(text, spans).strip()
    unit_ids: tuple[int, ...] | None
    if rest:
        unit_ids = (_unit(ctx, rest).id,)
    elif ctx.actor.is_admin:
        unit_ids = None
    else:
        unit_ids = tuple(ctx.actor.unit_ids)
    scope = Scope(
        document_id=document_id,
        unit_ids=unit_ids,
        due_from=period[0] if period else None,
        due_to=period[1] if period else None,
    )
    return ReadScope(scope, shown)


def _unit(ctx: Context, text: str) -> Any:
    """The unit the words left over name; words that are neither a unit nor a period
    get an answer that says so, with the forms that work."""
    try:
        return access.own_unit(ctx, text, include_archived=True)
    except UserError as error:
        if error.template != "unit_unknown":
            raise
        raise UserError("scope_unknown", text=text, command=f"/{ctx.command}") from None


def _period(
    ctx: Context, text: str, folded: str, spans: list[tuple[int, int]], usage: str
) -> tuple[date, date] | None:
    today = ctx.local_now.date()
    if m := _RELATIVE.search(folded):
        spans.append(m.span())
        unit = (m["unit"] or _EN_UNITS[m["en_unit"].lower()]).lower()
        back = bool(m["before"] or m["en_before"])
        return _relative(today, unit, back)
    if m := _HALF.search(folded):
        spans.append(m.span())
        first = (m["vi"] or m["en"]).lower() in ("dau", "first")
        months = (1, 6) if first else (7, 12)
        year = _year(m["year"], usage) or _latest(
            today, lambda y: (date(y, months[0], 1), _month_span(y, months[1])[1])
        )
        return date(year, months[0], 1), _month_span(year, months[1])[1]
    if m := _RANGE.search(folded) or _BARE_RANGE.search(folded):
        spans.append(m.span())
        end = _day(ctx, text[m.start(2) : m.end(2)], usage)
        start = _start_day(
            ctx, text[m.start(1) : m.end(1)], folded[m.start(1) : m.end(1)], end, usage
        )
        # A start written without its year may mean last year's: never one written in full.
        written = re.search(r"\d{4}", folded[m.start(1) : m.end(1)]) is not None
        earlier = None if written else _year_before(start)
        if end < start and earlier is not None and earlier <= end:
            start = earlier  # "từ 1/10 đến 31/12" said in January: the last quarter gone
        if end < start:
            raise UserError("period_reversed", start=start, end=end, command=f"/{ctx.command}")
        return start, end
    if m := _MONTH.search(folded):
        spans.append(m.span())
        return _named_month(m, today, usage)
    if m := _QUARTER.search(folded):
        spans.append(m.span())
        quarter = int(m[1])
        year = _year(m[2], usage) or _latest(today, lambda y: _quarter_span(y, quarter))
        return _quarter_span(year, quarter)
    if m := _YEAR.search(folded):
        spans.append(m.span())
        named = _year(m[1], usage)
        assert named is not None
        year = named
        return date(year, 1, 1), date(year, 12, 31)
    return None


def _year_before(day: date) -> date | None:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return None


def _year(digits: str | None, usage: str) -> int | None:
    if digits is None:
        return None
    if int(digits) not in YEARS:
        raise UserError(usage)
    return int(digits)


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, monthrange(year, month)[1])


def _quarter_span(year: int, quarter: int) -> tuple[date, date]:
    first, last = _month_span(year, quarter * 3 - 2)[0], _month_span(year, quarter * 3)[1]
    return first, last


def _latest(today: date, span: Callable[[int], tuple[date, date]]) -> int:
    """The year of the period named without one: the current one if it has begun, else
    the most recent ("tháng 12" said in January is the December just gone, "quý 2" said
    in December this year's)."""
    return today.year if span(today.year)[0] <= today else today.year - 1


def _relative(today: date, unit: str, back: bool) -> tuple[date, date]:
    """This (or, BACK, the previous) week, month, quarter or year, around TODAY."""
    if unit == "tuan":
        monday = today - timedelta(days=today.weekday() + (7 if back else 0))
        return monday, monday + timedelta(days=6)
    if unit == "thang":
        year, month = today.year, today.month - (1 if back else 0)
        if month == 0:
            year, month = year - 1, 12
        return _month_span(year, month)
    if unit == "quy":
        year, quarter = today.year, (today.month - 1) // 3 + 1 - (1 if back else 0)
        if quarter == 0:
            year, quarter = year - 1, 4
        return _quarter_span(year, quarter)
    year = today.year - (1 if back else 0)
    return date(year, 1, 1), date(year, 12, 31)


def _start_day(ctx: Context, text: str, folded: str, end: date, usage: str) -> date:
    """A range's first day: "tháng 3" starts on the 1st, where a deadline would end; a
    month without its year is the last one on or before the range's END."""
    if m := _MONTH_ONLY.match(folded.strip()):
        if m[2] is None and 1 <= int(m[1]) <= 12:
            month = int(m[1])
            return date(end.year if month <= end.month else end.year - 1, month, 1)
        return _named_month(m, ctx.local_now.date(), usage)[0]
    return _day(ctx, text, usage)


def _named_month(m: re.Match[str], today: date, usage: str) -> tuple[date, date]:
    """The month M names ("tháng 5", "tháng 5/2025": month, then year digits)."""
    month = int(m[1])
    if not 1 <= month <= 12:
        raise UserError(usage)
    year = _year(m[2], usage) or _latest(today, lambda y: _month_span(y, month))
    return _month_span(year, month)


def _day(ctx: Context, text: str, usage: str) -> date:
    try:
        return read_date(text, ctx.now, ctx.settings.timezone).day
    except DateError as error:
        raise UserError(usage) from error


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    kept, at = [], 0
    for start, end in sorted(spans):
        kept.append(text[at:start])
        at = end
    kept.append(text[at:])
    return " ".join("".join(kept).split())
