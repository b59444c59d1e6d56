"""Conversation tests through the console channel: say something as someone, read replies.

The console channel is the transcript-recording double (like zulip's StubBotHandler):
each `say` returns what the bot sent, rendered from the real templates.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from io import StringIO
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.console import ConsoleChannel, Shown
from bot.conversation.core import Bot
from messages import Renderer
from messages.neutral import Attachment, Incoming, Outgoing
from storage.base import Base
from storage.models import CodeAttempt, OutboxMessage, ProgressReport

# What a refused command writes on purpose, in its answer's own transaction.
_WRITTEN_WITH_A_REFUSAL = (OutboxMessage.__tablename__, CodeAttempt.__tablename__)


class Harness:
    def __init__(self, bot: Bot, sessions: sessionmaker[Session], renderer: Renderer) -> None:
        self.bot = bot
        self.sessions = sessions
        # Files the bot sends (/xuat) land in a folder of the test's own.
        self.files = Path(tempfile.mkdtemp(prefix="dondoc-files-"))
        self.channel = ConsoleChannel(bot, renderer, out=StringIO(), files=self.files)

    def say(self, user: str, text: str) -> list[Shown]:
        self.channel.user = user
        return self.channel.say(text)

    def handle(self, message: Incoming) -> list[Outgoing]:
        """MESSAGE (built by the test: a group, a reply) through the console channel; the
        messages the core wrote for it (the console shows them, as it would any)."""
        return self.channel.handle(message)[0]

    def send_file(
        self, user: str, filename: str, data: bytes, caption: str = "", size: int | None = None
    ) -> list[Shown]:
        """USER sends a file (a letter to import), with CAPTION as its text."""
        self.channel.user = user
        attachment = Attachment(filename, data, size=len(data) if size is None else size)
        return self.channel.say(caption, attachment)

    def receipt(self, user: str, text: str) -> str:
        """The one reply, without the line of its buttons (the console shows them as
        "[Rút lại: /rutlai 12]")."""
        lines = self.reply(user, text).splitlines()
        return "\n".join(line for line in lines if not line.startswith("["))

    def reply(self, user: str, text: str) -> str:
        """The one message USER got back for TEXT; fails if there were none or several."""
        got = [d for d in self.say(user, text) if d.to == user]
        assert len(got) == 1, f"expected one reply to {user}, got {[d.text for d in got]}"
        return got[0].text

    def notices(self, user: str, text: str) -> dict[str, list[str]]:
        """Everything sent to others when USER says TEXT, by recipient."""
        found: dict[str, list[str]] = {}
        for d in self.say(user, text):
            if d.to != user:
                found.setdefault(d.to, []).append(d.text)
        return found

    def script(self, lines: Iterable[tuple[str, str]]) -> None:
        for user, text in lines:
            self.say(user, text)

    def count(self, model: type[Base], *where: object) -> int:
        with self.sessions() as session:
            query = select(func.count()).select_from(model)
            for condition in where:
                query = query.where(condition)  # type: ignore[arg-type]
            return int(session.scalar(query) or 0)

    def reports(self) -> list[tuple[int, str]]:
        """(assignment, text as sent) of every progress report, oldest first."""
        with self.sessions() as session:
            rows = session.execute(
                select(ProgressReport.assignment_id, ProgressReport.text).order_by(
                    ProgressReport.id
                )
            )
            return [(a, t) for a, t in rows]

    def snapshot(self) -> dict[str, list[tuple[object, ...]]]:
        """Every row of every table but the outbox and the wrong-code count, in primary-key
        order: equal before and after a refused command, which is what "nothing
        half-written" means (its answer is the one outbox row it writes: see
        `outbox_since`; a wrong code is counted with it: tests/test_code_attempts.py)."""
        with self.sessions() as session:
            return {
                t.name: [tuple(r) for r in session.execute(select(t).order_by(*t.primary_key))]
                for t in Base.metadata.sorted_tables
                if t.name not in _WRITTEN_WITH_A_REFUSAL
            }

    def table_counts(self) -> dict[str, int]:
        """Rows in every table but the outbox: equal before and after a refused command."""
        with self.sessions() as session:
            return {
                t.name: int(session.scalar(select(func.count()).select_from(t)) or 0)
                for t in Base.metadata.sorted_tables
                if t.name not in _WRITTEN_WITH_A_REFUSAL
            }

    def outbox_last_id(self) -> int:
        with self.sessions() as session:
            return int(session.scalar(select(func.max(OutboxMessage.id))) or 0)

    def outbox_since(self, last_id: int) -> list[tuple[str, str | None]]:
        """(chat, template) of every outbox row written after LAST_ID, in order."""
        with self.sessions() as session:
            rows = session.execute(
                select(OutboxMessage.chat_id, OutboxMessage.template)
                .where(OutboxMessage.id > last_id)
                .order_by(OutboxMessage.id)
            )
            return [(chat, template) for chat, template in rows]
