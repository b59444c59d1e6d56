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
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot import reports, views
from bot.buttons import task_buttons
from bot.channel import Address, Outgoing
from bot.clock import Clock
from bot.core import Bot
from bot.delivery import SENT, UNREACHABLE, Delivery, Outcome
from bot.settings import Settings
from scheduler.planning import planner
from scheduler.policy import next_overdue
from storage.db import transaction
from storage.models import Assignment, Person, Reminder
from storage.models import reminders as rk
from storage.models.assignments import OPEN
from storage.repos import assignments as assignment_repo
from storage.repos import chats
from storage.repos import people as people_repo

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
LATE_AFTER = timedelta(minutes=15)
MAX_IN_FLIGHT = 300
WEEKLY_LATE_SHOWN = 15  # the Monday summary lists this many overdue tasks; /xuat has all
TEMPLATES = {
    rk.BEFORE: "reminder_before",
    rk.DUE: "reminder_due",
    rk.OVERDUE: "reminder_overdue",
    rk.DIGEST_OVERDUE: "digest_overdue",
    rk.DIGEST_WEEKLY: "digest_weekly",
}


@dataclass(frozen=True)
class Due:
    """A claimed row's facts (plain values: a claim moves thousands at once)."""

    id: int
    assignment_id: int | None
    kind: str
    offset: str | None
    channel: str
    chat_id: str
    person_id: int | None
    due_at: datetime


# The columns a Due is made of, in its fields' order.
DUE_COLUMNS = (
    Reminder.id,
    Reminder.assignment_id,
    Reminder.kind,
    Reminder.offset,
    Reminder.channel,
    Reminder.chat_id,
    Reminder.person_id,
    Reminder.due_at,
)


@dataclass(frozen=True)
class Job:
    row: Due
    message: Outgoing


