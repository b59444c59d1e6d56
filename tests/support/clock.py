"""A clock the test moves by hand; nothing here reads the wall clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


class FakeClock:
    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the fake clock needs an aware datetime")
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def set_local(self, text: str) -> None:
        """Move to a local time in Vietnam, e.g. "2026-02-11T08:00"."""
        self.now = datetime.fromisoformat(text).replace(tzinfo=VN)
