"""/nhapvanban: an official letter in, the assignments it makes out, after an admin's check.

/nhapvanban, then the letter pasted (in as many messages as the chat app cuts it into) or
sent as a .txt, .docx or .pdf file; "/nhapvanban TEXT" works too, and an admin's file sent
in a private chat starts an import by itself. Each time the bot answers with the numbered
proposal for everything so far. The admin corrects it ("/nhapvanban sua 2 han 20/5/2025",
"… donvi SKHCN", "… noidung …", "… phoihop STTTT, SNV"), drops items ("/nhapvanban bo 2")
and assigns them all ("/nhapvanban giao"), or drops the draft (/huy). Nothing is created
before "giao"; then the document and every assignment are, in one transaction, exactly as
/giao creates them (reminders, notices to the units and the committee).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.commands import assign, manage
from bot.commands import documents as document_commands
from bot.commands.intake_review import (
    ACCEPT_AGAIN,
    ACCEPT_NEW,
    accept_buttons,
    current,
    existing,
    find_document,
    known_units,
    proposal_values,
)
from bot.conversation import dialogs
from bot.conversation.context import Context
from bot.errors import UserError
from bot.intake import ReadFileError, read_bytes
from bot.intake import draft as drafts
from bot.intake.read_file import MAX_PAGES, MAX_UNPACKED, SUFFIXES
from bot.reading.arguments import NO, SKIP, YES, first_word, item_numbers
from bot.services import template_values
from bot.services.unit_names import one_unit
from messages.neutral import MAX_INCOMING_FILE, Attachment
from storage.keys import fold_key
from storage.models import Document

DIALOG = "intake"

_ACCEPT = ("giao", "accept")
# What follows "giao": only the items not in the system yet, or all of them again.
_CHOICES = {
    ACCEPT_NEW: ACCEPT_NEW,
    "new": ACCEPT_NEW,
    "chua co": ACCEPT_NEW,
    ACCEPT_AGAIN: ACCEPT_AGAIN,
    "tat ca": ACCEPT_AGAIN,
    "all": ACCEPT_AGAIN,
    "lai": ACCEPT_AGAIN,
    "again": ACCEPT_AGAIN,
}
_DROP = ("bo", "drop")
_EDIT = ("sua", "edit")
_PAGE = ("trang", "page")
_NUMBER_ONLY = re.compile(r"^#?\d{1,9}$")
# The item fields an admin may correct, in /sua's words (a document is the letter's own).
_FIELDS = {word: field for word, field in manage.FIELDS.items() if field != "document"}


def import_letter(ctx: Context, args: str) -> None:
    if ctx.incoming.attachment is not None:
        _start(ctx, _file_text(ctx.incoming.attachment), {"kind": "file"})
        return
    word, rest = first_word(args)
    verb = fold_key(word)
    if verb in _ACCEPT and (not rest or fold_key(rest) in _CHOICES):
        _accept(ctx, _live(ctx), _CHOICES.get(fold_key(rest)))
    elif verb in _DROP:
        _drop(ctx, rest)
    elif verb in _EDIT:
        _edit(ctx, rest)
    elif verb in _PAGE:
        _turn(ctx, rest)
    elif args:
        _start(ctx, args, {"kind": "read"})  # the letter pasted after the command
    elif (draft := dialogs.live(ctx, DIALOG)) is not None and draft.get("read"):
        _show(ctx, draft, None, page=draft.get("page", 1))  # against the units now
    else:
        dialogs.start(ctx, DIALOG, drafts.new())
        ctx.reply("intake_ask", ask=True)


def file_received(ctx: Context) -> None:
    """A file without a command: an admin's letter to import (in a group, only while an
    import waits for it there); anyone else is told the bot reads no files from them."""
    attachment = ctx.incoming.attachment
    assert attachment is not None
    if not ctx.actor.is_admin:
        if not ctx.actor.is_group:
            ctx.reply("file_not_read")
        return
    if ctx.actor.is_group and dialogs.live(ctx, DIALOG) is None:
        return  # a file shared in the group's own conversation
    _start(ctx, _file_text(attachment), {"kind": "file"})


def _file_text(attachment: Attachment) -> str:
    name = attachment.filename
    size = attachment.size if attachment.size is not None else len(attachment.data)
    if not name.lower().endswith(SUFFIXES):
        raise UserError("intake_file_unsupported", filename=name)
    if size > MAX_INCOMING_FILE:
        raise UserError(
            "intake_file_too_large",
            filename=name,
            size_mb=round(size / 2**20, 1),
            limit_mb=MAX_INCOMING_FILE // 2**20,
        )
    try:
        text = read_bytes(name, attachment.data)
    except ReadFileError as error:
        if error.kind == "unpacked":  # a zip bomb, or a letter full of pictures
            raise UserError(
                "intake_file_unpacks_too_large",
                filename=name,
                size_mb=round(error.unpacked / 2**20),
                limit_mb=MAX_UNPACKED // 2**20,
            ) from None
        if error.kind == "pages":
            raise UserError("intake_file_too_many_pages", filename=name, limit=MAX_PAGES) from None
        raise UserError("intake_file_unreadable", filename=name, empty=False) from None
    if not text.strip():  # a scan: pictures of pages, no text in the file
        raise UserError("intake_file_unreadable", filename=name, empty=True)
    return text


def _live(ctx: Context) -> dict[str, Any]:
    draft = dialogs.live(ctx, DIALOG)
    if draft is None or not draft.get("read"):
        raise UserError("intake_nothing")
    return draft


def _check_length(text: str) -> None:
    if len(text) > drafts.MAX_TEXT:
        raise UserError("intake_too_long", length=len(text), limit=drafts.MAX_TEXT)


def _start(ctx: Context, text: str, note: dict[str, Any]) -> None:
    _check_length(text)
    draft = drafts.new(text)
    _read(ctx, draft)
    _show(ctx, draft, note)


def _read(ctx: Context, draft: dict[str, Any]) -> None:
    text = draft["text"]
    known = known_units(ctx)
    draft["read"] = (
        drafts.read(text, known, ctx.now, ctx.settings.timezone) if text.strip() else None
    )


def _step(ctx: Context, draft: dict[str, Any], text: str) -> None:
    """Plain text while an import is open: "có" assigns, "không" drops it, anything else
    is more of the letter."""
    answer = fold_key(text)
    if answer in YES and draft.get("read"):
        _accept(ctx, draft)
        return
    if answer in NO:
        dialogs.finish(ctx)
        ctx.reply("dialog_cancelled")
        return
    word, rest = first_word(text)
    verb = fold_key(word)
    if (
        draft.get("read")
        and "\n" not in text.strip()
        and (
            (verb in _ACCEPT and (not rest or fold_key(rest) in _CHOICES))
            or (verb in _DROP + _EDIT + _PAGE and item_numbers(rest) is not None)
        )
    ):
        # "sua 2 han 20/5", "bo 3-5", "trang 2", "giao" typed without /nhapvanban: what
        # the proposal shows, not more of the letter (which a line like "Trang 2" may
        # start: a pasted piece has more lines than a correction).
        import_letter(ctx, text)
        return
    draft["text"] = drafts.join(draft.get("text", ""), text)
    _check_length(draft["text"])
    _read(ctx, draft)
    _show(ctx, draft, {"kind": "more", "length": len(text)})


def _show(
    ctx: Context,
    draft: dict[str, Any],
    note: dict[str, Any] | None,
    page: int = 1,
    focus: int | None = None,
) -> None:
    """The proposal's PAGE (or the page holding item FOCUS), remembered as the page the
    admin is on: the draft is saved with it."""
    values = proposal_values(ctx, draft, note, page, focus)
    draft["page"] = values["page"]
    dialogs.start(ctx, DIALOG, draft)
    ctx.reply("intake_proposal", buttons=values.pop("buttons"), **values)


def _numbered(rest: str) -> tuple[list[int], str]:
    """The item numbers REST starts with ("3", "10-12", "3, 5, 7-9") and what follows;
    the form is checked before the draft, whether or not one waits."""
    read = item_numbers(rest)
    if read is None:
        raise UserError("intake_usage")
    return read


def _check_items(numbers: list[int], draft: dict[str, Any]) -> None:
    """Each of NUMBERS is an item of the proposal, or nothing is changed."""
    count = len((draft.get("read") or {}).get("items", []))
    for number in numbers:
        if not 1 <= number <= count:
            raise UserError("intake_no_item", number=number, count=count)


def _drop(ctx: Context, rest: str) -> None:
    numbers, more = _numbered(rest)
    if more:
        raise UserError("intake_usage")
    draft = _live(ctx)
    _check_items(numbers, draft)
    for number in numbers:
        draft["edits"].setdefault(str(number), {})["dropped"] = True
    _show(ctx, draft, {"kind": "dropped", "numbers": numbers}, focus=numbers[0])


def _edit(ctx: Context, rest: str) -> None:
    numbers, more = _numbered(rest)
    draft = _live(ctx)
    _check_items(numbers, draft)
    word, value = first_word(more)
    if not word:
        # "/nhapvanban sua 2" (the "Sửa 2" button): the commands that correct item 2.
        ctx.reply("intake_edit_help", numbers=numbers)
        return
    field = _FIELDS.get(fold_key(word).replace(" ", ""))
    if field is None or not value:
        raise UserError("intake_usage")
    if field == "task" and len(numbers) > 1:
        # One wording for several items would make them the same task.
        raise UserError("intake_task_one_item", numbers=numbers)
    change = _read_value(ctx, field, value)
    for number in numbers:
        edit = draft["edits"].setdefault(str(number), {})
        edit.update(change)
        edit["dropped"] = False  # correcting an item takes it back
    _show(ctx, draft, {"kind": "edited", "numbers": numbers, "field": field}, focus=numbers[0])


def _turn(ctx: Context, rest: str) -> None:
    """ "trang 3": the proposal's third page."""
    if not _NUMBER_ONLY.match(rest):
        raise UserError("intake_usage")
    _show(ctx, _live(ctx), None, page=int(rest.lstrip("#")))


