"""The deadline value every layer shares (the date readers make it, the scheduler plans
from it, assignments store its parts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline: a local calendar day, and the time of day when one was set.

    The system's one deadline value: the readers produce it, assignments store its two
    parts, the reminder policy plans from it.
    """

    day: date
    time: time | None = None

    def iso(self) -> str:
        if self.time is None:
            return self.day.isoformat()
        return f"{self.day.isoformat()}T{self.time:%H:%M}"

    def at(self, tz: ZoneInfo) -> datetime:
        """The aware instant after which the deadline is passed.

        Without a time the whole day counts, so that instant is the next local midnight.
        """
        if self.time is None:
            if self.day == date.max:  # no next midnight on the calendar
                return datetime.combine(self.day, time.max, tzinfo=tz)
            return datetime.combine(self.day + timedelta(days=1), time(0), tzinfo=tz)
        return datetime.combine(self.day, self.time, tzinfo=tz)
