"""Alembic environment: runs migrations on the engine handed over by storage.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from storage.base import Base
from storage.models import __all__ as _models  # noqa: F401  (fills Base.metadata)

config = context.config
engine = config.attributes["engine"]


def _migrate(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        # Several bot processes may start at once: one migrates, the others wait.
        connection.execute(text("SELECT pg_advisory_xact_lock(570572024)"))
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


with engine.connect() as connection:
    if connection.dialect.name != "sqlite":
        with connection.begin():
            _migrate(connection)
    else:
        # A batch rebuild drops the old table, and with foreign keys on, dropping a table
        # deletes the rows that point at it (ON DELETE CASCADE): rebuilding `assignments`
        # would take its reports and outbox rows with it. SQLite's way (its "other kinds of
        # table schema changes"): foreign keys off outside the transaction, the change,
        # then a check that every reference still holds, before the commit.
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                _migrate(connection)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"a migration broke references: {broken[:5]}")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
