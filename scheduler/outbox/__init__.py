"""The outbox: every message the bot sends is a row, written in the transaction that
causes it, claimed by one sending process, sent, and marked with its own outcome.

- codec: a message as a row and back, and `write` for the core's transaction
- claim, mark: taking due rows, and recording how each fared
- owners: the sending processes, and taking over a dead one's claims
- prune: keeping the table bounded
- store: the operations above, one transaction each, for one process
"""

from scheduler.outbox.codec import write
from scheduler.outbox.job import FAILED, PARKED, SENT, UNREACHABLE, Job, Outcome
from scheduler.outbox.store import OutboxStore

__all__ = ["FAILED", "PARKED", "SENT", "UNREACHABLE", "Job", "OutboxStore", "Outcome", "write"]
