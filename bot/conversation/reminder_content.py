"""What a reminder or a digest says: the bot's side of the sending loop's ReminderContent
port, made when the row is sent, from the assignment as it is then."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation.buttons import task_buttons
from bot.services import committee_tables, template_values
from bot.settings import Settings
from messages.neutral import Address, Outgoing
from scheduler.ports import Planned
from storage.models import Person
from storage.models import outbox as ob
from storage.models.assignments import OPEN
from storage.repos import assignments as assignment_repo
from storage.repos import people as people_repo

LATE_AFTER = timedelta(minutes=15)
WEEKLY_LATE_SHOWN = 15  # the Monday summary lists this many overdue tasks; /xuat has all
TEMPLATES = {
    ob.BEFORE: "reminder_before",
    ob.DUE: "reminder_due",
    ob.OVERDUE: "reminder_overdue",
    ob.ESCALATION: "reminder_escalated",
    ob.DIGEST_OVERDUE: "digest_overdue",
    ob.DIGEST_WEEKLY: "digest_weekly",
}


class ReminderContent:
    def __init__(self, settings: Settings, late_after: timedelta | None = LATE_AFTER) -> None:
        self.settings = settings
        # A reminder sent this long after its time says it is late (the system was down);
        # None never does: the console's clock jumps forward on purpose.
        self.late_after = late_after

    def messages(
        self, session: Session, rows: Sequence[Planned], now: datetime
    ) -> dict[int, Outgoing]:
        """The messages for ROWS, loading what they name in a few queries, not per row;
        a reminder of an assignment gone or no longer open has none."""
        today = now.astimezone(self.settings.timezone).date()
        tasks = {
            a.id: a
            for a in assignment_repo.many(
                session, sorted({r.assignment_id for r in rows if r.assignment_id is not None})
            )
            if a.state == OPEN
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
                template_values.assignments_at(session, list(tasks.values()), now, today, set()),
                strict=True,
            )
        )
        digests: dict[str, dict[str, Any]] = {}
        made = {}
        for row in rows:
            sent_late = self.late_after is not None and now - row.due_at > self.late_after
            values: dict[str, Any] = {"late": sent_late, "offset": row.offset}
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
                    late = committee_tables.overdue(session, now, today)
                    digests[row.kind] = (
                        {"tasks": late}
                        if row.kind == ob.DIGEST_OVERDUE
                        else committee_tables.status_table(session, now)
                        | {"late_tasks": late, "late_shown": WEEKLY_LATE_SHOWN, "scope": {}}
                    )
                values |= digests[row.kind] | {"day": today}
            made[row.id] = Outgoing(
                to=Address(row.channel, row.chat_id),
                template=TEMPLATES[row.kind],
                values=values,
                lang=lang,
                assignment_ids=ids,
                buttons=buttons,
                today=today,
            )
        return made
