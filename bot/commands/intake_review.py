"""An import draft against the units registered now, and the values of its proposal message."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.conversation.context import Context
from bot.intake import KnownUnit, UnitMatcher
from bot.intake import draft as drafts
from bot.services.assignments import same_work
from messages.neutral import Button
from scheduler.recurrence import Rule, next_deadline
from storage.keys import document_key
from storage.models import Document
from storage.repos import assignments as assignment_repo
from storage.repos import documents as document_repo
from storage.repos import units as unit_repo

ACCEPT_COMMAND = "/nhapvanban giao"
# After "giao": what to do with items already in the system (a letter imported again).
ACCEPT_NEW, ACCEPT_AGAIN = "moi", "tatca"
EDIT_COMMAND = "/nhapvanban sua"
DROP_COMMAND = "/nhapvanban bo"
PAGE_COMMAND = "/nhapvanban trang"
ITEM_BUTTONS = 4  # items that get their own "Sửa"/"Bỏ" buttons
# What one page's items may take, in characters as the proposal shows them: with the
# page's head, foot and buttons (written out as commands on Zalo), a page stays one
# message on its platform (Zalo 2,000 characters, Telegram 4,096), so a 64-item plan
# reads page by page instead of arriving as a dozen messages.
PAGE_BUDGET = {"zalo": 1350}
PAGE_BUDGET_ELSEWHERE = 3200


def known_units(ctx: Context) -> list[KnownUnit]:
    """The registered units (not archived) as the letter reader matches them."""
    return [
        KnownUnit(u.id, u.code, u.name, tuple(a.alias for a in u.aliases))
        for u in unit_repo.listing(ctx.session)
    ]


def current(ctx: Context, draft: dict[str, Any]) -> list[dict[str, Any]]:
    """The draft's items as they stand now: with the admin's edits; a unit archived since
    the letter was read let go; a name that a unit registered since then answers to
    matched. Each item also gets its lead's code ("lead_code", None when unknown)."""
    known = known_units(ctx)
    by_id = {u.id: u for u in known}
    found = drafts.items(draft)
    for item in found:
        if item["lead"] not in by_id:
            item["lead"] = None
        item["supports"] = [[name, uid if uid in by_id else None] for name, uid in item["supports"]]
    drafts.rematch(found, UnitMatcher(known))
    for item in found:
        lead = by_id.get(item["lead"])
        if lead is not None:
            item["lead_name"] = lead.name  # renamed since: the name it has now
        item["lead_code"] = lead.code if lead else None
    return found


def proposal_values(
    ctx: Context,
    draft: dict[str, Any],
    note: dict[str, Any] | None,
    page: int = 1,
    focus: int | None = None,
) -> dict[str, Any]:
    """Values for `intake_proposal` showing PAGE of the proposal (the last one when
    there are fewer), or the page that holds item FOCUS; the buttons under it
    ("buttons")."""
    read = draft.get("read") or {"doc": {}, "items": []}
    known = find_document(ctx, read["doc"])
    items = [_item(ctx, i, known) for i in current(ctx, draft)]
    book = paged(items, PAGE_BUDGET.get(ctx.actor.channel, PAGE_BUDGET_ELSEWHERE))
    if focus is not None:
        page = next((k for k, p in enumerate(book, 1) if any(i["n"] == focus for i in p)), page)
    page = min(max(page, 1), len(book))
    shown = book[page - 1]
    active = [i for i in items if not i["dropped"]]
    blocked = [i for i in active if i["problems"]]
    ready = bool(active) and not blocked
    duplicates = sum(1 for i in active if i["existing"])
    buttons: tuple[Button, ...] = ()
    if page > 1:
        buttons += (Button("button_page_back", f"{PAGE_COMMAND} {page - 1}", (("n", page - 1),)),)
    if page < len(book):
        buttons += (Button("button_page_next", f"{PAGE_COMMAND} {page + 1}", (("n", page + 1),)),)
    if ready:
        buttons += accept_buttons(len(active), duplicates)
    elif draft.get("read"):
        buttons += (Button("button_cancel", "/huy"),)
    if len(active) <= ITEM_BUTTONS:
        # "Sửa 2" shows how to correct item 2; "Bỏ 2" drops it. Longer letters keep to
        # the commands in the text, or the buttons would bury the proposal.
        for item in active:
            n = (("n", item["n"]),)
            buttons += (
                Button("button_edit_item", f"{EDIT_COMMAND} {item['n']}", n),
                Button("button_drop_item", f"{DROP_COMMAND} {item['n']}", n),
            )
    unknown = _unknown(read, items)
    here = {i["n"] for i in shown}
    # The units this page's items name; the others are counted, shown on their pages.
    named_here = [u for u in unknown if here & {*u["leads"], *u["supports"]}]
    return {
        "doc": _document(ctx, read["doc"], known),
        "items": shown,
        "page": page,
        "pages": len(book),
        "total": len(items),
        "count": len(active),
        "blocked": len(blocked),
        "blocked_numbers": [i["n"] for i in blocked],
        "duplicates": duplicates,
        "ready": ready,
        "example_n": (blocked or active or [{"n": 1}])[0]["n"],
        "unknown": named_here,
        "unknown_elsewhere": len(unknown) - len(named_here),
        "note": note,
        "buttons": buttons,
    }


