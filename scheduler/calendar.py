"""Working days and office hours: when a province's offices are open.

Vietnamese public holidays (lunar Tết included) come from `holidays.VN`, computed per year
on first use and cached. The official make-up days it lists (a Saturday worked to bridge a
holiday) are working days. An admin may add days off and working days of their own.
Precedence, strongest first: admin working days, admin days off, official make-up days,
public holidays, the weekday rule.

Everything here is a pure function of its arguments: no clock is read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from storage.keys import fold

__all__ = [
    "CalendarError",
    "OfficeHours",
    "WorkCalendar",
    "parse_office_hours",
    "parse_time_of_day",
    "parse_workdays",
]

# Far more than any run of days off (Tết is 7-9 days): a calendar with no working day in
# this many days is a configuration error, not a reason to loop for ever.
_SEARCH_DAYS = 3660
# Holiday names in Vietnamese whatever the machine's locale: without `language`, the
# holidays package follows LANG/LC_* (English under C.UTF-8).
_HOLIDAY_LANGUAGE = "vi"


@dataclass(frozen=True)
class OfficeHours:
    """The daily opening and closing times of an office (local wall-clock times)."""

    start: time = time(7, 30)
    end: time = time(17, 30)

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("office hours are local wall-clock times, without a time zone")
        if not self.start < self.end:
            raise ValueError(f"office hours must open before they close: {self.text()}")

    def text(self) -> str:
        """As the settings and the calendar's page show them: "07:30-17:30"."""
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True)
class _Year:
    names: dict[date, str]
    make_up: frozenset[date]


class WorkCalendar:
    """Working days (Monday=0 weekday rule, Vietnamese holidays, admin overrides) and
    office hours in one time zone."""

    def __init__(
        self,
        tz: ZoneInfo,
        hours: OfficeHours,
        workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4}),
        days_off: Iterable[date] = (),
        work_days: Iterable[date] = (),
    ) -> None:
        workdays = frozenset(workdays)
        if not workdays:
            raise ValueError("at least one weekday must be a working day")
        if not workdays <= set(range(7)):
            raise ValueError(f"weekdays are 0 (Monday) to 6 (Sunday), got {sorted(workdays)}")
        self.tz = tz
        self.hours = hours
        self.workdays = workdays
        self.days_off = frozenset(days_off)
        self.work_days = frozenset(work_days)
        self._years: dict[int, _Year] = {}

    def __repr__(self) -> str:
        return (
            f"WorkCalendar({self.tz.key!r}, {self.hours.start:%H:%M}-{self.hours.end:%H:%M}, "
            f"workdays={sorted(self.workdays)}, days_off={len(self.days_off)}, "
            f"work_days={len(self.work_days)})"
        )

    # -- days ---------------------------------------------------------------------------

    def _year(self, year: int) -> _Year:
        found = self._years.get(year)
        if found is None:
            vn = holidays.VN(years=year, language=_HOLIDAY_LANGUAGE, expand=False)
            found = _Year(
                names={day: name for day, name in vn.items() if day.year == year},
                # weekend_workdays is not limited to the year asked for (a swap may cross
                # New Year: 27/12/2014 was worked for 02/01/2015), so keep it whole.
                make_up=frozenset(vn.weekend_workdays),
            )
            self._years[year] = found
        return found

    def _official_make_up(self, day: date) -> bool:
        years = (day.year - 1, day.year, day.year + 1)
        return any(day in self._year(y).make_up for y in years if 1 <= y <= 9999)

    def is_workday(self, day: date) -> bool:
        if day in self.work_days:
            return True
        if day in self.days_off:
            return False
        if self._official_make_up(day):
            return True
        if day in self._year(day.year).names:
            return False
        return day.weekday() in self.workdays

    def holiday_name(self, day: date) -> str | None:
        """The public holiday's name (in Vietnamese) on DAY, or None. Admin overrides do
        not change it: a holiday an admin made a working day keeps its name."""
        return self._year(day.year).names.get(day)

    def add_workdays(self, day: date, n: int) -> date:
        """The Nth working day after DAY (before it when N is negative); DAY itself when N
        is 0, working day or not."""
        step = timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        searched = 0
        while remaining:
            day += step
            searched += 1
            if self.is_workday(day):
                remaining -= 1
                searched = 0
            elif searched > _SEARCH_DAYS:
                raise ValueError(f"no working day within {_SEARCH_DAYS} days of {day}")
        return day

    def _workday_from(self, day: date, step: int) -> date:
        """DAY if it is a working day, else the nearest one in the direction of STEP."""
        for _ in range(_SEARCH_DAYS):
            if self.is_workday(day):
                return day
            day += timedelta(days=step)
        raise ValueError(f"no working day within {_SEARCH_DAYS} days of {day}")

    # -- moments ------------------------------------------------------------------------

    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"an aware datetime is needed, got the naive {moment.isoformat()}")
        return moment.astimezone(self.tz)

    def _at(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=self.tz)

    def is_open(self, moment: datetime) -> bool:
        """MOMENT is inside office hours (start and end included) on a working day."""
        local = self._local(moment)
        wall = local.time()
        return self.hours.start <= wall <= self.hours.end and self.is_workday(local.date())

    def last_office_moment(self, moment: datetime) -> datetime:
        """The latest instant at or before MOMENT inside office hours on a working day,
        in the calendar's time zone. A moment already inside is returned unchanged."""
        local = self._local(moment)
        day, wall = local.date(), local.time()
        if self.is_workday(day):
            if self.hours.start <= wall <= self.hours.end:
                return local
            if wall > self.hours.end:
                return self._at(day, self.hours.end)
        return self._at(self._workday_from(day - timedelta(days=1), -1), self.hours.end)

    def next_opening(self, after: datetime) -> datetime:
        """The first office opening (a working day's start) strictly after AFTER, in the
        calendar's time zone."""
        local = self._local(after)
        day = local.date()
        if self.is_workday(day) and self._at(day, self.hours.start) > local:
            return self._at(day, self.hours.start)
        return self._at(self._workday_from(day + timedelta(days=1), 1), self.hours.start)


