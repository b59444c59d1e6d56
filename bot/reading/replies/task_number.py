"""The task number a reply starts with, marked ("#12", "NV12:", "nhiệm vụ 12"), after
any courtesy words ("Dạ, #12 ...")."""

from __future__ import annotations

import re

from bot.reading.arguments import marked_task_number, task_number
from bot.reading.replies.text import _Text

_COURTESY = re.compile(
    r"(?:(?:da|vang|kinh|bao cao|bc|em|e|minh|ben em|don vi em|xin|gui|anh oi|chi oi|sep oi"
    r"|anh chi oi|a)(?![a-z0-9])[\s,:.!-]*)*"
)
_NV = re.compile(
    r"(?:nv|nhiem vu)(?: so)? ?#? ?(\d{1,9})(?![\d/.,]\d)(?=$|[\s:.,;)\-])"
    r"(?! ?(?:%|ngay|tuan|thang|nam|gio|phut|h)(?![a-z0-9]))[\s:.,;)\-]*"
)
_MARK_REST = re.compile(r"#? ?\d{1,9}[\s:.,;)\-]*")


def task_at_start(text: str) -> int | None:
    """The task a plain message names at its start ("#12 xong", "NV12: 50%", "Dạ, #12
    ..."): the one the bot files it under, whatever it says next."""
    return _split_task(text)[0]


def _split_task(text: str) -> tuple[int | None, str]:
    """The marked task number at the start of TEXT, and the text after it."""
    whole = _Text.of(text)
    courtesy = _COURTESY.match(whole.s)
    start = courtesy.end() if courtesy else 0  # it matches "" at worst
    nv = _NV.match(whole.s, start)
    if nv is not None:
        return int(nv[1]), whole.orig[nv.end() :].strip()
    rest = whole.orig[start:]
    number = marked_task_number(rest)
    if number is None:
        return None, whole.orig
    numbered = task_number(re.sub(r"^# ", "#", rest))
    if numbered is not None and numbered[0] == number:
        return number, numbered[1]
    cut = _MARK_REST.match(rest)  # "#12-xong": marked, but not a command argument
    return number, rest[cut.end() if cut else 0 :].strip()
