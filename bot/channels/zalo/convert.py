"""Zalo updates as the core's neutral messages."""

from __future__ import annotations

import re

from bot.channels.zalo.updates import ZaloUpdate
from messages.neutral import Incoming

CHANNEL = "zalo"


def from_update(update: ZaloUpdate, bot_name: str) -> Incoming | None:
    """The Incoming of a text message from a person; None for anything else (pictures,
    stickers, the bot's own messages), which the bot does not read."""
    if update.text is None or update.is_bot or not update.chat_id or not update.sender_id:
        return None
    text = update.text
    if update.is_group:
        # In a group the bot hears only messages that mention it: the mention is an
        # address, not part of the command ("@Đôn đốc /nhiemvu" is "/nhiemvu").
        text = _without_mention(text, bot_name)
    return Incoming(
        channel=CHANNEL,
        chat_id=update.chat_id,
        sender_id=update.sender_id,
        sender_name=update.sender_name or update.sender_id,
        text=text,
        is_group=update.is_group,
        message_id=update.message_id,
    )


def _without_mention(text: str, bot_name: str) -> str:
    if not bot_name:
        return text.strip()
    mention = re.compile(rf"@{re.escape(bot_name)}\b[\s,:]*", re.IGNORECASE)
    return mention.sub("", text, count=1).strip()
