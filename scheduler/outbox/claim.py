"""Claiming: due rows taken for sending by one process, in one transaction.

- Urgent rows (a command's replies and notices) first, then reminders and digests by the
  nearest deadline; within a chat, the order they were written in. On PostgreSQL the rows
  are locked with FOR UPDATE SKIP LOCKED, so several processes never take the same row
  (SQLite's transactions take the write lock at BEGIN).
- Of several reminders due now for one chat and one assignment (the bot was down), only
  the latest goes; the others are marked skipped, whether or not the batch reached them.
- A row for a chat already known unreachable is parked, not tried.
- A reminder's message is made now, from the assignment as it is (the bot's
  ReminderContent port); one whose assignment is gone or closed is skipped. A row whose
  message cannot be made is failed, so it never blocks the rows behind it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.orm import Session

from messages.neutral import Outgoing
from scheduler.outbox.codec import message_of
from scheduler.outbox.job import Job
from scheduler.ports import Planned, ReminderContent
from storage.models import Account, GroupChat, OutboxMessage
from storage.models import outbox as ob

log = logging.getLogger(__name__)

# The columns a claim reads of every row: `Planned`'s, in its order, then the rank.
PLANNED_COLUMNS = (
    OutboxMessage.id,
    OutboxMessage.assignment_id,
    OutboxMessage.kind,
    OutboxMessage.offset,
    OutboxMessage.channel,
    OutboxMessage.chat_id,
    OutboxMessage.person_id,
    OutboxMessage.due_at,
)
_COLUMNS = (
    *PLANNED_COLUMNS,
    OutboxMessage.priority,
    OutboxMessage.rank_at,
    OutboxMessage.pieces_sent,
)


def claim(
    session: Session,
    *,
    owner: str,
    now: datetime,
    limit: int,
    channels: Sequence[str],
    content: ReminderContent | None,
    urgent_only: bool = False,
) -> list[Job]:
    """Take up to about LIMIT due rows for OWNER (a few more when a batch's reminders have
    older siblings to skip); their jobs, in the order they should go. With URGENT_ONLY,
    or without CONTENT (the console), only a command's own messages are taken."""
    locking = session.get_bind().dialect.name == "postgresql"
    query = (
        select(*_COLUMNS)
        .where(
            OutboxMessage.state == ob.PENDING,
            OutboxMessage.due_at <= now,
            OutboxMessage.channel.in_(channels),
        )
        .order_by(OutboxMessage.priority, OutboxMessage.rank_at, OutboxMessage.id)
        .limit(limit)
    )
    if content is None or urgent_only:
        query = query.where(OutboxMessage.priority == ob.URGENT)
    if locking:
        query = query.with_for_update(of=OutboxMessage, skip_locked=True)
    rows: dict[int, Any] = {row.id: row for row in session.execute(query)}
    if not rows:
        return []
    if content is not None:
        rows |= {row.id: row for row in _siblings(session, rows.values(), now, channels, locking)}
    kept, skipped = _latest_only(rows.values())
    unreachable = _unreachable_chats(session, {(r.channel, r.chat_id) for r in kept})
    parked = [r.id for r in kept if (r.channel, r.chat_id) in unreachable]
    kept = [r for r in kept if (r.channel, r.chat_id) not in unreachable]
    messages, failed = _messages(session, kept, now, content)
    skipped += [r.id for r in kept if r.id not in messages and r.id not in failed]
    _set(session, skipped, now, state=ob.SKIPPED)
    _set(session, parked, now, state=ob.PARKED)
    for row_id, error in failed.items():
        _set(session, [row_id], now, state=ob.FAILED, error=error[:1000])
    jobs = [
        Job(
            r.id,
            r.kind,
            r.priority,
            r.assignment_id,
            r.person_id,
            r.due_at,
            messages[r.id],
            claimed_at=now,
            pieces_sent=r.pieces_sent,
        )
        for r in sorted(kept, key=lambda r: (r.priority, r.rank_at, r.id))
        if r.id in messages
    ]
    if jobs:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_([j.id for j in jobs]))
            .values(
                state=ob.CLAIMED,
                claimed_at=now,
                claimed_by=owner,
                attempts=OutboxMessage.attempts + 1,
            )
        )
    return jobs


