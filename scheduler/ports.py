"""What the sending side asks of the bot, through small ports the bot hands in at wiring
time: the sending side never imports the conversation.

- `ReminderContent` says what a planned row (a reminder, a digest) says, made when it is
  sent from the assignment as it is then.
- `Recurrence` keeps the next occurrence of every recurring duty in place (a nightly
  job, and once at start).
- `AdminNotices` says who the admins are and how to tell them something (a chat that
  cannot be reached, a reminder that could not be sent), each in their language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from messages.neutral import Outgoing


@dataclass(frozen=True)
class Planned:
    """A claimed reminder or digest row's facts (plain values: a claim moves many)."""

    id: int
    assignment_id: int | None
    kind: str
    offset: str | None
    channel: str
    chat_id: str
    person_id: int | None
    due_at: datetime


class ReminderContent(Protocol):
    def messages(
        self, session: Session, rows: Sequence[Planned], now: datetime
    ) -> dict[int, Outgoing]:
        """The message for each of ROWS, by row id. A row left out is not sent (its
        assignment is gone or no longer open) and is marked skipped."""


# TEMPLATE with VALUES for every admin, each in their language:
# admins(session, now, template, values).
AdminNotices = Callable[[Session, datetime, str, dict[str, Any]], list[Outgoing]]


# Keep every recurring duty's next occurrence in place: recurrence(session, now) -> how
# many occurrences it made.
Recurrence = Callable[[Session, datetime], int]
