"""Recurring duties: "trước ngày 20 hằng tháng", "thứ 6 hằng tuần", "định kỳ hằng quý".

`Rule` is a recurrence (bot.reading.recurrence reads the one an official wrote); `Rule.text`
is its stored form; `next_deadline` gives the next occurrence, computed by APScheduler's cron
triggers. A monthly day that a month lacks falls on that month's last day (day 31 is 30/4
and 28/2). Quarterly duties fall in the last month of each quarter (3, 6, 9, 12).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger

from storage.deadline import Deadline

__all__ = ["KINDS", "Rule", "RuleError", "next_deadline"]

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
