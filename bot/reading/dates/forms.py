"""The date forms: one handler per form, the ordered table of (pattern, handler), and
the date read at a position, checked against a weekday written before it."""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from datetime import date, time, timedelta

from bot.reading.dates.context import _Ctx
from bot.reading.dates.days import (
    _add_months,
    _day_month,
    _month,
    _month_end,
    _number,
    _shift,
    _sunday,
    _year,
    _year_word,
)
from bot.reading.dates.patterns import (
    _E,
    _NUM,
    _REL_MOD,
    _WEEKDAY,
    _WEEKDAY_LEAD,
    _WEEKDAY_NO,
    _YEAR_TAIL,
)

Handler = Callable[[re.Match[str], _Ctx], tuple[date, time | None] | None]


def _iso(m: re.Match[str], ctx: _Ctx) -> tuple[date, None]:
    return _day_month(ctx, int(m[4]), int(m[3]), int(m[1])), None


def _numeric(m: re.Match[str], ctx: _Ctx) -> tuple[date, None] | None:
    if m[2] == "-" and m[4] is None:
        return None  # "10-12/3" is the 10th to the 12th: a dash wants a year to be a date
    if m[4]:
        year: int | None = _year(m[4])
    elif m[5]:
        year = int(m[5])
    else:
        year = _year_word(m[6], ctx)
    return _day_month(ctx, int(m[1]), int(m[3]), year), None


def _month_year(m: re.Match[str], ctx: _Ctx) -> tuple[date, None]:
    return _month(ctx, int(m[1]), int(m[2])), None


def _bare_year(m: re.Match[str], ctx: _Ctx) -> tuple[date, None]:
    # "Hạn: 2025" is read as "năm 2025", the whole year.
    return date(int(m[1]), 12, 31), None


def _text_date(m: re.Match[str], ctx: _Ctx) -> tuple[date, None]:
    year = int(m[3]) if m[3] else _year_word(m[4], ctx)
    return _day_month(ctx, int(m[1]), int(m[2]), year), None


def _day_only(m: re.Match[str], ctx: _Ctx) -> tuple[date, None]:
    day = int(m[1])
    if not 1 <= day <= 31:
        raise ctx.impossible(f"{day:02d}", day=day)
    first = ctx.today.replace(day=1)
    options = []
    for step in (-1, 0, 1):
        month = _add_months(first, step)
        if day <= monthrange(month.year, month.month)[1]:
            d = month.replace(day=day)
            options.append((abs((d - ctx.today).days), d < ctx.today, d))
    return min(options)[2], None


def _half_year(m: re.Match[str], ctx: _Ctx) -> tuple[date, None] | None:
    months = _number(m[1])
    if not 1 <= months <= 12:
        return None
    month = months if m[2] == "dau" else 12
    year = int(m[3]) if m[3] else _year_word(m[4], ctx)
    if year is None:
        year = ctx.today.year
        if _month_end(year, month) < ctx.today:
            year += 1
    return _month_end(year, month), None


def _hours_from_now(m: re.Match[str], ctx: _Ctx) -> tuple[date, time]:
    n = _number(m[1] or m[2] or m[3])
    when = ctx.now + timedelta(hours=n)
    return when.date(), time(when.hour, when.minute)


def _minutes_from_now(m: re.Match[str], ctx: _Ctx) -> tuple[date, time]:
    when = ctx.now + timedelta(minutes=_number(m[1]))
    return when.date(), time(when.hour, when.minute)


def _count_from_today(m: re.Match[str], ctx: _Ctx) -> tuple[date, None]:
    n, unit, today = _number(m[1]), m[2], ctx.today
    if unit == "ngay lam viec":
        # Public holidays are not known here; weekends are.
        day = today
        while n > 0:
            day += timedelta(days=1)
            n -= day.weekday() < 5
        return day, None
    if unit == "ngay":
        return today + timedelta(days=n), None
    if unit == "tuan":
        return today + timedelta(weeks=n), None
    return _add_months(today, n * (12 if unit == "nam" else 1)), None


def _month_period(m: re.Match[str], ctx: _Ctx) -> tuple[date, None]:
    # "trong tháng 3 và 4" runs until the last month named.
    last = int(re.findall(r"\d{1,2}", m[2])[-1]) if m[2] else int(m[1])
    year = int(m[3]) if m[3] else _year_word(m[4], ctx)
    return _month(ctx, last, year), None


