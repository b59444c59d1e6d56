"""What a platform hands the bot, cleaned before anything reads or stores it.

Text can carry what no official means to type and what breaks what comes after: a lone
surrogate (which no database can encode), NUL and other control characters (which
PostgreSQL refuses), and invisible format characters (zero-width spaces, right-to-left
marks) that make two identical-looking unit names different. Ids are the platform's own,
short; one of hundreds of characters is not a platform's, and the message is dropped.
"""

from __future__ import annotations

import dataclasses
import unicodedata

from messages.neutral import Incoming

# Platform ids (Telegram's numbers, Zalo's hex ids) are far shorter than this.
MAX_ID = 64
_KEPT_CONTROLS = {"\n", "\t"}


def clean(text: str) -> str:
    """TEXT without surrogates, control characters (new lines and tabs kept, a CR made a
    new line) and format characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch
        for ch in text
        if ch in _KEPT_CONTROLS or unicodedata.category(ch) not in ("Cs", "Cc", "Cf")
    )


def cleaned(message: Incoming) -> Incoming | None:
    """MESSAGE with its words cleaned; None when its ids cannot be a platform's."""
    ids = (message.chat_id, message.sender_id, message.message_id or "", message.reply_to or "")
    if any(len(i) > MAX_ID or clean(i) != i for i in ids):
        return None
    return dataclasses.replace(
        message,
        text=clean(message.text),
        sender_name=clean(message.sender_name),
        chat_title=clean(message.chat_title),
    )
