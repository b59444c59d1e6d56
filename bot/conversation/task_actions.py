"""What follows when a unit finishes a task or asks for more time, whether it said so by
command (/xong, /giahan) or in a plain reply the bot read ("đã xong", "xin gia hạn đến
20/5"): the same change, the same answer, the same notices."""

from __future__ import annotations

from datetime import timedelta

from bot.conversation.buttons import decision_buttons, withdraw_button
from bot.conversation.context import Context
from bot.errors import UserError
from bot.services import assignments as service
from bot.services import template_values
from storage.deadline import Deadline
from storage.models import Assignment

# The example date offered when an extension asks for too little time.
SUGGEST_AFTER = timedelta(days=30)


def finish(ctx: Context, a: Assignment, note: str) -> None:
    """Close A as done (its report is stored by the caller) and tell everyone concerned."""
    person = ctx.ensure_person()
    service.close(ctx.change(person), a, note=None)
    view = template_values.assignment(ctx, a)
    ctx.reply("task_done", ids=[a.id], buttons=(withdraw_button(a.id),), a=view, note=note)
    ctx.notify_admins("task_done_notice", ids=[a.id], a=view, note=note, person=person.display_name)
    ctx.notify_committee(
        "committee_task_done", ids=[a.id], a=view, note=note, person=person.display_name
    )
    ctx.notify_units([a.lead_unit_id], "task_closed_notice", ids=[a.id], a=view, note=note)


def is_later(ctx: Context, a: Assignment, due: Deadline) -> bool:
    """Whether DUE is after A's deadline (anything is, for work without one)."""
    current = service.due_of(a)
    tz = ctx.settings.timezone
    return current is None or due.at(tz) > current.at(tz)


def check_later(ctx: Context, a: Assignment, due: Deadline) -> None:
    """An extension must ask for a deadline after the current one."""
    if not is_later(ctx, a, due):
        current = service.due_of(a)
        assert current is not None
        suggest = f"{current.day + SUGGEST_AFTER:%d/%m/%Y}"
        raise UserError(
            "extension_not_later", number=a.id, current=current, asked=due, suggest=suggest
        )


def request_extension(ctx: Context, a: Assignment, due: Deadline, reason: str) -> None:
    """Ask the admins to move A's deadline to DUE (the report is stored by the caller)."""
    check_later(ctx, a, due)
    person = ctx.ensure_person()
    _, old = service.request_extension(ctx.change(person), a, due, reason)
    # A request that replaces one still waiting says so, everywhere it is told.
    replaced = Deadline(old.new_due_date, old.new_due_time) if old is not None else None
    view = template_values.assignment(ctx, a)
    ctx.reply(
        "extension_requested",
        ids=[a.id],
        buttons=(withdraw_button(a.id),),
        a=view,
        asked=due,
        reason=reason,
        replaced=replaced,
    )
    ctx.notify_admins(
        "extension_request_notice",
        ids=[a.id],
        buttons=decision_buttons(a.id),
        a=view,
        asked=due,
        reason=reason,
        person=person.display_name,
        replaced=replaced,
    )
    ctx.notify_committee(
        "committee_extension_request",
        ids=[a.id],
        a=view,
        asked=due,
        reason=reason,
        person=person.display_name,
        replaced=replaced,
    )
