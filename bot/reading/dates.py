"""Reading the deadlines officials write: "chậm nhất trước 11 giờ 00 phút, ngày 12/5/2025".

`read_date` turns a short phrase into a local day and, when one was written, a time of day.
Vietnamese administrative forms are read by precompiled regular expressions on a
diacritics-free form of the text, so "thu 6 tuan sau" reads like "thứ 6 tuần sau". Day
always comes first ("03/04/2025" is 3 April). Only what those expressions do not know goes
to dateparser, and its answer is kept only when it agrees with every date written in the
text: dateparser reads "trước" as "ago" and "11 giờ 00 phút, ngày 12/5/2025" as "in 11
hours", so it must never have the last word on a number the official wrote.

`read_deadline` adds one check: the deadline must not have passed already.

Errors carry a kind and the offending parts, never a sentence: the wording lives in the
message templates.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from storage.deadline import Deadline
from storage.keys import fold

__all__ = ["DateError", "DateErrorKind", "read_date", "read_deadline"]

DateErrorKind = Literal["not_a_date", "impossible", "past"]


class DateError(ValueError):
    """Why a text gave no usable deadline.

    kind: "not_a_date" (nothing readable, or two different dates), "impossible" (a day,
    month, hour or weekday that cannot be), "past" (read_deadline only).
    detail: the offending part in numbers: "31/02", "29/02/2025", "tháng 13", "25h",
    "11h75", "13pm", "T6 12/05/2025" (that day is not a Friday), "out_of_range" (off the
    calendar); the ISO deadline for "past"; for "not_a_date" "" or "two_dates",
    "disagrees" (dateparser's answer contradicts a date written in the text), "range"
    (ends before it starts), "lunar" (an âm lịch date).
    """

    def __init__(
        self,
        kind: DateErrorKind,
        text: str,
        detail: str = "",
        *,
        day: int | None = None,
        month: int | None = None,
        year: int | None = None,
        hour: int | None = None,
        minute: int | None = None,
        weekday: int | None = None,
        value: Deadline | None = None,
    ) -> None:
        super().__init__(f"{kind}: {text!r}" + (f" ({detail})" if detail else ""))
        self.kind: DateErrorKind = kind
        self.text = text
        self.detail = detail
        self.day = day
        self.month = month
        self.year = year
        self.hour = hour
        self.minute = minute
        self.weekday = weekday  # 0 = Monday, as date.weekday()
        self.value = value  # for "past": what was read

    def values(self) -> dict[str, object]:
        """What the refusal's template says: the text as typed and the offending part;
        for a weekday that is not the date's, the date and the weekday written."""
        found: dict[str, object] = {
            "text": self.text,
            "detail": self.detail,
            "weekday": None,
            "on": None,
        }
        if self.weekday is not None and self.day and self.month and self.year:
            found |= {"weekday": self.weekday, "on": date(self.year, self.month, self.day)}
        return found


# --- normalising -------------------------------------------------------------------------


_PUNCT = str.maketrans(
    {
        "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
        "\u00a0": " ", "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
        "\u2032": "'",
    }
)  # fmt: skip
_SPACES = re.compile(r"\s+")
_DIGIT_GAP = re.compile(r"(?<=\d) ?([/:]) ?(?=\d)")
_EDGE = " \"'«»()[]{}.,;:!?…*_~-"
# "tới" means "until" before a day or an hour ("tới ngày 12/5", "tới 17h") but folds to the
# same letters as "tối" (evening); settle it while the marks are still there.
_UNTIL_TOI = re.compile(
    r"(?<!tuần )(?<!tháng )(?<!năm )(?<!quý )(?<!ngày )(?<!giờ )"
    r"\btới(?= (?:ngày|hết|cuối|thứ|chủ|mai|hôm|\d))"
)


def _normalise(text: str) -> str:
    s = unicodedata.normalize("NFC", text).lower().translate(_PUNCT)
    s = _SPACES.sub(" ", s).strip().strip(_EDGE)
    s = _DIGIT_GAP.sub(r"\1", s)
    return _UNTIL_TOI.sub("den", s)


# --- pieces of patterns (all on folded text) ---------------------------------------------

_E = r"(?![a-z0-9])"
_UNIT_WORDS = "mot|hai|ba|bon|tu|lam|nam|sau|bay|tam|chin"
_NUM = (
    rf"(?:\d{{1,3}}(?!\d)|(?:(?:(?:hai|ba|bon|nam|sau|bay|tam|chin) )?muoi(?: (?:{_UNIT_WORDS}))?"
    r"|mot|hai|ba|bon|nam|sau|bay|tam|chin)(?![a-z0-9]))"
)
_UNITS = {
    "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5,
    "sau": 6, "bay": 7, "tam": 8, "chin": 9,
}  # fmt: skip
_WEEKDAY = r"(?:thu (hai|ba|tu|nam|sau|bay|[2-7])|t([2-7])|(chu nhat|cn))"
_WEEKDAY_NO = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}
_YEAR_TAIL = r"(?:(?:/|-|,? nam |,? )(\d{4})|,? nam (nay|sau|toi|ke tiep|truoc))?(?!\d)"
_NEXT = "sau nua|sau|toi|ke tiep"
_REL_MOD = rf"(?: (nay|{_NEXT}|truoc))?"

