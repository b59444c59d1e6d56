"""Admin changes to an assignment: edit, cancel, close, reopen, decide on an extension,
and its history (also open to the units concerned)."""

from __future__ import annotations

from typing import Any

from bot.commands.documents import find_one as find_document
from bot.conversation import access, typed_dates
from bot.conversation.context import Context
from bot.errors import UserError
from bot.reading.arguments import NO_DEADLINE, SKIP, first_word, task_number
from bot.services import assignments as service
from bot.services import template_values
from bot.services.unit_names import one_unit, read_units
from storage.deadline import Deadline
from storage.keys import fold_key
from storage.models import Assignment, Unit
from storage.models.assignments import OPEN
from storage.repos import assignments as repo
from storage.repos import audit
from storage.repos import people as people_repo

FIELDS = {
    "noidung": "task",
    "viec": "task",
    "task": "task",
    "han": "due",
    "thoihan": "due",
    "deadline": "due",
    "ketqua": "result",
    "kq": "result",
    "result": "result",
    "phoihop": "supports",
    "support": "supports",
    "donvi": "lead",
    "unit": "lead",
    "vanban": "document",
    "vb": "document",
    "doc": "document",
}


def _number(args: str, usage: str) -> tuple[int, str]:
    numbered = task_number(args)
    if numbered is None:
        raise UserError(usage)
    return numbered


def _reason_given(reason: str, action: str, number: int) -> None:
    """A cancel or a refusal reaches the unit with its reason: one that has none would
    leave the unit guessing, so the command asks for it, as /giahan does."""
    if not reason.strip(" |:-.,"):
        raise UserError("reason_missing", action=action, number=number)


def _tell_unit(ctx: Context, a: Assignment, template: str, **values: Any) -> None:
    ctx.notify_units(
        [a.lead_unit_id], template, ids=[a.id], a=template_values.assignment(ctx, a), **values
    )


def edit(ctx: Context, args: str) -> None:
    number, rest = _number(args, "edit_usage")
    word, value = first_word(rest)
    field = FIELDS.get(fold_key(word).replace(" ", ""))
    if field is None or not value:
        raise UserError("edit_usage")
    a = access.fetch(ctx, number, access.ADMIN, open_only=True, for_update=True)
    change = ctx.change(ctx.ensure_person())
    old_view = template_values.assignment(ctx, a)
    if field == "task":
        service.edit_text(change, a, "task", value)
    elif field == "result":
        service.edit_text(change, a, "expected_result", None if fold_key(value) in SKIP else value)
    elif field == "due":
        due = None if fold_key(value) in NO_DEADLINE else typed_dates.deadline(ctx, value)
        if a.extension_pending:
            service.drop_pending_extension(change, a)
        service.redate(change, a, due)
    elif field == "supports":
        matches = [] if fold_key(value) in SKIP else read_units(ctx.session, value, True)
        refs = tuple(
            service.SupportRef(m.unit.name if m.unit else m.text, m.unit.id if m.unit else None)
            for m in matches
        )
        service.set_supports(change, a, refs)
    elif field == "lead":
        unit = one_unit(ctx.session, value)
        old_unit = ctx.session.get(Unit, a.lead_unit_id)
        assert old_unit is not None  # a foreign key
        service.set_lead(change, a, unit, old_unit)
    elif field == "document":
        doc = None if fold_key(value) in SKIP else find_document(ctx, value)
        a.document_id = doc.id if doc else None
        new = doc.number if doc else None
        change.trail(
            service.ENTITY, a.id, "edit", field="document", old=old_view["document"], new=new
        )
    ctx.session.flush()
    new_view = template_values.assignment(ctx, a)
    ctx.reply("edited", ids=[a.id], a=new_view, field=field, old=old_view)
    if field == "lead" and old_view["unit_code"] != new_view["unit_code"]:
        ctx.notify_units([a.lead_unit_id], "task_new", ids=[a.id], a=new_view, supporting=False)
        assert old_unit is not None  # set with the new lead, above
        ctx.notify_units([old_unit.id], "task_moved_away", a=new_view)
    else:
        _tell_unit(ctx, a, "task_changed", field=field, old=old_view)


def cancel(ctx: Context, args: str) -> None:
    number, reason = _number(args, "cancel_usage")
    a = access.fetch(ctx, number, access.ADMIN, open_only=True, for_update=True)
    _reason_given(reason, "cancel", number)
    service.cancel(ctx.change(ctx.ensure_person()), a, reason=reason)
    ctx.reply("task_cancelled", ids=[a.id], a=template_values.assignment(ctx, a), reason=reason)
    _tell_unit(ctx, a, "task_cancelled_notice", reason=reason)


