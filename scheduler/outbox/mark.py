"""Marking: each sent row gets its own outcome, in one transaction for whatever outcomes
have arrived together (a group commit), never a whole claimed batch at once.

- Sent: the platform's message ids are recorded, so a reply to the message is traced to
  its assignments; an overdue notice sent plans the next one.
- Unreachable: the chat is marked so (the admins are told once), and the chat's other
  waiting rows are parked without being tried.
- Failed for good: a reminder or digest that could not go is reported to the admins.
- A row that is no longer this process's claim (replanned meanwhile, or taken over after
  the process was thought dead) is left as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, or_, select, update
from sqlalchemy.orm import Session

from messages.neutral import Address, Outgoing
from scheduler.outbox.codec import write
from scheduler.outbox.job import FAILED, PARKED, RELEASED, SENT, UNREACHABLE, Job, Outcome
from scheduler.planning import Planner
from scheduler.policy import next_overdue
from scheduler.ports import AdminNotices
from storage.models import Assignment, OutboxMessage, SeenMessage
from storage.models import outbox as ob
from storage.models.assignments import OPEN
from storage.repos import chats

# A reminder that leaves this long after its time says it is late.
LATE_AFTER_SECONDS = 15 * 60
_STATES = {UNREACHABLE: ob.UNREACHABLE, PARKED: ob.PARKED, FAILED: ob.FAILED}


def mark(
    session: Session,
    *,
    owner: str,
    now: datetime,
    results: Sequence[tuple[Job, Outcome]],
    admins: AdminNotices,
    planner: Planner,
) -> int:
    """Record how each job fared; the number of rows this wrote for others to send (the
    admins' notices, the next overdue notice)."""
    marks: list[dict[str, Any]] = []
    traced: list[tuple[str, str, str, Sequence[int]]] = []
    overdue: list[Job] = []
    refused: dict[tuple[str, str], tuple[Address, datetime | None]] = {}
    failed: list[tuple[Job, Outcome]] = []
    escalated: set[int] = set()
    for job, outcome in results:
        to = outcome.to or job.message.to
        # What went, whatever became of its row: a reply to it is traced.
        named = job.message.assignment_ids or (
            (job.assignment_id,) if job.assignment_id is not None else ()
        )
        if named and outcome.status in (SENT, RELEASED):
            traced += [(to.channel, to.chat_id, i, named) for i in outcome.ids]
        if outcome.status == SENT:
            marks.append(_sent(job, outcome, to, now))
            if job.kind == ob.OVERDUE:
                overdue.append(replace(job, message=replace(job.message, to=to)))
            elif job.kind == ob.ESCALATION and job.assignment_id is not None:
                escalated.add(job.assignment_id)
            continue
        if outcome.status == RELEASED:  # the next start sends the pieces still to go
            marks.append(
                {
                    "b_id": job.id,
                    "state": ob.PENDING,
                    "claimed_by": None,
                    "pieces_sent": outcome.pieces,
                    "chat_id": to.chat_id,
                }
            )
            continue
        marks.append(
            {
                "b_id": job.id,
                "state": _STATES[outcome.status],
                "error": outcome.error[:1000] or None,
                "done_at": now,
                "file_data": None,
            }
        )
        if outcome.status == UNREACHABLE:
            refused[(to.channel, to.chat_id)] = (to, job.claimed_at)
        elif outcome.status == FAILED and job.kind != ob.MESSAGE:
            failed.append((job, outcome))
    # What follows from a row (the next overdue notice, a failure report) follows only
    # from a row still this process's claim: one replanned meanwhile has its successor.
    alive = _still_claimed(session, owner, [j.id for j in overdue] + [j.id for j, _ in failed])
    table = cast(Table, OutboxMessage.__table__)
    for keys in {tuple(sorted(m)) for m in marks}:  # one executemany per shape
        session.execute(
            update(table)
            .where(
                table.c.id == bindparam("b_id"),
                table.c.state == ob.CLAIMED,
                table.c.claimed_by == owner,
            )
            .values({k: bindparam(k) for k in keys if k != "b_id"}),
            [m for m in marks if tuple(sorted(m)) == keys],
        )
    chats.record_sent_many(session, traced, now)
    if escalated:  # the head was told: once per deadline, whatever replans it after
        session.execute(
            update(Assignment)
            .where(Assignment.id.in_(escalated), Assignment.escalated_at.is_(None))
            .values(escalated_at=now)
        )
    written = _next_overdue(session, [j for j in overdue if j.id in alive], now, planner)
    notices: list[Outgoing] = []
    for job, outcome in failed:
        if job.id in alive:
            notices += _failure_notices(session, job, outcome, now, admins)
    for to, since in refused.values():
        notices += chat_unreachable(session, to, now, admins, owner, since)
    write(session, notices, now)
    return written + len(notices)


def _still_claimed(session: Session, owner: str, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return set(
        session.scalars(
            select(OutboxMessage.id).where(
                OutboxMessage.id.in_(ids),
                OutboxMessage.state == ob.CLAIMED,
                OutboxMessage.claimed_by == owner,
            )
        )
    )


def _sent(job: Job, outcome: Outcome, to: Address, now: datetime) -> dict[str, Any]:
    return {
        "b_id": job.id,
        "state": ob.SENT,
        "sent_at": now,
        "done_at": now,
        "message_id": outcome.ids[0] if outcome.ids else None,
        "late": job.kind != ob.MESSAGE and (now - job.due_at).total_seconds() > LATE_AFTER_SECONDS,
        "chat_id": to.chat_id,
        "file_data": None,
    }


def chat_unreachable(
    session: Session,
    to: Address,
    now: datetime,
    admins: AdminNotices,
    owner: str = "",
    since: datetime | None = None,
) -> list[Outgoing]:
    """The platform refused TO: mark whoever the bot reaches there, park the chat's
    waiting rows (they follow the person's "reachable again" rule), and return the
    notices that tell the admins, once. The refusal of a message claimed SINCE a moment
    is old news when the chat has written to the bot since (unblocked it, or added it
    back): nothing is marked, nothing parked."""
    if since is not None and session.scalar(
        select(SeenMessage.message_id)
        .where(
            SeenMessage.channel == to.channel,
            SeenMessage.chat_id == to.chat_id,
            SeenMessage.seen_at >= since,
        )
        .limit(1)
    ):
        return []
    waiting = OutboxMessage.state == ob.PENDING
    if owner:
        waiting = or_(
            waiting,
            (OutboxMessage.state == ob.CLAIMED) & (OutboxMessage.claimed_by == owner),
        )
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.channel == to.channel, OutboxMessage.chat_id == to.chat_id, waiting)
        .values(state=ob.PARKED, done_at=now, file_data=None)
    )
    newly = chats.mark_unreachable(session, to.channel, to.chat_id, now)
    if not newly:
        return []
    values = {
        "name": to.label or to.chat_id,
        "channel": to.channel,
        "group": any(n.startswith("group:") for n in newly),
    }
    notices = admins(session, now, "chat_unreachable", values)
    return [n for n in notices if (n.to.channel, n.to.chat_id) != (to.channel, to.chat_id)]