_PREFIX = re.compile(
    r"(?:(?:hoan thanh|xong|nop|gui)(?: truoc| vao| den)?|han chot|han cuoi|thoi han"
    r"|thoi gian(?: hoan thanh| thuc hien)?|han|truoc|"
    r"cham nhat(?: la)?|muon nhat(?: la)?|den het|den|het|vao|luc|trong(?= ngay \d)|la|"
    r"deadline|due date|due|no later than|by|before|until|on|at)"
    r"(?![a-z0-9])[ :,.-]*"
)
_PERIOD = r"(?:buoi )?(sang(?! (?:nam|tuan|thang)\b)|trua|chieu|toi|dem)"
_GAP = re.compile(
    rf"(?:[ ,;:]+|-+ |\(|{_PERIOD}{_E}|(?:vao luc|vao|luc|at|on|cua){_E}|t(?=\d{{1,2}}:\d))"
)
_TIME = re.compile(
    r"(?:(?:luc|at) )?(?:"
    r"(?P<h1>\d{1,2})(?::(?P<m1>\d{2}))? ?(?P<ampm>am|pm)"
    r"|(?P<h2>\d{1,2}):(?P<m2>\d{2})(?::\d{2})?(?!\d)"
    r"|(?P<h3>\d{1,2}) ?(?:gio|h|g)"
    # Minutes: "17h00", "17 giờ 00 phút", "8 giờ 30 ngày 20/12"; not a count of something
    # else ("5h 30 ngày nữa" is no 5:30).
    r"(?: ?(?P<m3>\d{1,2})(?![\d/.-])(?=(?: ?(?:phut|p|'))| ?$|[^ a-z0-9]| (?!(?:tieng|gio|h|tuan"
    r"|thang|nam)\b)(?:ngay (?=\d)|(?!ngay\b)))(?: ?(?:phut|p|'))?"
    r"| (?P<half>ruoi)| kem (?P<less>\d{1,2})"
    r"(?: ?(?:phut|p|'))?)?"
    rf"){_E}(?: (?:buoi )?(?P<per>sang|trua|chieu|toi|dem){_E})?(?! ?nua)"
)
_WEEKDAY_SUFFIX = re.compile(
    rf"\(?(?:{_WEEKDAY}|(monday)|(tuesday)|(wednesday)|(thursday)|(friday)|(saturday)|(sunday))"
    rf"\)?{_E}"
)
_WEEKDAY_LEAD = re.compile(rf"{_WEEKDAY}(?:,| -|\.)? \(?(?=(?:ngay )?\d)")
# What, after a complete date, would make the text name two dates.
_LOOKS_LIKE_DATE = re.compile(
    r"(?<!\d)\d{1,2}[/.-]\d{1,2}(?!\d)|(?<!\d)(?:19|20)\d\d(?!\d)|(?<!\d)\d{1,2} ?(?:h|g|gio)\b"
    r"|\d{1,2}:\d\d|\b(?:ngay|thang|quy|thu|tuan) \d|\b(?:hom nay|ngay mai|ngay kia|ngay mot"
    r"|tuan sau|tuan toi|thang sau|thang toi|nam sau|cuoi (?:tuan|thang|nam|quy)"
    r"|thu (?:hai|ba|tu|nam|sau|bay)|chu nhat|today|tomorrow|next (?:week|month|year)"
    r"|january|february|march|april|june|july|august|september|october|november|december)\b"
)

# --- dates -------------------------------------------------------------------------------

_MAX_DAY = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(slots=True)
class _Ctx:
    text: str
    now: datetime  # local, aware
    strict: bool = False  # nothing may follow the date

    @property
    def today(self) -> date:
        return self.now.date()

    def impossible(
        self,
        detail: str,
        *,
        day: int | None = None,
        month: int | None = None,
        year: int | None = None,
        hour: int | None = None,
        minute: int | None = None,
        weekday: int | None = None,
    ) -> DateError:
        return DateError(
            "impossible", self.text, detail, day=day, month=month, year=year, hour=hour,
            minute=minute, weekday=weekday,
        )  # fmt: skip

    def not_a_date(self, detail: str = "") -> DateError:
        return DateError("not_a_date", self.text, detail)


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


