"""Units listed as a reader expects: "Số 2" before "Số 10", Đ with the D's, case and
marks set aside but never leaving two names in an order that could change."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

import pytest

from storage.natural_order import natural_key, unit_order
from tests.support.harness import Harness


def _sorted(names: list[str]) -> list[str]:
    return sorted(names, key=natural_key)


# Each list is in its natural order; the test shuffles it and sorts it back.
ORDERED = [
    pytest.param(["Trường Số 2", "Trường Số 10"], id="numbers-by-value"),
    pytest.param(["Phường 1", "Phường 2", "Phường 9", "Phường 10", "Phường 11"], id="wards"),
    pytest.param(["Phường 9", "Phường 10", "Phường 100", "Phường 1000"], id="growing-digits"),
    pytest.param(["Xã 3", "Xã 20", "Xã 100"], id="communes"),
    pytest.param(
        ["Trường THCS Số 1", "Trường THCS Số 2", "Trường THCS Số 12", "Trường THPT Số 3"],
        id="number-inside-the-name",
    ),
    pytest.param(["Quận 1", "Quận 3", "Quận 10", "Quận 12", "Quận Bình Thạnh"], id="digits-first"),
    pytest.param(["Khu phố 2 Tổ 10", "Khu phố 2 Tổ 11", "Khu phố 10 Tổ 1"], id="two-numbers"),
    pytest.param(["Đội 2", "Đội 10", "Đội 10A", "Đội 10B", "Đội 11"], id="number-then-letter"),
    pytest.param(
        ["Ban Dân vận", "Đại học Quốc gia", "Đài Phát thanh", "Sở Tài chính"],
        id="d-with-the-d-family",
    ),
    pytest.param(["Cục Thuế", "Đảng ủy", "Điện lực", "Ủy ban nhân dân"], id="marks-folded"),
    pytest.param(["an ninh", "Ấp Bắc", "Ban Quản lý"], id="a-with-its-marks"),
    pytest.param(["Sở Tài chính", "SỞ XÂY DỰNG", "sở y tế"], id="case-folded"),
    pytest.param(["Ô Môn", "Ông Ích Khiêm", "Phòng Y tế"], id="o-family"),
    pytest.param(["Sở GD&ĐT", "Sở KH&CN", "Sở Nội vụ"], id="ampersands"),
    pytest.param(
        [
            "Phòng Giáo dục",
            "Phường 2",
            "Phường 10",
            "Phường An Khánh",
            "Phường Bến Nghé",
            "Phường Đa Kao",
            "Phường Tân Định",
        ],
        id="a-district",
    ),
    pytest.param(["Tổ 007", "Tổ 8", "Tổ 09", "Tổ 10"], id="leading-zeros"),
    pytest.param(["", "1", "2", "10", "A"], id="bare"),
]


@pytest.mark.parametrize("names", ORDERED)
def test_names_sort_in_natural_order(names: list[str]) -> None:
    shuffled = names[:]
    random.Random(len(names)).shuffle(shuffled)
    assert _sorted(shuffled) == names
    assert _sorted(list(reversed(names))) == names


# Names that differ only by case, marks or spacing: still one fixed order, whatever order
# they came in, and next to each other among the rest.
ALIKE = [
    pytest.param(["So 2", "Số 2", "Sở 2", "SỞ 2", "sở 2"], id="marks-and-case"),
    pytest.param(["Doi 1", "Đội 1", "đội 1", "DOI 1"], id="d-and-đ"),
    pytest.param(["Phường 9", "Phường9", "Phường  9", "Phuong 9"], id="spacing"),
    pytest.param(["Tổ 7", "Tổ 07", "Tổ 007"], id="zeros"),
]


@pytest.mark.parametrize("alike", ALIKE)
def test_names_alike_keep_one_order(alike: list[str]) -> None:
    orders = set()
    for seed in range(6):
        names = alike[:]
        random.Random(seed).shuffle(names)
        orders.add(tuple(_sorted(names)))
    assert len(orders) == 1
    # Among others, they stay together: their fold is the same.
    others = ["A 1", "Z 99", "Phường 10", "Số 10", "Tổ 8"]
    found = _sorted(others + alike)
    positions = sorted(found.index(n) for n in alike)
    assert positions == list(range(positions[0], positions[0] + len(alike)))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Trường Số 2", "Trường Số 10"),
        ("Phường 9", "Phường 10"),
        ("phường 9", "Phường 10"),  # case does not decide
        ("PHƯỜNG 10", "phường 11"),
        ("Phuong 9", "Phường 10"),  # nor marks
        ("Đội 9", "Doi 10"),
        ("Doi 9", "Đội 10"),
        ("Đống Đa", "Hai Bà Trưng"),  # Đ is a D, not after Z
        ("Đức Hòa", "Dương Minh Châu"),  # "duc" before "duong"
        ("Số 2", "Sở 2"),  # same fold: the marks decide, the same way each time
        ("Doi 1", "Đội 1"),
        ("SỞ 2", "Sở 2"),  # same fold and marks: as written
    ],
)
def test_pairs(before: str, after: str) -> None:
    assert natural_key(before) < natural_key(after)
    assert _sorted([after, before]) == [before, after]


def test_typed_with_combining_marks_sorts_as_composed() -> None:
    composed = "Trường Số 2"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert natural_key(decomposed) == natural_key(composed)
    assert _sorted([decomposed + "0", "Trường Số 3"]) == ["Trường Số 3", decomposed + "0"]


def test_many_generated_names_by_number() -> None:
    names = [f"Ủy ban nhân dân phường {n}" for n in range(1, 134)]
    shuffled = names[:]
    random.Random(133).shuffle(shuffled)
    assert _sorted(shuffled) == names


@dataclass(frozen=True)
class _Unit:
    code: str
    name: str


def test_units_by_name_then_code() -> None:
    units = [
        _Unit("P10", "Phường 10"),
        _Unit("P9", "Phường 9"),
        _Unit("DHQG", "Đại học Quốc gia"),
        _Unit("X2", "Trường Số 2"),
        _Unit("X10", "Trường Số 10"),
        _Unit("B", "Cùng tên"),
        _Unit("A10", "cùng tên"),
        _Unit("A9", "Cùng tên"),
    ]
    found = [u.code for u in sorted(units, key=unit_order)]
    # "Cùng tên" twice: the code decides, in natural order too.
    assert found == ["A9", "B", "A10", "DHQG", "P9", "P10", "X2", "X10"]


def test_the_unit_list_is_in_natural_order(h: Harness) -> None:
    for code, name in [
        ("P10", "Phường 10"),
        ("P2", "Phường 2"),
        ("DA", "Đông Anh"),
        ("P9", "Phường 9"),
    ]:
        h.reply("admin", f"/donvi them {code} {name}")
    text = h.reply("admin", "/donvi")
    places = [text.index(name) for name in ("Đông Anh", "Phường 2", "Phường 9", "Phường 10")]
    assert places == sorted(places), text
