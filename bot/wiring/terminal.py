"""`dondoc console [--demo]`: a chat with the bot in this terminal, on the configured
database or, with --demo, on a throwaway one loaded with the demo data."""

from __future__ import annotations

import argparse
import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from bot.conversation.core import Bot
    from scheduler.outbox import OutboxStore
    from scheduler.planning import Planner
    from storage.clock import Clock


def console(settings: Settings, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from bot.channels.console import CHANNEL, ConsoleChannel
    from bot.wiring.build import open_app
    from messages import Renderer
    from storage.clock import MovableClock, file_clock, system_clock
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
        # The console's clock runs with the machine's (or DONDOC_CLOCK_FILE's) and /dongho
        # moves it forward; the jobs a running bot does on its own run after each move.
        base = file_clock(settings.clock_file) if settings.clock_file else system_clock
        clock = MovableClock(base)
        bot = app.bot(clock, extra_admins=extra)
        channel = ConsoleChannel(
            bot,
            renderer,
            user=args.user,
            language=settings.language,
            database=database_location(settings.database_url),
            read_only=is_read_only,
            outbox=console_outbox(bot),
            move_clock=clock.advance,
            after_moving=partial(run_own_jobs, app.sessions, clock, bot.planner),
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


def console_outbox(bot: Bot) -> OutboxStore:
    """The console's outbox: reminders, overdue notices and digests are shown as they fall
    due, as on a platform (the console is a channel like the others), and never as late,
    since its clock jumps forward on purpose."""
    from bot.channels.console import CHANNEL
    from bot.conversation.reminder_content import ReminderContent
    from scheduler.outbox import OutboxStore

    content = ReminderContent(bot.settings, late_after=None)
    return OutboxStore(
        bot.sessions, bot.clock, [CHANNEL], bot.admin_notices, content, planner=bot.planner
    )


def run_own_jobs(sessions: sessionmaker[Session], clock: Clock, planner: Planner) -> None:
    """What `dondoc run`'s scheduler does by itself, done once at the console's new time:
    the next occurrence of recurring duties, and the committee's digests due today."""
    from bot.services.series import ensure_occurrences
    from scheduler.service import plan_digests
    from storage.db import transaction

    with transaction(sessions) as session:
        ensure_occurrences(session, clock(), planner)
        plan_digests(session, clock(), planner)
