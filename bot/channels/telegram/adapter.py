"""The python-telegram-bot Application as a channel adapter (messages.neutral.ChannelAdapter,
run by bot/wiring/serve.py): built once, started and stopped by the server, with callbacks
of a few lines that hand every update to the server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from tornado.httpserver import HTTPServer

from bot.channels import webhook
from bot.channels.telegram import convert
from bot.channels.telegram.sender import TelegramSender
from bot.conversation.core import Bot
from bot.settings import Settings
from messages import LANGUAGES, Renderer
from messages.neutral import BadCredentials, Handle, Incoming, RetryLater

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org/bot"
RATE_LIMIT_RETRIES = 3
UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


def file_url(api_url: str) -> str:
    """The file endpoint beside a Bot API URL ("…/bot" gives "…/file/bot")."""
    head, sep, _ = api_url.rstrip("/").rpartition("/bot")
    return f"{head}/file/bot" if sep else api_url


# The header Telegram sends a webhook's secret in, and the largest update it POSTs (a
# message of 4,096 characters with its entities is some tens of kilobytes).
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE = 256 * 1024


class TelegramChannel:
    channel = convert.CHANNEL

    def __init__(
        self,
        core: Bot,
        settings: Settings,
        renderer: Renderer,
        webhook_url: str | None = None,
    ) -> None:
        if not settings.telegram_token:
            raise ValueError("a Telegram token is needed")
        self.core = core
        self.settings = settings
        self.renderer = renderer
        self.webhook_url = webhook_url
        api_url = settings.telegram_api_url or DEFAULT_API_URL
        # Where the Bot API is, to say so when it cannot be reached (never the token,
        # which the library appends to the URL).
        self.where = urlsplit(api_url).netloc.rpartition("@")[2] or api_url
        self.application = (
            Application.builder()
            .token(settings.telegram_token)
            .base_url(api_url)
            .base_file_url(file_url(api_url))
            # Telegram's limits (30 messages/s overall, 20/min per group); a 429 pauses
            # all sending for the time it names, then the request is tried again.
            .rate_limiter(
                AIORateLimiter(
                    overall_max_rate=settings.telegram_rate,
                    group_max_rate=settings.telegram_group_rate,
                    max_retries=RATE_LIMIT_RETRIES,
                )
            )
            .build()
        )
        self.sender = TelegramSender(self.application.bot, renderer)
        self._handle: Handle | None = None
        self._server: HTTPServer | None = None
        text = filters.TEXT & ~filters.UpdateType.EDITED
        self.application.add_handler(MessageHandler(text, self._on_message))
        files = filters.Document.ALL & ~filters.UpdateType.EDITED
        self.application.add_handler(MessageHandler(files, self._on_document))
        self.application.add_handler(CallbackQueryHandler(self._on_button))
        self.application.add_error_handler(self._on_error)

    # -- lifecycle ----------------------------------------------------------------------

    async def start(self, handle: Handle) -> None:
        self._handle = handle
        with _credentials(self.where):
            await self.application.initialize()
        await self._started()
        await self.application.start()
        updater = self.application.updater
        assert updater is not None
        if self.webhook_url is None:
            await updater.start_polling(allowed_updates=UPDATES)
            return
        secret = self.settings.telegram_webhook_secret
        if not secret:
            raise ValueError("a Telegram webhook needs TELEGRAM_WEBHOOK_SECRET")
        host, port = self.settings.webhook_listen
        # Our listener, not the library's: it checks the secret before reading a body,
        # bounds the body and the time a connection may take (bot/channels/webhook.py).
        self._server, self.refusals = webhook.listen(
            name="Telegram",
            url=self.webhook_url,
            header=SECRET_HEADER,
            secret=secret,
            on_payload=self._posted,
            host=host,
            port=port,
            max_body=MAX_UPDATE,
        )
        await self.application.bot.set_webhook(
            self.webhook_url, secret_token=secret, allowed_updates=UPDATES
        )

    async def _posted(self, payload: Any) -> None:
        """An update POSTed by Telegram, handed to the library as polling hands them."""
        update = Update.de_json(payload, self.application.bot)
        if update is not None:
            await self.application.update_queue.put(update)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()  # no new connections
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self.application.running:
            await self.application.stop()  # the update in hand is finished

    async def close(self) -> None:
        await self.application.shutdown()

    async def _started(self) -> None:
        username = self.application.bot.username
        self.core.invite_links[convert.CHANNEL] = lambda code: (
            f"https://t.me/{username}?start={code}"
        )
        try:
            await self._register_commands()
        except TelegramError as error:  # the menu is a comfort; the bot works without it
            log.warning("could not register the command menu: %s", error)
        log.info("Telegram bot @%s started", username)

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
        await self._pass(convert.from_message(message, user, self.application.bot.id))

    async def _on_document(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A file (a letter to import), its caption as the text: fetched, then to the core."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or user.is_bot or message.document is None:
            return
        if convert.addressed_elsewhere(message.caption or "", self.application.bot.username):
            return
        wanted = await asyncio.to_thread(self.core.is_admin, convert.CHANNEL, str(user.id))
        attachment = await convert.fetch(message.document, wanted)
        await self._pass(convert.from_message(message, user, self.application.bot.id, attachment))

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
            await self._pass(incoming)

    async def _pass(self, incoming: Incoming) -> None:
        assert self._handle is not None, "started"
        await self._handle(incoming)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("Telegram update failed: %s", context.error, exc_info=context.error)


# Errors the program reports itself, in its own words (InvalidToken's text quotes the
# token): logging drops the library's record of them.
REPORTED = (InvalidToken,)


@contextlib.contextmanager
def _credentials(where: str) -> Iterator[None]:
    try:
        yield
    except InvalidToken as error:
        raise BadCredentials() from error
    except NetworkError as error:  # TimedOut too: no network, or the Bot API is down
        raise RetryLater(f"{where}: {error}") from error
