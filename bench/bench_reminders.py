"""Benchmark: the outbox's sending loop against one APScheduler job per reminder.

- Dispatch: 100,000 reminders due at once (one per open assignment of 100,000 over 5,000
  units) claimed, rendered, handed to a null sender and each marked as its outcome
  arrives, by the sending loop the bot runs (its default batch and concurrency), on
  SQLite (and on PostgreSQL with --postgres, a throwaway server from the machine's
  binaries).
- Baseline, in the same run: one APScheduler DateTrigger job per reminder in a
  SQLAlchemyJobStore on the same kind of database: the time to schedule 100,000 and the
  time to fire them all.
- Start-up: the real `dondoc run` process on the seeded database, against the Telegram
  emulator: seconds until it polls for updates, and its resident memory then.
- Latency: a reminder due a few seconds ahead (real time, office hours widened to the
  whole day): how long after its time it reaches the emulator.

    python -m bench.bench_reminders [--count 100000] [--postgres] [--output FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update

from bench.bench_commands import NOW, UNITS, seed
from bench.report import publish
from bot.commands import COMMANDS
from bot.conversation.core import Bot
from bot.conversation.reminder_content import ReminderContent
from bot.settings import Settings
from messages import Renderer
from messages.neutral import Address, Outgoing
from scheduler.outbox import SENT, Job, OutboxStore, Outcome
from scheduler.outbox.claim import PLANNED_COLUMNS
from scheduler.outbox.mark import mark
from scheduler.ports import Planned
from scheduler.sending import Sending
from storage.db import make_engine, make_session_factory, transaction
from storage.models import Assignment, OutboxMessage
from storage.models import outbox as ob

ROOT = Path(__file__).resolve().parent.parent


class NullSender:
    """Renders like a channel, sends nowhere."""

    channel = "console"

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self.count = 0

    def prepare(self, message: Outgoing) -> list[str]:
        return [
            self.renderer.render(
                message.template, message.values, message.lang, "html", message.today
            )
        ]

    async def send_piece(self, to: Address, piece: Any) -> str:
        self.count += 1
        return str(self.count)


def due_reminders(url: str, count: int) -> None:
    """One reminder due now for each of the first COUNT assignments, all made open."""
    engine = make_engine(url)
    with engine.begin() as c:
        c.execute(update(Assignment).values(state="open", extension_pending=False))
        ids = list(
            c.scalars(
                select(Assignment.id, Assignment.lead_unit_id).order_by(Assignment.id).limit(count)
            )
        )
        units = dict(c.execute(select(Assignment.id, Assignment.lead_unit_id)).all())
        rows = [
            {
                "assignment_id": i,
                "kind": ob.BEFORE,
                "priority": ob.PLANNED,
                "offset": "1d",
                "channel": "console",
                "chat_id": f"u{units[i]}",
                "person_id": units[i],
                "due_at": NOW - timedelta(minutes=1),
                "rank_at": NOW + timedelta(days=1),
                "state": ob.PENDING,
                "attempts": 0,
                "late": False,
                "ask": False,
            }
            for i in ids
        ]
        for start in range(0, len(rows), 10_000):
            c.execute(insert(OutboxMessage), rows[start : start + 10_000])
    engine.dispose()


def pending_later(url: str) -> None:
    """Every reminder pending again and due in a month (by the wall clock the bot
    process reads): the start-up measure meets a full outbox with nothing to send."""
    engine = make_engine(url)
    with engine.begin() as c:
        c.execute(
            update(OutboxMessage).values(
                state=ob.PENDING,
                message_id=None,
                claimed_by=None,
                due_at=datetime.now(UTC) + timedelta(days=30),
            )
        )
        assert c.scalar(select(func.count()).select_from(OutboxMessage)) > 0
    engine.dispose()


def _store(url: str) -> tuple[Any, OutboxStore]:
    engine = make_engine(url)
    settings = Settings(database_url=url)
    sessions = make_session_factory(engine)
    bot = Bot(sessions, settings, clock=lambda: NOW, commands=COMMANDS)
    content = ReminderContent(settings)
    return engine, OutboxStore(
        sessions, bot.clock, ["console"], bot.admin_notices, content, planner=bot.planner
    )


def measure_dispatch(url: str, count: int) -> dict[str, float]:
    """The sending loop as `dondoc run` makes it (default batch and concurrency)."""
    engine, store = _store(url)
    sender = NullSender(Renderer())
    started = time.perf_counter()
    asyncio.run(Sending(store, {"console": sender}).run_until_idle())
    seconds = time.perf_counter() - started
    engine.dispose()
    assert sender.count == count, (sender.count, count)
    with engine.connect() as c:
        sent = c.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.state == ob.SENT)
        )
    engine.dispose()
    assert sent == count, (sent, count)  # every row marked
    return {"seconds": seconds, "per_second": count / seconds}


BASELINE: dict[str, Any] = {}
_BASELINE_LOCK = threading.Lock()


def _fired() -> None:
    with _BASELINE_LOCK:
        BASELINE["fired"] += 1
        if BASELINE["fired"] == BASELINE["count"]:
            BASELINE["done"].set()


def baseline_job() -> None:
    """The trivial baseline job: count itself (a module-level function, so the job store
    can keep a reference to it)."""
    _fired()


def reminder_job(reminder_id: int) -> None:
    """The working baseline job: what one job per reminder must do for its reminder, the
    same work our loop does (load what the row names, render, hand to the sender, mark
    it sent), through the loop's own code, one row at a time."""
    store: OutboxStore = BASELINE["store"]
    with transaction(store.sessions) as session:
        row = Planned(
            *session.execute(select(*PLANNED_COLUMNS).where(OutboxMessage.id == reminder_id)).one()
        )
        assert store.content is not None
        message = store.content.messages(session, [row], NOW)[row.id]
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id)
            .values(state=ob.CLAIMED, claimed_by=store.owner)
        )
    job = Job(row.id, row.kind, ob.PLANNED, row.assignment_id, row.person_id, row.due_at, message)
    ids = (BASELINE["sender"].prepare(job.message) and str(reminder_id),)
    with transaction(store.sessions) as session:
        mark(
            session,
            owner=store.owner,
            now=NOW,
            results=[(job, Outcome(SENT, ids, "", job.message.to))],
            admins=store.admins,
            planner=store.planner,
        )
    _fired()


