"""The conversation core: one incoming message in, the messages to send out.

Each message is handled in one database transaction: a command either happens entirely
or not at all, and a refusal (UserError) rolls back everything it had begun.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot import (
    commands,  # noqa: F401  (registers every command)
    dialogs,
)
from bot.channel import Address, Incoming, Outgoing
from bot.clock import Clock, system_clock
from bot.context import Actor, Context
from bot.errors import UserError
from bot.parsing import split_command
from bot.registry import ADMIN, MEMBER, lookup
from bot.settings import Settings
from storage.db import transaction
from storage.repos import conversation
from storage.repos import people as people_repo

log = logging.getLogger(__name__)

# A message that collides with a concurrent one on a unique key is tried once more.
ATTEMPTS = 2


class Bot:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        clock: Clock = system_clock,
        extra_admins: frozenset[str] = frozenset(),
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.clock = clock
        self.admin_keys = settings.admins | extra_admins

    def handle(self, message: Incoming) -> list[Outgoing]:
        now = self.clock()
        lang = [self.settings.language]  # known once the actor is read
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return self._handle_once(message, now, lang)
            except UserError as refusal:
                return [self._reply(message, lang[0], now, refusal.template, refusal.values)]
            except IntegrityError:
                # Another message created the same row first (two first messages from
                # one new person at once): the second attempt finds it and goes on.
                if attempt == ATTEMPTS:
                    log.exception(
                        "message from %s:%s conflicted", message.channel, message.sender_id
                    )
            except Exception:
                log.exception("message from %s:%s failed", message.channel, message.sender_id)
                break
        return [self._reply(message, lang[0], now, "internal_error", {})]

    def _handle_once(self, message: Incoming, now: datetime, lang: list[str]) -> list[Outgoing]:
        """One attempt, in one transaction: everything or nothing."""
        with transaction(self.sessions) as session:
            ctx = Context(
                session=session,
                actor=self._actor(session, message),
                now=now,
                settings=self.settings,
                incoming=message,
                admin_keys=self.admin_keys,
            )
            lang[0] = ctx.actor.lang
            self._dispatch(ctx, message.text)
            self._remember_focus(ctx)
            return ctx.outbox

    def _actor(self, session: Session, message: Incoming) -> Actor:
        account = people_repo.account(session, message.channel, message.sender_id)
        person = account.person if account else None
        key = f"{message.channel}:{message.sender_id}"
        return Actor(
            channel=message.channel,
            external_id=message.sender_id,
            chat_id=message.chat_id,
            name=message.sender_name,
            is_group=message.is_group,
            person=person,
            is_admin=key in self.admin_keys or bool(person and person.is_admin),
            unit_ids=people_repo.unit_ids_of(session, person.id) if person else [],
            lang=person.language if person else self.settings.language,
        )

    def _dispatch(self, ctx: Context, text: str) -> None:
        parsed = split_command(text)
        if parsed is None:
            dialogs.plain_text(ctx, text.strip())
            return
        word, args = parsed
        cmd = lookup(word)
        if cmd is None:
            raise UserError("unknown_command", command=word)
        ctx.command = word
        if cmd.role == ADMIN and not ctx.actor.is_admin:
            raise UserError("admin_only", command=word)
        if cmd.role == MEMBER and not (ctx.actor.is_member or ctx.actor.is_admin):
            raise UserError("not_member", command=word)
        cmd.handler(ctx, args)

    def _remember_focus(self, ctx: Context) -> None:
        """A chat's focus is the assignments the bot last named there; a plain reply that
        follows is read against it."""
        for out in ctx.outbox:
            if out.assignment_ids:
                conversation.set_focus(
                    ctx.session, out.to.channel, out.to.chat_id, out.assignment_ids, ctx.now
                )

    def _reply(
        self, message: Incoming, lang: str, now: datetime, template: str, values: dict[str, Any]
    ) -> Outgoing:
        return Outgoing(
            to=Address(message.channel, message.chat_id, message.sender_name),
            template=template,
            values=values,
            lang=lang,
            today=now.astimezone(self.settings.timezone).date(),
        )
