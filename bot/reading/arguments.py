"""Small readers for command arguments: the command word, task numbers, fields, unit lists."""

from __future__ import annotations

import re

from storage.keys import fold_key

_COMMAND = re.compile(r"^/([A-Za-z0-9_]+)(?:@[A-Za-z0-9_]+)?(?:\s+(.*))?$", re.DOTALL)
# A task number ends where the text does, or at a space or a separator that is not part
# of a date ("12/5", "12.5", "12-5") or of a word ("2a").
_NUMBER = re.compile(
    r"^#?(\d{1,9})(?:$|(?=\s)|[:,;)](?!\d)|[.\-](?=\s|$))[\s:.,;)-]*(.*)$", re.DOTALL
)
# Words written like a unit's code ("SXD", "UBND-HN"): never free text in a unit list.
CODE_LIKE = re.compile(r"^[A-Z0-9&_.\-]{2,20}$")
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