def _drop_job_table(url: str) -> None:
    """A fresh job store for each baseline on a shared server."""
    engine = make_engine(url)
    with engine.begin() as c:
        c.exec_driver_sql("DROP TABLE IF EXISTS apscheduler_jobs")
    engine.dispose()


def measure_apscheduler(url: str, count: int, work_url: str | None = None) -> dict[str, float]:
    """One DateTrigger job per reminder in a SQLAlchemyJobStore at URL: schedule, then
    fire. With WORK_URL each job does its reminder's work on that database (the
    reminders there are made pending again first); without, it only counts itself."""
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    BASELINE.update(fired=0, count=count, done=threading.Event())
    ids: list[int] = list(range(count))
    work_engine = None
    if work_url is not None:
        work_engine = make_engine(work_url)
        with work_engine.begin() as c:
            c.execute(
                update(OutboxMessage).values(state=ob.PENDING, message_id=None, claimed_by=None)
            )
            ids = list(c.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)))
        work_engine.dispose()
        work_engine, BASELINE["store"] = _store(work_url)
        BASELINE["sender"] = NullSender(Renderer())
    engine = make_engine(url)
    scheduler = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=engine)},
        job_defaults={"misfire_grace_time": None},
    )
    scheduler.start(paused=True)
    due = datetime.now(UTC) + timedelta(seconds=1)
    started = time.perf_counter()
    for n in ids:
        if work_url is None:
            scheduler.add_job(baseline_job, "date", run_date=due, id=f"r{n}")
        else:
            scheduler.add_job(reminder_job, "date", run_date=due, id=f"r{n}", args=[n])
    scheduled = time.perf_counter() - started
    time.sleep(max((due - datetime.now(UTC)).total_seconds(), 0))
    started = time.perf_counter()
    scheduler.resume()
    BASELINE["done"].wait(timeout=3600)
    fire = time.perf_counter() - started
    scheduler.shutdown(wait=False)
    engine.dispose()
    if work_engine is not None:
        assert BASELINE["sender"].count == 0  # prepare() renders; send_piece() never runs
        work_engine.dispose()
    return {
        "schedule_seconds": scheduled,
        "fire_seconds": fire,
        "per_second": count / (scheduled + fire),
    }


@contextmanager
def running_bot(url: str, env: dict[str, str], cwd: Path) -> Iterator[tuple[Any, Any]]:
    sys.path.insert(0, str(ROOT))
    from tests.support.process import dondoc
    from tests.support.telegram_api import TelegramAPI

    api = TelegramAPI()
    full = {
        "TELEGRAM_BOT_TOKEN": "1:BENCH",
        "TELEGRAM_API_URL": api.start(),
        "DATABASE_URL": url,
        **env,
    }
    try:
        with dondoc(["run"], full, cwd) as process:
            yield api, process
    finally:
        api.stop()


def measure_startup(url: str, cwd: Path) -> dict[str, float]:
    started = time.perf_counter()
    with running_bot(url, {}, cwd) as (api, process):
        api.wait_for(lambda: api.called("getUpdates"), timeout=120)
        seconds = time.perf_counter() - started
        status = Path(f"/proc/{process.pid}/status").read_text()
        rss_kb = int(
            next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))
        )
    return {"seconds": seconds, "rss_mb": rss_kb / 1024}


