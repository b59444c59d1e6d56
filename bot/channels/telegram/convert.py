"""Telegram updates as the core's neutral messages."""

from __future__ import annotations

from telegram import CallbackQuery, Chat, Message, User

from bot.channel import Incoming

CHANNEL = "telegram"
GROUPS = (Chat.GROUP, Chat.SUPERGROUP)


def addressed_elsewhere(text: str, username: str) -> bool:
    """ "/nhiemvu@other_bot" in a group is for another bot."""
    first = text.split(maxsplit=1)[0] if text.startswith("/") else ""
    _, at, target = first.partition("@")
    return bool(at) and target.lower() != username.lower()


def _name(user: User) -> str:
    return user.full_name or user.username or str(user.id)


def from_message(message: Message, user: User, bot_id: int) -> Incoming:
    replied = message.reply_to_message
    to_bot = (
        replied is not None and replied.from_user is not None and replied.from_user.id == bot_id
    )
    return Incoming(
        channel=CHANNEL,
        chat_id=str(message.chat.id),
        sender_id=str(user.id),
        sender_name=_name(user),
        text=message.text or "",
        is_group=message.chat.type in GROUPS,
        message_id=str(message.message_id),
        reply_to=str(replied.message_id) if to_bot and replied is not None else None,
        language=user.language_code,
        chat_title=message.chat.title or "",
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
