"""Recording what a unit says about an assignment, from a command or a plain reply."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.conversation import access, task_actions, typed_dates
from bot.conversation.buttons import withdraw_button
from bot.conversation.context import Context
from bot.reading.replies import ReplyReading, read_reply
from bot.services import assignments as service
from bot.services import template_values
from storage.deadline import Deadline
from storage.models import Assignment, ProgressReport
from storage.models import progress as kinds
from storage.models.assignments import OPEN
from storage.repos import assignments as assignment_repo
from storage.repos import chats


def reporting_unit(ctx: Context, a: Assignment) -> int | None:
    """The actor's unit this report speaks for: the lead if they belong to it, else a
    supporting unit of theirs, else none (an admin noting a report received by phone)."""
    mine = set(ctx.actor.unit_ids)
    if a.lead_unit_id in mine:
        return a.lead_unit_id
    for support in a.supports:
        if support.unit_id in mine:
            return support.unit_id
    return None


def store(
    ctx: Context,
    a: Assignment,
    text: str,
    kind: str = kinds.REPORT,
    reading: ReplyReading | None = None,
) -> ProgressReport:
    """Keep TEXT exactly as sent, as the actor's report for their unit, with what the bot
    read from it when it came as a report."""
    return service.report(
        ctx.change(ctx.ensure_person()),
        a,
        text,
        unit_id=reporting_unit(ctx, a),
        channel=ctx.actor.channel,
        kind=kind,
        read=stored_reading(reading) if reading is not None else None,
    )


def stored_reading(reading: ReplyReading) -> dict[str, Any]:
    return {
        "percent": reading.percent,
        "difficulty": reading.difficulty,
        "extension_to": reading.extension_to,
        "expected": reading.expected,
        "understood": reading.understood(),
    }


def read(ctx: Context, a: Assignment, text: str) -> ReplyReading:
    """What TEXT says about A: relative extensions ("lùi hạn 1 tuần") count from A's
    deadline."""
    due = service.due_of(a)
    return read_reply(text, ctx.now, ctx.settings.timezone, due.day if due else None)


def record(
    ctx: Context, a: Assignment, texts: Sequence[str], said: Sequence[str] | None = None
) -> None:
    """Store each of TEXTS (one message each) on A with what the bot read from it (from
    SAID instead, when the words to read are not the whole message: "3 xong" answering
    "which number?"), act on what it says, and answer once.

    "Xong" from the lead unit closes the task as /xong would; a dated extension request
    from the lead unit goes to the admins as /giahan would; a difficulty goes to the
    committee at once. The rest is recorded, and the answer says what was understood."""
    readings = [read(ctx, a, text) for text in (said or texts)]
    lead = access.allowed(ctx, a, access.LEAD)
    finished = next((r for r in readings if r.done), None)
    extension = next((r for r in readings if r.extension_to is not None), None)
    asked = Deadline(extension.extension_to) if extension and extension.extension_to else None
    if lead and finished is None:
        # As /giahan would: a day that cannot be, or one not after the deadline, refuses
        # the whole message before anything is recorded.
        wrong = next((r.extension_error for r in readings if r.extension_error), None)
        if asked is None and wrong is not None:
            raise typed_dates.refusal(wrong)
        if asked is not None:
            task_actions.check_later(ctx, a, asked)
    for text, reading in zip(texts, readings, strict=True):
        kind = kinds.REPORT
        if lead and reading is finished:
            kind = kinds.DONE
        elif lead and finished is None and reading is extension:
            kind = kinds.EXTENSION
        store(ctx, a, text, kind, reading)
    reason: str | None = None
    if lead and finished is not None:
        task_actions.finish(ctx, _locked(ctx, a), finished.text)
    elif lead and asked is not None:
        assert extension is not None
        reason = extension.difficulty or extension.text
        task_actions.request_extension(ctx, _locked(ctx, a), asked, reason)
    else:
        ctx.reply(
            "report_recorded",
            ids=[a.id],
            buttons=(withdraw_button(a.id),),
            a=template_values.assignment(ctx, a),
            texts=list(texts),
            readings=[shown_reading(r) for r in readings],
            lead=lead,
        )
    # The reason of a request just sent is in the request: not a second notice.
    difficulties = [r for r in readings if r.difficulty and r.difficulty != reason]
    if difficulties:
        view = template_values.assignment(ctx, a)  # as it stands after this report
        for reading in difficulties:
            _raise_difficulty(ctx, a, view, reading)


def _locked(ctx: Context, a: Assignment) -> Assignment:
    """A again, locked for this transaction, before its state changes: another message
    may have closed or cancelled it meanwhile (then the same refusal as /xong's)."""
    return access.fetch(ctx, a.id, access.LEAD, open_only=True, for_update=True)


def shown_reading(reading: ReplyReading) -> dict[str, Any]:
    """A reading as the receipt template shows it."""
    return {
        "text": reading.text,
        "understood": reading.understood(),
        "done": reading.done,
        "percent": reading.percent,
        "difficulty": reading.difficulty,
        "extension_to": reading.extension_to,
        "extension_asked": reading.extension_asked,
        "expected": reading.expected,
    }


def _raise_difficulty(ctx: Context, a: Assignment, view: Any, reading: ReplyReading) -> None:
    """A difficulty is the committee's to know at once (the admins', when no committee
    group is bound): waiting for the next digest is how a blocked task turns overdue."""
    person = ctx.ensure_person().display_name
    values = {"a": view, "difficulty": reading.difficulty, "text": reading.text, "person": person}
    if chats.committee_groups(ctx.session):
        ctx.notify_committee("committee_difficulty", ids=[a.id], **values)
    else:
        ctx.notify_admins("committee_difficulty", ids=[a.id], **values)


def replied_to(ctx: Context) -> list[Assignment] | None:
    """The open assignments named by the bot message this one replies to, that the actor
    may report on; None when it replies to no message of the bot's that named any."""
    message_id = ctx.incoming.reply_to
    if message_id is None:
        return None
    channel, chat = ctx.incoming.channel, ctx.incoming.chat_id
    sent = chats.sent(ctx.session, channel, chat, message_id)
    if sent is None:
        return None
    ids = sent.assignment_ids
    return [
        a
        for a in assignment_repo.many(ctx.session, list(ids))
        if a.state == OPEN and access.allowed(ctx, a, access.REPORT)
    ]


def report_on(
    ctx: Context, number: int, texts: Sequence[str], said: Sequence[str] | None = None
) -> None:
    a = access.fetch(ctx, number, access.REPORT, open_only=True)
    record(ctx, a, texts, said)
