"""The demo dataset: the units, documents and assignments of three real letters.

Dates move by whole weeks (weekdays stay true) so that the latest letter was issued this
past week: its deadlines are a few weeks ahead, the older letter's have passed, and the
conclusion notice is open-ended, so the demo shows overdue, upcoming and ongoing work.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bot.services import assignments as assignment_service
from bot.services import units as unit_service
from bot.services.change import Change
from scheduler.planning import Planner
from storage.deadline import Deadline
from storage.keys import document_key
from storage.models import Document, Membership
from storage.repos import people as people_repo

DATASET = Path(__file__).parent / "dataset.json"
CHANNEL = "console"


def dataset() -> dict[str, Any]:
    return json.loads(DATASET.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def shift_for(data: dict[str, Any], today: date) -> timedelta:
    latest = max(date.fromisoformat(d["issued"]) for d in data["documents"])
    return timedelta(weeks=(today - latest).days // 7)


def load(session: Session, now: datetime, planner: Planner) -> dict[str, int]:
    """Fill an empty database with the demo; returns what was created, for a summary."""
    tz, change = planner.tz, Change(session, None, now, planner)  # made by the bot itself
    data = dataset()
    shift = shift_for(data, now.astimezone(tz).date())
    units = {}
    for u in data["units"]:
        units[u["code"]] = unit_service.add(change, u["code"], u["name"], u["aliases"])
    count = 0
    for d in data["documents"]:
        issued = date.fromisoformat(d["issued"]) + shift
        doc = Document(
            number=d["number"],
            number_key=document_key(d["number"]),
            issuer=d["issuer"],
            issued_on=issued,
            summary=d["summary"],
            created_at=now,
            created_by=None,
        )
        session.add(doc)
        session.flush()
        change.trail("document", doc.id, "create", new=d["number"])
        for a in d["assignments"]:
            due = (
                Deadline(date.fromisoformat(a["deadline"]) + shift, None) if a["deadline"] else None
            )
            supports = tuple(
                assignment_service.SupportRef(units[s].name, units[s].id)
                if s in units
                else assignment_service.SupportRef(s)
                for s in a["support"]
            )
            assignment_service.create(
                change,
                lead=units[a["lead"]],
                task=a["task"],
                due=due,
                supports=supports,
                document=doc,
            )
            count += 1
    for m in data["members"]:
        account = people_repo.add_person(session, CHANNEL, m["name"], m["name"], m["display"], now)
        for code in m["units"]:
            session.add(
                Membership(person_id=account.person_id, unit_id=units[code].id, joined_at=now)
            )
    session.flush()
    # The officials join after their work is assigned: plan its reminders again, so they
    # reach them (the console shows them as they fall due, /dongho moves time on).
    planner.replan_all(session, now)
    return {
        "units": len(units),
        "documents": len(data["documents"]),
        "assignments": count,
        "members": len(data["members"]),
    }
