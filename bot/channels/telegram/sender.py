"""Sending neutral messages through the Telegram Bot API: HTML, split under 4096
characters at line boundaries, buttons under the last piece, errors made neutral."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from telegram import (
    Bot,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    ReplyParameters,
)
from telegram.constants import MessageLimit, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.channels.telegram.convert import CHANNEL
from messages import Renderer
from messages.neutral import (
    PHOTO,
    Address,
    Attachment,
    ChatMoved,
    ChatUnreachable,
    Outgoing,
    RetryLater,
    SendError,
)
from messages.split import split_message

BUTTONS_PER_ROW = 4


@dataclass(frozen=True)
class Piece:
    text: str
    markup: InlineKeyboardMarkup | ForceReply | None
    reply_to: str | None
    attachment: Attachment | None = None


class TelegramSender:
    channel = CHANNEL

    def __init__(self, bot: Bot, renderer: Renderer) -> None:
        self.bot = bot
        self.renderer = renderer

    def prepare(self, message: Outgoing) -> list[Piece]:
        text = self.renderer.render(
            message.template, message.values, message.lang, "html", message.today
        )
        if message.attachment is not None:
            # The text is the file's caption; a longer text goes first as messages.
            fits = len(text) <= MessageLimit.CAPTION_LENGTH
            pieces = [] if fits else split_message(text, MessageLimit.MAX_TEXT_LENGTH, html=True)
            file = Piece(text if fits else "", None, None, message.attachment)
            return [*(Piece(p, None, None) for p in pieces), file]
        pieces = split_message(text, MessageLimit.MAX_TEXT_LENGTH, html=True)
        markup: InlineKeyboardMarkup | ForceReply | None = None
        if message.ask and message.reply_to and not message.buttons:
            # In a group with privacy mode, the answer reaches the bot only as a reply.
            markup = ForceReply(selective=True)
        if message.buttons:
            keys = [
                InlineKeyboardButton(
                    b.label(self.renderer, message.lang),
                    callback_data=b.command,
                )
                for b in message.buttons
            ]
            # Rows a phone shows whole: a few buttons each.
            markup = InlineKeyboardMarkup(
                [keys[i : i + BUTTONS_PER_ROW] for i in range(0, len(keys), BUTTONS_PER_ROW)]
            )
        last = len(pieces) - 1
        return [
            Piece(p, markup if i == last else None, message.reply_to if i == 0 else None)
            for i, p in enumerate(pieces)
        ]

    async def send_piece(self, to: Address, piece: Piece) -> str | None:  # type: ignore[override]
        try:
            if piece.attachment is not None:
                return await self._send_file(to, piece)
            sent = await self.bot.send_message(
                chat_id=to.chat_id,
                text=piece.text,
                parse_mode=ParseMode.HTML,
                reply_markup=piece.markup,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                reply_parameters=(
                    ReplyParameters(int(piece.reply_to), allow_sending_without_reply=True)
                    if piece.reply_to
                    else None
                ),
            )
        except ChatMigrated as error:
            raise ChatMoved(str(error.new_chat_id)) from error
        except Forbidden as error:
            raise ChatUnreachable(str(error)) from error
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            raise RetryLater(str(error), seconds) from error
        except BadRequest as error:
            if "chat not found" in str(error).lower():
                raise ChatUnreachable(str(error)) from error
            raise SendError(str(error)) from error
        except NetworkError as error:
            # Timeouts, connection errors, 5xx. A read timeout may hide a message Telegram
            # did accept, so a retry can repeat it: one repeat beats one loss.
            raise RetryLater(str(error)) from error
        except TelegramError as error:
            raise SendError(str(error)) from error
        return str(sent.message_id)

    async def _send_file(self, to: Address, piece: Piece) -> str:
        attachment = piece.attachment
        assert attachment is not None
        file = InputFile(attachment.data, filename=attachment.filename)
        caption = piece.text or None
        if attachment.kind == PHOTO:
            sent = await self.bot.send_photo(
                chat_id=to.chat_id, photo=file, caption=caption, parse_mode=ParseMode.HTML
            )
        else:
            sent = await self.bot.send_document(
                chat_id=to.chat_id, document=file, caption=caption, parse_mode=ParseMode.HTML
            )
        return str(sent.message_id)
