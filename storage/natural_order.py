"""The order in which names are listed for a person: as a reader expects, not as bytes sort.

"Trường Số 2" comes before "Trường Số 10" and "Phường 9" before "Phường 10" (a run of
digits compares as a number); "đội", "Đội" and "Doi" sit together with the D's (case and
diacritics are folded away as `storage.keys.fold_key` folds them for searching); names
that fold alike still come in one fixed order (by their marks, then as written), so a list
never changes between two requests.

One function, used wherever units are listed: the chat's tables, the files, the chart.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Protocol

from storage.keys import fold_key

_DIGITS = re.compile(r"([0-9]+)")
_SPACES = re.compile(r"\s+")

# Text and numbers in turn, always starting with text: ("truong so", 10, "").
Chunks = tuple[str | int, ...]
Key = tuple[Chunks, Chunks, str]


def _chunks(text: str) -> Chunks:
    """TEXT with each run of digits as its number. Spaces next to a number do not count,
    so "Phường 9" and "Phường9" meet, and every part at an even place is text, at an odd
    place a number: two keys always compare part by part."""
    parts = _DIGITS.split(text)
    return tuple(int(p) if i % 2 else p.strip() for i, p in enumerate(parts))


def natural_key(text: str) -> Key:
    """A sort key for TEXT: first without case or diacritics (đ as d), numbers by value;
    then with the diacritics, still without case; last the text exactly as written."""
    written = unicodedata.normalize("NFC", text)
    marked = _SPACES.sub(" ", written.casefold()).strip()
    return _chunks(fold_key(written)), _chunks(marked), written


class _Named(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def code(self) -> str: ...


def unit_order(unit: _Named) -> tuple[Key, Key]:
    """Units by name in natural order; two units named alike by their codes."""
    return natural_key(unit.name), natural_key(unit.code)
