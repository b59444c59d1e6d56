"""The Zalo Bot API as a channel adapter (messages.neutral.ChannelAdapter, run by
bot/wiring/serve.py): updates by long polling or by webhook, each handed to the server;
answers through ZaloSender.

getUpdates returns one update at a time, with no offset to acknowledge it, so the same
message may come twice: the core drops a message id it has seen. A webhook POST must
carry the secret given to setWebhook, or it is refused with 403 and changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from tornado.httpserver import HTTPServer

from bot.channels import webhook
from bot.channels.zalo.client import DEFAULT_BASE_URL, ZaloClient
from bot.channels.zalo.convert import CHANNEL, from_update
from bot.channels.zalo.sender import ZaloSender
from bot.channels.zalo.updates import SECRET_HEADER, ZaloUpdate, parse_update
from bot.conversation.core import Bot
from bot.settings import Settings
from messages import Renderer
from messages.neutral import BadCredentials, Handle

log = logging.getLogger(__name__)

# Seconds Zalo holds a getUpdates open when nothing is new.
POLL_TIMEOUT = 30
# The largest webhook POST read.
MAX_BODY = 64 * 1024
# Waits between failed polls: from the first to the longest.
POLL_BACKOFF = (1.0, 60.0)


class ZaloChannel:
    channel = CHANNEL

    def __init__(
        self,
        core: Bot,
        settings: Settings,
        renderer: Renderer,
        webhook_url: str | None = None,
        poll_timeout: int = POLL_TIMEOUT,
    ) -> None:
        if not settings.zalo_token:
            raise ValueError("a Zalo token is needed")
        self.core = core
        self.settings = settings
        self.webhook_url = webhook_url
        self.poll_timeout = poll_timeout
        self.client = ZaloClient(settings.zalo_token, settings.zalo_api_url or DEFAULT_BASE_URL)
        self.sender = ZaloSender(self.client, renderer)
        # The name people write after "@" in a group, to take it off the command.
        self.bot_name = ""
        self._handle: Handle | None = None
        self._poller: asyncio.Task[None] | None = None
        self._waiting = False  # in a long poll: safe to cancel (no update in hand)
        self._stopping = False
        self._server: HTTPServer | None = None
        self._in_hand: set[asyncio.Task[None]] = set()  # webhook updates being handled

    # -- lifecycle ----------------------------------------------------------------------

    async def start(self, handle: Handle) -> None:
        self._handle = handle
        me = await self.client.get_me()  # a refused token raises BadCredentials here
        self.bot_name = self.settings.zalo_bot_name or me.name
        if self.webhook_url is None:
            # getUpdates answers nothing while a webhook is set: polling clears it.
            await self.client.delete_webhook()
            self._poller = asyncio.create_task(self._poll(), name="zalo-poll")
        else:
            await self._serve_webhook(self.webhook_url)
        how = "webhook" if self._server else "polling"
        log.info("Zalo bot %s started (%s)", me.account_name, how)

    async def stop(self) -> None:
        self._stopping = True
        if self._server is not None:
            self._server.stop()  # no new connections; updates in hand are finished:
            if self._in_hand:
                await asyncio.wait(set(self._in_hand))
        if self._poller is not None:
            if self._waiting:  # an update being handled is finished, not cut off
                self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller

    async def close(self) -> None:
        await self.client.aclose()

    # -- receiving ----------------------------------------------------------------------

    async def _poll(self) -> None:
        wait = POLL_BACKOFF[0]
        while not self._stopping:
            self._waiting = True
            try:
                update = await self.client.get_updates(timeout=self.poll_timeout)
            except BadCredentials:
                # The token was revoked while running: loud, and retried slowly, so the
                # bot hears again as soon as an operator restores it.
                log.error("Zalo refused ZALO_BOT_TOKEN; retrying in %.0f s", POLL_BACKOFF[1])
                await asyncio.sleep(POLL_BACKOFF[1])
                continue
            except Exception as error:
                # A network fault, Zalo's 5xx or 429, a webhook set meanwhile, or anything
                # unforeseen: say it, wait longer each time, and keep polling.
                log.warning("Zalo getUpdates failed: %s", error)
                await asyncio.sleep(getattr(error, "retry_after", None) or wait)
                wait = min(wait * 2, POLL_BACKOFF[1])
                continue
            finally:
                self._waiting = False
            wait = POLL_BACKOFF[0]
            if update is not None:
                await self.receive(update)

    async def receive(self, update: ZaloUpdate) -> None:
        incoming = from_update(update, self.bot_name)
        if incoming is not None and self._handle is not None:
            await self._handle(incoming)

    async def receive_posted(self, update: ZaloUpdate) -> None:
        """An update from the webhook, handled as a task the channel knows of, so a stop
        waits for it to finish."""
        task = asyncio.ensure_future(self.receive(update))
        self._in_hand.add(task)
        task.add_done_callback(self._in_hand.discard)
        await task

    async def _serve_webhook(self, url: str) -> None:
        secret = self.settings.zalo_webhook_secret
        if not secret:
            raise ValueError("a Zalo webhook needs ZALO_WEBHOOK_SECRET")
        host, port = self.settings.zalo_webhook_listen
        # An update is a few hundred bytes: a larger body is refused before it is read,
        # and the secret is checked before any of it is (bot/channels/webhook.py).
        self._server, self.refusals = webhook.listen(
            name="Zalo",
            url=url,
            header=SECRET_HEADER,
            secret=secret,
            on_payload=self._posted,
            host=host,
            port=port,
            max_body=MAX_BODY,
        )
        await self.client.set_webhook(url, secret)

    async def _posted(self, payload: Any) -> None:
        update = parse_update(payload)
        if update is not None:
            await self.receive_posted(update)
