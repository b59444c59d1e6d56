"""The sending loop: claim due rows, hand them to delivery, mark each as it fares.

- It runs in the bot's event loop, woken by a command that wrote rows (its replies go at
  once), by APScheduler at the next due row and on a short interval, and every few
  seconds to renew this process's claim on life (outbox/owners.py) and take over what a
  dead process had claimed.
- Claims are bounded (`batch`): refilled when half is sent, so a process that dies holds
  little. A command's rows are claimed at once whatever is waiting (they go first too:
  see delivery), so a reply is never queued behind the morning's reminders.
- Marks go through a Batcher: each row is marked in the first transaction after its
  outcome arrives, with whatever else arrived meanwhile.
- Stopping: no more claims; what is being sent is finished and marked within `grace`;
  every claim not sent is released for the next process. Nothing doubled, nothing lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

from messages.neutral import Sender
from scheduler.batching import Batcher
from scheduler.delivery import FRESH, Delivery, Sleep
from scheduler.outbox import Job, OutboxStore, Outcome
from scheduler.outbox.owners import BEAT_SECONDS

log = logging.getLogger(__name__)

BATCH = 500
GRACE_SECONDS = 15.0


class Sending:
    def __init__(
        self,
        store: OutboxStore,
        senders: Mapping[str, Sender],
        *,
        attempts: int = 5,
        backoff: float = 1.0,
        concurrency: int = 16,
        batch: int = BATCH,
        grace: float = GRACE_SECONDS,
        sleep: Sleep = asyncio.sleep,
        fresh: float = FRESH,
    ) -> None:
        self.store = store
        self.batch = batch
        self.grace = grace
        self.delivery = Delivery(
            senders,
            on_done=self._done,
            alive=self._alive,
            moved=self._moved,
            attempts=attempts,
            backoff=backoff,
            concurrency=concurrency,
            sleep=sleep,
            fresh=fresh,
        )
        self._marks: Batcher[tuple[Job, Outcome], int] = Batcher(store.mark, "marking", sum)
        self._checks: Batcher[int, set[int]] = Batcher(
            store.still_claimed, "checking claims", lambda found: set().union(*found)
        )
        self._wake = asyncio.Event()
        self._stopping = False
        # The last claim found nothing more due: room in the lines is no reason to look
        # again until something wakes the loop (a command, the timer, new notices).
        self._exhausted = False
        self._task: asyncio.Task[None] | None = None

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        await self._begin()
        self._task = asyncio.create_task(self._loop(), name="sending")

    async def _begin(self) -> None:
        await asyncio.to_thread(self.store.register)
        taken = await asyncio.to_thread(self.store.take_over)
        if taken:
            log.info("took over %d messages a stopped process had claimed", taken)

    async def run_until_idle(self) -> None:
        """Send everything due now and whatever that causes, then return: the loop's work
        without its timer (tests, benchmarks, tools)."""
        await self._begin()
        while True:
            self._exhausted = False
            await self._fill()
            if self._exhausted and self.delivery.pending() == 0:
                await self._marks.idle()
                if self._exhausted:
                    await asyncio.to_thread(self.store.release)  # and this process is gone
                    return
            await self.delivery.drain()
            await self._marks.idle()

    async def settled(self, channel: str, chat_id: str) -> None:
        """Until what was just sent to the chat is marked (see Delivery.settled)."""
        await self.delivery.settled(channel, chat_id)

    def wake(self) -> None:
        """Look for due rows now (a command wrote some)."""
        self._exhausted = False
        self._wake.set()

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            await self._task
        self.delivery.stop()
        if not await self.delivery.drain(self.grace):
            log.warning("sending did not finish within %.0f s: cut short", self.grace)
        try:
            await asyncio.wait_for(self._marks.idle(), self.grace)
        except TimeoutError:
            # Releasing now could put back rows whose "sent" is still on its way: leave
            # them claimed; the next start here takes them over (this pid will be gone).
            log.error("marks did not reach the database within %.0f s", self.grace)
            return
        released = await asyncio.to_thread(self.store.release)
        if released:
            log.info("%d claimed messages left for the next start", released)

    # -- the loop -------------------------------------------------------------------------

    async def _loop(self) -> None:
        loop = asyncio.get_running_loop()
        next_beat = loop.time() + BEAT_SECONDS
        while not self._stopping:
            if loop.time() >= next_beat:
                await self._beat()
                next_beat = loop.time() + BEAT_SECONDS
            self._wake.clear()  # before looking: a wake while we look is not lost
            await self._fill()
            try:
                await asyncio.wait_for(self._wake.wait(), max(next_beat - loop.time(), 0.0))
            except TimeoutError:
                self._exhausted = False  # time passed: rows may have come due

    async def _beat(self) -> None:
        try:
            if not await asyncio.to_thread(self.store.beat):
                # Another process may be sending what waits in our lines: check each.
                log.warning("this process was taken for stopped: its claims were released")
                self.delivery.suspect_all()
            taken = await asyncio.to_thread(self.store.take_over)
            if taken:
                log.info("took over %d messages a stopped process had claimed", taken)
        except Exception:
            log.exception("could not renew this sending process")

    async def _fill(self) -> None:
        urgent_only = self.delivery.pending() > self.batch // 2
        while not self._stopping:
            try:
                room = max(self.batch - self.delivery.pending(), self.batch // 2)
                jobs = await asyncio.to_thread(self.store.claim, room, urgent_only)
            except Exception:
                log.exception("claiming due messages failed; trying again shortly")
                return
            if not jobs:
                if not urgent_only:
                    self._exhausted = True
                return
            for job in jobs:
                self.delivery.submit(job)
            if urgent_only or self.delivery.pending() > self.batch // 2:
                return

    # -- what delivery calls --------------------------------------------------------------

    async def _done(self, job: Job, outcome: Outcome) -> None:
        written = await self._marks.submit((job, outcome))
        # Notices to send (an unreachable chat's, the next overdue one), or room to claim.
        if written:
            self.wake()
        elif not self._exhausted and self.delivery.pending() <= self.batch // 2:
            self._wake.set()

    async def _alive(self, job: Job) -> bool:
        return job.id in await self._checks.submit(job.id)

    async def _moved(self, channel: str, old: str, new: str) -> None:
        await asyncio.to_thread(self.store.chat_moved, channel, old, new)
