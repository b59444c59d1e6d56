"""APScheduler wiring: jobs that only wake things up; the database decides what is due.

- "dispatch-next" wakes the sending loop at the next due row (re-aimed after every
  handled message and at every safety-net run), "dispatch-safety-net" on a short interval
  in case anything was missed (another process planned a row, the clock moved).
- "digests" each morning plans the committee's digests as outbox rows (once per day and
  chat, whatever the number of processes); "recurrence" keeps the next occurrence of
  every recurring duty in place; "prune" each night keeps the outbox bounded.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from scheduler.outbox.prune import prune
from scheduler.planning import Planner
from scheduler.ports import Recurrence
from scheduler.sending import Sending
from storage.clock import Clock
from storage.db import insert_ignore, transaction
from storage.models import Assignment, OutboxMessage
from storage.models import outbox as ob
from storage.models.assignments import OPEN
from storage.repos import chats

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Schedule:
    """When the jobs run (local times in TIMEZONE), and how long sent rows are kept."""

    timezone: ZoneInfo
    digest_time: time
    dispatch_interval: timedelta
    outbox_keep: timedelta
    sent_ids_keep: timedelta


class ReminderService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        schedule: Schedule,
        clock: Clock,
        sending: Sending,
        recurrence: Recurrence,
        planner: Planner,
    ) -> None:
        self.sessions = sessions
        self.schedule = schedule
        self.planner = planner
        self.clock = clock
        self.sending = sending
        self.keep_occurrences = recurrence
        self.scheduler = AsyncIOScheduler(timezone=schedule.timezone)

    def start(self) -> None:
        at = self.schedule.digest_time
        tz = self.schedule.timezone
        every = IntervalTrigger(seconds=self.schedule.dispatch_interval.total_seconds())
        self._add(self.tick, every, "dispatch-safety-net")
        self._add(self.digests, CronTrigger(hour=at.hour, minute=at.minute, timezone=tz), "digests")
        self._add(self.recurrence, CronTrigger(hour=0, minute=5, timezone=tz), "recurrence")
        self._add(self.prune, CronTrigger(hour=0, minute=20, timezone=tz), "prune")
        self.scheduler.start()
        self.scheduler.add_job(self.recurrence, id="recurrence-at-start")
        self.poke()

    def _add(self, job: Callable[[], Awaitable[None]], trigger: BaseTrigger, name: str) -> None:
        """A recurring job with a fixed id: one run at a time, missed runs run once."""
        self.scheduler.add_job(
            job, trigger, id=name, replace_existing=True, max_instances=1, coalesce=True
        )

    def stop(self) -> None:
        """No more wake-ups (its jobs only wake the sending loop, which stops apart)."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def tick(self) -> None:
        """Send what is due now, and aim at the next one."""
        self.sending.wake()
        await asyncio.to_thread(self.poke)

    def poke(self) -> None:
        """Aim the next run at the earliest pending reminder (called after every handled
        message, since a command may have planned one)."""
        if not self.scheduler.running:
            return
        due = self.sending.store.next_due()
        if due is None:
            return
        # The dispatcher's clock may be a test's: aim by the distance to its "now".
        wait = max((due - self.clock()).total_seconds(), 0.0)
        run_at = datetime.now(self.schedule.timezone) + timedelta(seconds=wait)
        self.scheduler.add_job(
            self._wake,
            DateTrigger(run_date=run_at),
            id="dispatch-next",
            replace_existing=True,
        )

    async def _wake(self) -> None:
        # A coroutine, so APScheduler runs it in the event loop the loop's Event lives in.
        self.sending.wake()

    async def digests(self) -> None:
        planner = self.planner
        if await asyncio.to_thread(
            self._in_transaction, lambda session, now: plan_digests(session, now, planner)
        ):
            self.sending.wake()

    async def recurrence(self) -> None:
        await asyncio.to_thread(self._in_transaction, self.keep_occurrences)
        await asyncio.to_thread(self.poke)

    async def prune(self) -> None:
        keep, traced = self.schedule.outbox_keep, self.schedule.sent_ids_keep
        pruned = await asyncio.to_thread(
            self._in_transaction, lambda session, now: prune(session, now, keep, traced)
        )
        log.info("outbox pruned: %s", pruned)

    def _in_transaction(self, work: Callable[[Session, datetime], T]) -> T:
        with transaction(self.sessions) as session:
            return work(session, self.clock())


def plan_digests(session: Session, now: datetime, planner: Planner) -> int:
    """The committee's digests due today, as reminder rows (each once per day and chat):
    the overdue list on working mornings when there is any, and the summary by unit on
    the week's first working day."""
    calendar = planner.calendar(session)
    today = now.astimezone(calendar.tz).date()
    if not calendar.is_workday(today):
        return 0
    kinds = []
    overdue = session.scalar(
        select(Assignment.id).where(Assignment.state == OPEN, Assignment.due_at <= now).limit(1)
    )
    if overdue is not None:
        kinds.append((ob.DIGEST_OVERDUE, today.isoformat()))
    monday = today - timedelta(days=today.weekday())
    first_workday = next(
        monday + timedelta(days=i)
        for i in range(7)
        if calendar.is_workday(monday + timedelta(days=i))
    )
    if today == first_workday:
        year, week, _ = today.isocalendar()
        kinds.append((ob.DIGEST_WEEKLY, f"{year}-W{week:02d}"))
    planned = 0
    for group in chats.committee_groups(session):
        for kind, period in kinds:
            values = {
                "kind": kind,
                "priority": ob.PLANNED,
                "channel": group.channel,
                "chat_id": group.chat_id,
                "due_at": now,
                "rank_at": now,
                "state": ob.PENDING,
                "attempts": 0,
                "late": False,
                "key": f"{kind}:{period}:{group.channel}:{group.chat_id}",
            }
            planned += insert_ignore(session, OutboxMessage, values)
    return planned
