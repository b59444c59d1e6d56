"""From an official letter's text to the assignments it makes: `extract`.

Who leads a task, in order:
1. the unit the item itself names: "Giao Sở X chủ trì, phối hợp với Y ...", "Sở X rà
   soát ...", "Sở X: ..." (several units: one assignment each; "các sở, ngành sau đây ...:
   Sở A với ...; Sở B với ..." lists them after a colon);
2. the unit of the heading above it ("1. Giao Ban X:" then "- ..." bullets), where a
   bullet's own "Giao các sở ..." is the heading unit's job of assigning, not a new lead;
3. the unit the sentence before the list assigns ("Chủ tịch UBND tỉnh giao Sở X chủ trì,
   phối hợp với Y ...:");
4. the addressees (Kính gửi), also when a clause asks "các đơn vị", "Quý cơ quan".
Items naming no one, and no one above them, are no assignments ("1. Mục đích: ...").

When, in order: the item's own deadline or rhythm; an item that sets the deadline of
others ("Khẩn trương hoàn thành các nội dung nêu tại Mục 1 và 2 ... trước ngày ...") for
those it names; the heading's or the opening sentence's; a closing sentence after the list
("... báo cáo kết quả trước ngày 30/04/2025") for every item still without one. An item
that is only "khẩn trương" stays without a date and is marked urgent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.intake.deadlines import Timing, find_due, on_day, urgency
from bot.intake.names import Clause, Name, Reader
from bot.intake.structure import Item, Letter, Table, read_letter
from bot.intake.units import KnownUnit, UnitMatcher, unit_key
from bot.intake.vocab import MARKED, UNMARKED, Vocabulary, word_key
from storage.deadline import Deadline
from storage.keys import fold

__all__ = ["Proposal", "ProposedAssignment", "extract"]

DEFAULT_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True, slots=True)
class ProposedAssignment:
    lead: str
    lead_unit_id: int | None
    support: list[str]
    support_unit_ids: list[int | None]
    task: str
    deadline: Deadline | None
    deadline_text: str | None
    recurrence: str | None  # daily, weekly, monthly, quarterly, semiannual, yearly
    recurrence_text: str | None
    urgent: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "lead": self.lead,
            "support": list(self.support),
            "task": self.task,
            "deadline": self.deadline.iso() if self.deadline else None,
            "deadline_text": self.deadline_text,
            "recurrence": self.recurrence,
            "recurrence_text": self.recurrence_text,
        }


@dataclass(frozen=True, slots=True)
class Proposal:
    number: str | None
    issuer: str | None
    issued: date | None
    assignments: list[ProposedAssignment]
    unknown_units: list[str]  # named in the document, registered nowhere: offer to create

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "issuer": self.issuer,
            "issued": self.issued.isoformat() if self.issued else None,
            "assignments": [a.as_json() for a in self.assignments],
        }


# --- drafts ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    """What an item inherits from above it."""

    leads: list[Name] = field(default_factory=list)
    support: list[Name] = field(default_factory=list)
    due: Timing | None = None
    urgent: str | None = None
    from_heading: bool = False  # the leads head the items below ("1. Giao Ban X:")


@dataclass(slots=True)
class _Draft:
    lead: Name
    support: list[Name]
    task: str
    due: Timing | None
    urgent: str | None


_REFERENCE = re.compile(
    r"(?:neu tai|tai|o|theo) (?:cac )?(?:muc|khoan|diem|phan|noi dung)"
    r" ((?:\d+|[a-z])(?:\s*(?:,|va|-|den)\s*(?:\d+|[a-z]))*)\b"
)
_ABOVE = re.compile(
    r"(?:noi dung|nhiem vu|viec|cong viec|muc)(?: da| duoc)?(?: neu| giao| noi)?(?: o| tai)? tren\b"
)
_BODY_WORD = r"(?:(?:don vi|co quan) )?"  # "Đơn vị chủ trì", "Cơ quan phối hợp"
_FIELD = re.compile(
    rf"^(?:(?P<lead>{_BODY_WORD}(?:chu tri(?: thuc hien)?|thuc hien))"
    rf"|(?P<support>{_BODY_WORD}phoi hop)"
    r"|(?P<due>thoi gian(?: hoan thanh| thuc hien)?|thoi han|han(?: hoan thanh)?|tien do))"
    r"\s*:\s*"
)
# A record's field as a heading with its values listed below it ("2. Cơ quan chủ trì" +
# "- Sở A." lines; "2. Cơ quan chủ trì, phối hợp" + "a) Cơ quan chủ trì" + ...).
_FIELD_HEADING = re.compile(
    rf"^{_BODY_WORD}(?:(?P<lead>chu tri(?: thuc hien)?)|(?P<support>phoi hop))"
    r"(?P<both>\s*(?:,|va)\s*phoi hop)?\s*:?$"
)
# A paragraph that only gives a step's deadline: "Thời gian hoàn tất: trước ngày …".
_DEADLINE_LINE = re.compile(
    r"^(?:thoi gian(?: hoan (?:thanh|tat)| thuc hien)?|thoi han(?: hoan thanh)?|tien do)\s*:"
)
# What may come before a sentence's subject: "Trên cơ sở …, Sở X …", "Sau khi …, Sở Y …".
_CIRCUMSTANCE = re.compile(
    r"^(?:tren co so|sau khi|can cu|truoc khi|khi|de|dinh ky|hang (?:nam|quy|thang|tuan))\b"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\w)")


_DUTY_SEPARATOR = re.compile(r";\s+")


def _sentence_cuts(masked: str) -> list[tuple[int, int]]:
    """Where the sentences of MASKED end: after ".", "!" or "?" before a capital letter."""
    return [m.span() for m in _SENTENCE_END.finditer(masked) if masked[m.end()].isupper()]


def _cut(text: str, cuts: list[tuple[int, int]]) -> list[str]:
    """TEXT cut at the spans CUTS (found in TEXT, or in a masked copy of the same length)."""
    pieces, start = [], 0
    for begin, end in cuts:
        pieces.append(text[start:begin])
        start = end
    return [*pieces, text[start:]]


def _outside_brackets(text: str) -> str:
    """TEXT with the punctuation inside brackets made commas, at the same positions, so
    that cutting at it keeps "(qua Phòng A; Công an tỉnh)" in one piece."""
    out, depth = [], 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        out.append("," if depth and ch in ";.!?" else ch)
    return "".join(out)


def _sentences(paragraph: str) -> list[str]:
    """PARAGRAPH cut after ".", "!" or "?" followed by a capital letter."""
    return [s for s in _cut(paragraph, _sentence_cuts(paragraph)) if s.strip()]


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


_CODAS = frozenset(("ng", "nh", "ch", "c", "m", "n", "p", "t"))
_PUNCTUATION = ",.;:!?)"
_ABBREVIATION = re.compile(r"^[a-z][b-df-hj-np-tv-z]+\d*\W*$")


def _sentence_case(text: str) -> str:
    """A title in capitals as a sentence: "CÔNG TÁC TUYÊN TRUYỀN" -> "Công tác tuyên
    truyền"; abbreviations, with no vowel after their first letter, stay ("UBND")."""
    return _capitalise(" ".join(w if _abbreviation(w) else w.lower() for w in text.split()))