def _read_value(ctx: Context, field: str, value: str) -> dict[str, Any]:
    """What an edit sets, read as /giao and /sua read it."""
    if field == "lead":
        unit = one_unit(ctx.session, value)
        return {"lead": unit.id, "lead_name": unit.name}
    if field == "supports" and fold_key(value) in SKIP:
        return {"supports": []}
    read: dict[str, Any] = {}
    assign.read_field(ctx, field, value, read)
    if field == "due":
        # The admin's words replace the letter's; the bot reads the date back with its weekday.
        return {
            "due": read["due"],
            "due_text": None,
            "rule": read.get("rule"),
            "rule_problem": None,
        }
    return read


def _accept(ctx: Context, draft: dict[str, Any], choice: str | None = None) -> None:
    """Assign the proposal's items. Items already in the system (the letter imported
    before, the same work open) are named first: the admin chooses to give only the new
    ones (CHOICE "moi") or all again ("tatca"); nothing is created before that."""
    items = [i for i in current(ctx, draft) if not i["dropped"]]
    if not items:
        raise UserError("intake_nothing_left")
    blocked = [
        i | {"problems": p}
        for i in items
        if (p := drafts.problems(i, ctx.now, ctx.settings.timezone))
    ]
    if blocked:
        raise UserError("intake_incomplete", items=blocked, total=len(items))
    known = find_document(ctx, draft["read"]["doc"])
    there = {i["n"]: ids for i in items if (ids := existing(ctx, i, known))}
    if there and choice is None:
        ctx.reply(
            "intake_duplicates",
            buttons=accept_buttons(len(items), len(there)),
            doc=draft["read"]["doc"].get("number") if known else None,
            items=[
                {"n": i["n"], "task": i["task"], "ids": there[i["n"]]}
                for i in items
                if i["n"] in there
            ],
            total=len(items),
        )
        return
    not_again = []
    if choice == ACCEPT_NEW:
        not_again = [{"n": n, "ids": ids} for n, ids in there.items()]
        items = [i for i in items if i["n"] not in there]
        if not items:
            raise UserError("intake_nothing_new", items=not_again)
    doc = _document(ctx, draft["read"]["doc"], known)
    made = []
    for item in items:
        made += assign.create(ctx, _assign_draft(item, doc))
    dialogs.finish(ctx)
    created = [a for a, _ in made]
    shown = template_values.assignments(ctx, created)
    ctx.reply(
        "intake_assigned",
        ids=[a.id for a in created],
        doc=template_values.document(ctx, doc) if doc else None,
        tasks=[view | note for view, (_, note) in zip(shown, made, strict=True)],
        not_again=not_again,
    )
    assign.announce(ctx, created, shown)


def _assign_draft(item: dict[str, Any], doc: Document | None) -> dict[str, Any]:
    """ITEM as a /giao draft, so it is created exactly as /giao creates one."""
    draft: dict[str, Any] = {
        "lead": [item["lead"]],
        "task": item["task"],
        "result": item.get("result"),
        "supports": item["supports"],
        "document": doc.id if doc else None,
        "due": item.get("due") or drafts.NO_DUE,
        "due_text": item.get("due_text"),
    }
    if item.get("rule"):
        draft["rule"] = item["rule"]
        draft.pop("due")  # the series computes its next deadline from now
    return draft


def _document(ctx: Context, doc: dict[str, Any], known: Document | None) -> Document | None:
    """The letter's document: KNOWN (the one already entered under its number), else a
    new one. None when the letter shows no number."""
    number = (doc.get("number") or "").strip()[:100]
    if known is not None or not number:
        return known
    issuer = (doc.get("issuer") or "").strip()[:300]
    issued = doc.get("issued")
    return document_commands.add(
        ctx, number, issuer, date.fromisoformat(issued) if issued else None, ""
    )


dialogs.register(DIALOG, _step, admin_only=True)
