"""Apply the Alembic migration chain; the only way the schema changes."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from storage.db import ReadOnlyDatabase, is_read_only

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # env.py takes the engine from here instead of a URL in an ini file.
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def check_writable(engine: Engine) -> None:
    """Raise ReadOnlyDatabase when the database can be read but not written (a SQLite
    file without write permission, a PostgreSQL standby or read-only role), so a start
    says so at once instead of failing at every command. The probe rewrites the
    migration mark with itself and rolls back: nothing changes."""
    with engine.connect() as connection:
        try:
            with connection.begin() as transaction:
                connection.execute(text("UPDATE alembic_version SET version_num = version_num"))
                transaction.rollback()
        except DBAPIError as error:
            if is_read_only(error):
                raise ReadOnlyDatabase(str(error.orig).strip().splitlines()[0]) from error
            raise
