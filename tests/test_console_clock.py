"""The console shows time passing: `/dongho` moves its clock forward, and what falls due
meanwhile (reminders, overdue notices, digests) is printed as each recipient gets it."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.channels.console import ConsoleChannel
from bot.conversation.core import Bot
from bot.wiring.terminal import console_outbox, run_own_jobs
from messages import Renderer
from storage.models import Assignment
from tests.support.clock import FakeClock
from tests.support.harness import Harness
from tests.test_cli import run
from tests.world import build_world


def console(bot: Bot, renderer: Renderer, clock: FakeClock) -> ConsoleChannel:
    """A console as `dondoc console` builds it, on the test's clock."""

    def move(delta: timedelta) -> None:
        clock.advance(seconds=delta.total_seconds())

    return ConsoleChannel(
        bot,
        renderer,
        out=io.StringIO(),
        outbox=console_outbox(bot),
        move_clock=move,
        after_moving=lambda: run_own_jobs(bot.sessions, bot.clock, bot.planner),
    )


def test_moving_the_clock_delivers_what_fell_due(
    h: Harness, renderer: Renderer, clock: FakeClock
) -> None:
    build_world(h)  # #1 (SKHCN: lan) is due Tuesday 10/02/2026; it is Monday 05/01, 9h
    channel = console(h.bot, renderer, clock)
    shown = channel.say("/dongho +30d")
    mine = [s.text for s in shown if s.to == "admin"]
    assert "Đồng hồ của console: Thứ Tư, 04/02/2026, 09h00" in mine[0]
    assert "tiến từ 05/01/2026 09h00" in mine[0]
    to_lan = [s.text for s in shown if s.to == "lan"]
    # Only the latest reminder due is sent (7 days before), never one per day skipped,
    # and it does not claim the system was down.
    assert len(to_lan) == 1 and "Nhắc hạn #1: còn 6 ngày" in to_lan[0]
    assert "gián đoạn" not in to_lan[0]
    shown = channel.say("/dongho 11/02/2026 8h")  # the day after the deadline
    assert "Quá hạn" in next(s.text for s in shown if s.to == "lan")


def test_a_day_without_a_time_is_its_working_morning(
    h: Harness, renderer: Renderer, clock: FakeClock
) -> None:
    build_world(h)
    shown = console(h.bot, renderer, clock).say("/dongho 09/01/2026")
    assert "Thứ Sáu, 09/01/2026, 08h00" in shown[0].text
    assert clock().astimezone(h.bot.settings.timezone).hour == 8


def test_the_clock_refuses_what_it_cannot_do(
    h: Harness, renderer: Renderer, clock: FakeClock
) -> None:
    build_world(h)
    channel = console(h.bot, renderer, clock)
    start = clock()
    assert "chỉ tiến, không lùi" in channel.say("/dongho 01/01/2026")[0].text
    assert "Cách dùng: /dongho +3d" in channel.say("/dongho sớm nhất")[0].text
    assert "Đồng hồ của console: Thứ Hai, 05/01/2026" in channel.say("/dongho")[0].text
    channel.user = "lan"
    assert "chỉ dành cho quản trị viên" in channel.say("/dongho +1d")[0].text
    assert clock() == start  # nothing moved it
    fixed = ConsoleChannel(h.bot, renderer, out=io.StringIO())  # no mover handed in
    assert "không tiến được" in fixed.say("/dongho +1d")[0].text
    assert clock() == start


def test_the_jobs_of_a_running_bot_run_after_a_move(
    h: Harness, renderer: Renderer, clock: FakeClock
) -> None:
    build_world(h)
    h.reply("admin", "/giao SKHCN | Báo cáo tháng | ngày 31 hằng tháng")
    channel = console(h.bot, renderer, clock)
    channel.say("/dongho 01/02/2026 8h")
    with h.sessions() as session:
        # January's occurrence passed: February's is made, as the nightly job would.
        assert session.scalar(select(func.count()).select_from(Assignment)) == 4
    shown = channel.say("/dongho +1d")
    assert "Thứ Hai, 02/02/2026, 08h00" in shown[0].text


def test_the_console_command_moves_its_clock(tmp_path: Path) -> None:
    (tmp_path / "now").write_text("2026-01-05T09:00:00+07:00")
    result = run(
        ["console"],
        cwd=tmp_path,
        stdin="/dongho\n/dongho +2d\n/clock +3h\n",
        env={"DONDOC_CLOCK_FILE": str(tmp_path / "now")},
    )
    assert result.returncode == 0, result.stderr
    said = re.findall(r"Đồng hồ của console: ([^.(]+)", result.stdout)
    assert [s.strip() for s in said] == [
        "Thứ Hai, 05/01/2026, 09h00",
        "Thứ Tư, 07/01/2026, 09h00",
        "Thứ Tư, 07/01/2026, 12h00",
    ]
