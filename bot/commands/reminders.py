"""/nhacnho: when reminders go (for everyone, a unit, one assignment);
/lich: the days the government swapped (extra days off, make-up working days)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.conversation import access, typed_dates
from bot.conversation.context import Context
from bot.errors import UserError
from bot.reading.arguments import first_word, task_number
from bot.services.unit_names import one_unit
from scheduler.planning import Planner
from scheduler.policy import MAX_OFFSETS, PlanError, parse_plan
from storage.db import upsert
from storage.keys import fold_key
from storage.models import Assignment, CalendarDay, ReminderPlan
from storage.models import reminders as rk
from storage.repos import units as unit_repo

DEFAULT_WORDS = frozenset({"macdinh", "mac-dinh", "default", "chung"})
CLEAR_WORDS = frozenset({"xoa", "bo", "clear"})


def plan_refusal(error: PlanError) -> UserError:
    """The answer to a reminder plan that cannot be read: the reader's kind and piece."""
    return UserError(
        "remind_plan_invalid", text=error.text, kind=error.kind, piece=error.piece, most=MAX_OFFSETS
    )


def remind(ctx: Context, args: str) -> None:
    target, plan_text = first_word(args)
    if not target:
        _show(ctx)
        return
    planner = ctx.planner
    key = fold_key(target).replace(" ", "")
    numbered = task_number(target)
    task: Assignment | None = None
    if key in DEFAULT_WORDS:
        scope, ref, label = rk.GLOBAL, 0, None
    elif numbered is not None and not numbered[1]:
        task = access.fetch(ctx, numbered[0], access.ADMIN)
        scope, ref, label = rk.ASSIGNMENT, task.id, f"#{task.id}"
    else:
        unit = one_unit(ctx.session, target)
        scope, ref, label = rk.UNIT, unit.id, unit.code
    if not plan_text:
        raise UserError("remind_usage")
    # The plan this replaces, for the audit trail ("7d,3d,1d,0d" -> "5d,1d").
    before = ctx.session.scalar(
        select(ReminderPlan.offsets).where(ReminderPlan.scope == scope, ReminderPlan.ref_id == ref)
    )
    clear = fold_key(plan_text).replace(" ", "") in CLEAR_WORDS | DEFAULT_WORDS
    if clear and scope != rk.GLOBAL:
        ctx.session.query(ReminderPlan).filter_by(scope=scope, ref_id=ref).delete()
        offsets = None
    else:
        try:
            offsets = parse_plan(plan_text)
        except PlanError as error:
            raise plan_refusal(error) from None
        upsert(
            ctx.session,
            ReminderPlan,
            {
                "scope": scope,
                "ref_id": ref,
                "offsets": ",".join(o.text() for o in offsets),
                "updated_at": ctx.now,
            },
            ["scope", "ref_id"],
        )
    new = ",".join(o.text() for o in offsets) if offsets else None
    ctx.change(ctx.ensure_person()).trail("plan", ref, scope, old=before, new=new)
    if task is not None:
        planner.replan(ctx.session, task, ctx.now)
    elif scope == rk.UNIT:
        planner.replan_units(ctx.session, [ref], ctx.now)
    else:
        planner.replan_all(ctx.session, ctx.now)
    ctx.reply("remind_set", target=label, offsets=[o.text() for o in offsets] if offsets else [])


def _show(ctx: Context) -> None:
    plans = ctx.session.scalars(
        select(ReminderPlan).order_by(ReminderPlan.scope, ReminderPlan.ref_id)
    ).all()
    planner = ctx.planner
    codes = {u.id: u.code for u in unit_repo.listing(ctx.session, include_archived=True)}
    default = next(
        (p.offsets for p in plans if p.scope == rk.GLOBAL),
        ",".join(o.text() for o in planner.default_plan),
    )
    ctx.reply(
        "remind_show",
        default=default.split(","),
        units=[
            {"code": codes.get(p.ref_id, "?"), "offsets": p.offsets.split(",")}
            for p in plans
            if p.scope == rk.UNIT
        ],
        tasks=[
            {"id": p.ref_id, "offsets": p.offsets.split(",")}
            for p in plans
            if p.scope == rk.ASSIGNMENT
        ],
        hours=ctx.settings.office_hours.text(),
        escalate_after=ctx.planner.escalate_after,
    )


KINDS = {
    "nghi": rk.DAY_OFF,
    "off": rk.DAY_OFF,
    "lamviec": rk.WORK_DAY,
    "lambu": rk.WORK_DAY,
    "work": rk.WORK_DAY,
}


def calendar(ctx: Context, args: str) -> None:
    word, rest = first_word(args)
    action = fold_key(word).replace(" ", "")
    planner = ctx.planner
    kind: str | None  # None when a day is taken off the calendar
    before: str | None  # the day as it was, for the audit trail
    if not word:
        _show_calendar(ctx, planner)
        return
    if action in ("xoa", "remove"):
        day = typed_dates.any_day(ctx, rest).day
        row = ctx.session.get(CalendarDay, day)
        if row is None:
            raise UserError("calendar_not_set", day=day)
        before = _calendar_value(row)
        ctx.session.delete(row)
        kind, note = None, ""
    elif action in KINDS and rest:
        read, note = typed_dates.split(ctx, rest)
        day, kind = read.day, KINDS[action]
        existing = ctx.session.get(CalendarDay, day)
        before = _calendar_value(existing) if existing is not None else None
        upsert(
            ctx.session,
            CalendarDay,
            {"day": day, "kind": kind, "note": note[:200], "created_at": ctx.now},
            ["day"],
        )
    else:
        raise UserError("calendar_usage")
    new = f"{kind}: {note}" if kind else None
    ctx.change(ctx.ensure_person()).trail("calendar", day.toordinal(), action, old=before, new=new)
    planner.replan_all(ctx.session, ctx.now)  # every pending reminder may move
    ctx.reply("calendar_set", day=day, kind=kind, note=note)


# How far ahead /lich looks for days that differ from the usual week.
CALENDAR_DAYS = 120


def _show_calendar(ctx: Context, planner: Planner) -> None:
    cal = planner.calendar(ctx.session)
    notes = {r.day: r.note for r in ctx.session.scalars(select(CalendarDay))}
    days = []
    for offset in range(CALENDAR_DAYS):
        day = ctx.today + timedelta(days=offset)
        working = cal.is_workday(day)
        if working != (day.weekday() in planner.workdays):  # differs from the usual week
            days.append(
                {
                    "day": day,
                    "off": not working,
                    "name": notes.get(day) or cal.holiday_name(day) or "",
                }
            )
    ctx.reply("calendar_show", days=days, hours=ctx.settings.office_hours.text())


def _calendar_value(row: CalendarDay) -> str:
    """A calendar day as the audit trail keeps it: its kind and its note."""
    return f"{row.kind}: {row.note}"
