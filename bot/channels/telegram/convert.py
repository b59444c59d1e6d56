"""Telegram updates as the core's neutral messages."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Chat, Document, Message, User
from telegram.error import TelegramError

from bot.intake.read_file import SUFFIXES
from messages.neutral import MAX_INCOMING_FILE, Attachment, Incoming

log = logging.getLogger(__name__)

CHANNEL = "telegram"
GROUPS = (Chat.GROUP, Chat.SUPERGROUP)


def addressed_elsewhere(text: str, username: str) -> bool:
    """ "/nhiemvu@other_bot" in a group is for another bot."""
    first = text.split(maxsplit=1)[0] if text.startswith("/") else ""
    _, at, target = first.partition("@")
    return bool(at) and target.lower() != username.lower()


def _name(user: User) -> str:
    return user.full_name or user.username or str(user.id)


async def fetch(document: Document, wanted: bool = True) -> Attachment:
    """A document sent to the bot, its content fetched when it is WANTED (the sender may
    import: nobody else's file is downloaded), the bot reads that kind of file and it is
    not too large; otherwise (or when the download fails) without content, and the core
    says why."""
    name = document.file_name or "document"
    size = document.file_size
    data = b""
    if wanted and name.lower().endswith(SUFFIXES) and (size or 0) <= MAX_INCOMING_FILE:
        try:
            data = bytes(await (await document.get_file()).download_as_bytearray())
        except TelegramError as error:
            log.warning("could not download %s: %s", name, error)
    if size is None:
        size = len(data)
        if size > MAX_INCOMING_FILE:  # Telegram did not say its size: measured instead
            data = b""
    return Attachment(name, data, size=size)


def from_message(
    message: Message, user: User, bot_id: int, attachment: Attachment | None = None
) -> Incoming:
    replied = message.reply_to_message
    to_bot = (
        replied is not None and replied.from_user is not None and replied.from_user.id == bot_id
    )
    return Incoming(
        channel=CHANNEL,
        chat_id=str(message.chat.id),
        sender_id=str(user.id),
        sender_name=_name(user),
        text=message.text or message.caption or "",
        is_group=message.chat.type in GROUPS,
        message_id=str(message.message_id),
        reply_to=str(replied.message_id) if to_bot and replied is not None else None,
        language=user.language_code,
        chat_title=message.chat.title or "",
        attachment=attachment,
    )


def from_button(query: CallbackQuery) -> Incoming | None:
    """A button press is its command, typed by the one who pressed it."""
    message = query.message
    if message is None or not query.data:
        return None
    return Incoming(
        channel=CHANNEL,
        chat_id=str(message.chat.id),
        sender_id=str(query.from_user.id),
        sender_name=_name(query.from_user),
        text=query.data,
        is_group=message.chat.type in GROUPS,
        message_id=f"button:{query.id}",
        language=query.from_user.language_code,
        chat_title=message.chat.title or "",
    )
