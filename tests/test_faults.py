"""Faults on the real `dondoc run` process: killed (SIGKILL) and stopped (SIGTERM) in the
middle of sending, against the Bot API emulators made slow, then started again; and two
processes on one PostgreSQL. What the emulators received is counted per chat and task:
nothing lost, and nothing doubled but what was in flight at the kill, at most one per
chat line.

Time is the process's own file clock, never advanced: what a killed process had claimed
is taken over at the restart at once (its pid is gone), without waiting for any lease.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from storage.models import Assignment
from storage.models import outbox as ob
from tests.support import fleet
from tests.support.clock import VN
from tests.support.peek import connected
from tests.support.process import dondoc, output
from tests.support.telegram_api import TelegramAPI
from tests.support.zalo_api import TOKEN as ZALO_TOKEN
from tests.support.zalo_api import ZaloAPI

TOKEN = "123456:FAULTS-token"
ADMIN = 1001
COMMITTEE = -100500
CONCURRENCY = 8
# Long enough that a kill lands mid-dispatch; short enough for CI.
SLOW = 0.02
WAIT = 90.0  # a guard against a hung bot only; no assertion is about time


def _env(db_url: str, clock: Path, **more: str) -> dict[str, str]:
    return {
        "DATABASE_URL": db_url,
        "DONDOC_CLOCK_FILE": str(clock),
        "DONDOC_ADMINS": f"telegram:{ADMIN}",
        "DONDOC_SEND_BACKOFF": "50ms",
        "DONDOC_SEND_CONCURRENCY": str(CONCURRENCY),
        # Telegram's limits, raised as a self-hosted Bot API server allows: the test is
        # about faults, not about waiting out 20 messages a minute in a group.
        "DONDOC_TELEGRAM_RATE": "2000",
        "DONDOC_TELEGRAM_GROUP_RATE": "60000",
        "DONDOC_DISPATCH_INTERVAL": "1s",
        **more,
    }


class Platforms:
    """The emulators a test runs the bot against, and what they delivered."""

    def __init__(self, telegram: bool = True, zalo: bool = False) -> None:
        self.telegram = TelegramAPI(delay=SLOW) if telegram else None
        self.zalo = ZaloAPI(delay=SLOW) if zalo else None
        self.env: dict[str, str] = {}
        if self.telegram is not None:
            self.env |= {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": self.telegram.start()}
        if self.zalo is not None:
            self.env |= {"ZALO_BOT_TOKEN": ZALO_TOKEN, "ZALO_API_URL": self.zalo.start()}

    def delivered(self) -> Counter[tuple[str, int]]:
        found: Counter[tuple[str, int]] = Counter()
        for api in (self.telegram, self.zalo):
            if api is not None:
                found += fleet.received(api.delivered())
        return found

    def wait_for(self, predicate: Any) -> Any:
        api = self.telegram or self.zalo
        assert api is not None
        return api.wait_for(predicate, timeout=WAIT)

    def polling(self) -> bool:
        return all(api is None or api.called("getUpdates") for api in (self.telegram, self.zalo))

    def polls(self) -> int:
        """getUpdates calls so far, on every platform."""
        apis = (self.telegram, self.zalo)
        return sum(len(api.called("getUpdates")) for api in apis if api is not None)

    def stop(self) -> None:
        for api in (self.telegram, self.zalo):
            if api is not None:
                api.stop()


@contextmanager
def platforms(**which: bool) -> Iterator[Platforms]:
    running = Platforms(**which)
    try:
        yield running
    finally:
        running.stop()


def _clock(tmp_path: Path, moment: datetime = fleet.REMINDER_AT) -> Path:
    path = tmp_path / "now"
    path.write_text(moment.isoformat(), encoding="utf-8")
    return path


def _all_out(p: Platforms, expected: Counter[tuple[str, int]]) -> None:
    """Everything EXPECTED delivered, by the process just started, once it is serving: the
    killed one may have sent the last rows itself, and stopping a process still starting
    up (before its signal handlers) would test nothing."""
    polls = p.polls()
    p.wait_for(lambda: set(p.delivered()) >= set(expected) and p.polls() > polls)


def _check(
    expected: Counter[tuple[str, int]], got: Counter[tuple[str, int]], may_double: set[Any]
) -> None:
    lost = set(expected) - set(got)
    doubled = {key for key, n in got.items() if n > expected[key]}
    assert lost == set(), f"{len(lost)} lost: {sorted(lost)[:10]}"
    assert doubled <= may_double, (
        f"doubled beyond what was in flight: {sorted(doubled - may_double)}"
    )
    assert all(n <= expected[key] + 1 for key, n in got.items()), "a message went three times"


def _in_flight(p: Platforms, db_url: str) -> set[tuple[str, int]]:
    """What the platforms delivered and the dead process had not marked sent: all a
    restart may repeat. A request the dead process had already sent may still be on its
    way through the emulator's threads on a loaded machine: counted once they are done."""
    _settled(p)
    return set(p.delivered()) - fleet.marked_sent(db_url)


