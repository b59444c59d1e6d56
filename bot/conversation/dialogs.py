"""Plain text (no command): the next step of a dialog, or a progress report.

A dialog (the guided /giao, a report waiting for its task number) is a row, so it
survives a restart; it lapses after the reply window, and ends if the person may no
longer hold it (an admin demoted mid-dialog). Without a dialog, a member's plain message
is a report: on the task it names ("#12 …", "12: …"), else on the one assignment the bot
last named in that chat; when that could be several, the bot keeps the text and asks
which number. In a group, only a message that names its task is read as a report: the
rest is the group's own conversation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.conversation import access, progress, withdrawal
from bot.conversation.context import Context
from bot.errors import UserError
from bot.reading.arguments import task_number
from bot.reading.replies import is_withdrawal, task_at_start
from bot.services import template_values
from storage.models import Assignment, ConversationState
from storage.models.assignments import OPEN
from storage.repos import assignments as assignment_repo
from storage.repos import conversation

Step = Callable[[Context, dict[str, Any], str], None]


@dataclass(frozen=True)
class Dialog:
    step: Step
    admin_only: bool = False


_DIALOGS: dict[str, Dialog] = {}

REPORT_WHICH = "report_which"
# How many candidates the "which number?" question lists.
MAX_CANDIDATES = 10


def register(kind: str, step: Step, admin_only: bool = False) -> None:
    _DIALOGS[kind] = Dialog(step, admin_only)


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


def live(ctx: Context, kind: str) -> dict[str, Any] | None:
    """The data of the actor's dialog of KIND in this chat, unless there is none or it
    has lapsed (for commands that act on a dialog: /nhapvanban giao)."""
    if ctx.actor.person is None:
        return None
    state = conversation.state(
        ctx.session, ctx.actor.channel, ctx.actor.chat_id, ctx.actor.person.id
    )
    if state is None or state.kind != kind or _lapsed(ctx, state):
        return None
    return dict(state.data)


def _lapsed(ctx: Context, state: ConversationState) -> bool:
    return ctx.now - state.updated_at > ctx.settings.reply_window


def plain_text(ctx: Context, text: str) -> None:
    if not text:
        raise UserError("not_understood")
    if ctx.actor.is_member and is_withdrawal(text):
        _take_back(ctx, text)
        return
    if ctx.actor.person is not None and _continue_dialog(ctx, text):
        return
    marked = task_at_start(text)  # the forms the reader knows: "#12", "12:", "NV12", "Dạ, #12"
    replied = progress.replied_to(ctx) if ctx.actor.is_member else None
    if ctx.actor.is_group and marked is None and replied is None:
        return  # the group talking among itself
    if not ctx.actor.is_member:
        ctx.reply("not_understood")
        return
    if replied == [] and marked is None:
        # A reply to the bot's message about work that is closed (or not theirs).
        if not ctx.actor.is_group:
            ctx.reply("reply_to_closed")
        return
    if replied and marked is None:
        # A reply to the bot's message about an assignment is a report on it.
        if len(replied) == 1:
            progress.record(ctx, replied[0], [text])
        else:
            _ask_which(ctx, replied, [text])
        return
    if marked is not None:
        # "#12 đã xong" works everywhere, including platforms without reply-to (Zalo).
        progress.report_on(ctx, marked, [text])
        return
    _report_on_focus(ctx, [text])


def _take_back(ctx: Context, text: str) -> None:
    """ "Nhầm": the messages kept for "which number?" are dropped, if there are; else the
    sender's last report is withdrawn."""
    kept = live(ctx, REPORT_WHICH)
    if kept is not None and task_at_start(text) is None:
        finish(ctx)
        ctx.reply("report_which_dropped", texts=list(kept.get("texts", [])))
        return
    if ctx.actor.is_group and task_at_start(text) is None and progress.replied_to(ctx) is None:
        return  # "nhầm" in a group's own conversation
    withdrawal.withdraw(ctx, task_at_start(text))


