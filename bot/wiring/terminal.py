"""`dondoc console [--demo]`: a chat with the bot in this terminal, on the configured
database or, with --demo, on a throwaway one loaded with the demo data."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bot.settings import Settings


def console(settings: Settings, args: argparse.Namespace) -> int:
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
