"""/ketnoi: bind a group chat as the committee's group or as one unit's group."""

from __future__ import annotations

from bot.conversation.context import Context
from bot.errors import UserError
from bot.services.unit_names import one_unit
from storage.keys import fold_key
from storage.models.chats import COMMITTEE, UNIT
from storage.repos import chats

UNBIND = frozenset({"huy", "bo", "off", "unbind"})


def bind(ctx: Context, args: str) -> None:
    if not ctx.actor.is_group:
        raise UserError("bind_private")
    channel, chat_id = ctx.actor.channel, ctx.actor.chat_id
    word = args.strip()
    actor = ctx.ensure_person().id
    where = f"{channel}:{chat_id}"
    before = chats.group(ctx.session, channel, chat_id)
    units = [before.unit_id] if before is not None and before.unit_id else []
    if fold_key(word) in UNBIND:
        if not chats.unbind(ctx.session, channel, chat_id):
            raise UserError("group_not_bound")
        _audit(ctx, actor, "unbind_group", old=where)
        _replan(ctx, units)
        ctx.reply("group_unbound")
        return
    unit = one_unit(ctx.session, word) if word else None
    chats.bind(
        ctx.session,
        channel,
        chat_id,
        kind=UNIT if unit else COMMITTEE,
        unit_id=unit.id if unit else None,
        title=ctx.incoming.chat_title,
        person_id=actor,
        now=ctx.now,
    )
    _audit(ctx, actor, "bind_group", new=f"{where} {unit.code if unit else COMMITTEE}")
    _replan(ctx, units + ([unit.id] if unit else []))
    ctx.reply(
        "group_bound",
        code=unit.code if unit else None,
        name=unit.name if unit else None,
        title=ctx.incoming.chat_title,
    )


def _replan(ctx: Context, unit_ids: list[int]) -> None:
    """A unit's group hears its reminders: (re)binding changes who that is."""
    if unit_ids:
        ctx.planner.replan_units(ctx.session, unit_ids, ctx.now)


def _audit(ctx: Context, actor: int, action: str, **change: str) -> None:
    """Bindings are kept in the trail of the admin who made them."""
    ctx.change(ctx.ensure_person()).trail("person", actor, action, **change)
