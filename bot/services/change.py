"""A change being made: in which transaction, by whom, when, and the reminder planner
that follows it.

Every service that writes takes one. The audit trail's row is one call (`trail`), and
the reminders are planned again through the planner the transaction's owner handed in
(the core, the demo, a test), not one found in the session.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from scheduler.planning import Planner
from scheduler.policy import Plan
from storage.models import Assignment
from storage.repos import audit


@dataclass(frozen=True, slots=True)
class Change:
    session: Session
    actor_id: int | None  # the person making it; None for the bot itself (a demo, a series)
    now: datetime
    planner: Planner

    @property
    def tz(self) -> ZoneInfo:
        """The province's time zone, which deadlines are read in."""
        return self.planner.tz

    def trail(
        self,
        entity: str,
        entity_id: int,
        action: str,
        *,
        field: str | None = None,
        old: audit.AuditValue = None,
        new: audit.AuditValue = None,
    ) -> None:
        """What changed, in the audit trail, with who and when."""
        audit.record(
            self.session,
            at=self.now,
            actor_id=self.actor_id,
            entity=entity,
            entity_id=entity_id,
            action=action,
            field=field,
            old=old,
            new=new,
        )

    def replan(self, a: Assignment) -> Plan | None:
        """Every change to a deadline or a state rewrites the reminders, in this transaction."""
        return self.planner.replan(self.session, a, self.now)

    def replan_units(self, unit_ids: Iterable[int]) -> None:
        """A change to who answers for units (members, chats) reaches their reminders."""
        self.planner.replan_units(self.session, list(unit_ids), self.now)