def paged(items: list[dict[str, Any]], budget: int) -> list[list[dict[str, Any]]]:
    """ITEMS in pages of at most BUDGET shown characters, in order (an item longer than
    that alone on its page); one empty page when there are none."""
    book: list[list[dict[str, Any]]] = [[]]
    used = 0
    for item in items:
        size = _shown_size(item)
        if book[-1] and used + size > budget:
            book.append([])
            used = 0
        book[-1].append(item)
        used += size
    return book


def _shown_size(item: dict[str, Any]) -> int:
    """About how many characters ITEM takes in the proposal (labels, its warnings and the
    line its unknown units get), counted high so a page never outgrows its message."""
    if item.get("dropped"):
        return 110
    values = [item["lead"] or "", item["task"], item.get("due_text") or "", item.get("result")]
    size = 110 + sum(len(v or "") for v in values) + sum(len(s) + 14 for s in item["supports"])
    size += 130 * len(item.get("problems") or ()) + 40 * bool(item.get("existing"))
    if not item.get("lead_code"):
        size += 2 * len(item["lead"] or "") + 60  # its line under "Đơn vị chưa có …"
    return size


def accept_buttons(count: int, duplicates: int) -> tuple[Button, ...]:
    """Under a proposal ready to assign: "assign all", or, when some items are already in
    the system, "assign the new ones" and "assign all again"."""
    if not duplicates:
        return (Button("button_assign_all", ACCEPT_COMMAND), Button("button_cancel", "/huy"))
    again = Button("button_assign_again", f"{ACCEPT_COMMAND} {ACCEPT_AGAIN}")
    if duplicates == count:
        return (again, Button("button_cancel", "/huy"))
    new = Button("button_assign_new", f"{ACCEPT_COMMAND} {ACCEPT_NEW}")
    return (new, again, Button("button_cancel", "/huy"))


def find_document(ctx: Context, doc: dict[str, Any]) -> Document | None:
    """The letter's document if it is already entered: under its number and issuer, or
    its number alone when only one document has it. None when the letter shows no number."""
    number = (doc.get("number") or "").strip()[:100]
    if not number:
        return None
    issuer = (doc.get("issuer") or "").strip()[:300]
    same = [
        d for d in document_repo.find(ctx.session, number) if d.number_key == document_key(number)
    ]
    for d in same:
        if d.issuer.casefold() == issuer.casefold():
            return d
    return same[0] if len(same) == 1 else None


def existing(ctx: Context, item: dict[str, Any], doc: Document | None) -> list[int]:
    """Numbers of the assignments ITEM would copy (see same_work); none for an item that
    is dropped or has no registered lead yet."""
    if item.get("dropped") or item.get("lead") is None:
        return []
    found = same_work(ctx.session, item["lead"], item["task"], doc.id if doc else None)
    return [a.id for a in found]


def _item(ctx: Context, item: dict[str, Any], doc: Document | None) -> dict[str, Any]:
    now, tz = ctx.now, ctx.settings.timezone
    due = drafts.due_of(item)
    repeat = None
    if item.get("rule"):
        rule = Rule.parse(item["rule"])
        due, repeat = next_deadline(rule, now, tz), rule.kind  # the first of the series
    return {
        "n": item["n"],
        "dropped": bool(item.get("dropped")),
        "lead": item["lead_name"],
        "lead_code": item["lead_code"],
        "supports": [name for name, _ in item["supports"]],
        "task": item["task"],
        "due": due,
        "no_due": item.get("due") == drafts.NO_DUE,
        "due_text": item.get("due_text"),
        "repeat": repeat,
        "rule_problem": item.get("rule_problem"),
        "urgent": bool(item.get("urgent")),
        "result": item.get("result"),
        "problems": drafts.problems(item, now, tz),
        "existing": existing(ctx, item, doc),
    }


def _unknown(read: dict[str, Any], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Names the letter gives that no registered unit answers to yet, with the items they
    would lead: each can be added with /donvi them."""
    unknown = []
    for name in read.get("unknown", []):
        leads = [
            i["n"] for i in items if not i["dropped"] and not i["lead_code"] and i["lead"] == name
        ]
        supports = [i["n"] for i in items if not i["dropped"] and name in i["supports"]]
        if leads or supports:
            unknown.append({"name": name, "leads": leads, "supports": supports})
    return unknown


def _document(ctx: Context, doc: dict[str, Any], known: Document | None) -> dict[str, Any]:
    issued = doc.get("issued")
    tasks = len(assignment_repo.for_document(ctx.session, known.id)) if known else 0
    return {
        "number": doc.get("number"),
        "issuer": doc.get("issuer"),
        "issued": date.fromisoformat(issued) if issued else None,
        "known": known is not None,
        "tasks": tasks,
    }
