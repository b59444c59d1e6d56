"""Reading the recurrence an official wrote: "trước ngày 20 hằng tháng", "thứ 6 hằng
tuần", "17h thứ Sáu hằng tuần", into a scheduler Rule (or None when TEXT names none).

A recurrence the Rule cannot hold ("hằng ngày", "định kỳ") is a RuleError of kind
"unsupported", a day a period lacks "impossible", two readings "ambiguous".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import time

from scheduler.recurrence import Rule, RuleError
from storage.keys import fold

__all__ = ["read_rule"]


def _plain(text: str) -> str:
    """Lower case, no diacritics, single spaces: "Thứ Sáu  hằng tuần" -> "thu sau hang tuan"."""
    text = fold(unicodedata.normalize("NFC", text))
    return re.sub(r"\s+", " ", text).strip()


_WEEKDAY_WORDS = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}
_ENGLISH_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_EN_DAY = "|".join(_ENGLISH_DAYS)

_PERIODS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "quarterly",
        re.compile(
            r"\b(?:hang|moi) quy\b|\bthang cuoi (?:cua )?(?:moi |hang )?quy\b"
            r"|\bquarterly\b|\b(?:every|each) quarter\b"
        ),
    ),
    (
        "monthly",
        re.compile(r"\b(?:hang|moi) thang\b|\bmonthly\b|\b(?:every|each) month\b"),
    ),
    (
        "weekly",
        re.compile(rf"\b(?:hang|moi) tuan\b|\bweekly\b|\b(?:every|each) (?:week|{_EN_DAY})\b"),
    ),
)
# Recurrences that a Rule cannot hold.
_UNSUPPORTED = re.compile(
    r"\b(?:hang|moi) (?:ngay|nam)\b|\b(?:hang|moi) \d+ (?:ngay|tuan|thang|nam)\b"
    r"|\b(?:\d+|hai|ba|sau) (?:ngay|tuan|thang|nam) (?:mot|1) lan\b|\bnua nam\b"
    r"|\b(?:daily|yearly|annually|fortnightly|biweekly)\b"
    r"|\b(?:every|each) (?:day|year|other|\d+)\b|\bdinh ky\b"
)
_TIMES = (
    # 17h, 17h30, 17 giờ, 17 giờ 30 phút, 17g30, 5 giờ chiều
    re.compile(
        r"\b(\d{1,2}) ?(?:h|g|gio)(?: ?(\d{1,2}) ?(?:p|phut)?)?(?![a-z])"
        r"(?: (sang|trua|chieu|toi))?"
    ),
    # 17:00, 5:30 pm
    re.compile(r"\b(\d{1,2}):(\d{2})\b(?: ?(am|pm)\b)?"),
    # 5pm, 5 pm
    re.compile(r"\b(\d{1,2})()(?: ?(am|pm))\b"),
)
_DAY = re.compile(
    r"\b(?:ngay|mung|mong|day)\s?(\d{1,2})\b(?!/)"
    r"|\b(\d{1,2})(?:st|nd|rd|th)\b"
    r"|\bon the (\d{1,2})\b"
)
_LAST_DAY = re.compile(
    r"\bcuoi (?:cung )?(?:cua )?(?:moi |hang |cac )?(?:thang|quy)\b|\bngay cuoi\b"
    r"|\blast day\b|\bend of (?:the |each |every )?(?:month|quarter)\b"
)
_VAGUE_DAY = re.compile(r"\b(?:dau|giua) (?:moi |hang )?(?:thang|quy)\b")
_WEEKDAY = re.compile(
    r"\b(?:thu|t) ?(\d)\b|\bthu (hai|ba|tu|nam|sau|bay)\b|\b(chu nhat|cn)\b"
    rf"|\b({_EN_DAY})s?\b"
)


def _time(plain: str, text: str) -> tuple[time | None, str]:
    """The time of day written in PLAIN, and PLAIN without it."""
    for pattern in _TIMES:
        match = pattern.search(plain)
        if not match:
            continue
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        part = match.group(3)
        if (part in ("pm", "chieu", "toi") and hour < 12) or (part == "trua" and hour < 6):
            hour += 12  # "5 giờ chiều" is 17:00, "1 giờ trưa" 13:00
        elif part == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59 or (part in ("am", "pm") and int(match.group(1)) > 12):
            raise RuleError("impossible", text, match.group(0))
        rest = plain[: match.start()] + " " + plain[match.end() :]
        return time(hour, minute), rest
    return None, plain


def _weekday(plain: str, text: str) -> int | None:
    match = _WEEKDAY.search(plain)
    if not match:
        return None
    number, word, sunday, english = match.groups()
    if number is not None:  # thứ 2 (Monday) to thứ 7 (Saturday)
        if not 2 <= int(number) <= 7:
            raise RuleError("impossible", text, match.group(0))
        return int(number) - 2
    if word is not None:
        return _WEEKDAY_WORDS[word]
    if sunday is not None:
        return 6
    return _ENGLISH_DAYS.index(english)


def read_rule(text: str) -> Rule | None:
    """The recurrence TEXT names, or None when it names none ("10/02/2026", "thứ 6 tuần
    sau"). RuleError (a ValueError) when it names one a Rule cannot hold ("hằng năm"),
    an impossible day or time, or two periods at once."""
    plain = _plain(text)
    kinds = [kind for kind, pattern in _PERIODS if pattern.search(plain)]
    if not kinds:
        unsupported = _UNSUPPORTED.search(plain)
        if unsupported:
            raise RuleError("unsupported", text, unsupported.group(0))
        return None
    if len(kinds) > 1:
        raise RuleError("ambiguous", text, ", ".join(kinds))
    kind = kinds[0]
    unsupported = _UNSUPPORTED.search(plain.replace("dinh ky", " "))
    if unsupported:
        raise RuleError("unsupported", text, unsupported.group(0))

    at, plain = _time(plain, text)
    weekday = _weekday(plain, text)
    day_match = _DAY.search(plain)
    day = None
    if day_match:
        day = int(next(g for g in day_match.groups() if g is not None))
        if not 1 <= day <= 31:
            raise RuleError("impossible", text, day_match.group(0))

    if kind == "weekly":
        if day_match:
            raise RuleError("unsupported", text, day_match.group(0))
        return Rule("weekly", 4 if weekday is None else weekday, None, at)
    if weekday is not None:  # "thứ 6 cuối cùng hằng tháng": not a day of the month
        raise RuleError("unsupported", text, f"{kind} weekday")
    vague = _VAGUE_DAY.search(plain)
    if day is None and vague:  # "đầu tháng": which day?
        raise RuleError("unsupported", text, vague.group(0))
    if day_match and _LAST_DAY.search(plain) and "thang cuoi" not in plain:
        raise RuleError("ambiguous", text, day_match.group(0))
    return Rule(kind, None, day, at)
