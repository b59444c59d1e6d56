"""A claimed row on its way out (a Job), and how it fared (an Outcome)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from messages.neutral import Address, Outgoing

SENT = "sent"
UNREACHABLE = "unreachable"  # the platform refused the chat: blocked, left, never started
PARKED = "parked"  # not tried: the chat was found unreachable just before
FAILED = "failed"
RELEASED = "released"  # stopping halfway through a long message: its first pieces went


@dataclass(frozen=True)
class Job:
    """One claimed outbox row and the message it says."""

    id: int
    kind: str
    priority: int
    assignment_id: int | None
    person_id: int | None
    due_at: datetime
    message: Outgoing
    claimed_at: datetime | None = None  # the claim's "now"
    pieces_sent: int = 0  # of a long message, by a process that stopped halfway

    @property
    def planned(self) -> bool:
        """A reminder of an assignment: checked again just before it goes, since the
        assignment may have been closed or re-dated while it waited its turn."""
        return self.assignment_id is not None


@dataclass(frozen=True)
class Outcome:
    """How a job fared: sent (with the platform's ids), unreachable, parked, failed, or
    released halfway (a stop)."""

    status: str
    ids: tuple[str, ...] = ()
    error: str = ""
    to: Address | None = None  # where it went in the end (a moved group's new id)
    pieces: int = 0  # RELEASED: how many pieces have gone in all