def _settled(p: Platforms, quiet: float = 0.5) -> None:
    """Until the emulators have recorded no new call for QUIET seconds (not a deadline:
    how long a thread that has a request may take to write it down)."""
    seen = -1
    while (count := sum(p.delivered().values())) != seen:
        seen = count
        time.sleep(quiet)


def _kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


# -- a thousand reminders due at once -------------------------------------------------


def test_kill_9_mid_dispatch_repeats_at_most_one_per_chat_and_loses_none(
    db_url: str, tmp_path: Path
) -> None:
    crew = fleet.seed(db_url)
    expected = crew.expected()
    assert sum(expected.values()) == 1000
    env = _env(db_url, _clock(tmp_path))
    with platforms() as p:
        with dondoc(["run"], env | p.env, tmp_path, "first.log") as first:
            p.wait_for(lambda: sum(p.delivered().values()) >= 300 or first.poll() is not None)
            assert first.poll() is None, output(tmp_path, "first.log")
            _kill(first)
        in_flight = _in_flight(p, db_url)
        assert len({chat for chat, _ in in_flight}) == len(in_flight)  # one per chat line
        assert fleet.rows(db_url, ob.CLAIMED) > 0, "killed before it claimed: no fault tested"
        assert sum(p.delivered().values()) < 1000, "killed after it sent all: no fault tested"
        with dondoc(["run"], env | p.env, tmp_path, "second.log") as second:
            _all_out(p, expected)
        assert second.returncode == 0, output(tmp_path, "second.log")
        _check(expected, p.delivered(), in_flight)
    assert fleet.rows(db_url, ob.CLAIMED) == 0


def _stop_mid_dispatch(db_url: str, tmp_path: Path, p: Platforms, args: list[str]) -> None:
    """SIGTERM while a thousand reminders go: it finishes and marks what is in flight,
    releases the rest, exits cleanly; the next start sends the rest. Nothing twice."""
    crew = fleet.seed(db_url, channel=_channels(p))
    expected = crew.expected()
    env = _env(db_url, _clock(tmp_path))
    with dondoc(args, env | p.env, tmp_path, "first.log") as first:
        p.wait_for(lambda: sum(p.delivered().values()) >= 300 or first.poll() is not None)
        assert first.poll() is None, output(tmp_path, "first.log")
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=WAIT) == 0, output(tmp_path, "first.log")
    assert sum(p.delivered().values()) < 1000, "stopped after it sent all: no fault tested"
    assert _in_flight(p, db_url) == set()  # everything delivered was marked
    assert fleet.rows(db_url, ob.CLAIMED) == 0  # and nothing is left claimed
    with dondoc(args, env | p.env, tmp_path, "second.log") as second:
        _all_out(p, expected)
    assert second.returncode == 0, output(tmp_path, "second.log")
    _check(expected, p.delivered(), set())


def _channels(p: Platforms) -> Any:
    if p.telegram is not None and p.zalo is not None:
        return lambda unit: "zalo" if unit % 2 else "telegram"
    return lambda unit: "telegram" if p.telegram is not None else "zalo"


def test_sigterm_mid_dispatch_doubles_nothing_and_loses_nothing(
    db_url: str, tmp_path: Path
) -> None:
    with platforms() as p:
        _stop_mid_dispatch(db_url, tmp_path, p, ["run"])


