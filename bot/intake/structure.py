"""A letter's parts: number, issuer, date, addressees, and the body as a tree of items.

Vietnamese administrative letters share one layout (Nghị định 30/2020/NĐ-CP): the issuing
body in capitals at the top left, "Số: 412/UBND-VX", "Bình Định, ngày 14 tháng 01 năm
2025", then "Kính gửi:" and its list, the body, and "Nơi nhận:" with the signature. The
body opens with a preamble, sets out numbered items ("I.", "1.", "1.1.", "a)", "-", "+")
and may close with paragraphs that apply to every item; the body ends at "./." or at
"Nơi nhận:".

Lines become paragraphs first: a line that does not end a sentence goes on in the next
one (PDF text is wrapped), and a line starting in lower case continues the last paragraph
even across a blank line (a page break). Rows of a table arrive as "cell | cell | cell".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from bot.intake.vocab import (
    ABBREVIATION_HEADS,
    MULTI_HEADS,
    SINGLE_HEADS,
    is_marked,
    word_key,
)
from storage.keys import fold

__all__ = ["Item", "Letter", "Table", "read_letter"]


@dataclass(slots=True)
class Table:
    """Rows of a table, each a list of cells; the first row that names columns is the
    header (found by the extractor)."""

    rows: list[list[str]] = field(default_factory=list)


@dataclass(slots=True)
class Item:
    """A numbered or bulleted item: its own words, the paragraphs that follow it, and the
    items under it."""

    label: str  # "1", "a", "II", "-"
    kind: str  # "roman", "num1", "num2", "letter", "dash", "plus", "dot"
    text: str
    paras: list[str] = field(default_factory=list)
    children: list[Item | Table] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        return " ".join([self.text, *self.paras]).strip()


@dataclass(slots=True)
class Letter:
    number: str | None = None
    issuer: str | None = None
    issued: date | None = None
    place: str | None = None
    addressees: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    items: list[Item | Table] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    marked: bool = True


# --- cleaning ----------------------------------------------------------------------------

_MARKUP = re.compile(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|\u200b|\ufeff")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


def clean_lines(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _MARKUP.sub("", text)
    return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]


# --- the header --------------------------------------------------------------------------

# "Số: 3210/QĐ-UBND"; a converted PDF spaces it ("3210/QĐ - UBND"), spaces are dropped.
_NUMBER = re.compile(r"^S[ốỐ]\s*[:.]?\s*(\d[\w&.\-]*(?:\s?[/\-]\s?[\w&.\-]+)*)", re.IGNORECASE)
# The place starts at a word's start and its words are short: unbounded, a long run of
# letters made the search try every start with every length (40,000 letters: 47 s).
_PLACE_DATE = re.compile(
    r"(?<![^\W\d_])(?P<place>[^\W\d_]{1,30}(?: [^\W\d_]{1,30}){0,6}),\s*ngày\s+(?P<d>\d{1,2})"
    r"(?:\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})|/(?P<m2>\d{1,2})/(?P<y2>\d{4}))",
    re.IGNORECASE,
)
_ADDRESSED = re.compile(r"^\S+\s+[^\s:]+\s*:?\s*")  # the words "Kính gửi:" themselves
# What follows the signature and carries the work: an appendix, or the plan a decision
# issues ("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch …", then "KẾ HOẠCH … (Kèm
# theo Quyết định số …)", or straight to its "III. TỔ CHỨC THỰC HIỆN").
_APPENDIX = re.compile(
    r"^(?:phu luc|ke hoach|chuong trinh|quy che|de an)\b|kem theo (?:quyet dinh|ke hoach)"
    r"|^[ivx]{1,5}\.\s"
)
_BODY_END = re.compile(r"^\|?\s*(?:noi nhan|doi tuong)\s*:", re.IGNORECASE)  # or its table cell
_MOTTO = re.compile(
    r"^(?:cong hoa xa hoi chu nghia viet nam|dang cong san viet nam|doc lap\s*-\s*tu do"
    r"|[-_=.\s]+$)"
)
_DOC_TYPES = re.compile(
    r"^(?:cong van|thong bao|ke hoach|quyet dinh|chi thi|bao cao|to trinh|ket luan|giay moi"
    r"|chuong trinh|huong dan|nghi quyet|v/v|ve viec)\b"
)
_LEVELS = ("tỉnh", "thành phố", "huyện", "thị xã", "quận", "xã", "phường", "thị trấn")
_ABBREVIATED = {
    "ủy ban nhân dân": "UBND", "hội đồng nhân dân": "HĐND", "ubnd": "UBND", "hđnd": "HĐND"
}  # fmt: skip


def _capitalised_ratio(line: str) -> float:
    letters = [c for c in line if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _starts_body_name(key: str) -> bool:
    words = tuple(key.split())
    return any(words[: len(h)] == h for h in MULTI_HEADS) or (
        bool(words) and words[0] in SINGLE_HEADS
    )


def _names_body(cell: str) -> bool:
    """Whether CELL names a body ("SỞ NỘI VỤ", "UBND TỈNH") or an office ("THỦ TƯỚNG
    CHÍNH PHỦ", "CHỦ TỊCH UBND TỈNH")."""
    key = word_key(cell)
    words = tuple(key.split())
    offices = (("thủ", "tướng"), ("chủ", "tịch"), ("bộ", "trưởng"))
    return (
        _starts_body_name(key)
        or words[0] in ABBREVIATION_HEADS
        or any(words[: len(o)] == o for o in offices)
    )


def _respaced(cell: str, body: str) -> str:
    """CELL as the body spaces it, when a PDF's conversion broke its words into letters
    ("ỦY B AN NHÂN D Â N T HÀNH P HỐ HỒ C H Í M I NH"); CELL itself otherwise."""
    words = cell.split()
    if len(words) < 4 or sum(len(w) <= 2 for w in words) < 0.4 * len(words):
        return cell
    letters = [c for c in fold(cell) if not c.isspace()]
    found = re.search(r"\s?".join(map(re.escape, letters)), fold(body))
    return body[found.start() : found.end()].upper() if found else cell


def _issuer_groups(lines: list[str], body: str = "") -> list[list[str]]:
    """The capitalised header lines, grouped into bodies: "TỈNH ỦY KHÁNH HÒA" then "BAN
    CHỈ ĐẠO / VỀ PHÁT TRIỂN ..." (a line that starts with a head noun starts a body)."""
    groups: list[list[str]] = []
    for line in lines:
        for cell in re.split(r"\s{2,}|\s\|\s", line):
            cell = _respaced(re.sub(r"\s*[-_=]{3,}$", "", cell.strip(" |")), body)
            folded = fold(cell)
            if not cell or _capitalised_ratio(cell) < 0.8 or _MOTTO.match(folded):
                continue
            if _DOC_TYPES.match(folded):
                continue
            if _starts_body_name(word_key(cell)) or not groups:
                groups.append([cell])
            else:
                groups[-1].append(cell)
    return groups


def _bare_head(group: list[str]) -> bool:
    """A body named by its head noun alone ("VĂN PHÒNG"): it belongs to the one above."""
    words = tuple(word_key(" ".join(group)).split())
    return words in MULTI_HEADS or (len(words) == 1 and words[0] in SINGLE_HEADS)


def _title_place(words: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in words.split())


def _cased(name: str, body: str, place: str | None) -> str:
    """NAME (in capitals) as the body writes it, or, failing that, in the usual case:
    "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI" -> "UBND tỉnh Đồng Nai"."""
    words = name.split()
    head, rest = "", name
    low = word_key(rest)
    for long, short in _ABBREVIATED.items():
        if low.startswith(long):
            head, rest, low = short, rest[len(long) :].strip(), low[len(long) :].strip()
            break
    else:
        folded_body = fold(body)
        for size in range(len(words), 1, -1):
            key = fold(" ".join(words[:size]))
            found = re.search(rf"(?<!\w){re.escape(key)}(?!\w)", folded_body)
            if found:
                head, rest = body[found.start() : found.end()], " ".join(words[size:])
                low = word_key(rest)
                break
    for level in _LEVELS:
        if low == level or low.startswith(level + " "):
            rest = level + (" " + _title_place(rest[len(level) :]) if low != level else "")
            break
    else:
        if rest and not head:
            rest = rest[:1].upper() + rest[1:].lower()
        elif rest:
            rest = _title_place(rest)
    cased = f"{head} {rest}".strip()
    if place and word_key(cased).endswith(tuple(" " + level for level in _LEVELS)):
        cased += " " + place  # "... chuyển đổi số tỉnh" is "... tỉnh Khánh Hòa"
    return cased


_WHERE = re.compile(r"(?:tỉnh|thành phố|huyện|thị xã|quận) \w.*$")
_UBND_LEVEL = re.compile(r"\b(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân) (tỉnh|thành phố|huyện)")


def _issuer(header: list[str], number: str | None, body: str, place: str | None) -> str | None:
    # Only a body issues: "THÔNG TIN Ý KIẾN" atop a portal's page is the page's title.
    groups = [g for g in _issuer_groups(header, body) if _names_body(g[0])]
    if groups:
        issuer = _cased(" ".join(groups[-1]), body, place)
        if len(groups) < 2:
            return issuer
        parent = _cased(" ".join(groups[-2]), body, place)
        if _bare_head(groups[-1]):
            return f"{issuer} {parent}"  # "UBND TỈNH X / VĂN PHÒNG": that UBND's office
        where = _WHERE.search(parent)
        if where and not _WHERE.search(issuer):
            return f"{issuer} {where[0]}"  # "UBND TỈNH X / SỞ NỘI VỤ": "Sở Nội vụ tỉnh X"
        return issuer
    # No header (a copy that starts at "Số:"): "412/UBND-VX" is a UBND's number.
    if number and re.search(r"(?:^|[/-])UBND(?:$|[/-])", number):
        level = _UBND_LEVEL.search(body)
        return " ".join(x for x in ("UBND", level[1] if level else None, place) if x)
    return None


# --- the body ----------------------------------------------------------------------------

_MARKER = re.compile(
    r"^(?:(?P<roman>[IVX]{1,5})[.)]\s+"
    # "2.1.a." (a plan's point a of section 2.1): a lettered item, numbered in full.
    r"|\d{1,2}(?:\.\d{1,2}){0,3}\.(?P<numletter>[a-zđ])[.)]\s+"
    r"|(?P<num>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+|(?P<num1>\d{1,2})[.)]\s+"
    r"|(?P<letter>[a-zđ])[).]\s+"
    r"|(?P<bullet>[-–—+•●○▪■◦*])\s*(?=\S))"
)
_BULLETS = {"-": "dash", "–": "dash", "—": "dash", "+": "plus"}
_ORDERED_RANK = {"roman": 0, "num1": 1, "num2": 2, "num3": 3, "num4": 4, "letter": 5}
_TERMINAL = (".", ":", ";", "!", "?")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$|^Trang \d+", re.IGNORECASE)


def _marker(line: str) -> tuple[str, str, str] | None:
    """(kind, label, text after the marker) for a line that starts an item."""
    m = _MARKER.match(line)
    if m is None or m.end() >= len(line):
        return None
    rest = line[m.end() :].strip()
    if m["roman"]:
        return "roman", m["roman"], rest
    if m["numletter"]:
        return "letter", m["numletter"], rest
    if m["num"]:
        return f"num{m['num'].count('.') + 1}", m["num"], rest
    if m["num1"]:
        return "num1", m["num1"], rest
    if m["letter"]:
        return "letter", m["letter"], rest
    return _BULLETS.get(m["bullet"], "dot"), m["bullet"], rest


@dataclass(slots=True)
class _Para:
    text: str
    row: list[str] | None = None
    marker: tuple[str, str, str] | None = None


def _paragraphs(lines: list[str]) -> list[_Para]:
    paras: list[_Para] = []
    blank = False
    for line in lines:
        if not line:
            blank = True
            continue
        if _PAGE_NUMBER.match(line):
            continue
        if line.count("|") >= 2 or (line.startswith("|") and line.endswith("|")):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-{2,}:?|", c) for c in cells):  # a Markdown rule
                paras.append(_Para(line, row=cells))
            blank = False
            continue
        marker = _marker(line)
        last = paras[-1] if paras else None
        joins = (
            last is not None
            and last.row is None
            and marker is None
            and (line[0].islower() or (not blank and not last.text.endswith(_TERMINAL)))
        )
        if joins and last is not None:
            last.text += " " + line
            if last.marker is not None:
                kind, label, rest = last.marker
                last.marker = kind, label, rest + " " + line
        else:
            paras.append(_Para(line, marker=marker))
        blank = False
    return paras


def _rank(kind: str) -> int:
    return _ORDERED_RANK.get(kind, 10)


def _tree(paras: list[_Para]) -> tuple[list[str], list[Item | Table], list[str]]:
    """(preamble, items, closing) of the body's paragraphs."""
    preamble: list[str] = []
    roots: list[Item | Table] = []
    stack: list[Item] = []
    trailing: list[str] = []  # plain paragraphs since the last item line

    for para in paras:
        container = stack[-1].children if stack else roots
        if para.row is not None:
            if not (container and isinstance(container[-1], Table)):
                container.append(Table())
            table = container[-1]
            assert isinstance(table, Table)
            table.rows.append(para.row)
            continue
        if para.marker is None:
            if not stack:
                (trailing if roots else preamble).append(para.text)
            else:
                stack[-1].paras.append(para.text)
                trailing.append(para.text)
            continue
        kind, label, text = para.marker
        trailing = []
        if kind in _ORDERED_RANK:
            # An ordered marker never sits under a bullet, nor under one of its own rank.
            while stack and _rank(stack[-1].kind) >= _rank(kind):
                stack.pop()
        elif any(s.kind == kind for s in stack):
            while stack[-1].kind != kind:
                stack.pop()
            stack.pop()
        item = Item(label, kind, text)
        (stack[-1].children if stack else roots).append(item)
        stack.append(item)

    closing: list[str] = []
    if trailing and stack:
        last = stack[-1]
        # Paragraphs after the last item close the letter, unless that item is a heading
        # in capitals whose paragraphs they are ("III. TỔ CHỨC THỰC HIỆN" + paragraphs).
        if not (last.paras and _capitalised_ratio(last.text) > 0.8 and not last.children):
            closing = trailing
            del last.paras[len(last.paras) - len(trailing) :]
    elif trailing:
        closing = trailing
    # Bullets before the first numbered item belong to the preamble ("Căn cứ: - ...").
    if any(isinstance(n, Item) and n.kind in _ORDERED_RANK for n in roots):
        while roots and isinstance(roots[0], Item) and roots[0].kind not in _ORDERED_RANK:
            first = roots.pop(0)
            assert isinstance(first, Item)
            preamble.append(first.full_text)
    return preamble, roots, closing


# --- the letter --------------------------------------------------------------------------


def _find_cell(lines: list[str], pattern: re.Pattern[str]) -> tuple[int, re.Match[str] | None]:
    """The first line with a cell that starts with PATTERN, and the match: a letter's
    header is often a table ("| ỦY BAN NHÂN DÂN … | CỘNG HÒA … |", "| Số: 12/UBND | Hà
    Nội, ngày … |"), each cell a line of its own."""
    for i, line in enumerate(lines):
        for cell in line.strip("| ").split("|") if "|" in line else [line]:
            m = pattern.match(cell.strip())
            if m is not None:
                return i, m
    return -1, None


def _find(lines: list[str], pattern: re.Pattern[str], start: int = 0, folded: bool = False) -> int:
    for i in range(start, len(lines)):
        if pattern.search(fold(lines[i]) if folded else lines[i]):
            return i
    return -1


def _addressees(lines: list[str], at: int) -> tuple[list[str], int]:
    """The units after "Kính gửi:" (on its line, or listed below it) and the next line."""
    first = _ADDRESSED.sub("", lines[at], count=1)
    found = [p.strip(" ;.,-") for p in re.split(r";", first) if p.strip(" ;.,-")]
    i = at + 1
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            continue
        marker = _marker(line)
        if marker is not None and marker[0] in ("dash", "plus", "dot"):
            found.append(marker[2].strip(" ;.,"))
            i += 1
            continue
        if not found and len(line) < 100 and not line.endswith(":"):
            found.append(line.strip(" ;.,"))
            i += 1
            continue
        break
    return [f for f in found if f], i


def _body_start(lines: list[str], after: int) -> int:
    """The first line of the body after the header and the title ("THÔNG BÁO / Kết luận
    ... / tỉnh Khánh Hòa"): a line that ends a sentence, is long, or starts an item."""
    i = after
    while i < len(lines):
        line = lines[i]
        marker = _marker(line) if line else None
        if line and (
            (line.endswith(_TERMINAL) and _capitalised_ratio(line) < 0.8)
            or len(line) > 160
            or (marker is not None and marker[0] in _ORDERED_RANK)
        ):
            return i
        i += 1
    return after


def read_letter(text: str) -> Letter:
    """The parts of the letter TEXT (plain text, one paragraph or wrapped line per line)."""
    lines = clean_lines(text)
    letter = Letter(marked=is_marked(text))
    number_at, m = _find_cell(lines, _NUMBER)
    if m is not None:
        letter.number = re.sub(r"\s+", "", m[1]).rstrip(".-")
    date_at = -1
    for i, line in enumerate(lines[:60]):
        m = _PLACE_DATE.search(line)
        if m and m["place"][0].isupper():
            date_at = i
            letter.place = m["place"]
            day, month, year = m["d"], m["m"] or m["m2"], m["y"] or m["y2"]
            try:
                letter.issued = date(int(year), int(month), int(day))
            except ValueError:
                letter.issued = None
            break
    addressed_at = _find(lines, re.compile(r"^kinh gui\b"), folded=True)
    if addressed_at >= 0:
        letter.addressees, start = _addressees(lines, addressed_at)
    else:
        # A news report cites its letter at the end ("(Theo Công văn số …, ngày …)"): that
        # line gives the date, but the body is above it.
        heads = [x for x in (number_at, date_at) if x >= 0 and not lines[x].startswith("(")]
        start = _body_start(lines, max(heads, default=-1) + 1)
    end = _find(lines, _BODY_END, start, folded=True)
    end = len(lines) if end < 0 else end
    for i in range(start, end):
        if lines[i].endswith("./.") or lines[i].endswith("/."):
            end = i + 1
            lines[i] = lines[i][: lines[i].rfind("/.") - 1].rstrip() + "."
            break
    body_lines = lines[start:end]
    letter.preamble, letter.items, letter.closing = _tree(_paragraphs(body_lines))
    appendix = _find(lines, _APPENDIX, end, folded=True)
    if appendix >= 0:
        # A plan's task table often follows the signature: its body runs to its own end.
        rest = lines[appendix + 1 :]
        closing = _find(rest, _BODY_END, folded=True)
        letter.items += _tree(_paragraphs(rest[: closing if closing >= 0 else len(rest)]))[1]
    header_end = min(x for x in (number_at, date_at, addressed_at, start) if x >= 0)
    if number_at > 0:
        header_end = number_at
    body = "\n".join(body_lines)
    letter.issuer = _issuer(lines[:header_end], letter.number, body, letter.place)
    return letter
