"""`dondoc start` and `dondoc run`: the bot on every chat platform with a token (or the
one --channel names), by long polling or behind a webhook; the console when no platform
has a token and `start` was asked."""

from __future__ import annotations

import argparse
import logging
import sys

from bot.settings import Settings
from bot.wiring import terminal

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


def start(settings: Settings, args: argparse.Namespace) -> int:
    """Every platform with a token, by polling; the console when none has one."""
    if settings.telegram_token or settings.zalo_token:
        args.webhook = args.zalo_webhook = args.channel = None
        return run(settings, args)
    return terminal.console(settings, args)


def run(settings: Settings, args: argparse.Namespace) -> int:
    """The bot on every chat platform with a token (or the one --channel names), by long
    polling or, with --webhook, behind a public URL; one process, one dispatcher."""
    wanted = channels(settings, args.channel)
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


def channels(settings: Settings, choice: str | None) -> list[str] | str:
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
