"""Recurring duties: "trước ngày 20 hằng tháng", "thứ 6 hằng tuần", "định kỳ hằng quý".

`read_rule` reads the recurrence an official wrote into a `Rule`; `Rule.text` is its
stored form; `next_deadline` gives the next occurrence, computed by APScheduler's cron
triggers. A monthly day that a month lacks falls on that month's last day (day 31 is 30/4
and 28/2). Quarterly duties fall in the last month of each quarter (3, 6, 9, 12).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger

from storage.deadline import Deadline
from storage.keys import fold

__all__ = ["Rule", "RuleError", "next_deadline", "read_rule"]

KINDS = ("weekly", "monthly", "quarterly")
QUARTER_MONTHS = (3, 6, 9, 12)
# The longest each month can be (February: 29).
_MONTH_MAX = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}

RuleErrorKind = Literal["unsupported", "impossible", "ambiguous"]


class RuleError(ValueError):
    """A text that names a recurrence this bot cannot keep.

    kind: "unsupported" (daily, yearly, every 2 weeks, a weekday of a month...),
    "impossible" (day 32, thứ 9, 25h), "ambiguous" (two periods: "hằng tuần, hằng tháng").
    detail: the offending part, diacritics removed ("hang nam", "ngay 32", "25h").
    """

    def __init__(self, kind: RuleErrorKind, text: str, detail: str = "") -> None:
        self.kind = kind
        self.text = text
        self.detail = detail
        super().__init__(f"{kind}: {detail or text!r}")


@dataclass(frozen=True)
class Rule:
    kind: str  # "weekly" | "monthly" | "quarterly"
    weekday: int | None  # weekly: Monday=0
    day: int | None  # monthly/quarterly: day of month 1-31, or None for the last day
    at: time | None = None  # a time of day if the text gave one

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown recurrence {self.kind!r}: expected one of {KINDS}")
        if self.kind == "weekly":
            if self.weekday is None or not 0 <= self.weekday <= 6 or self.day is not None:
                raise ValueError("a weekly rule needs a weekday 0-6 (Monday=0) and no day")
        elif self.weekday is not None or (self.day is not None and not 1 <= self.day <= 31):
            raise ValueError(f"a {self.kind} rule needs a day 1-31 (or None) and no weekday")
        if self.at is not None and (
            self.at.tzinfo is not None or self.at.second or self.at.microsecond
        ):
            raise ValueError("a rule's time is a local hour and minute")

    def text(self) -> str:
        """The stored form: "weekly:4", "monthly:20", "quarterly:last", "weekly:4@17:00"."""
        if self.kind == "weekly":
            value = str(self.weekday)
        else:
            value = "last" if self.day is None else str(self.day)
        suffix = "" if self.at is None else f"@{self.at:%H:%M}"
        return f"{self.kind}:{value}{suffix}"

    @classmethod
    def parse(cls, text: str) -> Rule:
        """The inverse of text(); ValueError for anything else."""
        match = _STORED.fullmatch(text)
        if not match:
            raise ValueError(f"not a stored recurrence: {text!r}")
        kind, value, hour, minute = match.groups()
        at = None
        if hour is not None:
            if int(hour) > 23 or int(minute) > 59:
                raise ValueError(f"not a stored recurrence: {text!r}")
            at = time(int(hour), int(minute))
        if kind == "weekly":
            if value == "last" or int(value) > 6:
                raise ValueError(f"not a stored recurrence: {text!r}")
            return cls(kind, int(value), None, at)
        if value != "last" and int(value) == 0:
            raise ValueError(f"not a stored recurrence: {text!r}")
        return cls(kind, None, None if value == "last" else int(value), at)


_STORED = re.compile(r"(weekly|monthly|quarterly):(last|0|[1-9]\d?)(?:@(\d\d):(\d\d))?")


# -- reading what officials write ------------------------------------------------------


def _plain(text: str) -> str:
    """Lower case, no diacritics, single spaces: "Thứ Sáu  hằng tuần" -> "thu sau hang tuan"."""
    text = fold(unicodedata.normalize("NFC", text))
    return re.sub(r"\s+", " ", text).strip()


_WEEKDAY_WORDS = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}
_ENGLISH_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_EN_DAY = "|".join(_ENGLISH_DAYS)

_PERIODS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "quarterly",
        re.compile(
            r"\b(?:hang|moi) quy\b|\bthang cuoi (?:cua )?(?:moi |hang )?quy\b"
            r"|\bquarterly\b|\b(?:every|each) quarter\b"
        ),
    ),
    (
        "monthly",
        re.compile(r"\b(?:hang|moi) thang\b|\bmonthly\b|\b(?:every|each) month\b"),
    ),
    (
        "weekly",
        re.compile(rf"\b(?:hang|moi) tuan\b|\bweekly\b|\b(?:every|each) (?:week|{_EN_DAY})\b"),
    ),
)
# Recurrences that a Rule cannot hold.
_UNSUPPORTED = re.compile(
    r"\b(?:hang|moi) (?:ngay|nam)\b|\b(?:hang|moi) \d+ (?:ngay|tuan|thang|nam)\b"
    r"|\b(?:\d+|hai|ba|sau) (?:ngay|tuan|thang|nam) (?:mot|1) lan\b|\bnua nam\b"
    r"|\b(?:daily|yearly|annually|fortnightly|biweekly)\b"
    r"|\b(?:every|each) (?:day|year|other|\d+)\b|\bdinh ky\b"
)
_TIMES = (
    # 17h, 17h30, 17 giờ, 17 giờ 30 phút, 17g30, 5 giờ chiều
    re.compile(
        r"\b(\d{1,2}) ?(?:h|g|gio)(?: ?(\d{1,2}) ?(?:p|phut)?)?(?![a-z])"
        r"(?: (sang|trua|chieu|toi))?"
    ),
    # 17:00, 5:30 pm
    re.compile(r"\b(\d{1,2}):(\d{2})\b(?: ?(am|pm)\b)?"),
    # 5pm, 5 pm
    re.compile(r"\b(\d{1,2})()(?: ?(am|pm))\b"),
)
_DAY = re.compile(
    r"\b(?:ngay|mung|mong|day)\s?(\d{1,2})\b(?!/)"
    r"|\b(\d{1,2})(?:st|nd|rd|th)\b"
    r"|\bon the (\d{1,2})\b"
)
_LAST_DAY = re.compile(
    r"\bcuoi (?:cung )?(?:cua )?(?:moi |hang |cac )?(?:thang|quy)\b|\bngay cuoi\b"
    r"|\blast day\b|\bend of (?:the |each |every )?(?:month|quarter)\b"
)
_VAGUE_DAY = re.compile(r"\b(?:dau|giua) (?:moi |hang )?(?:thang|quy)\b")
_WEEKDAY = re.compile(
    r"\b(?:thu|t) ?(\d)\b|\bthu (hai|ba|tu|nam|sau|bay)\b|\b(chu nhat|cn)\b"
    rf"|\b({_EN_DAY})s?\b"
)


def _time(plain: str, text: str) -> tuple[time | None, str]:
    """The time of day written in PLAIN, and PLAIN without it."""
    for pattern in _TIMES:
        match = pattern.search(plain)
        if not match:
            continue
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        part = match.group(3)
        if (part in ("pm", "chieu", "toi") and hour < 12) or (part == "trua" and hour < 6):
            hour += 12  # "5 giờ chiều" is 17:00, "1 giờ trưa" 13:00
        elif part == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59 or (part in ("am", "pm") and int(match.group(1)) > 12):
            raise RuleError("impossible", text, match.group(0))
        rest = plain[: match.start()] + " " + plain[match.end() :]
        return time(hour, minute), rest
    return None, plain


def _weekday(plain: str, text: str) -> int | None:
    match = _WEEKDAY.search(plain)
    if not match:
        return None
    number, word, sunday, english = match.groups()
    if number is not None:  # thứ 2 (Monday) to thứ 7 (Saturday)
        if not 2 <= int(number) <= 7:
            raise RuleError("impossible", text, match.group(0))
        return int(number) - 2
    if word is not None:
        return _WEEKDAY_WORDS[word]
    if sunday is not None:
        return 6
    return _ENGLISH_DAYS.index(english)


def read_rule(text: str) -> Rule | None:
    """The recurrence TEXT names, or None when it names none ("10/02/2026", "thứ 6 tuần
    sau"). RuleError (a ValueError) when it names one a Rule cannot hold ("hằng năm"),
    an impossible day or time, or two periods at once."""
    plain = _plain(text)
    kinds = [kind for kind, pattern in _PERIODS if pattern.search(plain)]
    if not kinds:
        unsupported = _UNSUPPORTED.search(plain)
        if unsupported:
            raise RuleError("unsupported", text, unsupported.group(0))
        return None
    if len(kinds) > 1:
        raise RuleError("ambiguous", text, ", ".join(kinds))
    kind = kinds[0]
    unsupported = _UNSUPPORTED.search(plain.replace("dinh ky", " "))
    if unsupported:
        raise RuleError("unsupported", text, unsupported.group(0))

    at, plain = _time(plain, text)
    weekday = _weekday(plain, text)
    day_match = _DAY.search(plain)
    day = None
    if day_match:
        day = int(next(g for g in day_match.groups() if g is not None))
        if not 1 <= day <= 31:
            raise RuleError("impossible", text, day_match.group(0))

    if kind == "weekly":
        if day_match:
            raise RuleError("unsupported", text, day_match.group(0))
        return Rule("weekly", 4 if weekday is None else weekday, None, at)
    if weekday is not None:  # "thứ 6 cuối cùng hằng tháng": not a day of the month
        raise RuleError("unsupported", text, f"{kind} weekday")
    vague = _VAGUE_DAY.search(plain)
    if day is None and vague:  # "đầu tháng": which day?
        raise RuleError("unsupported", text, vague.group(0))
    if day_match and _LAST_DAY.search(plain) and "thang cuoi" not in plain:
        raise RuleError("ambiguous", text, day_match.group(0))
    return Rule(kind, None, day, at)


# -- occurrences -------------------------------------------------------------------------


def _trigger(rule: Rule, tz: ZoneInfo) -> BaseTrigger:
    """A trigger firing at each occurrence: at the rule's time, or at noon for a date-only
    rule (noon exists on every day in every zone; midnight does not)."""
    clock = rule.at or time(12)
    common = {"hour": clock.hour, "minute": clock.minute, "second": 0, "timezone": tz}
    if rule.kind == "weekly":
        return CronTrigger(day_of_week=rule.weekday, **common)
    months = QUARTER_MONTHS if rule.kind == "quarterly" else tuple(range(1, 13))
    month_field = ",".join(map(str, months))
    if rule.day is None:
        return CronTrigger(month=month_field, day="last", **common)
    exact = CronTrigger(month=month_field, day=rule.day, **common)
    # Months that may lack the day fire on their last day instead. In February of a leap
    # year, day 29 and "last" are the same instant: OrTrigger keeps the earliest, once.
    short = [m for m in months if _MONTH_MAX[m] < rule.day or (m == 2 and rule.day >= 29)]
    if not short:
        return exact
    last = CronTrigger(month=",".join(map(str, short)), day="last", **common)
    return OrTrigger([exact, last])


def next_deadline(rule: Rule, after: datetime, tz: ZoneInfo) -> Deadline:
    """The first occurrence of RULE whose deadline moment (`Deadline.at`) is strictly after
    AFTER (aware): a timed occurrence at that very instant is not it; a date-only one on
    AFTER's own day is (the whole day counts). Chaining `next_deadline(rule,
    previous.at(tz), tz)` walks the occurrences one by one."""
    if after.tzinfo is None or after.utcoffset() is None:
        raise ValueError(f"after must be an aware datetime, got {after.isoformat()}")
    local = after.astimezone(tz)
    if rule.at is None:
        # A date-only day D passes at the next midnight, which is after AFTER exactly when
        # D is AFTER's own local day or later.
        start = datetime.combine(local.date(), time(0), tzinfo=tz)
    else:
        start = local + timedelta(microseconds=1)  # the trigger's "now" is inclusive
    fire = _trigger(rule, tz).get_next_fire_time(None, start)
    if fire is None:
        raise ValueError(f"no occurrence of {rule.text()} after {after.isoformat()}")
    return Deadline(fire.astimezone(tz).date(), rule.at)
