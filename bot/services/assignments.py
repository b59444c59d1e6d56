"""Creating and changing assignments; every change goes to the audit trail."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.services.units import check_length
from scheduler import planning
from scheduler.policy import Plan
from storage.deadline import Deadline
from storage.keys import fold_key
from storage.models import (
    Assignment,
    AssignmentSupport,
    Document,
    ExtensionRequest,
    ProgressReport,
    Unit,
)
from storage.models import assignments as states
from storage.models import progress as kinds
from storage.repos import assignments as repo
from storage.repos import audit

ENTITY = "assignment"
# What is stored as typed is bounded: a task from a letter is a paragraph, a report a few
# lines; a pasted wall of text is refused, with an example, before anything is written.
MAX_TASK = 2000
MAX_RESULT = 1000
MAX_REPORT = 2000
MAX_REASON = 1000


@dataclass(frozen=True, slots=True)
class SupportRef:
    """A supporting unit as given: a registered unit, or words ("các đơn vị liên quan")."""

    name: str
    unit_id: int | None = None


def same_work(
    session: Session, lead_unit_id: int, task: str, document_id: int | None = None
) -> list[Assignment]:
    """What would make a new assignment of TASK to LEAD_UNIT_ID a second copy: the same
    unit's assignment with the same words (compared as names are: case, marks, spaces
    and punctuation aside) that is still open, or that came from the same document
    (however it ended, cancelled aside). A letter imported twice, or a /giao sent twice."""
    key = fold_key(task)
    return [
        a
        for a in repo.led_not_cancelled(session, [lead_unit_id])
        if fold_key(a.task) == key
        and (a.state == states.OPEN or (document_id is not None and a.document_id == document_id))
    ]


def _trail(
    session: Session,
    a: Assignment,
    *,
    now: datetime,
    actor_id: int | None,
    action: str,
    field: str | None = None,
    old: audit.AuditValue = None,
    new: audit.AuditValue = None,
) -> None:
    audit.record(
        session,
        at=now,
        actor_id=actor_id,
        entity=ENTITY,
        entity_id=a.id,
        action=action,
        field=field,
        old=old,
        new=new,
    )


def _note(
    session: Session, a: Assignment, text: str | None, *, actor_id: int | None, now: datetime
) -> None:
    """A note or reason given with a change, kept in the trail beside it."""
    if text:
        _trail(session, a, now=now, actor_id=actor_id, action="note", new=text)


def _replan(session: Session, a: Assignment, now: datetime) -> Plan | None:
    """Every change to a deadline or a state rewrites the reminders, in the same transaction."""
    return planning.planner(session).replan(session, a, now)


def due_of(a: Assignment) -> Deadline | None:
    return Deadline(a.due_date, a.due_time) if a.due_date is not None else None


def _set_due(a: Assignment, due: Deadline | None, tz: ZoneInfo) -> None:
    a.due_date = due.day if due else None
    a.due_time = due.time if due else None
    a.due_at = due.at(tz).astimezone(UTC) if due else None


def create(
    session: Session,
    *,
    actor_id: int | None,
    now: datetime,
    tz: ZoneInfo,
    lead: Unit,
    task: str,
    due: Deadline | None,
    result: str | None = None,
    supports: tuple[SupportRef, ...] = (),
    document: Document | None = None,
) -> tuple[Assignment, Plan | None]:
    """The new assignment, and its reminder plan (with the reminders it had to skip)."""
    check_length(task, MAX_TASK, "task")
    check_length(result or "", MAX_RESULT, "result")
    a = Assignment(
        lead_unit_id=lead.id,
        task=task,
        expected_result=result,
        document_id=document.id if document else None,
        state=states.OPEN,
        extension_pending=False,
        created_at=now,
        created_by=actor_id,
    )
    _set_due(a, due, tz)
    a.supports = [
        AssignmentSupport(unit_id=s.unit_id, name=s.name, position=i)
        for i, s in enumerate(supports)
    ]
    session.add(a)
    session.flush()
    _trail(
        session,
        a,
        now=now,
        actor_id=actor_id,
        action="create",
        new=f"{lead.code}: {task}",
    )
    return a, _replan(session, a, now)


def edit_text(
    session: Session,
    a: Assignment,
    field: str,
    value: str | None,
    *,
    actor_id: int | None,
    now: datetime,
) -> None:
    """Change the task text or the expected result."""
    if field == "task":
        check_length(value or "", MAX_TASK, "task")
    else:
        check_length(value or "", MAX_RESULT, "result")
    old = getattr(a, field)
    setattr(a, field, value)
    _trail(
        session,
        a,
        now=now,
        actor_id=actor_id,
        action="edit",
        field=field,
        old=old,
        new=value,
    )


def set_lead(
    session: Session, a: Assignment, unit: Unit, old: Unit, *, actor_id: int | None, now: datetime
) -> None:
    a.lead_unit_id = unit.id
    _trail(
        session,
        a,
        now=now,
        actor_id=actor_id,
        action="edit",
        field="lead_unit",
        old=old.code,
        new=unit.code,
    )
    _replan(session, a, now)


def set_supports(
    session: Session,
    a: Assignment,
    supports: tuple[SupportRef, ...],
    *,
    actor_id: int | None,
    now: datetime,
) -> None:
    old = "; ".join(s.name for s in a.supports)
    a.supports = [
        AssignmentSupport(unit_id=s.unit_id, name=s.name, position=i)
        for i, s in enumerate(supports)
    ]
    _trail(
        session,
        a,
        now=now,
        actor_id=actor_id,
        action="edit",
        field="supports",
        old=old,
        new="; ".join(s.name for s in supports),
    )


def redate(
    session: Session,
    a: Assignment,
    due: Deadline | None,
    *,
    actor_id: int | None,
    now: datetime,
    tz: ZoneInfo,
    action: str = "redate",
) -> None:
    old = due_of(a)
    _set_due(a, due, tz)
    _trail(
        session,
        a,
        now=now,
        actor_id=actor_id,
        action=action,
        field="deadline",
        old=old.iso() if old else None,
        new=due.iso() if due else None,
    )
    _replan(session, a, now)


def close(
    session: Session,
    a: Assignment,
    *,
    actor_id: int | None,
    now: datetime,
    note: str | None,
    by_report: ProgressReport | None = None,
) -> None:
    """Mark done; late or on time against the deadline in force right now."""
    check_length(note or "", MAX_REASON, "reason")
    a.state = states.DONE
    a.closed_at = now
    a.closed_late = a.due_at is not None and now >= a.due_at
    if a.extension_pending:
        drop_pending_extension(session, a, actor_id=actor_id, now=now)
    _trail(
        session,
        a,
        now=now,
        actor_id=actor_id,
        action="close",
        field="state",
        old=states.OPEN,
        new="done_late" if a.closed_late else "done_on_time",
    )
    _note(session, a, note, actor_id=actor_id, now=now)
    _replan(session, a, now)


def cancel(
    session: Session, a: Assignment, *, actor_id: int | None, now: datetime, reason: str | None
) -> None:
    check_length(reason or "", MAX_REASON, "reason")
    old = a.state
    a.state = states.CANCELLED
    a.closed_at = now
    a.closed_late = None
    if a.extension_pending:
        drop_pending_extension(session, a, actor_id=actor_id, now=now)
    _trail(
        session,
        a,
        now=now,
        actor_id=actor_id,
        action="cancel",
        field="state",
        old=old,
        new=states.CANCELLED,
    )
    _note(session, a, reason, actor_id=actor_id, now=now)
    _replan(session, a, now)


def reopen(
    session: Session, a: Assignment, *, actor_id: int | None, now: datetime, reason: str | None
) -> None:
    check_length(reason or "", MAX_REASON, "reason")
    old = a.state
    a.state = states.OPEN
    a.closed_at = None
    a.closed_late = None
    _trail(
        session,
        a,
        now=now,
        actor_id=actor_id,
        action="reopen",
        field="state",
        old=old,
        new=states.OPEN,
    )
    _note(session, a, reason, actor_id=actor_id, now=now)
    _replan(session, a, now)


def report(
    session: Session,
    a: Assignment,
    text: str,
    *,
    person_id: int | None,
    unit_id: int | None,
    channel: str,
    now: datetime,
    kind: str = kinds.REPORT,
    read: Mapping[str, Any] | None = None,
) -> ProgressReport:
    """Store a progress report exactly as sent, with what the bot READ from it (percent,
    difficulty, extension_to, expected, understood); the first one starts the
    assignment."""
    check_length(text, MAX_REPORT, "report")
    entry = ProgressReport(
        assignment_id=a.id,
        person_id=person_id,
        unit_id=unit_id,
        kind=kind,
        text=text,
        channel=channel,
        created_at=now,
        **(read or {}),
    )
    session.add(entry)
    if a.started_at is None:
        a.started_at = now
        # The first report starts the work: said in the trail, as every change of status.
        _trail(session, a, now=now, actor_id=person_id, action="start", field="state",
               old="not_started", new="on_track")  # fmt: skip
    session.flush()
    return entry


def request_extension(
    session: Session,
    a: Assignment,
    due: Deadline,
    reason: str,
    *,
    person_id: int | None,
    now: datetime,
) -> tuple[ExtensionRequest, ExtensionRequest | None]:
    """The new request, and the pending one it replaces."""
    check_length(reason, MAX_REASON, "reason")
    replaced = drop_pending_extension(session, a, actor_id=person_id, now=now)
    request = ExtensionRequest(
        assignment_id=a.id,
        requested_by=person_id,
        requested_at=now,
        new_due_date=due.day,
        new_due_time=due.time,
        reason=reason,
        state=states.PENDING,
    )
    session.add(request)
    a.extension_pending = True
    session.flush()
    _trail(
        session,
        a,
        now=now,
        actor_id=person_id,
        action="extension_request",
        field="deadline",
        old=(before.iso() if (before := due_of(a)) else None),
        new=due.iso(),
    )
    return request, replaced


def decide_extension(
    session: Session,
    a: Assignment,
    request: ExtensionRequest,
    *,
    approve: bool,
    due: Deadline | None,
    note: str | None,
    actor_id: int | None,
    now: datetime,
    tz: ZoneInfo,
) -> None:
    """Approve (re-dating to DUE, the requested date unless the admin gave another) or refuse."""
    check_length(note or "", MAX_REASON, "reason")
    request.state = states.APPROVED if approve else states.REFUSED
    request.decided_by = actor_id
    request.decided_at = now
    request.decision_note = note
    a.extension_pending = False
    if approve and due is not None:
        redate(session, a, due, actor_id=actor_id, now=now, tz=tz, action="extension_approved")
    else:
        _trail(
            session,
            a,
            now=now,
            actor_id=actor_id,
            action="extension_refused",
            new=note,
        )


def drop_pending_extension(
    session: Session, a: Assignment, *, actor_id: int | None, now: datetime
) -> ExtensionRequest | None:
    """A new request, a completion or a cancellation supersedes a pending request: the one
    it superseded, if any."""
    pending = repo.pending_extension(session, a.id)
    if pending is not None:
        pending.state = "superseded"
        pending.decided_at = now
        pending.decided_by = actor_id
        _trail(
            session,
            a,
            now=now,
            actor_id=actor_id,
            action="extension_superseded",
            old=pending.new_due_date.isoformat(),
        )
    a.extension_pending = False
    return pending


def withdraw_report(
    session: Session, a: Assignment, entry: ProgressReport, *, actor_id: int | None, now: datetime
) -> list[str]:
    """ENTRY was made by mistake: mark it withdrawn and undo what it did. What was undone:
    "close" (the task it closed is open again), "extension" (its request, still waiting,
    is withdrawn)."""
    entry.withdrawn_at = now
    entry.withdrawn_by = actor_id
    undone: list[str] = []
    if entry.kind == kinds.DONE and a.state == states.DONE and a.closed_at == entry.created_at:
        reopen(session, a, actor_id=actor_id, now=now, reason=None)
        undone.append("close")
    if entry.kind == kinds.EXTENSION:
        pending = repo.pending_extension(session, a.id)
        if pending is not None and pending.requested_at == entry.created_at:
            pending.state = "withdrawn"
            pending.decided_at = now
            pending.decided_by = actor_id
            a.extension_pending = False
            undone.append("extension")
    if a.started_at is not None and a.started_at == entry.created_at:
        # The report that started the work is taken back: started when the first one left
        # standing was made, or not started at all ("60% xong" sent to the wrong task).
        standing = [r.created_at for r in repo.reports(session, a.id) if r.withdrawn_at is None]
        a.started_at = min(standing, default=None)
    _trail(
        session,
        a,
        now=now,
        actor_id=actor_id,
        action="withdraw_report",
        old=entry.text,
        new=",".join(undone) or None,
    )
    return undone