# --- times -------------------------------------------------------------------------------

_END_OF_DAY = time.max  # "24h": the end of the day, which is what a day without a time means


def _clock(hour: int, minute: int, period: str | None, shown: str, ctx: _Ctx) -> time:
    if minute > 59 or hour > 24 or (hour == 24 and minute):
        raise ctx.impossible(shown, hour=hour, minute=minute)
    # "3h chiều" is 15:00, "1h trưa" 13:00, "10h đêm" 22:00 but "2h đêm" 02:00;
    # "12h đêm" is midnight, the end of that day.
    afternoon = {"chieu": (1, 11), "toi": (1, 11), "trua": (1, 5), "dem": (6, 11)}
    low, high = afternoon.get(period or "", (1, 0))
    if low <= hour <= high:
        hour += 12
    elif period in ("toi", "dem") and hour == 12:
        hour = 24
    return _END_OF_DAY if hour == 24 else time(hour, minute)


def _time_of(m: re.Match[str], pending: str | None, ctx: _Ctx) -> time:
    period = m["per"] or pending
    if m["ampm"]:
        hour, minute = int(m["h1"]), int(m["m1"] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise ctx.impossible(f"{hour}{m['ampm']}", hour=hour, minute=minute)
        hour = hour % 12 + (12 if m["ampm"] == "pm" else 0)
        return time(hour, minute)
    if m["h2"]:
        hour, minute = int(m["h2"]), int(m["m2"])
        return _clock(hour, minute, period, f"{hour}:{minute:02d}", ctx)
    hour = int(m["h3"])
    minute = 30 if m["half"] else int(m["m3"] or 0)
    shown = f"{hour}h{minute:02d}" if m["m3"] else f"{hour}h"
    if m["less"]:
        less = int(m["less"])
        if less > 59 or hour > 24:
            raise ctx.impossible(f"{hour}h-{less}", hour=hour, minute=less)
        hour, minute = divmod(hour * 60 - less, 60)
    return _clock(hour, minute, period, shown, ctx)


# --- reading -----------------------------------------------------------------------------


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


# --- fallback ----------------------------------------------------------------------------

# Without one of these dateparser is only guessing ("50%" comes back as the year 2050).
# The English words are matched against the text with its marks, so "máy" is not "may".
_EN_HINT = re.compile(
    r"\b(?:today|tonight|tomorrow|yesterday|noon|midnight|next|last|this|ago|weekend|fortnight"
    r"|(?:in|within|after) (?:a|an|one|two|three|\d+)|days?|weeks?|months?|years?|hours?"
    r"|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?"
    r"|sun(?:day)?)\b|\d(?:st|nd|rd|th)\b"
)
_EN_MONTH = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
# Full names only: "thu" or "sat" typed without marks are Vietnamese words.
_EN_WEEKDAY = re.compile(
    r"\b(?:(monday)|(tuesday)|(wednesday)|(thursday)|(friday)|(saturday)|(sunday))\b"
)
_WRITTEN_DM = re.compile(
    r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d/.-])"
    r"|(?<!\d)(\d{1,2}) thang (\d{1,2})(?!\d)"
)
_WRITTEN_ISO = re.compile(r"(?<!\d)(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?!\d)")
_WRITTEN_YEAR = re.compile(r"(?<![\d/.-])(?:19|20)\d\d(?![\d/.-])|(?<=[/.-])\d{4}(?!\d)")
_TIME_HINT = re.compile(
    r"\d{1,2}:\d\d|\d ?(?:am|pm|a\.m\.|p\.m\.)\b|\b(?:noon|midnight|tonight|o'?clock)\b"
    r"|(?<!\d)\d{1,2} ?(?:h|g|gio)\b|\b(?:hours?|minutes?|mins?)\b"
)


_FALLBACK_MAX = 200  # a field or a phrase; a paragraph only gives dateparser more to misread


