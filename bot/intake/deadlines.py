"""The deadline, recurrence and urgency that a task's words set.

Only dates that a deadline word introduces count: "trước ngày 10/02/2025", "chậm nhất
trước 11 giờ 00 phút, ngày 12/5/2025", "trong tháng 3 và 4", "Thời gian hoàn thành: Quý
IV/2025". A bare date is most often a reference ("Nghị quyết số 57-NQ/TW ngày
22/12/2024") or past news ("Ngày 27/3/2025, Ban Chỉ đạo đã họp"). The phrase itself is
read by `bot.reading.dates.read_date`, relative to the document's date.

Recurrences are read the same way: "định kỳ hàng tháng", "trước ngày 20 hằng tháng",
"báo cáo hằng tuần"; a bare "hằng năm" after a noun ("3% tổng chi ngân sách hằng năm") is
no recurring duty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.reading.dates import DateError, read_date
from bot.reading.recurrence import read_rule
from scheduler.recurrence import RuleError, next_deadline
from storage.deadline import Deadline
from storage.keys import fold

__all__ = ["RECURRENCES", "Timing", "find_due", "urgency"]

RECURRENCES = ("daily", "weekly", "monthly", "quarterly", "semiannual", "yearly")


@dataclass(frozen=True, slots=True)
class Timing:
    """When a task is due: a deadline, a recurrence, or both, with the words they came from."""

    deadline: Deadline | None = None
    deadline_text: str | None = None
    recurrence: str | None = None
    recurrence_text: str | None = None


# --- recurrences (on folded text: positions are the original's) -------------------------

_PERIOD = {"ngay": "daily", "tuan": "weekly", "thang": "monthly", "quy": "quarterly"}
_PERIOD["nam"] = "yearly"
_EVERY = r"(?:hang|moi)"
_DAY = (
    r"(?:(?:cham nhat |truoc |vao |den |han )?(?:(?:\d{1,2} ?(?:gio|h)(?: ?\d{1,2})?"
    r"(?: ?phut)?,? )?(?:ngay (?:\d{1,2}|cuoi cung)|thu (?:hai|ba|tu|nam|sau|bay|[2-7])"
    r"|chu nhat))(?: cua)? )"
)
_RECURRING = re.compile(
    # "định kỳ hằng tháng", "định kỳ vào thứ Sáu hằng tuần", then maybe ", trước ngày 15"
    rf"(?<![a-z0-9])dinh ky,? {_DAY}?{_EVERY} (?P<p1>ngay|tuan|thang|quy|nam)(?![a-z0-9])"
    rf"(?:,? (?:truoc |vao |cham nhat )?(?:ngay \d{{1,2}}|thu (?:hai|ba|tu|nam|sau|bay|[2-7])))?"
    # "định kỳ 6 tháng", "định kỳ 3 tháng một lần"
    r"|(?<![a-z0-9])dinh ky (?:(?P<half>6|sau) thang|(?P<halfword>nua nam)|(?P<three>3|ba) thang)"
    r"(?: (?:mot|1) lan)?"
    # "trước ngày 20 hằng tháng", "thứ Sáu hằng tuần", "17h ngày 25 hằng tháng"
    rf"|{_DAY}{_EVERY} (?P<p2>tuan|thang|quy|nam)(?![a-z0-9])"
    # "hằng tháng": checked below for what stands before it
    rf"|(?<![a-z0-9]){_EVERY} (?P<p3>ngay|tuan|thang|quy|nam)(?![a-z0-9])"
    r"|(?<![a-z0-9])(?P<half2>6|sau) thang (?:mot|1) lan"
)
# A bare "hằng tháng" is a duty's rhythm after a verb like these, or at a clause's start.
_DUTY_VERBS = re.compile(
    r"(?:bao cao|cap nhat|tong hop|gui|kiem tra|danh gia|ra soat|hop|giao ban|theo doi"
    r"|thong ke|thuc hien|to chuc|so ket|tong ket|cung cap|trinh|don doc|tuyen truyen|pho bien)"
    r"(?: [a-z]+){0,3} $"
)
_CLAUSE_START = re.compile(r"(?:^|[,;:.(]) *$")


def _recurrence_kind(m: re.Match[str]) -> str | None:
    period = m["p1"] or m["p2"] or m["p3"]
    if period:
        return _PERIOD[period]
    if m["half"] or m["halfword"] or m["half2"]:
        return "semiannual"
    if m["three"]:
        return "quarterly"
    return None  # "định kỳ" alone: which rhythm is not said


def _recurrence(
    text: str, folded: str, now: datetime, tz: ZoneInfo
) -> tuple[str, str, Deadline | None, tuple[int, int]] | None:
    for m in _RECURRING.finditer(folded):
        kind = _recurrence_kind(m)
        if kind is None:
            continue
        if m["p3"]:
            before = folded[max(0, m.start() - 40) : m.start()]
            if not (_DUTY_VERBS.search(before) or _CLAUSE_START.search(before)):
                continue
        words = text[m.start() : m.end()]
        return kind, words, _first_occurrence(kind, words, now, tz), m.span()
    return None


def _first_occurrence(kind: str, words: str, now: datetime, tz: ZoneInfo) -> Deadline | None:
    """The first deadline of a rhythm that names its day ("trước ngày 20 hằng tháng");
    none for one that does not ("định kỳ hàng tháng" says no day)."""
    if kind not in ("weekly", "monthly", "quarterly") or not re.search(
        r"\bngay \d|\bthu |\bchu nhat", fold(words)
    ):
        return None
    try:
        rule = read_rule(words)
    except RuleError:
        return None
    return None if rule is None else next_deadline(rule, now, tz)


# --- one-off deadlines -------------------------------------------------------------------

_CUE = re.compile(
    r"(?<![a-z0-9])(?:cham nhat|muon nhat|han chot|han cuoi|thoi han|thoi gian hoan thanh"
    r"|thoi gian thuc hien|thoi gian|hoan thanh|hoan tat|xong|truoc|den het|den ngay|den"
    r"|trong|vao|han|tien do)(?![a-z0-9])"
)
# What a date starts with, a few words after its cue.
_DATEISH = re.compile(
    r"\d|(?<![a-z])(?:thang|quy|tuan|nam) (?:nay|sau|toi|[ivx]+\b)|cuoi (?:thang|quy|nam|tuan)"
    r"|ngay mai|hom nay|thu (?:hai|ba|tu|nam|sau|bay)|chu nhat"
)
_LOOKAHEAD = 32  # characters after a cue in which its date must start
_WINDOW = 14  # words: "chậm nhất trước 11 giờ 00 phút, ngày 12/5/2025" is nine
_LABEL = re.compile(
    r"^(?:thời gian hoàn thành|thời gian thực hiện|thời gian|thời hạn|hạn chót|hạn cuối|hạn"
    r"|hoàn thành|hoàn tất|xong|tiến độ)\s*:?\s*",
    re.IGNORECASE,
)
_TRIM = " .,;:()*\"'“”"


def _dates(
    text: str, folded: str, now: datetime, tz: ZoneInfo, skip: tuple[int, int] | None, bare: bool
) -> list[tuple[Deadline, str]]:
    found: list[tuple[Deadline, str]] = []
    starts = [m.start() for m in _CUE.finditer(folded)]
    if bare:
        starts.insert(0, len(text) - len(text.lstrip()))
    consumed = -1
    for start in starts:
        if start < consumed or (skip and skip[0] <= start < skip[1]):
            continue
        lead = _CUE.match(folded, start)
        after = lead.end() if lead else start
        if not _DATEISH.search(folded, after, min(len(folded), after + _LOOKAHEAD)):
            continue
        got = _read_window(text, start, now, tz)
        if got is None:
            continue
        read, end = got
        consumed = end
        if read.day < now.date():
            continue  # a date already past when the letter was signed is news, not a deadline
        phrase = _LABEL.sub("", text[start:end].strip(_TRIM)).strip(_TRIM)
        found.append((read, phrase))
    return found


def _read_window(text: str, start: int, now: datetime, tz: ZoneInfo) -> tuple[Deadline, int] | None:
    """The longest run of words from START that reads as exactly one date."""
    ends = [m.end() for m in re.finditer(r"\S+", text[start:])][:_WINDOW]
    for end in reversed(ends):
        phrase = text[start : start + end].strip(_TRIM)
        if not phrase:
            continue
        try:
            read = read_date(phrase, now, tz, strict=True)
        except (DateError, ValueError, OverflowError):
            continue
        return read, start + end
    return None


def find_due(text: str, now: datetime, tz: ZoneInfo, *, bare: bool = False) -> Timing | None:
    """The deadline and recurrence TEXT sets, read at NOW (the document's date); None when
    it sets neither. Of several deadlines the latest is the task's. BARE: TEXT is a
    deadline field ("Quý IV/2025"), read even without a cue word."""
    folded = fold(text)
    recurring = _recurrence(text, folded, now, tz)
    span = recurring[3] if recurring else None
    dates = _dates(text, folded, now, tz, span, bare)
    if dates:
        read, phrase = max(dates, key=lambda d: (d[0].day, d[0].time or datetime.max.time()))
        deadline: Deadline | None = read
        deadline_text: str | None = phrase
    elif recurring and recurring[2] is not None:
        deadline, deadline_text = recurring[2], recurring[1].strip(_TRIM)
    else:
        deadline = deadline_text = None
    if deadline is None and recurring is None:
        return None
    return Timing(
        deadline,
        deadline_text,
        recurring[0] if recurring else None,
        recurring[1].strip(_TRIM) if recurring else None,
    )


# Folded, "gấp" (urgent) would be "gặp" (meet): it is only read with its marks.
_URGENT = re.compile(r"(?<![a-z])(?:khan truong|hoa toc|thuong khan)(?![a-z])")
_URGENT_MARKED = re.compile(r"(?<!\w)gấp(?!\w)", re.IGNORECASE)


def urgency(text: str) -> str | None:
    """The word that makes a task urgent ("khẩn trương"), in lower case, or None."""
    m = _URGENT.search(fold(text)) or _URGENT_MARKED.search(text)
    return text[m.start() : m.end()].lower() if m else None


def on_day(day: date, tz: ZoneInfo) -> datetime:
    """The start of DAY where the document was written: what its dates are read against."""
    return datetime.combine(day, datetime.min.time(), tzinfo=tz)
