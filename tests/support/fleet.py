"""Many units with one official each and their open work, written straight into a
database before the bot starts: what fault tests need to have a thousand reminders due at
once, without a thousand commands first. Reminders are planned by the real planner."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, insert, select, text

from bot.settings import Settings
from storage.db import make_engine, make_session_factory, transaction
from storage.deadline import Deadline
from storage.migrate import upgrade
from storage.models import Account, Assignment, GroupChat, Membership, OutboxMessage, Person, Unit
from storage.models import outbox as ob
from tests.support.clock import VN
from tests.support.peek import connected

# A Tuesday deadline: its 7-day reminder is due on the Tuesday before, at 07:30.
DEADLINE = date(2026, 3, 17)
REMINDER_AT = datetime(2026, 3, 10, 7, 31, tzinfo=VN)
TASK = re.compile(r"#(\d+)\b")


@dataclass(frozen=True)
class Fleet:
    chats: dict[int, tuple[str, str]]  # unit -> (channel, chat id) of its official
    tasks: dict[int, int]  # assignment -> unit

    def expected(self) -> Counter[tuple[str, int]]:
        """(chat, task) once for every assignment: what the reminders should bring."""
        return Counter((self.chats[unit][1], task) for task, unit in self.tasks.items())


def seed(
    url: str,
    *,
    units: int = 50,
    per_unit: int = 20,
    channel: Callable[[int], str] = lambda unit: "telegram",
    committee: tuple[str, str] | None = None,
) -> Fleet:
    """UNITS units, each with one official (chat id 10000 + unit on Telegram, "z<unit>"
    on Zalo) and PER_UNIT open assignments due on DEADLINE, their reminders planned."""
    engine = make_engine(url)
    upgrade(engine)
    now = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    chats = {
        u: (channel(u), str(10000 + u) if channel(u) == "telegram" else f"z{u}")
        for u in range(1, units + 1)
    }
    with engine.begin() as c:
        c.execute(
            insert(Unit),
            [
                {
                    "id": u,
                    "code": f"U{u:03d}",
                    "name": f"Đơn vị {u}",
                    "name_key": f"don vi {u}",
                    "created_at": now,
                }
                for u in chats
            ],
        )
        c.execute(
            insert(Person),
            [
                {
                    "id": u,
                    "display_name": f"Cán bộ {u}",
                    "language": "vi",
                    "is_admin": False,
                    "created_at": now,
                }
                for u in chats
            ],
        )
        c.execute(
            insert(Account),
            [
                {
                    "person_id": u,
                    "channel": ch,
                    "external_id": chat,
                    "chat_id": chat,
                    "created_at": now,
                }
                for u, (ch, chat) in chats.items()
            ],
        )
        c.execute(
            insert(Membership), [{"person_id": u, "unit_id": u, "joined_at": now} for u in chats]
        )
        tasks = {n: (n - 1) // per_unit + 1 for n in range(1, units * per_unit + 1)}
        if tasks:
            c.execute(
                insert(Assignment),
                [
                    {
                        "id": n,
                        "lead_unit_id": u,
                        "task": f"Nhiệm vụ {n}",
                        "due_date": DEADLINE,
                        "due_at": Deadline(DEADLINE).at(VN),
                        "state": "open",
                        "extension_pending": False,
                        "created_at": now,
                    }
                    for n, u in tasks.items()
                ],
            )
        if committee is not None:
            c.execute(
                insert(GroupChat),
                [
                    {
                        "channel": committee[0],
                        "chat_id": committee[1],
                        "kind": "committee",
                        "title": "Ban Chỉ đạo",
                        "bound_at": now,
                    }
                ],
            )
        if c.dialect.name == "postgresql":  # ids were given: move the sequences past them
            for table in ("units", "people", "assignments"):
                c.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                    )
                )
    settings = Settings(database_url=url)
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        planner = settings.planner()
        planner.replan_many(session, session.scalars(select(Assignment)).all(), now)
    engine.dispose()
    return Fleet(chats, tasks)


def received(delivered: Iterable[tuple[str, str]]) -> Counter[tuple[str, int]]:
    """(chat, task) of every delivered message, counted, read from the "#N" it names."""
    found: Counter[tuple[str, int]] = Counter()
    for chat, body in delivered:
        match = TASK.search(body)
        if match:
            found[(chat, int(match.group(1)))] += 1
    return found


def rows(url: str, *states: str) -> int:
    with connected(url) as c:
        count = c.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.state.in_(states))
        )
    return int(count or 0)


def marked_sent(url: str) -> set[tuple[str, int]]:
    """(chat, task) of every reminder marked sent."""
    with connected(url) as c:
        found = {
            (chat, task)
            for chat, task in c.execute(
                select(OutboxMessage.chat_id, OutboxMessage.assignment_id).where(
                    OutboxMessage.state == ob.SENT, OutboxMessage.kind.in_(ob.REMINDER_KINDS)
                )
            )
            if task is not None
        }
    return found
