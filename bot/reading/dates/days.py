"""Calendar arithmetic for the date forms: numbers in words, years, month ends, the
year a date written without one falls in, checked days and months."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable
from datetime import date, timedelta

from bot.reading.dates.context import _Ctx
from bot.reading.dates.patterns import _UNITS

_MAX_DAY = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _number(words: str) -> int:
    if words.isdigit():
        return int(words)
    parts = words.split()
    if parts[0] == "muoi":
        n, rest = 10, parts[1:]
    elif len(parts) > 1 and parts[1] == "muoi":
        n, rest = _UNITS[parts[0]] * 10, parts[2:]
    else:
        return _UNITS[parts[0]]
    return n + (_UNITS[rest[0]] if rest else 0)


def _year(digits: str) -> int:
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _year_word(word: str | None, ctx: _Ctx) -> int | None:
    if word is None:
        return None
    if word == "nay":
        return ctx.today.year
    return ctx.today.year + (-1 if word == "truoc" else 1)


def _month_end(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


# A date written without its year is the next one to come, unless it fell within the last
# three months: then it is that one (and a deadline is refused as passed). In November
# "20/5" is next May; but on 5 March "04/03" is yesterday, most likely a slip to point out
# rather than a deadline silently a year away.
_RECENT_PAST_DAYS = 92


def _year_of(ctx: _Ctx, on: Callable[[int], date]) -> int:
    today = ctx.today
    years = (today.year - 1, today.year, today.year + 1)
    recent = [y for y in years if 0 < (today - on(y)).days <= _RECENT_PAST_DAYS]
    if recent:
        return max(recent)
    return min(y for y in years if on(y) >= today)


def _nearest_year(ctx: _Ctx, month: int, day: int) -> int:
    return _year_of(ctx, lambda y: date(y, month, min(day, monthrange(y, month)[1])))


def _nearest_month_year(ctx: _Ctx, month: int) -> int:
    return _year_of(ctx, lambda y: _month_end(y, month))


def _day_month(ctx: _Ctx, day: int, month: int, year: int | None) -> date:
    if not (1 <= month <= 12 and 1 <= day <= _MAX_DAY[month]):
        raise ctx.impossible(f"{day:02d}/{month:02d}", day=day, month=month, year=year)
    if year is None:
        year = _nearest_year(ctx, month, day)
    try:
        return date(year, month, day)
    except ValueError:  # 29/02 of a common year, or year 0
        raise ctx.impossible(
            f"{day:02d}/{month:02d}/{year}", day=day, month=month, year=year
        ) from None


def _month(ctx: _Ctx, month: int, year: int | None) -> date:
    if not 1 <= month <= 12:
        raise ctx.impossible(f"tháng {month}", month=month, year=year)
    if year is None:
        year = _nearest_month_year(ctx, month)
    if year < 1:
        raise ctx.impossible(f"{month:02d}/{year}", month=month, year=year)
    return _month_end(year, month)


def _sunday(ctx: _Ctx, weeks: int) -> date:
    return ctx.today + timedelta(days=6 - ctx.today.weekday() + 7 * weeks)


def _shift(word: str | None) -> int:
    # How many periods on from the current one a modifier word points.
    if word in (None, "nay"):
        return 0
    if word == "truoc":
        return -1
    return 2 if word == "sau nua" else 1
