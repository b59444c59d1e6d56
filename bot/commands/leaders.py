"""/lanhdao (a unit's head and deputies) and /phancong (the official who answers for a
task, its đầu mối).

    /lanhdao [SKHCN]            who leads the unit (an official: their own)
    /lanhdao SKHCN 5            member #5 is the head (admins; the head before is a member)
    /lanhdao SKHCN pho 6        member #6 is a deputy
    /lanhdao SKHCN bo 6         #6 is a member again
    /phancong 12 7              member #7 of #12's lead unit answers for it (an admin, or
                                that unit's head or deputy)
    /phancong 12 bo             nobody by name: the whole unit again
"""

from __future__ import annotations

from bot.conversation import access
from bot.conversation.context import Context
from bot.errors import UserError
from bot.reading.arguments import first_word, task_number
from bot.services import assignments as assignment_service
from bot.services import people as people_service
from bot.services import template_values
from storage.keys import fold_key
from storage.models import Membership, Person, Unit
from storage.models.people import DEPUTY, HEAD, MEMBER
from storage.repos import people as repo
from storage.repos import units as unit_repo

# The word before a member's number: which role they get.
_ROLES = {"pho": DEPUTY, "deputy": DEPUTY, "bo": MEMBER, "remove": MEMBER}
_CLEAR = ("bo", "remove", "khong", "none")


def heads(ctx: Context, args: str) -> None:
    code, rest = first_word(args)
    if not code:
        if not ctx.actor.unit_ids:
            raise UserError("leaders_usage")
        _show(ctx, ctx.actor.unit_ids)
        return
    unit = access.own_unit(ctx, code, include_archived=True)
    if not rest:
        _show(ctx, [unit.id])
        return
    if not ctx.actor.is_admin:
        raise UserError("admin_only", command=f"{ctx.command} {code} {rest}")
    word, number_text = first_word(rest)
    role = _ROLES.get(fold_key(word))
    if role is None:
        role, number_text = HEAD, rest
    person, membership = _member(ctx, unit, number_text, "leaders_usage")
    replaced = people_service.set_role(ctx.change(ctx.ensure_person()), membership, person, role)
    ctx.reply(
        "leader_set",
        person=person.display_name,
        id=person.id,
        role=role,
        code=unit.code,
        replaced=replaced.display_name if replaced else None,
    )
    if role != MEMBER:
        ctx.notify_person(person, "leader_named", role=role, code=unit.code, name=unit.name)


def _show(ctx: Context, unit_ids: list[int]) -> None:
    units = unit_repo.by_ids(ctx.session, unit_ids)
    rows = []
    for unit_id in unit_ids:
        leaders = repo.leaders(ctx.session, unit_id)
        rows.append(
            {
                "code": units[unit_id].code,
                "name": units[unit_id].name,
                "head": next(
                    ({"id": p.id, "name": p.display_name} for p, m in leaders if m.role == HEAD),
                    None,
                ),
                "deputies": [
                    {"id": p.id, "name": p.display_name} for p, m in leaders if m.role == DEPUTY
                ],
            }
        )
    ctx.reply("leaders_list", units=rows, is_admin=ctx.actor.is_admin)


def _member(ctx: Context, unit: Unit, text: str, usage: str) -> tuple[Person, Membership]:
    """The member of UNIT whose number TEXT is; refused with USAGE when it is no number."""
    numbered = task_number(text)
    if numbered is None or numbered[1]:
        raise UserError(usage)
    return people_service.member(ctx.session, unit, numbered[0])


def hand(ctx: Context, args: str) -> None:
    numbered = task_number(args)
    if numbered is None or not numbered[1]:
        raise UserError("assignto_usage")
    number, rest = numbered
    a = access.fetch(ctx, number, access.LEAD, open_only=True, for_update=True)
    unit = ctx.session.get(Unit, a.lead_unit_id)
    assert unit is not None  # a foreign key
    if not ctx.actor.is_admin and not access.leads(ctx, unit.id):
        raise UserError("leaders_only", number=number, code=unit.code)
    person = None
    if fold_key(rest) not in _CLEAR:
        person, _ = _member(ctx, unit, rest, "assignto_usage")
    actor = ctx.ensure_person()
    assignment_service.set_responsible(ctx.change(actor), a, person)
    view = template_values.assignment(ctx, a)
    ctx.reply("responsible_set", ids=[a.id], a=view, person=person.display_name if person else None)
    if person is not None and person.id != actor.id:
        ctx.notify_person(person, "task_handed", ids=[a.id], a=view, by=actor.display_name)
