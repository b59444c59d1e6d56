"""Commands for everyone: /start, /trogiup, /ngonngu, /huy."""

from __future__ import annotations

from bot import dialogs
from bot.context import Context
from bot.errors import UserError
from bot.registry import ANYONE, command
from bot.services import people as people_service
from storage.repos import people as people_repo
from storage.repos import units as unit_repo


@command("start", "batdau", role=ANYONE)
def start(ctx: Context, args: str) -> None:
    """Join a unit with an invite code, or be greeted."""
    code = args.strip()
    if not code:
        ctx.reply(
            "welcome",
            name=ctx.actor.name,
            is_admin=ctx.actor.is_admin,
            is_member=ctx.actor.is_member,
            key=ctx.actor.key,  # what an operator puts in DONDOC_ADMINS
        )
        return
    invite = people_repo.invite(ctx.session, people_service.read_code(code), for_update=True)
    if invite is None:
        raise UserError("invite_invalid", code=code)
    unit = unit_repo.by_ids(ctx.session, [invite.unit_id])[invite.unit_id]
    if unit.archived_at is not None:
        raise UserError("invite_unit_archived", name=unit.name)
    person = ctx.ensure_person()
    if people_service.join(ctx.session, invite, person, now=ctx.now) is None:
        ctx.reply("already_member", code=unit.code, name=unit.name)
        return
    ctx.actor.unit_ids.append(unit.id)
    ctx.reply("joined", code=unit.code, name=unit.name)
    ctx.notify_admins("member_joined", person=person.display_name, code=unit.code, name=unit.name)


@command("trogiup", "help", role=ANYONE)
def help_(ctx: Context, args: str) -> None:
    """What the sender can do, for their role."""
    ctx.reply("help", is_admin=ctx.actor.is_admin, is_member=ctx.actor.is_member)


@command("ngonngu", "language", role=ANYONE)
def language(ctx: Context, args: str) -> None:
    """Switch the sender's language."""
    choice = args.strip().lower()
    aliases = {"vi": "vi", "tiengviet": "vi", "en": "en", "english": "en", "tienganh": "en"}
    if choice.replace(" ", "") not in aliases:
        raise UserError("language_usage")
    lang = aliases[choice.replace(" ", "")]
    people_service.set_language(ctx.session, ctx.ensure_person(), lang, now=ctx.now)
    ctx.actor.lang = lang
    ctx.reply("language_set", lang=lang)


@command("huy", "cancel", role=ANYONE)
def abandon(ctx: Context, args: str) -> None:
    """Abandon the dialog in progress."""
    ctx.reply("dialog_cancelled" if dialogs.finish(ctx) else "nothing_to_cancel")
