"""Recurring duties: reading them, storing them, and their next occurrence."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.reading.recurrence import read_rule
from scheduler.recurrence import Rule, RuleError, next_deadline
from storage.deadline import Deadline

VN = ZoneInfo("Asia/Ho_Chi_Minh")

# --- read_rule ----------------------------------------------------------------------------

READ = [
    # monthly
    ("ngày 20 hằng tháng", "monthly:20"),
    ("trước ngày 20 hàng tháng", "monthly:20"),
    ("truoc ngay 20 hang thang", "monthly:20"),
    ("Báo cáo trước ngày 05 mỗi tháng", "monthly:5"),
    ("mùng 5 hằng tháng", "monthly:5"),
    ("định kỳ hàng tháng", "monthly:last"),
    ("hằng tháng", "monthly:last"),
    ("cuối mỗi tháng", "monthly:last"),
    ("ngày cuối cùng của tháng, hằng tháng", "monthly:last"),
    ("17h ngày 20 hằng tháng", "monthly:20@17:00"),
    ("trước 16 giờ 30 phút ngày 25 hằng tháng", "monthly:25@16:30"),
    ("ngày 31 hàng tháng", "monthly:31"),
    # weekly
    ("thứ 6 hằng tuần", "weekly:4"),
    ("Thứ Sáu hàng tuần", "weekly:4"),
    ("hàng tuần vào thứ hai", "weekly:0"),
    ("mỗi tuần vào thứ ba", "weekly:1"),
    ("Thứ Năm hằng tuần lúc 9h30", "weekly:3@09:30"),
    ("T6 hàng tuần", "weekly:4"),
    ("chủ nhật hằng tuần", "weekly:6"),
    ("hằng tuần", "weekly:4"),
    ("5 giờ chiều thứ 6 hằng tuần", "weekly:4@17:00"),
    ("hang tuan vao thu 7", "weekly:5"),
    ("1 giờ trưa thứ 2 hằng tuần", "weekly:0@13:00"),
    # quarterly
    ("hằng quý", "quarterly:last"),
    ("định kỳ hằng quý", "quarterly:last"),
    ("ngày 15 tháng cuối quý", "quarterly:15"),
    ("trước ngày 20 hằng quý", "quarterly:20"),
    ("17g ngày 15 tháng cuối quý", "quarterly:15@17:00"),
    # English
    ("monthly on the 20th", "monthly:20"),
    ("every month on the 1st at 5pm", "monthly:1@17:00"),
    ("on the 31st of every month at 17:00", "monthly:31@17:00"),
    ("last day of each month", "monthly:last"),
    ("every friday", "weekly:4"),
    ("Every Monday at 8:30 am", "weekly:0@08:30"),
    ("weekly", "weekly:4"),
    ("weekly on wednesday", "weekly:2"),
    ("quarterly", "quarterly:last"),
    ("end of each quarter", "quarterly:last"),
    # not a recurrence
    ("10/02/2026", None),
    ("thứ 6 tuần sau", None),
    ("trước ngày 20/5", None),
    ("cuối tháng", None),
    ("trong tháng 4", None),
    ("quý II/2025", None),
    ("báo cáo tuần", None),
    ("next friday", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), READ)
def test_read_rule(text: str, expected: str | None) -> None:
    rule = read_rule(text)
    assert (rule.text() if rule else None) == expected


REFUSED = [
    ("hằng năm", "unsupported", "hang nam"),
    ("ngày 31/12 hằng năm", "unsupported", "hang nam"),
    ("hằng ngày", "unsupported", "hang ngay"),
    ("daily", "unsupported", "daily"),
    ("định kỳ 6 tháng", "unsupported", "dinh ky"),
    ("2 tuần một lần", "unsupported", "2 tuan mot lan"),
    ("đầu mỗi tháng", "unsupported", "dau moi thang"),
    ("thứ 6 cuối cùng hằng tháng", "unsupported", "monthly weekday"),
    ("ngày 20 hằng tuần", "unsupported", "ngay 20"),
    ("hằng tuần, hằng tháng", "ambiguous", "monthly, weekly"),
    ("ngày 32 hằng tháng", "impossible", "ngay 32"),
    ("25h thứ 6 hằng tuần", "impossible", "25h"),
    ("thứ 9 hằng tuần", "impossible", "thu 9"),
    ("every friday at 13pm", "impossible", "13pm"),
]


@pytest.mark.parametrize(("text", "kind", "detail"), REFUSED)
def test_read_rule_refuses_what_a_rule_cannot_hold(text: str, kind: str, detail: str) -> None:
    with pytest.raises(RuleError) as caught:
        read_rule(text)
    assert (caught.value.kind, caught.value.detail) == (kind, detail)
    assert isinstance(caught.value, ValueError)


# --- Rule.text / Rule.parse -----------------------------------------------------------------

RULES = [
    (Rule("monthly", None, 20, None), "monthly:20"),
    (Rule("monthly", None, None, None), "monthly:last"),
    (Rule("monthly", None, 31, time(17)), "monthly:31@17:00"),
    (Rule("weekly", 4, None, None), "weekly:4"),
    (Rule("weekly", 0, None, time(8, 5)), "weekly:0@08:05"),
    (Rule("quarterly", None, None, None), "quarterly:last"),
    (Rule("quarterly", None, 15, time(23, 59)), "quarterly:15@23:59"),
]


@pytest.mark.parametrize(("rule", "text"), RULES)
def test_rule_text_and_parse(rule: Rule, text: str) -> None:
    assert rule.text() == text
    assert Rule.parse(text) == rule


@pytest.mark.parametrize(
    "text",
    [
        "",
        "monthly",
        "monthly:",
        "monthly:0",
        "monthly:32",
        "monthly:05",
        "weekly:7",
        "weekly:last",
        "yearly:1",
        "monthly:20@24:00",
        "monthly:20@7:00",
        "monthly:20@17:60",
        " monthly:20",
        "Monthly:20",
    ],
)
def test_rule_parse_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        Rule.parse(text)


@pytest.mark.parametrize(
    ("kind", "weekday", "day", "at"),
    [
        ("daily", None, None, None),
        ("weekly", None, None, None),
        ("weekly", 4, 20, None),
        ("monthly", 4, None, None),
        ("monthly", None, 0, None),
        ("quarterly", None, 32, None),
        ("monthly", None, 20, time(17, 0, 30)),
    ],
)
def test_rule_refuses_inconsistent_fields(
    kind: str, weekday: int | None, day: int | None, at: time | None
) -> None:
    with pytest.raises(ValueError):
        Rule(kind, weekday, day, at)


# --- next_deadline --------------------------------------------------------------------------

NEXT = [
    # (rule, after in Hà Nội, next deadline ISO)
    ("monthly:20", "2026-01-05 09:00", "2026-01-20"),
    ("monthly:20", "2026-01-20 09:00", "2026-01-20"),  # a whole day: today still counts
    ("monthly:20", "2026-01-20 23:59", "2026-01-20"),
    ("monthly:20", "2026-01-21 00:00", "2026-02-20"),  # = Deadline(20/01).at(): passed
    ("monthly:20", "2026-12-25 09:00", "2027-01-20"),  # across the year
    ("monthly:20@17:00", "2026-01-20 16:59", "2026-01-20T17:00"),
    ("monthly:20@17:00", "2026-01-20 17:00", "2026-02-20T17:00"),  # strictly after
    ("monthly:last", "2026-01-31 10:00", "2026-01-31"),
    ("monthly:last", "2026-02-01 00:00", "2026-02-28"),
    ("monthly:last", "2028-02-01 00:00", "2028-02-29"),
    ("monthly:last", "2026-04-01 00:00", "2026-04-30"),
    # day 31 in months without it: their last day
    ("monthly:31", "2026-01-31 12:00", "2026-01-31"),
    ("monthly:31", "2026-02-01 00:00", "2026-02-28"),
    ("monthly:31", "2027-02-01 00:00", "2027-02-28"),
    ("monthly:31", "2028-02-01 00:00", "2028-02-29"),
    ("monthly:31", "2026-03-01 00:00", "2026-03-31"),
    ("monthly:31", "2026-04-01 00:00", "2026-04-30"),
    ("monthly:31", "2026-06-15 00:00", "2026-06-30"),
    ("monthly:31", "2026-11-01 00:00", "2026-11-30"),
    # day 30 and 29: February only
    ("monthly:30", "2026-02-01 00:00", "2026-02-28"),
    ("monthly:30", "2028-02-01 00:00", "2028-02-29"),
    ("monthly:30", "2026-03-01 00:00", "2026-03-30"),
    ("monthly:30", "2026-01-31 00:00", "2026-02-28"),
    ("monthly:29", "2027-02-01 00:00", "2027-02-28"),
    ("monthly:29", "2028-02-01 00:00", "2028-02-29"),
    ("monthly:29", "2027-03-01 00:00", "2027-03-29"),
    ("monthly:31@17:00", "2028-02-29 17:00", "2028-03-31T17:00"),
    ("monthly:31@17:00", "2028-02-29 16:00", "2028-02-29T17:00"),
    # quarterly: the last month of each quarter
    ("quarterly:last", "2026-01-05 09:00", "2026-03-31"),
    ("quarterly:last", "2026-04-01 00:00", "2026-06-30"),
    ("quarterly:last", "2026-10-01 00:00", "2026-12-31"),
    ("quarterly:15", "2026-03-15 10:00", "2026-03-15"),
    ("quarterly:15", "2026-03-16 00:00", "2026-06-15"),
    ("quarterly:15", "2026-12-16 00:00", "2027-03-15"),
    ("quarterly:31", "2026-04-01 00:00", "2026-06-30"),
    ("quarterly:31", "2026-07-01 00:00", "2026-09-30"),
    ("quarterly:31", "2026-10-01 00:00", "2026-12-31"),
    ("quarterly:30", "2026-01-01 00:00", "2026-03-30"),
    ("quarterly:15@09:00", "2026-06-15 09:00", "2026-09-15T09:00"),
    # weekly (05/01/2026 is a Monday)
    ("weekly:4", "2026-01-05 09:00", "2026-01-09"),
    ("weekly:4", "2026-01-09 18:00", "2026-01-09"),
    ("weekly:4", "2026-01-10 00:00", "2026-01-16"),
    ("weekly:0", "2026-01-05 09:00", "2026-01-05"),
    ("weekly:6", "2026-12-28 09:00", "2027-01-03"),
    ("weekly:4@17:00", "2026-01-09 16:59", "2026-01-09T17:00"),
    ("weekly:4@17:00", "2026-01-09 17:00", "2026-01-16T17:00"),
    ("weekly:0@08:00", "2026-01-04 23:00", "2026-01-05T08:00"),
]


@pytest.mark.parametrize(("rule", "after", "expected"), NEXT)
def test_next_deadline(rule: str, after: str, expected: str) -> None:
    moment = datetime.strptime(after, "%Y-%m-%d %H:%M").replace(tzinfo=VN)
    found = next_deadline(Rule.parse(rule), moment, VN)
    assert isinstance(found, Deadline)
    assert found.iso() == expected
    assert found.at(VN) > moment


def test_next_deadline_reads_after_in_the_rule_s_zone() -> None:
    # 2026-01-20 17:30 UTC is already 21/01 00:30 in Hà Nội: 20/01 has passed there.
    after = datetime(2026, 1, 20, 17, 30, tzinfo=UTC)
    assert next_deadline(Rule.parse("monthly:20"), after, VN).iso() == "2026-02-20"


def test_next_deadline_chains_through_a_leap_year() -> None:
    rule = Rule.parse("monthly:31")
    found = next_deadline(rule, datetime(2027, 12, 1, tzinfo=VN), VN)
    days = []
    for _ in range(14):
        days.append(found.day.isoformat())
        found = next_deadline(rule, found.at(VN), VN)
    assert days == [
        "2027-12-31",
        "2028-01-31",
        "2028-02-29",
        "2028-03-31",
        "2028-04-30",
        "2028-05-31",
        "2028-06-30",
        "2028-07-31",
        "2028-08-31",
        "2028-09-30",
        "2028-10-31",
        "2028-11-30",
        "2028-12-31",
        "2029-01-31",
    ]


def test_next_deadline_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_deadline(Rule.parse("weekly:4"), datetime(2026, 1, 5, 9), VN)


def test_read_then_next() -> None:
    rule = read_rule("17h ngày 31 hằng tháng")
    assert rule is not None
    after = datetime(2027, 2, 1, 9, tzinfo=VN)
    assert next_deadline(rule, after, VN) == Deadline(datetime(2027, 2, 28).date(), time(17))
