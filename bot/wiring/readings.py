"""`dondoc date`, `dondoc reply` and `dondoc extract`: what the bot reads from a date
phrase, a progress reply or a letter, printed, with no database."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, tzinfo

from bot.settings import Settings


def now_from_text(text: str | None, tz: tzinfo, command: str) -> datetime | None:
    """The moment --now names (local time when it has no offset), the clock's without
    it; None, after saying why, when it is not ISO 8601."""
    if not text:
        return datetime.now(tz)
    try:
        now = datetime.fromisoformat(text)
    except ValueError:
        print(
            f"dondoc {command}: --now {text!r} is not ISO 8601 (e.g. 2025-03-05T09:30)",
            file=sys.stderr,
        )
        return None
    return now.replace(tzinfo=tz) if now.tzinfo is None else now.astimezone(tz)


def print_date(settings: Settings, args: argparse.Namespace) -> int:
    from bot.reading.dates import DateError, read_date
    from messages import Renderer

    tz = settings.timezone
    now = now_from_text(args.now, tz, "date")
    if now is None:
        return 2
    try:
        read = read_date(args.text, now, tz)
    except DateError as error:
        message = Renderer().render(
            f"date_{error.kind}",
            error.values(),
            settings.language,
            today=now.date(),
        )
        print(message, file=sys.stderr)
        return 1
    print(read.iso())
    return 0


def print_reply(settings: Settings, args: argparse.Namespace) -> int:
    import json
    from datetime import date

    from bot.reading.replies import read_reply

    tz = settings.timezone
    now = now_from_text(args.now, tz, "reply")
    if now is None:
        return 2
    deadline = None
    if args.deadline:
        try:
            deadline = date.fromisoformat(args.deadline)
        except ValueError:
            print(
                f"dondoc reply: --deadline {args.deadline!r} is not a date (e.g. 2025-05-20)",
                file=sys.stderr,
            )
            return 2
    reading = read_reply(args.text, now, tz, deadline)
    print(json.dumps(reading.as_json(), ensure_ascii=False))
    return 0


def print_proposal(settings: Settings, args: argparse.Namespace) -> int:
    import json

    from bot.intake import ReadFileError, extract, read_file
    from bot.intake.proposal_values import proposal_values
    from messages import Renderer

    try:
        text = read_file(args.file)
    except ReadFileError as error:
        print(f"dondoc extract: cannot read {args.file}: {error}", file=sys.stderr)
        return 2
    proposal = extract(text, tz=settings.timezone)
    if args.json:
        print(json.dumps(proposal.as_json(), ensure_ascii=False, indent=2))
    else:
        values = proposal_values(proposal)
        print(Renderer().render("extract_proposal", values, settings.language))
    return 0
