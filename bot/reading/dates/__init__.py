"""Reading the deadlines officials write: "chậm nhất trước 11 giờ 00 phút, ngày 12/5/2025".

`read_date` turns a short phrase into a local day and, when one was written, a time of day.
Vietnamese administrative forms are read by precompiled regular expressions on a
diacritics-free form of the text, so "thu 6 tuan sau" reads like "thứ 6 tuần sau". Day
always comes first ("03/04/2025" is 3 April). Only what those expressions do not know goes
to dateparser, and its answer is kept only when it agrees with every date written in the
text: dateparser reads "trước" as "ago" and "11 giờ 00 phút, ngày 12/5/2025" as "in 11
hours", so it must never have the last word on a number the official wrote.

`read_deadline` adds one check: the deadline must not have passed already.

Errors carry a kind and the offending parts, never a sentence: the wording lives in the
message templates.

The package, in reading order: `normalise` (the text made regular), `patterns` (pieces of
the expressions), `context` (one reading's now and its refusals, `error` the DateError
they raise), `days` (calendar arithmetic), `forms` (the date forms and their handlers),
`clock_times` (times of day), `read` (a deadline at a position), `fallback` (dateparser);
the public functions are here.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.reading.dates.context import _Ctx
from bot.reading.dates.error import DateError, DateErrorKind
from bot.reading.dates.fallback import _fallback
from bot.reading.dates.normalise import _normalise
from bot.reading.dates.read import _read
from storage.deadline import Deadline
from storage.keys import fold

__all__ = ["DateError", "DateErrorKind", "read_date", "read_deadline"]


def _local(now: datetime, tz: ZoneInfo) -> datetime:
    # A naive `now` is taken as already local, rather than refused.
    return now.replace(tzinfo=tz) if now.tzinfo is None else now.astimezone(tz)


def read_date(text: str, now: datetime, tz: ZoneInfo, *, strict: bool = False) -> Deadline:
    """What the bot reads from TEXT (now = aware datetime).

    Words after the date are tolerated ("10/02/2026 để báo cáo UBND tỉnh") unless STRICT.
    Raises DateError("not_a_date"|"impossible").
    """
    ctx = _Ctx(text, _local(now, tz), strict)
    n = _normalise(text)
    f = fold(n)
    if not f:
        raise ctx.not_a_date()
    try:
        got = _read(f, 0, ctx)
    except DateError:
        raise
    except (ValueError, OverflowError):  # "999 ngày nữa" near year 9999: off the calendar
        raise ctx.impossible("") from None  # no part to blame: the refusal quotes it all
    return got if got is not None else _fallback(n, f, ctx, tz)


def read_deadline(text: str, now: datetime, tz: ZoneInfo) -> Deadline:
    """read_date, plus DateError("past") when the deadline is already passed at `now`.

    Passed means a day before today, or today at a time earlier than now; today without a
    time is still open.
    """
    got = read_date(text, now, tz)
    if got.at(tz) < _local(now, tz):
        raise DateError(
            "past",
            text,
            got.iso(),
            day=got.day.day,
            month=got.day.month,
            year=got.day.year,
            hour=got.time.hour if got.time else None,
            minute=got.time.minute if got.time else None,
            value=got,
        )
    return got


# A date phrase is a few words at most ("thứ hai tuần sau lúc 9h"); more is the reason.
_SPLIT_MAX_WORDS = 8


def split_date(text: str, now: datetime, tz: ZoneInfo) -> tuple[Deadline, str]:
    """The date TEXT starts with, and the words after it: "20/5 chưa có kinh phí" gives
    (20/5, "chưa có kinh phí"). The longest run of leading words that is a date, and
    nothing else, wins. Raises DateError("not_a_date") when no leading words are a date."""
    words = text.split()
    first_error: DateError | None = None
    for k in range(min(len(words), _SPLIT_MAX_WORDS), 0, -1):
        try:
            got = read_date(" ".join(words[:k]), now, tz, strict=True)
        except DateError as error:
            if error.kind == "impossible":
                raise
            first_error = first_error or error
            continue
        return got, " ".join(words[k:])
    raise DateError("not_a_date", text, first_error.detail if first_error else "")
