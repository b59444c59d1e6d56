"""Where a unit's name starts and ends in a sentence, and who a clause assigns.

Vietnamese unit names start with a head noun ("Sở", "Ban", "UBND", "Công an") or a group
("các sở, ngành") and go on with capitalised words, place words and the lower-case tails
of compounds ("Sở Giao thông vận tải"). They end where the task starts: at a verb such as
"chủ trì", "rà soát", "khẩn trương" (vocab.PREDICATES), at a linking word ("với", "để"),
or at punctuation that no name continues with. Registered units, when given, are
recognised first, so their names need none of these rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.intake.units import KnownUnit, UnitMatcher
from bot.intake.vocab import TOKEN, Phrase, Vocabulary, word_key
from storage.keys import fold

__all__ = ["Clause", "Name", "Reader"]

_JOINERS = {",", "và", "va", "-", "–", "—"}
# After a unit at the start of an item, these words say it is no subject: "Sở X của ...".
_NOT_A_TASK = {"của", "với", "và", "để", "nhằm", "cua", "voi", "va", "de", "nham"}
_AFTER_COMMA = frozenset(
    (("căn", "cứ"), ("trong", "phạm", "vi"), ("theo", "chức", "năng"), ("can", "cu"),
     ("trong", "pham", "vi"), ("theo", "chuc", "nang"))
)  # fmt: skip
# Lower-case tails that would otherwise read as a verb: "Bộ Ngoại
# giao", unmarked "Ban Tuyen giao".
# Also "đơn vị sự nghiệp công lập" ("lập" is "draw up").
_TAILS = frozenset(
    (("ngoại", "giao"), ("ngoai", "giao"), ("tuyen", "giao"), ("công", "lập"), ("cong", "lap"))
)
_STATE_BODIES = frozenset((("quốc", "hội"), ("chính", "phủ"), ("quoc", "hoi"), ("chinh", "phu")))
_MAX_NAME = 30  # tokens: a longer "name" is a sentence
_LOWER_RUN = 4  # lower-case words in a row that a name may hold ("Phục vụ hành chính công")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    key: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def is_capital(self) -> bool:
        return self.text[0].isupper() or self.text[0].isdigit()


@dataclass(frozen=True, slots=True)
class Name:
    """A unit named in the text: its words as written, and what was learnt on the way."""

    text: str
    group: bool  # "các sở, ngành": a group, not one unit
    unit: KnownUnit | None = None
    deferred: bool = False  # "các sở, ngành sau đây": the units are listed after a colon


@dataclass(slots=True)
class Clause:
    """Who a sentence or an item assigns, and what is left of it: the task."""

    leads: list[Name] = field(default_factory=list)
    support: list[Name] = field(default_factory=list)
    task: str = ""
    introduced: bool = False  # the leads came after "Giao", "Đề nghị", ...
    colon: bool = False  # "Sở X:" — the lead heads what follows the colon
    deferred: bool = False


class Reader:
    """Reads unit names in one piece of text (a clause, an item, a table cell)."""

    def __init__(self, text: str, vocab: Vocabulary, matcher: UnitMatcher) -> None:
        self.text = text
        self.vocab = vocab
        self.matcher = matcher
        keyed = word_key if vocab.marked else fold
        self.tokens = [
            Token(m.group(), keyed(m.group()), m.start(), m.end()) for m in TOKEN.finditer(text)
        ]

    # --- small tests at a token ------------------------------------------------------------

    def phrase_at(self, i: int, entries: frozenset[Phrase], longest: int = 6) -> int:
        """How many tokens from I make the longest entry of ENTRIES (0: none)."""
        tokens = self.tokens
        for size in range(min(longest, len(tokens) - i), 0, -1):
            if tuple(t.key for t in tokens[i : i + size]) in entries:
                return size
        return 0

    def _lower(self, i: int) -> bool:
        return i < len(self.tokens) and self.tokens[i].is_word and not self.tokens[i].is_capital

    def predicate_at(self, i: int) -> int:
        return self.phrase_at(i, self.vocab.predicates) if self._lower(i) else 0

    def stop_at(self, i: int) -> int:
        return self.phrase_at(i, self.vocab.name_stops) if self._lower(i) else 0

    def known_at(self, i: int) -> tuple[KnownUnit, int] | None:
        """The longest registered unit whose name starts at token I, and where it ends."""
        if not self.matcher or i >= len(self.tokens) or not self.tokens[i].is_word:
            return None
        if not self.matcher.may_start(self.tokens[i].text):
            return None
        last = min(len(self.tokens), i + self.matcher.longest_key + 2)
        for end in range(last, i, -1):
            if not self.tokens[end - 1].is_word:
                continue
            unit = self.matcher.match(self.span(i, end))
            if unit is not None:
                return unit, end
        return None

    def _head(self, i: int) -> int:
        """The end of a head noun starting at I ("Sở" + capital, "Công an", "UBND"), or 0."""
        tokens, vocab = self.tokens, self.vocab
        if i >= len(tokens) or not tokens[i].is_word or not tokens[i].is_capital:
            return 0
        size = self.phrase_at(i, vocab.multi_heads, 4)
        if size:
            return i + size
        key = tokens[i].key
        if key in vocab.abbreviation_heads and any(c.isupper() for c in tokens[i].text[1:]):
            return i + 1
        nxt = i + 1
        if key in vocab.single_heads and nxt < len(tokens) and tokens[nxt].is_word:
            return i + 1 if tokens[nxt].is_capital else 0
        return 0

    def _group(self, i: int) -> int:
        """The end of "các" + a group noun starting at I ("các sở", "Các thành viên"), or 0."""
        start = self.phrase_at(i, self.vocab.group_starts, 3)
        if not start:
            return 0
        noun = self.phrase_at(i + start, self.vocab.group_nouns, 4)
        if not noun:
            return self._head(i + start)  # "các Ủy ban của Quốc hội", "các Sở"
        return i + start + noun

    def _title(self, i: int) -> int:
        """How many tokens of a person's title ("Giám đốc", "Thủ trưởng") start at I."""
        for size in range(min(3, len(self.tokens) - i), 0, -1):
            if tuple(t.key for t in self.tokens[i : i + size]) not in self.vocab.titles:
                continue
            at = i + size  # "Trưởng Đoàn đại biểu": "Trưởng" + "Đoàn đại biểu", not "Trưởng đoàn"
            if self._head(at) or self._group(at) or self.known_at(at):
                return size
        return 0

    def unit_starts(self, i: int) -> bool:
        return bool(self.known_at(i) or self._group(i) or self._head(i) or self._title(i))

    def span(self, i: int, j: int) -> str:
        return self.text[self.tokens[i].start : self.tokens[j - 1].end]

    # --- names ------------------------------------------------------------------------------

    def name_at(self, i: int) -> tuple[Name, int] | None:
        """The unit name starting at token I and the token after it, or None."""
        i += self._title(i)
        known = self.known_at(i)
        if known is not None:
            unit, end = known
            return Name(self.span(i, end), group=False, unit=unit), end
        end = self._group(i)
        group = bool(end)
        if not end:
            end = self._head(i)
        if not end:
            return None
        end, group, deferred = self._extend(i, end, group)
        while end > i + 1 and self.tokens[end - 1].key in ("các", "cac", *_JOINERS):
            end -= 1
        return Name(self.span(i, end), group=group, deferred=deferred), end

    def _extend(self, start: int, k: int, group: bool) -> tuple[int, bool, bool]:
        """Where a name that has its head up to K ends; whether it turned out a group."""
        tokens, vocab = self.tokens, self.vocab
        safe, run = k, 0
        while k < len(tokens) and k - start < _MAX_NAME:
            tok = tokens[k]
            if tok.key in _JOINERS:
                named = any(t.is_capital for t in tokens[start + 1 : k])
                nxt = self._after_joiner(k, group, named)
                if nxt is None:
                    break
                k, safe, run = nxt, nxt, 0
                continue
            if not tok.is_word:
                break
            if tok.is_capital:
                k, run = k + 1, 0
                safe = k
                continue
            if tok.key in ("của", "cua") and self._of_body(k + 1):
                k += 1  # "các Ủy ban của Quốc hội", "các Ban của Hội đồng nhân dân tỉnh"
                continue
            if k > start and (tokens[k - 1].key, tok.key) in _TAILS:
                k += 1
                safe = k
                continue
            place = self.phrase_at(k, vocab.place_words, 4)
            if place:
                group = group or tok.key in ("các", "cac")  # "UBND các huyện" is a group
                k += place
                safe, run = k, 0
                continue
            deferred = self.phrase_at(k, vocab.deferring, 2)
            if deferred and self.stop_at(k):
                return k, group, True
            if self.predicate_at(k) or self.stop_at(k):
                break
            run += 1
            if run > _LOWER_RUN:
                return safe, group, False
            k += 1
            if run == 1 and tokens[k - 2].is_capital:
                safe = k  # the lower-case tail of a capitalised word: "Tài chính"
        return k, group, False

    def _after_joiner(self, k: int, group: bool, named: bool = False) -> int | None:
        """Where the name goes on after the joiner at K (",", "và", "-"), or None if it ends."""
        tokens, vocab = self.tokens, self.vocab
        joiner, nxt = tokens[k].key, k + 1
        if nxt >= len(tokens) or not tokens[nxt].is_word:
            return None
        if joiner in ("-", "–", "—"):
            # "Bộ Lao động - Thương binh và Xã hội", "các tổ chức chính trị - xã hội"
            social = tuple(t.key for t in tokens[nxt : nxt + 2]) in (("xã", "hội"), ("xa", "hoi"))
            return nxt if tokens[nxt].is_capital or social else None
        if self.unit_starts(nxt):
            other_group = self._group(nxt)
            # Only generic groups merge: "các đại biểu Quốc hội, các cơ quan" are two.
            named = named or (other_group < len(tokens) and tokens[other_group].is_capital)
            if group and other_group and not named:
                return other_group  # "các sở, ngành và các địa phương": one group
            return None  # another unit: the list goes on, this name ends
        if tokens[nxt].is_capital:
            return nxt  # "Sở Văn hóa, Thể thao và Du lịch"
        if joiner == "," and group:
            size = self.phrase_at(nxt, vocab.group_nouns, 4) or self.phrase_at(
                nxt, vocab.place_words, 4
            )
            return nxt + size if size else None
        if joiner == "," and self._ends_place(k):
            # "Ủy ban nhân dân xã, phường, thị trấn", "UBND quận, huyện": one collective
            # unit, its levels listed.
            size = self.phrase_at(nxt, vocab.place_words, 4)
            return nxt + size if size and tokens[nxt].key not in ("các", "cac") else None
        if joiner in ("và", "va") and not (self.predicate_at(nxt) or self.stop_at(nxt)):
            return nxt  # "vừa và nhỏ"
        return None

    def _of_body(self, k: int) -> bool:
        """Whether a body the name belongs to starts at K, after "của": "Quốc hội",
        "Chính phủ", or a unit's head ("Hội đồng nhân dân")."""
        if k >= len(self.tokens) or not self.tokens[k].is_capital:
            return False
        pair = tuple(t.key for t in self.tokens[k : k + 2])
        return pair in _STATE_BODIES or bool(self.phrase_at(k, self.vocab.multi_heads, 4))

    def _ends_place(self, k: int) -> bool:
        """Whether a place word ("xã", "thị trấn") ends just before token K."""
        return any(
            k - n >= 0 and self.phrase_at(k - n, self.vocab.place_words, n) == n for n in (1, 2, 3)
        )

    def names_at(self, i: int) -> tuple[list[Name], int]:
        """The list of units starting at I ("Sở A, Sở B và các đơn vị liên quan")."""
        names: list[Name] = []
        k = i
        while True:
            got = self.name_at(k)
            if got is None:
                break
            name, k = got
            listed = self._distributed(name, k)
            if listed is not None:
                more, k = listed
                names += more
            else:
                names.append(name)
            if name.deferred:
                k += self.phrase_at(k, self.vocab.deferring, 2)
                break
            j = k
            while j < len(self.tokens) and self.tokens[j].key in (",", ";", "và", "va"):
                j += 1
            if j == k or not self.unit_starts(j):
                break
            k = j
        return names, k

    def _distributed(self, name: Name, k: int) -> tuple[list[Name], int] | None:
        """ "các Sở: Nội vụ, Tài chính": one unit per name after the colon, each with the
        group's head ("Sở Nội vụ", "Sở Tài chính"), and where the list ends."""
        tokens = self.tokens
        if not (name.group and 2 <= k < len(tokens) and tokens[k].text == ":"):
            return None
        if name.text != self.span(k - 2, k) or tokens[k - 1].key not in self.vocab.single_heads:
            return None  # only "các" + one head noun ("các Sở", "các Bộ") distributes
        head = tokens[k - 1].text[:1].upper() + tokens[k - 1].text[1:]
        out: list[Name] = []
        j = k + 1
        while j < len(tokens) and tokens[j].is_word and tokens[j].is_capital:
            end = j + 1
            while end < len(tokens):
                tok = tokens[end]
                if tok.key in ("-", "–", "và", "va"):  # "Lao động - Thương binh và Xã hội"
                    if end + 1 < len(tokens) and tokens[end + 1].is_capital:
                        end += 2
                        continue
                    break
                if not tok.is_word or (
                    not tok.is_capital and (self.predicate_at(end) or self.stop_at(end))
                ):
                    break
                end += 1
            out.append(Name(f"{head} {self.span(j, end)}", group=False))
            if end < len(tokens) and tokens[end].key in (",", ";"):
                j = end + 1
                continue
            return out, end
        return (out, j) if out else None

    # --- clauses ----------------------------------------------------------------------------

    def clause_at(self, i: int = 0, strict: bool = True) -> Clause:
        """Who the text from token I assigns and the task left. STRICT: without an
        introducer ("Giao", "Đề nghị"), a unit only leads when a task or a colon follows
        its name, so "Ban Chỉ đạo đã họp" names no lead but "Sở Y tế rà soát" does."""
        tokens = self.tokens
        intro = self.phrase_at(i, self.vocab.introducers, 4)
        start = i + intro if intro and self.unit_starts(i + intro) else i
        names, k = self.names_at(start)
        if names and not (intro and start > i) and strict and not self._leads_here(k):
            names = []
        if not names:
            # "Chủ trì, phối hợp với X rà soát ...": the task is what X is asked to help with.
            k = self._skip_role(i)
            support, k = self._support_at(k)
            clause = Clause(support=support, task=self.rest(k if support else i))
            known = {s.text for s in support}
            clause.support += [s for s in self._support_anywhere(i) if s.text not in known]
            return clause
        clause = Clause(leads=names, introduced=start > i, deferred=names[-1].deferred)
        k = self._skip_parenthesis(k)
        if k < len(tokens) and tokens[k].text == ":":
            clause.colon = True
            k += 1
        clause.support, k = self._support_at(self._skip_role(k))
        while k < len(tokens) and tokens[k].key in (",", ";"):
            k += 1
        clause.task = self.rest(k)
        known = {s.text for s in clause.support}
        clause.support += [s for s in self._support_anywhere(k) if s.text not in known]
        return clause

    def _skip_role(self, k: int) -> int:
        """Past "chủ trì," at K: the lead's role, not its task."""
        tokens = self.tokens
        if tuple(t.key for t in tokens[k : k + 2]) in (("chủ", "trì"), ("chu", "tri")):
            k += 2
            while k < len(tokens) and tokens[k].key in (",", "và", "va"):
                k += 1
        return k

    def _leads_here(self, k: int) -> bool:
        """Whether what follows a name at K makes it a lead: a task, a colon, nothing."""
        tokens = self.tokens
        k = self._skip_parenthesis(k)
        if k >= len(tokens):
            return True
        tok = tokens[k]
        if tok.text == ":":
            return True
        if tok.is_word and not tok.is_capital:
            return tok.key not in _NOT_A_TASK
        # "Sở Y tế, căn cứ chức năng ...", but not "Thanh tra, kiểm tra ..." (a verb).
        return tok.text == "," and bool(self.phrase_at(k + 1, _AFTER_COMMA, 3))

    def _skip_parenthesis(self, k: int) -> int:
        tokens = self.tokens
        if k < len(tokens) and tokens[k].text == "(":
            for j in range(k + 1, min(len(tokens), k + 12)):
                if tokens[j].text == ")":
                    return j + 1
        return k

    def _support_at(self, k: int) -> tuple[list[Name], int]:
        size = self.phrase_at(k, self.vocab.support_introducers, 5)
        if not size:
            return [], k
        names, end = self.names_at(k + size)
        return (names, end) if names else ([], k)

    def _support_anywhere(self, i: int) -> list[Name]:
        found: list[Name] = []
        for k in range(i, len(self.tokens)):
            if self._lower(k) or (k == i and self.tokens[k].is_word):
                names, _ = self._support_at(k)
                found += [n for n in names if n.text not in {f.text for f in found}]
        return found

    def rest(self, k: int) -> str:
        return self.text[self.tokens[k].start :].strip() if k < len(self.tokens) else ""

    def introducer_positions(self) -> list[int]:
        """Where "giao", "đề nghị", "yêu cầu" introduce units in running text; not after
        "đã", "được" (what was assigned before is no new task)."""
        found = []
        for k in range(len(self.tokens)):
            size = self.phrase_at(k, self.vocab.introducers, 4)
            if not size or not self.unit_starts(k + size):
                continue
            before = self.tokens[k - 1].key if k else ""
            if before in ("đã", "được", "vừa", "da", "duoc", "vua"):
                continue
            found.append(k)
        return found
