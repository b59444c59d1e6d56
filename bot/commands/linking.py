"""/lienket: one official on Telegram and Zalo; /kenh: where their notices go."""

from __future__ import annotations

from bot.context import Context
from bot.errors import UserError
from bot.registry import ANYONE, MEMBER, command
from bot.services import linking
from bot.services.people import read_code
from storage.keys import fold_key
from storage.models import Person
from storage.models.people import ALL_CHANNELS
from storage.repos import people as people_repo

# What /kenh accepts, folded: a channel, every one, or "the one I used last".
CHOICES = {
    "telegram": "telegram",
    "zalo": "zalo",
    "ca hai": ALL_CHANNELS,
    "cahai": ALL_CHANNELS,
    "tat ca": ALL_CHANNELS,
    "both": ALL_CHANNELS,
    "all": ALL_CHANNELS,
    "tu dong": None,
    "tudong": None,
    "auto": None,
}


@command("lienket", "link", role=ANYONE)
def link(ctx: Context, args: str) -> None:
    code = args.strip()
    if ctx.actor.is_group:
        raise UserError("link_private")  # a code shown in a group is anyone's to use
    if not code:
        if not ctx.actor.is_member and not ctx.actor.is_admin:
            raise UserError("not_member", command=ctx.command)
        row = linking.new_code(ctx.session, ctx.ensure_person(), ctx.now)
        ctx.reply("link_code", code=row.code, expires=ctx.local(row.expires_at))
        return
    found = people_repo.link_code(ctx.session, read_code(code), for_update=True)
    if found is None or found.used_at is not None or found.expires_at <= ctx.now:
        raise UserError("link_invalid", code=code)
    person = ctx.actor.person
    if person is not None and person.id == found.person_id:
        raise UserError("link_same")
    owner = people_repo.person(ctx.session, found.person_id)
    assert owner is not None
    if any(a.channel == ctx.actor.channel for a in owner.accounts):
        raise UserError("link_channel_taken", channel=ctx.actor.channel)
    if ctx.actor.is_admin or ctx.actor.unit_ids:
        # Someone's working account is not handed over by a code (a code can be passed
        # on, or talked out of someone): an admin first removes it from its units.
        raise UserError("link_account_in_use", channel=ctx.actor.channel)
    linked = linking.link(
        ctx.session,
        found,
        channel=ctx.actor.channel,
        external_id=ctx.actor.external_id,
        chat_id=ctx.actor.chat_id,
        name=ctx.actor.name,
        now=ctx.now,
    )
    ctx.reply("linked", name=linked.display_name, channels=_channels(linked))


@command("kenh", "channel", role=MEMBER)
def channel(ctx: Context, args: str) -> None:
    person = ctx.ensure_person()
    choice = fold_key(args).replace("-", " ")
    if choice:
        if choice not in CHOICES:
            raise UserError("channel_usage")
        chosen = CHOICES[choice]
        if chosen not in (None, ALL_CHANNELS) and chosen not in _channels(person):
            raise UserError("channel_not_linked", channel=chosen)
        linking.choose(ctx.session, person, chosen, ctx.now)
    ctx.reply("channels_show", channels=_channels(person), choice=person.notify_channel)


def _channels(person: Person) -> list[str]:
    return sorted({a.channel for a in person.accounts})
