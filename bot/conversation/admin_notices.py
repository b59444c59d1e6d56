"""Telling the admins about the system (a chat that cannot be reached, a reminder that
could not be sent): the bot's side of the sending loop's AdminNotices port."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.conversation.context import admin_addresses
from bot.settings import Settings
from messages.neutral import Outgoing


def admin_notices(
    session: Session,
    now: datetime,
    template: str,
    values: dict[str, Any],
    *,
    settings: Settings,
    admin_keys: frozenset[str],
) -> list[Outgoing]:
    """TEMPLATE for every admin, each in their language."""
    today = now.astimezone(settings.timezone).date()
    return [
        Outgoing(to=address, template=template, values=values, lang=lang, today=today)
        for address, lang in admin_addresses(session, admin_keys, settings.language)
    ]
