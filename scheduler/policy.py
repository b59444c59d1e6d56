"""When an assignment's reminders fall, and its overdue notices.

A plan is a list of offsets before the deadline ("7d,3d,1d,0d"). A day offset targets the
office opening of a calendar day before the deadline's day ("0d" is the due day's
morning); an hour or minute offset counts back from the practical deadline (the
deadline's time, or the office closing time of a date-only deadline's day). A target
outside office hours on a working day moves earlier, to the last office moment before
it: a reminder never comes later than planned, nor after the deadline.

Pure functions: the current time is always passed in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from scheduler.calendar import WorkCalendar
from storage.deadline import Deadline
from storage.keys import fold

__all__ = [
    "DEFAULT_PLAN",
    "MAX_OFFSETS",
    "Offset",
    "Plan",
    "PlanError",
    "Planned",
    "first_overdue",
    "next_overdue",
    "parse_plan",
    "plan_reminders",
]

MAX_OFFSETS = 10
# The largest amount each unit allows.
LIMITS = {"d": 60, "h": 72, "m": 1440}
_MINUTES = {"d": 24 * 60, "h": 60, "m": 1}
_UNIT_ORDER = {"d": 0, "h": 1, "m": 2}


class PlanError(ValueError):
    """Why a reminder plan was refused.

    kind: "empty" (no offset at all), "unreadable" (a piece that is not an amount and a
    unit), "too_large" (beyond 60d, 72h or 1440m), "zero" (0h or 0m: only 0d exists),
    "too_many" (more than 10 distinct offsets). piece: the offending piece as written
    ("" for empty, the count for too_many). text: the whole plan as written. The message
    is worded by templates (remind_plan_invalid, settings_invalid), never by str().
    """

    def __init__(self, kind: str, piece: str, text: str) -> None:
        # A short line for logs and developers; what the user reads is a template's.
        super().__init__(f"reminder plan {text!r}: {kind}" + (f" ({piece})" if piece else ""))
        self.kind = kind
        self.piece = piece
        self.text = text


@dataclass(frozen=True)
class Offset:
    """How long before a deadline a reminder falls: AMOUNT days, hours or minutes."""

    amount: int
    unit: str  # "m" | "h" | "d"

    def __post_init__(self) -> None:
        if self.unit not in LIMITS:
            raise ValueError(f"unknown offset unit {self.unit!r}: expected d, h or m")
        low = 0 if self.unit == "d" else 1
        if not low <= self.amount <= LIMITS[self.unit]:
            raise ValueError(
                f"offset {self.amount}{self.unit} out of range {low}-{LIMITS[self.unit]}"
            )

    def text(self) -> str:
        return f"{self.amount}{self.unit}"

    @property
    def minutes(self) -> int:
        return self.amount * _MINUTES[self.unit]

    def _far_first(self) -> tuple[int, int]:
        # Farthest first; at equal length a day offset (aimed at a morning) comes first.
        return (-self.minutes, _UNIT_ORDER[self.unit])


_UNITS = {
    "d": "d",
    "day": "d",
    "days": "d",
    "ngay": "d",
    "h": "h",
    "hour": "h",
    "hours": "h",
    "gio": "h",
    "tieng": "h",
    "m": "m",
    "min": "m",
    "mins": "m",
    "minute": "m",
    "minutes": "m",
    "phut": "m",
    "p": "m",
}
_OFFSET = re.compile(r"(\d+)\s*([a-z]+)")


def _plain(text: str) -> str:
    return fold(unicodedata.normalize("NFC", text))


def _pieces(text: str) -> list[str]:
    """The pieces of a plan as written: separated by commas, semicolons or spaces, a space
    between an amount and its unit kept ("7 ngày")."""
    pieces = []
    for part in re.split(r"[,;]", text):
        # Glue "7 ngày" together, then split what is left on spaces.
        tokens = part.split()
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.isdigit() and i + 1 < len(tokens) and not tokens[i + 1][0].isdigit():
                token = f"{token} {tokens[i + 1]}"
                i += 1
            pieces.append(token)
            i += 1
    return pieces


def parse_plan(text: str) -> tuple[Offset, ...]:
    """Read a plan, "7d,3d,1d,0d" (or "7 ngày; 3 ngày", "2 giờ", "90 phút"): offsets,
    farthest first, duplicates removed. PlanError (a ValueError) names the bad piece."""
    found: set[Offset] = set()
    for piece in _pieces(text):
        match = _OFFSET.fullmatch(_plain(piece).replace(" ", ""))
        unit = _UNITS.get(match.group(2)) if match else None
        if match is None or unit is None:
            raise PlanError("unreadable", piece, text)
        amount = int(match.group(1))
        if amount > LIMITS[unit]:
            raise PlanError("too_large", piece, text)
        if amount == 0 and unit != "d":
            raise PlanError("zero", piece, text)
        found.add(Offset(amount, unit))
    if not found:
        raise PlanError("empty", "", text)
    if len(found) > MAX_OFFSETS:
        raise PlanError("too_many", str(len(found)), text)
    return tuple(sorted(found, key=Offset._far_first))


DEFAULT_PLAN = parse_plan("7d,3d,1d,0d")

BEFORE = "before"
DUE = "due"


@dataclass(frozen=True)
class Planned:
    offset: Offset
    at: datetime  # aware, UTC: when to send
    kind: str  # "before" (offset > 0) or "due" (0d: the morning of the due day)


@dataclass(frozen=True)
class Plan:
    reminders: tuple[Planned, ...]  # in time order, no two at the same instant
    skipped: tuple[Offset, ...]  # offsets whose moment had already passed at `now`
    due_on_day_off: bool  # the deadline's day is not a working day


def _aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got {moment.isoformat()}")


def practical_deadline(deadline: Deadline, calendar: WorkCalendar) -> datetime:
    """The moment work is expected by: the deadline's time, or for a date-only deadline
    the office closing time of its day. In the calendar's time zone."""
    clock = deadline.time if deadline.time is not None else calendar.hours.end
    return datetime.combine(deadline.day, clock, tzinfo=calendar.tz)


