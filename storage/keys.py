"""Search keys: how names are compared when an official types them.

Officials type unit names with or without diacritics, in any case, with "&" or "và".
A key folds all of that away so "Sở KH&CN", "so kh&cn" and "SỞ KH & CN" meet.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_AMP = re.compile(r"\s*&\s*")
_PUNCT = re.compile(r"[.,;:!?\"'“”‘’()\[\]]")


class _FoldTable(dict[int, str]):
    """str.translate's table for `fold`, filled one code point at a time as text meets it,
    so it covers every script without a table built up front."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        low = ch.lower()
        if len(low) != 1:  # "İ" lowers to two characters: keep it, and the positions
            low = ch
        bare = "".join(c for c in unicodedata.normalize("NFD", low) if not unicodedata.combining(c))
        folded = "d" if low == "đ" else bare if len(bare) == 1 else low  # NFD does not split đ
        self[code] = folded
        return folded


_FOLDED = _FoldTable()


def fold(text: str) -> str:
    """TEXT in lower case without diacritics ("Đã XONG" gives "da xong"), one character for
    one: a position in the fold is the same position in TEXT, so a match found on folded
    text slices the original. TEXT should be NFC, where a letter and its marks are one
    character; every reader of what officials type folds with this."""
    return text.translate(_FOLDED)


def _bare(text: str) -> str:
    # Keys drop even the marks NFC could not compose onto a letter.
    folded = fold(unicodedata.normalize("NFC", text))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def fold_key(text: str) -> str:
    """The comparison key of a name: no diacritics, lower case, single spaces."""
    key = _bare(text).casefold()
    key = _PUNCT.sub(" ", key)
    key = _AMP.sub("&", key)
    return _SPACES.sub(" ", key).strip()


def document_key(number: str) -> str:
    """Document numbers compare without spaces or case: "412 /UBND-VX" is "412/ubnd-vx"."""
    return _SPACES.sub("", _bare(number)).casefold()
