"""Plain text (no command): the next step of a dialog, or a progress report.

A dialog (the guided /giao, a report waiting for its task number) is a row, so it
survives a restart; it lapses after the reply window. Without a dialog, a member's plain
message is a report on the one assignment the bot last named in that chat; when that
could be several, the bot keeps the text and asks which number.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot import access, reporting, views
from bot.context import Context
from bot.errors import UserError
from bot.parsing import task_number
from storage.models.assignments import OPEN
from storage.repos import assignments as assignment_repo
from storage.repos import conversation

Step = Callable[[Context, dict[str, Any], str], None]
_STEPS: dict[str, Step] = {}

REPORT_WHICH = "report_which"
# How many candidates the "which number?" question lists.
MAX_CANDIDATES = 10


def register(kind: str, step: Step) -> None:
    _STEPS[kind] = step


def start(ctx: Context, kind: str, data: dict[str, Any]) -> None:
    person = ctx.ensure_person()
    conversation.set_state(
        ctx.session, ctx.actor.channel, ctx.actor.chat_id, person.id, kind, data, ctx.now
    )


def finish(ctx: Context) -> bool:
    if ctx.actor.person is None:
        return False
    return conversation.clear_state(
        ctx.session, ctx.actor.channel, ctx.actor.chat_id, ctx.actor.person.id
    )


def plain_text(ctx: Context, text: str) -> None:
    if not text:
        raise UserError("not_understood")
    if ctx.actor.person is not None:
        state = conversation.state(
            ctx.session, ctx.actor.channel, ctx.actor.chat_id, ctx.actor.person.id
        )
        if state is not None:
            if ctx.now - state.updated_at <= ctx.settings.reply_window:
                _STEPS[state.kind](ctx, dict(state.data), text)
                return
            finish(ctx)  # lapsed: forget it, and read the text afresh
    if not ctx.actor.is_member:
        ctx.reply("not_understood")
        return
    _report_on_focus(ctx, text)


def _report_on_focus(ctx: Context, text: str) -> None:
    numbered = task_number(text)
    if numbered is not None and numbered[1]:
        # "#12 đã xong" works everywhere, including platforms without reply-to.
        reporting.report_on(ctx, numbered[0], text)
        return
    candidates = _focus_candidates(ctx)
    if len(candidates) == 1:
        reporting.record(ctx, candidates[0], text)
        return
    if not candidates:
        candidates = assignment_repo.open_for_units(ctx.session, ctx.actor.unit_ids)
    if not candidates:
        raise UserError("no_open_tasks")
    shown = candidates[:MAX_CANDIDATES]
    start(ctx, REPORT_WHICH, {"text": text})
    ctx.reply(
        "report_which",
        ids=[a.id for a in shown],
        tasks=views.assignments(ctx, shown),
        more=len(candidates) - len(shown),
    )


def _focus_candidates(ctx: Context) -> list[Any]:
    focus = conversation.focus(ctx.session, ctx.actor.channel, ctx.actor.chat_id)
    if focus is None or ctx.now - focus.updated_at > ctx.settings.reply_window:
        return []
    found = []
    for number in focus.assignment_ids:
        a = assignment_repo.get(ctx.session, number)
        if a is not None and a.state == OPEN and access.allowed(ctx, a, access.REPORT):
            found.append(a)
    return found


def _report_which(ctx: Context, data: dict[str, Any], text: str) -> None:
    numbered = task_number(text)
    if numbered is None or numbered[1]:
        raise UserError("report_which_again")
    reporting.report_on(ctx, numbered[0], data["text"])
    finish(ctx)


register(REPORT_WHICH, _report_which)
