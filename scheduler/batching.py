"""Many callers, one database call: what is asked while a call runs goes in the next one.

The sending loop marks each row as its outcome arrives; doing that in one transaction per
row would cost a commit per message. A Batcher gives each caller its own answer as soon
as the transaction holding its item commits, and every item that arrived meanwhile joins
the next transaction (a group commit): no item waits for a batch to fill.

A call that fails is tried again, item by item, after a pause, with whatever arrived
meanwhile, for as long as it takes: an outcome is never dropped for a passing fault. An
item is dropped (logged, and answered with an empty result, so the row it holds does
not stop its chat) only when it failed alone STRIKES times, each time after some other
call had succeeded since its previous failure: the database works, the item is bad.
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
STRIKES = 3


class Batcher(Generic[T, R]):
    def __init__(
        self, run: Callable[[list[T]], R], what: str, combine: Callable[[list[R]], R]
    ) -> None:
        self._run = run
        self._what = what
        self._combine = combine  # the result of no item (an empty list) and of several
        self._items: list[T] = []
        self._waiting: list[asyncio.Future[R]] = []
        self._task: asyncio.Task[None] | None = None
        self._successes = 0  # calls that succeeded: whether the database works

    async def submit(self, item: T) -> R:
        """Run ITEM with whatever else is waiting; the result of the call that held it."""
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
        items: list[_Item[T, R]] = []
        pause = RETRY[0]
        while self._items or items:
            items += [_Item(i, f) for i, f in zip(self._items, self._waiting, strict=True)]
            self._items, self._waiting = [], []
            try:
                result = await asyncio.to_thread(self._run, [i.value for i in items])
            except Exception:
                log.exception("%s of %d failed", self._what, len(items))
                items = await self._one_by_one(items)
                if items:
                    await asyncio.sleep(pause)
                    pause = min(pause * 2, RETRY[1])
                continue
            self._successes += 1
            for item in items:
                item.answer(result)
            items = []
            pause = RETRY[0]

    async def _one_by_one(self, items: list[_Item[T, R]]) -> list[_Item[T, R]]:
        """Each item alone; those still to try."""
        left = []
        for item in items:
            try:
                result = await asyncio.to_thread(self._run, [item.value])
            except Exception as error:
                if self._successes > item.seen:  # the database worked since: a strike
                    item.strikes += 1
                item.seen = self._successes
                if item.strikes >= STRIKES:
                    log.error("%s dropped %r: %r", self._what, item.value, error)
                    item.answer(self._combine([]))
                else:
                    left.append(item)
            else:
                self._successes += 1
                item.answer(result)
        return left


class _Item(Generic[T, R]):
    def __init__(self, value: T, future: asyncio.Future[R]) -> None:
        self.value = value
        self.future = future
        self.strikes = 0
        self.seen = -1  # the successes counted at its last failure

    def answer(self, result: R) -> None:
        if not self.future.done():
            self.future.set_result(result)
