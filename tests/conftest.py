"""Shared fixtures: a real database (SQLite file, and PostgreSQL when there is one), a
fake clock, the core, and the console harness. Every test gets a freshly migrated,
empty database."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from bot.commands import COMMANDS
from bot.conversation.core import Bot
from bot.settings import Settings
from messages import Renderer
from storage.base import Base
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from tests.support import pg
from tests.support.clock import VN, FakeClock
from tests.support.harness import Harness

# A Monday morning in Hà Nội: tests read dates against it.
START = datetime(2026, 1, 5, 9, 0, tzinfo=VN)


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    return Renderer()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file; each test gets a copy, which is much faster than migrating."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    with closing(sqlite3.connect(path)) as raw:  # fold the WAL into the file we copy
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    try:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        with pg.server() as server_url, pg.own_database(server_url, worker) as url:
            engine = make_engine(url)
            upgrade(engine)
            engine.dispose()
            yield url
    except pg.Unavailable as reason:
        if os.environ.get("DONDOC_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required here: {reason}")
        pytest.skip(f"no PostgreSQL: {reason}")


def _truncate(url: str) -> None:
    engine = make_engine(url)
    names = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    if request.param == "sqlite":
        path = tmp_path / "dondoc.sqlite3"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("postgres_url")
    _truncate(url)
    yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine, settings: Settings) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(database_url=db_url, admins=frozenset({"console:admin"}))


@pytest.fixture
def bot(sessions: sessionmaker[Session], settings: Settings, clock: FakeClock) -> Bot:
    return Bot(sessions, settings, clock, commands=COMMANDS)


@pytest.fixture
def h(bot: Bot, sessions: sessionmaker[Session], renderer: Renderer) -> Harness:
    return Harness(bot, sessions, renderer)
