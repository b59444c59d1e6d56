"""_Text: a reply as typed (NFC, blanks made one space) beside its folded copy of the
same length, and whether marks were typed to tell ambiguous folded words apart."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.reading.replies.vocabulary import _AMBIGUOUS
from storage.keys import fold

_BLANKS = re.compile(r"[^\S\n]+")
_LINE_EDGES = re.compile(r" ?\n[\s]*")


@dataclass(frozen=True)
class _Text:
    orig: str  # NFC, runs of blanks made one space
    s: str  # folded, same length
    accented: bool  # marks were typed, so "cho" is not "chờ"

    @classmethod
    def of(cls, text: str) -> _Text:
        orig = _BLANKS.sub(" ", unicodedata.normalize("NFC", text))
        orig = _LINE_EDGES.sub("\n", orig).strip()
        s = fold(orig)
        return cls(orig, s, s != orig.lower())

    def word(self, start: int, end: int, accented: str) -> bool:
        """Whether orig[start:end] is ACCENTED, when the text has marks to tell."""
        return not self.accented or self.orig[start:end].lower() == accented

    def meant(self, m: re.Match[str]) -> bool:
        """Whether the folded word M is the word meant: "de" is "để" but not "đề"."""
        spellings = _AMBIGUOUS.get(m[0])
        if spellings is None or not self.accented:
            return True
        return self.orig[m.start() : m.end()].lower() in spellings

    def first(self, pattern: re.Pattern[str], start: int, end: int) -> re.Match[str] | None:
        """The first match of PATTERN in [START, END) that is the word meant."""
        return next((m for m in pattern.finditer(self.s, start, end) if self.meant(m)), None)
