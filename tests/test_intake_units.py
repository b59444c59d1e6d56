"""Matching unit names in documents against the registered units, without a database."""

from __future__ import annotations

import pytest

from bot.intake import KnownUnit, UnitMatcher, extract, unit_key

SKHCN = KnownUnit(1, "SKHCN", "Sở Khoa học và Công nghệ", ("Sở KH&CN",))
STTTT = KnownUnit(2, "STTTT", "Sở Thông tin và Truyền thông")
SVHTTDL = KnownUnit(3, "SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch")
SLDTBXH = KnownUnit(4, "SLDTBXH", "Sở Lao động - Thương binh và Xã hội")
BQLDA = KnownUnit(5, "BQLDA", "Ban Quản lý dự án đầu tư xây dựng tỉnh")
STC = KnownUnit(6, "STC", "Sở Tài chính")
UNITS = (SKHCN, STTTT, SVHTTDL, SLDTBXH, BQLDA, STC)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("SỞ KH & CN", "Sở Khoa học và Công nghệ"),
        ("so khoa hoc va cong nghe", "Sở Khoa học và Công nghệ"),
        ("Sở KHCN", "Sở Khoa học và Công nghệ"),
        ("SKHCN", "Sở Khoa học và Công nghệ"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở VH-TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở GTVT", "Sở Giao thông vận tải"),
        ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
        ("Uỷ ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
        ("HĐND tỉnh", "Hội đồng nhân dân tỉnh"),
        ("Văn hóa & Du lịch", "Văn hóa và Du lịch"),
    ],
)
def test_spellings_of_one_name_share_a_key(written: str, canonical: str) -> None:
    assert unit_key(written) == unit_key(canonical)


def test_different_units_keep_different_keys() -> None:
    assert unit_key("Sở Tài chính") != unit_key("Sở Tư pháp")
    assert unit_key("UBND huyện Tuy Phước") != unit_key("UBND thị xã An Nhơn")


@pytest.mark.parametrize(
    ("written", "unit"),
    [
        ("Sở Khoa học và Công nghệ", SKHCN),
        ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", SKHCN),
        ("So Khoa hoc va Cong nghe", SKHCN),
        ("Sở KH&CN", SKHCN),  # an alias
        ("skhcn", SKHCN),  # the code
        ("KHCN", SKHCN),  # the code without "Sở"
        ("Khoa học và Công nghệ", SKHCN),
        ("Sở TT&TT", STTTT),
        ("Sở VH-TT&DL", SVHTTDL),
        ("Sở LĐ-TB&XH", SLDTBXH),
        ("Sở Y tế", None),
    ],
)
def test_the_matcher_finds_a_unit_by_name_alias_or_code(
    written: str, unit: KnownUnit | None
) -> None:
    assert UnitMatcher(UNITS).match(written) == unit


def test_a_name_two_units_answer_to_is_left_to_a_person() -> None:
    twins = (KnownUnit(1, "A", "Phòng Tài chính"), KnownUnit(2, "B", "Phòng Tài chính"))
    assert UnitMatcher(twins).match("Phòng Tài chính") is None


def test_an_empty_matcher_matches_nothing() -> None:
    matcher = UnitMatcher()
    assert not matcher
    assert matcher.match("Sở Tài chính") is None


LETTER = """Số: 12/UBND-VX
Bình Định, ngày 14 tháng 01 năm 2025

Kính gửi: Sở KH&CN.

Chủ tịch UBND tỉnh có ý kiến như sau:

1. Giao Sở KH&CN chủ trì, phối hợp với Sở TT&TT và Sở Y tế triển khai nền tảng số.

2. Ban Quản lý dự án đầu tư xây dựng tỉnh khẩn trương hoàn thiện hồ sơ dự án.

3. Sở Nội vụ tham mưu kiện toàn Ban Chỉ đạo.
"""


def test_extraction_names_registered_units_as_registered() -> None:
    proposal = extract(LETTER, UNITS)
    leads = [(a.lead, a.lead_unit_id) for a in proposal.assignments]
    assert leads == [
        ("Sở Khoa học và Công nghệ", 1),
        ("Ban Quản lý dự án đầu tư xây dựng tỉnh", 5),
        ("Sở Nội vụ", None),
    ]
    first = proposal.assignments[0]
    assert first.support == ["Sở Thông tin và Truyền thông", "Sở Y tế"]
    assert first.support_unit_ids == [2, None]
    assert first.task.startswith("Triển khai nền tảng số")
    # A registered name is read whole, even one whose words would end a name
    # ("xây dựng" starts a task elsewhere).
    assert proposal.assignments[1].task.startswith("Khẩn trương hoàn thiện")
    assert proposal.unknown_units == ["Sở Y tế", "Sở Nội vụ"]


def test_without_registered_units_every_named_unit_is_offered() -> None:
    proposal = extract(LETTER)
    assert [a.lead_unit_id for a in proposal.assignments] == [None, None, None]
    assert proposal.assignments[0].lead == "Sở KH&CN"
    assert "Sở KH&CN" in proposal.unknown_units
