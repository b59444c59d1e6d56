"""The Telegram channel, on python-telegram-bot: updates in, neutral messages to the core,
neutral messages out. Nothing here decides anything about assignments."""

from bot.channels.telegram.adapter import REPORTED, TelegramChannel

__all__ = ["REPORTED", "TelegramChannel"]
