"""Keeping the outbox bounded: a national deployment sends a few million messages a year.

- Rows that are done (sent, skipped, parked, unreachable, failed) are kept for `keep`
  (default 30 days: what an operator asks "did it go?" about), then deleted. A file's
  bytes are dropped as soon as its row is done.
- A command's message still pending after `keep` is for a channel no process serves any
  more (a console database later run on Telegram): it is dropped too. Planned reminders
  are never pruned while pending: they are the future.
- The platform ids of sent messages, which tie a reply to its assignment, are kept for
  `traced` (default a year: officials answer old reminders).
- Incoming message ids, kept to drop a platform's redelivery, are kept for a week.
- Wrong invite and link codes (guessing is bounded by them) are kept for a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from storage.models import CodeAttempt, OutboxMessage, SeenMessage, SentMessage
from storage.models import outbox as ob

SEEN_KEEP = timedelta(days=7)
# Wrong codes count over an hour; a day of them is plenty for an operator to look at.
ATTEMPTS_KEEP = timedelta(days=1)


@dataclass(frozen=True)
class Pruned:
    done: int
    stale: int
    traced: int
    seen: int
    attempts: int = 0


def prune(session: Session, now: datetime, keep: timedelta, traced: timedelta) -> Pruned:
    def count(statement: object) -> int:
        return int(session.execute(statement).rowcount or 0)  # type: ignore[call-overload,attr-defined]

    return Pruned(
        done=count(
            delete(OutboxMessage).where(
                OutboxMessage.state.in_(ob.FINAL_STATES), OutboxMessage.done_at < now - keep
            )
        ),
        stale=count(
            delete(OutboxMessage).where(
                OutboxMessage.kind == ob.MESSAGE,
                OutboxMessage.state == ob.PENDING,
                OutboxMessage.due_at < now - keep,
            )
        ),
        traced=count(delete(SentMessage).where(SentMessage.sent_at < now - traced)),
        seen=count(delete(SeenMessage).where(SeenMessage.seen_at < now - SEEN_KEEP)),
        attempts=count(delete(CodeAttempt).where(CodeAttempt.at < now - ATTEMPTS_KEEP)),
    )
