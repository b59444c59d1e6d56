"""/moi (invite codes), /thanhvien (members of a unit), /quantri (admins)."""

from __future__ import annotations

from bot.conversation import access
from bot.conversation.context import Context
from bot.errors import UserError
from bot.reading.arguments import first_word, task_number
from bot.services import people as service
from bot.services.unit_names import one_unit
from scheduler import planning
from storage.keys import fold_key
from storage.models import Person
from storage.repos import assignments as assignment_repo
from storage.repos import people as repo
from storage.repos import units as unit_repo


def invite(ctx: Context, args: str) -> None:
    if not args.strip():
        raise UserError("invite_usage")
    unit = one_unit(ctx.session, args)
    code = service.new_invite(ctx.change(ctx.ensure_person()), unit, ttl=ctx.settings.invite_ttl)
    link = ctx.invite_links.get(ctx.actor.channel)
    ctx.reply(
        "invite_created",
        link=link(code.code) if link else None,
        code=code.code,
        unit_code=unit.code,
        unit_name=unit.name,
        expires=ctx.local(code.expires_at),
        in_group=ctx.actor.is_group,  # everyone there reads it: say so
    )


def _member_rows(ctx: Context, unit_id: int) -> list[dict[str, object]]:
    rows = []
    for person, membership in repo.members(ctx.session, unit_id):
        rows.append(
            {
                "id": person.id,
                "name": person.display_name,
                "accounts": [f"{a.channel}:{a.external_id}" for a in person.accounts],
                "joined": ctx.local(membership.joined_at),
            }
        )
    return rows


def members(ctx: Context, args: str) -> None:
    word, rest = first_word(args)
    if fold_key(word) in ("xoa", "remove"):
        _remove(ctx, word, rest)
        return
    if args.strip():
        unit_ids = [access.own_unit(ctx, args).id]
    elif ctx.actor.unit_ids:
        unit_ids = ctx.actor.unit_ids
    else:
        raise UserError("members_usage")
    units = unit_repo.by_ids(ctx.session, unit_ids)
    ctx.reply(
        "members_list",
        units=[
            {"code": units[i].code, "name": units[i].name, "members": _member_rows(ctx, i)}
            for i in unit_ids
        ],
    )


def _remove(ctx: Context, word: str, rest: str) -> None:
    if not ctx.actor.is_admin:
        raise UserError("admin_only", command=f"{ctx.command} {word}")
    code, number_text = first_word(rest)
    number = task_number(number_text)
    if not code or number is None or number[1]:
        raise UserError("members_usage")
    unit = one_unit(ctx.session, code, include_archived=True)
    person, membership = service.member(ctx.session, unit, number[0])
    service.remove_member(ctx.change(ctx.ensure_person()), membership, person)
    # The last one who could hear of the unit's open work: say so before it goes unheard.
    reached = bool(planning.Planner.recipients(ctx.session, unit.id))
    ctx.reply(
        "member_removed",
        person=person.display_name,
        code=unit.code,
        open_tasks=0 if reached else assignment_repo.open_count_led(ctx.session, unit.id),
    )
    ctx.notify_person(person, "you_were_removed", code=unit.code, name=unit.name)


def _person(ctx: Context, ref: str) -> Person:
    ref = ref.strip()
    numbered = task_number(ref)
    person: Person | None = None
    if numbered is not None and not numbered[1]:
        person = repo.person(ctx.session, numbered[0])
    elif ":" in ref:
        channel, _, ident = ref.partition(":")
        account = repo.account(ctx.session, channel.lower(), ident)
        person = account.person if account else None
    if person is None:
        raise UserError("person_not_found", ref=ref)
    return person


def admins(ctx: Context, args: str) -> None:
    word, rest = first_word(args)
    action = fold_key(word)
    if not word:
        promoted = [{"id": p.id, "name": p.display_name} for p in repo.promoted_admins(ctx.session)]
        ctx.reply("admins_list", configured=sorted(ctx.admin_keys), promoted=promoted)
        return
    if action not in ("them", "add", "bo", "remove") or not rest:
        raise UserError("admins_usage")
    person = _person(ctx, rest)
    promote = action in ("them", "add")
    if not promote and any(
        f"{a.channel}:{a.external_id}" in ctx.admin_keys for a in person.accounts
    ):
        raise UserError("admin_from_settings", person=person.display_name)
    service.set_admin(ctx.change(ctx.ensure_person()), person, promote)
    ctx.reply(
        "admin_added" if promote else "admin_removed", person=person.display_name, id=person.id
    )
