"""The python-telegram-bot Application: built once, callbacks of a few lines that hand
everything to the core and to delivery."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from telegram import BotCommand, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.channel import BadCredentials
from bot.channels.telegram import convert
from bot.channels.telegram.sender import TelegramSender
from bot.core import Bot
from bot.delivery import Delivery
from bot.settings import Settings
from messages import LANGUAGES, Renderer
from scheduler.dispatch import Dispatcher
from scheduler.service import ReminderService

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org/bot"
RATE_LIMIT_RETRIES = 3
UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


def file_url(api_url: str) -> str:
    """The file endpoint beside a Bot API URL ("…/bot" gives "…/file/bot")."""
    head, sep, _ = api_url.rstrip("/").rpartition("/bot")
    return f"{head}/file/bot" if sep else api_url


class TelegramChannel:
    def __init__(self, core: Bot, settings: Settings, renderer: Renderer) -> None:
        if not settings.telegram_token:
            raise ValueError("a Telegram token is needed")
        self.core = core
        self.settings = settings
        self.renderer = renderer
        api_url = settings.telegram_api_url or DEFAULT_API_URL
        self.application = (
            Application.builder()
            .token(settings.telegram_token)
            .base_url(api_url)
            .base_file_url(file_url(api_url))
            # Telegram's limits (30 messages/s overall, 20/min per group); a 429 pauses
            # all sending for the time it names, then the request is tried again.
            .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
            .post_init(self._started)
            .post_stop(self._stopping)
            .build()
        )
        self.sender = TelegramSender(self.application.bot, renderer)
        self.delivery = Delivery(
            core,
            {convert.CHANNEL: self.sender},
            attempts=settings.send_attempts,
            backoff=settings.send_backoff.total_seconds(),
        )
        dispatcher = Dispatcher(core.sessions, settings, core.clock, core, self.delivery)
        self.reminders = ReminderService(core.sessions, settings, core.clock, dispatcher)
        text = filters.TEXT & ~filters.UpdateType.EDITED
        self.application.add_handler(MessageHandler(text, self._on_message))
        self.application.add_handler(CallbackQueryHandler(self._on_button))
        self.application.add_error_handler(self._on_error)

    # -- lifecycle ----------------------------------------------------------------------

    async def _started(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        username = application.bot.username
        self.core.invite_links[convert.CHANNEL] = lambda code: (
            f"https://t.me/{username}?start={code}"
        )
        try:
            await self._register_commands()
        except TelegramError as error:  # the menu is a comfort; the bot works without it
            log.warning("could not register the command menu: %s", error)
        self.reminders.start()
        log.info("Telegram bot @%s started", username)

    async def _stopping(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        self.reminders.stop()
        await self.delivery.drain()  # what is waiting still goes out

    async def _register_commands(self) -> None:
        """The command menu in Vietnamese (the default) and English."""
        for lang in LANGUAGES:
            menu = self.renderer.render("command_menu", {}, lang, "text")
            commands = [
                BotCommand(name.strip(), description.strip())
                for name, _, description in (line.partition(" - ") for line in menu.splitlines())
                if name.strip()
            ]
            await self.application.bot.set_my_commands(commands, language_code=lang)
            if lang == self.settings.language:
                await self.application.bot.set_my_commands(commands)

    # -- updates ------------------------------------------------------------------------

    async def _on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A text message or command: to the core, and its answers out."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or user.is_bot or message.text is None:
            return
        if convert.addressed_elsewhere(message.text, self.application.bot.username):
            return
        await self._handle(convert.from_message(message, user, self.application.bot.id))

    async def _on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button press: its command, as if typed."""
        query = update.callback_query
        if query is None:
            return
        # Acknowledge the press; a press that waited out a restart is "too old" to answer,
        # but its command still counts.
        with contextlib.suppress(TelegramError):
            await query.answer()
        incoming = convert.from_button(query)
        if incoming is not None:
            await self._handle(incoming)

    async def _handle(self, incoming: Any) -> None:
        self.delivery.submit(await asyncio.to_thread(self.core.handle, incoming))
        # A command may have planned a reminder sooner than the next one in sight.
        await asyncio.to_thread(self.reminders.poke)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("Telegram update failed: %s", context.error, exc_info=context.error)

    # -- running ------------------------------------------------------------------------

    def run_polling(self) -> None:
        with _credentials():
            self.application.run_polling(allowed_updates=UPDATES)

    def run_webhook(self, url: str, secret: str) -> None:
        host, port = self.settings.webhook_listen
        path = url.split("://", 1)[-1].partition("/")[2]
        with _credentials():
            self.application.run_webhook(
                listen=host,
                port=port,
                url_path=path,
                webhook_url=url,
                secret_token=secret,
                allowed_updates=UPDATES,
            )


# Errors the program reports itself, in its own words (InvalidToken's text quotes the
# token): logging drops the library's record of them.
REPORTED = (InvalidToken,)


@contextlib.contextmanager
def _credentials() -> Iterator[None]:
    try:
        yield
    except InvalidToken as error:
        raise BadCredentials() from error
