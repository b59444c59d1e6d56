"""_Ctx: one reading's text, its local now and strictness, and the refusals it raises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.reading.dates.error import DateError


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