def _period_end(unit: str, shift: int, ctx: _Ctx) -> date:
    today = ctx.today
    if unit == "tuan":
        return _sunday(ctx, shift)
    if unit == "thang":
        end = _add_months(today.replace(day=1), shift)
        return _month_end(end.year, end.month)
    if unit == "nam":
        return date(today.year + shift, 12, 31)
    year, q = divmod((today.month - 1) // 3 + shift, 4)
    return _month_end(today.year + year, q * 3 + 3)


def _relative_period(unit: str) -> Handler:
    def handler(m: re.Match[str], ctx: _Ctx) -> tuple[date, None] | None:
        lead, word = m[1], m[2]
        if lead is None and word is None:
            return None  # a bare "tháng" or "tuần" is no date
        return _period_end(unit, 1 if lead == "sang" else _shift(word), ctx), None

    return handler


_EN_UNITS = {"week": "tuan", "month": "thang", "year": "nam", "quarter": "quy"}


def _english_period(m: re.Match[str], ctx: _Ctx) -> tuple[date, None]:
    # Read here so "next week" means what "tuần sau" means, not dateparser's "in 7 days".
    return _period_end(_EN_UNITS[m[1] or m[2]], 0 if m[1] else 1, ctx), None


def _year_period(m: re.Match[str], ctx: _Ctx) -> tuple[date, time | None] | None:
    word = m[2]
    if word is not None and word.isdigit():
        return date(int(word), 12, 31), None
    return _relative_period("nam")(m, ctx)


_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4}


def _quarter(m: re.Match[str], ctx: _Ctx) -> tuple[date, None]:
    q = int(m[1]) if m[1].isdigit() else _QUARTERS[m[1]]
    year = int(m[2]) if m[2] else _year_word(m[3], ctx)
    if year is None:
        year = ctx.today.year
        if _month_end(year, q * 3) < ctx.today:
            year += 1
    return _month_end(year, q * 3), None


def _weekday_no(m: re.Match[str], at: int = 1) -> int:
    word, short, sunday = m[at], m[at + 1], m[at + 2]
    if sunday:
        return 6
    if short:
        return int(short) - 2
    return int(word) - 2 if word.isdigit() else _WEEKDAY_NO[word]


def _weekday(m: re.Match[str], ctx: _Ctx) -> tuple[date, None]:
    today = ctx.today
    day = today + timedelta(days=_weekday_no(m) - today.weekday())
    word = m[4]
    if word in (None, "nay", "toi"):
        # "thứ 6" on a Saturday is the coming one; "tuần này" below is held to this week.
        if day < today:
            day += timedelta(weeks=1)
        return day, None
    return day + timedelta(weeks=_shift(word.removeprefix("tuan "))), None


def _days_on(n: int) -> Handler:
    def handler(m: re.Match[str], ctx: _Ctx) -> tuple[date, None]:
        return ctx.today + timedelta(days=n), None

    return handler


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(f"(?:{pattern}){_E}")


