"""The conversation core: one incoming message in, the messages to send out.

Each message is handled in one database transaction: a command either happens entirely
or not at all, and a refusal (UserError) rolls back everything it had begun.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
from bot.commands import intake
from bot.context import Actor, Context, admin_addresses
from bot.errors import UserError
from bot.parsing import split_command
from bot.recent import RecentMessages
from bot.registry import ADMIN, MEMBER, lookup
from bot.services import linking
from bot.settings import Settings
from messages import LANGUAGES
from scheduler import planning
from storage.db import transaction
from storage.repos import chats, conversation
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
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.clock = clock
        self.admin_keys = settings.admins | extra_admins
        # Filled by channels that can turn an invite code into a link (Telegram's deep link).
        self.invite_links: dict[str, Callable[[str], str]] = {}
        self.recent = RecentMessages()

    def handle(self, message: Incoming) -> list[Outgoing]:
        now = self.clock()
        seen = Seen(self.settings.language)
        try:
            for attempt in range(1, ATTEMPTS + 1):
                try:
                    return self._handle_once(message, now, seen)
                except UserError as refusal:
                    return [self._reply(message, seen.lang, now, refusal.template, refusal.values)]
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
            return [self._reply(message, seen.lang, now, "internal_error", {})]
        finally:
            if seen.was_unreachable:
                self._reachable_again(message, now)

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
                invite_links=self.invite_links,
                recent=self.recent,
            )
            seen.lang = ctx.actor.lang
            seen.was_unreachable = ctx.actor.was_unreachable
            if ctx.actor.account is not None and not message.is_group:
                # Notices follow the channel a person uses, when they use several.
                linking.note_use(session, ctx.actor.account.person, ctx.actor.account, now)
            self._dispatch(ctx, message.text)
            self._remember_focus(ctx)
            return ctx.outbox

    def _reachable_again(self, message: Incoming, now: datetime) -> None:
        """Someone who writes privately can be written to again: in a transaction of its
        own, so a refused command does not undo it; their units' reminders include them
        again."""
        with transaction(self.sessions) as session:
            chats.reachable_again(session, message.channel, message.chat_id)
            account = people_repo.account(session, message.channel, message.sender_id)
            if account is not None:
                units = people_repo.unit_ids_of(session, account.person_id)
                planning.planner(session).replan_units(session, units, now)

    def chat_moved(self, channel: str, old: str, new: str) -> None:
        """The platform moved a chat to another id: follow it."""
        with transaction(self.sessions) as session:
            chats.move(session, channel, old, new)

    def sent_now(self, message: Outgoing, message_ids: Sequence[str | None]) -> None:
        """MESSAGE just went out: remember its ids in memory at once, so a reply that comes
        before they are stored is still traced (no database work: called for each one)."""
        ids = [m for m in message_ids if m]
        if message.assignment_ids and ids:
            self.recent.remember(
                message.to.channel, message.to.chat_id, ids, message.assignment_ids
            )

    def delivered(self, message: Outgoing, message_ids: Sequence[str | None]) -> None:
        """A channel sent MESSAGE as the platform messages MESSAGE_IDS: keep them when it
        names assignments, so a reply to any of them is traced back."""
        ids = [m for m in message_ids if m]
        if not message.assignment_ids or not ids:
            return
        with transaction(self.sessions) as session:
            chats.record_sent(
                session,
                message.to.channel,
                message.to.chat_id,
                ids,
                message.assignment_ids,
                self.clock(),
            )

    def unreachable(self, to: Address) -> list[Outgoing]:
        """The platform refused to deliver to TO (blocked, left, never started): mark it,
        and return the notices that tell the admins, once."""
        now = self.clock()
        with transaction(self.sessions) as session:
            newly = chats.mark_unreachable(session, to.channel, to.chat_id, now)
            if not newly:
                return []
            values = {
                "name": to.label or to.chat_id,
                "channel": to.channel,
                "group": any(n.startswith("group:") for n in newly),
            }
            notices = self.admin_notices(session, now, "chat_unreachable", values)
            return [n for n in notices if (n.to.channel, n.to.chat_id) != (to.channel, to.chat_id)]

    def admin_notices(
        self, session: Session, now: datetime, template: str, values: dict[str, Any]
    ) -> list[Outgoing]:
        """TEMPLATE for every admin, each in their language (system notices: a chat
        that cannot be reached, a reminder that could not be sent)."""
        today = now.astimezone(self.settings.timezone).date()
        return [
            Outgoing(to=address, template=template, values=values, lang=lang, today=today)
            for address, lang in admin_addresses(session, self.admin_keys, self.settings.language)
        ]

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
            is_admin=key in self.admin_keys or bool(person and person.is_admin),
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
            intake.file_received(ctx)  # a file's caption is no report: the file is the message
            return
        if parsed is None:
            dialogs.plain_text(ctx, text.strip())
            return
        word, args = parsed
        cmd = lookup(word)
        if cmd is None:
            if ctx.actor.is_group:
                return  # another bot's command, most likely: not ours to answer
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
