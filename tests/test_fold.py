"""The one diacritic fold every reader of officials' text uses (storage.keys.fold)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from storage.keys import fold, fold_key

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đã xong", "da xong"),
        ("ĐÃ HOÀN THÀNH 60%", "da hoan thanh 60%"),
        ("Thứ Sáu hằng tuần", "thu sau hang tuan"),
        ("Sở KH&CN", "so kh&cn"),
        ("quý II/2026", "quy ii/2026"),
        ("ướt ưng ỷ ỹ ự", "uot ung y y u"),
        ("no marks at all", "no marks at all"),
    ],
)
def test_fold_is_lower_case_without_marks(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_every_vietnamese_letter_folds_to_one_ascii_letter() -> None:
    vowels, consonants = "aăâeêioôơuưy", "bcdđghklmnpqrstvx"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    toned = [v + t for v in vowels + vowels.upper() for t in tones]
    for letter in toned + list(consonants + consonants.upper()):
        ch = unicodedata.normalize("NFC", letter)
        assert len(ch) == 1, repr(ch)
        out = fold(ch)
        assert len(out) == 1 and out.isascii() and out.islower(), (ch, out)


def test_a_match_on_the_fold_slices_the_original() -> None:
    text = unicodedata.normalize("NFC", "Báo cáo: ĐÃ XONG phần việc İstanbul ﬁ")
    folded = fold(text)
    assert len(folded) == len(text)
    m = re.search("da xong", folded)
    assert m is not None and text[m.start() : m.end()] == "ĐÃ XONG"


def test_keys_compare_decomposed_and_composed_alike() -> None:
    assert fold_key(unicodedata.normalize("NFD", "Sở Tài chính")) == fold_key("SỞ TÀI CHÍNH")
    assert fold_key("Sở KH & CN") == "so kh&cn"


def test_no_other_module_folds_diacritics_itself() -> None:
    """Folding was once written seven times, each a little different."""
    folders = [
        str(path.relative_to(ROOT))
        for package in ("bot", "scheduler", "storage", "messages")
        for path in sorted((ROOT / package).rglob("*.py"))
        if "combining(" in path.read_text(encoding="utf-8")
    ]
    assert folders == ["storage/keys.py"]
