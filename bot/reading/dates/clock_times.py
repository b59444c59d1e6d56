"""Times of day: "17h00", "3h chiều", "5:30 pm", "8 giờ kém 15", checked and made a time."""

from __future__ import annotations

import re
from datetime import time

from bot.reading.dates.context import _Ctx

_END_OF_DAY = time.max  # "24h": the end of the day, which is what a day without a time means


def _clock(hour: int, minute: int, period: str | None, shown: str, ctx: _Ctx) -> time:
    if minute > 59 or hour > 24 or (hour == 24 and minute):
        raise ctx.impossible(shown, hour=hour, minute=minute)
    # "3h chiều" is 15:00, "1h trưa" 13:00, "10h đêm" 22:00 but "2h đêm" 02:00;
    # "12h đêm" is midnight, the end of that day.
    afternoon = {"chieu": (1, 11), "toi": (1, 11), "trua": (1, 5), "dem": (6, 11)}
    low, high = afternoon.get(period or "", (1, 0))
    if low <= hour <= high:
        hour += 12
    elif period in ("toi", "dem") and hour == 12:
        hour = 24
    return _END_OF_DAY if hour == 24 else time(hour, minute)


def _time_of(m: re.Match[str], pending: str | None, ctx: _Ctx) -> time:
    period = m["per"] or pending
    if m["ampm"]:
        hour, minute = int(m["h1"]), int(m["m1"] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise ctx.impossible(f"{hour}{m['ampm']}", hour=hour, minute=minute)
        hour = hour % 12 + (12 if m["ampm"] == "pm" else 0)
        return time(hour, minute)
    if m["h2"]:
        hour, minute = int(m["h2"]), int(m["m2"])
        return _clock(hour, minute, period, f"{hour}:{minute:02d}", ctx)
    hour = int(m["h3"])
    minute = 30 if m["half"] else int(m["m3"] or 0)
    shown = f"{hour}h{minute:02d}" if m["m3"] else f"{hour}h"
    if m["less"]:
        less = int(m["less"])
        if less > 59 or hour > 24:
            raise ctx.impossible(f"{hour}h-{less}", hour=hour, minute=less)
        hour, minute = divmod(hour * 60 - less, 60)
    return _clock(hour, minute, period, shown, ctx)
