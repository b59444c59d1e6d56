"""The Zalo Bot API: a client for its methods and a parser for its updates. The channel
that turns them into neutral messages for the core builds on these."""

from bot.channels.zalo.client import MAX_TEXT_LENGTH, BotInfo, WebhookInfo, ZaloClient
from bot.channels.zalo.errors import (
    ZaloError,
    ZaloRefused,
    ZaloRetryLater,
    ZaloUnauthorized,
    ZaloUnreachable,
)
from bot.channels.zalo.updates import SECRET_HEADER, ZaloUpdate, parse_update, secret_matches

__all__ = [
    "MAX_TEXT_LENGTH",
    "SECRET_HEADER",
    "BotInfo",
    "WebhookInfo",
    "ZaloClient",
    "ZaloError",
    "ZaloRefused",
    "ZaloRetryLater",
    "ZaloUnauthorized",
    "ZaloUnreachable",
    "ZaloUpdate",
    "parse_update",
    "secret_matches",
]
