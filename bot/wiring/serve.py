"""One process serving every configured chat platform: one core, one sending loop and
its schedule, whatever the channels.

A channel adapter receives updates and hands each as an `Incoming` to `Server.handle`:
the core writes the answers as outbox rows and the sending loop, woken at once, sends
them through the adapters' senders, each chat in order. SIGINT or SIGTERM stops
receiving first, then finishes and marks what is being sent (what waits stays in the
outbox for the next start), then closes the connections.

A platform that cannot be reached at start (no network, its API down) is said in one
line and tried again, waiting 5 s, then twice as long each time up to 5 min, until it
answers or the process is stopped (see docs/decisions.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Iterator, Sequence
from functools import partial

from bot.conversation.core import Bot
from bot.conversation.reminder_content import ReminderContent
from bot.logs import first_line
from bot.services.series import ensure_occurrences
from bot.settings import Settings
from messages.neutral import Address, BadCredentials, ChannelAdapter, Incoming, Outgoing, RetryLater
from scheduler.outbox import OutboxStore
from scheduler.sending import Sending
from scheduler.service import ReminderService
from storage.db import is_read_only

log = logging.getLogger(__name__)

# Waits between attempts to reach a platform at start: the first, and the longest.
CONNECT_BACKOFF = (5.0, 300.0)
# How the server waits before the next attempt (tests pass one that does not wait).
Pause = Callable[[float], Awaitable[None]]
NAMES = {"telegram": "Telegram", "zalo": "Zalo"}


def connect_waits(
    first: float = CONNECT_BACKOFF[0], most: float = CONNECT_BACKOFF[1]
) -> Iterator[float]:
    """5, 10, 20, ... seconds, then MOST for ever."""
    wait = first
    while True:
        yield wait
        wait = min(wait * 2, most)


class ChannelRefused(Exception):
    """A platform refused the bot's token; `channel` says which."""

    def __init__(self, channel: str) -> None:
        super().__init__(channel)
        self.channel = channel


class Server:
    def __init__(
        self,
        core: Bot,
        settings: Settings,
        adapters: Sequence[ChannelAdapter],
        pause: Pause | None = None,
    ) -> None:
        self.core = core
        self.settings = settings
        self.adapters = list(adapters)
        self._pause = pause
        self._stopping: asyncio.Event | None = None
        senders = self.senders = {a.channel: a.sender for a in self.adapters}
        store = OutboxStore(
            core.sessions,
            core.clock,
            list(senders),
            admins=core.admin_notices,
            content=ReminderContent(settings),
            planner=core.planner,
        )
        self.sending = Sending(
            store,
            senders,
            attempts=settings.send_attempts,
            backoff=settings.send_backoff.total_seconds(),
            concurrency=settings.send_concurrency,
            grace=settings.stop_grace.total_seconds(),
        )
        self.reminders = ReminderService(
            core.sessions,
            settings.schedule(),
            core.clock,
            self.sending,
            partial(ensure_occurrences, planner=core.planner),
            core.planner,
        )

    async def handle(self, incoming: Incoming) -> None:
        # A reply to a message sent a moment ago finds it recorded.
        await self.sending.settled(incoming.channel, incoming.chat_id)
        try:
            wrote = await asyncio.to_thread(self.core.handle, incoming)
        except Exception as error:
            # The core answers every failure in the outbox; this one it could not even
            # write (the database refuses writes, or is gone): say so straight away.
            await self._unwritable(incoming, error)
            return
        if wrote:
            self.sending.wake()  # its answers go now, not at the next interval
        # A command may have planned a reminder sooner than the next one in sight.
        await asyncio.to_thread(self.reminders.poke)

    async def _unwritable(self, incoming: Incoming, error: Exception) -> None:
        """Tell the sender their message was not recorded: sent directly, not through
        the outbox, which is what cannot be written (nothing to repeat after a crash)."""
        what = "refuses writes" if is_read_only(error) else "failed"
        reason = first_line(error) or type(error).__name__
        who = f"{incoming.channel}:{incoming.sender_id}"
        log.error("the database %s; the message from %s is not recorded: %s", what, who, reason)
        sender = self.senders.get(incoming.channel)
        if sender is None or (incoming.is_group and not incoming.text.startswith("/")):
            return  # a group's chatter gets no notice, a command to the bot does
        today = self.core.clock().astimezone(self.settings.timezone).date()
        notice = Outgoing(
            Address(incoming.channel, incoming.chat_id, incoming.sender_name),
            "database_unwritable_chat",
            {},
            lang=self.settings.language,
            today=today,
        )
        try:
            for piece in sender.prepare(notice):
                await sender.send_piece(notice.to, piece)
        except Exception as failure:
            log.warning("could not tell %s:%s: %s", incoming.channel, incoming.chat_id, failure)

    def run(self) -> None:
        asyncio.run(self._main())

    def stop(self) -> None:
        """Stop as SIGTERM does; from the server's own event loop."""
        if self._stopping is not None:
            self._stopping.set()

    async def _connect(self, adapter: ChannelAdapter, stopping: asyncio.Event) -> bool:
        """Start ADAPTER, trying again while its platform cannot be reached; False when
        the process was stopped before it could."""
        waits = connect_waits()
        attempt = 0
        while not stopping.is_set():
            attempt += 1
            try:
                await adapter.start(self.handle)
                if attempt > 1:
                    log.info("%s reached after %d attempts", _name(adapter), attempt)
                return True
            except BadCredentials as error:
                raise ChannelRefused(adapter.channel) from error
            except RetryLater as error:
                wait = next(waits)
                # One line: what could not be reached, and when it is tried again. The
                # adapter's text names the host, never the token.
                log.warning(
                    "cannot reach %s (%s); trying again in %s (Ctrl-C to stop)",
                    _name(adapter),
                    first_line(error) or "no answer",
                    _seconds(wait),
                )
                await self._wait(wait, stopping)
        return False

    async def _wait(self, seconds: float, stopping: asyncio.Event) -> None:
        if self._pause is not None:
            await self._pause(seconds)
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), seconds)

    async def _main(self) -> None:
        stopping = self._stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stopping.set)
        started: list[ChannelAdapter] = []
        sending = False
        try:
            for adapter in self.adapters:
                if not await self._connect(adapter, stopping):
                    return  # stopped while waiting for the platform: nothing to serve
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


def _name(adapter: ChannelAdapter) -> str:
    return NAMES.get(adapter.channel, adapter.channel)


def _seconds(wait: float) -> str:
    """ "5 s", "80 s", "5 min"."""
    return f"{wait / 60:g} min" if wait >= 60 and wait % 60 == 0 else f"{wait:g} s"


async def _quietly(step: Awaitable[None], what: str) -> None:
    """A failure while shutting down one channel must not keep the others from it."""
    try:
        await step
    except Exception:
        log.exception("%s failed", what)
