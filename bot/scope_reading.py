"""Reading the filters of /tiendo and /xuat: a unit, a document, a period of deadlines.

    /tiendo SKHCN                  one unit (an official: their own only)
    /tiendo vb 412/UBND-VX         the assignments of one document
    /tiendo tháng 5 · quý 2/2025 · năm 2025 · từ 1/5 đến 31/5/2025
                                   deadlines in that period
The parts combine in any order: "/tiendo SKHCN quý 2 vb 412/UBND-VX".
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot import access
from bot.commands.documents import find_one as find_document
from bot.context import Context
from bot.dates import DateError, read_date
from bot.errors import UserError
from bot.exports.scope import Scope
from storage.keys import strip_diacritics

_DOCUMENT = re.compile(r"(?:^|\s)(?:vb|van\s*ban|doc|document)\s+(\S+)", re.I)
_RANGE = re.compile(
    r"(?:^|\s)(?:tu|from)\s+(?:ngay\s+)?(.+?)\s+(?:den|toi|to)\s+(?:ngay\s+)?(\S+)", re.I
)
_MONTH_ONLY = re.compile(r"^(?:thang|month)\s+(\d{1,2})(?:\s*/\s*(\d{4}))?$", re.I)
_MONTH = re.compile(r"(?:^|\s)(?:thang|month)\s+(\d{1,2})(?:\s*/\s*(\d{4}))?(?=\s|$)", re.I)
# "quý 2", not a bare "Q2": "Q1" may be a district's code (Quận 1).
_QUARTER = re.compile(r"(?:^|\s)(?:quy|quarter)\s*([1-4])(?:\s*/\s*(\d{4}))?(?=\s|$)", re.I)
YEARS = range(1900, 2101)
_YEAR = re.compile(r"(?:^|\s)(?:nam|year)\s+(\d{4})(?=\s|$)", re.I)


@dataclass
class ReadScope:
    scope: Scope
    # What the answer says it covers: {"document": "412/UBND-VX", "from": date, ...}
    shown: dict[str, Any] = field(default_factory=dict)


def read_scope(ctx: Context, text: str, usage: str) -> ReadScope:
    """The scope TEXT names; USAGE is the template that explains the forms."""
    text = unicodedata.normalize("NFC", text)
    # Folded letter by letter, so the patterns' spans index the original text too.
    folded = "".join(strip_diacritics(ch)[:1] or ch for ch in text)
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
        unit = access.own_unit(ctx, rest, include_archived=True)
        unit_ids = (unit.id,)
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


def _period(
    ctx: Context, text: str, folded: str, spans: list[tuple[int, int]], usage: str
) -> tuple[date, date] | None:
    today = ctx.local_now.date()
    if m := _RANGE.search(folded):
        spans.append(m.span())
        start = _start_day(ctx, text[m.start(1) : m.end(1)], folded[m.start(1) : m.end(1)], usage)
        end = _day(ctx, text[m.start(2) : m.end(2)], usage)
        # A start written without its year may mean last year's: never one written in full.
        written = re.search(r"\d{4}", folded[m.start(1) : m.end(1)]) is not None
        earlier = None if written else _year_before(start)
        if end < start and earlier is not None and earlier <= end:
            start = earlier  # "từ 1/10 đến 31/12" said in January: the last quarter gone
        if end < start:
            raise UserError(usage)
        return start, end
    if m := _MONTH.search(folded):
        spans.append(m.span())
        return _named_month(m, today, usage)
    if m := _QUARTER.search(folded):
        spans.append(m.span())
        quarter = int(m[1])
        year = _year(m[2], usage) or _nearest(today, lambda y: _quarter_span(y, quarter))
        return _quarter_span(year, quarter)
    if m := _YEAR.search(folded):
        spans.append(m.span())
        year = _year(m[1], usage)
        assert year is not None
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


def _nearest(today: date, span: Callable[[int], tuple[date, date]]) -> int:
    """The year in which a period named without one lies nearest TODAY: "tháng 12" said
    in January is the December just gone, said in November the one to come."""

    def distance(year: int) -> int:
        start, end = span(year)
        return (
            0 if start <= today <= end else min(abs((start - today).days), abs((end - today).days))
        )

    return min((today.year - 1, today.year, today.year + 1), key=distance)


def _start_day(ctx: Context, text: str, folded: str, usage: str) -> date:
    """A period's first day: "tháng 3" starts on the 1st, where a deadline would end."""
    if m := _MONTH_ONLY.match(folded.strip()):
        return _named_month(m, ctx.local_now.date(), usage)[0]
    return _day(ctx, text, usage)


def _named_month(m: re.Match[str], today: date, usage: str) -> tuple[date, date]:
    """The month M names ("tháng 5", "tháng 5/2025": month, then year digits)."""
    month = int(m[1])
    if not 1 <= month <= 12:
        raise UserError(usage)
    year = _year(m[2], usage) or _nearest(today, lambda y: _month_span(y, month))
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
