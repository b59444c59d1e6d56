"""Guessing invite and link codes is bounded: a few wrong codes an hour per account, a
few more per chat (a group where many try), then a refusal saying when to try again.

A wrong code's refusal rolls its command back; the attempt is written with the refusal's
own answer (bot.conversation.core), which is why a wrong code is a `WrongCode` refusal.
"""

from __future__ import annotations

from datetime import timedelta

from bot.conversation.context import Context
from bot.errors import UserError
from storage.repos import attempts

WINDOW = timedelta(hours=1)
PER_ACCOUNT = 10
PER_CHAT = 30


class WrongCode(UserError):
    """A code that is no code: counted against the account and the chat that sent it."""


def guard(ctx: Context) -> None:
    """Refuse before looking a code up when this account, or this chat, has sent too
    many wrong ones in the last WINDOW."""
    start = ctx.now - WINDOW
    channel = ctx.actor.channel
    for limit, who in (
        (PER_ACCOUNT, {"sender_id": ctx.actor.external_id}),
        (PER_CHAT, {"chat_id": ctx.actor.chat_id}),
    ):
        count, oldest = attempts.since(ctx.session, channel, start, **who)
        if count >= limit and oldest is not None:
            wait = oldest + WINDOW - ctx.now
            raise UserError(
                "code_attempts_exceeded", minutes=max(1, -(-wait // timedelta(minutes=1)))
            )
