"""Reading dates typed in a command, with the refusal a user sees when it is not one."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.conversation.context import Context
from bot.errors import UserError
from bot.reading import dates
from bot.reading.dates import DateError
from storage.deadline import Deadline


def refusal(error: DateError) -> UserError:
    return UserError(f"date_{error.kind}", **error.values())


def any_day(ctx: Context, text: str) -> Deadline:
    """A date that may be in the past (a document's date)."""
    try:
        return dates.read_date(text, ctx.local_now, ctx.settings.timezone)
    except DateError as error:
        raise refusal(error) from None


# How far ahead a deadline may be: past it, "31/12/9999" is a slip (and the calendar's
# arithmetic, a reminder 7 days after it, overflows).
MAX_YEARS_AHEAD = 100


def ahead(ctx: Context, read: Deadline, text: str) -> Deadline:
    """READ, unless it has already passed or is further than MAX_YEARS_AHEAD years: a
    deadline must still be to come, within an official's lifetime."""
    return still_ahead(read, text, ctx.local_now, ctx.settings.timezone)


def still_ahead(read: Deadline, text: str, now: datetime, tz: ZoneInfo) -> Deadline:
    """`ahead`, against NOW in TZ."""
    local_now = now.astimezone(tz)
    if read.at(tz) < local_now:
        raise UserError("date_past", text=text, detail=read.iso())
    last = local_now.year + MAX_YEARS_AHEAD
    if read.day.year > last:
        raise UserError("date_too_far", text=text, last=last)
    return read


def deadline(ctx: Context, text: str) -> Deadline:
    """A deadline: a real date, not already passed."""
    return ahead(ctx, any_day(ctx, text), text)


def split(ctx: Context, text: str) -> tuple[Deadline, str]:
    """The deadline TEXT starts with, and the words after it ("20/5 chờ kinh phí")."""
    try:
        read, rest = dates.split_date(text, ctx.local_now, ctx.settings.timezone)
    except DateError as error:
        raise refusal(error) from None
    return ahead(ctx, read, text.removesuffix(rest).strip()), rest
