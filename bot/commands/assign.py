"""/giao: create assignments in one line, or through a dialog that asks for what is missing.

One line: /giao SKHCN | Xây dựng kế hoạch ... | 10/02/2026 | phối hợp: STTTT | kết quả: ...
Unlabelled fields fill unit, task and deadline in that order; further fields carry a label.
Whatever of the four "rõ" (unit, task, deadline, expected result) is missing, the bot asks
for, one question at a time, then shows the whole assignment for confirmation.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any

from bot.commands.documents import find_one as find_document
from bot.conversation import dialogs, typed_dates
from bot.conversation.buttons import confirm_buttons, task_buttons
from bot.conversation.context import Context
from bot.errors import UserError
from bot.reading.arguments import NO, NO_DEADLINE, SKIP, YES, task_number
from bot.reading.recurrence import read_rule
from bot.services import assignments as service
from bot.services import people as people_service
from bot.services import series as series_service
from bot.services import template_values
from bot.services.unit_names import read_units
from scheduler import planning
from scheduler.policy import Plan
from scheduler.recurrence import Rule, next_deadline
from storage.deadline import Deadline
from storage.keys import fold_key
from storage.models import Assignment, Document
from storage.repos import people as people_repo
from storage.repos import units as unit_repo

DIALOG = "assign"
ASKED = ("lead", "task", "due", "result")  # the order of the questions
NO_DUE = "none"

LABELS = {
    "lead": ("don vi", "dv", "chu tri", "unit", "lead"),
    "task": ("viec", "noi dung", "nhiem vu", "task"),
    "due": ("han", "thoi han", "han chot", "deadline", "due"),
    "result": ("ket qua", "kq", "san pham", "ket qua du kien", "result"),
    "supports": ("phoi hop", "ph", "don vi phoi hop", "support", "supports"),
    "document": ("van ban", "vb", "doc", "document"),
    "responsible": ("dau moi", "nguoi phu trach", "phu trach", "responsible", "assignee"),
}
_LABEL_OF = {label: field for field, labels in LABELS.items() for label in labels}
_LABELLED = re.compile(r"^([^:]{1,24}):\s*(.*)$", re.DOTALL)


def _fields(args: str) -> dict[str, str]:
    """{field: text} from "a | b | label: c"; a repeated or unknown label is refused."""
    found: dict[str, str] = {}
    positional = iter(("lead", "task", "due"))
    parts = [p.strip() for p in args.split("|")] if args.strip() else []
    while parts and not parts[-1]:
        parts.pop()  # a trailing "|" names nothing; an empty part inside keeps its place
    for part in parts:
        match = _LABELLED.match(part)
        field = _LABEL_OF.get(fold_key(match.group(1))) if match else None
        if field is not None and match is not None:
            value = match.group(2).strip()
        else:
            field = next((f for f in positional if f not in found), None)
            value = part
            if field is None:
                raise UserError("assign_extra_field", text=part)
        if field in found:
            raise UserError("assign_field_twice", field=field)
        found[field] = value
    return found


def read_field(ctx: Context, field: str, text: str, draft: dict[str, Any]) -> None:
    """Validate TEXT for FIELD and put it in DRAFT (JSON-friendly values); document
    intake edits its items with it too."""
    text = text.strip()
    if field == "lead":
        if not text:
            raise UserError("assign_unit_missing")
        ids = [m.unit.id for m in read_units(ctx.session, text, False) if m.unit]
        draft["lead"] = list(dict.fromkeys(ids))  # "SKHCN, Sở KHCN" is one unit, one task
    elif field == "task":
        if not text:
            raise UserError("assign_task_missing")
        draft["task"] = text
    elif field == "due":
        if not text:
            raise UserError("assign_due_missing")
        if fold_key(text) in NO_DEADLINE:
            draft["due"] = NO_DUE
            return
        try:
            rule = read_rule(text)
        except ValueError:  # a recurrence named, but not one we can follow
            raise UserError("recurrence_unsupported", text=text) from None
        if rule is not None:  # "ngày 20 hằng tháng": a recurring duty
            draft["rule"] = rule.text()
            draft["due"] = next_deadline(rule, ctx.now, ctx.settings.timezone).iso()
        else:
            draft["due"] = typed_dates.deadline(ctx, text).iso()
            draft.pop("rule", None)
        draft["due_text"] = text
    elif field == "result":
        if fold_key(text) in YES - SKIP:
            # "có" answers a yes/no question, not "what result?": ask again, not record it.
            raise UserError("assign_result_unclear", text=text)
        draft["result"] = None if not text or fold_key(text) in SKIP else text
    elif field == "supports":
        matches = read_units(ctx.session, text, True) if text else []
        draft["supports"] = [
            [m.unit.name if m.unit else m.text, m.unit.id if m.unit else None] for m in matches
        ]
    elif field == "document" and text:
        draft["document"] = find_document(ctx, text).id
    elif field == "responsible":
        draft["responsible"] = _responsible(ctx, text, draft.get("lead", []))


def _responsible(ctx: Context, text: str, lead: list[int]) -> int | None:
    """The member (by number) who answers for the task: one of its lead unit's."""
    if not text or fold_key(text) in SKIP:
        return None
    numbered = task_number(text)
    if numbered is None or numbered[1]:
        raise UserError("assign_responsible_unclear", text=text)
    if len(lead) != 1:  # one person cannot answer for several units' copies
        raise UserError("assign_responsible_one_unit", number=numbered[0])
    people_service.member(ctx.session, unit_repo.by_ids(ctx.session, lead)[lead[0]], numbered[0])
    return numbered[0]


