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

The package: `text` (a reply beside its folded copy), `vocabulary` (the words it is read
by), `task_number` (the number it starts with), `reader` (sentences, pieces and what each
says); ReplyReading, `read_reply` and `is_withdrawal` are here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.reading.dates import DateError
from bot.reading.replies.reader import _Reader, _Sentence, _sentences
from bot.reading.replies.task_number import _split_task, task_at_start
from bot.reading.replies.text import _Text
from bot.reading.replies.vocabulary import _QUESTION_TAIL

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
