"""Reading, from the test's side, the database a running `dondoc` process writes: an
engine of its own per look, disposed after it, so no connection outlives the look."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, select

from storage.db import make_engine
from storage.models import SentMessage


@contextmanager
def connected(url: str) -> Iterator[Connection]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def recorded(url: str, channel: str, chat_id: int | str, message_id: int | str) -> bool:
    """Whether the bot has recorded a message it sent. A reply to a bot message is read
    through that record, so a test that answers at machine speed waits for it first (a
    person reads before replying; the record lands milliseconds after the send)."""
    with connected(url) as c:
        found = c.execute(
            select(SentMessage.id).where(
                SentMessage.channel == channel,
                SentMessage.chat_id == str(chat_id),
                SentMessage.message_id == str(message_id),
            )
        ).first()
    return found is not None
