"""Creating and changing assignments; every change goes to the audit trail."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.services.change import Change
from bot.services.units import check_length
from scheduler.policy import Plan
from storage.deadline import Deadline
from storage.keys import fold_key
from storage.models import (
    Assignment,
    AssignmentSupport,
    Document,
    ExtensionRequest,
    Person,
    ProgressReport,
    Unit,
)
from storage.models import assignments as states
from storage.models import progress as kinds
from storage.repos import assignments as repo

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


def _note(change: Change, a: Assignment, text: str | None) -> None:
    """A note or reason given with a change, kept in the trail beside it."""
    if text:
        change.trail(ENTITY, a.id, "note", new=text)


def due_of(a: Assignment) -> Deadline | None:
    return Deadline(a.due_date, a.due_time) if a.due_date is not None else None


def _set_due(a: Assignment, due: Deadline | None, tz: ZoneInfo) -> None:
    a.due_date = due.day if due else None
    a.due_time = due.time if due else None
    a.due_at = due.at(tz).astimezone(UTC) if due else None


def create(
    change: Change,
    *,
    lead: Unit,
    task: str,
    due: Deadline | None,
    result: str | None = None,
    supports: tuple[SupportRef, ...] = (),
    document: Document | None = None,
    responsible: Person | None = None,
) -> tuple[Assignment, Plan | None]:
    """The new assignment, and its reminder plan (with the reminders it had to skip)."""
    check_length(task, MAX_TASK, "task")
    check_length(result or "", MAX_RESULT, "result")
    a = Assignment(
        lead_unit_id=lead.id,
        task=task,
        expected_result=result,
        document_id=document.id if document else None,
        responsible_id=responsible.id if responsible else None,
        state=states.OPEN,
        extension_pending=False,
        created_at=change.now,
        created_by=change.actor_id,
    )
    _set_due(a, due, change.tz)
    a.supports = [
        AssignmentSupport(unit_id=s.unit_id, name=s.name, position=i)
        for i, s in enumerate(supports)
    ]
    change.session.add(a)
    change.session.flush()
    change.trail(ENTITY, a.id, "create", new=f"{lead.code}: {task}")
    if responsible is not None:
        change.trail(ENTITY, a.id, "responsible", field="responsible", new=responsible.display_name)
    return a, change.replan(a)


def edit_text(change: Change, a: Assignment, field: str, value: str | None) -> None:
    """Change the task text or the expected result."""
    if field == "task":
        check_length(value or "", MAX_TASK, "task")
    else:
        check_length(value or "", MAX_RESULT, "result")
    old = getattr(a, field)
    setattr(a, field, value)
    change.trail(ENTITY, a.id, "edit", field=field, old=old, new=value)


def set_lead(change: Change, a: Assignment, unit: Unit, old: Unit) -> None:
    a.lead_unit_id = unit.id
    change.trail(ENTITY, a.id, "edit", field="lead_unit", old=old.code, new=unit.code)
    change.replan(a)


def set_responsible(change: Change, a: Assignment, person: Person | None) -> None:
    """PERSON answers for A (None: the whole lead unit again); its reminders follow."""
    before = change.session.get(Person, a.responsible_id) if a.responsible_id else None
    a.responsible_id = person.id if person else None
    change.trail(
        ENTITY,
        a.id,
        "responsible",
        field="responsible",
        old=before.display_name if before else None,
        new=person.display_name if person else None,
    )
    change.replan(a)


def set_supports(change: Change, a: Assignment, supports: tuple[SupportRef, ...]) -> None:
    old = "; ".join(s.name for s in a.supports)
    a.supports = [
        AssignmentSupport(unit_id=s.unit_id, name=s.name, position=i)
        for i, s in enumerate(supports)
    ]
    new = "; ".join(s.name for s in supports)
    change.trail(ENTITY, a.id, "edit", field="supports", old=old, new=new)


def redate(change: Change, a: Assignment, due: Deadline | None, action: str = "redate") -> None:
    old = due_of(a)
    _set_due(a, due, change.tz)
    a.escalated_at = None  # a new deadline: its lateness, and the head's notice, start over
    change.trail(
        ENTITY,
        a.id,
        action,
        field="deadline",
        old=old.iso() if old else None,
        new=due.iso() if due else None,
    )
    change.replan(a)


def close(change: Change, a: Assignment, *, note: str | None) -> None:
    """Mark done; late or on time against the deadline in force right now."""
    late = a.due_at is not None and change.now >= a.due_at
    _settle(change, a, states.DONE, late, "close", "done_late" if late else "done_on_time", note)


def cancel(change: Change, a: Assignment, *, reason: str | None) -> None:
    _settle(change, a, states.CANCELLED, None, "cancel", states.CANCELLED, reason)


def reopen(change: Change, a: Assignment, *, reason: str | None) -> None:
    _settle(change, a, states.OPEN, None, "reopen", states.OPEN, reason)


def _settle(
    change: Change,
    a: Assignment,
    state: str,
    late: bool | None,
    action: str,
    shown: str,
    reason: str | None,
) -> None:
    """A to STATE (closed, cancelled, open again), said in the trail as SHOWN, with the
    REASON given; a pending extension request ends with the work."""
    check_length(reason or "", MAX_REASON, "reason")
    old = a.state
    a.state = state
    a.closed_at = None if state == states.OPEN else change.now
    a.closed_late = late
    if a.extension_pending:
        drop_pending_extension(change, a)
    change.trail(ENTITY, a.id, action, field="state", old=old, new=shown)
    _note(change, a, reason)
    change.replan(a)


def report(
    change: Change,
    a: Assignment,
    text: str,
    *,
    unit_id: int | None,
    channel: str,
    kind: str = kinds.REPORT,
    read: Mapping[str, Any] | None = None,
) -> ProgressReport:
    """Store a progress report exactly as sent, with what the bot READ from it (percent,
    difficulty, extension_to, expected, understood); the first one starts the
    assignment."""
    check_length(text, MAX_REPORT, "report")
    entry = ProgressReport(
        assignment_id=a.id,
        person_id=change.actor_id,
        unit_id=unit_id,
        kind=kind,
        text=text,
        channel=channel,
        created_at=change.now,
        **(read or {}),
    )
    change.session.add(entry)
    if a.started_at is None:
        a.started_at = change.now
        # The first report starts the work: said in the trail, as every change of status.
        change.trail(ENTITY, a.id, "start", field="state", old="not_started", new="on_track")
    change.session.flush()
    return entry


def request_extension(
    change: Change, a: Assignment, due: Deadline, reason: str
) -> tuple[ExtensionRequest, ExtensionRequest | None]:
    """The new request, and the pending one it replaces."""
    check_length(reason, MAX_REASON, "reason")
    replaced = drop_pending_extension(change, a)
    request = ExtensionRequest(
        assignment_id=a.id,
        requested_by=change.actor_id,
        requested_at=change.now,
        new_due_date=due.day,
        new_due_time=due.time,
        reason=reason,
        state=states.PENDING,
    )
    change.session.add(request)
    a.extension_pending = True
    change.session.flush()
    change.trail(
        ENTITY,
        a.id,
        "extension_request",
        field="deadline",
        old=(before.iso() if (before := due_of(a)) else None),
        new=due.iso(),
    )
    return request, replaced


def decide_extension(
    change: Change,
    a: Assignment,
    request: ExtensionRequest,
    *,
    approve: bool,
    due: Deadline | None,
    note: str | None,
) -> None:
    """Approve (re-dating to DUE, the requested date unless the admin gave another) or refuse."""
    check_length(note or "", MAX_REASON, "reason")
    request.state = states.APPROVED if approve else states.REFUSED
    request.decided_by = change.actor_id
    request.decided_at = change.now
    request.decision_note = note
    a.extension_pending = False
    if approve and due is not None:
        redate(change, a, due, action="extension_approved")
    else:
        change.trail(ENTITY, a.id, "extension_refused", new=note)


def drop_pending_extension(change: Change, a: Assignment) -> ExtensionRequest | None:
    """A new request, a completion or a cancellation supersedes a pending request: the one
    it superseded, if any."""
    pending = repo.pending_extension(change.session, a.id)
    if pending is not None:
        pending.state = "superseded"
        pending.decided_at = change.now
        pending.decided_by = change.actor_id
        change.trail(ENTITY, a.id, "extension_superseded", old=pending.new_due_date.isoformat())
    a.extension_pending = False
    return pending


def withdraw_report(change: Change, a: Assignment, entry: ProgressReport) -> list[str]:
    """ENTRY was made by mistake: mark it withdrawn and undo what it did. What was undone:
    "close" (the task it closed is open again), "extension" (its request, still waiting,
    is withdrawn)."""
    entry.withdrawn_at = change.now
    entry.withdrawn_by = change.actor_id
    undone: list[str] = []
    if entry.kind == kinds.DONE and a.state == states.DONE and a.closed_at == entry.created_at:
        reopen(change, a, reason=None)
        undone.append("close")
    if entry.kind == kinds.EXTENSION:
        pending = repo.pending_extension(change.session, a.id)
        if pending is not None and pending.requested_at == entry.created_at:
            pending.state = "withdrawn"
            pending.decided_at = change.now
            pending.decided_by = change.actor_id
            a.extension_pending = False
            undone.append("extension")
    if a.started_at is not None and a.started_at == entry.created_at:
        # The report that started the work is taken back: started when the first one left
        # standing was made, or not started at all ("60% xong" sent to the wrong task).
        standing = [
            r.created_at for r in repo.reports(change.session, a.id) if r.withdrawn_at is None
        ]
        a.started_at = min(standing, default=None)
    change.trail(ENTITY, a.id, "withdraw_report", old=entry.text, new=",".join(undone) or None)
    return undone
