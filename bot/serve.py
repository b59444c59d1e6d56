"""One process serving every configured chat platform: one core, one delivery, one
dispatcher and its reminder schedule, whatever the channels.

A channel adapter receives updates and hands each as an `Incoming` to `Server.handle`;
the answers go out through the adapters' senders, each chat in order. SIGINT or SIGTERM
stops receiving first, then sends what is still queued, then closes the connections.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from bot.channel import BadCredentials, Incoming, Sender
from bot.core import Bot
from bot.delivery import Delivery
from bot.settings import Settings
from scheduler.dispatch import Dispatcher
from scheduler.service import ReminderService

log = logging.getLogger(__name__)

Handle = Callable[[Incoming], Awaitable[None]]


class ChannelAdapter(Protocol):
    channel: str
    sender: Sender

    async def start(self, handle: Handle) -> None:
        """Connect and begin handing updates to HANDLE; raises BadCredentials when the
        platform refuses the token."""

    async def stop(self) -> None:
        """Take no more updates (the one in hand is finished)."""

    async def close(self) -> None:
        """Release connections, after delivery has drained."""


class ChannelRefused(Exception):
    """A platform refused the bot's token; `channel` says which."""

    def __init__(self, channel: str) -> None:
        super().__init__(channel)
        self.channel = channel


class Server:
    def __init__(self, core: Bot, settings: Settings, adapters: Sequence[ChannelAdapter]) -> None:
        self.core = core
        self.adapters = list(adapters)
        self.delivery = Delivery(
            core,
            {a.channel: a.sender for a in self.adapters},
            attempts=settings.send_attempts,
            backoff=settings.send_backoff.total_seconds(),
        )
        dispatcher = Dispatcher(core.sessions, settings, core.clock, core, self.delivery)
        self.reminders = ReminderService(core.sessions, settings, core.clock, dispatcher)

    async def handle(self, incoming: Incoming) -> None:
        self.delivery.submit(await asyncio.to_thread(self.core.handle, incoming))
        # A command may have planned a reminder sooner than the next one in sight.
        await asyncio.to_thread(self.reminders.poke)

    def run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stopping.set)
        started: list[ChannelAdapter] = []
        try:
            for adapter in self.adapters:
                try:
                    await adapter.start(self.handle)
                except BadCredentials as error:
                    raise ChannelRefused(adapter.channel) from error
                started.append(adapter)
            self.reminders.start()
            log.info("serving %s", ", ".join(a.channel for a in started))
            await stopping.wait()
        finally:
            for adapter in reversed(started):
                await _quietly(adapter.stop(), f"stopping {adapter.channel}")
            self.reminders.stop()
            await self.delivery.drain()  # what is waiting still goes out
            for adapter in self.adapters:
                await _quietly(adapter.close(), f"closing {adapter.channel}")


async def _quietly(step: Awaitable[None], what: str) -> None:
    """A failure while shutting down one channel must not keep the others from it."""
    try:
        await step
    except Exception:
        log.exception("%s failed", what)
