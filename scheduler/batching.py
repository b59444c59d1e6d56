"""Many callers, one database call: what is asked while a call runs goes in the next one.

The sending loop marks each row as its outcome arrives; doing that in one transaction per
row would cost a commit per message. A Batcher gives each caller its own answer as soon
as the transaction holding its item commits, and every item that arrived meanwhile joins
the next transaction (a group commit): no item waits for a batch to fill.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

# Waits between failed calls (the database is away): from the first to the longest.
RETRY = (0.5, 30.0)


class Batcher(Generic[T, R]):
    def __init__(self, run: Callable[[list[T]], R], what: str) -> None:
        self._run = run
        self._what = what
        self._items: list[T] = []
        self._waiting: list[asyncio.Future[R]] = []
        self._task: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> R:
        """Run ITEM with whatever else is waiting; the result of the call that held it.
        A failing call is tried again until it succeeds: an outcome is never dropped."""
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._items.append(item)
        self._waiting.append(future)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain(), name=f"batch-{self._what}")
        return await future

    async def idle(self) -> None:
        """Wait until every item submitted so far has been run."""
        while self._task is not None and not self._task.done():
            await asyncio.wait([self._task])

    async def _drain(self) -> None:
        while self._items:
            items, waiting = self._items, self._waiting
            self._items, self._waiting = [], []
            result = await self._call(items)
            for future in waiting:
                if not future.done():
                    future.set_result(result)

    async def _call(self, items: list[T]) -> R:
        wait = RETRY[0]
        while True:
            try:
                return await asyncio.to_thread(self._run, items)
            except Exception:
                log.exception(
                    "%s of %d failed; trying again in %.1f s", self._what, len(items), wait
                )
                await asyncio.sleep(wait)
                wait = min(wait * 2, RETRY[1])
