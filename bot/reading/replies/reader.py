"""_Reader: one reply cut into sentences and their comma-separated pieces, and what
each says: percentages, dates, extensions, the expected finishing date, done, and
difficulties."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.reading.dates import DateError, read_date, split_date
from bot.reading.replies.text import _Text
from bot.reading.replies.vocabulary import (
    _AMOUNT,
    _COLON_ONLY,
    _DATE_START,
    _DEADLINE_TALK,
    _DONE_VERB,
    _EXTENSION,
    _EXTENSION_REFUSED,
    _FINISH_VERB,
    _FRACTION,
    _FRACTION_AFTER,
    _FRACTION_BEFORE,
    _FUTURE,
    _HALF,
    _HALF_EN,
    _LABEL,
    _LABEL_DENIED,
    _MARKER,
    _NEGATED_VERB,
    _NOT_AFTER,
    _NOT_NOW,
    _NOT_YET,
    _PART_AFTER,
    _PART_BEFORE,
    _PAST,
    _PERCENT,
    _PIECE_END,
    _SENTENCE_END,
    _TIME_WORD,
    _TRAILING,
    _WAITING,
    _WAITING_FOR,
    _WHOLE_WORDS,
    _WORD_START,
)
from storage.deadline import Deadline

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
