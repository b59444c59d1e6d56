"""The neutral messages between chat platforms and the conversation core.

A channel adapter turns a platform update into one `Incoming`, hands it to the core, and
sends back each `Outgoing` it gets. The core never sees a platform type, and adapters
never decide anything about assignments.
"""

from __future__ import annotations

from collections.abc import Mapping
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


class Sender(Protocol):
    """What the core and the scheduler need of a channel: send one message, get its id."""

    async def send(self, message: Outgoing) -> str | None: ...
