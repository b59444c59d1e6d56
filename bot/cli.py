"""The `dondoc` command: start the bot, open the console, manage the database, read a date.

dondoc start            Telegram and/or Zalo when a token is set, else the console
dondoc run [--channel telegram|zalo|all] [--webhook URL]   the bot on its platforms
dondoc console [--demo] a chat with the bot in the terminal
dondoc db upgrade       apply the database migrations
dondoc date [--now ISO] "TEXT"   what the bot reads from a date phrase
dondoc extract FILE [--json]     the assignments a letter (.txt, .docx, .pdf) proposes
dondoc reply [--now ISO] [--deadline DATE] "TEXT"   what the bot reads from a progress reply
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime, tzinfo
from pathlib import Path

from bot.logs import first_line
from bot.settings import Settings, SettingsError, load_settings

log = logging.getLogger("dondoc")


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# The exit status of a program whose reader went away (128 + SIGPIPE), as `yes | head -1`.
BROKEN_PIPE = 141
INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """The command line. Nothing that goes wrong reaches the terminal as a traceback:
    known failures are one line saying what to do, anything else one line too (the
    traceback is shown only in Python's development mode: PYTHONDEVMODE=1). Log records
    are one line on a terminal; a log written elsewhere keeps its tracebacks."""
    parser = _parser()
    args = parser.parse_args(argv)
    handler = logging.StreamHandler()
    handler.setFormatter(
        # A person at a terminal reads one line per failure; a log kept by a service
        # manager (stderr not a terminal) keeps the traceback an operator needs to fix it.
        OneLineFormatter(LOG_FORMAT)
        if sys.stderr.isatty() and not sys.flags.dev_mode
        else logging.Formatter(LOG_FORMAT)
    )
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    try:
        settings = load_settings()
    except SettingsError as error:
        from messages import Renderer

        # Said in DONDOC_LANGUAGE when that much could be read, else in Vietnamese.
        message = Renderer().render("settings_invalid", error.values(), error.language)
        print(message, file=sys.stderr)
        return 2
    try:
        result: int = _handled(settings, args)
        sys.stdout.flush()  # here, where a reader gone away can still be caught
    except BrokenPipeError:
        # `dondoc start | head -1`: the reader has what it wanted. Python would complain
        # again when it flushes at exit, so stdout goes nowhere from now on.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return BROKEN_PIPE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return INTERRUPTED
    except Exception as error:
        if sys.flags.dev_mode:
            raise
        from bot.logs import redact
        from messages import Renderer

        secrets = [
            settings.telegram_token,
            settings.telegram_webhook_secret,
            settings.zalo_token,
            settings.zalo_webhook_secret,
        ]
        values = {"error": redact(_one_line(error), [s for s in secrets if s])}
        print(Renderer().render("cli_unexpected_error", values, settings.language), file=sys.stderr)
        return 1
    return result


def _handled(settings: Settings, args: argparse.Namespace) -> int:
    """ARGS' command, with the database's failures said in one line each."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

    from messages import Renderer
    from storage.db import MissingDriver, ReadOnlyDatabase, UnsupportedDatabaseURL, is_read_only

    lang = settings.language
    try:
        result: int = args.handler(settings, args)
    except UnsupportedDatabaseURL as error:
        values = {"scheme": error.scheme}
        print(Renderer().render("database_url_unsupported", values, lang), file=sys.stderr)
        return 2
    except MissingDriver as error:
        values = {"module": error.module}
        print(Renderer().render("database_driver_missing", values, lang), file=sys.stderr)
        return 2
    except ReadOnlyDatabase:
        _read_only(settings)
        return 2
    except OperationalError as error:
        if is_read_only(error):
            _read_only(settings)
        else:
            _cannot_open(settings, error)
        return 2
    except DBAPIError as error:
        if not is_read_only(error):
            raise
        _read_only(settings)
        return 2
    except ArgumentError as error:
        _cannot_open(settings, error)
        return 2
    return result


def _read_only(settings: Settings) -> None:
    from messages import Renderer
    from storage.db import database_location

    values = {
        "where": database_location(settings.database_url),
        "kind": "sqlite" if settings.uses_sqlite else "postgresql",
    }
    print(Renderer().render("database_read_only", values, settings.language), file=sys.stderr)


def _cannot_open(settings: Settings, error: Exception) -> None:
    # An unreachable server or a mistyped URL: say which, without a traceback.
    from messages import Renderer

    values = {
        "url": _safe_url(settings.database_url),
        "reason": _one_line(getattr(error, "orig", None) or error, kind=False),
    }
    print(Renderer().render("database_cannot_open", values, settings.language), file=sys.stderr)


def _one_line(error: BaseException, kind: bool = True) -> str:
    """ERROR as one line: its type (when KIND) and the first line of its text."""
    first = first_line(error)
    if not kind:
        return first
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


class OneLineFormatter(logging.Formatter):
    """A log record on one line: an exception it carries is told as its type and first
    line, after the message, never as a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        error = record.exc_info[1] if record.exc_info else None
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            text = super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved
        return f"{text} ({_one_line(error)})" if error is not None else text


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(DATABASE_URL)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dondoc", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.set_defaults(
        handler=_start, demo=False, user="admin", channel=None, webhook=None, zalo_webhook=None
    )
    sub = parser.add_subparsers(title="commands")

    run = sub.add_parser(
        "run", help="run the bot on Telegram and Zalo (TELEGRAM_BOT_TOKEN, ZALO_BOT_TOKEN)"
    )
    run.add_argument(
        "--channel",
        choices=["telegram", "zalo", "all"],
        help="serve only this platform, or all (default: every one with a token set)",
    )
    run.add_argument(
        "--webhook",
        metavar="URL",
        help="receive updates at this public https URL instead of polling: Telegram's "
        "(TELEGRAM_WEBHOOK_SECRET, DONDOC_WEBHOOK_LISTEN), or Zalo's with --channel zalo",
    )
    run.add_argument(
        "--zalo-webhook",
        metavar="URL",
        help="Zalo's webhook URL when both platforms run "
        "(ZALO_WEBHOOK_SECRET, DONDOC_ZALO_WEBHOOK_LISTEN)",
    )
    run.set_defaults(handler=_run)

    start = sub.add_parser("start", help="run the bot: Telegram with a token, else the console")
    start.add_argument("--demo", action="store_true", help="console: start from the demo data")
    start.set_defaults(handler=_start)

    console = sub.add_parser("console", help="chat with the bot in this terminal")
    console.add_argument(
        "--demo", action="store_true", help="start from a demo dataset (in a throwaway database)"
    )
    console.add_argument("--as", dest="user", default="admin", help="first user (default admin)")
    console.set_defaults(handler=_console)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(title="db commands", required=True)
    db_sub.add_parser("upgrade", help="apply migrations up to the latest").set_defaults(
        handler=_db_upgrade
    )

    date = sub.add_parser("date", help="print what the bot reads from a date phrase")
    date.add_argument("text", help='e.g. "11h ngày 12/5/2025"')
    date.add_argument("--now", help="the moment to read it at, ISO 8601 (default: now)")
    date.set_defaults(handler=_date)

    extract = sub.add_parser("extract", help="propose the assignments an official letter makes")
    extract.add_argument("file", help="the letter: .txt, .docx or .pdf")
    extract.add_argument("--json", action="store_true", help="print the proposal as JSON")
    extract.set_defaults(handler=_extract)

    reply = sub.add_parser("reply", help="print what the bot reads from a progress reply")
    reply.add_argument("text", help='e.g. "#12 60%%, vướng: chưa có kinh phí"')
    reply.add_argument("--now", help="the moment to read it at, ISO 8601 (default: now)")
    reply.add_argument(
        "--deadline", help="the task's deadline, YYYY-MM-DD: relative extensions count from it"
    )
    reply.set_defaults(handler=_reply)
    return parser


def _start(settings: Settings, args: argparse.Namespace) -> int:
    if settings.telegram_token or settings.zalo_token:
        args.webhook = args.zalo_webhook = args.channel = None
        return _run(settings, args)
    return _console(settings, args)


NO_TOKEN = """dondoc: no Telegram token (TELEGRAM_BOT_TOKEN).
To get one: open Telegram, talk to @BotFather, send /newbot, choose a name and a username
ending in "bot"; BotFather answers with a token like 123456789:AAH... Then:
    TELEGRAM_BOT_TOKEN=123456789:AAH... DONDOC_ADMINS=telegram:YOUR_USER_ID dondoc run
To try the bot without Telegram, use the console instead:
    dondoc console --demo"""


NO_ZALO_TOKEN = """dondoc: no Zalo token (ZALO_BOT_TOKEN).
To get one: in Zalo, open "Zalo Bot Creator" (bot.zaloplatforms.com), create a bot, and
copy its token (it looks like 1234567890:AbCd...). Then:
    ZALO_BOT_TOKEN=1234567890:AbCd... DONDOC_ADMINS=zalo:YOUR_USER_ID dondoc run --channel zalo"""

REFUSED = {
    "telegram": "dondoc: Telegram refused TELEGRAM_BOT_TOKEN (mistyped, or revoked in "
    "@BotFather). Check it, or get a new one from @BotFather.",
    "zalo": "dondoc: Zalo refused ZALO_BOT_TOKEN (mistyped, or revoked in Zalo Bot Creator). "
    "Check it, or create a new one there.",
}


def _run(settings: Settings, args: argparse.Namespace) -> int:
    """The bot on every chat platform with a token (or the one --channel names), by long
    polling or, with --webhook, behind a public URL; one process, one dispatcher."""
    wanted = _channels(settings, args.channel)
    if isinstance(wanted, str):
        print(wanted, file=sys.stderr)
        return 2
    telegram_hook = args.webhook if "telegram" in wanted else None
    zalo_hook = args.zalo_webhook or (args.webhook if wanted == ["zalo"] else None)
    if telegram_hook and not settings.telegram_webhook_secret:
        print(
            "dondoc: --webhook needs TELEGRAM_WEBHOOK_SECRET (1-256 characters of A-Z, a-z, "
            "0-9, _ and -), which Telegram sends with every update",
            file=sys.stderr,
        )
        return 2
    if zalo_hook and not settings.zalo_webhook_secret:
        print(
            "dondoc: a Zalo webhook needs ZALO_WEBHOOK_SECRET (8-256 characters of A-Z, a-z, "
            "0-9, _ and -), which Zalo sends with every update",
            file=sys.stderr,
        )
        return 2
    from bot.channels.telegram import REPORTED
    from bot.logs import quiet_secrets
    from bot.wiring.build import open_app
    from bot.wiring.serve import ChannelRefused, Server
    from messages import Renderer
    from messages.neutral import ChannelAdapter
    from storage.clock import file_clock, system_clock

    logging.getLogger("bot").setLevel(logging.INFO)  # an operator wants to see it run
    # A rejected token is said once, plainly, below; not as the library's traceback.
    quiet_secrets(
        [
            settings.telegram_token,
            settings.telegram_webhook_secret,
            settings.zalo_token,
            settings.zalo_webhook_secret,
        ],
        REPORTED,
    )
    app = open_app(settings)
    clock = file_clock(settings.clock_file) if settings.clock_file else system_clock
    core = app.bot(clock)
    renderer = Renderer()
    adapters: list[ChannelAdapter] = []
    try:
        if "telegram" in wanted:
            from bot.channels.telegram import TelegramChannel

            adapters.append(TelegramChannel(core, settings, renderer, telegram_hook))
        if "zalo" in wanted:
            from bot.channels.zalo.adapter import ZaloChannel

            adapters.append(ZaloChannel(core, settings, renderer, zalo_hook))
        Server(core, settings, adapters).run()
    except ChannelRefused as refused:
        # The platform's own text may hold the token: say it in our words instead.
        print(REFUSED[refused.channel], file=sys.stderr)
        return 2
    finally:
        app.close()
    return 0


def _channels(settings: Settings, choice: str | None) -> list[str] | str:
    """The channels to serve, or why none can be."""
    tokens = {"telegram": settings.telegram_token, "zalo": settings.zalo_token}
    missing = {"telegram": NO_TOKEN, "zalo": NO_ZALO_TOKEN}
    if choice in ("telegram", "zalo"):
        return [choice] if tokens[choice] else missing[choice]
    found = [name for name, token in tokens.items() if token]
    if choice == "all":
        absent = [name for name in tokens if not tokens[name]]
        return missing[absent[0]] if absent else found
    return found or NO_TOKEN


def _console(settings: Settings, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from bot.channels.console import CHANNEL, ConsoleChannel
    from bot.wiring.build import open_app
    from messages import Renderer
    from storage.db import database_location, is_read_only

    demo_dir = None
    if args.demo:
        # The demo never touches real data: it lives in a database of its own.
        demo_dir = tempfile.TemporaryDirectory(prefix="dondoc-demo-")
        settings = replace(
            settings, database_url=f"sqlite:///{Path(demo_dir.name) / 'demo.sqlite3'}"
        )
    app = open_app(settings)
    try:
        renderer = Renderer()
        # Whoever runs the console holds the database anyway: "admin" is an admin there
        # unless the settings name console admins of their own.
        extra = (
            frozenset()
            if any(k.startswith(f"{CHANNEL}:") for k in settings.admins)
            else frozenset({f"{CHANNEL}:admin"})
        )
        bot = app.bot(extra_admins=extra)
        channel = ConsoleChannel(
            bot,
            renderer,
            user=args.user,
            language=settings.language,
            database=database_location(settings.database_url),
            read_only=is_read_only,
        )
        interactive = sys.stdin.isatty()
        if args.demo:
            _load_demo(app, bot, renderer, settings, interactive)
        elif interactive:
            print(renderer.render("console_intro", {"user": args.user}, settings.language))
        if interactive:
            channel.run_interactive()
        else:
            channel.run(sys.stdin)
    finally:
        app.close()
        if demo_dir is not None:
            demo_dir.cleanup()
    return 0


def _load_demo(
    app: object, bot: object, renderer: object, settings: Settings, interactive: bool
) -> None:
    from bot import demo
    from bot.wiring.build import App
    from messages import Renderer
    from storage.db import transaction

    assert isinstance(app, App) and isinstance(renderer, Renderer)
    with transaction(app.sessions) as session:
        counts = demo.load(session, bot.clock(), bot.planner)  # type: ignore[attr-defined]
    text = renderer.render(
        "console_demo", {"counts": counts, "members": demo.dataset()["members"]}, settings.language
    )
    print(text if interactive else text.splitlines()[0])
    print()


def _db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    from bot.wiring.build import open_app
    from storage.migrate import current_revision

    app = open_app(settings)
    print(f"database at revision {current_revision(app.engine)}")
    app.close()
    return 0


def _now(text: str | None, tz: tzinfo, command: str) -> datetime | None:
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


def _date(settings: Settings, args: argparse.Namespace) -> int:
    from bot.reading.dates import DateError, read_date
    from messages import Renderer

    tz = settings.timezone
    now = _now(args.now, tz, "date")
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


def _reply(settings: Settings, args: argparse.Namespace) -> int:
    import json
    from datetime import date

    from bot.reading.replies import read_reply

    tz = settings.timezone
    now = _now(args.now, tz, "reply")
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


def _extract(settings: Settings, args: argparse.Namespace) -> int:
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


if __name__ == "__main__":
    raise SystemExit(main())
