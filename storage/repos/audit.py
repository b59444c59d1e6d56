"""Writing and reading the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import AuditEntry

AuditValue = str | int | bool | date | time | datetime | None


def _text(value: AuditValue) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | time | datetime):
        return value.isoformat()
    return str(value)


def record(
    session: Session,
    *,
    at: datetime,
    actor_id: int | None,
    entity: str,
    entity_id: int,
    action: str,
    field: str | None = None,
    old: AuditValue = None,
    new: AuditValue = None,
) -> AuditEntry:
    entry = AuditEntry(
        at=at,
        actor_id=actor_id,
        entity=entity,
        entity_id=entity_id,
        action=action,
        field=field,
        old_value=_text(old),
        new_value=_text(new),
    )
    session.add(entry)
    return entry


def history(session: Session, entity: str, entity_id: int) -> Sequence[AuditEntry]:
    return session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
