"""What the forms do not know goes to dateparser, and its answer is kept only when it
agrees with every date written in the text."""

from __future__ import annotations

import contextlib
import re
from datetime import time
from zoneinfo import ZoneInfo

from bot.reading.dates.context import _Ctx
from bot.reading.dates.days import _nearest_year, _year
from bot.reading.dates.forms import _check_weekday
from bot.reading.dates.read import _LUNAR, _skip_prefix
from storage.deadline import Deadline

# Without one of these dateparser is only guessing ("50%" comes back as the year 2050).
# The English words are matched against the text with its marks, so "máy" is not "may".
_EN_HINT = re.compile(
    r"\b(?:today|tonight|tomorrow|yesterday|noon|midnight|next|last|this|ago|weekend|fortnight"
    r"|(?:in|within|after) (?:a|an|one|two|three|\d+)|days?|weeks?|months?|years?|hours?"
    r"|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?"
    r"|sun(?:day)?)\b|\d(?:st|nd|rd|th)\b"
)
_EN_MONTH = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
# Full names only: "thu" or "sat" typed without marks are Vietnamese words.
_EN_WEEKDAY = re.compile(
    r"\b(?:(monday)|(tuesday)|(wednesday)|(thursday)|(friday)|(saturday)|(sunday))\b"
)
_WRITTEN_DM = re.compile(
    r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d/.-])"
    r"|(?<!\d)(\d{1,2}) thang (\d{1,2})(?!\d)"
)
_WRITTEN_ISO = re.compile(r"(?<!\d)(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?!\d)")
_WRITTEN_YEAR = re.compile(r"(?<![\d/.-])(?:19|20)\d\d(?![\d/.-])|(?<=[/.-])\d{4}(?!\d)")
_TIME_HINT = re.compile(
    r"\d{1,2}:\d\d|\d ?(?:am|pm|a\.m\.|p\.m\.)\b|\b(?:noon|midnight|tonight|o'?clock)\b"
    r"|(?<!\d)\d{1,2} ?(?:h|g|gio)\b|\b(?:hours?|minutes?|mins?)\b"
)


_FALLBACK_MAX = 200  # a field or a phrase; a paragraph only gives dateparser more to misread


def _fallback(n: str, f: str, ctx: _Ctx, tz: ZoneInfo) -> Deadline:
    if len(f) > _FALLBACK_MAX or _LUNAR.search(f):
        raise ctx.not_a_date()
    start = _skip_prefix(f, 0)
    n, f = n[start:], f[start:]
    written = [
        (int(m[1] or m[5]), int(m[3] or m[6]), _year(m[4]) if m[4] else None)
        for m in _WRITTEN_DM.finditer(f)
    ]
    written += [(int(m[3]), int(m[2]), int(m[1])) for m in _WRITTEN_ISO.finditer(f)]
    years = {int(y) for y in _WRITTEN_YEAR.findall(f)}
    has_month = bool(_EN_MONTH.search(n))
    if not (written or years or has_month or _EN_HINT.search(n)):
        raise ctx.not_a_date()

    import dateparser  # slow to import, and most texts never get here

    settings = {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "future",
        "PREFER_DAY_OF_MONTH": "last",  # "March 2026" is a period: it ends on the 31st
        "RELATIVE_BASE": ctx.now.replace(tzinfo=None),
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if tz.key:  # a zone read from a file has no name; the naive local base still holds
        settings["TIMEZONE"] = tz.key
    try:
        got = dateparser.parse(n, languages=["vi", "en"], settings=settings)
    except Exception:  # its failures on odd text are ours to report as "not a date"
        got = None
    if got is None:
        raise ctx.not_a_date()
    day = got.date()
    for d, mo, y in written:
        if (day.day, day.month) != (d, mo) or (y is not None and day.year != y):
            raise ctx.not_a_date("disagrees")
    if years and day.year not in years:
        raise ctx.not_a_date("disagrees")
    named = _EN_WEEKDAY.search(n)
    if named is not None and named.lastindex:  # "friday 12/5/2025", and 12/5/2025 is a Monday
        _check_weekday(ctx, day, named.lastindex - 1)
    if not years and (written or has_month):
        # dateparser's "future" takes "March 4" on 5 March to next year; ours is nearest.
        with contextlib.suppress(ValueError):  # 29 February of a common year: leave it
            day = day.replace(year=_nearest_year(ctx, day.month, day.day))
    at = time(got.hour, got.minute) if _TIME_HINT.search(f) else None
    return Deadline(day, at)
