"""Which registered unit a name in a document means.

Documents write "Sở Khoa học và Công nghệ", "Sở KH&CN", "SỞ KHCN" or "So Khoa hoc va Cong
nghe" for the same unit. `unit_key` folds case and marks away and spells the usual
abbreviations out, so all of these meet; `UnitMatcher` looks a name up among the units it
is given (plain `KnownUnit`s, so it works without a database).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storage.keys import fold

__all__ = ["ABBREVIATIONS", "KnownUnit", "UnitMatcher", "unit_key"]


@dataclass(frozen=True, slots=True)
class KnownUnit:
    """A registered unit as the matcher needs it."""

    id: int
    code: str
    name: str
    aliases: tuple[str, ...] = ()


# Folded, without "&", "-", "." or spaces: "KH&CN", "KHCN" and "kh-cn" are all "khcn".
ABBREVIATIONS = {
    "khcn": "khoa hoc va cong nghe",
    "tttt": "thong tin va truyen thong",
    "tnmt": "tai nguyen va moi truong",
    "gddt": "giao duc va dao tao",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "vhttdl": "van hoa the thao va du lich",
    "nnptnt": "nong nghiep va phat trien nong thon",
    "nnmt": "nong nghiep va moi truong",
    "khdt": "ke hoach va dau tu",
    "gtvt": "giao thong van tai",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "ubmttq": "uy ban mat tran to quoc",
    "bcd": "ban chi dao",
    "bql": "ban quan ly",
    "qlda": "quan ly du an",
    "kcn": "khu cong nghiep",
    "dhqg": "dai hoc quoc gia",
    "bhxh": "bao hiem xa hoi",
    "ptth": "phat thanh truyen hinh",
    "bchqs": "bo chi huy quan su",
    "vpub": "van phong uy ban nhan dan",
    "vpubnd": "van phong uy ban nhan dan",
    "tp": "thanh pho",
    "tx": "thi xa",
    "tw": "trung uong",
}

_JOINERS = re.compile(r"[&.\-/]")
_WORD = re.compile(r"[a-z0-9]+(?:[&.\-/][a-z0-9]+)*")
_AMP = re.compile(r"\s*&\s*")


def _expand(word: str) -> list[str]:
    compact = _JOINERS.sub("", word)
    spelled = ABBREVIATIONS.get(compact)
    if spelled is None and len(compact) > 3 and compact[0] == "s" and compact[1:] in ABBREVIATIONS:
        spelled = "so " + ABBREVIATIONS[compact[1:]]  # "SKHCN" is "Sở KHCN"
    if spelled is not None:
        return spelled.split()
    # "Văn hóa & Du lịch": "&" between words is "và".
    return [part for part in word.replace("&", " va ").replace("-", " ").split() if part]


def unit_key(text: str) -> str:
    """The comparison key of a unit name: "Sở KH&CN" -> "so khoa hoc va cong nghe"."""
    folded = _AMP.sub("&", fold(unicodedata.normalize("NFC", text)))
    words: list[str] = []
    for word in _WORD.findall(folded):
        words.extend(_expand(word))
    return " ".join(words)


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(unicodedata.normalize("NFC", text)))


def _without_so(key: str) -> str:
    return key[3:] if key.startswith("so ") else key


class UnitMatcher:
    """Looks names up among KNOWN units by name, alias and code."""

    def __init__(self, known: Iterable[KnownUnit] = ()) -> None:
        self.units: tuple[KnownUnit, ...] = tuple(known)
        self._exact: dict[str, set[int]] = {}
        self._loose: dict[str, set[int]] = {}  # "Sở" left out: "KHCN" finds "SKHCN"
        self._by_id = {u.id: u for u in self.units}
        for unit in self.units:
            for name in (unit.name, *unit.aliases, unit.code):
                key = unit_key(name)
                if key:
                    self._exact.setdefault(key, set()).add(unit.id)
                    self._loose.setdefault(_without_so(key), set()).add(unit.id)
            self._exact.setdefault(_compact(unit.code), set()).add(unit.id)
        self._first_words = frozenset(k.split()[0] for k in (*self._exact, *self._loose) if k)
        self._longest = max((len(k.split()) for k in self._exact), default=0)

    def __bool__(self) -> bool:
        return bool(self.units)

    @property
    def longest_key(self) -> int:
        """The most words a known name spells out to."""
        return self._longest

    def may_start(self, word: str) -> bool:
        """Whether a known name may start with WORD: a cheap test before `match`."""
        key = unit_key(word)
        return bool(key) and key.split()[0] in self._first_words

    def match(self, name: str) -> KnownUnit | None:
        """The one unit NAME means, or None (no unit, or more than one)."""
        key = unit_key(name)
        if not key:
            return None
        for ids in (
            self._exact.get(key),
            self._exact.get(_compact(name)),
            self._loose.get(_without_so(key)),
        ):
            if ids and len(ids) == 1:
                return self._by_id[next(iter(ids))]
            if ids:
                return None  # two units answer to this name: let a person choose
        return None

    def match_all(self, names: Sequence[str]) -> list[KnownUnit | None]:
        return [self.match(name) for name in names]