def test_sigterm_mid_dispatch_on_zalo(db_url: str, tmp_path: Path) -> None:
    with platforms(telegram=False, zalo=True) as p:
        _stop_mid_dispatch(db_url, tmp_path, p, ["run", "--channel", "zalo"])


def test_sigterm_mid_dispatch_on_both_platforms(db_url: str, tmp_path: Path) -> None:
    with platforms(telegram=True, zalo=True) as p:
        _stop_mid_dispatch(db_url, tmp_path, p, ["run"])
        assert p.telegram is not None and p.zalo is not None
        assert p.telegram.delivered() and p.zalo.delivered()  # both took their share


# -- the notices of two hundred commands ----------------------------------------------


def _assignments(db_url: str) -> int:
    with connected(db_url) as c:
        count = c.scalar(select(func.count()).select_from(Assignment))
    return int(count or 0)


def test_kill_9_with_the_notices_of_200_commands_queued(db_url: str, tmp_path: Path) -> None:
    """Each /giao answers the admin, tells the unit's official and the committee group:
    600 messages, three chat lines. Killed once all 200 tasks are committed, the bot sends
    every notice still owed after the restart, and repeats none it had marked."""
    crew = fleet.seed(db_url, units=1, per_unit=0, committee=("telegram", str(COMMITTEE)))
    official = crew.chats[1][1]
    env = _env(db_url, _clock(tmp_path, datetime(2026, 3, 2, 9, 0, tzinfo=VN)))
    expected = Counter(
        (chat, n) for n in range(1, 201) for chat in (str(ADMIN), official, str(COMMITTEE))
    )
    with platforms() as p:
        api = p.telegram
        assert api is not None
        api.delay = 0.05
        with dondoc(["run"], env | p.env, tmp_path, "first.log") as first:
            p.wait_for(lambda: p.polling() or first.poll() is not None)
            for n in range(1, 201):
                api.says(ADMIN, f"/giao U001 | Việc số {n} | 20/03/2026")
            p.wait_for(lambda: _assignments(db_url) == 200 or first.poll() is not None)
            assert first.poll() is None, output(tmp_path, "first.log")
            _kill(first)
        queued = fleet.rows(db_url, ob.PENDING, ob.CLAIMED)
        assert queued > 0, "every notice was out before the kill: no fault tested"
        delivered = p.delivered()
        marked = _marked_messages(db_url)
        in_flight = set(delivered) - marked
        assert len(in_flight) <= 3 and len({c for c, _ in in_flight}) == len(in_flight)
        with dondoc(["run"], env | p.env, tmp_path, "second.log") as second:
            _all_out(p, expected)
        assert second.returncode == 0, output(tmp_path, "second.log")
        _check(expected, p.delivered(), in_flight)
        assert _assignments(db_url) == 200  # updates seen again after the kill: handled once


def _marked_messages(db_url: str) -> set[tuple[str, int]]:
    """(chat, task) of every command message marked sent (the task it names first)."""
    from storage.models import OutboxMessage

    with connected(db_url) as c:
        found = {
            (chat, ids[0])
            for chat, ids in c.execute(
                select(OutboxMessage.chat_id, OutboxMessage.assignment_ids).where(
                    OutboxMessage.state == ob.SENT, OutboxMessage.kind == ob.MESSAGE
                )
            )
            if ids
        }
    return found


# -- two processes, one PostgreSQL ------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_processes_on_one_postgresql_send_each_message_once(
    db_url: str, tmp_path: Path
) -> None:
    crew = fleet.seed(db_url, committee=("telegram", str(COMMITTEE)))
    env = _env(db_url, _clock(tmp_path))
    official = crew.chats[1][1]
    expected = crew.expected() + Counter(
        (chat, n) for n in range(1001, 1051) for chat in (str(ADMIN), official, str(COMMITTEE))
    )
    with platforms() as p:
        api = p.telegram
        assert api is not None
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        with (
            dondoc(["run"], env | p.env, tmp_path / "a") as a,
            dondoc(["run"], env | p.env, tmp_path / "b") as b,
        ):
            # Both poll the same updates: each command is handled by one of them.
            for n in range(1001, 1051):
                api.says(ADMIN, f"/giao U001 | Việc thêm {n} | 20/03/2026")
            _all_out(p, expected)
        assert a.returncode == 0 and b.returncode == 0, output(tmp_path / "a")
        _check(expected, p.delivered(), set())
        assert len(_senders_of_sent_rows(db_url)) == 2  # both took a share