class Dispatcher:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        clock: Clock,
        core: Bot,
        delivery: Delivery,
        batch: int = MAX_IN_FLIGHT,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.clock = clock
        self.core = core
        self.delivery = delivery
        self.batch = batch

    # -- claiming ---------------------------------------------------------------------

    async def run_once(self) -> int:
        """Claim a batch of what is due, send it, and mark it: the number claimed.

        The batch is the most in flight at once, so a claim never outlives its lease
        while delivery waits for the platform's rate limit."""
        jobs = await asyncio.to_thread(self.claim, self.batch)
        if not jobs:
            return 0
        loop = asyncio.get_running_loop()
        outcomes: list[asyncio.Future[Outcome]] = [loop.create_future() for _ in jobs]
        for job, future in zip(jobs, outcomes, strict=True):
            self.delivery.submit([job.message], on_done=partial(_settle, future))
        results = await asyncio.gather(*outcomes)
        notices = await asyncio.to_thread(self.mark, list(zip(jobs, results, strict=True)))
        self.delivery.submit(notices)
        return len(jobs)

    def claim(self, limit: int) -> list[Job]:
        now = self.clock()
        with transaction(self.sessions) as session:
            self._release_expired(session, now)
            rows = self._due(session, now, limit)
            kept, skipped = _latest_only(rows)
            if skipped:
                session.execute(
                    update(Reminder).where(Reminder.id.in_(skipped)).values(state=rk.SKIPPED)
                )
            if kept:
                session.execute(
                    update(Reminder)
                    .where(Reminder.id.in_([r.id for r in kept]))
                    .values(state=rk.CLAIMED, claimed_at=now, attempts=Reminder.attempts + 1)
                )
            return self._jobs(session, kept, now)

    @staticmethod
    def _release_expired(session: Session, now: datetime) -> None:
        """Claims a crashed process left behind go back to pending after the lease."""
        session.execute(
            update(Reminder)
            .where(Reminder.state == rk.CLAIMED, Reminder.claimed_at < now - LEASE)
            .values(state=rk.PENDING)
        )

    def _due(self, session: Session, now: datetime, limit: int) -> list[Due]:
        query = (
            select(*DUE_COLUMNS)
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
        return [Due(*row) for row in session.execute(query)]

    # -- rendering --------------------------------------------------------------------

    def _jobs(self, session: Session, rows: list[Due], now: datetime) -> list[Job]:
        """The messages for ROWS, loading what they name in a few queries, not per row."""
        tz = self.settings.timezone
        today = now.astimezone(tz).date()
        tasks = {
            a.id: a
            for a in assignment_repo.many(
                session, sorted({r.assignment_id for r in rows if r.assignment_id is not None})
            )
        }
        languages: dict[int, str] = dict(
            session.execute(  # columns, not objects: a batch has thousands of people
                select(Person.id, Person.language).where(
                    Person.id.in_({r.person_id for r in rows if r.person_id is not None})
                )
            ).all()
        )
        units_of = people_repo.unit_ids_by_person(session, list(languages))
        shown = dict(
            zip(
                tasks,
                views.assignments_at(session, list(tasks.values()), now, today, set()),
                strict=True,
            )
        )
        digests: dict[str, dict[str, Any]] = {}
        jobs = []
        for row in rows:
            values: dict[str, Any] = {"late": now - row.due_at > LATE_AFTER, "offset": row.offset}
            ids: tuple[int, ...] = ()
            buttons: tuple[Any, ...] = ()
            person = row.person_id if row.person_id in languages else None
            lang = languages[person] if person is not None else self.settings.language
            if row.assignment_id is not None:
                a = tasks.get(row.assignment_id)
                if a is None:
                    continue
                mine = set(units_of.get(person, ())) if person is not None else {a.lead_unit_id}
                supporting = a.lead_unit_id not in mine and bool(
                    mine & {s.unit_id for s in a.supports}
                )
                values["a"] = shown[a.id] | {"supporting": supporting}
                ids, buttons = (a.id,), task_buttons(a.id, lead=not supporting)
            else:
                if row.kind not in digests:
                    late = reports.overdue(session, now, today)
                    digests[row.kind] = (
                        {"tasks": late}
                        if row.kind == rk.DIGEST_OVERDUE
                        else reports.status_table(session, now)
                        | {"late_tasks": late, "late_shown": WEEKLY_LATE_SHOWN, "scope": {}}
                    )
                values |= digests[row.kind] | {"day": today}
            message = Outgoing(
                to=Address(row.channel, row.chat_id),
                template=TEMPLATES[row.kind],
                values=values,
                lang=lang,
                assignment_ids=ids,
                buttons=buttons,
                today=today,
            )
            jobs.append(Job(row, message))
        return jobs

    # -- marking ----------------------------------------------------------------------

    def mark(self, results: list[tuple[Job, Outcome]]) -> list[Outgoing]:
        """Record how each job fared, in one transaction for the batch; the notices this
        calls for (failures, for the admins)."""
        now = self.clock()
        notices: list[Outgoing] = []
        with transaction(self.sessions) as session:
            # Rows replanned while in flight (closed, re-dated) are gone: nothing to mark.
            alive = set(
                session.scalars(
                    select(Reminder.id).where(Reminder.id.in_([j.row.id for j, _ in results]))
                )
            )
            marks, sent_ids, next_overdue_rows = [], [], []
            for job, outcome in results:
                row = job.row
                if row.id not in alive:
                    continue
                chat = outcome.to.chat_id if outcome.to else row.chat_id
                if outcome.status == SENT:
                    marks.append(
                        {
                            "id": row.id,
                            "state": rk.SENT,
                            "sent_at": now,
                            "message_id": outcome.ids[0] if outcome.ids else None,
                            "late": now - row.due_at > LATE_AFTER,
                            "chat_id": chat,
                        }
                    )
                    if job.message.assignment_ids and outcome.ids:  # so a reply is traced
                        sent_ids.append(
                            (row.channel, chat, outcome.ids, job.message.assignment_ids)
                        )
                    if row.kind == rk.OVERDUE:
                        next_overdue_rows.append(replace(row, chat_id=chat))
                    continue
                state = rk.UNREACHABLE if outcome.status == UNREACHABLE else rk.FAILED
                marks.append({"id": row.id, "state": state, "error": outcome.error[:1000]})
                if state == rk.FAILED:  # unreachable chats are reported by delivery
                    notices += self._failure_notices(session, row, outcome.error, now)
            if marks:
                for keys in {tuple(sorted(m)) for m in marks}:  # one executemany per shape
                    session.execute(
                        update(Reminder), [m for m in marks if tuple(sorted(m)) == keys]
                    )
            chats.record_sent_many(
                session,
                [
                    (channel, chat, message_id, assignment_ids)
                    for channel, chat, message_ids, assignment_ids in sent_ids
                    for message_id in message_ids
                ],
                now,
            )
            self._next_overdue(session, next_overdue_rows, now)
        return notices

    def _next_overdue(self, session: Session, rows: list[Due], now: datetime) -> None:
        """An overdue notice sent: the next one on the next working day, while open."""
        if not rows:
            return
        still_open = set(
            session.scalars(
                select(Assignment.id).where(
                    Assignment.id.in_({r.assignment_id for r in rows}), Assignment.state == OPEN
                )
            )
        )
        due = next_overdue(now, planner(session).calendar(session))
        session.add_all(
            Reminder(
                assignment_id=r.assignment_id,
                kind=rk.OVERDUE,
                channel=r.channel,
                chat_id=r.chat_id,
                person_id=r.person_id,
                due_at=due,
                state=rk.PENDING,
                attempts=0,
            )
            for r in rows
            if r.assignment_id in still_open
        )

    def _failure_notices(
        self, session: Session, row: Due, error: str, now: datetime
    ) -> list[Outgoing]:
        values = {
            "number": row.assignment_id,
            "kind": row.kind,
            "chat": row.chat_id,
            "channel": row.channel,
            "error": error,
        }
        return self.core.admin_notices(session, now, "reminder_failed", values)

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


def _latest_only(rows: list[Due]) -> tuple[list[Due], list[int]]:
    """Of several reminders due now for one chat and one assignment (the bot was down),
    only the latest goes: the overdue notice over the due-day one, the one day before
    over the three days before. Returns (kept, ids of the others)."""
    latest: dict[tuple[Any, ...], Due] = {}
    for row in rows:
        if row.assignment_id is not None:
            key = (row.assignment_id, row.channel, row.chat_id)
            if key not in latest or row.due_at > latest[key].due_at:
                latest[key] = row
    kept, skipped = [], []
    for row in rows:
        key = (row.assignment_id, row.channel, row.chat_id)
        if row.assignment_id is None or latest[key] is row:
            kept.append(row)
        else:
            skipped.append(row.id)
    return kept, skipped


async def _settle(future: asyncio.Future[Outcome], outcome: Outcome) -> None:
    if not future.done():
        future.set_result(outcome)
