"""Who may see and change which assignment. One place, so every command agrees."""

from __future__ import annotations

from bot.conversation.context import Context
from bot.errors import UserError
from bot.services.unit_names import one_unit
from storage.models import Assignment, Unit
from storage.models.assignments import OPEN
from storage.models.people import LEADERS
from storage.repos import assignments as repo
from storage.repos import people as people_repo

VIEW = "view"  # lead or supporting unit, or admin
REPORT = "report"  # the same: a supporting unit reports its part
LEAD = "lead"  # finishing or re-dating is the lead unit's (or an admin's) call
ADMIN = "admin"


def allowed(ctx: Context, a: Assignment, need: str) -> bool:
    if ctx.actor.is_admin:
        return True
    if need == ADMIN:
        return False
    units = set(ctx.actor.unit_ids)
    if a.lead_unit_id in units:
        return True
    if need == LEAD:
        return False
    return any(s.unit_id in units for s in a.supports)


def leads(ctx: Context, unit_id: int) -> bool:
    """Whether the speaker is the head or a deputy of UNIT_ID (who hands its work)."""
    if ctx.actor.person is None:
        return False
    membership = people_repo.membership(ctx.session, ctx.actor.person.id, unit_id)
    return membership is not None and membership.role in LEADERS


def own_unit(ctx: Context, text: str, include_archived: bool = False) -> Unit:
    """The unit TEXT names, if the actor may look at it: an admin any, an official theirs."""
    unit = one_unit(ctx.session, text, include_archived=include_archived)
    if not ctx.actor.is_admin and unit.id not in ctx.actor.unit_ids:
        raise UserError("not_your_unit", code=unit.code)
    return unit


def fetch(
    ctx: Context, number: int, need: str, *, open_only: bool = False, for_update: bool = False
) -> Assignment:
    """The assignment #NUMBER if the actor may NEED it; otherwise the same refusal whether
    it exists or not, so nobody learns about another unit's work by guessing numbers."""
    a = repo.get(ctx.session, number, for_update=for_update)
    if a is None or not allowed(ctx, a, VIEW):
        raise UserError("task_not_found", number=number, is_admin=ctx.actor.is_admin)
    if not allowed(ctx, a, need):
        raise UserError("task_not_lead", number=number)
    if open_only and a.state != OPEN:
        raise UserError("task_not_open", number=number, state=a.state)
    return a
