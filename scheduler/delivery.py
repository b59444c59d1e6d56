"""Getting claimed rows to their chats, whatever the channel: piece by piece, with retries
for passing failures and the rules for chats that refuse or move.

- Each chat has its own line: its messages go out in order (a command's before the
  chat's reminders still waiting), and a chat that is waiting
  (a rate limit, a server error) holds up nobody else. A message's outcome is recorded
  (`on_done`) before the chat's next message starts, so at any instant at most one
  message per chat has been sent and not yet marked: that is all a crash can repeat.
- At most `concurrency` messages are being sent at once; a command's replies and
  notices get a free place before reminders and digests do, so a reply is not queued
  behind the morning's reminders. A message waiting out a retry gives its place back.
- A rate limit waits the time the platform names; a network or server error waits with
  exponential backoff; after the last attempt the message has failed.
- A chat that refuses (blocked, left, never started) is unreachable: the chat's other
  messages in line are dropped here (the mark parks their rows). A group that moved
  (Telegram's upgrade to a supergroup) is followed to its new id.
- A reminder that waited its turn is checked just before it goes (`alive`): its
  assignment may have been closed or re-dated meanwhile, which removes its row. One that
  waited under FRESH seconds is as fresh as the claim that read it.
- Stopping starts nothing new: a message being sent is finished and marked; one waiting
  out a retry is given up (unsent, or, for a long message, marked with the pieces that
  went, so the next start sends the rest); what waits in line is left to the caller,
  who releases its claim.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace

from messages.neutral import (
    Address,
    ChatMoved,
    ChatUnreachable,
    Outgoing,
    RetryLater,
    Sender,
    SendError,
)
from scheduler.outbox.job import FAILED, RELEASED, SENT, UNREACHABLE, Job, Outcome

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
ChatKey = tuple[str, str]
Done = Callable[[Job, Outcome], Awaitable[None]]
Alive = Callable[[Job], Awaitable[bool]]
Moved = Callable[[str, str, str], Awaitable[None]]

FRESH = 1.0
# The longest a message from a chat waits for the mark of what was just sent there.
SETTLE_SECONDS = 5.0


class _Stopped(Exception):
    """The sending side is stopping and this message has not begun to go: leave it."""


class Places:
    """A semaphore whose waiters are served by priority (lower first), then in order."""

    def __init__(self, size: int) -> None:
        self._free = size
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._open = False  # stopping: nobody waits any more

    async def take(self, priority: int) -> None:
        while self._waiting and self._waiting[0][2].done():  # waiters that gave up
            heapq.heappop(self._waiting)
        if self._open or (self._free > 0 and not self._waiting):
            self._free -= 1
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (priority, next(self._order), future))
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.give()  # handed a place just as it was cancelled: pass it on
            raise

    def give(self) -> None:
        while self._waiting:
            _, _, future = heapq.heappop(self._waiting)
            if not future.done():
                future.set_result(None)
                return
        self._free += 1

    def wake_all(self) -> None:
        """Every waiter gets a place now, and so will any later one (stopping: each gives
        it back at once)."""
        self._open = True
        while self._waiting:
            _, _, future = heapq.heappop(self._waiting)
            if not future.done():
                self._free -= 1
                future.set_result(None)


@dataclass
class Delivery:
    senders: Mapping[str, Sender]
    on_done: Done
    alive: Alive | None = None
    moved: Moved | None = None
    attempts: int = 5
    backoff: float = 1.0  # seconds before the second attempt; doubles each time
    concurrency: int = 16
    sleep: Sleep = asyncio.sleep
    fresh: float = FRESH
    _lines: dict[ChatKey, deque[Job]] = field(default_factory=dict)
    _tasks: dict[ChatKey, asyncio.Task[None]] = field(default_factory=dict)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)
    _places: Places | None = None
    _active: int = 0  # jobs taken from their line and not yet finished
    _queued_at: dict[int, float] = field(default_factory=dict)  # job id -> loop time
    _suspect: set[int] = field(default_factory=set)  # job ids to check before sending
    _marking: dict[ChatKey, asyncio.Future[None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._places = Places(self.concurrency)

    # -- the lines ------------------------------------------------------------------------

    def submit(self, job: Job) -> None:
        """Queue JOB behind what its chat already has waiting (never waits itself): a
        command's messages in the order written, ahead of the chat's reminders still
        waiting, which have no order with them."""
        key = (job.message.to.channel, job.message.to.chat_id)
        line = self._lines.setdefault(key, deque())
        if not line or line[-1].priority <= job.priority:
            line.append(job)
        else:
            ahead = next(i for i, queued in enumerate(line) if queued.priority > job.priority)
            line.insert(ahead, job)
        self._queued_at[job.id] = asyncio.get_running_loop().time()
        if key not in self._tasks:
            self._tasks[key] = asyncio.create_task(self._line(key, line), name=f"line-{key}")

    def pending(self) -> int:
        """Jobs submitted and not finished: in line, or being sent."""
        return sum(len(line) for line in self._lines.values()) + self._active

    async def _line(self, key: ChatKey, line: deque[Job]) -> None:
        places = self._places
        assert places is not None
        try:
            while line and not self._stopping.is_set():
                job = line.popleft()
                queued_at = self._queued_at.pop(job.id, 0.0)
                suspect = job.id in self._suspect
                self._suspect.discard(job.id)
                self._active += 1
                try:
                    await places.take(job.priority)
                    try:
                        if self._stopping.is_set():
                            break
                        waited = asyncio.get_running_loop().time() - queued_at > self.fresh
                        check = suspect or (waited and job.planned)
                        if check and self.alive is not None and not await self.alive(job):
                            continue  # replanned, closed or taken over: not ours to send
                        outcome = await self.deliver(job.message, job.pieces_sent)
                    finally:
                        places.give()
                    # The chat's next message waits for this mark: at most one message per
                    # chat is ever sent and not yet marked.
                    marked = asyncio.get_running_loop().create_future()
                    self._marking[key] = marked
                    try:
                        await self.on_done(job, outcome)
                    finally:
                        marked.set_result(None)
                        if self._marking.get(key) is marked:
                            del self._marking[key]
                except _Stopped:
                    break
                finally:
                    self._active -= 1
                if outcome.status == UNREACHABLE:
                    for dropped in line:  # the mark parked their rows: the chat refuses
                        self._queued_at.pop(dropped.id, None)
                    line.clear()
                if outcome.status == RELEASED:
                    break  # stopping, halfway through a long message
        except Exception:
            log.exception("the line to %s:%s failed", *key)
        finally:
            del self._tasks[key]
            if self._lines.get(key) is line:
                del self._lines[key]

    async def settled(self, channel: str, chat_id: str) -> None:
        """Return once what was sent to the chat is marked (its ids recorded): a message
        from that chat is handled after, so a reply to a message just sent is traced."""
        marked = self._marking.get((channel, chat_id))
        if marked is not None:
            await asyncio.wait([marked], timeout=SETTLE_SECONDS)

    def suspect_all(self) -> None:
        """This process was taken for dead: every job in line is checked before it goes
        (another process may have it now)."""
        for line in self._lines.values():
            self._suspect.update(job.id for job in line)

    # -- stopping -------------------------------------------------------------------------

    def stop(self) -> None:
        """Start nothing new; what is being sent is finished."""
        self._stopping.set()
        if self._places is not None:
            self._places.wake_all()

    async def drain(self, timeout: float | None = None) -> bool:
        """Wait until every line is done (or TIMEOUT passed: then cut them); True when
        every line finished by itself."""
        deadline = None if timeout is None else asyncio.get_running_loop().time() + timeout
        while self._tasks:
            left = None if deadline is None else deadline - asyncio.get_running_loop().time()
            if left is not None and left <= 0:
                for task in list(self._tasks.values()):
                    task.cancel()
                await asyncio.gather(*self._tasks.values(), return_exceptions=True)
                return False
            await asyncio.wait(list(self._tasks.values()), timeout=left)
        return True

    # -- one message ----------------------------------------------------------------------

    async def deliver(self, message: Outgoing, skip: int = 0) -> Outcome:
        """Send MESSAGE now, piece by piece (after the SKIP pieces a stopped process had
        sent already); how it fared."""
        sender = self.senders.get(message.to.channel)
        if sender is None:
            log.warning("no %s channel running: %s dropped", message.to.channel, message.template)
            return Outcome(FAILED, error=f"no {message.to.channel} channel", to=message.to)
        ids: list[str] = []
        try:
            for piece in sender.prepare(message)[skip:]:
                message, sent = await self._send_piece(sender, message, piece)
                ids.append(sent or "")
        except _Stopped:
            if not ids:
                raise  # nothing of it went: its claim is released as it is
            return Outcome(RELEASED, _ids(ids), to=message.to, pieces=skip + len(ids))
        except ChatUnreachable as error:
            return Outcome(UNREACHABLE, _ids(ids), str(error), message.to)
        except SendError as error:
            log.error(
                "%s to %s:%s refused: %s",
                message.template,
                message.to.channel,
                message.to.chat_id,
                error,
            )
            return Outcome(FAILED, _ids(ids), str(error), message.to)
        except Exception as error:
            log.exception("delivery of %s failed", message.template)
            return Outcome(FAILED, _ids(ids), repr(error), message.to)
        return Outcome(SENT, _ids(ids), to=message.to)

    async def _send_piece(
        self, sender: Sender, message: Outgoing, piece: object
    ) -> tuple[Outgoing, str | None]:
        for attempt in range(1, self.attempts + 1):
            try:
                return message, await sender.send_piece(message.to, piece)
            except ChatMoved as moved:
                if self.moved is not None:
                    await self.moved(message.to.channel, message.to.chat_id, moved.new_id)
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
                await self._pause(wait)
        raise SendError(f"gave up after {self.attempts} attempts")

    async def _pause(self, seconds: float) -> None:
        """Wait SECONDS before a retry, giving this message's place to another meanwhile.
        Stopping cuts the wait short: the message is left for the next start (from the
        piece it had reached, when some went)."""
        places = self._places
        assert places is not None
        if self._stopping.is_set():
            raise _Stopped
        places.give()
        try:
            napping = asyncio.ensure_future(self.sleep(seconds))
            stopping = asyncio.ensure_future(self._stopping.wait())
            await asyncio.wait([napping, stopping], return_when=asyncio.FIRST_COMPLETED)
            for task in (napping, stopping):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        finally:
            await places.take(0)  # a message already begun goes first
        if self._stopping.is_set():
            raise _Stopped


def _ids(ids: list[str]) -> tuple[str, ...]:
    return tuple(i for i in ids if i)