def _failure_notices(
    session: Session, job: Job, outcome: Outcome, now: datetime, admins: AdminNotices
) -> list[Outgoing]:
    values = {
        "number": job.assignment_id,
        "kind": job.kind,
        "chat": job.message.to.chat_id,
        "channel": job.message.to.channel,
        "error": outcome.error,
    }
    return admins(session, now, "reminder_failed", values)


def _next_overdue(session: Session, jobs: list[Job], now: datetime, planner: Planner) -> int:
    """An overdue notice sent: the next one on the next working day, while open."""
    if not jobs:
        return 0
    still_open = {
        a.id: a
        for a in session.scalars(
            select(Assignment).where(
                Assignment.id.in_({j.assignment_id for j in jobs}), Assignment.state == OPEN
            )
        )
    }
    due = next_overdue(now, planner.calendar(session))
    rows = [
        OutboxMessage(
            assignment_id=j.assignment_id,
            kind=ob.OVERDUE,
            priority=ob.PLANNED,
            channel=j.message.to.channel,
            chat_id=j.message.to.chat_id,
            person_id=j.person_id,
            due_at=due,
            rank_at=still_open[j.assignment_id].due_at or due,
            state=ob.PENDING,
            attempts=0,
        )
        for j in jobs
        if j.assignment_id in still_open
    ]
    session.add_all(rows)
    return len(rows)