def close(ctx: Context, args: str) -> None:
    number, note = _number(args, "close_usage")
    a = access.fetch(ctx, number, access.ADMIN, open_only=True, for_update=True)
    service.close(ctx.change(ctx.ensure_person()), a, note=note or None)
    view = template_values.assignment(ctx, a)
    ctx.reply("task_closed", ids=[a.id], a=view, note=note)
    _tell_unit(ctx, a, "task_closed_notice", note=note)
    ctx.notify_committee(
        "committee_task_done", ids=[a.id], a=view, note=note, person=ctx.actor.name
    )


def reopen(ctx: Context, args: str) -> None:
    number, reason = _number(args, "reopen_usage")
    a = access.fetch(ctx, number, access.ADMIN, for_update=True)
    if a.state == OPEN:
        raise UserError("task_already_open", number=number)
    service.reopen(ctx.change(ctx.ensure_person()), a, reason=reason or None)
    ctx.reply("task_reopened", ids=[a.id], a=template_values.assignment(ctx, a), reason=reason)
    _tell_unit(ctx, a, "task_reopened_notice", reason=reason)


def _pending(ctx: Context, a: Assignment) -> Any:
    request = repo.pending_extension(ctx.session, a.id)
    if request is None:
        raise UserError("extension_none", number=a.id)
    return request


def approve(ctx: Context, args: str) -> None:
    number, date_text = _number(args, "approve_usage")
    a = access.fetch(ctx, number, access.ADMIN, open_only=True, for_update=True)
    request = _pending(ctx, a)
    if date_text:
        due = typed_dates.deadline(ctx, date_text)
    else:
        due = Deadline(request.new_due_date, request.new_due_time)
        if due.at(ctx.settings.timezone) < ctx.local_now:
            raise UserError("extension_request_passed", number=a.id, asked=due)
    service.decide_extension(
        ctx.change(ctx.ensure_person()), a, request, approve=True, due=due, note=None
    )
    view = template_values.assignment(ctx, a)
    ctx.reply("extension_approved", ids=[a.id], a=view)
    _tell_unit(ctx, a, "extension_approved_notice")
    ctx.notify_committee(
        "committee_extension_decided", ids=[a.id], a=view, approved=True, reason=""
    )


def refuse(ctx: Context, args: str) -> None:
    number, reason = _number(args, "refuse_usage")
    a = access.fetch(ctx, number, access.ADMIN, open_only=True, for_update=True)
    request = _pending(ctx, a)
    _reason_given(reason, "refuse", number)
    service.decide_extension(
        ctx.change(ctx.ensure_person()), a, request, approve=False, due=None, note=reason
    )
    view = template_values.assignment(ctx, a)
    ctx.reply("extension_refused", ids=[a.id], a=view, reason=reason)
    _tell_unit(ctx, a, "extension_refused_notice", reason=reason)
    ctx.notify_committee(
        "committee_extension_decided", ids=[a.id], a=view, approved=False, reason=reason
    )


def history(ctx: Context, args: str) -> None:
    number, rest = _number(args, "history_usage")
    if rest:
        raise UserError("history_usage")
    a = access.fetch(ctx, number, access.VIEW)
    entries = audit.history(ctx.session, "assignment", a.id)
    names: dict[int, str] = {}
    rows = []
    for e in entries:
        if e.actor_id is not None and e.actor_id not in names:
            person = people_repo.person(ctx.session, e.actor_id)
            names[e.actor_id] = person.display_name if person else "?"
        rows.append(
            {
                "at": ctx.local(e.at),
                "actor": names.get(e.actor_id or 0),
                "action": e.action,
                "field": e.field,
                "old": e.old_value,
                "new": e.new_value,
            }
        )
    reports = [
        {
            "at": ctx.local(r.created_at),
            "kind": r.kind,
            "withdrawn": r.withdrawn_at is not None,
            "text": r.text,
            "actor": people_repo.person(ctx.session, r.person_id).display_name  # type: ignore[union-attr]
            if r.person_id
            else None,
            # What the bot read from it; "done" shows as the report's kind already.
            "done": False,
            "percent": r.percent,
            "difficulty": r.difficulty,
            "expected": r.expected,
            "extension_to": r.extension_to,
        }
        for r in repo.reports(ctx.session, a.id)
    ]
    ctx.reply(
        "history", ids=[a.id], a=template_values.assignment(ctx, a), entries=rows, reports=reports
    )
