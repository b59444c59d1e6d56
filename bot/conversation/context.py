"""Who is speaking, and everything a command handler needs to answer them.

A handler gets a Context: the open session (one transaction per message), the actor,
the time, and methods to queue replies and notices, which the core writes as outbox rows
in the same transaction. It never sends anything itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from bot.services.change import Change
from bot.settings import Settings
from messages.neutral import Address, Attachment, Button, Incoming, Outgoing
from scheduler.planning import Planner
from storage.models import Account, GroupChat, Person
from storage.repos import chats
from storage.repos import people as people_repo

if TYPE_CHECKING:  # the table names Context in its handlers' type
    from bot.conversation.command_table import CommandTable


@dataclass
class Actor:
    channel: str
    external_id: str
    chat_id: str
    name: str
    is_group: bool
    person: Person | None
    is_admin: bool
    unit_ids: list[int]
    lang: str
    # Writing privately from a chat the bot had marked unreachable: reachable again.
    was_unreachable: bool = False
    # The account the message came from, when the bot knows it.
    account: Account | None = None

    @property
    def key(self) -> str:
        return f"{self.channel}:{self.external_id}"

    @property
    def person_id(self) -> int | None:
        return self.person.id if self.person else None

    @property
    def is_member(self) -> bool:
        return bool(self.unit_ids)


@dataclass
class Context:
    session: Session
    actor: Actor
    now: datetime
    settings: Settings
    incoming: Incoming
    admin_keys: frozenset[str]
    # Every command (help lists them), handed in with the core.
    commands: CommandTable
    # The reminder planner every change goes through, handed in with the core.
    planner: Planner
    outbox: list[Outgoing] = field(default_factory=list)
    # The command word as the user typed it ("donvi", "units"), for messages that name it.
    command: str = ""
    # How a channel turns an invite code into a link ("https://t.me/bot?start=CODE").
    invite_links: dict[str, Callable[[str], str]] = field(default_factory=dict)
    _sent: set[tuple[str, str, str, tuple[int, ...]]] = field(default_factory=set)

    # -- time -------------------------------------------------------------------------

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.settings.timezone)

    @property
    def today(self) -> date:
        return self.local_now.date()

    @property
    def unit_ids(self) -> list[int]:
        """The speaker's units (what template values mark as "yours")."""
        return self.actor.unit_ids

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.settings.timezone)

    # -- people -----------------------------------------------------------------------

    def ensure_person(self) -> Person:
        """The actor's Person, created on first need (joining, choosing a language)."""
        if self.actor.person is None:
            account = people_repo.add_person(
                self.session,
                self.actor.channel,
                self.actor.external_id,
                self.actor.chat_id if not self.actor.is_group else self.actor.external_id,
                self.actor.name,
                self.now,
                language=self.actor.lang,
            )
            self.actor.person = account.person
        return self.actor.person

    def change(self, actor: Person | None) -> Change:
        """A change made now in this message's transaction, by ACTOR (None: the bot)."""
        return Change(self.session, actor.id if actor else None, self.now, self.planner)

    # -- messages ---------------------------------------------------------------------

    def reply(
        self,
        template: str,
        *,
        ids: Sequence[int] = (),
        buttons: Sequence[Button] = (),
        ask: bool = False,
        attachment: Attachment | None = None,
        **values: Any,
    ) -> None:
        """Answer in the chat the message came from, in the actor's language. ASK marks a
        question whose answer is the person's next message; ATTACHMENT goes with the
        answer as its caption."""
        message_id = self.incoming.message_id
        in_group = self.actor.is_group and message_id and not message_id.startswith("button:")
        self.outbox.append(
            Outgoing(
                to=Address(self.actor.channel, self.actor.chat_id, self.actor.name),
                template=template,
                values=values,
                lang=self.actor.lang,
                assignment_ids=tuple(ids),
                buttons=tuple(buttons),
                today=self.today,
                reply_to=message_id if in_group else None,
                ask=ask,
                attachment=attachment,
            )
        )

    def send(
        self,
        to: Address,
        lang: str,
        template: str,
        *,
        ids: Sequence[int] = (),
        buttons: Sequence[Button] = (),
        **values: Any,
    ) -> None:
        if (to.channel, to.chat_id) == (self.actor.channel, self.actor.chat_id):
            return  # the actor already has the reply; never tell them twice
        key = (to.channel, to.chat_id, template, tuple(ids))
        if key in self._sent:
            return  # a person in two of the units concerned hears it once
        self._sent.add(key)
        self.outbox.append(
            Outgoing(
                to=to,
                template=template,
                values=values,
                lang=lang,
                assignment_ids=tuple(ids),
                buttons=tuple(buttons),
                today=self.today,
            )
        )

    def notify_units(
        self,
        unit_ids: Iterable[int],
        template: str,
        *,
        ids: Sequence[int] = (),
        buttons: Sequence[Button] = (),
        **values: Any,
    ) -> None:
        """Tell every member of UNIT_IDS, each in their language, on each of their chats."""
        unit_ids = list(unit_ids)
        for account, person in people_repo.member_accounts(self.session, unit_ids):
            self._send_to_account(account, person, template, ids, values, buttons)
        self._send_to_groups(
            chats.unit_groups(self.session, unit_ids), template, ids, buttons, values
        )

    def notify_committee(self, template: str, *, ids: Sequence[int] = (), **values: Any) -> None:
        """Tell the committee's group chat(s): new work, completions, extensions."""
        self._send_to_groups(chats.committee_groups(self.session), template, ids, (), values)

    def _send_to_groups(
        self,
        groups: Iterable[GroupChat],
        template: str,
        ids: Sequence[int],
        buttons: Sequence[Button],
        values: dict[str, Any],
    ) -> None:
        for bound in groups:
            self.send(
                Address(bound.channel, bound.chat_id, bound.title),
                self.settings.language,
                template,
                ids=ids,
                buttons=buttons,
                **values,
            )

    def notify_person(
        self,
        person: Person,
        template: str,
        *,
        ids: Sequence[int] = (),
        buttons: Sequence[Button] = (),
        **values: Any,
    ) -> None:
        for account in person.accounts:
            self._send_to_account(account, person, template, ids, values, buttons)

    def _send_to_account(
        self,
        account: Account,
        person: Person,
        template: str,
        ids: Sequence[int],
        values: dict[str, Any],
        buttons: Sequence[Button] = (),
    ) -> None:
        if account.chat_id and account.unreachable_at is None:
            self.send(
                Address(account.channel, account.chat_id, person.display_name),
                person.language,
                template,
                ids=ids,
                buttons=buttons,
                **values,
            )

    def notify_admins(
        self,
        template: str,
        *,
        ids: Sequence[int] = (),
        buttons: Sequence[Button] = (),
        **values: Any,
    ) -> None:
        for address, lang in admin_addresses(self.session, self.admin_keys, self.settings.language):
            self.send(address, lang, template, ids=ids, buttons=buttons, **values)


def admin_addresses(
    session: Session, admin_keys: frozenset[str], default_lang: str
) -> list[tuple[Address, str]]:
    """Where admins are reached: those named in the settings (their private chat has their
    id on every platform we support) and those promoted by another admin."""
    found: dict[tuple[str, str], tuple[Address, str]] = {}
    for key in sorted(admin_keys):
        channel, _, ident = key.partition(":")
        account = people_repo.account(session, channel, ident)
        if account is not None and account.unreachable_at is not None:
            continue
        lang = account.person.language if account else default_lang
        name = account.person.display_name if account else ident
        chat = account.chat_id if account and account.chat_id else ident
        found[(channel, chat)] = (Address(channel, chat, name), lang)
    for person in people_repo.promoted_admins(session):
        for account in person.accounts:
            if account.chat_id and account.unreachable_at is None:
                found.setdefault(
                    (account.channel, account.chat_id),
                    (
                        Address(account.channel, account.chat_id, person.display_name),
                        person.language,
                    ),
                )
    return list(found.values())
