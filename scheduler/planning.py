"""Turning an assignment's deadline into reminder rows, and keeping them true.

Every change that moves a deadline, closes, cancels or reopens an assignment, or changes
who should hear of it, rewrites that assignment's pending rows in the same transaction:
a reminder for a closed or re-dated task is never sent. Recipients are resolved now (the
lead unit's members who can be reached, and the unit's group), since a row is one
message to one chat.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from scheduler.calendar import OfficeHours, WorkCalendar
from scheduler.policy import (
    Offset,
    Plan,
    first_overdue,
    next_overdue,
    parse_plan,
    plan_reminders,
)
from storage.deadline import Deadline
from storage.models import Assignment, CalendarDay, OutboxMessage, ReminderPlan
from storage.models import outbox as ob
from storage.models import reminders as kinds
from storage.models.assignments import OPEN
from storage.repos import chats
from storage.repos import people as people_repo

# Kinds that belong to one assignment and are rewritten with it.


@dataclass(frozen=True)
class Recipient:
    channel: str
    chat_id: str
    person_id: int | None  # None for a group chat


class Planner:
    """The reminder policy bound to the settings: default plan, office hours, workdays
    (values, read once from the settings)."""

    def __init__(
        self,
        tz: ZoneInfo,
        default_plan: tuple[Offset, ...],
        hours: OfficeHours,
        workdays: frozenset[int],
        escalate_after: int = 3,
    ) -> None:
        self.tz = tz
        self.default_plan = default_plan
        self.hours = hours
        self.workdays = workdays
        # Working days late after which the lead unit's head and deputies are told, by
        # name, once (0: never).
        self.escalate_after = escalate_after

    # -- the calendar and the plans ---------------------------------------------------

    def calendar(self, session: Session) -> WorkCalendar:
        """Office hours and working days, with the days an admin swapped."""
        rows = session.scalars(select(CalendarDay)).all()
        return WorkCalendar(
            self.tz,
            self.hours,
            self.workdays,
            days_off=[r.day for r in rows if r.kind == kinds.DAY_OFF],
            work_days=[r.day for r in rows if r.kind == kinds.WORK_DAY],
        )

    def offsets_for(self, session: Session, a: Assignment) -> tuple[Offset, ...]:
        """The assignment's own plan, else its lead unit's, else the global one."""
        plans = {
            (p.scope, p.ref_id): p.offsets
            for p in session.scalars(
                select(ReminderPlan).where(
                    (ReminderPlan.scope == kinds.GLOBAL)
                    | ((ReminderPlan.scope == kinds.UNIT) & (ReminderPlan.ref_id == a.lead_unit_id))
                    | ((ReminderPlan.scope == kinds.ASSIGNMENT) & (ReminderPlan.ref_id == a.id))
                )
            )
        }
        for key in ((kinds.ASSIGNMENT, a.id), (kinds.UNIT, a.lead_unit_id), (kinds.GLOBAL, 0)):
            if key in plans:
                return parse_plan(plans[key])
        return self.default_plan

    # -- who hears --------------------------------------------------------------------

    @staticmethod
    def recipients_of(session: Session, a: Assignment) -> list[Recipient]:
        """Where A's reminders go: its responsible official (đầu mối) and the unit's groups;
        the whole unit when it names nobody, or when nobody named can be reached, so a
        reminder is never planned for no one."""
        if a.responsible_id is not None:
            named = Planner.recipients(session, a.lead_unit_id, a.responsible_id)
            if any(r.person_id is not None for r in named):
                return named
        return Planner.recipients(session, a.lead_unit_id)

    @staticmethod
    def recipients(session: Session, unit_id: int, person_id: int | None = None) -> list[Recipient]:
        """The unit's members' chats (only PERSON_ID's, when given) and its groups."""
        found: dict[tuple[str, str], Recipient] = {}
        for account, person in people_repo.member_accounts(session, [unit_id], person_id):
            if account.chat_id and account.unreachable_at is None:
                found.setdefault(
                    (account.channel, account.chat_id),
                    Recipient(account.channel, account.chat_id, person.id),
                )
        for group in chats.unit_groups(session, [unit_id]):
            found.setdefault(
                (group.channel, group.chat_id), Recipient(group.channel, group.chat_id, None)
            )
        return list(found.values())

    # -- rewriting rows ---------------------------------------------------------------

    def replan(
        self, session: Session, a: Assignment, now: datetime, calendar: WorkCalendar | None = None
    ) -> Plan | None:
        """Rewrite A's pending reminders; the plan (with what it skipped) when A has a
        deadline and is open, else None."""
        session.flush()
        # Parked rows (their chat was unreachable) are replaced too: a person who writes
        # again is planned afresh, with what is still to come.
        session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.assignment_id == a.id,
                OutboxMessage.kind.in_(ob.REMINDER_KINDS),
                OutboxMessage.state.in_((ob.PENDING, ob.CLAIMED, ob.PARKED)),
            )
        )
        if a.state != OPEN or a.due_date is None:
            return None
        calendar = calendar or self.calendar(session)
        deadline = Deadline(a.due_date, a.due_time)
        plan = plan_reminders(deadline, self.offsets_for(session, a), now, calendar)
        overdue_at = first_overdue(deadline, calendar)
        if a.due_at is not None and now >= a.due_at:
            # Already overdue (a reopened task): the next notice now, or at the next opening.
            overdue_at = _now_or_next_opening(now, calendar)
        reminded = self.recipients_of(session, a)
        planned: list[tuple[Recipient, str, str | None, datetime]] = [
            (r, p.kind, p.offset.text(), p.at) for r in reminded for p in plan.reminders
        ]
        planned += [(r, ob.OVERDUE, None, overdue_at) for r in reminded]
        if self.escalate_after > 0 and a.escalated_at is None:
            escalate_at = self._escalation_moment(deadline, now, calendar)
            planned += [
                (r, ob.ESCALATION, None, escalate_at) for r in self._heads(session, a, reminded)
            ]
        session.add_all(
            OutboxMessage(
                assignment_id=a.id,
                kind=kind,
                priority=ob.PLANNED,
                offset=offset,
                channel=recipient.channel,
                chat_id=recipient.chat_id,
                person_id=recipient.person_id,
                due_at=at,
                rank_at=a.due_at or at,
                state=ob.PENDING,
                attempts=0,
            )
            for recipient, kind, offset, at in planned
        )
        return plan

    def _escalation_moment(
        self, deadline: Deadline, now: datetime, calendar: WorkCalendar
    ) -> datetime:
        """The opening of the ESCALATE_AFTER-th working day late (weekends and holidays
        do not count), or now (the next opening) when that has already passed."""
        at = first_overdue(deadline, calendar)
        for _ in range(self.escalate_after - 1):
            at = next_overdue(at, calendar)
        return at if now < at else _now_or_next_opening(now, calendar)

    @staticmethod
    def _heads(session: Session, a: Assignment, reminded: list[Recipient]) -> list[Recipient]:
        """The lead unit's head and deputies, in their own chats, who do not hear of A
        already: nobody gets two notices of one late task in a day."""
        told = {r.person_id for r in reminded if r.person_id is not None}
        return [
            r
            for person, _ in people_repo.leaders(session, a.lead_unit_id)
            if person.id not in told
            for r in Planner.recipients(session, a.lead_unit_id, person.id)
            if r.person_id is not None
        ]

    def replan_many(
        self, session: Session, assignments: Iterable[Assignment], now: datetime
    ) -> int:
        calendar = self.calendar(session)
        count = 0
        for a in assignments:
            self.replan(session, a, now, calendar)
            count += 1
        return count

    def replan_units(self, session: Session, unit_ids: Sequence[int], now: datetime) -> int:
        """After a change of who is in a unit or its group: its open work, replanned."""
        rows = session.scalars(
            select(Assignment).where(
                Assignment.lead_unit_id.in_(set(unit_ids)), Assignment.state == OPEN
            )
        )
        return self.replan_many(session, list(rows), now)

    def replan_all(self, session: Session, now: datetime) -> int:
        """After a change to the calendar or the global plan."""
        rows = session.scalars(select(Assignment).where(Assignment.state == OPEN))
        return self.replan_many(session, list(rows), now)


def _now_or_next_opening(now: datetime, calendar: WorkCalendar) -> datetime:
    """NOW when the office is open, else its next opening: when a notice already due goes."""
    inside = calendar.last_office_moment(now) == now
    return now if inside else calendar.next_opening(now).astimezone(UTC)
