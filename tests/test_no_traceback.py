"""No traceback ever reaches a person or the terminal: the real `dondoc` process (and, where
a wait would be real time, the real server with its wait injected) meets a folder it cannot
write, a pipe, no network, a database URL it does not know, a read-only database and a
reader that went away, and answers each in words."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from io import StringIO
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from bot import cli
from bot.channels.console import ConsoleChannel
from bot.channels.telegram import TelegramChannel
from bot.conversation.core import Bot
from bot.settings import Settings
from bot.wiring import readings
from bot.wiring.one_line import OneLineFormatter
from bot.wiring.process import BROKEN_PIPE, INTERRUPTED
from bot.wiring.serve import Server, connect_waits
from messages import Renderer
from messages.neutral import ChannelAdapter
from storage.db import (
    MissingDriver,
    UnsupportedDatabaseURL,
    database_location,
    engine_url,
    is_read_only,
    make_engine,
)
from tests.support.telegram_api import TelegramAPI
from tests.test_cli import ROOT, clean_env, run

DONDOC = [sys.executable, "-m", "bot.cli"]
TOKEN = "123456:NO-traceback-token-never-shown"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert 'File "' not in result.stderr, result.stderr


@pytest.fixture
def migrated(tmp_path: Path, sqlite_template: Path) -> Path:
    """A migrated SQLite file of the test's own."""
    path = tmp_path / "dondoc.sqlite3"
    shutil.copy(sqlite_template, path)
    return path


# --- 1. /xuat in the console ----------------------------------------------------------------


def test_export_to_a_folder_that_is_a_file_is_answered_and_the_session_goes_on(
    tmp_path: Path,
) -> None:
    (tmp_path / "dondoc-files").write_text("not a folder")
    result = run(["console", "--demo"], cwd=tmp_path, stdin="/xuat\n/donvi\n")
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    out = result.stdout
    folder = tmp_path.resolve() / "dondoc-files"
    assert "Không ghi được tệp tien-do-nhiem-vu-" in out
    assert f"vào thư mục {folder}" in out
    assert "đã là một tệp, không phải thư mục" in out
    assert f"mv {folder} {folder}.cu" in out  # what to do, with an example
    # The session went on: the next line was answered.
    assert "SKHCN — Sở Khoa học và Công nghệ" in out.split("[admin]> /donvi", 1)[1]


@pytest.mark.skipif(AS_ROOT, reason="root writes into a read-only folder anyway")
def test_export_to_a_read_only_folder_is_answered(tmp_path: Path) -> None:
    folder = tmp_path / "dondoc-files"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run(["console", "--demo"], cwd=tmp_path, stdin="/xuat\n/donvi\n")
    finally:
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert "bot không có quyền ghi vào thư mục này" in result.stdout
    assert f"chmod u+w {folder.resolve()}" in result.stdout
    assert "SKHCN — Sở Khoa học và Công nghệ" in result.stdout.split("[admin]> /donvi", 1)[1]


def test_exports_are_named_by_their_scope_and_never_overwrite(
    bot: Bot, renderer: Renderer, tmp_path: Path
) -> None:
    files = tmp_path / "files"
    channel = ConsoleChannel(bot, renderer, out=StringIO(), files=files)
    channel.say("/donvi them SKHCN Sở Khoa học và Công nghệ")
    channel.say("/giao SKHCN | Xây dựng kế hoạch chuyển đổi số | 10/05/2026")
    for line in ["/xuat", "/xuat", "/xuat csv SKHCN", "/xuat tháng 5", "/tiendo bieudo SKHCN"]:
        channel.say(line)
    # The date is the export's, by the test's clock (Monday 5 January 2026); a period is
    # named as it was read too ("tháng 5" in January: the May gone by).
    assert sorted(p.name for p in files.iterdir()) == [
        "tien-do-nhiem-vu-2026-01-05-2.xlsx",
        "tien-do-nhiem-vu-2026-01-05-skhcn.csv",
        "tien-do-nhiem-vu-2026-01-05-skhcn.png",
        "tien-do-nhiem-vu-2026-01-05-thang-5-20250501-20250531.xlsx",
        "tien-do-nhiem-vu-2026-01-05.xlsx",
    ]
    # An export made in an earlier session is not overwritten either.
    before = (files / "tien-do-nhiem-vu-2026-01-05-skhcn.csv").read_bytes()
    (shown,) = [d for d in channel.say("/xuat csv SKHCN") if d.to == "admin"]
    assert shown.text.endswith("tien-do-nhiem-vu-2026-01-05-skhcn-2.csv]")
    assert (files / "tien-do-nhiem-vu-2026-01-05-skhcn.csv").read_bytes() == before


