"""One process serving every configured chat platform: one core, one sending loop and
its schedule, whatever the channels.

A channel adapter receives updates and hands each as an `Incoming` to `Server.handle`:
the core writes the answers as outbox rows and the sending loop, woken at once, sends
them through the adapters' senders, each chat in order. SIGINT or SIGTERM stops
receiving first, then finishes and marks what is being sent (what waits stays in the
outbox for the next start), then closes the connections.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from bot.core import Bot
from bot.reminder_content import ReminderContent
from bot.settings import Settings
from messages.neutral import BadCredentials, Incoming, Sender
from scheduler.outbox import OutboxStore
from scheduler.sending import Sending
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
        """Release connections, after sending has stopped."""


class ChannelRefused(Exception):
    """A platform refused the bot's token; `channel` says which."""

    def __init__(self, channel: str) -> None:
        super().__init__(channel)
        self.channel = channel


class Server:
    def __init__(self, core: Bot, settings: Settings, adapters: Sequence[ChannelAdapter]) -> None:
        self.core = core
        self.adapters = list(adapters)
        senders = {a.channel: a.sender for a in self.adapters}
        store = OutboxStore(
            core.sessions,
            core.clock,
            list(senders),
            admins=core.admin_notices,
            content=ReminderContent(settings),
        )
        self.sending = Sending(
            store,
            senders,
            attempts=settings.send_attempts,
            backoff=settings.send_backoff.total_seconds(),
            concurrency=settings.send_concurrency,
            grace=settings.stop_grace.total_seconds(),
        )
        self.reminders = ReminderService(core.sessions, settings, core.clock, self.sending)

    async def handle(self, incoming: Incoming) -> None:
        # A reply to a message sent a moment ago finds it recorded.
        await self.sending.settled(incoming.channel, incoming.chat_id)
        if await asyncio.to_thread(self.core.handle, incoming):
            self.sending.wake()  # its answers go now, not at the next interval
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
        sending = False
        try:
            for adapter in self.adapters:
                try:
                    await adapter.start(self.handle)
                except BadCredentials as error:
                    raise ChannelRefused(adapter.channel) from error
                started.append(adapter)
            await self.sending.start()
            sending = True
            self.reminders.start()
            log.info("serving %s", ", ".join(a.channel for a in started))
            await stopping.wait()
        finally:
            for adapter in reversed(started):
                await _quietly(adapter.stop(), f"stopping {adapter.channel}")
            self.reminders.stop()
            if sending:
                await _quietly(self.sending.stop(), "stopping the sending loop")
            for adapter in self.adapters:
                await _quietly(adapter.close(), f"closing {adapter.channel}")


async def _quietly(step: Awaitable[None], what: str) -> None:
    """A failure while shutting down one channel must not keep the others from it."""
    try:
        await step
    except Exception:
        log.exception("%s failed", what)
