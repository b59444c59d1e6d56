"""Splitting a rendered message under a platform's size limit, at line boundaries.

HTML stays valid in every piece: a tag open at a cut (a <pre> table) is closed at the end
of one piece and opened again at the start of the next.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"<(/?)([a-z]+)[^>]*>")


def _open_after(line: str, stack: list[str]) -> list[str]:
    stack = list(stack)
    for closing, name in _TAG.findall(line):
        if closing:
            if name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name)]
        else:
            stack.append(name)
    return stack


def _hard_cuts(line: str, limit: int, html: bool) -> list[str]:
    """A single line longer than LIMIT, cut at spaces where possible, never inside a tag
    or an entity."""
    pieces = []
    while len(line) > limit:
        cut = line.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        if html:
            open_tag, open_entity = line.rfind("<", 0, cut), line.rfind("&", 0, cut)
            if open_tag > line.rfind(">", 0, cut):
                cut = open_tag
            if open_entity > line.rfind(";", 0, cut):
                cut = open_entity
            cut = max(cut, 1)
        pieces.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    pieces.append(line)
    return pieces


def split_message(text: str, limit: int, html: bool = False) -> list[str]:
    """TEXT in pieces of at most LIMIT characters, cut between lines."""
    if len(text) <= limit:
        return [text]
    # Room for the tags we may have to close and reopen at a cut.
    budget = limit - (32 if html else 0)
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(_hard_cuts(line, budget, html) if len(line) > budget else [line])
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    stack: list[str] = []  # tags open at the start of the current piece
    opened: list[str] = []  # tags open after the lines in `current`
    for line in lines:
        extra = len(line) + (1 if current else 0)
        if current and size + extra > budget:
            closing = "".join(f"</{name}>" for name in reversed(opened)) if html else ""
            pieces.append("\n".join(current) + closing)
            stack = opened
            reopen = "".join(f"<{name}>" for name in stack) if html else ""
            current, size = [reopen + line], len(reopen) + len(line)
        else:
            current.append(line)
            size += extra
        opened = _open_after(line, opened) if html else []
    if current:
        pieces.append("\n".join(current))
    return [p for p in pieces if _TAG.sub("", p).strip()]  # no piece of tags alone