def _siblings(
    session: Session,
    rows: Iterable[Row[Any]],
    now: datetime,
    channels: Sequence[str],
    locking: bool,
) -> list[Row[Any]]:
    """The other due reminders of the batch's (assignment, chat) pairs, so that only the
    latest of each goes even when the batch did not reach the others."""
    pairs = {(r.assignment_id, r.channel, r.chat_id) for r in rows if r.assignment_id is not None}
    if not pairs:
        return []
    query = select(*_COLUMNS).where(
        OutboxMessage.assignment_id.in_({a for a, _, _ in pairs}),
        OutboxMessage.chat_id.in_({chat for _, _, chat in pairs}),
        OutboxMessage.state == ob.PENDING,
        OutboxMessage.due_at <= now,
        OutboxMessage.channel.in_(channels),
    )
    if locking:
        query = query.with_for_update(of=OutboxMessage, skip_locked=True)
    result: Iterable[Row[Any]] = session.execute(query)
    return [row for row in result if (row.assignment_id, row.channel, row.chat_id) in pairs]


def _latest_only(rows: Iterable[Row[Any]]) -> tuple[list[Row[Any]], list[int]]:
    """Of several reminders due now for one chat and one assignment, the latest: the
    overdue notice over the due-day one, the one day before over the three days before.
    Returns (kept, ids of the others)."""
    rows = list(rows)
    latest: dict[tuple[Any, ...], Row[Any]] = {}
    for row in rows:
        if row.assignment_id is not None:
            key = (row.assignment_id, row.channel, row.chat_id)
            best = latest.get(key)
            if best is None or (row.due_at, row.id) > (best.due_at, best.id):
                latest[key] = row
    kept, skipped = [], []
    for row in rows:
        key = (row.assignment_id, row.channel, row.chat_id)
        if row.assignment_id is None or latest[key] is row:
            kept.append(row)
        else:
            skipped.append(row.id)
    return kept, skipped


def _unreachable_chats(session: Session, chats: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of CHATS the platform already refused (a person who blocked the bot, a group
    it was removed from): rows for them wait, parked, for the person to write again."""
    if not chats:
        return set()
    ids = {chat for _, chat in chats}
    found: set[tuple[str, str]] = set()
    for model in (Account, GroupChat):
        found.update(
            (channel, chat)
            for channel, chat in session.execute(
                select(model.channel, model.chat_id).where(
                    model.chat_id.in_(ids), model.unreachable_at.is_not(None)
                )
            )
            if chat is not None
        )
    return found & chats


def _messages(
    session: Session, rows: list[Row[Any]], now: datetime, content: ReminderContent | None
) -> tuple[dict[int, Outgoing], dict[int, str]]:
    """What each row says, by id; and the rows whose message could not be made, with why."""
    made: dict[int, Outgoing] = {}
    failed: dict[int, str] = {}
    stored = [r.id for r in rows if r.kind == ob.MESSAGE]
    for full in session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(stored))):
        try:
            made[full.id] = message_of(full)
        except Exception as error:
            log.exception("outbox row %s cannot be read", full.id)
            failed[full.id] = repr(error)
    planned = [
        Planned(
            r.id, r.assignment_id, r.kind, r.offset, r.channel, r.chat_id, r.person_id, r.due_at
        )
        for r in rows
        if r.kind != ob.MESSAGE
    ]
    if planned and content is not None:
        try:
            with session.begin_nested():  # a failure must not spoil the claim's transaction
                made |= content.messages(session, planned, now)
        except Exception:
            # One row that cannot be made must not hold up the others: find it.
            for row in planned:
                try:
                    with session.begin_nested():
                        made |= content.messages(session, [row], now)
                except Exception as error:
                    log.exception("reminder %s cannot be made", row.id)
                    failed[row.id] = repr(error)
    return made, failed


def _set(session: Session, ids: list[int], now: datetime, **values: Any) -> None:
    if ids:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .values(done_at=now, file_data=None, **values)
        )
