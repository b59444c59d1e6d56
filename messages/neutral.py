"""The neutral messages between chat platforms, the conversation core and the outbox.

A channel adapter turns a platform update into one `Incoming` and hands it to the core;
the core writes each `Outgoing` it makes as an outbox row, and the sending side hands
them back to the channel's `Sender`. The core never sees a platform type, and adapters
never decide anything about assignments.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class Address:
    """A chat the bot can write to. `label` is only for people reading a transcript."""

    channel: str
    chat_id: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class Button:
    """A choice under a message. Channels without buttons MAY show `command` as text."""

    label_template: str
    command: str
    # Values the label's template reads ("Bỏ {{ n }}"), as pairs so the button stays
    # hashable.
    label_values: tuple[tuple[str, Any], ...] = ()

    def label(self, renderer: Any, lang: str) -> str:
        """The button's text in LANG, by RENDERER (a messages.Renderer)."""
        return str(renderer.render(self.label_template, dict(self.label_values), lang, "text"))


DOCUMENT = "document"
PHOTO = "photo"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a message (an .xlsx report, a chart): the message's text is its
    caption. Channels that cannot send files say so in text instead."""

    filename: str
    data: bytes = field(repr=False)
    kind: str = DOCUMENT  # DOCUMENT or PHOTO
    # Sent to the bot: the size the platform announced. A file the bot does not read (too
    # large, or not a kind it reads) comes with empty data.
    size: int | None = None


# The largest file a person may send the bot (a letter to import).
MAX_INCOMING_FILE = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Incoming:
    channel: str
    chat_id: str
    sender_id: str
    sender_name: str
    text: str
    is_group: bool = False
    message_id: str | None = None
    # The platform id of the bot message this one replies to, when the platform has replies.
    reply_to: str | None = None
    # The language the platform says the sender uses ("vi", "en-US"), for newcomers.
    language: str | None = None
    # The group's name, for a group chat the bot is bound to.
    chat_title: str = ""
    # A file sent with the message (its caption is the text): a letter to import.
    attachment: Attachment | None = None


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message to send: a template and its values, rendered by the channel in `lang`.

    `assignment_ids` are the assignments the message names, so that a reply to it can be
    tied back; channels SHOULD report the platform message id for those.
    """

    to: Address
    template: str
    values: Mapping[str, Any]
    lang: str = "vi"
    assignment_ids: tuple[int, ...] = ()
    buttons: tuple[Button, ...] = field(default=())
    # The recipient's date when the message was made: examples in it are dated from it.
    today: date | None = None
    # In a group, the message this one answers (so the thread is clear).
    reply_to: str | None = None
    # A question whose answer is free text: where a platform passes a group's messages
    # to the bot only when they reply to it (Telegram's privacy mode), the channel
    # SHOULD ask for a reply.
    ask: bool = False
    attachment: Attachment | None = None


class SendError(Exception):
    """Sending failed for good (the platform refused the message itself)."""


class ChatUnreachable(SendError):
    """The recipient cannot be reached: they blocked the bot, left, or never started it."""


class ChatMoved(Exception):
    """The chat lives on under another id (a Telegram group upgraded to a supergroup)."""

    def __init__(self, new_id: str) -> None:
        super().__init__(new_id)
        self.new_id = new_id


class BadCredentials(Exception):
    """The platform refused the bot's own token: nothing can work until it is fixed."""


class RetryLater(Exception):
    """A passing failure (rate limit, network, server error); try again, after
    `retry_after` seconds when the platform named a time."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class Sender(Protocol):
    """What delivery needs of a channel. A message is prepared into pieces (rendered,
    split under the platform's size limit, buttons on the last) and each piece is sent
    on its own, so a retry never repeats a piece already delivered.

    `send_piece` MUST raise ChatUnreachable, RetryLater or SendError rather than the
    platform's own exceptions, and SHOULD return the platform's message id."""

    channel: str

    def prepare(self, message: Outgoing) -> list[Any]: ...

    async def send_piece(self, to: Address, piece: Any) -> str | None: ...


# What a channel hands each incoming message to (the server's handler).
Handle = Callable[[Incoming], Awaitable[None]]


class ChannelAdapter(Protocol):
    """One chat platform, as the server runs it: updates in, a Sender out."""

    @property
    def channel(self) -> str: ...

    @property
    def sender(self) -> Sender: ...

    async def start(self, handle: Handle) -> None:
        """Connect and begin handing updates to HANDLE; raises BadCredentials when the
        platform refuses the token, RetryLater when it cannot be reached (the server
        calls start again later)."""

    async def stop(self) -> None:
        """Take no more updates (the one in hand is finished)."""

    async def close(self) -> None:
        """Release connections, after sending has stopped."""
