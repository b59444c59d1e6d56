"""Taking back a report made by mistake: its author may, for a while (DONDOC_UNDO_WINDOW),
with /rutlai (alias /undo), the "Rút lại" button under the receipt, or a message that only
says so ("nhầm", "em báo nhầm ạ", "#12 nhầm").

The report stays, marked withdrawn, with who and when, in the history. What it did is
undone: a task it closed is open again (its reminders replanned), an extension request it
made and nobody decided yet is withdrawn. Those who were told of it (the admins, the
committee, the unit for a close) hear that it was withdrawn.
"""

from __future__ import annotations

from typing import Any

from bot.conversation import access
from bot.conversation.buttons import task_buttons
from bot.conversation.context import Context
from bot.errors import UserError
from bot.services import assignments as service
from bot.services import template_values
from storage.repos import assignments as repo


def withdraw(ctx: Context, number: int | None) -> None:
    """Withdraw the actor's last report (on task NUMBER, when given) still in the window."""
    person = ctx.actor.person
    hours = max(round(ctx.settings.undo_window.total_seconds() / 3600), 1)
    entry = (
        repo.last_report_by(ctx.session, person.id, ctx.now - ctx.settings.undo_window, number)
        if person is not None
        else None
    )
    if entry is None or person is None:
        raise UserError("withdraw_nothing", number=number, hours=hours)
    a = access.fetch(ctx, entry.assignment_id, access.REPORT, for_update=True)
    undone = service.withdraw_report(ctx.change(person), a, entry)
    view = template_values.assignment(ctx, a)
    lead = access.allowed(ctx, a, access.LEAD)
    ctx.reply(
        "report_withdrawn",
        ids=[a.id],
        buttons=task_buttons(a.id, lead) if "close" in undone else (),
        a=view,
        text=entry.text,
        undone=undone,
    )
    if undone or entry.difficulty:
        told: dict[str, Any] = {
            "a": view,
            "text": entry.text,
            "undone": undone,
            "difficulty": entry.difficulty,
            "person": person.display_name,
        }
        ctx.notify_admins("report_withdrawn_notice", ids=[a.id], **told)
        ctx.notify_committee("report_withdrawn_notice", ids=[a.id], **told)
        if "close" in undone:
            ctx.notify_units([a.lead_unit_id], "report_withdrawn_notice", ids=[a.id], **told)
