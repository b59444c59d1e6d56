"""Recording what a unit says about an assignment, from a command or a plain reply."""

from __future__ import annotations

from bot import access, views
from bot.context import Context
from bot.services import assignments as service
from storage.models import Assignment


def reporting_unit(ctx: Context, a: Assignment) -> int | None:
    """The actor's unit this report speaks for: the lead if they belong to it, else a
    supporting unit of theirs, else none (an admin noting a report received by phone)."""
    mine = set(ctx.actor.unit_ids)
    if a.lead_unit_id in mine:
        return a.lead_unit_id
    for support in a.supports:
        if support.unit_id in mine:
            return support.unit_id
    return None


def record(ctx: Context, a: Assignment, text: str) -> None:
    service.report(
        ctx.session,
        a,
        text,
        person_id=ctx.ensure_person().id,
        unit_id=reporting_unit(ctx, a),
        channel=ctx.actor.channel,
        now=ctx.now,
    )
    ctx.reply("report_recorded", ids=[a.id], a=views.assignment(ctx, a), text=text)


def report_on(ctx: Context, number: int, text: str) -> None:
    a = access.fetch(ctx, number, access.REPORT, open_only=True)
    record(ctx, a, text)
