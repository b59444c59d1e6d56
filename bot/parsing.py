"""Small readers for command arguments: the command word, task numbers, fields, unit lists."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.errors import UserError
from storage.keys import fold_key
from storage.models import Unit
from storage.repos import units as unit_repo

_COMMAND = re.compile(r"^/([A-Za-z0-9_]+)(?:@[A-Za-z0-9_]+)?(?:\s+(.*))?$", re.DOTALL)
# A task number ends where the text does, or at a space or a separator that is not part
# of a date ("12/5", "12.5", "12-5") or of a word ("2a").
_NUMBER = re.compile(
    r"^#?(\d{1,9})(?:$|(?=\s)|[:,;)](?!\d)|[.\-](?=\s|$))[\s:.,;)-]*(.*)$", re.DOTALL
)
_CODE_LIKE = re.compile(r"^[A-Z0-9&_.\-]{2,20}$")
CODE = re.compile(r"^[A-Za-z0-9_\-&.]{2,32}$")


def split_command(text: str) -> tuple[str, str] | None:
    """("giao", "SKHCN | ...") for "/giao@dondoc_bot SKHCN | ...", None for plain text."""
    match = _COMMAND.match(text.strip())
    if not match:
        return None
    return match.group(1).lower(), (match.group(2) or "").strip()


def task_number(text: str) -> tuple[int, str] | None:
    """(12, "rest") for "12 rest", "#12: rest"; None when TEXT does not start with a number."""
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    return int(match.group(1)), match.group(2).strip()


# Item numbers at the start of an argument: "3", "#3", "10-12", "10–12", "3, 5, 7-9",
# "3 5 7"; what follows the last one is the rest ("han 30/6").
_ITEM_RUN = re.compile(r"#?(\d{1,4})(?:\s*[-–—]\s*#?(\d{1,4}))?")
_ITEM_GAP = re.compile(r"\s*[,;]\s*|\s+")


def item_numbers(text: str) -> tuple[list[int], str] | None:
    """([10, 11, 12], "han 30/6") for "10-12 han 30/6": the numbers ascending, each once,
    a range written either way round. None when TEXT does not start with a number."""
    text = text.strip()
    numbers: set[int] = set()
    at = 0
    while run := _ITEM_RUN.match(text, at):
        gap = _ITEM_GAP.match(text, run.end())
        if gap is None and run.end() < len(text):
            break  # "2a", "30/6": not an item number
        first, last = sorted((int(run.group(1)), int(run.group(2) or run.group(1))))
        numbers.update(range(first, last + 1))
        at = gap.end() if gap else run.end()
    if not numbers:
        return None
    return sorted(numbers), text[at:].strip()


# In a plain message a number names a task only when marked: "#12 …", "12: …", "12) …",
# "12. …"; "3 ngày nữa sẽ xong" is a report about three days, not about task #3.
_MARKED = re.compile(r"^\s*(?:#\s?(\d{1,9})(?!\d)|(\d{1,9})\s*[:)](?!\d)|(\d{1,9})\.\s)")


def marked_task_number(text: str) -> int | None:
    match = _MARKED.match(text)
    if not match:
        return None
    return int(next(g for g in match.groups() if g is not None))


def first_word(text: str) -> tuple[str, str]:
    head, _, rest = text.strip().partition(" ")
    return head, rest.strip()


@dataclass(frozen=True)
class UnitMatch:
    """One entry of a unit list: a registered unit, or words that name none."""

    text: str
    unit: Unit | None


# The most units one list may name (a province has a few hundred).
MAX_LISTED = 500


def read_units(session: Session, text: str, free_text_allowed: bool) -> list[UnitMatch]:
    """Units named in TEXT, separated by commas or semicolons.

    Unit names contain commas ("Sở Văn hóa, Thể thao và Du lịch"), so the longest run of
    pieces that names a unit wins. Pieces that name nothing are an error, unless free text
    is allowed (supporting units: "các đơn vị liên quan") and they do not look like a code,
    in which case consecutive ones stay together as written.
    """
    pieces = [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
    if len(pieces) > MAX_LISTED:
        raise UserError("unit_list_too_long", count=len(pieces), limit=MAX_LISTED)
    found: list[UnitMatch] = []
    loose: list[str] = []
    # A name holds a comma or two at most: the runs tried are no longer than the longest
    # name, so a long list costs a few lookups per piece, not one per pair of pieces.
    span = unit_repo.most_name_pieces(session) if len(pieces) > 1 else 1
    i = 0
    while i < len(pieces):
        for j in range(min(len(pieces), i + span), i, -1):
            candidate = ", ".join(pieces[i:j])
            units = unit_repo.find(session, candidate)
            if len(units) > 1:
                raise UserError("unit_ambiguous", name=candidate, codes=[u.code for u in units])
            if units:
                if loose:
                    found.append(UnitMatch(", ".join(loose), None))
                    loose = []
                found.append(UnitMatch(candidate, units[0]))
                i = j
                break
        else:
            piece = pieces[i]
            if not free_text_allowed or _CODE_LIKE.match(piece):
                raise UserError("unit_unknown", name=piece)
            if len(", ".join([*loose, piece])) > 300:
                raise UserError("too_long", what="support", limit=300, length=len(piece))
            loose.append(piece)
            i += 1
    if loose:
        found.append(UnitMatch(", ".join(loose), None))
    return found


def one_unit(session: Session, text: str, include_archived: bool = False) -> Unit:
    units = unit_repo.find(session, text, include_archived=include_archived)
    if not units and not include_archived:
        archived = unit_repo.find(session, text, include_archived=True)
        if archived:
            raise UserError("unit_is_archived", code=archived[0].code, name=archived[0].name)
    if not units:
        raise UserError("unit_unknown", name=text.strip())
    if len(units) > 1:
        raise UserError("unit_ambiguous", name=text.strip(), codes=[u.code for u in units])
    return units[0]


YES = frozenset(
    fold_key(w)
    for w in ("có", "co", "đồng ý", "dong y", "ok", "yes", "y", "được", "xác nhận", "giao")
)
NO = frozenset(fold_key(w) for w in ("không", "khong", "no", "n", "thôi", "hủy", "huy"))
SKIP = frozenset(
    fold_key(w) for w in ("-", "bỏ qua", "bo qua", "không", "khong", "không có", "skip", "none")
)
NO_DEADLINE = frozenset(
    fold_key(w)
    for w in (
        "không thời hạn",
        "khong thoi han",
        "thường xuyên",
        "thuong xuyen",
        "không",
        "khong",
        "none",
        "-",
        "ongoing",
    )
)
