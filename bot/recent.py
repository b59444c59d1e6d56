"""The bot's messages of the last moments, by platform id, kept in memory.

A message's id reaches the database a little after it is sent (reminders are recorded
a batch at a time). A reply can be quicker than that; this memory bridges the gap, so a
reply to a message sent a moment ago is still traced to its assignment.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

# Enough for the messages of a few minutes at Telegram's 30 a second.
KEEP = 20_000


class RecentMessages:
    def __init__(self, keep: int = KEEP) -> None:
        self._keep = keep
        self._ids: OrderedDict[tuple[str, str, str], tuple[int, ...]] = OrderedDict()
        self._lock = threading.Lock()  # the core runs in worker threads

    def remember(
        self, channel: str, chat_id: str, message_ids: Sequence[str], assignments: Sequence[int]
    ) -> None:
        with self._lock:
            for message_id in message_ids:
                self._ids[(channel, chat_id, message_id)] = tuple(assignments)
            while len(self._ids) > self._keep:
                self._ids.popitem(last=False)

    def assignments(self, channel: str, chat_id: str, message_id: str) -> tuple[int, ...] | None:
        with self._lock:
            return self._ids.get((channel, chat_id, message_id))
