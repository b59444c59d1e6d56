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


def strip_diacritics(text: str) -> str:
    """Vietnamese letters without their marks; đ becomes d (NFD does not split it)."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


def fold_key(text: str) -> str:
    """The comparison key of a name: no diacritics, lower case, single spaces."""
    key = strip_diacritics(text).casefold()
    key = _PUNCT.sub(" ", key)
    key = _AMP.sub("&", key)
    return _SPACES.sub(" ", key).strip()


def document_key(number: str) -> str:
    """Document numbers compare without spaces or case: "412 /UBND-VX" is "412/ubnd-vx"."""
    return _SPACES.sub("", strip_diacritics(number)).casefold()
