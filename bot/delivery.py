"""Getting outgoing messages to their chats, whatever the channel: piece by piece, with
retries for passing failures and the unreachable rule for chats that refuse.

- A rate limit waits the time the platform names; a network or server error waits with
  exponential backoff; after the last attempt the message is logged and dropped, never
  blocking the others.
- A chat that refuses (blocked, left, never started) is marked unreachable in the core,
  which tells the admins once.
- Replies to the person who wrote go at once; notices to others go through a queue, so
  a fan-out to a hundred members does not hold up the next message. The queue is
  drained when the bot stops.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field

from bot.channel import ChatUnreachable, Outgoing, RetryLater, Sender, SendError
from bot.core import Bot

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


@dataclass
class Delivery:
    core: Bot
    senders: Mapping[str, Sender]
    attempts: int = 5
    backoff: float = 1.0  # seconds before the second attempt; doubles each time
    sleep: Sleep = asyncio.sleep
    _queue: asyncio.Queue[Outgoing | None] = field(default_factory=asyncio.Queue)
    _worker: asyncio.Task[None] | None = None

    async def deliver(self, messages: Iterable[Outgoing]) -> None:
        for message in messages:
            await self.deliver_one(message)

    async def deliver_one(self, message: Outgoing) -> bool:
        """Send MESSAGE; True when every piece went out."""
        sender = self.senders.get(message.to.channel)
        if sender is None:
            log.warning(
                "no %s channel running: message %s dropped", message.to.channel, message.template
            )
            return False
        ids: list[str | None] = []
        try:
            for piece in sender.prepare(message):
                ids.append(await self._send_piece(sender, message, piece))
        except ChatUnreachable:
            notices = await asyncio.to_thread(self.core.unreachable, message.to)
            self.enqueue(notices)
            return False
        except SendError as error:
            log.error(
                "message %s to %s:%s refused: %s",
                message.template,
                message.to.channel,
                message.to.chat_id,
                error,
            )
            return False
        finally:
            if any(ids):
                await asyncio.to_thread(self.core.delivered, message, ids)
        return True

    async def _send_piece(self, sender: Sender, message: Outgoing, piece: object) -> str | None:
        for attempt in range(1, self.attempts + 1):
            try:
                return await sender.send_piece(message.to, piece)
            except RetryLater as error:
                if attempt == self.attempts:
                    raise SendError(f"gave up after {attempt} attempts: {error}") from error
                wait = error.retry_after or self.backoff * 2 ** (attempt - 1)
                log.info(
                    "retrying %s to %s in %.1fs: %s",
                    message.template,
                    message.to.chat_id,
                    wait,
                    error,
                )
                await self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    # -- the queue of notices -----------------------------------------------------------

    def enqueue(self, messages: Iterable[Outgoing]) -> None:
        for message in messages:
            self._queue.put_nowait(message)

    def start(self) -> None:
        if self._worker is None:
            self._worker = asyncio.create_task(self._work(), name="dondoc-delivery")

    async def _work(self) -> None:
        while True:
            message = await self._queue.get()
            try:
                if message is None:
                    return
                await self.deliver_one(message)
            except Exception:
                log.exception("delivery failed")
            finally:
                self._queue.task_done()

    async def stop(self) -> None:
        """Send what is queued, then stop the worker."""
        if self._worker is None:
            return
        self._queue.put_nowait(None)
        await self._worker
        self._worker = None

    async def dispatch(self, messages: list[Outgoing], chat: tuple[str, str]) -> None:
        """Replies into CHAT (where the message came from) now; the rest queued."""
        here = [m for m in messages if (m.to.channel, m.to.chat_id) == chat]
        self.enqueue(m for m in messages if (m.to.channel, m.to.chat_id) != chat)
        await self.deliver(here)
