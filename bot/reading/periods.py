"""Reading a period of deadlines an official names: "tháng 5", "quý 2/2025", "năm 2025",
"từ 1/5 đến 31/5/2025", "1/12 - 31/12", "tháng này", "quý trước", "6 tháng đầu năm".

A month or a quarter named without its year is the current one or the most recent one
("quý 2" said in December is this year's second quarter, said in February last year's):
a report is about what has begun, never about a period still to come.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.reading.dates import DateError, read_date
from storage.keys import fold

__all__ = ["Period", "PeriodError", "find_period"]


class PeriodError(ValueError):
    """A period that cannot be used: "unreadable" (a day, a month or a year that is not
    one), or "reversed" (a range that ends before it starts: START and END say how)."""

    def __init__(
        self,
        kind: Literal["unreadable", "reversed"],
        start: date | None = None,
        end: date | None = None,
    ) -> None:
        super().__init__(kind)
        self.kind, self.start, self.end = kind, start, end


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date
    span: tuple[int, int]  # where the text names it


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


def find_period(text: str, now: datetime, tz: ZoneInfo) -> Period | None:
    """The period TEXT names, read against NOW in TZ; None when it names none. The span is
    a position in TEXT itself, which the fold keeps."""
    text = unicodedata.normalize("NFC", text)
    return _read(text, fold(text), now, tz)


def _read(text: str, folded: str, now: datetime, tz: ZoneInfo) -> Period | None:
    today = now.astimezone(tz).date()
    if m := _RELATIVE.search(folded):
        unit = (m["unit"] or _EN_UNITS[m["en_unit"].lower()]).lower()
        back = bool(m["before"] or m["en_before"])
        return Period(*_relative(today, unit, back), m.span())
    if m := _HALF.search(folded):
        first = (m["vi"] or m["en"]).lower() in ("dau", "first")
        months = (1, 6) if first else (7, 12)
        year = _year(m["year"]) or _latest(
            today, lambda y: (date(y, months[0], 1), _month_span(y, months[1])[1])
        )
        return Period(date(year, months[0], 1), _month_span(year, months[1])[1], m.span())
    if m := _RANGE.search(folded) or _BARE_RANGE.search(folded):
        end = _day(text[m.start(2) : m.end(2)], now, tz)
        start = _start_day(text[m.start(1) : m.end(1)], folded[m.start(1) : m.end(1)], end, now, tz)
        # A start written without its year may mean last year's: never one written in full.
        written = re.search(r"\d{4}", folded[m.start(1) : m.end(1)]) is not None
        earlier = None if written else _year_before(start)
        if end < start and earlier is not None and earlier <= end:
            start = earlier  # "từ 1/10 đến 31/12" said in January: the last quarter gone
        if end < start:
            raise PeriodError("reversed", start, end)
        return Period(start, end, m.span())
    if m := _MONTH.search(folded):
        return Period(*_named_month(m, today), m.span())
    if m := _QUARTER.search(folded):
        quarter = int(m[1])
        year = _year(m[2]) or _latest(today, lambda y: _quarter_span(y, quarter))
        return Period(*_quarter_span(year, quarter), m.span())
    if m := _YEAR.search(folded):
        named = _year(m[1])
        assert named is not None
        return Period(date(named, 1, 1), date(named, 12, 31), m.span())
    return None


def _year_before(day: date) -> date | None:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return None


def _year(digits: str | None) -> int | None:
    if digits is None:
        return None
    if int(digits) not in YEARS:
        raise PeriodError("unreadable")
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


def _start_day(text: str, folded: str, end: date, now: datetime, tz: ZoneInfo) -> date:
    """A range's first day: "tháng 3" starts on the 1st, where a deadline would end; a
    month without its year is the last one on or before the range's END."""
    if m := _MONTH_ONLY.match(folded.strip()):
        if m[2] is None and 1 <= int(m[1]) <= 12:
            month = int(m[1])
            return date(end.year if month <= end.month else end.year - 1, month, 1)
        return _named_month(m, now.astimezone(tz).date())[0]
    return _day(text, now, tz)


def _named_month(m: re.Match[str], today: date) -> tuple[date, date]:
    """The month M names ("tháng 5", "tháng 5/2025": month, then year digits)."""
    month = int(m[1])
    if not 1 <= month <= 12:
        raise PeriodError("unreadable")
    year = _year(m[2]) or _latest(today, lambda y: _month_span(y, month))
    return _month_span(year, month)


def _day(text: str, now: datetime, tz: ZoneInfo) -> date:
    try:
        return read_date(text, now, tz).day
    except DateError as error:
        raise PeriodError("unreadable") from error