def _due(draft: dict[str, Any]) -> Deadline | None:
    value = draft.get("due")
    if value in (None, NO_DUE):
        return None
    day, _, at = value.partition("T")
    return Deadline(date.fromisoformat(day), time.fromisoformat(at) if at else None)


def _preview(ctx: Context, draft: dict[str, Any]) -> dict[str, Any]:
    units = unit_repo.by_ids(ctx.session, draft.get("lead", []))
    doc = ctx.session.get(Document, draft["document"]) if draft.get("document") else None
    return {
        "units": [{"code": units[i].code, "name": units[i].name} for i in draft.get("lead", [])],
        "task": draft.get("task"),
        "due": _due(draft),
        "no_due": draft.get("due") == NO_DUE,
        "recurrence": draft.get("due_text") if draft.get("rule") else None,
        "result": draft.get("result"),
        "supports": [name for name, _ in draft.get("supports", [])],
        "document": doc.number if doc else None,
        "responsible": _person_name(ctx, draft.get("responsible")),
    }


def _person_name(ctx: Context, person_id: int | None) -> str | None:
    person = people_repo.person(ctx.session, person_id) if person_id else None
    return person.display_name if person else None


def assign(ctx: Context, args: str) -> None:
    draft: dict[str, Any] = {}
    for field, text in _fields(args).items():
        read_field(ctx, field, text, draft)
    if all(f in draft for f in ("lead", "task", "due")):
        dialogs.finish(ctx)
        _create(ctx, draft)
        return
    _ask_next(ctx, draft)


def _ask_next(ctx: Context, draft: dict[str, Any]) -> None:
    missing = next((f for f in ASKED if f not in draft), None)
    draft["asking"] = missing or "confirm"
    dialogs.start(ctx, DIALOG, draft)
    if missing:
        ctx.reply(f"assign_ask_{missing}", ask=True, draft=_preview(ctx, draft))
    else:
        ctx.reply(
            "assign_confirm",
            draft=_preview(ctx, draft),
            buttons=confirm_buttons(),
        )


def _step(ctx: Context, draft: dict[str, Any], text: str) -> None:
    asking = draft.pop("asking", "confirm")
    if asking != "confirm":
        read_field(ctx, asking, text, draft)
        _ask_next(ctx, draft)
        return
    answer = fold_key(text)
    if answer in YES:
        dialogs.finish(ctx)
        _create(ctx, draft)
    elif answer in NO:
        dialogs.finish(ctx)
        ctx.reply("dialog_cancelled")
    else:
        raise UserError("assign_confirm_unclear")


