"""Engines and sessions. Engines are made by the caller (the CLI's main), never at import."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for URL. SQLite gets WAL, foreign keys and a busy timeout on every
    connection, and transactions that take the write lock when they begin."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # psycopg 3 is the driver we ship; plain postgresql:// would look for psycopg2.
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True, **kwargs)


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
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(model).values(**values)
    updates = {k: statement.excluded[k] for k in values if k not in keys}
    session.execute(statement.on_conflict_do_update(index_elements=keys, set_=updates))


def insert_ignore(session: Session, model: type[Any], values: dict[str, Any]) -> bool:
    """Insert VALUES unless a row with the same key exists; True when it was inserted."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    # RETURNING tells reliably whether a row went in; rowcount may be -1 here.
    key = next(iter(model.__table__.primary_key.columns))
    statement = insert(model).values(**values).on_conflict_do_nothing().returning(key)
    return session.execute(statement).first() is not None


def make_session_factory(
    engine: Engine, info: dict[str, Any] | None = None
) -> sessionmaker[Session]:
    """Sessions on ENGINE; INFO is handed to every session (the reminder planner)."""
    return sessionmaker(engine, expire_on_commit=False, info=dict(info or {}))


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit when the block ends normally, roll back on any exception."""
    with factory() as session, session.begin():
        yield session
