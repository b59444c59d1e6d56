"""/donvi: list units; admins add, rename, alias, archive and restore them."""

from __future__ import annotations

import re

from bot.conversation.context import Context
from bot.errors import UserError
from bot.reading.arguments import first_word
from bot.services import template_values
from bot.services import units as service
from bot.services.unit_names import one_unit
from storage.keys import fold_key
from storage.repos import units as repo

# Starting with a letter or a digit: a code like "-A1" would be a formula in a spreadsheet.
_CODE = re.compile(r"^(?=.*[A-Z])[A-Z0-9][A-Z0-9_\-&.]{1,31}$")

_SUBCOMMANDS = {
    "them": "add",
    "add": "add",
    "doiten": "rename",
    "rename": "rename",
    "bidanh": "alias",
    "alias": "alias",
    "luutru": "archive",
    "archive": "archive",
    "khoiphuc": "restore",
    "restore": "restore",
    "tatca": "all",
    "all": "all",
}


def split_names(text: str) -> list[str]:
    """Aliases separated by ";" or, when there is none, by ","."""
    separator = ";" if ";" in text else ","
    return [part.strip() for part in text.split(separator) if part.strip()]


def units(ctx: Context, args: str) -> None:
    word, rest = first_word(args)
    action = _SUBCOMMANDS.get(fold_key(word).replace(" ", "")) if word else None
    if action is None and word:
        raise UserError("unit_usage")
    if action in (None, "all"):
        rows = repo.listing(ctx.session, include_archived=action == "all")
        ctx.reply("units_list", units=[template_values.unit(u) for u in rows])
        return
    if not ctx.actor.is_admin:
        raise UserError("admin_only", command=f"{ctx.command} {word}")
    {"add": _add, "rename": _rename, "alias": _alias, "archive": _archive, "restore": _restore}[
        action
    ](ctx, rest)


def _add(ctx: Context, rest: str) -> None:
    head, _, alias_text = rest.partition("|")
    code, name = first_word(head)
    if not code or not name:
        raise UserError("unit_usage")
    code = code.upper()
    if not _CODE.match(code):
        raise UserError("unit_code_invalid", code=code)
    unit = service.add(ctx.change(ctx.ensure_person()), code, name, split_names(alias_text))
    ctx.reply("unit_added", unit=template_values.unit(unit))


def _rename(ctx: Context, rest: str) -> None:
    code, name = first_word(rest)
    if not code or not name:
        raise UserError("unit_usage")
    unit = one_unit(ctx.session, code, include_archived=True)
    old = service.rename(ctx.change(ctx.ensure_person()), unit, name)
    ctx.reply("unit_renamed", old=old, unit=template_values.unit(unit))


def _alias(ctx: Context, rest: str) -> None:
    code, alias_text = first_word(rest)
    aliases = split_names(alias_text)
    if not code or not aliases:
        raise UserError("unit_usage")
    unit = one_unit(ctx.session, code, include_archived=True)
    added = service.add_aliases(ctx.change(ctx.ensure_person()), unit, aliases)
    ctx.reply("unit_aliases_added", added=added, unit=template_values.unit(unit))


def _archive(ctx: Context, rest: str) -> None:
    if not rest:
        raise UserError("unit_usage")
    unit = one_unit(ctx.session, rest)
    service.archive(ctx.change(ctx.ensure_person()), unit)
    ctx.reply("unit_archived", unit=template_values.unit(unit))


def _restore(ctx: Context, rest: str) -> None:
    if not rest:
        raise UserError("unit_usage")
    unit = one_unit(ctx.session, rest, include_archived=True)
    if unit.archived_at is None:
        raise UserError("unit_not_archived", code=unit.code)
    service.restore(ctx.change(ctx.ensure_person()), unit)
    ctx.reply("unit_restored", unit=template_values.unit(unit))
