"""The dispatcher: claims due reminder rows, renders them, hands them to delivery, and
marks each row with how it fared.

- A claim is one transaction: due rows of open assignments, most urgent first (nearest
  deadline), locked with FOR UPDATE SKIP LOCKED on PostgreSQL so several processes never
  take the same row (SQLite's transactions take the write lock at BEGIN).
- A claimed row is sent, then marked sent with the platform's message id. A crash in
  between leaves it claimed; after the lease it is pending again and goes once more:
  at most that one message repeats, none is lost.
- Rows due while the bot was down go out when it is back, once, marked late. Of several
  before-deadline reminders due together for one chat, only the latest goes; an overdue
  notice is one row at a time, the next planned when it is sent, so days missed are
  not sent one by one.
- At most MAX_IN_FLIGHT rows are claimed and not yet marked, so a claim never outlives
  its lease while waiting for Telegram's rate limit.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot import reports, views
from bot.buttons import task_buttons
from bot.channel import Address, Outgoing
from bot.clock import Clock
from bot.context import admin_addresses
from bot.core import Bot
from bot.delivery import SENT, UNREACHABLE, Delivery, Outcome
from bot.settings import Settings
from scheduler.planning import planner
from scheduler.policy import next_overdue
from storage.db import transaction
from storage.models import Assignment, Person, Reminder
from storage.models import reminders as rk
from storage.models.assignments import OPEN
from storage.repos import people as people_repo

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
LATE_AFTER = timedelta(minutes=15)
MAX_IN_FLIGHT = 300
TEMPLATES = {
    rk.BEFORE: "reminder_before",
    rk.DUE: "reminder_due",
    rk.OVERDUE: "reminder_overdue",
    rk.DIGEST_OVERDUE: "digest_overdue",
    rk.DIGEST_WEEKLY: "digest_weekly",
}


@dataclass(frozen=True)
class Job:
    reminder_id: int
    kind: str
    assignment_id: int | None
    message: Outgoing


class Dispatcher:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        clock: Clock,
        core: Bot,
        delivery: Delivery,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.clock = clock
        self.core = core
        self.delivery = delivery
        self.in_flight = 0

    # -- claiming ---------------------------------------------------------------------

    async def run_once(self) -> int:
        """Claim what is due (as much as may be in flight) and hand it to delivery."""
        room = MAX_IN_FLIGHT - self.in_flight
        if room <= 0:
            return 0
        jobs = await asyncio.to_thread(self.claim, room)
        for job in jobs:
            self.in_flight += 1
            self.delivery.submit([job.message], on_done=partial(self._done, job))
        return len(jobs)

    def claim(self, limit: int) -> list[Job]:
        now = self.clock()
        with transaction(self.sessions) as session:
            self._release_expired(session, now)
            rows = self._due(session, now, limit)
            rows = self._drop_superseded(session, rows)
            jobs = [self._job(session, row, now) for row in rows]
            for row in rows:
                row.state, row.claimed_at, row.attempts = rk.CLAIMED, now, row.attempts + 1
            return [j for j in jobs if j is not None]

    @staticmethod
    def _release_expired(session: Session, now: datetime) -> None:
        """Claims a crashed process left behind go back to pending after the lease."""
        session.execute(
            update(Reminder)
            .where(Reminder.state == rk.CLAIMED, Reminder.claimed_at < now - LEASE)
            .values(state=rk.PENDING)
        )

    def _due(self, session: Session, now: datetime, limit: int) -> list[Reminder]:
        query = (
            select(Reminder)
            .outerjoin(Assignment, Assignment.id == Reminder.assignment_id)
            .where(
                Reminder.state == rk.PENDING,
                Reminder.due_at <= now,
                or_(Reminder.assignment_id.is_(None), Assignment.state == OPEN),
            )
            # The most urgent first: the nearest deadline (digests count as due now).
            .order_by(func.coalesce(Assignment.due_at, Reminder.due_at), Reminder.id)
            .limit(limit)
        )
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(of=Reminder, skip_locked=True)
        return list(session.scalars(query))

    @staticmethod
    def _drop_superseded(session: Session, rows: list[Reminder]) -> list[Reminder]:
        """Of several reminders due now for one chat and one assignment (the bot was
        down), only the latest goes: the overdue notice over the due-day one, the one
        day before over the three days before."""
        latest: dict[tuple[Any, ...], Reminder] = {}
        for row in rows:
            if row.assignment_id is None:
                continue
            key = (row.assignment_id, row.channel, row.chat_id)
            if key not in latest or row.due_at > latest[key].due_at:
                latest[key] = row
        kept = []
        for row in rows:
            key = (row.assignment_id, row.channel, row.chat_id)
            if row.assignment_id is None or latest[key] is row:
                kept.append(row)
            else:
                row.state = rk.SKIPPED
        return kept

    # -- rendering --------------------------------------------------------------------

    def _job(self, session: Session, row: Reminder, now: datetime) -> Job | None:
        tz = self.settings.timezone
        today = now.astimezone(tz).date()
        lang = self.settings.language
        if row.person_id is not None:
            person = session.get(Person, row.person_id)
            lang = person.language if person else lang
        values: dict[str, Any] = {"late": now - row.due_at > LATE_AFTER, "offset": row.offset}
        ids: tuple[int, ...] = ()
        buttons: tuple[Any, ...] = ()
        if row.assignment_id is not None:
            a = session.get(Assignment, row.assignment_id)
            if a is None:
                return None
            mine = (
                set(people_repo.unit_ids_of(session, row.person_id))
                if row.person_id is not None
                else {a.lead_unit_id}
            )
            values["a"] = views.assignments_at(session, [a], now, today, mine)[0]
            ids, buttons = (a.id,), task_buttons(a.id, lead=True)
        elif row.kind == rk.DIGEST_OVERDUE:
            values["tasks"] = reports.overdue(session, now, today)
            values["day"] = today
        else:
            values |= reports.status_table(session, now)
            values["day"] = today
        message = Outgoing(
            to=Address(row.channel, row.chat_id),
            template=TEMPLATES[row.kind],
            values=values,
            lang=lang,
            assignment_ids=ids,
            buttons=buttons,
            today=today,
        )
        return Job(row.id, row.kind, row.assignment_id, message)

    # -- marking ----------------------------------------------------------------------

    async def _done(self, job: Job, outcome: Outcome) -> None:
        self.in_flight -= 1
        notices = await asyncio.to_thread(self.mark, job, outcome)
        self.delivery.submit(notices)

    def mark(self, job: Job, outcome: Outcome) -> list[Outgoing]:
        """Record how JOB fared; the notices this calls for (a failure, for the admins)."""
        now = self.clock()
        with transaction(self.sessions) as session:
            row = session.get(Reminder, job.reminder_id)
            if row is None:
                return []  # replanned while in flight (closed, re-dated)
            if outcome.status == SENT:
                row.state, row.sent_at = rk.SENT, now
                row.message_id = outcome.ids[0] if outcome.ids else None
                row.late = now - row.due_at > LATE_AFTER
                if outcome.to is not None:
                    row.chat_id = outcome.to.chat_id
                if row.kind == rk.OVERDUE:
                    self._next_overdue(session, row, now)
                return []
            row.state = rk.UNREACHABLE if outcome.status == UNREACHABLE else rk.FAILED
            row.error = outcome.error[:1000]
            if row.state == rk.UNREACHABLE:
                return []  # the admins hear of an unreachable chat once, from delivery
            return self._failure_notices(session, row, job, now)

    def _next_overdue(self, session: Session, row: Reminder, now: datetime) -> None:
        a = session.get(Assignment, row.assignment_id)
        if a is None or a.state != OPEN:
            return
        calendar = planner(session).calendar(session)
        session.add(
            Reminder(
                assignment_id=row.assignment_id,
                kind=rk.OVERDUE,
                channel=row.channel,
                chat_id=row.chat_id,
                person_id=row.person_id,
                due_at=next_overdue(now, calendar),
                state=rk.PENDING,
                attempts=0,
            )
        )

    def _failure_notices(
        self, session: Session, row: Reminder, job: Job, now: datetime
    ) -> list[Outgoing]:
        today = now.astimezone(self.settings.timezone).date()
        return [
            Outgoing(
                to=address,
                template="reminder_failed",
                values={
                    "number": job.assignment_id,
                    "kind": row.kind,
                    "chat": row.chat_id,
                    "channel": row.channel,
                    "error": row.error or "",
                },
                lang=lang,
                today=today,
            )
            for address, lang in admin_addresses(
                session, self.core.admin_keys, self.settings.language
            )
        ]

    # -- when next --------------------------------------------------------------------

    def next_due(self) -> datetime | None:
        with self.sessions() as session:
            # The column itself (not MIN) so the value comes back as an aware UTC instant.
            return session.scalar(
                select(Reminder.due_at)
                .where(Reminder.state == rk.PENDING)
                .order_by(Reminder.due_at)
                .limit(1)
            )
