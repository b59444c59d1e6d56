"""The schema: migrations match the models on both databases, and the status rules hold
the same in Python and SQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from storage.base import Base
from storage.db import make_engine
from storage.migrate import current_revision, upgrade
from storage.models import Assignment, Person, Unit
from storage.status import status_of, status_sql


def test_migrations_create_exactly_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert current_revision(engine) is not None


def test_upgrade_is_idempotent(engine: Engine) -> None:
    before = current_revision(engine)
    upgrade(engine)
    assert current_revision(engine) == before
    assert "assignments" in inspect(engine).get_table_names()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: object) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/x.sqlite3")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_naive_datetimes_are_refused(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, pytest.raises(Exception, match="naive datetime"):
        session.add(Person(display_name="x", language="vi", created_at=datetime(2026, 1, 1)))
        session.flush()


def test_instants_come_back_aware_in_utc(sessions: sessionmaker[Session]) -> None:
    moment = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    with sessions() as session, session.begin():
        session.add(Person(display_name="x", language="vi", created_at=moment))
    with sessions() as session:
        person = session.scalar(select(Person))
        assert person is not None and person.created_at == moment
        assert person.created_at.tzinfo is not None


NOW = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
CASES = [
    # (state, started, extension pending, due offset in hours or None, closed late)
    ("open", False, False, None, None),
    ("open", False, False, 5, None),
    ("open", True, False, 5, None),
    ("open", False, False, -5, None),
    ("open", True, False, -5, None),
    ("open", True, False, 0, None),  # exactly at the deadline: passed
    ("open", True, True, -5, None),
    ("done", True, False, 5, False),
    ("done", True, False, -5, True),
    ("cancelled", False, False, 5, None),
]
EXPECTED = [
    "not_started",
    "not_started",
    "on_track",
    "overdue",
    "overdue",
    "overdue",
    "extension_requested",
    "done_on_time",
    "done_late",
    "cancelled",
]


def test_status_in_python_and_sql_agree(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, session.begin():
        unit = Unit(code="U", name="U", name_key="u", created_at=NOW)
        session.add(unit)
        session.flush()
        for state, started, pending, hours, late in CASES:
            due = NOW + timedelta(hours=hours) if hours is not None else None
            session.add(
                Assignment(
                    lead_unit_id=unit.id,
                    task="t",
                    state=state,
                    started_at=NOW if started else None,
                    extension_pending=pending,
                    due_date=date(2026, 1, 5) if due else None,
                    due_at=due,
                    closed_late=late,
                    created_at=NOW,
                )
            )
    with sessions() as session:
        rows = session.execute(select(Assignment, status_sql(NOW)).order_by(Assignment.id)).all()
        assert [status_of(a, NOW) for a, _ in rows] == EXPECTED
        assert [s for _, s in rows] == EXPECTED


def test_the_outbox_migration_keeps_planned_reminders_both_ways(h: Any, engine: Engine) -> None:
    """0006 made the reminder rows the outbox: down to 0005 and up again, on both
    databases, the planned reminders survive (a command's messages have no place in
    0005) and new rows still get fresh ids."""
    from alembic import command
    from sqlalchemy import func, text

    from storage.migrate import alembic_config
    from storage.models import OutboxMessage
    from tests.world import build

    build(h)
    h.reply("admin", "/giao SKHCN | Việc A | 20/01/2026")
    with h.sessions() as session:
        planned = sorted(
            session.execute(
                select(OutboxMessage.id, OutboxMessage.kind, OutboxMessage.due_at).where(
                    OutboxMessage.kind != "message"
                )
            ).all()
        )
    assert len(planned) == 5
    command.downgrade(alembic_config(engine), "0005")
    with engine.connect() as c:
        assert c.scalar(text("SELECT count(*) FROM reminders")) == 5
    upgrade(engine)
    with h.sessions() as session:
        again = sorted(
            session.execute(
                select(OutboxMessage.id, OutboxMessage.kind, OutboxMessage.due_at)
            ).all()
        )
        assert again == planned
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 5
    h.reply("admin", "/giao SKHCN | Việc B | 20/01/2026")  # new rows: no id collides
    assert h.count(OutboxMessage) > 5


def test_the_heads_migration_keeps_every_row_that_points_at_an_assignment(
    h: Any, engine: Engine
) -> None:
    """0010 rebuilds `assignments` on SQLite (batch mode). Foreign keys are off for the
    rebuild, so dropping the old table takes none of the rows pointing at it (reports,
    supports, outbox rows), and they are on again afterwards."""
    from alembic import command
    from sqlalchemy import text

    from storage.migrate import alembic_config
    from tests.world import build_world

    build_world(h)
    h.reply("lan", "#1 được 30%")
    tables = ("assignments", "assignment_supports", "progress_reports", "outbox", "memberships")

    def counts() -> dict[str, int]:
        with engine.connect() as c:
            return {t: c.scalar(text(f"SELECT count(*) FROM {t}")) for t in tables}

    before = counts()
    assert all(before.values()), before
    command.downgrade(alembic_config(engine), "0009")
    assert counts() == before
    upgrade(engine)
    assert counts() == before
    with engine.connect() as c:
        assert c.scalar(text("SELECT count(*) FROM assignments WHERE responsible_id IS NULL")) == 2
        assert set(c.scalars(text("SELECT DISTINCT role FROM memberships"))) == {"member"}
        if engine.dialect.name == "sqlite":
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
