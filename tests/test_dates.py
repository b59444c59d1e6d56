"""The deadline reader against the phrases officials write, at fixed moments (never the clock)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.reading.dates import DateError, read_date, read_deadline
from storage.deadline import Deadline

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2025, 3, 5, 9, 30, tzinfo=TZ)  # a Wednesday
DEC = datetime(2025, 12, 20, 10, 0, tzinfo=TZ)  # a Saturday, for the turn of the year
JAN31 = datetime(2025, 1, 31, 8, 0, tzinfo=TZ)
NYE = datetime(2025, 12, 31, 23, 0, tzinfo=TZ)


def outcome(read: Callable[[str, datetime, ZoneInfo], Deadline], text: str, now: datetime) -> str:
    """The ISO answer, or the error kind followed by its detail."""
    try:
        return read(text, now, TZ).iso()
    except DateError as e:
        return f"{e.kind} {e.detail}".strip()


READ = [
    # What dateparser gets wrong or cannot read at all.
    ("trước ngày 10/02/2025", NOW, "2025-02-10"),
    ("11h ngày 12/5", NOW, "2025-05-12T11:00"),
    ("thứ hai tuần sau", NOW, "2025-03-10"),
    ("cuối tháng", NOW, "2025-03-31"),
    ("3 ngày nữa", NOW, "2025-03-08"),
    ("11 giờ 00 phút, ngày 12/5/2025", NOW, "2025-05-12T11:00"),
    ("chậm nhất trước 11 giờ 00 phút, ngày 12/5/2025", NOW, "2025-05-12T11:00"),
    # Prefixes.
    ("Hạn chót: 30/06/2025.", NOW, "2025-06-30"),
    ("thời hạn 15/4", NOW, "2025-04-15"),
    ("hạn 10/02/2026", NOW, "2026-02-10"),
    ("chậm nhất là ngày 15/3", NOW, "2025-03-15"),
    ("đến ngày 20/3", NOW, "2025-03-20"),
    ("vào ngày 20/3", NOW, "2025-03-20"),
    ("hoàn thành trước 30/6", NOW, "2025-06-30"),
    ("xong trước 30/6", NOW, "2025-06-30"),
    ("Deadline: 20/03/2025 17:00", NOW, "2025-03-20T17:00"),
    ("by 20/03/2025", NOW, "2025-03-20"),
    ("due 20/3/2025", NOW, "2025-03-20"),
    ("“15/3/2025”", NOW, "2025-03-15"),
    ("tới 17h ngày 12/5", NOW, "2025-05-12T17:00"),
    # Numeric dates, day first always.
    ("10/02/2026", NOW, "2026-02-10"),
    ("03/04/2025", NOW, "2025-04-03"),
    ("3/4/25", NOW, "2025-04-03"),
    ("12/5", NOW, "2025-05-12"),
    ("12.05.2025", NOW, "2025-05-12"),
    ("12-05-2025", NOW, "2025-05-12"),
    ("2025-05-12", NOW, "2025-05-12"),
    ("2025-05-12T11:00", NOW, "2025-05-12T11:00"),
    ("ngày 15 tháng 3 năm 2025", NOW, "2025-03-15"),
    ("ngày 15 tháng 3", NOW, "2025-03-15"),
    ("15 tháng 4", NOW, "2025-04-15"),
    ("ngày 12/5/2025 (thứ Hai)", NOW, "2025-05-12"),
    ("thứ 6, ngày 14/3/2025", NOW, "2025-03-14"),
    ("10/02/2026 để báo cáo UBND tỉnh", NOW, "2026-02-10"),
    ("từ 10/3 đến 15/3", NOW, "2025-03-15"),
    ("Thứ Ba, 10/02/2026, 17h00", NOW, "2026-02-10T17:00"),  # as the bot itself writes it
    ("Thứ Hai, 10/02/2026", NOW, "impossible T2 10/02/2026"),
    ("15/8 âm lịch", NOW, "not_a_date lunar"),
    # A date without a year is the nearest one.
    ("04/03", NOW, "2025-03-04"),
    ("12/1", NOW, "2025-01-12"),
    ("12/1", DEC, "2026-01-12"),
    ("tháng 1", DEC, "2026-01-31"),
    # Times, before or after the day.
    ("17h", NOW, "2025-03-05T17:00"),
    ("11h30", NOW, "2025-03-05T11:30"),
    ("11h00", NOW, "2025-03-05T11:00"),
    ("8g30", NOW, "2025-03-05T08:30"),
    ("11:00", NOW, "2025-03-05T11:00"),
    ("11 giờ", NOW, "2025-03-05T11:00"),
    ("11 giờ 30", NOW, "2025-03-05T11:30"),
    ("lúc 16h30", NOW, "2025-03-05T16:30"),
    ("3h chiều", NOW, "2025-03-05T15:00"),
    ("chiều 3h", NOW, "2025-03-05T15:00"),
    ("15h", NOW, "2025-03-05T15:00"),
    ("2 giờ chiều", NOW, "2025-03-05T14:00"),
    ("12h trưa", NOW, "2025-03-05T12:00"),
    ("8h sáng", NOW, "2025-03-05T08:00"),
    ("tối 8h", NOW, "2025-03-05T20:00"),
    ("8 giờ tối thứ 6", NOW, "2025-03-07T20:00"),
    ("12/5 lúc 8h30", NOW, "2025-05-12T08:30"),
    ("12/5, 11h", NOW, "2025-05-12T11:00"),
    ("ngày mai 17h", NOW, "2025-03-06T17:00"),
    ("17h ngày mai", NOW, "2025-03-06T17:00"),
    ("24h ngày 12/5", NOW, "2025-05-12"),
    ("25h", NOW, "impossible 25h"),
    ("11h75", NOW, "impossible 11h75"),
    # Relative days.
    ("hôm nay", NOW, "2025-03-05"),
    ("today", NOW, "2025-03-05"),
    ("ngày mai", NOW, "2025-03-06"),
    ("mai", NOW, "2025-03-06"),
    ("tomorrow", NOW, "2025-03-06"),
    ("ngày mai", NYE, "2026-01-01"),
    ("ngày kia", NOW, "2025-03-07"),
    ("ngày mốt", NOW, "2025-03-07"),
    ("mốt", NOW, "2025-03-07"),
    ("sau 3 ngày", NOW, "2025-03-08"),
    ("ba ngày nữa", NOW, "2025-03-08"),
    ("2 tuần nữa", NOW, "2025-03-19"),
    ("1 tháng nữa", NOW, "2025-04-05"),
    ("1 tháng nữa", JAN31, "2025-02-28"),
    ("1 tháng nữa", DEC, "2026-01-20"),
    ("tuần sau", NOW, "2025-03-16"),
    ("tuần tới", NOW, "2025-03-16"),
    ("tuần sau", DEC, "2025-12-28"),
    ("trong 5 ngày làm việc", NOW, "2025-03-12"),
    # Weekdays.
    ("thứ 6", NOW, "2025-03-07"),
    ("thứ 6 này", NOW, "2025-03-07"),
    ("thứ 4", NOW, "2025-03-05"),
    ("thứ 2", NOW, "2025-03-10"),
    ("t7", NOW, "2025-03-08"),
    ("cn", NOW, "2025-03-09"),
    ("chủ nhật", NOW, "2025-03-09"),
    ("thứ 2 tuần tới", NOW, "2025-03-10"),
    ("thứ 6 tuần sau", NOW, "2025-03-14"),
    ("thứ 6 tuần sau 9h", NOW, "2025-03-14T09:00"),
    ("thứ 2 tuần sau", DEC, "2025-12-22"),
    # Periods end on their last day.
    ("cuối tuần", NOW, "2025-03-09"),
    ("cuối tháng sau", NOW, "2025-04-30"),
    ("cuối tháng sau", DEC, "2026-01-31"),
    ("cuối tháng 4", NOW, "2025-04-30"),
    ("cuối tháng 4/2025", NOW, "2025-04-30"),
    ("trong tháng 4", NOW, "2025-04-30"),
    ("tháng 4", NOW, "2025-04-30"),
    ("tháng 4/2025", NOW, "2025-04-30"),
    ("tháng 4 năm 2025", NOW, "2025-04-30"),
    ("trong tháng 3 và 4", NOW, "2025-04-30"),
    ("cuối năm", NOW, "2025-12-31"),
    ("cuối năm 2025", NOW, "2025-12-31"),
    ("trong năm 2025", NOW, "2025-12-31"),
    ("năm 2025", NOW, "2025-12-31"),
    ("quý II/2025", NOW, "2025-06-30"),
    ("quý 2/2025", NOW, "2025-06-30"),
    ("quý II năm 2025", NOW, "2025-06-30"),
    ("quý 2", NOW, "2025-06-30"),
    ("quý I", NOW, "2025-03-31"),
    ("quý 2", DEC, "2026-06-30"),
    ("quý 4", DEC, "2025-12-31"),
    ("6 tháng đầu năm", NOW, "2025-06-30"),
    ("6 tháng cuối năm", NOW, "2025-12-31"),
    ("6 tháng đầu năm", DEC, "2026-06-30"),
    # Typed without diacritics.
    ("thu 6 tuan sau", NOW, "2025-03-14"),
    ("thu hai tuan sau", NOW, "2025-03-10"),
    ("ngay mai", NOW, "2025-03-06"),
    ("cuoi thang", NOW, "2025-03-31"),
    ("quy 2", NOW, "2025-06-30"),
    ("3 ngay nua", NOW, "2025-03-08"),
    ("truoc ngay 10/02/2025", NOW, "2025-02-10"),
    ("ngay 15 thang 3 nam 2025", NOW, "2025-03-15"),
    ("chieu 3h", NOW, "2025-03-05T15:00"),
    # Days that cannot be.
    ("31/02", NOW, "impossible 31/02"),
    ("29/02/2025", NOW, "impossible 29/02/2025"),
    ("29/02/2028", NOW, "2028-02-29"),
    ("32/1", NOW, "impossible 32/01"),
    ("13/13", NOW, "impossible 13/13"),
    ("thứ 5, ngày 14/3/2025", NOW, "impossible T5 14/03/2025"),
    # English, through dateparser.
    ("next friday", NOW, "2025-03-07"),
    ("March 5, 2026", NOW, "2026-03-05"),
    ("in 3 days", NOW, "2025-03-08"),
    ("5 March", NOW, "2025-03-05"),
    ("tomorrow at 5pm", NOW, "2025-03-06T17:00"),
    # Not dates.
    ("xin chào", NOW, "not_a_date"),
    ("50%", NOW, "not_a_date"),
    ("", NOW, "not_a_date"),
    ("   ", NOW, "not_a_date"),
    ("abc", NOW, "not_a_date"),
    ("chưa có kinh phí", NOW, "not_a_date"),
    ("1 nửa", NOW, "not_a_date"),
    ("12/5 hoặc 13/5", NOW, "not_a_date two_dates"),
    ("2 days after 12/5/2025", NOW, "not_a_date disagrees"),
    # Every hour form letters use, before or after the day, with or without a comma.
    *[
        (f"{before}{hour}{comma} ngày 20/12/2025", NOW, "2025-12-20T17:00")
        for before in ("", "trước ", "chậm nhất ", "hạn ", "chậm nhất trước ", "truoc ")
        for hour in (
            "17h",
            "17h00",
            "17g00",
            "17g",
            "17 giờ",
            "17 giờ 00",
            "17 giờ 00 phút",
            "17:00",
            "17 gio 00 phut",
            "17H00",
        )
        for comma in ("", ",")
    ],
    *[
        (f"{before}ngày 20/12/2025{comma} {hour}", NOW, "2025-12-20T17:00")
        for before in ("", "trước ", "chậm nhất ")
        for hour in ("17h", "17h00", "lúc 17 giờ 00", "17:00", "17 giờ 00 phút")
        for comma in ("", ",")
    ],
    ("16h30 ngày 20/12/2025", NOW, "2025-12-20T16:30"),
    ("8 giờ 30 ngày 20/12/2025", NOW, "2025-12-20T08:30"),
    ("16h30 ngày 20/4", NOW, "2025-04-20T16:30"),
    ("8 giờ 30 ngày 20/4", NOW, "2025-04-20T08:30"),
    ("8 giờ 30 phút, ngày 20/12/2025", NOW, "2025-12-20T08:30"),
    ("7h45 ngày 20 tháng 12 năm 2025", NOW, "2025-12-20T07:45"),
    ("17h 20/4", NOW, "2025-04-20T17:00"),  # 20/4 is the day, not 17:20
    ("17h20", NOW, "2025-03-05T17:20"),
    ("5h 30 ngày nữa", NOW, "2025-04-04T05:00"),  # thirty days on, at 5
    # A weekday that is not the date's, named with the date and the weekday written.
    ("ngày 21/12/2025 (thứ Hai)", NOW, "impossible T2 21/12/2025"),
    ("thứ Hai, ngày 21/12/2025", NOW, "impossible T2 21/12/2025"),
    ("Monday 21/12/2025", NOW, "impossible T2 21/12/2025"),
    ("ngày 22/12/2025 (thứ Hai)", NOW, "2025-12-22"),
]


THROUGH_DATEPARSER = {
    "next friday",
    "March 5, 2026",
    "in 3 days",
    "5 March",
    "2 days after 12/5/2025",
    "Monday 21/12/2025",
}


@pytest.mark.parametrize(("text", "now", "expected"), READ)
def test_read_date(text: str, now: datetime, expected: str) -> None:
    assert outcome(read_date, text, now) == expected


DEADLINE = [
    ("04/03", NOW, "past 2025-03-04"),
    ("trước ngày 10/02/2025", NOW, "past 2025-02-10"),
    ("thứ 6 tuần trước", NOW, "past 2025-02-28"),
    ("9h", NOW, "past 2025-03-05T09:00"),
    ("hôm nay", NOW, "2025-03-05"),
    ("9h30", NOW, "2025-03-05T09:30"),
    ("10h", NOW, "2025-03-05T10:00"),
    ("05/03", NOW, "2025-03-05"),
    ("12/5", NOW, "2025-05-12"),
    ("31/02", NOW, "impossible 31/02"),
]


@pytest.mark.parametrize(("text", "now", "expected"), DEADLINE)
def test_read_deadline(text: str, now: datetime, expected: str) -> None:
    assert outcome(read_deadline, text, now) == expected


def test_table_is_large_enough() -> None:
    assert len(READ) + len(DEADLINE) >= 70


def test_at_without_time_is_next_local_midnight() -> None:
    got = Deadline(date(2025, 5, 12)).at(TZ)
    assert got == datetime(2025, 5, 13, 0, 0, tzinfo=TZ)
    assert got.utcoffset() is not None and got.utcoffset().total_seconds() == 7 * 3600


def test_at_with_time_is_that_instant() -> None:
    got = read_date("11 giờ 00 phút, ngày 12/5/2025", NOW, TZ)
    assert got == Deadline(date(2025, 5, 12), time(11, 0))
    assert got.at(TZ) == datetime(2025, 5, 12, 4, 0, tzinfo=ZoneInfo("UTC"))


def test_at_across_a_clock_change() -> None:
    berlin = ZoneInfo("Europe/Berlin")  # 30/3/2025 has 23 hours there
    got = Deadline(date(2025, 3, 29)).at(berlin)
    assert got.isoformat() == "2025-03-30T00:00:00+01:00"
    assert Deadline(date(2025, 3, 30)).at(berlin).isoformat() == "2025-03-31T00:00:00+02:00"


def test_a_weekday_that_is_not_the_dates_says_both() -> None:
    from messages import Renderer

    with pytest.raises(DateError) as caught:
        read_date("ngày 21/12/2025 (thứ Hai)", NOW, TZ)
    values = caught.value.values()
    assert values["weekday"] == 0 and values["on"] == date(2025, 12, 21)
    text = Renderer().render("date_impossible", values, "vi", "text", today=NOW.date())
    assert text.startswith(
        "Ngày 21/12/2025 là Chủ Nhật, không phải thứ Hai như bạn ghi («ngày 21/12/2025 (thứ Hai)»)."
    )


def test_impossible_carries_the_parts() -> None:
    with pytest.raises(DateError) as caught:
        read_date("29/02/2025", NOW, TZ)
    e = caught.value
    assert (e.kind, e.day, e.month, e.year, e.text) == ("impossible", 29, 2, 2025, "29/02/2025")
    with pytest.raises(DateError) as caught:
        read_date("31/02", NOW, TZ)
    assert (caught.value.day, caught.value.month, caught.value.year) == (31, 2, None)
    with pytest.raises(DateError) as caught:
        read_date("lúc 25h", NOW, TZ)
    assert (caught.value.hour, caught.value.minute, caught.value.detail) == (25, 0, "25h")


def test_past_carries_what_was_read() -> None:
    with pytest.raises(DateError) as caught:
        read_deadline("9h", NOW, TZ)
    assert caught.value.value == Deadline(date(2025, 3, 5), time(9, 0))


def test_fallback_answer_that_disagrees_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import dateparser

    # As dateparser reads "11 giờ 00 phút, ngày 12/5/2025": "in 11 hours".
    monkeypatch.setattr(dateparser, "parse", lambda *a, **k: datetime(2025, 3, 5, 20, 30))
    assert outcome(read_date, "dự kiến 12/5/2025 ạ", NOW) == "not_a_date disagrees"
    assert outcome(read_date, "sometime in 2026", NOW) == "not_a_date disagrees"


def test_fallback_answer_that_agrees_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    import dateparser

    monkeypatch.setattr(dateparser, "parse", lambda *a, **k: datetime(2025, 5, 12, 9, 30))
    # No time written, so dateparser's time (it copies now's) is not kept.
    assert outcome(read_date, "dự kiến 12/5/2025 ạ", NOW) == "2025-05-12"


def test_common_forms_never_reach_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    import dateparser

    called: list[str] = []  # the reader swallows dateparser's own errors, so count calls
    monkeypatch.setattr(dateparser, "parse", lambda text, *a, **k: called.append(text))
    for text, now, expected in READ:
        if text not in THROUGH_DATEPARSER:
            assert outcome(read_date, text, now) == expected, text
    assert called == []


def test_naive_now_is_taken_as_local() -> None:
    assert read_date("mai", datetime(2025, 3, 5, 23, 0), TZ).iso() == "2025-03-06"


def test_a_date_off_the_calendar_blames_no_code_word() -> None:
    """Near year 9999 "999 ngày nữa" overflows; the refusal quotes what was typed (its
    detail is empty), never an internal word such as "out_of_range"."""
    with pytest.raises(DateError) as caught:
        read_date("999 ngày nữa", datetime(9999, 6, 1, tzinfo=TZ), TZ)
    assert (caught.value.kind, caught.value.detail) == ("impossible", "")