def _fallback(n: str, f: str, ctx: _Ctx, tz: ZoneInfo) -> Deadline:
    if len(f) > _FALLBACK_MAX or _LUNAR.search(f):
        raise ctx.not_a_date()
    start = _skip_prefix(f, 0)
    n, f = n[start:], f[start:]
    written = [
        (int(m[1] or m[5]), int(m[3] or m[6]), _year(m[4]) if m[4] else None)
        for m in _WRITTEN_DM.finditer(f)
    ]
    written += [(int(m[3]), int(m[2]), int(m[1])) for m in _WRITTEN_ISO.finditer(f)]
    years = {int(y) for y in _WRITTEN_YEAR.findall(f)}
    has_month = bool(_EN_MONTH.search(n))
    if not (written or years or has_month or _EN_HINT.search(n)):
        raise ctx.not_a_date()

    import dateparser  # slow to import, and most texts never get here

    settings = {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "future",
        "PREFER_DAY_OF_MONTH": "last",  # "March 2026" is a period: it ends on the 31st
        "RELATIVE_BASE": ctx.now.replace(tzinfo=None),
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if tz.key:  # a zone read from a file has no name; the naive local base still holds
        settings["TIMEZONE"] = tz.key
    try:
        got = dateparser.parse(n, languages=["vi", "en"], settings=settings)
    except Exception:  # its failures on odd text are ours to report as "not a date"
        got = None
    if got is None:
        raise ctx.not_a_date()
    day = got.date()
    for d, mo, y in written:
        if (day.day, day.month) != (d, mo) or (y is not None and day.year != y):
            raise ctx.not_a_date("disagrees")
    if years and day.year not in years:
        raise ctx.not_a_date("disagrees")
    named = _EN_WEEKDAY.search(n)
    if named is not None and named.lastindex:  # "friday 12/5/2025", and 12/5/2025 is a Monday
        _check_weekday(ctx, day, named.lastindex - 1)
    if not years and (written or has_month):
        # dateparser's "future" takes "March 4" on 5 March to next year; ours is nearest.
        with contextlib.suppress(ValueError):  # 29 February of a common year: leave it
            day = day.replace(year=_nearest_year(ctx, day.month, day.day))
    at = time(got.hour, got.minute) if _TIME_HINT.search(f) else None
    return Deadline(day, at)


# --- public ------------------------------------------------------------------------------


def _local(now: datetime, tz: ZoneInfo) -> datetime:
    # A naive `now` is taken as already local, rather than refused.
    return now.replace(tzinfo=tz) if now.tzinfo is None else now.astimezone(tz)


def read_date(text: str, now: datetime, tz: ZoneInfo, *, strict: bool = False) -> Deadline:
    """What the bot reads from TEXT (now = aware datetime).

    Words after the date are tolerated ("10/02/2026 để báo cáo UBND tỉnh") unless STRICT.
    Raises DateError("not_a_date"|"impossible").
    """
    ctx = _Ctx(text, _local(now, tz), strict)
    n = _normalise(text)
    f = fold(n)
    if not f:
        raise ctx.not_a_date()
    try:
        got = _read(f, 0, ctx)
    except DateError:
        raise
    except (ValueError, OverflowError):  # "999 ngày nữa" near year 9999: off the calendar
        raise ctx.impossible("out_of_range") from None
    return got if got is not None else _fallback(n, f, ctx, tz)


def read_deadline(text: str, now: datetime, tz: ZoneInfo) -> Deadline:
    """read_date, plus DateError("past") when the deadline is already passed at `now`.

    Passed means a day before today, or today at a time earlier than now; today without a
    time is still open.
    """
    got = read_date(text, now, tz)
    if got.at(tz) < _local(now, tz):
        raise DateError(
            "past",
            text,
            got.iso(),
            day=got.day.day,
            month=got.day.month,
            year=got.day.year,
            hour=got.time.hour if got.time else None,
            minute=got.time.minute if got.time else None,
            value=got,
        )
    return got


# A date phrase is a few words at most ("thứ hai tuần sau lúc 9h"); more is the reason.
_SPLIT_MAX_WORDS = 8


def split_date(text: str, now: datetime, tz: ZoneInfo) -> tuple[Deadline, str]:
    """The date TEXT starts with, and the words after it: "20/5 chưa có kinh phí" gives
    (20/5, "chưa có kinh phí"). The longest run of leading words that is a date, and
    nothing else, wins. Raises DateError("not_a_date") when no leading words are a date."""
    words = text.split()
    first_error: DateError | None = None
    for k in range(min(len(words), _SPLIT_MAX_WORDS), 0, -1):
        try:
            got = read_date(" ".join(words[:k]), now, tz, strict=True)
        except DateError as error:
            if error.kind == "impossible":
                raise
            first_error = first_error or error
            continue
        return got, " ".join(words[k:])
    raise DateError("not_a_date", text, first_error.detail if first_error else "")
