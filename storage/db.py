"""Engines and sessions. Engines are made by the caller (the CLI's main), never at import."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

# The schemes DATABASE_URL may use, and the driver each one means: the one place a
# driver is chosen. psycopg 3 is the PostgreSQL driver we ship (a base dependency);
# plain postgresql:// would make SQLAlchemy look for psycopg2, and postgres:// (what
# Heroku and most hosts hand out) is no scheme SQLAlchemy knows at all.
DRIVERS = {
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite",
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
}
# The PostgreSQL error codes of a server that takes no writes: a read-only transaction
# (a standby, default_transaction_read_only) and a role without the right to write.
_PG_READ_ONLY = {"25006", "42501"}
_SQLITE_READONLY = 8  # SQLITE_READONLY; its extended codes share the low byte


class UnsupportedDatabaseURL(ValueError):
    """DATABASE_URL names a database (or a driver) we do not ship; `scheme` is its
    scheme as written, never the rest of the URL (which may hold a password)."""

    def __init__(self, scheme: str) -> None:
        super().__init__(f"unsupported database URL scheme {scheme!r}")
        self.scheme = scheme


class MissingDriver(RuntimeError):
    """The driver for a supported scheme is not installed (an install without its
    dependencies); `module` is the one that is missing."""

    def __init__(self, module: str) -> None:
        super().__init__(f"the database driver {module!r} is not installed")
        self.module = module


class ReadOnlyDatabase(RuntimeError):
    """The database can be read but not written."""


def engine_url(url: str) -> URL:
    """URL with the driver we use for it; UnsupportedDatabaseURL for any other."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UnsupportedDatabaseURL(url.partition("://")[0] if "://" in url else "") from None
    driver = DRIVERS.get(parsed.drivername)
    if driver is None:
        raise UnsupportedDatabaseURL(parsed.drivername)
    return parsed.set(drivername=driver)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for URL (see DRIVERS). SQLite gets WAL, foreign keys and a busy timeout
    on every connection, and transactions that take the write lock when they begin."""
    parsed = engine_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=True, **kwargs)
    except ModuleNotFoundError as error:
        raise MissingDriver(error.name or "psycopg") from error


def database_location(url: str) -> str:
    """Where URL's data lives, to show a person: a SQLite file's absolute path, or the
    URL without its password."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "(DATABASE_URL)"
    if parsed.get_backend_name() == "sqlite":
        name = (parsed.database or "").removeprefix("file:")
        return str(Path(name).resolve()) if name and name != ":memory:" else ":memory:"
    return parsed.render_as_string(hide_password=True)


def is_read_only(error: BaseException) -> bool:
    """ERROR (SQLAlchemy's, or the driver's) says the database refuses to be written."""
    original = getattr(error, "orig", None) or error
    code = getattr(original, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF == _SQLITE_READONLY
    return getattr(original, "sqlstate", None) in _PG_READ_ONLY


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite would begin a transaction only at the first write, so a command's reads
    # would see no transaction at all; we begin ourselves (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # NORMAL is durable across application crashes in WAL mode; only a power cut may
    # lose the last transactions, which is the usual trade for a chat bot's latency.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # SQLite has no SELECT ... FOR UPDATE: taking the write lock at BEGIN makes a
    # command's check-then-write (an invite used once, a task closed once) atomic.
    # Writers queue on the busy timeout; readers in WAL mode are never blocked.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def upsert(session: Session, model: type[Any], values: dict[str, Any], keys: list[str]) -> None:
    """Insert VALUES, or update the row with the same KEYS: one statement, so two
    transactions writing the same row at once do not collide on the unique key."""
    insert = _dialect_insert(session)
    statement = insert(model).values(**values)
    updates = {k: statement.excluded[k] for k in values if k not in keys}
    session.execute(statement.on_conflict_do_update(index_elements=keys, set_=updates))


def _dialect_insert(session: Session) -> Any:
    """The dialect's INSERT (PostgreSQL's and SQLite's both know ON CONFLICT)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def insert_ignore(session: Session, model: type[Any], values: dict[str, Any]) -> bool:
    """Insert VALUES unless a row with the same key exists; True when it was inserted."""
    insert = _dialect_insert(session)
    # RETURNING tells reliably whether a row went in; rowcount may be -1 here.
    key = next(iter(model.__table__.primary_key.columns))
    statement = insert(model).values(**values).on_conflict_do_nothing().returning(key)
    return session.execute(statement).first() is not None


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions on ENGINE, whose objects stay readable after the commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit when the block ends normally, roll back on any exception."""
    with factory() as session, session.begin():
        yield session
