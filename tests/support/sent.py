"""What the running bot has recorded of a message it sent: a reply to a bot message is
read through that record, so a test that answers at machine speed waits for it first
(a person reads before replying; the record lands milliseconds after the send)."""

from __future__ import annotations

from sqlalchemy import select

from storage.db import make_engine
from storage.models import SentMessage


def recorded(db_url: str, channel: str, chat_id: int | str, message_id: int | str) -> bool:
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            found = connection.execute(
                select(SentMessage.id).where(
                    SentMessage.channel == channel,
                    SentMessage.chat_id == str(chat_id),
                    SentMessage.message_id == str(message_id),
                )
            ).first()
    finally:
        engine.dispose()
    return found is not None