def _abbreviation(word: str) -> bool:
    """ "UBND", "HĐND", "KH": no tone mark (Đ aside) and no vowel after the first letter,
    unless the rest ends a syllable ("ỨNG", "ANH", "ÍCH" are words)."""
    plain = word.replace("Đ", "D").replace("đ", "d")
    if fold(plain) != plain.lower() or not _ABBREVIATION.match(fold(word)):
        return False
    return fold(word).rstrip(_PUNCTUATION)[1:] not in _CODAS


def _task(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;:-")
    text = re.sub(r"\s*\.?/\.$", "", text).rstrip(" .;,")
    return _capitalise(text)


class _Extractor:
    def __init__(self, letter: Letter, matcher: UnitMatcher, now: datetime, tz: ZoneInfo) -> None:
        self.letter = letter
        self.matcher = matcher
        self.now = now
        self.tz = tz
        self.vocab: Vocabulary = MARKED if letter.marked else UNMARKED
        self.addressees = self._addressee_names()

    def reader(self, text: str) -> Reader:
        return Reader(text, self.vocab, self.matcher)

    def due(self, text: str, bare: bool = False) -> Timing | None:
        return find_due(text, self.now, self.tz, bare=bare)

    # --- who -----------------------------------------------------------------------------

    def _addressee_names(self) -> list[Name]:
        names: list[Name] = []
        for line in self.letter.addressees:
            found, _ = self.reader(line).names_at(0)
            names += found or [Name(line, group=False)]
        return [n for n in names if fold(n.text) not in ("nhu tren",)]

    def _resolve(self, names: list[Name]) -> list[Name]:
        """Leads as assigned: "các đơn vị", "Quý cơ quan" are the addressees."""
        out: list[Name] = []
        keys = self.vocab.addressee_words
        for name in names:
            key = word_key(name.text) if self.vocab.marked else fold(name.text)
            if name.group and key in keys and self.addressees:
                out += self.addressees
            else:
                out.append(name)
        return out

    def _opening(self, paragraphs: list[str]) -> _Context:
        """What the sentence before a list assigns ("... giao Sở X chủ trì, phối hợp
        với Y ...:"): the items' lead when they name none."""
        if not paragraphs:
            return _Context()
        reader = self.reader(paragraphs[-1])
        for at in reversed(reader.introducer_positions()):
            clause = reader.clause_at(at)
            if clause.leads:
                return _Context(
                    self._resolve(clause.leads),
                    clause.support,
                    self.due(clause.task),
                    urgency(clause.task),
                )
        return _Context()

    # --- walking the items ---------------------------------------------------------------

    def run(self) -> list[_Draft]:
        opening = self._opening(self.letter.preamble)
        if self.letter.items:
            drafts = self._walk(self.letter.items, opening)
            closing = self._closing(self.letter.closing, drafts)
        else:
            drafts = []
            closing = self._closing(self.letter.preamble, drafts, all_tasks=True)
        for draft in drafts:
            if draft.due is None and closing is not None:
                draft.due = closing
        return drafts

    def _walk(self, nodes: Sequence[Item | Table], ctx: _Context) -> list[_Draft]:
        drafts: list[_Draft] = []
        set_by = self._set_by_siblings(nodes)
        for node in nodes:
            if isinstance(node, Table):
                drafts += self._table(node, ctx)
                continue
            if id(node) in set_by and set_by[id(node)] is None:
                continue  # it only sets others' deadline
            text = node.full_text
            own_words = node.text if node.children else text  # a heading's, or the item's
            # A heading in capitals ("IV. TỔ CHỨC THỰC HIỆN") is a title, never a unit.
            clause = (
                Clause(task=text) if _capitals(node.text) else self.reader(own_words).clause_at(0)
            )
            if not (clause.leads or ctx.leads) and _CIRCUMSTANCE.match(fold(own_words)):
                # "Định kỳ, Thường trực Ủy ban X chủ trì …", "Để …, Đảng đoàn Y xác định …:"
                clause = self._subject_clause(own_words) or clause
            if clause.leads and clause.introduced and ctx.from_heading:
                clause = Clause(support=clause.support, task=text)  # the heading unit assigns
            fields = self._fields(node)
            if fields is not None:
                drafts += self._field_drafts(node, fields, ctx)
                continue
            heading = self._heading_names(node)
            if heading:
                # "11. Bộ Ngoại giao" + paragraphs: the unit heads them, each one a task.
                clause, own_words = Clause(leads=heading), node.text
                below = _Context(self._resolve(heading), [], ctx.due, ctx.urgent, True)
                drafts += [d for p in node.paras for d in self._paragraph_task(p, below)]
                if not node.children:
                    continue
            own, urgent = self.due(own_words), urgency(own_words)
            if node.children:
                named = bool(clause.leads)
                if not named and node.paras:
                    # "III. TỔ CHỨC THỰC HIỆN" / "Chủ tịch UBND tỉnh giao Sở X ...:" / items
                    opening = self._opening(node.paras)
                    clause = Clause(leads=opening.leads, support=opening.support)
                    own, urgent = own or opening.due, urgent or opening.urgent
                if named and _own_task(node.text, clause):
                    # "1. Sở X …, chỉ đạo: xây dựng … trước ngày …" + "* Lưu ý: …": the
                    # heading's words are work of their own, and their deadline theirs.
                    drafts += self._item(node.text, clause, ctx, own or ctx.due, urgent)
                    own = None
                below = _Context(
                    self._resolve(clause.leads) if clause.leads else ctx.leads,
                    [*ctx.support, *clause.support] if not clause.leads else clause.support,
                    own or ctx.due,
                    urgent or ctx.urgent,
                    from_heading=named or ctx.from_heading,
                )
                drafts += self._walk(node.children, below)
                continue
            if _capitals(node.text):
                # "III. KINH PHÍ" + paragraphs: only a sentence that assigns is a task there.
                self._closing(node.paras, drafts, all_tasks=True)
                continue
            due = own or set_by.get(id(node)) or ctx.due
            if not clause.leads and not ctx.leads and node.paras:
                # "Bước 2: Kiểm tra …" + "Ban Chỉ đạo … tổ chức kiểm tra …" + "Thời gian
                # hoàn tất: trước ngày …": the step's sentences name who, its line when.
                found: list[_Draft] = []
                closing = self._closing(node.paras, found, all_tasks=True)
                if not found:
                    found = self._step_subjects(node.paras)
                for draft in found:
                    draft.due = draft.due or due or closing
                drafts += found
                continue
            drafts += self._item(text, clause, ctx, due, urgent or ctx.urgent)
        return drafts

    def _heading_names(self, item: Item) -> list[Name]:
        """The units an item's own words consist of, when paragraphs follow them: a
        heading such as "1. Công an tỉnh" or "11. Bộ Ngoại giao"."""
        if not item.paras or _capitals(item.text):
            return []
        reader = self.reader(item.text.rstrip(" :.;"))
        names, end = reader.names_at(0)
        return names if names and end >= len(reader.tokens) else []

    def _paragraph_task(self, paragraph: str, ctx: _Context) -> list[_Draft]:
        """A paragraph under a unit's heading: its task, unless it opens a list."""
        if paragraph.rstrip().endswith(":"):
            return []  # "Trong đó giao Giám đốc Công an tỉnh chỉ đạo thực hiện:"
        clause = self.reader(paragraph).clause_at(0)
        if clause.leads and clause.introduced:
            clause = Clause(support=clause.support, task=paragraph)  # the heading assigns
        due = self.due(paragraph) or ctx.due
        return self._item(paragraph, clause, ctx, due, urgency(paragraph) or ctx.urgent)

    def _step_subjects(self, paragraphs: list[str]) -> list[_Draft]:
        """A step of a plan's schedule that sets its own deadline line ("Thời gian hoàn
        tất: …") but assigns in no "Giao …" sentence: each sentence whose subject is a
        unit ("Sở Xây dựng chủ trì, phối hợp … lập Đề án"), after a circumstance ("Trên
        cơ sở đề nghị của …, ", "Sau khi …, "), is that unit's part of the step. Without
        such a line the sentences are description, not work."""
        lines = [p for p in paragraphs if _DEADLINE_LINE.match(fold(p))]
        if not lines:
            return []
        due = self.due(lines[-1])
        drafts: list[_Draft] = []
        for paragraph in paragraphs:
            if paragraph in lines:
                continue
            for sentence in _sentences(paragraph):
                clause = self._subject_clause(sentence)
                if clause is None:
                    continue
                support = _unique(clause.support)
                drafts += [
                    _Draft(lead, support, _task(clause.task), due, urgency(sentence))
                    for lead in self._resolve(clause.leads)
                ]
        return drafts

    def _subject_clause(self, sentence: str) -> Clause | None:
        """The clause of SENTENCE whose subject is a unit that acts, or None."""
        starts = [0]
        if _CIRCUMSTANCE.match(fold(sentence)):
            starts = [m.end() for m in re.finditer(r",\s*", sentence)]
        for start in starts:
            clause = self.reader(sentence[start:]).clause_at(0)
            if clause.leads and clause.task.strip(" .:;"):
                return clause
        return None

    def _item(
        self, text: str, clause: Clause, ctx: _Context, due: Timing | None, urgent: str | None
    ) -> list[_Draft]:
        listed = self._listed_after_colon(clause) if clause.leads else None
        if listed is not None:
            return [
                _Draft(name, [], _task(f"{main} {extra}"), due or self.due(extra), urgent)
                for main, names, extra in listed
                for name in names
            ]
        if clause.leads:
            leads, support, task = self._resolve(clause.leads), clause.support, clause.task
        else:
            leads = ctx.leads or self.addressees
            support, task = [*ctx.support, *clause.support], clause.task or text
        if not leads or not task.strip(" .:;"):
            return []
        return self._drafts(leads, _unique(support), task, due, urgent, ctx.due)

    def _drafts(
        self,
        leads: list[Name],
        support: list[Name],
        task: str,
        due: Timing | None,
        urgent: str | None,
        inherited: Timing | None = None,
    ) -> list[_Draft]:
        """One draft per lead and duty: TASK's duties with their own deadlines apart, the
        others on INHERITED (what the item's heading or letter sets)."""
        pieces = self._timed_pieces(task) or [(task, due)]
        return [
            _Draft(lead, support, _task(piece), piece_due or inherited, urgent)
            for lead in leads
            for piece, piece_due in pieces
        ]

    def _timed_pieces(self, task: str) -> list[tuple[str, Timing | None]] | None:
        """A task of several duties, each with its own deadline ("xây dựng Kế hoạch …
        trước ngày 28/2; lập dự toán …; báo cáo kết quả … trước ngày 10/11"): one task
        per duty, or None when it sets one deadline or none."""
        if ";" not in task and ". " not in task:
            return None  # one duty
        masked = _outside_brackets(task)
        sentence_cuts = _sentence_cuts(masked)
        duty_cuts = sorted([*sentence_cuts, *(m.span() for m in _DUTY_SEPARATOR.finditer(masked))])
        pieces = [p for p in _cut(task, duty_cuts) if p.strip(" .;:")]
        read = [(p, self.due(p)) for p in pieces] if len(pieces) > 1 else []
        deadlines = {d.deadline for _, d in read if d is not None and _set_by(d)}
        if len(deadlines) < 2:
            # A sentence that starts a standing duty ("… . Thường xuyên nắm tình hình …")
            # is one; "theo dõi …; định kỳ 6 tháng báo cáo" is one duty with its rhythm.
            sentences = _cut(task, sentence_cuts)
            rhythms = [p for p in sentences if _starts_ongoing(p)]
            if not rhythms or len(rhythms) == len(sentences):
                return None
            read = [(p, self.due(p)) for p in sentences]
        # A duty with its own deadline or rhythm stands alone; the others stay one task.
        rest = [p for p, d in read if not (_ongoing(p, d) or _set_by(d))]
        out: list[tuple[str, Timing | None]] = []
        for piece, due in read:
            if piece not in rest:
                out.append((piece, due))
            elif piece == rest[0]:
                out.append(("; ".join(rest), None))
        return out

    def _listed_after_colon(self, clause: Clause) -> list[tuple[str, list[Name], str]] | None:
        """ "Giao các sở sau đây tổ chức hội thảo ...: Sở A với X; Sở B với Y": each unit
        listed after the colon leads, with its own words added to the task."""
        colon = clause.task.rfind(":")
        if colon < 0:
            return None
        main, tail = clause.task[:colon].strip(), clause.task[colon + 1 :]
        pieces = [p.strip(" .") for p in tail.split(";") if p.strip(" .")]
        if len(pieces) < 2 and not clause.deferred:
            return None
        listed = []
        for piece in pieces:
            reader = self.reader(piece)
            names, k = reader.names_at(0)
            if not names:
                return None
            listed.append((main, self._resolve(names), reader.rest(k)))
        return listed or None

    def _set_by_siblings(self, nodes: Sequence[Item | Table]) -> dict[int, Timing | None]:
        """Items that only set the deadline of others: id -> None for such an item, and
        id -> the deadline for each item it names ("Mục 1 và 2", "các nội dung trên")."""
        found: dict[int, Timing | None] = {}
        items = [n for n in nodes if isinstance(n, Item)]
        for index, item in enumerate(items):
            text = item.full_text
            folded = fold(text)
            refs = _REFERENCE.search(folded)
            above = _ABOVE.search(folded)
            if not (refs or above) or self.reader(text).clause_at(0).leads:
                continue
            due = self.due(text)
            if due is None:
                continue
            found[id(item)] = None
            labels = set(re.findall(r"\d+|[a-z]", refs[1])) if refs else set()
            for other in items[:index] if not labels else items:
                if other is not item and (not labels or other.label.lower() in labels):
                    found.setdefault(id(other), due)
        return found

    def _closing(
        self, paragraphs: list[str], drafts: list[_Draft], all_tasks: bool = False
    ) -> Timing | None:
        """Tasks in paragraphs outside the items, and the deadline they set for every item.

        Only sentences that assign ("Giao Sở X ...", "Đề nghị Quý cơ quan ...") are tasks:
        "UBND tỉnh nhận được ..." is news. After a list, a group asked to act ("Yêu cầu các
        cơ quan, đơn vị triển khai thực hiện ...") is asked to do the items above: no task.
        """
        closing: Timing | None = None
        for paragraph in paragraphs:
            last: list[_Draft] = []  # the drafts of the paragraph's last task sentence
            for sentence in _sentences(paragraph):
                new = self._sentence(sentence, all_tasks)
                if new:
                    drafts += new
                    last = new
                    continue
                due = self.due(sentence)
                if last and all_tasks and _starts_ongoing(sentence):
                    # "… . Thường xuyên kiểm tra …": a standing duty of the same units
                    drafts += [
                        _Draft(d.lead, d.support, _task(sentence), due, urgency(sentence))
                        for d in last
                    ]
                    continue
                if last and all_tasks:
                    for draft in last:  # the task goes on: "... . Báo cáo trước ngày ..."
                        draft.task = _task(f"{draft.task}. {sentence}")
                        draft.due = draft.due or due
                    continue
                if due is not None and (drafts or not all_tasks):
                    closing = due
        return closing

    def _sentence(self, sentence: str, all_tasks: bool) -> list[_Draft]:
        reader = self.reader(sentence)
        for clause in (reader.clause_at(at) for at in reader.introducer_positions()):
            leads = [n for n in clause.leads if all_tasks or not n.group]
            if not leads:
                continue
            if not clause.task.strip(" .:;"):
                return []
            due, urgent = self.due(sentence), urgency(sentence)
            support = _unique(clause.support)
            return self._drafts(self._resolve(leads), support, clause.task, due, urgent)
        return []

    # --- plans: fields and tables --------------------------------------------------------

    def _fields(self, item: Item) -> dict[str, str] | None:
        """ "- Đơn vị chủ trì: X", "- Thời gian hoàn thành: Y" under a task's title."""
        fields: dict[str, str] = {}
        self._field_values(item, fields)
        for piece in item.paras:
            m = _FIELD.match(fold(piece))
            if m and m.lastgroup:
                fields.setdefault(m.lastgroup, piece[m.end() :].strip(" .;"))
        return fields if "lead" in fields else None

    def _field_values(self, item: Item, fields: dict[str, str]) -> None:
        """The fields among ITEM's children: "Đơn vị chủ trì: X" on one line, or a heading
        "Cơ quan chủ trì" whose bullets are the values (units split by ';' within one)."""
        for child in item.children:
            if not isinstance(child, Item):
                continue
            heading = _FIELD_HEADING.match(fold(child.text))
            if heading is None:
                m = _FIELD.match(fold(child.full_text))
                if m and m.lastgroup:
                    fields.setdefault(m.lastgroup, child.full_text[m.end() :].strip(" .;"))
                continue
            if heading["both"]:
                self._field_values(child, fields)  # "a) Cơ quan chủ trì", "b) … phối hợp"
                continue
            values = [c.full_text.strip(" .;") for c in child.children if isinstance(c, Item)]
            values += [p.strip(" .;") for p in child.paras]
            kind = "lead" if heading["lead"] else "support"
            if values:
                fields.setdefault(kind, "; ".join(values))

    def _field_drafts(self, item: Item, fields: dict[str, str], ctx: _Context) -> list[_Draft]:
        leads = self._cell_names(fields["lead"]) or ctx.leads
        support = self._cell_names(fields.get("support", ""))
        due = self.due(fields["due"], bare=True) if "due" in fields else None
        due = due or self.due(item.text) or ctx.due
        title = _sentence_case(item.text) if _capitals(item.text) else item.text
        task = _task(title)
        return [_Draft(lead, support, task, due, urgency(item.text)) for lead in leads]

    def _cell_names(self, cell: str) -> list[Name]:
        if not cell.strip(" .;-"):
            return []
        names: list[Name] = []
        for piece in (p.strip(" .;") for p in cell.split(";")):
            if piece:  # one unit, or a list ("Sở A, Sở B"), or a name no rule reads
                found, _ = self.reader(piece).names_at(0)
                names += found or [Name(piece, group=False)]
        return self._resolve(names)

    def _table(self, table: Table, ctx: _Context) -> list[_Draft]:
        """A plan's table: a header row naming the task, lead, support and deadline
        columns ("Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành")."""
        columns: dict[str, int] | None = None
        drafts: list[_Draft] = []
        for row in table.rows:
            if columns is None:
                columns = _columns(row)
                continue
            task, lead_cell = _cell(row, columns, "task"), _cell(row, columns, "lead")
            if not task.strip() or not lead_cell.strip():
                continue  # a group heading row
            leads = self._cell_names(lead_cell) or ctx.leads
            due = self.due(_cell(row, columns, "due"), bare=True) or self.due(task) or ctx.due
            support = self._cell_names(_cell(row, columns, "support"))
            drafts += [_Draft(lead, support, _task(task), due, urgency(task)) for lead in leads]
        return drafts


_ONGOING = re.compile(r"^(?:thuong xuyen|dinh ky|hang (?:ngay|tuan|thang|quy|nam))\b")


def _set_by(due: Timing | None) -> bool:
    """Whether DUE is a duty's deadline, not a programme's horizon ("Chiến lược … đến
    năm 2030", "định hướng đến năm 2045")."""
    return bool(due and due.deadline and not fold(due.deadline_text or "").startswith("den "))


def _ongoing(piece: str, due: Timing | None) -> bool:
    """Whether a duty recurs or goes on: "định kỳ 6 tháng tổng hợp …", "thường xuyên …"."""
    return bool((due and due.recurrence_text) or _starts_ongoing(piece))


def _starts_ongoing(text: str) -> bool:
    """Whether TEXT opens with a standing duty's word: "Thường xuyên", "Định kỳ", "Hằng …"."""
    return bool(_ONGOING.match(fold(text.strip())))


_INTRODUCES_LIST = re.compile(r"\b(?:sau day|duoi day|nhu sau|sau|gom|bao gom)\s*:?\s*$")


def _own_task(text: str, clause: Clause) -> bool:
    """Whether a heading that names its units also sets work of its own, rather than
    introducing the items below it ("Sở X thực hiện các nhiệm vụ sau:")."""
    words = clause.task.strip(" .:;").split()
    folded = fold(text.rstrip())
    return len(words) >= 4 and not folded.endswith(":") and not _INTRODUCES_LIST.search(folded)


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return row[index] if index is not None and index < len(row) else ""


def _columns(row: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        key = fold(cell)
        if "chu tri" in key or ("thuc hien" in key and ("don vi" in key or "co quan" in key)):
            found.setdefault("lead", index)
        elif "phoi hop" in key:
            found.setdefault("support", index)
        elif re.search(r"thoi gian|thoi han|\bhan\b|tien do|hoan thanh", key):
            found.setdefault("due", index)
        elif re.search(r"nhiem vu|noi dung|cong viec|ten", key):
            found.setdefault("task", index)
    return found if "lead" in found and "task" in found else None


def _unique(names: list[Name]) -> list[Name]:
    seen: set[str] = set()
    out = []
    for name in names:
        key = unit_key(name.text)
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


# --- the proposal ------------------------------------------------------------------------


def _lead_text(name: Name, unit: KnownUnit | None) -> str:
    return unit.name if unit else _capitalise(name.text.strip(" ,;:."))


def _proposal(letter: Letter, drafts: list[_Draft], matcher: UnitMatcher) -> Proposal:
    assignments: list[ProposedAssignment] = []
    unknown: dict[str, str] = {}
    for draft in drafts:
        lead_unit = draft.lead.unit or matcher.match(draft.lead.text)
        support_units = [s.unit or matcher.match(s.text) for s in draft.support]
        lead = _lead_text(draft.lead, lead_unit)
        if lead_unit is None and not draft.lead.group:
            unknown.setdefault(unit_key(lead), lead)
        for name, unit in zip(draft.support, support_units, strict=True):
            if unit is None and not name.group:
                unknown.setdefault(unit_key(name.text), name.text)
        due = draft.due or Timing()
        deadline_text = due.deadline_text
        if due.deadline is None and due.recurrence is None and draft.urgent:
            deadline_text = draft.urgent  # "khẩn trương": urgent, but no date is invented
        assignments.append(
            ProposedAssignment(
                lead=lead,
                lead_unit_id=lead_unit.id if lead_unit else None,
                support=[
                    u.name if u else s.text
                    for s, u in zip(draft.support, support_units, strict=True)
                ],
                support_unit_ids=[u.id if u else None for u in support_units],
                task=draft.task,
                deadline=due.deadline,
                deadline_text=deadline_text,
                recurrence=due.recurrence,
                recurrence_text=due.recurrence_text,
                urgent=draft.urgent is not None,
            )
        )
    return Proposal(
        letter.number, letter.issuer, letter.issued, assignments, list(unknown.values())
    )


def extract(
    text: str,
    known_units: Sequence[KnownUnit] = (),
    now: datetime | None = None,
    *,
    tz: ZoneInfo | None = None,
) -> Proposal:
    """The assignments the letter TEXT makes, as a proposal for a person to confirm.

    Units are matched against KNOWN_UNITS; without them a lead is the name as written.
    Dates without a year are read relative to the letter's own date, or NOW when the
    letter shows none (default: the current time).
    """
    zone = (
        tz
        or (now.tzinfo if isinstance(now, datetime) and isinstance(now.tzinfo, ZoneInfo) else None)
        or DEFAULT_TZ
    )
    letter = read_letter(text)
    if letter.issued is not None:
        reference = on_day(letter.issued, zone)
    elif now is not None:
        reference = now if now.tzinfo else now.replace(tzinfo=zone)
    else:
        reference = datetime.now(zone)
    matcher = UnitMatcher(known_units)
    drafts = _Extractor(letter, matcher, reference, zone).run()
    return _proposal(letter, drafts, matcher)
