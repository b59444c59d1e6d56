"""What an official does: list the unit's work, report, finish, ask for more time."""

from __future__ import annotations

from typing import Any

from bot.conversation import access, dialogs, progress, task_actions, typed_dates, withdrawal
from bot.conversation.buttons import task_buttons
from bot.conversation.context import Context
from bot.errors import UserError
from bot.reading.arguments import task_number
from bot.services import template_values
from bot.services.assignments import MAX_REASON
from bot.services.units import check_length
from storage.deadline import Deadline
from storage.models import progress as kinds
from storage.models.assignments import OPEN
from storage.repos import assignments as repo
from storage.repos import units as unit_repo


def tasks(ctx: Context, args: str) -> None:
    numbered = task_number(args)
    if numbered is not None and not numbered[1]:
        _detail(ctx, numbered[0])
        return
    if args.strip():
        unit_ids = [access.own_unit(ctx, args).id]
    elif ctx.actor.unit_ids:
        unit_ids = ctx.actor.unit_ids
    else:
        raise UserError("tasks_admin_hint")
    rows = repo.open_for_units(ctx.session, unit_ids)
    units = unit_repo.by_ids(ctx.session, unit_ids)
    ctx.reply(
        "tasks_list",
        ids=[a.id for a in rows],
        units=[{"code": units[i].code, "name": units[i].name} for i in unit_ids],
        tasks=template_values.assignments(ctx, rows),
    )


def _detail(ctx: Context, number: int) -> None:
    a = access.fetch(ctx, number, access.VIEW)
    reports = repo.reports(ctx.session, a.id)
    last = [
        {
            "at": ctx.local(r.created_at),
            "text": r.text,
            "kind": r.kind,
            "withdrawn": r.withdrawn_at is not None,
        }
        for r in reports[-3:]
    ]
    may_report = a.state == OPEN and access.allowed(ctx, a, access.REPORT)
    ctx.reply(
        "task_detail",
        ids=[a.id],
        buttons=task_buttons(a.id, access.allowed(ctx, a, access.LEAD)) if may_report else (),
        a=template_values.assignment(ctx, a),
        reports=last,
        report_count=len(reports),
    )


def _number_or_reply(ctx: Context, args: str, usage: str) -> tuple[int, str]:
    """The task and the rest of ARGS. Sent as a reply to the bot's message about one task,
    the command is about that task, and a leading number is text ("/xong 2 văn bản đã ban
    hành", "/giahan 2 tuần nữa …") unless marked ("#5") or that task's own number.
    Otherwise ARGS start with the task number."""
    numbered = task_number(args)
    replied = progress.replied_to(ctx)
    if replied is not None and len(replied) == 1:
        task = replied[0].id
        marked = args.lstrip().startswith("#")
        if numbered is not None and (marked or numbered[0] == task):
            return numbered
        return task, args.strip()
    if numbered is not None:
        return numbered
    raise UserError(usage)


REPORT_TEXT = "report_text"


def report(ctx: Context, args: str) -> None:
    number, text = _number_or_reply(ctx, args, "report_usage")
    if text:
        progress.report_on(ctx, number, [text])
        return
    # "/baocao 12" alone (the "Báo cáo" button): the next message is the report.
    a = access.fetch(ctx, number, access.REPORT, open_only=True)
    dialogs.start(ctx, REPORT_TEXT, {"id": a.id})
    ctx.reply("report_ask_text", ask=True, ids=[a.id], a=template_values.assignment(ctx, a))


def _report_text(ctx: Context, data: dict[str, Any], text: str) -> None:
    dialogs.finish(ctx)
    progress.report_on(ctx, int(data["id"]), [text])


dialogs.register(REPORT_TEXT, _report_text)


def undo(ctx: Context, args: str) -> None:
    """Withdraw one's last report (or close) made by mistake, for a while."""
    numbered = task_number(args)
    if args.strip() and (numbered is None or numbered[1]):
        raise UserError("withdraw_usage")
    withdrawal.withdraw(ctx, numbered[0] if numbered else None)


def done(ctx: Context, args: str) -> None:
    number, note = _number_or_reply(ctx, args, "done_usage")
    a = access.fetch(ctx, number, access.LEAD, open_only=True, for_update=True)
    progress.store(ctx, a, note, kind=kinds.DONE)
    task_actions.finish(ctx, a, note)


def split_date(ctx: Context, text: str) -> tuple[Deadline, str]:
    """The new deadline at the start of TEXT and the reason after it ("20/5 chờ kinh phí");
    a "|" may separate them when the date phrase is unusual."""
    if "|" in text:
        date_text, _, rest = text.partition("|")
        return typed_dates.deadline(ctx, date_text), rest.strip()
    return typed_dates.split(ctx, text)


def extend(ctx: Context, args: str) -> None:
    number, rest = _number_or_reply(ctx, args, "extension_usage")
    if not rest:
        raise UserError("extension_usage")
    a = access.fetch(ctx, number, access.LEAD, open_only=True, for_update=True)
    due, reason = split_date(ctx, rest)
    if not reason:
        raise UserError("extension_reason_missing", number=number)
    check_length(reason, MAX_REASON, "reason")  # named as the reason, not as a report
    progress.store(ctx, a, reason, kind=kinds.EXTENSION)  # undone if refused below
    task_actions.request_extension(ctx, a, due, reason)
