"""The conversation core: one incoming message in, its changes and the messages it
causes written as outbox rows.

Each message is handled in one database transaction: a command either happens entirely
or not at all, with its replies and notices; a refusal (UserError) rolls back everything
it had begun, and its answer is written alone, in a transaction of its own. The sending
side (scheduler/sending.py) takes the rows from there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.conversation import dialogs
from bot.conversation.admin_notices import admin_notices
from bot.conversation.code_attempts import WrongCode
from bot.conversation.command_table import ADMIN, CommandTable
from bot.conversation.context import Actor, Context
from bot.errors import UserError
from bot.reading.arguments import split_command
from bot.reading.edge_text import cleaned
from bot.services import linking
from bot.settings import Settings
from messages import LANGUAGES
from messages.neutral import Address, Incoming, Outgoing
from scheduler import outbox
from scheduler.ports import AdminNotices
from storage.clock import Clock, system_clock
from storage.db import transaction
from storage.models import Person
from storage.repos import attempts, chats, conversation
from storage.repos import people as people_repo

log = logging.getLogger(__name__)


@dataclass
class Seen:
    """What one attempt learned that the caller needs after it: the sender's language
    (for a refusal) and whether they had been unreachable."""

    lang: str
    was_unreachable: bool = False


# A message that collides with a concurrent one on a unique key is tried once more.
ATTEMPTS = 2


class Bot:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        clock: Clock = system_clock,
        extra_admins: frozenset[str] = frozenset(),
        *,
        commands: CommandTable,
    ) -> None:
        self.sessions = sessions
        self.commands = commands
        self.settings = settings
        self.clock = clock
        self.admin_keys = settings.admins | extra_admins
        # The one reminder planner (plan, office hours, working days): every change
        # this core makes, and the sending side's next overdue notice, go through it.
        self.planner = settings.planner()
        # Filled by channels that can turn an invite code into a link (Telegram's deep link).
        self.invite_links: dict[str, Callable[[str], str]] = {}
        # Who the admins are, for the sending side's notices (a chat unreachable...).
        self.admin_notices: AdminNotices = partial(
            admin_notices, settings=settings, admin_keys=self.admin_keys
        )

    def handle(self, message: Incoming) -> list[Outgoing]:
        """Handle MESSAGE; the messages it caused, already written to the outbox."""
        clean = cleaned(message)
        if clean is None:
            log.warning("dropped a message from %s with ids no platform gives", message.channel)
            return []
        message = clean
        now = self.clock()
        seen = Seen(self.settings.language)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return self._handle_once(message, now, seen)
            except UserError as refusal:
                answer = self._reply(message, seen.lang, now, refusal.template, refusal.values)
                return self._answer_alone(
                    message, now, seen, answer, wrong_code=isinstance(refusal, WrongCode)
                )
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
        answer = self._reply(message, seen.lang, now, "internal_error", {})
        return self._answer_alone(message, now, seen, answer)

    def _handle_once(self, message: Incoming, now: datetime, seen: Seen) -> list[Outgoing]:
        """One attempt, in one transaction: everything or nothing."""
        with transaction(self.sessions) as session:
            if message.message_id is not None and not chats.first_sight(
                session, message.channel, message.chat_id, message.message_id, now
            ):
                return []  # delivered twice by the platform: handled the first time
            ctx = Context(
                session=session,
                actor=self._actor(session, message),
                now=now,
                settings=self.settings,
                incoming=message,
                admin_keys=self.admin_keys,
                commands=self.commands,
                planner=self.planner,
                invite_links=self.invite_links,
            )
            seen.lang = ctx.actor.lang
            seen.was_unreachable = ctx.actor.was_unreachable
            if seen.was_unreachable:
                self._reachable_again(session, message, now)
            if message.is_group:
                self._group_back(session, message, now)
            if ctx.actor.account is not None and not message.is_group:
                # Notices follow the channel a person uses, when they use several.
                linking.note_use(
                    session, ctx.actor.account.person, ctx.actor.account, now, self.planner
                )
            self._dispatch(ctx, message.text)
            self._remember_focus(ctx)
            outbox.write(session, ctx.outbox, now)
            return ctx.outbox

    def _answer_alone(
        self,
        message: Incoming,
        now: datetime,
        seen: Seen,
        answer: Outgoing,
        wrong_code: bool = False,
    ) -> list[Outgoing]:
        """A refused or failed command's answer, in a transaction of its own (the
        command's was rolled back); the message counts as handled, so a platform's
        redelivery is not answered twice. A wrong code is counted here, with it."""
        with transaction(self.sessions) as session:
            if message.message_id is not None and not chats.first_sight(
                session, message.channel, message.chat_id, message.message_id, now
            ):
                return []
            self._recover_reachable(session, message, now, seen)
            if wrong_code:
                attempts.record(session, message.channel, message.sender_id, message.chat_id, now)
            outbox.write(session, [answer], now)
        return [answer]

    def _group_back(self, session: Session, message: Incoming, now: datetime) -> None:
        """A message from a group the bot had been removed from: it is back in it, and a
        unit's group hears that unit's reminders again."""
        bound = chats.group_reachable_again(session, message.channel, message.chat_id)
        if bound is not None and bound.unit_id is not None:
            self.planner.replan_units(session, [bound.unit_id], now)

    def _recover_reachable(
        self, session: Session, message: Incoming, now: datetime, seen: Seen
    ) -> None:
        """Reachable again, for a refused command's sender: in a savepoint, since it may
        be what failed the command; then at least the flags are cleared and the answer
        goes (replanning waits for their next message)."""
        try:
            with session.begin_nested():
                if seen.was_unreachable:
                    self._reachable_again(session, message, now)
                if message.is_group:
                    self._group_back(session, message, now)
        except Exception:
            log.exception("making %s:%s reachable again failed", message.channel, message.chat_id)
            chats.reachable_again(session, message.channel, message.chat_id)
            if message.is_group:
                chats.group_reachable_again(session, message.channel, message.chat_id)

    def _reachable_again(self, session: Session, message: Incoming, now: datetime) -> None:
        """Someone who writes privately can be written to again: in the transaction that
        writes the answer, so the answer is never parked as to an unreachable chat (and a
        refused command still counts); their units' reminders include them again."""
        chats.reachable_again(session, message.channel, message.chat_id)
        account = people_repo.account(session, message.channel, message.sender_id)
        if account is not None:
            account.unreachable_at = None
            units = people_repo.unit_ids_of(session, account.person_id)
            self.planner.replan_units(session, units, now)

    def is_admin(self, channel: str, sender_id: str) -> bool:
        """Whether the sender is an admin: a channel fetches a file only for one (only
        admins import letters), so nobody else's file is downloaded."""
        key = f"{channel}:{sender_id}"
        if key in self.admin_keys:
            return True  # no database read for the admins the settings name
        with self.sessions() as session:
            account = people_repo.sender(session, channel, sender_id)
            return self._admin(key, account.person if account else None)

    def _admin(self, key: str, person: Person | None) -> bool:
        """An admin: named in the settings (KEY), or promoted by another admin."""
        return key in self.admin_keys or bool(person and person.is_admin)

    def _actor(self, session: Session, message: Incoming) -> Actor:
        account = people_repo.sender(session, message.channel, message.sender_id)
        person = account.person if account else None
        key = f"{message.channel}:{message.sender_id}"
        return Actor(
            channel=message.channel,
            external_id=message.sender_id,
            chat_id=message.chat_id,
            name=message.sender_name,
            is_group=message.is_group,
            person=person,
            is_admin=self._admin(key, person),
            unit_ids=people_repo.unit_ids_of(session, person.id) if person else [],
            lang=person.language if person else self._newcomer_language(message.language),
            was_unreachable=(
                account is not None
                and account.unreachable_at is not None
                and not message.is_group
                and account.chat_id == message.chat_id
            ),
            account=account,
        )

    def _newcomer_language(self, hint: str | None) -> str:
        """Someone the bot does not know yet: the platform's language when we speak it."""
        short = (hint or "").split("-")[0].lower()
        return short if short in LANGUAGES else self.settings.language

    def _dispatch(self, ctx: Context, text: str) -> None:
        parsed = split_command(text)
        if parsed is None and ctx.incoming.attachment is not None:
            # A file's caption is no report: the file is the message.
            self.commands.file_received(ctx)
            return
        if parsed is None:
            dialogs.plain_text(ctx, text.strip())
            return
        word, args = parsed
        cmd = self.commands.lookup(word)
        if cmd is None:
            if ctx.actor.is_group:
                return  # another bot's command, most likely: not ours to answer
            raise UserError("unknown_command", command=word)
        ctx.command = word
        if not cmd.allows(ctx.actor):
            raise UserError("admin_only" if cmd.role == ADMIN else "not_member", command=word)
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
