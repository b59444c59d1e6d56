"""/tiendo: counts by status, for every unit (admins) or the sender's units."""

from __future__ import annotations

from bot import access
from bot.context import Context
from bot.registry import MEMBER, command
from storage.repos import assignments as repo
from storage.repos import units as unit_repo
from storage.status import ALL_STATUSES


@command("tiendo", "status", role=MEMBER)
def status(ctx: Context, args: str) -> None:
    unit_ids: list[int] | None
    if args.strip():
        unit_ids = [access.own_unit(ctx, args, include_archived=True).id]
    elif ctx.actor.is_admin:
        unit_ids = None
    else:
        unit_ids = ctx.actor.unit_ids
    counts = repo.counts_by_unit(ctx.session, ctx.now, unit_ids)
    if unit_ids is None:
        units = [
            u
            for u in unit_repo.listing(ctx.session, include_archived=True)
            if u.archived_at is None or u.id in counts
        ]
    else:
        found = unit_repo.by_ids(ctx.session, unit_ids)
        units = [found[i] for i in unit_ids]
    rows = [
        {
            "code": u.code,
            "name": u.name,
            "counts": [counts.get(u.id, {}).get(s, 0) for s in ALL_STATUSES],
        }
        for u in units
    ]
    totals = [sum(r["counts"][i] for r in rows) for i in range(len(ALL_STATUSES))]  # type: ignore[index]
    ctx.reply(
        "status_table",
        statuses=list(ALL_STATUSES),
        rows=rows,
        totals=totals,
        whole=unit_ids is None,
    )
