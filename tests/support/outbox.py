"""The reminder machinery with a recording channel: what would have been sent where.

The recording sender stands at the platform's edge (the only thing replaced); the core,
the planner, the dispatcher, delivery, the templates and the database are the real ones.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any

from bot.channel import Address, ChatUnreachable, Outgoing, RetryLater
from bot.core import Bot
from bot.delivery import Delivery
from messages import Renderer
from scheduler.dispatch import Dispatcher


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
    """Run the dispatcher as the bot would, at whatever time the test's clock says."""

    def __init__(self, bot: Bot, renderer: Renderer) -> None:
        self.bot = bot
        self.sender = RecordingSender(renderer)
        self.sleeps: list[float] = []

        async def no_sleep(seconds: float) -> None:
            self.sleeps.append(seconds)

        self.delivery = Delivery(
            bot, {"console": self.sender}, attempts=3, backoff=1.0, sleep=no_sleep
        )
        self.dispatcher = Dispatcher(bot.sessions, bot.settings, bot.clock, bot, self.delivery)

    def run(self) -> list[Sent]:
        """Dispatch everything due now; what went out."""
        before = len(self.sender.sent)

        async def go() -> None:
            while await self.dispatcher.run_once():
                await self.delivery.drain()
            await self.delivery.drain()

        asyncio.run(go())
        return self.sender.sent[before:]