def _target(offset: Offset, deadline: Deadline, due: datetime, calendar: WorkCalendar) -> datetime:
    """Where OFFSET would fall before office hours and days off are applied."""
    if offset.unit == "d":
        day = deadline.day - timedelta(days=offset.amount)
        moment = datetime.combine(day, calendar.hours.start, tzinfo=calendar.tz)
    else:
        # Real elapsed time, counted in UTC (wall-clock arithmetic would be off by an
        # hour across a daylight-saving change).
        moment = due.astimezone(UTC) - timedelta(minutes=offset.minutes)
    return min(moment, due)


def plan_reminders(
    deadline: Deadline, plan: Sequence[Offset], now: datetime, calendar: WorkCalendar
) -> Plan:
    """The reminders for DEADLINE under PLAN, as seen at NOW (aware). See the module's
    docstring for the rules; instants are returned in UTC."""
    _aware(now, "now")
    due = practical_deadline(deadline, calendar)
    offsets = sorted(set(plan), key=Offset._far_first)

    moments: list[tuple[Offset, datetime]] = []
    skipped: list[Offset] = []
    for offset in offsets:
        at = calendar.last_office_moment(_target(offset, deadline, due, calendar))
        if at <= now:
            skipped.append(offset)
        else:
            moments.append((offset, at))

    # Two offsets on one instant: the nearer one (later in the list) wins.
    by_instant: dict[datetime, Offset] = {}
    for offset, at in moments:
        by_instant[at.astimezone(UTC)] = offset

    if not by_instant and skipped and now < due:
        # Everything passed but the deadline has not: one reminder, as soon as the office
        # is open, if that is still before the deadline.
        at = now if calendar.is_open(now) else calendar.next_opening(now)
        if at < due:
            nearest = skipped.pop()
            by_instant[at.astimezone(UTC)] = nearest

    reminders = tuple(
        Planned(offset, at, DUE if offset.amount == 0 else BEFORE)
        for at, offset in sorted(by_instant.items())
    )
    return Plan(reminders, tuple(skipped), not calendar.is_workday(deadline.day))


def first_overdue(deadline: Deadline, calendar: WorkCalendar) -> datetime:
    """The first overdue notice: the first office opening after the deadline has passed
    (`deadline.at`), in UTC."""
    return calendar.next_opening(deadline.at(calendar.tz)).astimezone(UTC)


def next_overdue(after: datetime, calendar: WorkCalendar) -> datetime:
    """The overdue notice after the one sent at AFTER: the next office opening strictly
    after it, in UTC. Notices missed over several days are not caught up one by one."""
    _aware(after, "after")
    return calendar.next_opening(after).astimezone(UTC)