def _plan_notes(ctx: Context, a: Assignment, plan: Plan | None) -> dict[str, Any]:
    """What the admin should know of the reminders: a deadline on a day off, or so close
    that the first reminders are already past, or a lead unit nobody of which the bot can
    reach, so that no reminder would reach anyone."""
    nobody = not planning.Planner.recipients(ctx.session, a.lead_unit_id)
    if plan is None or a.due_date is None:
        return {"day_off": None, "skipped": [], "nobody": nobody}
    day_off = None
    if plan.due_on_day_off:
        calendar = ctx.planner.calendar(ctx.session)
        day_off = {"day": a.due_date, "holiday": calendar.holiday_name(a.due_date)}
    return {"day_off": day_off, "skipped": [o.text() for o in plan.skipped], "nobody": nobody}


def _create(ctx: Context, draft: dict[str, Any]) -> None:
    if not draft.get("again") and (existing := _existing(ctx, draft)):
        # The same work given twice (a message sent again, a task typed in twice): say
        # what is there and create only when the admin says so.
        draft["asking"], draft["again"] = "confirm", True
        dialogs.start(ctx, DIALOG, draft)
        ctx.reply(
            "assign_duplicate",
            existing=template_values.assignments(ctx, existing),
            buttons=confirm_buttons(),
        )
        return
    made = create(ctx, draft)
    created = [a for a, _ in made]
    shown = template_values.assignments(ctx, created)
    ctx.reply(
        "assigned",
        ids=[a.id for a in created],
        tasks=[view | note for view, (_, note) in zip(shown, made, strict=True)],
    )
    announce(ctx, created, shown)


def _existing(ctx: Context, draft: dict[str, Any]) -> list[Assignment]:
    return [
        a
        for unit_id in draft["lead"]
        for a in service.same_work(ctx.session, unit_id, draft["task"], draft.get("document"))
    ]


def create(ctx: Context, draft: dict[str, Any]) -> list[tuple[Assignment, dict[str, Any]]]:
    """The assignments DRAFT makes (one per lead unit), each with what the admin should
    know of its reminders; recurring duties start their series. Nobody is told yet."""
    due = _due(draft)
    if due is not None:  # the dialog may have lasted past the deadline it was given
        typed_dates.ahead(ctx, due, draft.get("due_text") or due.iso())
    units = unit_repo.by_ids(ctx.session, draft["lead"])
    supports = tuple(
        service.SupportRef(name, unit_id) for name, unit_id in draft.get("supports", [])
    )
    document = ctx.session.get(Document, draft["document"]) if draft.get("document") else None
    responsible = (
        people_repo.person(ctx.session, draft["responsible"]) if draft.get("responsible") else None
    )
    change = ctx.change(ctx.ensure_person())
    made = []
    for unit_id in draft["lead"]:
        common = {
            "lead": units[unit_id],
            "task": draft["task"],
            "result": draft.get("result"),
            "supports": tuple(s for s in supports if s.unit_id != unit_id),
            "document": document,
            "responsible": responsible,
        }
        if draft.get("rule"):
            a, plan = series_service.create(change, rule=Rule.parse(draft["rule"]), **common)
        else:
            a, plan = service.create(change, due=due, **common)
        made.append((a, _plan_notes(ctx, a, plan)))
    return made


def announce(ctx: Context, created: list[Assignment], shown: list[dict[str, Any]]) -> None:
    """New work: each lead and supporting unit hears of its own, the committee of all."""
    for a, view in zip(created, shown, strict=True):
        ctx.notify_units(
            [a.lead_unit_id],
            "task_new",
            ids=[a.id],
            buttons=task_buttons(a.id, lead=True),
            a=view,
            supporting=False,
        )
        support_units = [s.unit_id for s in a.supports if s.unit_id is not None]
        ctx.notify_units(
            support_units,
            "task_new",
            ids=[a.id],
            buttons=task_buttons(a.id, lead=False),
            a=view,
            supporting=True,
        )
    ctx.notify_committee("committee_task_new", ids=[a.id for a in created], tasks=shown)


dialogs.register(DIALOG, _step, admin_only=True)
