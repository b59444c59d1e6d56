"""Recording what a unit says about an assignment, from a command or a plain reply."""

from __future__ import annotations

from collections.abc import Sequence

from bot import access, views
from bot.context import Context
from bot.services import assignments as service
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


def store(ctx: Context, a: Assignment, text: str, kind: str = kinds.REPORT) -> ProgressReport:
    """Keep TEXT exactly as sent, as the actor's report for their unit."""
    return service.report(
        ctx.session,
        a,
        text,
        person_id=ctx.ensure_person().id,
        unit_id=reporting_unit(ctx, a),
        channel=ctx.actor.channel,
        now=ctx.now,
        kind=kind,
    )


def record(ctx: Context, a: Assignment, texts: Sequence[str]) -> None:
    """Store each of TEXTS (one message each) on A and acknowledge them in one reply."""
    for text in texts:
        store(ctx, a, text)
    ctx.reply("report_recorded", ids=[a.id], a=views.assignment(ctx, a), texts=list(texts))


def replied_to(ctx: Context) -> list[Assignment] | None:
    """The open assignments named by the bot message this one replies to, that the actor
    may report on; None when it replies to no message of the bot's that named any."""
    message_id = ctx.incoming.reply_to
    if message_id is None:
        return None
    channel, chat = ctx.incoming.channel, ctx.incoming.chat_id
    sent = chats.sent(ctx.session, channel, chat, message_id)
    ids = sent.assignment_ids if sent else ctx.recent.assignments(channel, chat, message_id)
    if ids is None:
        return None
    return [
        a
        for a in assignment_repo.many(ctx.session, list(ids))
        if a.state == OPEN and access.allowed(ctx, a, access.REPORT)
    ]


def report_on(ctx: Context, number: int, texts: Sequence[str]) -> None:
    a = access.fetch(ctx, number, access.REPORT, open_only=True)
    record(ctx, a, texts)
