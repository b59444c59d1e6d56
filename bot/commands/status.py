"""/tiendo: the committee's table by unit with the overdue list, one assignment's story,
or a chart; filtered by unit, document and period."""

from __future__ import annotations

from bot.commands.export import chart
from bot.commands.manage import history
from bot.commands.scope import read_scope
from bot.conversation.context import Context
from bot.exports.scope import conditions
from bot.reading.arguments import first_word, task_number
from bot.services import committee_tables
from storage.keys import fold_key

# Overdue assignments listed in the chat; /xuat has them all.
LATE_SHOWN = 15


def status(ctx: Context, args: str) -> None:
    numbered = task_number(args)
    if numbered is not None and not numbered[1]:
        history(ctx, str(numbered[0]))  # "/tiendo 12": that assignment's whole story
        return
    word, rest = first_word(args)
    if fold_key(word) in ("bieudo", "chart"):
        chart(ctx, rest)
        return
    read = read_scope(ctx, args, "status_usage")
    where = conditions(read.scope)
    unit_ids = read.scope.unit_ids
    late = committee_tables.overdue(ctx.session, ctx.now, ctx.local_now.date(), unit_ids, where)
    ctx.reply(
        "status_table",
        ids=[a["id"] for a in late[:LATE_SHOWN]],
        **committee_tables.status_table(ctx.session, ctx.now, unit_ids, where),
        scope=read.shown,
        late_tasks=late,
        late_shown=LATE_SHOWN,
    )
