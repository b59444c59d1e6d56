"""The words a reply is read by, as regular expressions on folded text: done and not
yet, the parts of a task, questions and sentence ends, percentages, extensions, dates,
difficulties."""

from __future__ import annotations

import re

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
