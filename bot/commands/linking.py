"""/lienket: one official on Telegram and Zalo; /kenh: where their notices go."""

from __future__ import annotations

from bot.conversation import code_attempts
from bot.conversation.code_attempts import WrongCode
from bot.conversation.context import Context
from bot.errors import UserError
from bot.services import linking
from bot.services.people import read_code
from messages.neutral import Address, Button
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


# "/lienket dongy" confirms the account that sent the code, "/lienket tuchoi" refuses it.
_CONFIRM = {"dong y", "dongy", "co", "xac nhan", "yes", "confirm", "ok"}
_REFUSE = {"tu choi", "tuchoi", "khong", "no", "refuse", "deny"}


def link(ctx: Context, args: str) -> None:
    code = args.strip()
    if ctx.actor.is_group:
        raise UserError("link_private")  # a code shown in a group is anyone's to use
    answer = fold_key(code)
    if not code:
        if not ctx.actor.is_member and not ctx.actor.is_admin:
            raise UserError("not_member", command=ctx.command)
        row = linking.new_code(ctx.session, ctx.ensure_person(), ctx.now)
        ctx.reply("link_code", code=row.code, expires=ctx.local(row.expires_at))
    elif answer in _CONFIRM or answer in _REFUSE:
        _answer(ctx, confirmed=answer in _CONFIRM)
    else:
        _claim(ctx, code)


def _claim(ctx: Context, code: str) -> None:
    """An account sends a code: the person who asked for it is asked whether it is theirs."""
    code_attempts.guard(ctx)
    found = people_repo.link_code(ctx.session, read_code(code), for_update=True)
    if found is None or found.used_at is not None or found.expires_at <= ctx.now:
        raise WrongCode("link_invalid", code=code)
    person = ctx.actor.person
    if person is not None and person.id == found.person_id:
        raise UserError("link_same")
    mine = (ctx.actor.channel, ctx.actor.external_id)
    if found.claimed_at is not None and (found.claim_channel, found.claim_external_id) != mine:
        raise WrongCode("link_invalid", code=code)  # another account sent it first
    owner = people_repo.person(ctx.session, found.person_id)
    assert owner is not None
    if any(a.channel == ctx.actor.channel for a in owner.accounts):
        raise UserError("link_channel_taken", channel=ctx.actor.channel)
    if ctx.actor.is_admin or ctx.actor.unit_ids:
        # Someone's working account is not handed over by a code (a code can be passed
        # on, or talked out of someone): an admin first removes it from its units.
        raise UserError("link_account_in_use", channel=ctx.actor.channel)
    if found.claimed_at is None:
        linking.claim(
            ctx.session,
            found,
            channel=ctx.actor.channel,
            external_id=ctx.actor.external_id,
            chat_id=ctx.actor.chat_id,
            name=ctx.actor.name,
            language=ctx.actor.lang,
            now=ctx.now,
        )
        ctx.notify_person(
            owner,
            "link_confirm_ask",
            buttons=(
                Button("button_link_confirm", "/lienket dongy"),
                Button("button_link_refuse", "/lienket tuchoi"),
            ),
            channel=ctx.actor.channel,
            name=ctx.actor.name,
        )
    ctx.reply("link_requested", channels=_channels(owner))


def _answer(ctx: Context, confirmed: bool) -> None:
    """The person who asked for a code says whether the account that sent it is theirs."""
    person = ctx.actor.person
    found = linking.pending_claim(ctx.session, person, ctx.now) if person else None
    if person is None or found is None:
        raise UserError("link_nothing_pending")
    channel, name = found.claim_channel or "", found.claim_name or ""
    claimant = Address(channel, found.claim_chat_id or "", name)
    lang = found.claim_language or ctx.settings.language
    if not confirmed:
        linking.refuse(ctx.session, found, person, ctx.now)
        ctx.reply("link_refused", channel=channel, name=name)
        ctx.send(claimant, lang, "link_refused_claimant")
        return
    if any(a.channel == channel for a in person.accounts):
        raise UserError("link_channel_taken", channel=channel)
    account = people_repo.account(ctx.session, channel, found.claim_external_id or "")
    if account is not None and account.person is not None and _working(ctx, account.person):
        # The account joined a unit (or became an admin) while the claim waited.
        raise UserError("link_account_in_use", channel=channel)
    linked = linking.link(ctx.session, found, ctx.now, ctx.planner)
    ctx.reply("linked", name=linked.display_name, channels=_channels(linked))
    ctx.send(claimant, lang, "linked", name=linked.display_name, channels=_channels(linked))


def _working(ctx: Context, person: Person) -> bool:
    return person.is_admin or bool(people_repo.unit_ids_of(ctx.session, person.id))


def channel(ctx: Context, args: str) -> None:
    person = ctx.ensure_person()
    choice = fold_key(args).replace("-", " ")
    if choice:
        if choice not in CHOICES:
            raise UserError("channel_usage")
        chosen = CHOICES[choice]
        if chosen not in (None, ALL_CHANNELS) and chosen not in _channels(person):
            raise UserError("channel_not_linked", channel=chosen)
        linking.choose(ctx.session, person, chosen, ctx.now, ctx.planner)
    ctx.reply("channels_show", channels=_channels(person), choice=person.notify_channel)


def _channels(person: Person) -> list[str]:
    return sorted({a.channel for a in person.accounts})
