"""The clock is passed in: production reads the system time, tests give a fixed one.

`file_clock` is for end-to-end tests and demos of a whole process: "now" is whatever
instant the file holds, so a test moves time forward by writing it, instead of waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def file_clock(path: str) -> Clock:
    """A clock that reads an ISO 8601 instant from PATH at every call (naive means UTC)."""
    source = Path(path)

    def now() -> datetime:
        moment = datetime.fromisoformat(source.read_text(encoding="utf-8").strip())
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    return now


class MovableClock:
    """A clock that runs with BASE and can be moved forward, never back: the console's
    `/dongho`, so a person sees what falls due in a week without waiting a week."""

    def __init__(self, base: Clock = system_clock) -> None:
        self.base = base
        self.ahead = timedelta(0)

    def __call__(self) -> datetime:
        return self.base() + self.ahead

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta(0):
            raise ValueError("the clock only moves forward")
        self.ahead += delta
