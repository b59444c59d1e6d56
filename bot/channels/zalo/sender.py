"""Sending neutral messages through the Zalo Bot API: plain text (Zalo shows no HTML),
split under 2000 characters at line boundaries, buttons written out as the commands they
carry, and files (which bots cannot send on Zalo) replaced by a note saying where to get
them."""

from __future__ import annotations

from bot.channels.zalo.client import MAX_TEXT_LENGTH, ZaloClient
from bot.channels.zalo.convert import CHANNEL
from messages import Renderer
from messages.neutral import Address, Outgoing
from messages.split import split_message


class ZaloSender:
    channel = CHANNEL

    def __init__(self, client: ZaloClient, renderer: Renderer) -> None:
        self.client = client
        self.renderer = renderer

    def prepare(self, message: Outgoing) -> list[str]:
        render = self.renderer.render
        text = render(message.template, message.values, message.lang, "text", message.today)
        if message.buttons:
            # No buttons on Zalo: the commands they would send, to type or copy.
            choices = [
                {
                    "label": b.label(self.renderer, message.lang),
                    "command": b.command,
                }
                for b in message.buttons
            ]
            text += "\n" + render("zalo_choices", {"choices": choices}, message.lang, "text")
        if message.attachment is not None:
            note = {"kind": message.attachment.kind, "name": message.attachment.filename}
            text += "\n" + render("zalo_no_file", note, message.lang, "text")
        return split_message(text, MAX_TEXT_LENGTH)

    async def send_piece(self, to: Address, piece: str) -> str | None:  # type: ignore[override]
        # The client raises the channel's own exceptions (RetryLater, ChatUnreachable,
        # SendError) for every failure, `ok: false` with HTTP 200 included.
        return await self.client.send_message(to.chat_id, piece)