def _continue_dialog(ctx: Context, text: str) -> bool:
    """Hand TEXT to the dialog in progress, if any; False when there is none (any more)."""
    assert ctx.actor.person is not None
    state = conversation.state(
        ctx.session, ctx.actor.channel, ctx.actor.chat_id, ctx.actor.person.id
    )
    if state is None:
        return False
    dialog = _DIALOGS.get(state.kind)
    if dialog is None or _lapsed(ctx, state) or (dialog.admin_only and not ctx.actor.is_admin):
        finish(ctx)  # forget it, and read the text afresh
        return False
    dialog.step(ctx, dict(state.data), text)
    return True


def _report_on_focus(ctx: Context, texts: list[str]) -> None:
    candidates = _focus_candidates(ctx)
    if len(candidates) == 1:
        progress.record(ctx, candidates[0], texts)
        return
    if not candidates:
        candidates = assignment_repo.open_for_units(ctx.session, ctx.actor.unit_ids)
    if not candidates:
        ctx.reply("no_open_tasks")  # a reply, not a refusal: a lapsed dialog stays dropped
        return
    _ask_which(ctx, candidates, texts)


def _ask_which(
    ctx: Context, candidates: list[Assignment], texts: list[str], still: bool = False
) -> None:
    """Keep TEXTS and ask which task they are about; STILL when they were kept before and
    another report came meanwhile (the question then quotes them)."""
    shown = candidates[:MAX_CANDIDATES]
    start(ctx, REPORT_WHICH, {"texts": texts, "ids": [a.id for a in shown]})
    ctx.reply(
        "report_which",
        ask=True,
        ids=[a.id for a in shown],
        tasks=template_values.assignments(ctx, shown),
        more=len(candidates) - len(shown),
        held=texts if still else [],
    )


def _focus_candidates(ctx: Context) -> list[Assignment]:
    """The open assignments in the chat's focus that the actor may report on."""
    focus = conversation.focus(ctx.session, ctx.actor.channel, ctx.actor.chat_id)
    if focus is None or ctx.now - focus.updated_at > ctx.settings.reply_window:
        return []
    return [
        a
        for a in assignment_repo.many(ctx.session, focus.assignment_ids)
        if a.state == OPEN and access.allowed(ctx, a, access.REPORT)
    ]


def _report_which(ctx: Context, data: dict[str, Any], text: str) -> None:
    """The answer to "which number?". The kept texts go to a task only when the answer is
    the number alone ("12", "#12", or a button). A message with its own number and its own
    words ("#3 được 50%") is a report of its own: recorded on its task, while the kept
    texts still wait and the question is asked again. Any other text is kept with the
    first, and the question stands."""
    texts = list(data.get("texts", []))
    bare = task_number(text)
    if bare is not None and not bare[1]:  # "12", "#12"
        finish(ctx)
        progress.report_on(ctx, bare[0], texts)
        return
    own = task_at_start(text)
    if own is not None:  # "#3 được 50%": a report of its own
        progress.report_on(ctx, own, [text])
        _ask_again(ctx, data, texts, still=True)
        return
    if bare is not None:  # "3 xong", where a number is what was asked for: the same
        progress.report_on(ctx, bare[0], [text], said=[bare[1]])
        _ask_again(ctx, data, texts, still=True)
        return
    texts.append(text)  # more words: kept with the first, and the question stands
    _ask_again(ctx, data, texts)


def _ask_again(ctx: Context, data: dict[str, Any], texts: list[str], still: bool = False) -> None:
    asked = assignment_repo.many(ctx.session, data.get("ids", []))
    candidates = [a for a in asked if a.state == OPEN] or assignment_repo.open_for_units(
        ctx.session, ctx.actor.unit_ids
    )
    if candidates:
        _ask_which(ctx, candidates, texts, still)
    else:
        finish(ctx)
        ctx.reply("no_open_tasks")


register(REPORT_WHICH, _report_which)
