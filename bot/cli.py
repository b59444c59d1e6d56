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
from collections.abc import Sequence

from bot.wiring import maintenance, platforms, readings, terminal
from bot.wiring.process import execute


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: ARGV parsed, and the subcommand it names handed to the wiring,
    which runs it (bot/wiring/process.py) and says in one line whatever goes wrong; the
    exit status."""
    args = _parser().parse_args(argv)
    return execute(args.handler, args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dondoc", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.set_defaults(
        handler=platforms.start,
        demo=False,
        user="admin",
        channel=None,
        webhook=None,
        zalo_webhook=None,
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
    run.set_defaults(handler=platforms.run)

    start = sub.add_parser("start", help="run the bot: Telegram with a token, else the console")
    start.add_argument("--demo", action="store_true", help="console: start from the demo data")
    start.set_defaults(handler=platforms.start)

    console = sub.add_parser("console", help="chat with the bot in this terminal")
    console.add_argument(
        "--demo", action="store_true", help="start from a demo dataset (in a throwaway database)"
    )
    console.add_argument("--as", dest="user", default="admin", help="first user (default admin)")
    console.set_defaults(handler=terminal.console)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(title="db commands", required=True)
    db_sub.add_parser("upgrade", help="apply migrations up to the latest").set_defaults(
        handler=maintenance.db_upgrade
    )

    date = sub.add_parser("date", help="print what the bot reads from a date phrase")
    date.add_argument("text", help='e.g. "11h ngày 12/5/2025"')
    date.add_argument("--now", help="the moment to read it at, ISO 8601 (default: now)")
    date.set_defaults(handler=readings.print_date)

    extract = sub.add_parser("extract", help="propose the assignments an official letter makes")
    extract.add_argument("file", help="the letter: .txt, .docx or .pdf")
    extract.add_argument("--json", action="store_true", help="print the proposal as JSON")
    extract.set_defaults(handler=readings.print_proposal)

    reply = sub.add_parser("reply", help="print what the bot reads from a progress reply")
    reply.add_argument("text", help='e.g. "#12 60%%, vướng: chưa có kinh phí"')
    reply.add_argument("--now", help="the moment to read it at, ISO 8601 (default: now)")
    reply.add_argument(
        "--deadline", help="the task's deadline, YYYY-MM-DD: relative extensions count from it"
    )
    reply.set_defaults(handler=readings.print_reply)
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