# -- settings readers ---------------------------------------------------------------------


class CalendarError(ValueError):
    """Why office hours, working weekdays or a time of day (as the settings write them)
    were refused.

    kind: "unreadable" (not the reader's form at all, or a piece of working weekdays that
    is neither a weekday nor a range), "not_a_time" (an hour above 23 or minutes above
    59), "reversed" (office hours that do not open before they close), "empty" (no
    weekday), "unknown_weekday" (a word that is no weekday), "backwards" (a weekday range
    that runs back, "fri-mon"). piece: the offending part ("25:00", "t8", "fri-mon";
    working weekdays as folded to lower case and without diacritics), "" when it is the
    whole text. text: what was read. Templates word it (settings_invalid); str() is a short
    line for logs and developers.
    """

    def __init__(self, kind: str, piece: str, text: str) -> None:
        super().__init__(f"{text!r}: {kind}" + (f" ({piece!r})" if piece else ""))
        self.kind = kind
        self.piece = piece
        self.text = text


_CLOCK = r"(\d{1,2})(?:\s*[:h]\s*(\d{2})|\s*h)?"
_HOURS = re.compile(rf"^\s*{_CLOCK}\s*[-–—]\s*{_CLOCK}\s*$", re.IGNORECASE)


def _clock(hour: str, minute: str | None, text: str) -> time:
    h, m = int(hour), int(minute or 0)
    if h > 23 or m > 59:
        raise CalendarError("not_a_time", f"{hour}:{minute or '00'}", text)
    return time(h, m)


def parse_time_of_day(text: str) -> time:
    """A time of day as the settings write it: "07:30". CalendarError when it is not."""
    match = re.match(r"^\s*(\d{1,2}):(\d{2})\s*$", text)
    if not match:
        raise CalendarError("unreadable", "", text)
    if int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise CalendarError("not_a_time", text.strip(), text)
    return time(int(match.group(1)), int(match.group(2)))


def parse_office_hours(text: str) -> OfficeHours:
    """Office hours as the settings write them: "07:30-17:30" (also "7:30 - 17:30",
    "7h30-17h30"). CalendarError when they are not."""
    match = _HOURS.match(text)
    if not match:
        raise CalendarError("unreadable", "", text)
    start = _clock(match.group(1), match.group(2), text)
    end = _clock(match.group(3), match.group(4), text)
    if not start < end:
        raise CalendarError("reversed", "", text)
    return OfficeHours(start, end)


_DAY_NAMES = {
    # English, short and full
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    # Vietnamese: thứ 2 (Monday) to thứ 7 (Saturday), chủ nhật (Sunday)
    "t2": 0,
    "t3": 1,
    "t4": 2,
    "t5": 3,
    "t6": 4,
    "t7": 5,
    "cn": 6,
}
_DAY_NUMBER = re.compile(r"^[0-6]$")


def _weekday(token: str, text: str) -> int:
    if _DAY_NUMBER.match(token):
        return int(token)
    if token in _DAY_NAMES:
        return _DAY_NAMES[token]
    raise CalendarError("unknown_weekday", token, text)


def parse_workdays(text: str) -> frozenset[int]:
    """Working weekdays, Monday=0: "mon-fri", "t2-t6", "0,1,2,3,4",
    "mon,tue,wed,thu,fri,sat". Ranges go forwards ("fri-mon" is refused). CalendarError
    names the bad piece."""
    plain = fold(unicodedata.normalize("NFC", text))
    plain = re.sub(r"\bthu\s*([2-7])\b", r"t\1", plain)  # "thứ 2" -> "t2"
    plain = re.sub(r"\bchu\s*nhat\b", "cn", plain)
    plain = re.sub(r"\s*[-–—]\s*", "-", plain.strip())
    pieces = [p for p in re.split(r"[\s,;]+", plain) if p]
    if not pieces:
        raise CalendarError("empty", "", text)
    days: set[int] = set()
    for piece in pieces:
        ends = piece.split("-")
        if len(ends) == 1:
            days.add(_weekday(ends[0], text))
        elif len(ends) == 2 and all(ends):
            first, last = _weekday(ends[0], text), _weekday(ends[1], text)
            if first > last:
                raise CalendarError("backwards", piece, text)
            days.update(range(first, last + 1))
        else:
            raise CalendarError("unreadable", piece, text)
    return frozenset(days)
