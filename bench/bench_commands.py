"""Benchmark: officials' commands through the core on a province-and-more sized database.

100,000 assignments over 5,000 units (20 each, a quarter of them with a supporting unit),
one official per unit. Times /nhiemvu (list the unit's open work) and /baocao (store a
report) handled by the core (their answers and notices written as outbox rows in the
command's transaction) and rendered, and /baocao with its rows then claimed, read back,
rendered and marked as the sending loop does, against a baseline measured in the same run:
an empty transaction through the same session factory (what any command pays at least),
and /trogiup (a command that reads nothing from the tables).

    python -m bench.bench_commands [--database-url URL] [--runs 1000] [--output FILE]

Writes a Markdown table (default bench/results/commands.md) and prints it.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from bench.report import publish
from bot.commands import COMMANDS
from bot.conversation.core import Bot
from bot.settings import Settings
from messages import Renderer
from messages.neutral import Incoming, Outgoing
from scheduler.outbox import SENT, OutboxStore, Outcome
from storage.db import make_engine, make_session_factory, transaction
from storage.migrate import upgrade
from storage.models import Account, Assignment, AssignmentSupport, Membership, Person, Unit

UNITS = 5_000
PER_UNIT = 20
NOW = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)


def seed(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    rng = random.Random(57)
    with engine.begin() as c:
        c.execute(
            insert(Unit),
            [
                {
                    "id": u,
                    "code": f"U{u:05d}",
                    "name": f"Đơn vị số {u}",
                    "name_key": f"don vi so {u}",
                    "created_at": NOW,
                }
                for u in range(1, UNITS + 1)
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
                    "created_at": NOW,
                }
                for u in range(1, UNITS + 1)
            ],
        )
        c.execute(
            insert(Account),
            [
                {
                    "person_id": u,
                    "channel": "console",
                    "external_id": f"u{u}",
                    "chat_id": f"u{u}",
                    "created_at": NOW,
                }
                for u in range(1, UNITS + 1)
            ],
        )
        c.execute(
            insert(Membership),
            [{"person_id": u, "unit_id": u, "joined_at": NOW} for u in range(1, UNITS + 1)],
        )
        rows, supports = [], []
        for n in range(1, UNITS * PER_UNIT + 1):
            unit = (n - 1) // PER_UNIT + 1
            due = date(2026, 1, 5) + timedelta(days=rng.randint(-30, 120))
            state = rng.choices(["open", "done", "cancelled"], [70, 25, 5])[0]
            rows.append(
                {
                    "id": n,
                    "lead_unit_id": unit,
                    "task": f"Nhiệm vụ số {n} của đơn vị {unit}",
                    "due_date": due,
                    "due_at": datetime(due.year, due.month, due.day, 17, tzinfo=UTC),
                    "state": state,
                    "extension_pending": False,
                    "closed_late": (rng.random() < 0.3) if state == "done" else None,
                    "created_at": NOW,
                }
            )
            if n % 4 == 0:
                supports.append(
                    {
                        "assignment_id": n,
                        "unit_id": rng.randint(1, UNITS),
                        "name": "Đơn vị phối hợp",
                        "position": 0,
                    }
                )
        for i in range(0, len(rows), 10_000):
            c.execute(insert(Assignment), rows[i : i + 10_000])
        c.execute(insert(AssignmentSupport), supports)
    engine.dispose()


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered), p99, max(ordered)


def measure(runs: int, action: Callable[[int], None]) -> list[float]:
    for i in range(20):  # warm caches and the connection pool
        action(i)
    samples = []
    for i in range(runs):
        start = time.perf_counter()
        action(i)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url")
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--output", default="bench/results/commands.md")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        started = time.perf_counter()
        seed(url)
        seeded = time.perf_counter() - started
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        settings = Settings(database_url=url)
        bot = Bot(sessions, settings, clock=lambda: NOW, commands=COMMANDS)
        renderer = Renderer()
        rng = random.Random(3)

        store = OutboxStore(
            sessions, bot.clock, ["console"], bot.admin_notices, None, planner=bot.planner
        )

        def send(out: Outgoing) -> Outcome:
            renderer.render(out.template, out.values, out.lang, "html", out.today)
            return Outcome(SENT, ("1",), to=out.to)

        def command(text_of: Callable[[int], str], sent: bool = False) -> Callable[[int], None]:
            def act(i: int) -> None:
                unit = rng.randint(1, UNITS)
                message = Incoming("console", f"u{unit}", f"u{unit}", f"u{unit}", text_of(unit))
                for out in bot.handle(message):  # its rows are written in its transaction
                    if not sent:
                        renderer.render(out.template, out.values, out.lang, "html", out.today)
                if sent:  # claimed, read back, rendered and marked, as the sending loop does
                    store.deliver_at_once(send)

            return act

        def report(u: int) -> str:
            return f"/baocao {open_by_unit[u] or 1} Đã hoàn thành 50%, đang tổng hợp"

        def empty_transaction(i: int) -> None:
            with transaction(sessions) as session:
                session.execute(text("SELECT 1"))

        def open_task_of(unit: int) -> int:
            with sessions() as s:
                return int(
                    s.execute(
                        text(
                            "SELECT id FROM assignments WHERE lead_unit_id = :u AND state = 'open' "
                            "ORDER BY id LIMIT 1"
                        ),
                        {"u": unit},
                    ).scalar()
                    or 0
                )

        open_by_unit = {u: open_task_of(u) for u in range(1, UNITS + 1, 1)}
        results = {
            "baseline: empty transaction": measure(args.runs, empty_transaction),
            "baseline: /trogiup": measure(args.runs, command(lambda u: "/trogiup")),
            "/nhiemvu": measure(args.runs, command(lambda u: "/nhiemvu")),
            "/baocao": measure(args.runs, command(report)),
        }
        store.deliver_at_once(send, limit=10 * args.runs)  # what the runs above left queued
        results["/baocao, its rows then sent from the outbox"] = measure(
            args.runs, command(report, sent=True)
        )
        engine.dispose()

    backend = url.split(":", 1)[0]
    lines = [
        f"Database: {backend}; {UNITS * PER_UNIT:,} assignments over {UNITS:,} units; "
        f"{args.runs} runs each; seeded in {seeded:.1f} s; "
        f"Python {platform.python_version()} on {platform.machine()}.",
        "",
        "| what | p50 (ms) | p99 (ms) | max (ms) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, samples in results.items():
        p50, p99, top = percentiles(samples)
        lines.append(f"| {name} | {p50:.2f} | {p99:.2f} | {top:.2f} |")
    report = "\n".join(lines) + "\n"
    publish(report, args.output)


if __name__ == "__main__":
    main()
