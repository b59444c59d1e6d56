"""The outbox's operations for one sending process, each in a transaction of its own.

The sending loop calls them from worker threads; the console calls them directly.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from messages.neutral import Outgoing
from scheduler.outbox import owners
from scheduler.outbox.claim import claim
from scheduler.outbox.job import Job, Outcome
from scheduler.outbox.mark import mark
from scheduler.planning import Planner
from scheduler.ports import AdminNotices, ReminderContent
from storage.clock import Clock
from storage.db import transaction
from storage.models import OutboxMessage
from storage.models import outbox as ob
from storage.repos import chats


class OutboxStore:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        channels: Sequence[str],
        admins: AdminNotices,
        content: ReminderContent | None,
        owner: str | None = None,
        *,
        planner: Planner,
    ) -> None:
        self.sessions = sessions
        self.planner = planner  # the working calendar, for the next overdue notice
        self.clock = clock
        self.channels = tuple(channels)
        self.admins = admins
        self.content = content
        self.owner = owner or uuid.uuid4().hex

    # -- the process --------------------------------------------------------------------

    def register(self) -> None:
        with transaction(self.sessions) as session:
            owners.register(session, self.owner, self.clock())

    def beat(self) -> bool:
        with transaction(self.sessions) as session:
            return owners.beat(session, self.owner, self.clock())

    def take_over(self) -> int:
        with transaction(self.sessions) as session:
            return owners.take_over(session, self.owner, self.clock())

    def release(self) -> int:
        with transaction(self.sessions) as session:
            return owners.release_mine(session, self.owner)

    # -- rows -----------------------------------------------------------------------------

    def claim(self, limit: int, urgent_only: bool = False) -> list[Job]:
        """Up to about LIMIT due rows; with URGENT_ONLY, a command's own messages only."""
        with transaction(self.sessions) as session:
            return claim(
                session,
                owner=self.owner,
                now=self.clock(),
                limit=limit,
                channels=self.channels,
                content=self.content,
                urgent_only=urgent_only,
            )

    def mark(self, results: Sequence[tuple[Job, Outcome]]) -> int:
        """Record RESULTS; the number of new rows written (notices to send)."""
        with transaction(self.sessions) as session:
            return mark(
                session,
                owner=self.owner,
                now=self.clock(),
                results=results,
                admins=self.admins,
                planner=self.planner,
            )

    def still_claimed(self, ids: Sequence[int]) -> set[int]:
        """Which of IDS are still this process's claims (not replanned, closed, taken)."""
        with self.sessions() as session:
            return set(
                session.scalars(
                    select(OutboxMessage.id).where(
                        OutboxMessage.id.in_(ids),
                        OutboxMessage.state == ob.CLAIMED,
                        OutboxMessage.claimed_by == self.owner,
                    )
                )
            )

    def chat_moved(self, channel: str, old: str, new: str) -> None:
        """The platform moved a chat to another id: its binding, its accounts, the
        messages sent there and the rows still to go there follow it."""
        with transaction(self.sessions) as session:
            chats.move(session, channel, old, new)
            session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.channel == channel,
                    OutboxMessage.chat_id == old,
                    OutboxMessage.state.not_in(ob.FINAL_STATES),
                )
                .values(chat_id=new)
            )

    def next_due(self) -> datetime | None:
        """When the earliest pending row this process sends is due."""
        with self.sessions() as session:
            # The column itself (not MIN) so the value comes back as an aware UTC instant.
            return session.scalar(
                select(OutboxMessage.due_at)
                .where(
                    OutboxMessage.state == ob.PENDING,
                    OutboxMessage.channel.in_(self.channels),
                )
                .order_by(OutboxMessage.due_at)
                .limit(1)
            )

    def pending(self) -> int:
        with self.sessions() as session:
            return int(
                session.scalar(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.state == ob.PENDING)
                )
                or 0
            )

    def deliver_at_once(self, send: Callable[[Outgoing], Outcome], limit: int = 1000) -> int:
        """Claim, send and mark in one transaction (the console, whose "sending" is
        printing): nobody else ever sees these rows claimed. The number sent. Without
        reminder content only a command's own messages go; with it, the reminders and
        notices that are due too, as the sending loop would send them."""
        with transaction(self.sessions) as session:
            now = self.clock()
            jobs = claim(
                session,
                owner=self.owner,
                now=now,
                limit=limit,
                channels=self.channels,
                content=self.content,
            )
            results = [(job, send(job.message)) for job in jobs]
            mark(
                session,
                owner=self.owner,
                now=now,
                results=results,
                admins=self.admins,
                planner=self.planner,
            )
            return len(results)