# --- 2. a piped console session reads like an interactive one ------------------------------


def test_piped_console_echoes_each_line_after_the_prompt(tmp_path: Path) -> None:
    script = "/donvi them SKHCN Sở Khoa học và Công nghệ\n\n/as skhcn\n/trogiup\n"
    result = run(["console"], cwd=tmp_path, stdin=script)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    prompts = [line for line in lines if line.startswith("[")]
    assert prompts[:3] == [
        "[admin]> /donvi them SKHCN Sở Khoa học và Công nghệ",
        "[admin]> /as skhcn",
        "[skhcn]> /trogiup",
    ]
    # Each answer follows its line.
    assert lines.index("[skhcn]> /trogiup") < lines.index("Đôn đốc — trợ giúp")


# --- 3. no network ---------------------------------------------------------------------------


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A local port that refuses connections: bound, never listening (no other process can
    take it meanwhile)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def test_run_without_network_says_one_line_and_stops_cleanly(
    tmp_path: Path, migrated: Path, closed_port: int
) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": f"http://127.0.0.1:{closed_port}/bot",
        "DATABASE_URL": f"sqlite:///{migrated}",
    }
    process = subprocess.Popen(
        [*DONDOC, "run"],
        cwd=tmp_path,
        env=clean_env(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    lines: list[str] = []
    # Read until the line about the platform (readline blocks; no clock is read). The
    # guard kills a process that would hang instead: only a broken bot reaches it.
    guard = threading.Timer(60, process.kill)
    guard.start()
    try:
        while not any("cannot reach" in line for line in lines):
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
        process.send_signal(signal.SIGTERM)  # during the first wait (5 s): it stops at once
        rest = process.stdout.read()
        code = process.wait()
    finally:
        guard.cancel()
    text = "".join(lines) + rest
    assert code == 0, text
    assert "Traceback" not in text and TOKEN not in text and "NO-traceback" not in text
    (said,) = text.splitlines()
    assert f"cannot reach Telegram (127.0.0.1:{closed_port}:" in said
    assert "trying again in 5 s" in said


def _server(
    bot: Bot, settings: Settings, api_url: str, waits: list[float], stop_after: int | None
) -> Server:
    telegram = replace(settings, telegram_token=TOKEN, telegram_api_url=api_url)
    bot.settings = telegram
    channel = TelegramChannel(bot, telegram, Renderer())
    server: Server

    async def pause(seconds: float) -> None:
        waits.append(seconds)
        if stop_after is not None and len(waits) == stop_after:
            server.stop()

    # cast: TelegramSender's attributes are narrower than the Sender protocol's (as in
    # bot/wiring/platforms.py, where mypy says the same).
    server = Server(bot, telegram, [cast("ChannelAdapter", channel)], pause=pause)
    return server


def _serve(server: Server, api: TelegramAPI, meanwhile: Callable[[], None] = lambda: None) -> None:
    """Run SERVER until it polls API, then MEANWHILE (in a thread: it may wait on the
    emulator), then stop it as SIGTERM does; the emulator is stopped in any case."""

    async def scenario() -> None:
        serving = asyncio.create_task(server._main())
        await asyncio.to_thread(api.wait_for, lambda: api.called("getUpdates"))
        await asyncio.to_thread(meanwhile)
        server.stop()
        await serving

    try:
        asyncio.run(scenario())
    finally:
        api.stop()


def test_backoff_doubles_up_to_five_minutes_and_a_stop_ends_it(
    bot: Bot, settings: Settings, closed_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    waits: list[float] = []
    server = _server(bot, settings, f"http://127.0.0.1:{closed_port}/bot", waits, stop_after=8)
    with caplog.at_level(logging.WARNING, logger="bot.wiring.serve"):
        server.run()  # returns once stopped: it never connected
    assert waits == [5, 10, 20, 40, 80, 160, 300, 300]
    said = [r.getMessage() for r in caplog.records if "cannot reach" in r.getMessage()]
    assert len(said) == 8  # one line per attempt
    assert all(TOKEN not in line and "\n" not in line for line in said)
    assert said[-1].endswith("trying again in 5 min (Ctrl-C to stop)")


def test_connect_waits_plan() -> None:
    waits = connect_waits()
    assert [next(waits) for _ in range(9)] == [5, 10, 20, 40, 80, 160, 300, 300, 300]


def test_retries_until_the_platform_answers(bot: Bot, settings: Settings) -> None:
    api = TelegramAPI()
    url = api.start()
    api.fail("getMe", 502, "Bad Gateway", times=3)  # the Bot API is down, then back
    waits: list[float] = []
    _serve(_server(bot, settings, url, waits, stop_after=None), api)
    assert len(api.called("getMe")) == 4  # three refused, the fourth answered
    assert waits == [5, 10, 20]


# --- 4. DATABASE_URL schemes -----------------------------------------------------------------


def test_driver_is_chosen_in_one_place() -> None:
    assert engine_url("postgres://u:p@h:5432/db").drivername == "postgresql+psycopg"
    assert engine_url("postgresql://u:p@h/db").drivername == "postgresql+psycopg"
    assert engine_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"
    assert engine_url("sqlite:///x.sqlite3").drivername == "sqlite"
    for url, scheme in [
        ("mysql://u:secret@h/db", "mysql"),
        ("postgresql+psycopg2://u@h/db", "postgresql+psycopg2"),
        ("dondoc.sqlite3", ""),
    ]:
        with pytest.raises(UnsupportedDatabaseURL) as refused:
            engine_url(url)
        assert refused.value.scheme == scheme and "secret" not in str(refused.value)


@pytest.mark.parametrize("url", ["mysql://dondoc:secret@localhost/dondoc", "dondoc.sqlite3"])
def test_an_unsupported_database_url_is_one_line_and_exit_2(tmp_path: Path, url: str) -> None:
    result = run(["console"], cwd=tmp_path, stdin="/trogiup\n", env={"DATABASE_URL": url})
    assert result.returncode == 2
    no_traceback(result)
    (line,) = result.stderr.splitlines()
    assert line.startswith("dondoc: DATABASE_URL")
    assert "sqlite:///" in line and "postgresql://" in line and "postgres://" in line
    assert "secret" not in line


def test_a_heroku_style_postgres_url_is_accepted(tmp_path: Path, db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        # No server needed to see the URL read: the driver is psycopg, which then finds
        # nothing listening (rather than SQLAlchemy not knowing "postgres").
        url = "postgres://dondoc:secret@127.0.0.1:1/dondoc"
        result = run(["console"], cwd=tmp_path, stdin="/trogiup\n", env={"DATABASE_URL": url})
        assert result.returncode == 2
        no_traceback(result)
        assert result.stderr.startswith("dondoc: không mở được cơ sở dữ liệu postgres://")
        assert "Connection refused" in result.stderr and "secret" not in result.stderr
        return
    url = "postgres://" + db_url.split("://", 1)[1]
    result = run(["console"], cwd=tmp_path, stdin="/trogiup\n", env={"DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    assert "Đôn đốc — trợ giúp" in result.stdout


def test_a_missing_driver_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # an install without its driver
    with pytest.raises(MissingDriver):
        make_engine("postgresql://dondoc@127.0.0.1:1/dondoc")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "postgresql://dondoc@127.0.0.1:1/dondoc")
    assert cli.main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dondoc: thiếu thư viện kết nối cơ sở dữ liệu (psycopg)")
    assert "pip install -e ." in err and "Traceback" not in err


def test_pyproject_ships_the_postgres_driver() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert any(d.startswith("psycopg[binary]") for d in project["dependencies"])
    assert project["optional-dependencies"]["postgres"] == []  # kept for old instructions


# --- 5. a read-only database -----------------------------------------------------------------


def test_a_read_only_sqlite_file_is_said_at_start(tmp_path: Path, migrated: Path) -> None:
    # SQLite's read-only mode: what a file without write permission gives (chmod does
    # not stop root, who may run these tests).
    url = f"sqlite:///file:{migrated}?mode=ro&uri=true"
    result = run(["console"], cwd=tmp_path, stdin="/donvi\n", env={"DATABASE_URL": url})
    assert result.returncode == 2
    no_traceback(result)
    assert result.stdout == ""
    assert result.stderr.startswith(f"Không ghi được vào cơ sở dữ liệu {migrated.resolve()}")
    assert f"chmod u+w {migrated.resolve()}" in result.stderr


@pytest.mark.skipif(AS_ROOT, reason="root writes into a chmod 444 file anyway")
def test_a_chmod_444_database_is_said_at_start(tmp_path: Path, migrated: Path) -> None:
    migrated.chmod(0o444)
    result = run(["start"], cwd=tmp_path, stdin="/donvi\n", env={})
    assert result.returncode == 2
    no_traceback(result)
    assert "Không ghi được vào cơ sở dữ liệu" in result.stderr


@pytest.mark.postgres
def test_a_read_only_postgresql_is_said_at_start(tmp_path: Path, postgres_url: str) -> None:
    url = f"{postgres_url}?options=-c%20default_transaction_read_only%3Don"
    result = run(["console"], cwd=tmp_path, stdin="/donvi\n", env={"DATABASE_URL": url})
    assert result.returncode == 2
    no_traceback(result)
    assert "Không ghi được vào cơ sở dữ liệu postgresql" in result.stderr
    assert "máy chủ chỉ cho đọc" in result.stderr


class ReadOnlySwitch:
    """Makes ENGINE's database refuse writes from the next connection checkout on, as a
    file whose permission is taken away (or a server turned standby) while the bot runs."""

    def __init__(self, engine: Engine) -> None:
        self.on = False
        self.sqlite = engine.dialect.name == "sqlite"
        event.listen(engine, "checkout", self._checkout)

    def _checkout(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        cursor = dbapi_connection.cursor()
        if self.sqlite:
            cursor.execute(f"PRAGMA query_only = {int(self.on)}")
        else:
            cursor.execute(
                f"SET SESSION default_transaction_read_only = {'on' if self.on else 'off'}"
            )
            dbapi_connection.commit()
        cursor.close()


def test_console_answers_a_database_turned_read_only_and_goes_on(
    bot: Bot, engine: Engine, renderer: Renderer, db_url: str, tmp_path: Path
) -> None:
    switch = ReadOnlySwitch(engine)
    out = StringIO()
    channel = ConsoleChannel(
        bot,
        renderer,
        out=out,
        files=tmp_path,
        database=database_location(db_url),
        read_only=is_read_only,
    )
    channel.say("/donvi them SKHCN Sở Khoa học và Công nghệ")
    switch.on = True
    (answer,) = channel.say("/donvi them STTTT Sở Thông tin và Truyền thông")
    assert answer.text.startswith(f"Không ghi được vào cơ sở dữ liệu {database_location(db_url)}")
    assert "Traceback" not in out.getvalue()
    switch.on = False
    (listing,) = channel.say("/donvi")
    assert "SKHCN" in listing.text and "STTTT" not in listing.text


def test_the_bot_tells_the_sender_when_the_database_refuses_writes(
    bot: Bot, engine: Engine, settings: Settings, sessions: sessionmaker[Session]
) -> None:
    api = TelegramAPI()
    url = api.start()
    switch = ReadOnlySwitch(engine)

    def refused_write() -> None:
        switch.on = True
        api.says(4242, "/trogiup")
        api.reply(4242, "không lưu được dữ liệu")
        switch.on = False

    _serve(_server(bot, settings, url, [], stop_after=None), api, refused_write)
    (notice,) = api.sent_to(4242)
    assert "chưa ghi nhận tin nhắn này" in notice["text"]


# --- 6. a reader gone away -------------------------------------------------------------------


def test_output_into_a_closed_pipe_exits_quietly(tmp_path: Path) -> None:
    """`printf '/trogiup\\n' | dondoc start | head -1`, with the reader gone before the
    first byte (so it happens every time)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [*DONDOC, "start"],
            input=b"/trogiup\n/trogiup\n",
            stdout=write_end,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            env=clean_env(),
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert result.returncode == BROKEN_PIPE == 141
    assert result.stderr == b""


# --- anything else -------------------------------------------------------------------------


def test_an_unforeseen_error_is_one_line_without_the_token(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if sys.flags.dev_mode:
        pytest.skip("development mode shows tracebacks on purpose")

    def broken(settings: Settings, args: object) -> int:
        raise KeyError(f"unit {TOKEN}")

    monkeypatch.setattr(readings, "print_date", broken)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    assert cli.main(["date", "12/5"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("dondoc: lỗi không lường trước (KeyError: ")
    assert TOKEN not in line and "PYTHONDEVMODE=1" in line


def test_ctrl_c_is_quiet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(settings: Settings, args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(readings, "print_date", interrupted)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["date", "12/5"]) == INTERRUPTED
    assert capsys.readouterr().err.strip() == ""


def test_log_records_keep_one_line() -> None:
    formatter = OneLineFormatter("%(levelname)s %(name)s: %(message)s")
    try:
        raise ValueError("first line\nsecond line")
    except ValueError:
        record = logging.getLogger("bot.conversation.core").makeRecord(
            "bot.conversation.core",
            logging.ERROR,
            __file__,
            1,
            "message failed",
            (),
            sys.exc_info(),
        )
    assert (
        formatter.format(record)
        == "ERROR bot.conversation.core: message failed (ValueError: first line)"
    )
    # The record is left as it was, for any other handler.
    assert record.exc_info is not None