def _senders_of_sent_rows(db_url: str) -> set[str | None]:
    from storage.models import OutboxMessage

    with connected(db_url) as c:
        found = set(
            c.scalars(
                select(OutboxMessage.claimed_by).where(OutboxMessage.state == ob.SENT).distinct()
            )
        )
    return found


# -- a chat that refuses --------------------------------------------------------------


def test_a_blocked_chat_is_tried_once_and_its_other_rows_are_parked(
    db_url: str, tmp_path: Path
) -> None:
    """An official who blocked the bot, with 100 reminders due: one is tried (403), the
    admins are told once, the chat's other rows (99 due, 400 to come) are parked untried;
    the next unit is not held up. Writing to the bot again makes the official reachable:
    what is still to come is planned afresh, and nothing parked is replayed."""
    crew = fleet.seed(db_url, units=2, per_unit=100)
    blocked, other = crew.chats[1][1], crew.chats[2][1]
    env = _env(db_url, _clock(tmp_path))
    with platforms() as p:
        api = p.telegram
        assert api is not None
        api.blocked.add(blocked)
        with dondoc(["run"], env | p.env, tmp_path) as process:
            _all_out(p, Counter((other, n) for n in range(101, 201)))
            p.wait_for(lambda: fleet.rows(db_url, ob.PARKED) == 5 * 100 - 1)
            tried = [c for c in api.called("sendMessage") if str(c.params["chat_id"]) == blocked]
            assert len(tried) == 1
            api.reply(ADMIN, "người này đã chặn bot")
            assert fleet.rows(db_url, ob.UNREACHABLE) == 1
            api.blocked.discard(blocked)
            api.says(int(blocked), "/nhiemvu")
            api.reply(int(blocked), "Nhiệm vụ")
            p.wait_for(lambda: fleet.rows(db_url, ob.PARKED) == 0)  # replanned
            assert fleet.rows(db_url, ob.PENDING) == 2 * 4 * 100  # 3d, 1d, 0d, overdue
        assert process.returncode == 0, output(tmp_path)
        warnings = [t for chat, t in api.delivered() if chat == str(ADMIN)]
        assert len(warnings) == 1  # told once
        to_blocked = [t for chat, t in api.delivered() if chat == blocked]
        assert to_blocked[0].startswith("Nhiệm vụ đang mở")  # the listing (in pieces) only
        assert not any("Nhắc hạn" in t for t in to_blocked)


def test_429_and_5xx_mid_dispatch_lose_and_double_nothing(db_url: str, tmp_path: Path) -> None:
    """Telegram answers some sends with 429 (wait 1 s) and 5xx: they are retried, after
    the time Telegram names, and every reminder arrives exactly once."""
    crew = fleet.seed(db_url, units=10, per_unit=20)
    env = _env(db_url, _clock(tmp_path))
    with platforms() as p:
        api = p.telegram
        assert api is not None
        for n, (_, chat) in enumerate(crew.chats.values()):
            api.fail("sendMessage", 502, "Bad Gateway", chat=int(chat))
            api.fail("sendMessage", 500, "Internal Server Error", chat=int(chat))
            if n < 3:
                api.fail("sendMessage", 429, "Too Many Requests", retry_after=1, chat=int(chat))
        with dondoc(["run"], env | p.env, tmp_path) as process:
            _all_out(p, crew.expected())
        assert process.returncode == 0, output(tmp_path)
        _check(crew.expected(), p.delivered(), set())
        refused = [c for c in api.called("sendMessage") if c.result is None]
        assert len(refused) == 10 * 2 + 3
    assert fleet.rows(db_url, ob.FAILED) == 0