# Tried in order at one position; the first that matches and accepts wins. Longer forms
# come before the forms they start with ("15 tháng 3" before "15 tháng", "cuối tháng 4"
# before "cuối tháng").
_FORMS: tuple[tuple[re.Pattern[str], Handler], ...] = (
    # "2025-05-12T11:00" too: the "t" joins a time on.
    (re.compile(r"(?:ngay )?(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?:(?![a-z0-9])|(?=t\d))"), _iso),
    (
        _rx(
            r"(?:ngay )?(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![/.-]?\d)"
            r"(?: nam (?:(\d{4})|(nay|sau|toi|ke tiep|truoc)))?"
        ),
        _numeric,
    ),
    (_rx(r"(?:thang )?(\d{1,2})[/.-](\d{4})(?!\d)"), _month_year),
    (_rx(r"((?:19|20)\d\d)(?![/.:-]?\d)"), _bare_year),
    (_rx(r"(?:ngay )?(\d{1,2}) thang (\d{1,2})" + _YEAR_TAIL), _text_date),
    (_rx(r"ngay (\d{1,2})(?![\d/.-])"), _day_only),
    (
        _rx(rf"(?:trong )?({_NUM}) thang (dau|cuoi) nam(?:(?:/|-|,? )(\d{{4}})|,? (nay|sau|toi))?"),
        _half_year,
    ),
    (
        _rx(
            rf"(?:trong(?: vong)? ({_NUM}) ?(?:tieng(?: dong ho)?|gio|h)"
            rf"|(?:sau )?({_NUM}) tieng(?: dong ho)?|({_NUM}) ?(?:gio|h)(?= nua))"
            r"(?: nua| toi)?"
        ),
        _hours_from_now,
    ),
    (_rx(rf"(?:(?:trong(?: vong)?|sau) )?({_NUM}) phut(?: nua| toi)?"), _minutes_from_now),
    (
        _rx(
            rf"(?:(?:trong(?: vong)?|sau|khoang) )?({_NUM}) (ngay lam viec|ngay|tuan|thang|nam)"
            r"(?: nua| toi| sau)?"
        ),
        _count_from_today,
    ),
    (
        _rx(
            r"(?:(?:cuoi|trong|het|den het) )?thang (\d{1,2})"
            r"((?:(?: ?,| va| den| ?-) ?(?:thang )?\d{1,2}(?!\d))*)" + _YEAR_TAIL
        ),
        _month_period,
    ),
    (_rx(r"(?:(cuoi|trong|het|sang) )?thang" + _REL_MOD), _relative_period("thang")),
    (_rx(r"(?:(cuoi|trong|het|sang) )?tuan" + _REL_MOD), _relative_period("tuan")),
    (
        _rx(r"(?:(cuoi|trong|het|sang) )?nam(?: (nay|sau|toi|ke tiep|truoc|\d{4}))?"),
        _year_period,
    ),
    (
        _rx(r"(?:(?:cuoi|trong|het) )?quy (iv|iii|ii|i|[1-4]|mot|hai|ba|bon|tu)" + _YEAR_TAIL),
        _quarter,
    ),
    (_rx(r"(?:(cuoi|trong|het) )?quy" + _REL_MOD), _relative_period("quy")),
    (
        _rx(
            # "thứ 6 tối 8h" is Friday evening, not "the coming Friday, 8h".
            _WEEKDAY + r"(?: (tuan nay|tuan sau nua|tuan sau|tuan toi|tuan ke tiep|tuan truoc"
            r"|nay|toi(?! \d)|sau nua))?"
        ),
        _weekday,
    ),
    (
        _rx(
            r"(?:the )?(?:end of (?:the |this )?|this )(week|month|year|quarter)"
            r"|next (week|month|year|quarter)"
        ),
        _english_period,
    ),
    (_rx(r"(?:(?:trong )?ngay )?hom nay|trong ngay|today|(?:ngay )?bay gio|nay"), _days_on(0)),
    (_rx(r"(?:ngay )?mai|tomorrow"), _days_on(1)),
    (_rx(r"(?:ngay )?(?:kia|mot)"), _days_on(2)),
)
_EXPLICIT = _FORMS[:5]  # the forms a leading weekday ("thứ 2, ngày 12/5") may name


def _match_form(
    s: str, pos: int, ctx: _Ctx, forms: tuple[tuple[re.Pattern[str], Handler], ...]
) -> tuple[date, time | None, int] | None:
    for rx, handler in forms:
        m = rx.match(s, pos)
        if m is not None:
            got = handler(m, ctx)
            if got is not None:
                return got[0], got[1], m.end()
    return None


_WEEKDAY_LABEL = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")


def _check_weekday(ctx: _Ctx, day: date, weekday: int) -> None:
    if day.weekday() != weekday:
        raise ctx.impossible(
            f"{_WEEKDAY_LABEL[weekday]} {day:%d/%m/%Y}",
            day=day.day,
            month=day.month,
            year=day.year,
            weekday=weekday,
        )


def _date_at(s: str, pos: int, ctx: _Ctx) -> tuple[date, time | None, int] | None:
    lead = _WEEKDAY_LEAD.match(s, pos)
    if lead is not None:
        got = _match_form(s, lead.end(), ctx, _EXPLICIT)
        if got is not None:
            _check_weekday(ctx, got[0], _weekday_no(lead))
            return got
    return _match_form(s, pos, ctx, _FORMS)
