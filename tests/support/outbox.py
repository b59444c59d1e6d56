"""The sending side with a recording channel: what would have been sent where.

The recording sender stands at the platform's edge (the only thing replaced); the core,
the planner, the outbox, the sending loop, delivery, the templates and the database are
the real ones.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any

from bot.conversation.core import Bot
from bot.conversation.reminder_content import ReminderContent
from messages import Renderer
from messages.neutral import Address, ChatUnreachable, Outgoing, RetryLater
from scheduler.outbox import OutboxStore
from scheduler.sending import Sending


@dataclass
class Sent:
    to: str
    template: str
    text: str
    message_id: str
    assignment_ids: tuple[int, ...]


@dataclass
class RecordingSender:
    renderer: Renderer
    channel: str = "console"
    sent: list[Sent] = field(default_factory=list)
    unreachable: set[str] = field(default_factory=set)
    failing: dict[str, int] = field(default_factory=dict)  # chat -> failures still to give
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))

    def prepare(self, message: Outgoing) -> list[Any]:
        text = self.renderer.render(
            message.template, message.values, message.lang, "text", message.today
        )
        return [(message, text)]

    async def send_piece(self, to: Address, piece: Any) -> str | None:
        message, text = piece
        if to.chat_id in self.unreachable:
            raise ChatUnreachable("blocked")
        if self.failing.get(to.chat_id, 0) > 0:
            self.failing[to.chat_id] -= 1
            raise RetryLater("Bad Gateway")
        message_id = str(next(self._ids))
        self.sent.append(
            Sent(to.chat_id, message.template, text, message_id, message.assignment_ids)
        )
        return message_id


class Outbox:
    """Run the sending loop as the bot would, at whatever time the test's clock says."""

    def __init__(self, bot: Bot, renderer: Renderer) -> None:
        self.bot = bot
        self.sender = RecordingSender(renderer)
        self.sleeps: list[float] = []
        self.store = OutboxStore(
            bot.sessions,
            bot.clock,
            ["console"],
            bot.admin_notices,
            ReminderContent(bot.settings),
            planner=bot.planner,
        )

    async def _no_sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def sending(self, sender: Any = None, **options: Any) -> Sending:
        """A sending loop on the recording channel, or SENDER (make it inside the test's
        event loop)."""
        options = {"attempts": 3, "backoff": 1.0, "sleep": self._no_sleep, **options}
        return Sending(self.store, {"console": sender or self.sender}, **options)  # type: ignore[arg-type]

    def run(self) -> list[Sent]:
        """Send everything due now (and what that causes); what went out."""
        before = len(self.sender.sent)
        asyncio.run(self.sending().run_until_idle())
        return self.sender.sent[before:]
