"""/tiendo: counts by status, for every unit (admins) or the sender's units."""

from __future__ import annotations

from bot import access, reports
from bot.context import Context
from bot.registry import MEMBER, command


@command("tiendo", "status", role=MEMBER)
def status(ctx: Context, args: str) -> None:
    unit_ids: list[int] | None
    if args.strip():
        unit_ids = [access.own_unit(ctx, args, include_archived=True).id]
    elif ctx.actor.is_admin:
        unit_ids = None
    else:
        unit_ids = ctx.actor.unit_ids
    ctx.reply("status_table", **reports.status_table(ctx.session, ctx.now, unit_ids))
