"""Getting outgoing messages to their chats, whatever the channel: piece by piece, with
retries for passing failures and the rules for chats that refuse or move.

- Each chat has its own line: messages to one chat go out in order, and a chat that is
  waiting (a rate limit, a server error) holds up nobody else. Submitting never waits,
  so the next update is handled at once.
- A rate limit waits the time the platform names; a network or server error waits with
  exponential backoff; after the last attempt the message is logged and dropped.
- A chat that refuses (blocked, left, never started) is marked unreachable in the core,
  which tells the admins once. A group that moved (Telegram's upgrade to a supergroup)
  is followed to its new id.
- Stopping waits until every line is empty.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from bot.channel import (
    Address,
    ChatMoved,
    ChatUnreachable,
    Outgoing,
    RetryLater,
    Sender,
    SendError,
)
from bot.core import Bot

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
ChatKey = tuple[str, str]

SENT = "sent"
UNREACHABLE = "unreachable"
FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    """How a message fared: sent (with the platform's ids), unreachable, or failed."""

    status: str
    ids: tuple[str, ...] = ()
    error: str = ""
    to: Address | None = None  # where it went in the end (a moved group's new id)


Done = Callable[[Outcome], Awaitable[None]]


@dataclass
class Delivery:
    core: Bot
    senders: Mapping[str, Sender]
    attempts: int = 5
    backoff: float = 1.0  # seconds before the second attempt; doubles each time
    sleep: Sleep = asyncio.sleep
    _lines: dict[ChatKey, asyncio.Task[None]] = field(default_factory=dict)

    def submit(self, messages: Iterable[Outgoing], on_done: Done | None = None) -> None:
        """Queue MESSAGES, each behind what its chat already has waiting; ON_DONE hears
        how each fared (the reminder dispatcher marks its rows with it, and records the
        message ids itself, in one transaction for a whole batch)."""
        for message in messages:
            key = (message.to.channel, message.to.chat_id)
            task = asyncio.create_task(self._after(self._lines.get(key), message, on_done))
            self._lines[key] = task
            task.add_done_callback(lambda done, key=key: self._forget(key, done))

    def _forget(self, key: ChatKey, done: asyncio.Task[None]) -> None:
        if self._lines.get(key) is done:
            del self._lines[key]

    async def _after(
        self, previous: asyncio.Task[None] | None, message: Outgoing, on_done: Done | None
    ) -> None:
        if previous is not None:
            await asyncio.wait([previous])
        try:
            outcome = await self.deliver_one(message, record=on_done is None)
        except Exception as error:
            log.exception("delivery of %s failed", message.template)
            outcome = Outcome(FAILED, error=repr(error))
        if on_done is not None:
            try:
                await on_done(outcome)
            except Exception:
                log.exception("after delivering %s", message.template)

    async def drain(self) -> None:
        """Wait until every message submitted (and every one they caused) is out."""
        while self._lines:
            await asyncio.wait(list(self._lines.values()))

    async def deliver_one(self, message: Outgoing, record: bool = True) -> Outcome:
        """Send MESSAGE now; RECORD the platform's ids with the core (for replies)."""
        sender = self.senders.get(message.to.channel)
        if sender is None:
            log.warning("no %s channel running: %s dropped", message.to.channel, message.template)
            return Outcome(FAILED, error=f"no {message.to.channel} channel")
        ids: list[str | None] = []
        try:
            for piece in sender.prepare(message):
                message, sent = await self._send_piece(sender, message, piece)
                ids.append(sent)
        except ChatUnreachable as error:
            self.submit(await asyncio.to_thread(self.core.unreachable, message.to))
            return Outcome(UNREACHABLE, error=str(error), to=message.to)
        except SendError as error:
            log.error(
                "%s to %s:%s refused: %s",
                message.template,
                message.to.channel,
                message.to.chat_id,
                error,
            )
            return Outcome(FAILED, error=str(error), to=message.to)
        finally:
            if any(ids):
                self.core.sent_now(message, ids)  # at once, in memory, for quick replies
                if record:
                    await asyncio.to_thread(self.core.delivered, message, ids)
        return Outcome(SENT, tuple(i for i in ids if i), to=message.to)

    async def _send_piece(
        self, sender: Sender, message: Outgoing, piece: object
    ) -> tuple[Outgoing, str | None]:
        for attempt in range(1, self.attempts + 1):
            try:
                return message, await sender.send_piece(message.to, piece)
            except ChatMoved as moved:
                await asyncio.to_thread(
                    self.core.chat_moved, message.to.channel, message.to.chat_id, moved.new_id
                )
                to = Address(message.to.channel, moved.new_id, message.to.label)
                message = replace(message, to=to)
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
        raise SendError(f"gave up after {self.attempts} attempts")
