"""A proposal as the chat keeps it while an admin corrects it: plain JSON for the dialog row.

A draft holds the letter's text, what was read from it ("read": the document and the
items) and the admin's edits by item number ("edits"). Items keep their numbers when one
is dropped, so "bo 3" after "bo 2" still means the third item as shown; more text re-reads
the whole letter and applies the edits again by number. Nothing here touches a database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bot.intake.extract import ProposedAssignment, extract
from bot.intake.units import KnownUnit, UnitMatcher
from bot.reading.recurrence import read_rule
from scheduler.recurrence import RuleError, next_deadline
from storage.deadline import Deadline

__all__ = [
    "LEAD",
    "NO_DUE",
    "PAST",
    "RHYTHM",
    "URGENT",
    "due_of",
    "items",
    "join",
    "new",
    "problems",
    "read",
    "rematch",
]

NO_DUE = "none"  # the admin's "no deadline" (/giao's "thường xuyên"); None: the letter gives none

# What keeps an item from being assigned.
LEAD = "lead"  # its lead is no registered unit
URGENT = "urgent"  # "khẩn trương" without a date: reminders need one
PAST = "past"  # its deadline has passed
RHYTHM = "rhythm"  # a recurrence the bot cannot keep (daily, yearly)

# The longest letter kept: a long plan is some 30 pages (about 100,000 characters).
MAX_TEXT = 200_000

_ENDS_SENTENCE = re.compile(r"[.;:!?)\]»\"'…]\s*$")


def new(text: str = "") -> dict[str, Any]:
    return {"text": text, "read": None, "edits": {}}


def join(before: str, more: str) -> str:
    """The letter so far and the next piece of it. Chat apps cut a long paste into several
    messages, at a line end when they can, else at a space: a piece that stops
    mid-sentence goes on after a space, anything else on the next line."""
    if not before:
        return more
    if not _ENDS_SENTENCE.search(before) and more[:1].islower():
        return f"{before} {more}"
    return f"{before}\n{more}"


def read(text: str, known: Sequence[KnownUnit], now: datetime, tz: ZoneInfo) -> dict[str, Any]:
    """What the letter TEXT proposes, as JSON: {"doc": …, "items": […], "unknown": […]}
    (unknown: the names of units it gives that are registered nowhere)."""
    proposal = extract(text, known, now, tz=tz)
    return {
        "doc": {
            "number": proposal.number,
            "issuer": proposal.issuer,
            "issued": proposal.issued.isoformat() if proposal.issued else None,
        },
        "items": [_item(a, now, tz) for a in proposal.assignments],
        "unknown": list(proposal.unknown_units),
    }


def _item(a: ProposedAssignment, now: datetime, tz: ZoneInfo) -> dict[str, Any]:
    item: dict[str, Any] = {
        "lead_name": a.lead,
        "lead": a.lead_unit_id,
        "supports": [[name, uid] for name, uid in zip(a.support, a.support_unit_ids, strict=True)],
        "task": a.task,
        "due": a.deadline.iso() if a.deadline else None,
        "due_text": a.deadline_text,
        "rule": None,
        "rule_problem": None,
        "recurrence": a.recurrence,
        "urgent": a.urgent,
        "result": None,
        "dropped": False,
    }
    if a.recurrence_text:
        try:
            rule = read_rule(a.recurrence_text)
        except RuleError:
            rule = None
        if rule is None:
            item["rule_problem"] = a.recurrence_text
        else:  # the series starts at the next occurrence from today, not from the letter
            item["rule"] = rule.text()
            item["due"] = next_deadline(rule, now, tz).iso()
            item["due_text"] = a.recurrence_text
    return item


def items(draft: dict[str, Any]) -> list[dict[str, Any]]:
    """The items as they stand: as read, with the admin's edits, each with its number "n"."""
    found = (draft.get("read") or {}).get("items", [])
    edits = draft.get("edits", {})
    return [{**item, **edits.get(str(n), {}), "n": n} for n, item in enumerate(found, 1)]


def rematch(found: list[dict[str, Any]], matcher: UnitMatcher) -> None:
    """Names that matched no unit when read, looked up again among the units registered
    now: after "/donvi them SXD Sở Xây dựng", the letter's "Sở Xây dựng" is that unit."""
    for item in found:
        if item["lead"] is None:
            unit = matcher.match(item["lead_name"])
            if unit is not None:
                item["lead"], item["lead_name"] = unit.id, unit.name
        supports = []
        for name, uid in item["supports"]:
            unit = matcher.match(name) if uid is None else None
            supports.append([unit.name, unit.id] if unit else [name, uid])
        item["supports"] = supports


def due_of(item: dict[str, Any]) -> Deadline | None:
    value = item.get("due")
    if value in (None, NO_DUE):
        return None
    day, _, at = value.partition("T")
    return Deadline(date.fromisoformat(day), time.fromisoformat(at) if at else None)


def problems(item: dict[str, Any], now: datetime, tz: ZoneInfo) -> list[str]:
    """What keeps ITEM from being assigned as it stands (nothing for a dropped one)."""
    if item.get("dropped"):
        return []
    found = []
    if item["lead"] is None:
        found.append(LEAD)
    if item.get("rule_problem"):
        found.append(RHYTHM)
    due = due_of(item)
    if item.get("due") is None and item.get("urgent") and not item.get("rule_problem"):
        found.append(URGENT)
    if due is not None and not item.get("rule") and due.at(tz) < now:
        found.append(PAST)
    return found