def measure_latency(cwd: Path) -> dict[str, float]:
    """A fresh database, office hours all day, a reminder a minute before a deadline
    seventy seconds ahead: it is due in ten seconds."""
    url = f"sqlite:///{cwd / 'latency.sqlite3'}"
    env = {
        "DONDOC_ADMINS": "telegram:1001",
        "DONDOC_REMIND_BEFORE": "1m",
        "DONDOC_OFFICE_HOURS": "00:00-23:59",
        "DONDOC_WORKDAYS": "mon-sun",
        "DONDOC_TIMEZONE": "Asia/Ho_Chi_Minh",
    }
    with running_bot(url, env, cwd) as (api, _):
        api.wait_for(lambda: api.called("getUpdates"), timeout=120)
        api.says(1001, "/donvi them SKHCN Sở Khoa học và Công nghệ")
        api.reply(1001, "Đã thêm đơn vị")
        code_text = None
        api.says(1001, "/moi SKHCN")
        code_text = api.reply(1001, "Mã mời")["text"]
        code = code_text.split("start=")[1][:8]
        api.says(2002, f"/start {code}")
        api.reply(2002, "Chào mừng")
        deadline = datetime.now(UTC) + timedelta(seconds=70)
        local = deadline.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Ho_Chi_Minh"))
        api.says(1001, f"/giao SKHCN | Đo độ trễ | {local:%H}h{local:%M} hôm nay")
        api.reply(1001, "Đã giao")
        engine = make_engine(url)
        with engine.connect() as c:
            due = c.scalar(select(OutboxMessage.due_at).where(OutboxMessage.kind == ob.BEFORE))
        engine.dispose()
        api.reply(2002, "Nhắc hạn")
        sent_at = datetime.now(UTC)
    return {"seconds": (sent_at - due).total_seconds()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL")
    parser.add_argument("--output", default="bench/results/reminders.md")
    args = parser.parse_args()
    lines = [
        f"{args.count:,} reminders due at once over {UNITS:,} units; Python "
        f"{platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs.",
        "",
        "| what | database | seconds | per second |",
        "| --- | --- | ---: | ---: |",
    ]
    extra: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        urls = [("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")]
        pg_context: Any = None
        if args.postgres:
            sys.path.insert(0, str(ROOT))
            from tests.support import pg

            pg_context = pg.server()
            urls.append(("PostgreSQL", pg_context.__enter__()))
        try:
            for name, url in urls:
                seed(url)
                due_reminders(url, args.count)
                ours = measure_dispatch(url, args.count)
                lines.append(
                    f"| our sending loop: claim, render, hand to a null sender, mark each "
                    f"| {name} "
                    f"| {ours['seconds']:.1f} | {ours['per_second']:,.0f} |"
                )
                jobs_url = f"sqlite:///{Path(tmp) / 'jobs.sqlite3'}"
                for label, work in (("trivial jobs", None), ("working jobs", url)):
                    if name == "SQLite":
                        Path(tmp, "jobs.sqlite3").unlink(missing_ok=True)
                    else:
                        _drop_job_table(url)
                    base = measure_apscheduler(
                        jobs_url if name == "SQLite" else url, args.count, work
                    )
                    lines.append(
                        f"| baseline, {label}: APScheduler, schedule {args.count:,} "
                        f"DateTrigger jobs | {name} | {base['schedule_seconds']:.1f} "
                        f"| {args.count / base['schedule_seconds']:,.0f} |"
                    )
                    lines.append(
                        f"| baseline, {label}: APScheduler, fire them | {name} "
                        f"| {base['fire_seconds']:.1f} "
                        f"| {args.count / base['fire_seconds']:,.0f} |"
                    )
                    extra.append(
                        f"- {name}: our sending loop is "
                        f"{ours['per_second'] / base['per_second']:.1f}× the baseline with "
                        f"{label} (schedule and fire), "
                        f"{base['fire_seconds'] / ours['seconds']:.1f}× "
                        f"its firing alone."
                    )
                if name == "SQLite":
                    pending_later(url)
                    start = measure_startup(url, Path(tmp))
                    extra.append(
                        f"- Start-up of `dondoc run` with {UNITS * 20:,} assignments "
                        f"and {args.count:,} pending reminders (SQLite): "
                        f"{start['seconds']:.2f} s to polling, "
                        f"{start['rss_mb']:.0f} MB resident."
                    )
            latency = measure_latency(Path(tmp))
            extra.append(f"- A due reminder left {latency['seconds']:.2f} s after its time.")
        finally:
            if pg_context is not None:
                pg_context.__exit__(None, None, None)
    report = "\n".join([*lines, "", *extra]) + "\n"
    publish(report, args.output)


if __name__ == "__main__":
    main()
