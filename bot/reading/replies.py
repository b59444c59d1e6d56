"""Reading a short progress reply: "#12 60%, vướng: chưa có kinh phí".

Officials answer from a phone, often without diacritics ("da xong", "dc 1 nua"), with
politeness words ("dạ", "ạ", "anh ơi") and abbreviations ("k"/"ko" for "không", "HT" for
"hoàn thành"). `read_reply` reads what such a reply says: done, a percentage, a
difficulty, an extension request, an expected finishing date. It reads conservatively:
"done" closes the task, so a negation, a question, a future, a part ("xong phần khảo
sát") or a quantity ("3 xã đã xong") leaves it unread, and the text stays a plain note;
so does any share of the work below the whole ("60% xong", "xong một nửa", "almost
done"). English replies are read with the same care.

Matching runs on a folded copy of the text (no marks, lower case) that keeps every
character's position, so a difficulty is cut from the original, marks and case intact.
Every date goes through bot.reading.dates.

Choices:
- A task number counts only when marked (bot.reading.arguments): "#12", "12:", "12)", "12.", plus
  "NV12", "nv 12:", "nhiệm vụ (số) 12"; courtesy words before it ("Dạ, #12 …") are skipped.
- A fraction is a share of the work ("được 2/3", "hoàn thành 3/4", "2/3 khối lượng" give
  67 and 75) only after a progress verb or before a work noun; elsewhere "2/3" is a date.
- A difficulty is the clause from its marker to the end of the sentence, stopping at a
  comma-separated part that says something else (a percentage, a date, done). A label is
  dropped with its linking word: "vướng: chưa có kinh phí" and "khó khăn do thiếu nhân
  lực" give "chưa có kinh phí" and "thiếu nhân lực"; other markers are kept: "thiếu nhân
  lực", "đang chờ ý kiến của Sở Tài chính". Difficulties in several sentences are joined
  by "; ".
- A relative extension ("lùi hạn 1 tuần", "xin thêm 3 ngày") counts from the deadline, or
  from today when there is none or it has passed (an extension into the past means
  nothing). "Xin gia hạn" without a date sets extension_asked only.
- Two different percentages ("60% khối lượng, giải ngân 40%") are ambiguous: none is read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.reading.arguments import marked_task_number, task_number
from bot.reading.dates import DateError, read_date, split_date
from storage.deadline import Deadline
from storage.keys import fold

__all__ = ["ReplyReading", "read_reply", "task_at_start"]


@dataclass(frozen=True)
class ReplyReading:
    """What one reply says; `text` is the reply after its task number."""

    task: int | None
    done: bool
    percent: int | None
    difficulty: str | None
    extension_to: date | None
    expected: date | None
    text: str
    extension_asked: bool = False  # "xin gia hạn" with or without a date
    # The date written after an extension request, when it cannot be ("đến 31/02").
    extension_error: DateError | None = None

    def understood(self) -> bool:
        return (
            self.done
            or self.percent is not None
            or self.difficulty is not None
            or self.extension_asked
            or self.extension_to is not None
            or self.expected is not None
        )

    def as_json(self) -> dict[str, object]:
        return {
            "task": self.task,
            "done": self.done,
            "percent": self.percent,
            "difficulty": self.difficulty,
            "extension_to": self.extension_to.isoformat() if self.extension_to else None,
            "expected": self.expected.isoformat() if self.expected else None,
        }


# --- the text ----------------------------------------------------------------------------


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


# --- vocabulary (on folded text) -----------------------------------------------------------

_B = r"(?<![a-z0-9])"
_E = r"(?![a-z0-9])"


def _words(*alternatives: str) -> str:
    return _B + "(?:" + "|".join(alternatives) + ")" + _E


# Folded words that stand for several: with marks typed, only these spellings count.
_AMBIGUOUS = {
    "da": ("đã",), "de": ("để",), "phan": ("phần",), "kho": ("khó",), "han": ("hạn",),
    "can": ("cần",), "dang": ("đang",), "gan": ("gần",), "sap": ("sắp",), "muon": ("muốn",),
    "tam": ("tạm", "tầm"),
}  # fmt: skip


_KHONG = ("khong", "ko", "k", "kg", "khg", "hok", "chang")
_DONE_VERB = re.compile(
    _words("xong", "hoan thanh", "ht", "hoan tat", "done", "finished", "completed", "complete")
)
_FINISH_VERB = re.compile(_words("xong", "hoan thanh", "ht", "hoan tat", "nop", "gui", "trinh"))
# Before a verb these make it not (yet) done: negation, future, intent, condition.
_NOT_YET = re.compile(
    _words(
        *_KHONG, "chua", "sap", "gan", "se", "du kien", "dk", "phan dau", "co gang", "can",
        "phai", "de", "neu", "khi", "bao gio", "mong", "hy vong", "hi vong", "dam bao",
        "chac", "co the", "chuan bi", "dang", "tiep tuc", "han", "yeu cau", "kho", "nham",
        "muon", "co ban", "buoc dau", "so bo", "khoang", "tam",
        # English: not yet, nearly, a part, or later
        "not", "almost", "nearly", "mostly", "partly", "partially", "half", "will", "going to",
        "gonna", "about to", "soon", "to be", "should", "must", "need to", "needs to",
        "expected to", "plan to", "planned to", "try to", "hope to", "aim to", "if", "when",
        "in progress", "being", "until", "before",
    )
)  # fmt: skip
_NOT_AFTER = re.compile(rf" (?:(?:duoc|dc|roi|r) )?{_words(*_KHONG, 'chua', 'thi', 'se')}")
_PART = (
    "phan", "buoc", "giai doan", "hang muc", "khau", "dot", "noi dung", "du thao",
    "ban du thao", "mot phan", "mot so", "1 so", "1 phan", "co ban", "so bo", "buoc dau",
    "part", "parts", "phase", "step", "stage", "draft", "some", "first", "half",
)  # fmt: skip
# The only words that may follow "xong"/"hoàn thành" when it means the whole task.
_WHOLE_WORDS = frozenset(
    (
        "roi", "r", "a", "ah", "ak", "nhe", "nha", "nhen", "ha", "het", "toan", "bo", "tat",
        "ca", "nhiem", "vu", "nv", "viec", "cong", "nay", "do", "dung", "han", "truoc",
        "som", "theo", "ke", "hoach", "duoc", "dc", "giao", "yeu", "cau", "chi", "dao",
        "em", "e", "anh", "sep", "ok", "oke", "okay", "luon", "xuoi", "the", "vao", "ngay",
        "hom", "qua", "sang", "chieu", "toi", "trong", "tuan", "thang", "da", "va", "day",
        "oi", "khoi", "luong",
        # English
        "all", "the", "task", "it", "already", "now", "today", "yesterday", "on", "time",
        "ahead", "of", "schedule", "as", "planned", "assigned", "required", "requested",
        "fully", "completely", "entirely", "whole", "work", "job", "sir", "madam", "thanks",
        "thank", "you", "and", "this", "that", "is", "has", "been", "have", "we", "was",
    )
)  # fmt: skip
_PART_BEFORE = re.compile(_words(*_PART) + r"|" + _B + r"\d")
_PART_AFTER = re.compile(
    r" (?:(?:duoc|dc|roi|r|khoang|tam|dat|hon|gan) )*"
    rf"(?:{_words(*_PART, 'mot nua', '1 nua', 'nua')}|\d)"
)
_FUTURE = re.compile(
    _words(
        "du kien", "dk", "se", "phan dau", "co gang", "hen", "uoc tinh", "chac", "chac chan",
        "tam", "khoang", "dam bao", "muon nhat", "cham nhat",
    )
)  # fmt: skip
_PAST = re.compile(_words("da", "vua", "roi", "r"))
_NEGATED_VERB = re.compile(rf"{_words(*_KHONG, 'chua')}(?: \S+)?(?: \S+)? $")
_DEADLINE_TALK = re.compile(_words("han", "deadline"))
_ASKED = (
    "xong", "hoan thanh", "ht", "hoan tat", "roi", "r", "duoc", "dc", "kip", "nop", "gui",
    "co", "dat", "han", "gi",
)  # fmt: skip
_TAIL_WORDS = (
    "a", "ah", "ak", "vay", "nhi", "nhe", "the", "ha", "ta", "anh", "chi", "em", "e", "ban",
    "sep", "oi",
)  # fmt: skip
# "… xong chưa ạ", "… được không anh": a question even without its "?".
_QUESTION_TAIL = re.compile(
    rf"{_words(*_ASKED)} {_words(*_KHONG, 'chua')}(?: {_words(*_TAIL_WORDS)})* ?$"
)

# Sentences end at . ! ? ; … and line breaks ("15.5" and "33,5" are numbers, not ends).
_SENTENCE_END = re.compile(r"(?:[!?;\n…]|\.(?!\d)|(?<!\d)\.)+")
_PIECE_END = re.compile(r",(?!\d)|(?<!\d),| [-–—+] |" + _words("nhung", "tuy nhien", "nen"))

# --- percentages ---
_PERCENT = re.compile(
    rf"{_B}(?:(?P<lo>\d{{1,3}}) ?(?:-|den|toi) ?)?(?P<n>\d{{1,3}}(?:[.,]\d{{1,2}})?) ?"
    rf"(?:%|phan tram{_E}|pt{_E}|percent{_E}|per cent{_E})"
)
_HALF = re.compile(
    rf"{_B}(?:mot|1|duoc|dc|dat|xong|lam) nua{_E}(?! (?:thang|ngay|tuan|nam|gio|buoi|tieng){_E})"
)
_HALF_EN = re.compile(
    _words("half done", "half finished", "half complete", "half completed", "halfway",
           "half way")
)  # fmt: skip
_FRACTION = re.compile(r"(?<![\d/.,])([1-9])/([2-9]|10)(?![\d/.])")
_FRACTION_BEFORE = re.compile(
    _words("duoc", "dc", "dat", "xong", "hoan thanh", "ht", "lam", "thuc hien", "trien khai")
    + r"(?: (?:duoc|dc|khoang|tam|hon|gan|chung))* $"
)
_FRACTION_AFTER = re.compile(
    " " + _words("khoi luong", "cong viec", "ke hoach", "nhiem vu", "tien do", "noi dung",
                 "chi tieu", "so")
)  # fmt: skip
_NOT_NOW = re.compile(
    _words(*_KHONG, "chua", "se", "du kien", "dk", "phan dau", "muc tieu", "ke hoach", "chi tieu")
)

# --- extensions ---
_REQUEST = (
    r"(?:xin|de nghi|kien nghi|de xuat|cho(?: (?:em|e|chung em|don vi|minh|toi|ben em))?(?: xin)?)"
)
_EXTENSION = re.compile(
    rf"{_B}(?:(?P<strong>gia han|lui (?:thoi )?han|keo dai (?:thoi )?han|dieu chinh (?:thoi )?han"
    r"|extension|extend(?: the)?(?: deadline)?|postpone(?: the deadline)?"
    r"|push (?:back )?the deadline|more time)"
    rf"|{_REQUEST} (?P<weak>lui|them|keo dai|hoan)){_E}"
)
_TIME_WORD = re.compile(r" ?(?:them )?" + _words("thoi gian", "thoi han", "han"))
_EXTENSION_REFUSED = re.compile(
    rf"(?:{_words(*_KHONG, 'chua')}(?: (?:can|phai|xin|de nghi))?|{_words('da duoc')}) $"
)
_NUM_WORD = (
    r"\d{1,3}|(?:(?:hai|ba|bon|nam|sau|bay|tam|chin) )?muoi(?: (?:mot|hai|ba|bon|tu|lam|nam|sau"
    r"|bay|tam|chin))?|mot|hai|ba|bon|nam|sau|bay|tam|chin|nua"
)
_AMOUNT = re.compile(
    rf"(?:(?:them|khoang|tam|chung|thoi gian|thoi han|han) )*(?P<n>{_NUM_WORD}) "
    rf"(?P<unit>ngay lam viec|ngay|tuan|thang){_E}(?! ?\d)(?: nua{_E})?"
)

# --- dates ---
_DATE_START = re.compile(
    r"\d|(?:ngay|thu (?:hai|ba|tu|nam|sau|bay|[2-8])|t[2-7]|cn|chu nhat|cuoi|het|truoc|den"
    r"|toi|vao|trong|tuan|thang|quy|nam|mai|hom|sang|sau|luc|han|chieu|trua|dem|mot|hai|ba"
    r"|bon|bay|tam|chin|muoi)" + _E
)
_WORD_START = re.compile(r"(?<![a-z0-9])[a-z0-9]")

# --- difficulties ---
_LABEL_WORD = (
    r"(?:kho khan|vuong mac|vuong|ton tai|han che"
    r"|difficult(?:y|ies)|problems?|issues?|obstacles?|challenges?|blockers?|blocked|stuck)"
)
# English labels that are ordinary words too: labels only before a colon or a dash.
_COLON_ONLY = ("ton tai", "han che", "difficult", "problem", "issue", "obstacle", "challenge")
_LABEL = re.compile(
    rf"{_B}(?P<label>{_LABEL_WORD}(?:(?: ?[,/&]| va| -)? (?:{_LABEL_WORD}|de xuat|kien nghi))*)"
    rf"{_E}(?P<sep> ?[:\-–] ?| )?"
    rf"(?:(?:do|vi|la|ve|o|tai|boi|ve viec|by|due to|because of|with|on){_E} ?)?"
)
_LABEL_DENIED = re.compile(
    _words(*_KHONG, "chua", "het", "met", "m", "no", "not", "without", "any")
    + r"(?: (?:co|gap|con|bi|gi|any|more|major|big))* $"
)
_RESOURCE = (
    r"(?:kinh phi|kp|von|nguon(?: von)?|ngan sach|mat bang|nhan luc|nhan su|can bo|huong dan"
    r"|y kien|chu truong|quyet dinh|van ban|so lieu|du lieu|dia diem|thiet bi|ho so|phan hoi"
    r"|phe duyet)"
)
_MARKER = re.compile(
    rf"{_B}(?:thieu(?= [a-z0-9])"
    rf"|(?:{'|'.join(_KHONG)}|chua) (?:co|du|cho|duoc cap|duoc bo tri) {_RESOURCE}"
    r"|chua duoc (?:bo tri|cap|phan bo|giao|phe duyet|duyet|tham dinh|huong dan|thong nhat"
    r"|giai ngan|ghi von|ban giao|bo sung|cho y kien|xu ly|tra loi|phan hoi)"
    rf"|het {_RESOURCE}"
    r"|(?:bi )?cham(?: tien do)? (?:do|vi)"
    r"|bi (?:ket|tac|treo|dung))" + _E
)
_WAITING = re.compile(rf"{_B}(?P<aux>(?:(?:van|con|hien) )?(?:dang )?)?cho (?=[a-z0-9])")
_WAITING_FOR = re.compile(
    r"(?:y kien|phe duyet|duyet|ket qua|thong nhat|huong dan|bo tri|cap|phan hoi|tra loi"
    r"|giai ngan|tham dinh|quyet dinh)" + _E
)
_TRAILING = re.compile(
    r"(?:[\s,.;:!…\-]+|(?<![a-z0-9])(?:a|ah|ak|nhe|nha|oi|de|nen|va|do|vi|thi|ma|nhung))$"
)

# --- the task number ---
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


# --- reading -----------------------------------------------------------------------------

Span = tuple[int, int]


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    question: bool
    pieces: tuple[Span, ...]

    def piece_at(self, pos: int) -> Span:
        return next((p for p in self.pieces if p[0] <= pos < p[1]), (self.start, self.end))


def _sentences(t: _Text) -> list[_Sentence]:
    found: list[_Sentence] = []
    start = 0
    for m in [*_SENTENCE_END.finditer(t.s), None]:
        end = m.start() if m else len(t.s)
        while start < end and t.s[start] == " ":
            start += 1
        if start < end:
            found.append(_Sentence(start, end, bool(m and "?" in m[0]), _pieces(t, start, end)))
        start = m.end() if m else end
    return found


def _pieces(t: _Text, start: int, end: int) -> tuple[Span, ...]:
    pieces: list[Span] = []
    for m in _PIECE_END.finditer(t.s, start, end):
        pieces.append((start, m.start()))
        start = m.end()
    pieces.append((start, end))
    return tuple(pieces)


@dataclass
class _Reader:
    t: _Text
    now: datetime
    tz: ZoneInfo
    deadline: date | None
    sentences: list[_Sentence] = field(default_factory=list)
    percents: list[tuple[Span, int]] = field(default_factory=list)
    dates: list[tuple[Span, Deadline]] = field(default_factory=list)
    claimed: list[Span] = field(default_factory=list)  # an extension's date or amount
    said: list[int] = field(default_factory=list)  # where something other than a difficulty starts
    # Every share of the work the reply names, even one it does not report ("dự kiến 80%"):
    # a part below the whole never closes a task.
    shares: list[float] = field(default_factory=list)
    extension_asked: bool = False
    extension_to: date | None = None
    extension_error: DateError | None = None
    expected: date | None = None
    expected_piece: Span | None = None
    done: bool = False
    impossible: list[DateError] = field(default_factory=list)

    @property
    def today(self) -> date:
        local = self.now.replace(tzinfo=self.tz) if self.now.tzinfo is None else self.now
        return local.astimezone(self.tz).date()

    def taken(self, pos: int) -> bool:
        spans = [span for span, _ in self.percents] + [span for span, _ in self.dates]
        return any(a <= pos < b for a, b in [*spans, *self.claimed])

    # --- dates ---

    def date_at(
        self, pos: int, sentence: _Sentence, errors: list[DateError] | None = None
    ) -> tuple[int, Deadline] | None:
        """The date that starts at POS (a word start), and where it ends; a date that
        cannot be ("31/02") goes to ERRORS."""
        s = self.t.s
        if not _DATE_START.match(s, pos) or self.taken(pos):
            return None
        phrase = self.t.orig[pos : sentence.end]
        try:
            got, rest = split_date(phrase, self.now, self.tz)
        except DateError as error:
            if errors is not None and error.kind == "impossible":
                errors.append(error)
            return None
        if rest[:1].isdigit():  # "sang tháng 7" read as "sang tháng" leaves the 7 behind
            return None
        words = list(re.finditer(r"\S+", phrase))
        used = len(words) - len(rest.split())
        return pos + words[used - 1].end(), got

    def read_dates(self, sentence: _Sentence) -> None:
        pos = sentence.start
        while (m := _WORD_START.search(self.t.s, pos, sentence.end)) is not None:
            got = self.date_at(m.start(), sentence)
            if got is None:
                pos = m.end()
                continue
            end, read = got
            self.dates.append(((m.start(), end), read))
            self.said.append(m.start())
            pos = end

    # --- percentages ---

    def read_percents(self, sentence: _Sentence) -> None:
        s = self.t.s
        for m in _PERCENT.finditer(s, sentence.start, sentence.end):
            value = float((m["lo"] or m["n"]).replace(",", "."))
            self.add_percent(sentence, (m.start(), m.end()), value)
        for half in (_HALF, _HALF_EN):
            for m in half.finditer(s, sentence.start, sentence.end):
                self.add_percent(sentence, (m.start(), m.end()), 50)
        for m in _FRACTION.finditer(s, sentence.start, sentence.end):
            piece = sentence.piece_at(m.start())
            before = s[piece[0] : m.start()]
            share = _FRACTION_BEFORE.search(before) or _FRACTION_AFTER.match(s, m.end(), piece[1])
            if share and int(m[1]) < int(m[2]):
                self.add_percent(sentence, (m.start(), m.end()), 100 * int(m[1]) / int(m[2]))

    def add_percent(self, sentence: _Sentence, span: Span, value: float) -> None:
        piece = sentence.piece_at(span[0])
        self.said.append(span[0])
        self.shares.append(value)
        if value > 100 or _NOT_NOW.search(self.t.s, piece[0], span[0]):
            return  # "chưa được 50%", "dự kiến đạt 80%": not where the work stands
        self.percents.append((span, int(value + 0.5)))

    def all_of_it(self) -> bool:
        """Whether a "100%" speaks of the whole task, as a done word must: "100%",
        "hoàn thành 100% rồi ạ"; not "100% hồ sơ" or "đạt 100% chỉ tiêu quý 1"."""
        for sentence in self.sentences:
            for (start, end), value in self.percents:
                if value != 100 or not sentence.start <= start < sentence.end:
                    continue
                piece = sentence.piece_at(start)
                if self.t.first(_NOT_YET, piece[0], start) or self.part_before(piece[0], start):
                    continue
                if self.nothing_else(end, piece[1]):
                    return True
        return False

    def percent(self) -> int | None:
        values = {value for _, value in self.percents}
        return values.pop() if len(values) == 1 else None

    # --- extensions ---

    def read_extensions(self, sentence: _Sentence) -> None:
        s = self.t.s
        for m in _EXTENSION.finditer(s, sentence.start, sentence.end):
            piece = sentence.piece_at(m.start())
            if _EXTENSION_REFUSED.search(s, piece[0], m.start()):
                continue
            self.said.append(m.start())
            to = self.extension_after(m.end(), piece[1], sentence)
            if m["weak"] and to is None and not _TIME_WORD.match(s, m.end()):
                continue  # "xin thêm kinh phí" asks for money, not time
            self.extension_asked = True
            self.extension_to = self.extension_to or to
            if to is None and self.impossible:
                self.extension_error = self.extension_error or self.impossible[0]

    def extension_after(self, pos: int, end: int, sentence: _Sentence) -> date | None:
        """The new deadline written in the few words after an extension request, before
        END (the end of its part: "xin gia hạn, dự kiến 25/5 xong" expects, not asks).
        A date there that cannot be is kept in `impossible`."""
        self.impossible = []
        for m in list(_WORD_START.finditer(self.t.s, pos, end))[:6]:
            amount = _AMOUNT.match(self.t.s, m.start(), sentence.end)
            if amount is not None:
                self.claimed.append((m.start(), amount.end()))
                return self.added(amount["n"], amount["unit"])
            got = self.date_at(m.start(), sentence, self.impossible)
            if got is not None:
                self.claimed.append((m.start(), got[0]))
                return got[1].day
            if self.impossible:
                return None  # the date written cannot be: not a part of it ("02/2027")
        return None

    def added(self, number: str, unit: str) -> date | None:
        """The deadline (or today, when none is still ahead) plus NUMBER UNIT."""
        if number == "nua":
            if unit != "thang":
                return None
            number, unit = "15", "ngay"  # half a month
        base = max(self.deadline or self.today, self.today)
        at = datetime.combine(base, time(12), tzinfo=self.tz)
        try:
            return read_date(f"{number} {unit} nua", at, self.tz).day
        except DateError:
            return None

    # --- expected ---

    def read_expected(self, sentence: _Sentence) -> None:
        for (start, end), read in self.dates:
            if not sentence.start <= start < sentence.end or self.expected is not None:
                continue
            piece = sentence.piece_at(start)
            if self.expects(piece, (start, end), read.day):
                self.expected, self.expected_piece = read.day, piece
                cue = self.t.first(_FUTURE, piece[0], piece[1])
                self.said.append(min(start, cue.start()) if cue else start)

    def expects(self, piece: Span, span: Span, day: date) -> bool:
        s = self.t.s
        if self.t.first(_DEADLINE_TALK, piece[0], span[1]):
            return False  # "thời hạn hoàn thành 20/5" restates the deadline
        if _PERCENT.search(s, piece[0], piece[1]) or _HALF.search(s, piece[0], piece[1]):
            return False  # "dự kiến đạt 80% vào cuối tháng" is a milestone, not the end
        verb = _FINISH_VERB.search(s, piece[0], piece[1])
        if verb is not None and _NEGATED_VERB.search(s, piece[0], verb.start() + 1):
            return False
        if self.t.first(_FUTURE, piece[0], piece[1]):
            return True
        return verb is not None and not self.past(piece) and day >= self.today

    def past(self, piece: Span) -> bool:
        return self.t.first(_PAST, piece[0], piece[1]) is not None

    # --- done ---

    def read_done(self, sentence: _Sentence) -> None:
        for m in _DONE_VERB.finditer(self.t.s, sentence.start, sentence.end):
            self.said.append(m.start())
            if self.is_done(sentence, m.start(), m.end()):
                self.done = True

    def is_done(self, sentence: _Sentence, start: int, end: int) -> bool:
        s = self.t.s
        piece = sentence.piece_at(start)
        if piece == self.expected_piece or _EXTENSION.search(s, piece[0], piece[1]):
            return False
        dated = any(piece[0] <= a < piece[1] for (a, _), _ in self.dates)
        if dated and not self.past(piece):
            return False  # "đến 2/3 xong": when, not whether
        if self.t.first(_NOT_YET, piece[0], start) or _NOT_AFTER.match(s, end, piece[1]):
            return False
        if self.part_before(piece[0], start):
            return False
        after = _PART_AFTER.match(s, end, piece[1])  # "xong phần khảo sát", "hoàn thành 70%"
        if after is not None and not self.whole(after.end() - 1):
            return False
        return self.nothing_else(end, piece[1])

    def nothing_else(self, start: int, end: int) -> bool:
        """Whether the words after a done verb leave it meaning the whole task: "xong rồi
        ạ", "hoàn thành nhiệm vụ được giao", "xong ngày 5/5"; "đã xong khảo sát" finished
        one step, not the task."""
        words = list(self.t.s[start:end])
        for a, b in [*(span for span, _ in self.dates), *(span for span, v in self.percents)]:
            if start <= a < end:
                words[a - start : b - start] = " " * (min(b, end) - a)
        return all(w in _WHOLE_WORDS for w in re.findall(r"[a-z0-9]+", "".join(words)))

    def part_before(self, start: int, end: int) -> bool:
        return any(
            self.t.meant(m) and not self.taken(m.start())  # "phân bổ" is no "phần"
            for m in _PART_BEFORE.finditer(self.t.s, start, end)
        )

    def whole(self, pos: int) -> bool:
        """Whether POS starts "100%" or a date rather than a share or a quantity."""
        if any(a <= pos < b and value == 100 for (a, b), value in self.percents):
            return True
        return any(a <= pos < b for a, b in [*(span for span, _ in self.dates), *self.claimed])

    # --- difficulties ---

    def read_difficulties(self) -> str | None:
        found: list[str] = []
        skip = False
        for i, sentence in enumerate(self.sentences):
            if skip:  # the words of a label that ended the sentence before
                skip = False
                continue
            following = self.sentences[i + 1] if i + 1 < len(self.sentences) else None
            texts, skip = self.difficulties_in(sentence, following)
            found += texts
        return "; ".join(found) or None

    def difficulties_in(
        self, sentence: _Sentence, following: _Sentence | None
    ) -> tuple[list[str], bool]:
        """The difficulties in SENTENCE, and whether they took the FOLLOWING one too."""
        found: list[str] = []
        end = sentence.start
        took_next = False
        for start, content, label in self.markers(sentence):
            if start < end:
                continue  # inside the clause of the one before
            end = self.clause_end(content, sentence)
            text = self.cut(content, end)
            if not text and label is not None:
                # "Vướng:" then the words on the next line; else the bare label ("còn vướng").
                took_next = bool((label["sep"] or "").strip()) and following is not None
                if took_next and following is not None:
                    text = self.cut(following.start, self.clause_end(following.start, following))
                took_next = took_next and bool(text)
                text = text or self.t.orig[label.start("label") : label.end("label")]
            found.append(text)
        return found, took_next

    def markers(self, sentence: _Sentence) -> list[tuple[int, int, re.Match[str] | None]]:
        """(where a difficulty starts, where its words start, the label if it has one)."""
        s = self.t.s
        found: list[tuple[int, int, re.Match[str] | None]] = []
        for m in _LABEL.finditer(s, sentence.start, sentence.end):
            if self.label_meant(m) and not self.denied(sentence, m.start()):
                found.append((m.start(), m.end(), m))
        for m in _MARKER.finditer(s, sentence.start, sentence.end):
            if not (m[0].startswith("thieu") and self.denied(sentence, m.start())):
                found.append((m.start(), m.start(), None))
        for m in _WAITING.finditer(s, sentence.start, sentence.end):
            if self.waiting(m):
                found.append((m.start(), m.start(), None))
        return sorted(found, key=lambda marker: marker[0])

    def label_meant(self, m: re.Match[str]) -> bool:
        label = m["label"]
        if label.startswith(_COLON_ONLY) and not (m["sep"] or "").strip():
            return False  # "tồn tại", "issue" are labels only before a colon
        if label.startswith("vuong"):
            return self.t.word(m.start(), m.start() + 5, "vướng")  # not "vuông", "vương"
        return True

    def denied(self, sentence: _Sentence, pos: int) -> bool:
        # "không có vướng mắc", "không thiếu", "mét vuông"
        piece = sentence.piece_at(pos)
        return bool(_LABEL_DENIED.search(self.t.s, piece[0], pos))

    def waiting(self, m: re.Match[str]) -> bool:
        """Whether "cho" here is "chờ" (waiting), not "cho" (for, to)."""
        at = m.end() - 4
        if self.t.accented:
            return self.t.orig[at : at + 3].lower() == "chờ"
        return bool(m["aux"]) or bool(_WAITING_FOR.match(self.t.s, m.end()))

    def clause_end(self, start: int, sentence: _Sentence) -> int:
        """Where the difficulty starting at START ends: where something else is said, at
        the end of the last part (between commas) that says nothing else, or at the end
        of the sentence."""
        inside = [pos for pos in self.said if start < pos < sentence.end]
        piece = sentence.piece_at(start)
        if any(pos < piece[1] for pos in inside):
            return min(inside)
        end = piece[1]
        for later in sentence.pieces:
            if later[0] < piece[1]:
                continue
            if any(later[0] <= pos < later[1] for pos in inside):
                break
            end = later[1]
        return end

    def cut(self, start: int, end: int) -> str:
        """The original words in [START, END), without trailing particles or linking words."""
        while (m := _TRAILING.search(self.t.s, start, end)) is not None and m.start() < end:
            word = self.t.orig[m.start() : end]
            if word[0].isalpha() and not word.islower():
                break  # "khu A": a name, not the particle "a"
            end = m.start()
        return self.t.orig[start:end].strip(" ,.;:-–")


def read_reply(
    text: str, now: datetime, tz: ZoneInfo, deadline: date | None = None
) -> ReplyReading:
    """What the progress reply TEXT says, read at NOW in TZ; DEADLINE is the task's, which
    relative extensions ("xin thêm 3 ngày") count from."""
    task, rest = _split_task(text)
    reader = _Reader(_Text.of(rest), now, tz, deadline)
    reader.sentences = _sentences(reader.t)
    for sentence in reader.sentences:
        reader.read_extensions(sentence)  # requests are often questions: "… được không ạ?"
    answers = [s for s in reader.sentences if not s.question and not _is_question(reader.t, s)]
    reader.sentences = answers
    for sentence in answers:
        reader.read_percents(sentence)
        reader.read_dates(sentence)
        reader.read_expected(sentence)
        reader.read_done(sentence)
    percent = reader.percent()
    # "60% xong", "xong một nửa", "done 70%": a part is not the whole.
    partial = any(value < 100 for value in reader.shares)
    return ReplyReading(
        task=task,
        done=not partial and (reader.done or (percent == 100 and reader.all_of_it())),
        percent=percent,
        difficulty=reader.read_difficulties(),
        extension_to=reader.extension_to,
        expected=reader.expected,
        text=rest,
        extension_asked=reader.extension_asked,
        extension_error=reader.extension_error,
    )


def _is_question(t: _Text, sentence: _Sentence) -> bool:
    # "đã xong chưa ạ", "hoàn thành chưa" ask; "vẫn chưa ạ" answers.
    return bool(_QUESTION_TAIL.search(t.s, sentence.start, sentence.end))


# "Nhầm", "em báo nhầm ạ", "xin lỗi, gửi nhầm", "rút lại", "undo", "my mistake": the whole
# message takes back the sender's last report (a report that mentions a mistake among
# other words is a report).
_WITHDRAWAL = re.compile(
    r"(?:(?:da|vang|xin loi|sorry|oops)[\s,.!]*)*"
    r"(?:(?:em|e|minh|toi|ben em|i)\s+)?"
    r"(?:(?:bao cao|bao|gui|nhan|nhap|go|bam|an|sent|typed|pressed)\s+)?"
    r"(?:nham|rut lai(?: bao cao)?|huy bao cao(?: vua roi| nay)?|undo|my mistake|mistake"
    r"|wrong(?: one| task| report)?|wrong button)"
    r"(?:\s+(?:roi|r|a|ah|nhe|nha|anh|chi|oi|thanks|sorry))*[\s,.!]*"
)


def is_withdrawal(text: str) -> bool:
    """Whether TEXT (after its task number, if any) only says the last report was a
    mistake: "nhầm", "em báo nhầm ạ", "#12 nhầm", "undo"."""
    _, rest = _split_task(text)
    folded = _Text.of(rest).s
    return bool(folded) and _WITHDRAWAL.fullmatch(folded) is not None
