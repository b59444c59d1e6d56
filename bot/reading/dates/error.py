"""DateError: why a text gave no usable deadline, as a kind and the offending parts."""

from __future__ import annotations

from datetime import date
from typing import Literal

from storage.deadline import Deadline

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
