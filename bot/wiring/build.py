"""Wiring: settings, database and core, made once in main and handed to a channel."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.commands import COMMANDS
from bot.conversation.core import Bot
from bot.settings import Settings
from storage.clock import Clock, system_clock
from storage.db import make_engine, make_session_factory
from storage.migrate import check_writable, upgrade


@dataclass
class App:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]

    def bot(self, clock: Clock = system_clock, extra_admins: frozenset[str] = frozenset()) -> Bot:
        return Bot(self.sessions, self.settings, clock, extra_admins, commands=COMMANDS)

    def close(self) -> None:
        self.engine.dispose()


def open_app(settings: Settings, migrate: bool = True) -> App:
    """Connect, and bring the schema to the latest migration (applied at every start).
    A database that cannot be written is said at once (ReadOnlyDatabase): every command
    writes, if only its answer."""
    engine = make_engine(settings.database_url)
    try:
        if migrate:
            upgrade(engine)
            check_writable(engine)
    except BaseException:
        engine.dispose()
        raise
    sessions = make_session_factory(engine)
    return App(settings, engine, sessions)
