"""Filters that turn values into words: dates with their weekday, statuses, days left.

Each language has its own table; the renderer binds one language per environment.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

WEEKDAYS = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}

STATUSES = {
    "vi": {
        "not_started": "Chưa thực hiện",
        "on_track": "Đang thực hiện trong hạn",
        "overdue": "Đang thực hiện quá hạn",
        "done_on_time": "Hoàn thành đúng hạn",
        "done_late": "Hoàn thành quá hạn",
        "extension_requested": "Chờ gia hạn",
        "cancelled": "Đã hủy",
    },
    "en": {
        "not_started": "Not started",
        "on_track": "In progress, on time",
        "overdue": "In progress, overdue",
        "done_on_time": "Done on time",
        "done_late": "Done late",
        "extension_requested": "Extension requested",
        "cancelled": "Cancelled",
    },
}

_DAYS = {
    "vi": ("đến hạn hôm nay", "còn {n} ngày", "quá hạn {n} ngày"),
    "en": ("due today", "{n} days left", "{n} days overdue"),
}
_ONE_DAY = {"en": ("1 day left", "1 day overdue")}


def day_text(value: date, lang: str) -> str:
    """ "Thứ Ba, 10/02/2026": the weekday always, so a misread date shows at once."""
    return f"{WEEKDAYS[lang][value.weekday()]}, {value:%d/%m/%Y}"


def deadline_text(value: Any, lang: str) -> str:
    """A deadline (anything with .day and .time, or a date/datetime) in words."""
    if value is None:
        return "không thời hạn" if lang == "vi" else "no deadline"
    if isinstance(value, datetime):
        day, at = value.date(), value.time()
    elif isinstance(value, date):
        day, at = value, None
    else:
        day, at = value.day, value.time
    text = day_text(day, lang)
    if at is not None:
        text += f", {clock_text(at, lang)}"
    return text


def clock_text(value: time, lang: str) -> str:
    if lang == "vi":
        return f"{value.hour:02d}h{value.minute:02d}"
    return f"{value.hour:02d}:{value.minute:02d}"


def moment_text(value: datetime, lang: str) -> str:
    """A past moment (a report, a change), local time already applied by the caller."""
    return f"{value:%d/%m/%Y} {clock_text(value.time(), lang)}"


def status_text(value: str, lang: str) -> str:
    return STATUSES[lang][value]


def days_text(value: int | None, lang: str) -> str:
    """Days left (positive), due today (0) or overdue (negative)."""
    if value is None:
        return ""
    today, left, late = _DAYS[lang]
    if value == 0:
        return today
    if abs(value) == 1 and lang in _ONE_DAY:
        return _ONE_DAY[lang][0 if value > 0 else 1]
    return (left if value > 0 else late).format(n=abs(value))


def iso_deadline_text(value: str | None, lang: str) -> str:
    """A deadline kept as ISO text (the audit trail), in words like every other date."""
    if not value:
        return deadline_text(None, lang)
    day, _, at = value.partition("T")
    parsed_day = date.fromisoformat(day)
    return deadline_text(datetime.fromisoformat(value) if at else parsed_day, lang)


def runs_text(numbers: Any) -> str:
    """Item numbers as a person types them: [3, 4, 5, 9] is "3-5, 9"."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
