"""Commands for everyone: /start, /trogiup, /ngonngu, /huy."""

from __future__ import annotations

import difflib
import re

from bot.conversation import code_attempts, dialogs
from bot.conversation.code_attempts import WrongCode
from bot.conversation.command_table import Command, CommandTable
from bot.conversation.context import Context
from bot.errors import UserError
from bot.services import people as people_service
from storage.keys import fold_key
from storage.repos import people as people_repo
from storage.repos import units as unit_repo


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
    code_attempts.guard(ctx)
    invite = people_repo.invite(ctx.session, people_service.read_code(code), for_update=True)
    if invite is None:
        raise WrongCode("invite_invalid", code=code)
    unit = unit_repo.by_ids(ctx.session, [invite.unit_id])[invite.unit_id]
    if unit.archived_at is not None:
        raise UserError("invite_unit_archived", name=unit.name)
    person = ctx.ensure_person()
    if people_service.join(ctx.change(person), invite, person) is None:
        ctx.reply("already_member", code=unit.code, name=unit.name)
        return
    ctx.actor.unit_ids.append(unit.id)
    ctx.reply("joined", code=unit.code, name=unit.name)
    ctx.notify_admins("member_joined", person=person.display_name, code=unit.code, name=unit.name)


def help_(ctx: Context, args: str) -> None:
    """What the sender can do, for their role; with a command's name, that command: what
    it does, its forms and examples (or, when it is not theirs to use, who may)."""
    asked = args.strip()
    if not asked:
        ctx.reply("help", is_admin=ctx.actor.is_admin, is_member=ctx.actor.is_member)
        return
    cmd = asked_command(ctx.commands, asked)
    if cmd is None:
        raise UserError("help_unknown", typed=asked, closest=closest_names(ctx.commands, asked))
    ctx.reply(
        "command_help",
        command=cmd.name,
        names=[cmd.name, *cmd.aliases],
        role=cmd.role,
        allowed=cmd.allows(ctx.actor),
    )


# Between the letters of a command's name when typed as words: "gia hạn", "huy-nv".
_GAPS = re.compile(r"[\s_\-]+")
# How many close names an unknown one gets, and how close they must be (difflib's ratio).
CLOSEST = 3
CLOSE_ENOUGH = 0.6


def _keys(text: str) -> tuple[str, str]:
    """(the whole TEXT as one name, its first word) for "/giao@dondoc_bot", "GIAO",
    "gia hạn", "giao SKHCN": folded as the registry spells names."""
    name = text.strip().lstrip("/").partition("@")[0]
    folded = fold_key(name)
    return _GAPS.sub("", folded), folded.partition(" ")[0].strip("/")


def asked_command(table: CommandTable, text: str) -> Command | None:
    """The command TEXT names, by its name or an alias, with or without "/" and marks."""
    for key in _keys(text):
        found = table.lookup(key) if key else None
        if found is not None:
            return found
    return None


def closest_names(table: CommandTable, text: str) -> list[str]:
    """The registered names nearest to TEXT, one per command, nearest first."""
    words = [w for c in table for w in (c.name, *c.aliases)]
    names: list[str] = []
    seen: set[str] = set()
    key = _keys(text)[0]
    for word in difflib.get_close_matches(key, words, n=len(words), cutoff=CLOSE_ENOUGH):
        cmd = table.lookup(word)
        if cmd is not None and cmd.name not in seen:
            seen.add(cmd.name)
            names.append(word)
    return names[:CLOSEST]


def language(ctx: Context, args: str) -> None:
    """Switch the sender's language."""
    choice = args.strip().lower()
    aliases = {"vi": "vi", "tiengviet": "vi", "en": "en", "english": "en", "tienganh": "en"}
    if choice.replace(" ", "") not in aliases:
        raise UserError("language_usage")
    lang = aliases[choice.replace(" ", "")]
    person = ctx.ensure_person()
    people_service.set_language(ctx.change(person), person, lang)
    ctx.actor.lang = lang
    ctx.reply("language_set", lang=lang)


def abandon(ctx: Context, args: str) -> None:
    """Abandon the dialog in progress."""
    ctx.reply("dialog_cancelled" if dialogs.finish(ctx) else "nothing_to_cancel")
