"""Reading a deadline at a position of the folded text: prefixes, a time, a date and
a time in either order, a range, and what may follow."""

from __future__ import annotations

import re
from datetime import date, time

from bot.reading.dates.clock_times import _END_OF_DAY, _time_of
from bot.reading.dates.context import _Ctx
from bot.reading.dates.forms import _check_weekday, _date_at, _weekday_no
from bot.reading.dates.patterns import _GAP, _LOOKS_LIKE_DATE, _PREFIX, _TIME, _WEEKDAY_SUFFIX
from storage.deadline import Deadline


def _gap(s: str, pos: int, period: str | None) -> tuple[int, str | None]:
    while (m := _GAP.match(s, pos)) is not None and m.end() > pos:
        if m[1]:
            period = m[1]
        pos = m.end()
    return pos, period


def _skip_prefix(s: str, pos: int) -> int:
    while (m := _PREFIX.match(s, pos)) is not None and m.end() > pos:
        pos = m.end()
    return pos


_REST_STRIP = " .,;:!?)\"'"
_LUNAR = re.compile(r"\b(?:am lich|al)\b")


def _read(s: str, pos: int, ctx: _Ctx) -> Deadline | None:
    """The deadline at the start of s[pos:], or None when no form of ours starts there."""
    pos = _skip_prefix(s, pos)
    if s.startswith("tu ", pos):
        return _read_range(s, pos, ctx)
    pos, period = _gap(s, pos, None)
    at: time | None = None
    given = False
    m = _TIME.match(s, pos)
    if m is not None:
        at, given = _time_of(m, period, ctx), True
        pos, period = _gap(s, m.end(), None)
    got = _date_at(s, pos, ctx)
    if got is not None:
        day, own_time, pos = got
        if own_time is not None:
            if given:  # "17h 3 tiếng nữa"
                raise ctx.not_a_date("two_dates")
            at, given = own_time, True
        pos, period = _gap(s, pos, period)
        m = None if given else _TIME.match(s, pos)
        if m is not None:
            at, given = _time_of(m, period, ctx), True
            pos = m.end()
    elif given:
        day = ctx.today
    else:
        return None
    _check_rest(s, pos, day, ctx)
    return Deadline(day, None if at is _END_OF_DAY else at)


def _read_range(s: str, pos: int, ctx: _Ctx) -> Deadline | None:
    # "từ 10/3 đến 15/3", "từ nay đến cuối tháng": the deadline is the end of the range.
    cut = s.rfind(" den ", pos)
    if cut < 0:
        cut = s.rfind(" toi ", pos)  # "tới" typed without its marks
    if cut < 0:
        return None
    end = _read(s, cut + 1, ctx)
    start = _read(s[:cut], pos + 3, ctx)
    if end is None or start is None:
        return None
    if end.day < start.day:
        raise ctx.not_a_date("range")
    return end


def _check_rest(s: str, pos: int, day: date, ctx: _Ctx) -> None:
    rest = s[pos:].strip(_REST_STRIP)
    if not rest:
        return
    if ctx.strict:
        raise ctx.not_a_date("trailing")
    m = _WEEKDAY_SUFFIX.match(rest)
    if m is not None:  # "12/5/2025 (thứ Hai)": the weekday must be that day's
        last = m.lastindex or 0
        _check_weekday(ctx, day, last - 4 if last > 3 else _weekday_no(m))
        rest = rest[m.end() :]
    if _LOOKS_LIKE_DATE.search(rest):
        raise ctx.not_a_date("two_dates")
    if _LUNAR.search(rest):  # "15/8 âm lịch" is another calendar, not 15 August
        raise ctx.not_a_date("lunar")
