"""The reminder policy and the working calendar, table by table, on fixed dates.

Calendar facts used below (holidays.VN): 2025: 26/04 (Sat) worked for 02/05 off. 2026:
27/04 (Mon) Giỗ Tổ observed, 30/04-01/05, 22/08 (Sat) worked for 31/08 off, 24/11 Ngày
Văn hóa. 2027: Tết 04/02 (Thu) to 10/02 (Wed). 2028: 03/01 (Mon) New Year observed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from scheduler.calendar import (
    CalendarError,
    OfficeHours,
    WorkCalendar,
    parse_office_hours,
    parse_time_of_day,
    parse_workdays,
)
from scheduler.policy import (
    DEFAULT_PLAN,
    Offset,
    PlanError,
    first_overdue,
    next_overdue,
    parse_plan,
    plan_reminders,
)
from storage.deadline import Deadline

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(text: str) -> datetime:
    """A local time in Hà Nội, "2026-01-05 09:00"."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN)


def due(text: str) -> Deadline:
    """A deadline, "2026-01-07" or "2026-01-07 11:00"."""
    if " " in text:
        moment = at(text)
        return Deadline(moment.date(), moment.time())
    return Deadline(date.fromisoformat(text))


def calendar(
    hours: str = "07:30-17:30",
    workdays: str = "mon-fri",
    off: tuple[str, ...] = (),
    work: tuple[str, ...] = (),
) -> WorkCalendar:
    return WorkCalendar(
        VN,
        parse_office_hours(hours),
        parse_workdays(workdays),
        days_off=[date.fromisoformat(d) for d in off],
        work_days=[date.fromisoformat(d) for d in work],
    )


CAL = calendar()


def local(moment: datetime) -> str:
    return moment.astimezone(VN).strftime("%Y-%m-%d %H:%M")


# --- plan_reminders -----------------------------------------------------------------------

# (id, deadline, plan, now, reminders as "offset@local time", skipped, due on a day off,
#  calendar). A "due" reminder is marked with "!".
PLANS = [
    # An ordinary week: Friday 16/01/2026, planned on Monday 05/01.
    (
        "ordinary week",
        "2026-01-16",
        "7d,3d,1d,0d",
        "2026-01-05 09:00",
        [
            "7d@2026-01-09 07:30",
            "3d@2026-01-13 07:30",
            "1d@2026-01-15 07:30",
            "0d!2026-01-16 07:30",
        ],
        [],
        False,
        CAL,
    ),
    # Due Monday: 1d would be Sunday 07:30, so it moves back to Friday's closing.
    (
        "due Monday",
        "2025-02-10",
        "7d,3d,1d,0d",
        "2025-01-20 09:00",
        [
            "7d@2025-02-03 07:30",
            "3d@2025-02-07 07:30",
            "1d@2025-02-07 17:30",
            "0d!2025-02-10 07:30",
        ],
        [],
        False,
        CAL,
    ),
    # Due Saturday (a day off): 0d is Friday's closing; 7d falls on a Saturday too.
    (
        "due Saturday",
        "2025-02-15",
        "7d,3d,1d,0d",
        "2025-01-20 09:00",
        [
            "7d@2025-02-07 17:30",
            "3d@2025-02-12 07:30",
            "1d@2025-02-14 07:30",
            "0d!2025-02-14 17:30",
        ],
        [],
        True,
        CAL,
    ),
    # Due Sunday: 1d (Saturday) and 0d (Sunday) both land on Friday 17:30; 0d is kept.
    (
        "due Sunday",
        "2026-01-11",
        "7d,3d,1d,0d",
        "2026-01-01 09:00",
        ["7d@2026-01-02 17:30", "3d@2026-01-08 07:30", "0d!2026-01-09 17:30"],
        [],
        True,
        CAL,
    ),
    # Right after Tết 2027 (04-10/02 off): 7d, 3d and 1d all fall in Tết and move to the
    # last working moment before it, where the nearest of them (1d) is kept.
    (
        "after Tet 2027",
        "2027-02-11",
        "7d,3d,1d,0d",
        "2027-01-04 09:00",
        ["1d@2027-02-03 17:30", "0d!2027-02-11 07:30"],
        [],
        False,
        CAL,
    ),
    # Due on the first day of Tết: every reminder before Tết.
    (
        "due in Tet 2027",
        "2027-02-05",
        "7d,3d,1d,0d",
        "2027-01-04 09:00",
        ["7d@2027-01-29 07:30", "3d@2027-02-02 07:30", "0d!2027-02-03 17:30"],
        [],
        True,
        CAL,
    ),
    # After 30/4-1/5/2026: 7d is Monday 27/04 (Giỗ Tổ observed) -> Friday 24/04; 3d (01/05)
    # and 1d (Sunday 03/05) both -> Wednesday 29/04 17:30, 1d kept.
    (
        "after 30/4-1/5 2026",
        "2026-05-04",
        "7d,3d,1d,0d",
        "2026-04-01 09:00",
        ["7d@2026-04-24 17:30", "1d@2026-04-29 17:30", "0d!2026-05-04 07:30"],
        [],
        False,
        CAL,
    ),
    # Due on 30/04/2026 itself: a holiday.
    (
        "due 30/4 2026",
        "2026-04-30",
        "7d,3d,1d,0d",
        "2026-04-01 09:00",
        [
            "7d@2026-04-23 07:30",
            "3d@2026-04-24 17:30",
            "1d@2026-04-29 07:30",
            "0d!2026-04-29 17:30",
        ],
        [],
        True,
        CAL,
    ),
    # Saturday 26/04/2025 was an official make-up day (for 02/05): a working day.
    (
        "official make-up Saturday",
        "2025-04-26",
        "1d,0d",
        "2025-04-01 09:00",
        ["1d@2025-04-25 07:30", "0d!2025-04-26 07:30"],
        [],
        False,
        CAL,
    ),
    # ... and Friday 02/05/2025, given in exchange, is a day off: 1d (01/05) and 0d both
    # fall back to Tuesday 29/04 17:30, before 30/04-01/05.
    (
        "official swapped day off",
        "2025-05-02",
        "1d,0d",
        "2025-04-01 09:00",
        ["0d!2025-04-29 17:30"],
        [],
        True,
        CAL,
    ),
    # An admin's make-up Saturday: Monday's 1d moves back to it, not to Friday.
    (
        "admin make-up Saturday",
        "2026-01-12",
        "3d,1d,0d",
        "2026-01-01 09:00",
        ["3d@2026-01-09 07:30", "1d@2026-01-10 17:30", "0d!2026-01-12 07:30"],
        [],
        False,
        calendar(work=("2026-01-10",)),
    ),
    # An admin's day off on Friday: 3d (Friday) and 1d (Sunday) both go to Thursday 17:30.
    (
        "admin day off",
        "2026-01-12",
        "3d,1d,0d",
        "2026-01-01 09:00",
        ["1d@2026-01-08 17:30", "0d!2026-01-12 07:30"],
        [],
        False,
        calendar(off=("2026-01-09",)),
    ),
    # An admin's day off on the due day itself.
    (
        "admin day off on the due day",
        "2026-01-09",
        "0d",
        "2026-01-01 09:00",
        ["0d!2026-01-08 17:30"],
        [],
        True,
        calendar(off=("2026-01-09",)),
    ),
    # Six working days a week.
    (
        "mon-sat week",
        "2026-01-12",
        "1d,0d",
        "2026-01-01 09:00",
        ["1d@2026-01-10 17:30", "0d!2026-01-12 07:30"],
        [],
        False,
        calendar(workdays="mon-sat"),
    ),
    # Other office hours.
    (
        "office 08:00-17:00",
        "2026-01-12",
        "1d,0d,2h",
        "2026-01-01 09:00",
        ["1d@2026-01-09 17:00", "0d!2026-01-12 08:00", "2h@2026-01-12 15:00"],
        [],
        False,
        calendar(hours="08:00-17:00"),
    ),
    # Timed deadline 11:00 on Wednesday, planned Monday 08:00: 7d and 3d have passed.
    (
        "timed 11:00",
        "2026-01-07 11:00",
        "7d,3d,1d,0d",
        "2026-01-05 08:00",
        ["1d@2026-01-06 07:30", "0d!2026-01-07 07:30"],
        ["7d", "3d"],
        False,
        CAL,
    ),
    # Timed 07:00, before the opening: 0d is the last office moment before it.
    (
        "timed 07:00",
        "2026-01-06 07:00",
        "7d,3d,1d,0d",
        "2026-01-01 09:00",
        ["3d@2026-01-02 17:30", "1d@2026-01-05 07:30", "0d!2026-01-05 17:30"],
        ["7d"],
        False,
        CAL,
    ),
    # Timed 07:30, at the opening: 0d is the deadline itself (07:30 counts as inside).
    (
        "timed 07:30",
        "2026-01-06 07:30",
        "0d",
        "2026-01-01 09:00",
        ["0d!2026-01-06 07:30"],
        [],
        False,
        CAL,
    ),
    # Minutes and hours count back from the deadline's time...
    (
        "90m",
        "2026-01-07 11:00",
        "90m",
        "2026-01-05 09:00",
        ["90m@2026-01-07 09:30"],
        [],
        False,
        CAL,
    ),
    ("2h", "2026-01-07 11:00", "2h", "2026-01-05 09:00", ["2h@2026-01-07 09:00"], [], False, CAL),
    # The end-to-end test's DONDOC_REMIND_BEFORE=1m: 10:00 on a working day -> 09:59.
    ("1m", "2026-01-07 10:00", "1m", "2026-01-05 09:00", ["1m@2026-01-07 09:59"], [], False, CAL),
    # ... or from the closing time of a date-only deadline.
    (
        "2h date-only",
        "2026-01-07",
        "2h",
        "2026-01-05 09:00",
        ["2h@2026-01-07 15:30"],
        [],
        False,
        CAL,
    ),
    # 90 minutes before 08:00 is 06:30, before the opening: the previous working day's close.
    (
        "90m before an early deadline",
        "2026-01-12 08:00",
        "90m",
        "2026-01-05 09:00",
        ["90m@2026-01-09 17:30"],
        [],
        False,
        CAL,
    ),
    # "1440m" and "24h" are plain time spans: 11:00 the day before.
    (
        "24h and 1440m",
        "2026-01-07 11:00",
        "24h,1d,1440m",
        "2026-01-05 09:00",
        ["1d@2026-01-06 07:30", "1440m@2026-01-06 11:00"],
        [],
        False,
        CAL,
    ),
    # Office-hours boundaries: 17:30 and 07:30 are inside; a minute outside moves back.
    (
        "2h to 17:30",
        "2026-01-07 19:30",
        "2h",
        "2026-01-05 09:00",
        ["2h@2026-01-07 17:30"],
        [],
        False,
        CAL,
    ),
    (
        "2h to 17:31",
        "2026-01-07 19:31",
        "2h",
        "2026-01-05 09:00",
        ["2h@2026-01-07 17:30"],
        [],
        False,
        CAL,
    ),
    (
        "2h to 07:30",
        "2026-01-07 09:30",
        "2h",
        "2026-01-05 09:00",
        ["2h@2026-01-07 07:30"],
        [],
        False,
        CAL,
    ),
    (
        "2h to 07:29",
        "2026-01-07 09:29",
        "2h",
        "2026-01-05 09:00",
        ["2h@2026-01-06 17:30"],
        [],
        False,
        CAL,
    ),
    # An hour offset on a Saturday deadline: the hour (Saturday 15:30) and 0d (Saturday
    # 07:30) both land on Friday 17:30, and 0d, the nearer, is kept.
    (
        "hours on a Saturday deadline",
        "2026-01-10",
        "1d,2h,0d",
        "2026-01-01 09:00",
        ["1d@2026-01-09 07:30", "0d!2026-01-09 17:30"],
        [],
        True,
        CAL,
    ),
    # Two offsets on one instant (Saturday and Sunday before a Monday): the nearer is kept.
    (
        "same instant",
        "2026-01-12",
        "2d,1d",
        "2026-01-01 09:00",
        ["1d@2026-01-09 17:30"],
        [],
        False,
        CAL,
    ),
    # Due tomorrow, planned before the opening: 7d and 3d have passed, 1d is this morning.
    (
        "due tomorrow, early",
        "2026-01-06",
        "7d,3d,1d,0d",
        "2026-01-05 07:00",
        ["1d@2026-01-05 07:30", "0d!2026-01-06 07:30"],
        ["7d", "3d"],
        False,
        CAL,
    ),
    (
        "due tomorrow",
        "2026-01-06",
        "7d,3d,1d,0d",
        "2026-01-05 09:00",
        ["0d!2026-01-06 07:30"],
        ["7d", "3d", "1d"],
        False,
        CAL,
    ),
    # A target exactly at `now` has passed.
    (
        "target at now",
        "2026-01-07",
        "1d,0d",
        "2026-01-06 07:30",
        ["0d!2026-01-07 07:30"],
        ["1d"],
        False,
        CAL,
    ),
    # Due this afternoon, planned at 09:00: everything has passed, one reminder now.
    (
        "due this afternoon",
        "2026-01-05 15:00",
        "7d,3d,1d,0d",
        "2026-01-05 09:00",
        ["0d!2026-01-05 09:00"],
        ["7d", "3d", "1d"],
        False,
        CAL,
    ),
    # Date-only, due today, planned at 09:00: the practical deadline is 17:30.
    (
        "due today, date only",
        "2026-01-05",
        "7d,3d,1d,0d",
        "2026-01-05 09:00",
        ["0d!2026-01-05 09:00"],
        ["7d", "3d", "1d"],
        False,
        CAL,
    ),
    # Planned before the opening with only passed offsets: one reminder at the opening.
    (
        "one reminder at the opening",
        "2026-01-05 15:00",
        "7d",
        "2026-01-05 06:00",
        ["7d@2026-01-05 07:30"],
        [],
        False,
        CAL,
    ),
    # Planned on Saturday for Monday 08:00: 1d (Friday 17:30) has passed.
    (
        "1d passed over the weekend",
        "2026-01-12 08:00",
        "1d,0d",
        "2026-01-10 10:00",
        ["0d!2026-01-12 07:30"],
        ["1d"],
        False,
        CAL,
    ),
    # No office moment is left before the deadline: nothing.
    ("too late, evening", "2026-01-05 23:00", "0d", "2026-01-05 18:00", [], ["0d"], False, CAL),
    ("too late, date only", "2026-01-05", "0d", "2026-01-05 17:31", [], ["0d"], False, CAL),
    (
        "deadline passed",
        "2026-01-05 10:00",
        "1d,0d",
        "2026-01-05 11:00",
        [],
        ["1d", "0d"],
        False,
        CAL,
    ),
    # Planned from the Tết break for a deadline right after it.
    (
        "planned during Tet",
        "2027-02-11 10:00",
        "7d,3d,1d,0d",
        "2027-02-06 09:00",
        ["0d!2027-02-11 07:30"],
        ["7d", "3d", "1d"],
        False,
        CAL,
    ),
]


def _shown(plan) -> list[str]:
    return [
        f"{p.offset.text()}{'!' if p.kind == 'due' else '@'}{local(p.at)}" for p in plan.reminders
    ]


@pytest.mark.parametrize(
    ("deadline", "plan", "now", "reminders", "skipped", "day_off", "cal"),
    [row[1:] for row in PLANS],
    ids=[row[0] for row in PLANS],
)
def test_plan_reminders(
    deadline: str,
    plan: str,
    now: str,
    reminders: list[str],
    skipped: list[str],
    day_off: bool,
    cal: WorkCalendar,
) -> None:
    result = plan_reminders(due(deadline), parse_plan(plan), at(now), cal)
    assert _shown(result) == reminders
    assert [o.text() for o in result.skipped] == skipped
    assert result.due_on_day_off is day_off
    times = [p.at for p in result.reminders]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert all(p.at.tzinfo is UTC for p in result.reminders)
    for p in result.reminders:
        # Never after the deadline, always inside office hours on a working day.
        assert cal.last_office_moment(p.at) == p.at
        assert p.at <= due(deadline).at(VN)
        assert p.kind == ("due" if p.offset.amount == 0 else "before")


def test_plan_reminders_takes_any_aware_now_and_an_unsorted_plan() -> None:
    now_utc = at("2026-01-05 09:00").astimezone(UTC)
    offsets = [Offset(0, "d"), Offset(7, "d"), Offset(1, "d"), Offset(7, "d"), Offset(3, "d")]
    a = plan_reminders(due("2026-01-16"), offsets, now_utc, CAL)
    b = plan_reminders(due("2026-01-16"), DEFAULT_PLAN, at("2026-01-05 09:00"), CAL)
    assert a == b
    assert a.reminders[0].at == datetime(2026, 1, 9, 0, 30, tzinfo=UTC)


def test_plan_reminders_refuses_a_naive_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        plan_reminders(due("2026-01-16"), DEFAULT_PLAN, datetime(2026, 1, 5, 9), CAL)


def test_an_empty_plan_gives_no_reminder() -> None:
    result = plan_reminders(due("2026-01-05 15:00"), (), at("2026-01-05 09:00"), CAL)
    assert result.reminders == () and result.skipped == ()


# --- overdue notices ----------------------------------------------------------------------

FIRST_OVERDUE = [
    ("date-only Friday", "2026-01-09", CAL, "2026-01-12 07:30"),
    ("timed Friday 11:00", "2026-01-09 11:00", CAL, "2026-01-12 07:30"),
    ("timed Monday 07:00", "2026-01-05 07:00", CAL, "2026-01-05 07:30"),
    ("timed at the opening", "2026-01-05 07:30", CAL, "2026-01-06 07:30"),
    ("timed Monday 16:00", "2026-01-05 16:00", CAL, "2026-01-06 07:30"),
    ("before Tet 2027", "2027-02-03", CAL, "2027-02-11 07:30"),
    ("before 30/4-1/5 2026", "2026-04-29", CAL, "2026-05-04 07:30"),
    ("before Gio To 2026", "2026-04-24", CAL, "2026-04-28 07:30"),
    ("into a make-up Saturday", "2025-04-25", CAL, "2025-04-26 07:30"),
    ("over an admin day off", "2026-01-08", calendar(off=("2026-01-09",)), "2026-01-12 07:30"),
    ("on a day off", "2026-01-10", CAL, "2026-01-12 07:30"),
]


@pytest.mark.parametrize(
    ("deadline", "cal", "expected"),
    [row[1:] for row in FIRST_OVERDUE],
    ids=[row[0] for row in FIRST_OVERDUE],
)
def test_first_overdue(deadline: str, cal: WorkCalendar, expected: str) -> None:
    found = first_overdue(due(deadline), cal)
    assert found.tzinfo is UTC
    assert local(found) == expected


NEXT_OVERDUE = [
    ("Friday to Monday", "2026-01-09 07:30", CAL, "2026-01-12 07:30"),
    ("sent late on Friday", "2026-01-09 10:00", CAL, "2026-01-12 07:30"),
    ("a minute before the opening", "2026-01-05 07:29", CAL, "2026-01-05 07:30"),
    ("at the opening", "2026-01-05 07:30", CAL, "2026-01-06 07:30"),
    ("over Tet 2027", "2027-02-03 07:30", CAL, "2027-02-11 07:30"),
    ("missed over Tet, sent on return", "2027-02-11 09:15", CAL, "2027-02-12 07:30"),
    ("over 30/4-1/5 2026", "2026-04-29 07:30", CAL, "2026-05-04 07:30"),
    ("into a make-up Saturday", "2025-04-25 07:30", CAL, "2025-04-26 07:30"),
    (
        "over an admin day off",
        "2026-01-08 18:00",
        calendar(off=("2026-01-09",)),
        "2026-01-12 07:30",
    ),
    (
        "into an admin make-up day",
        "2026-01-09 07:30",
        calendar(work=("2026-01-10",)),
        "2026-01-10 07:30",
    ),
    ("over a New Year observed", "2027-12-31 07:30", CAL, "2028-01-04 07:30"),
]


@pytest.mark.parametrize(
    ("after", "cal", "expected"),
    [row[1:] for row in NEXT_OVERDUE],
    ids=[row[0] for row in NEXT_OVERDUE],
)
def test_next_overdue(after: str, cal: WorkCalendar, expected: str) -> None:
    found = next_overdue(at(after), cal)
    assert found.tzinfo is UTC
    assert local(found) == expected


def test_next_overdue_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError):
        next_overdue(datetime(2026, 1, 9, 7, 30), CAL)


# --- parse_plan ---------------------------------------------------------------------------

GOOD_PLANS = [
    ("7d,3d,1d,0d", "7d,3d,1d,0d"),
    ("0d, 1d, 7d, 3d", "7d,3d,1d,0d"),
    ("7d 3d;1d", "7d,3d,1d"),
    ("7 ngày, 3 ngày", "7d,3d"),
    ("7 NGÀY; 1 ngay", "7d,1d"),
    ("2 giờ", "2h"),
    ("2 tiếng, 30 phút", "2h,30m"),
    ("90 phút", "90m"),
    ("90p", "90m"),
    ("1m", "1m"),
    ("1d,1d,1 ngày", "1d"),
    ("24h,1d", "1d,24h"),
    ("60d,72h,1440m", "60d,72h,1440m"),
    ("3 days, 1 day, 2 hours, 15 min", "3d,1d,2h,15m"),
    ("10d,9d,8d,7d,6d,5d,4d,3d,2d,1d", "10d,9d,8d,7d,6d,5d,4d,3d,2d,1d"),
]


@pytest.mark.parametrize(("text", "expected"), GOOD_PLANS)
def test_parse_plan(text: str, expected: str) -> None:
    assert ",".join(o.text() for o in parse_plan(text)) == expected


BAD_PLANS = [
    ("", "empty", ""),
    (" , ; ", "empty", ""),
    ("7", "unreadable", "7"),
    ("7d,3x", "unreadable", "3x"),
    ("d7", "unreadable", "d7"),
    ("-1d", "unreadable", "-1d"),
    ("1.5h", "unreadable", "1.5h"),
    ("7 tuần", "unreadable", "7 tuần"),
    ("61d", "too_large", "61d"),
    ("73 giờ", "too_large", "73 giờ"),
    ("1441m", "too_large", "1441m"),
    ("0h", "zero", "0h"),
    ("1d, 0 phút", "zero", "0 phút"),
    ("11d,10d,9d,8d,7d,6d,5d,4d,3d,2d,1d", "too_many", "11"),
]


@pytest.mark.parametrize(("text", "kind", "piece"), BAD_PLANS)
def test_parse_plan_refuses(text: str, kind: str, piece: str) -> None:
    with pytest.raises(PlanError) as caught:
        parse_plan(text)
    assert (caught.value.kind, caught.value.piece, caught.value.text) == (kind, piece, text)
    assert isinstance(caught.value, ValueError)


def test_default_plan() -> None:
    assert [o.text() for o in DEFAULT_PLAN] == ["7d", "3d", "1d", "0d"]


@pytest.mark.parametrize(("amount", "unit"), [(61, "d"), (0, "h"), (-1, "d"), (1, "w")])
def test_offset_refuses_out_of_range(amount: int, unit: str) -> None:
    with pytest.raises(ValueError):
        Offset(amount, unit)


# --- the calendar -------------------------------------------------------------------------

IS_WORKDAY = [
    ("ordinary Monday", "2026-01-05", CAL, True),
    ("Saturday", "2026-01-10", CAL, False),
    ("New Year", "2026-01-01", CAL, False),
    ("29 Tết 2027", "2027-02-04", CAL, False),
    ("mùng 5 Tết 2027", "2027-02-10", CAL, False),
    ("after Tết 2027", "2027-02-11", CAL, True),
    ("Giỗ Tổ observed 2026", "2026-04-27", CAL, False),
    ("official make-up Saturday 2025", "2025-04-26", CAL, True),
    ("official swapped day off 2025", "2025-05-02", CAL, False),
    ("official make-up Saturday 2026", "2026-08-22", CAL, True),
    ("Ngày Văn hóa 2026", "2026-11-24", CAL, False),
    ("New Year observed 2028", "2028-01-03", CAL, False),
    ("make-up day across New Year", "2014-12-27", CAL, True),
    ("admin day off", "2026-01-09", calendar(off=("2026-01-09",)), False),
    ("admin work day", "2026-01-10", calendar(work=("2026-01-10",)), True),
    ("admin work day over Tết", "2027-02-04", calendar(work=("2027-02-04",)), True),
    ("admin day off over a make-up day", "2025-04-26", calendar(off=("2025-04-26",)), False),
    (
        "admin work day over admin day off",
        "2026-01-09",
        calendar(off=("2026-01-09",), work=("2026-01-09",)),
        True,
    ),
    ("Saturday in a mon-sat week", "2026-01-10", calendar(workdays="mon-sat"), True),
    ("holiday in a mon-sat week", "2026-01-01", calendar(workdays="mon-sat"), False),
]


@pytest.mark.parametrize(
    ("day", "cal", "expected"),
    [row[1:] for row in IS_WORKDAY],
    ids=[row[0] for row in IS_WORKDAY],
)
def test_is_workday(day: str, cal: WorkCalendar, expected: bool) -> None:
    assert cal.is_workday(date.fromisoformat(day)) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2027-02-04", "29 Tết"),
        ("2027-02-06", "Tết Nguyên Đán"),
        ("2026-11-24", "Ngày Văn hóa Việt Nam"),
        ("2026-01-05", None),
        ("2025-04-26", None),
    ],
)
def test_holiday_name(day: str, expected: str | None) -> None:
    assert CAL.holiday_name(date.fromisoformat(day)) == expected


LAST_OFFICE_MOMENT = [
    ("inside", "2026-01-05 10:00", "2026-01-05 10:00"),
    ("at the opening", "2026-01-05 07:30", "2026-01-05 07:30"),
    ("at the closing", "2026-01-05 17:30", "2026-01-05 17:30"),
    ("after the closing", "2026-01-05 17:31", "2026-01-05 17:30"),
    ("before the opening", "2026-01-06 07:29", "2026-01-05 17:30"),
    ("Monday morning", "2026-01-12 06:00", "2026-01-09 17:30"),
    ("Sunday", "2026-01-11 10:00", "2026-01-09 17:30"),
    ("in Tết 2027", "2027-02-08 10:00", "2027-02-03 17:30"),
    ("make-up Saturday 2025", "2025-04-26 20:00", "2025-04-26 17:30"),
]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [row[1:] for row in LAST_OFFICE_MOMENT],
    ids=[row[0] for row in LAST_OFFICE_MOMENT],
)
def test_last_office_moment(moment: str, expected: str) -> None:
    found = CAL.last_office_moment(at(moment))
    assert local(found) == expected
    assert found.tzinfo == VN


def test_last_office_moment_keeps_the_instant_and_refuses_naive() -> None:
    inside = datetime(2026, 1, 5, 3, 0, 12, 345, tzinfo=UTC)  # 10:00:12 in Hà Nội
    assert CAL.last_office_moment(inside) == inside
    with pytest.raises(ValueError, match="naive"):
        CAL.last_office_moment(datetime(2026, 1, 5, 10))
    with pytest.raises(ValueError, match="naive"):
        CAL.next_opening(datetime(2026, 1, 5, 10))


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("2026-01-05 07:00", "2026-01-05 07:30"),
        ("2026-01-05 07:30", "2026-01-06 07:30"),
        ("2026-01-09 12:00", "2026-01-12 07:30"),
        ("2027-02-03 18:00", "2027-02-11 07:30"),
    ],
)
def test_next_opening(after: str, expected: str) -> None:
    assert local(CAL.next_opening(at(after))) == expected


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        ("2026-01-05", 0, "2026-01-05"),
        ("2026-01-10", 0, "2026-01-10"),
        ("2026-01-09", 1, "2026-01-12"),
        ("2026-01-12", -1, "2026-01-09"),
        ("2026-01-05", 5, "2026-01-12"),
        ("2027-02-03", 1, "2027-02-11"),
        ("2027-02-11", -1, "2027-02-03"),
        ("2025-04-25", 1, "2025-04-26"),
        ("2026-04-29", 2, "2026-05-05"),
    ],
)
def test_add_workdays(day: str, n: int, expected: str) -> None:
    assert CAL.add_workdays(date.fromisoformat(day), n) == date.fromisoformat(expected)


def test_a_calendar_needs_a_working_weekday() -> None:
    with pytest.raises(ValueError):
        WorkCalendar(VN, OfficeHours(), frozenset())
    with pytest.raises(ValueError):
        WorkCalendar(VN, OfficeHours(), frozenset({7}))
    with pytest.raises(ValueError):
        OfficeHours(time(17, 30), time(7, 30))


# --- settings readers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("07:30-17:30", time(7, 30), time(17, 30)),
        ("7:30 - 17:30", time(7, 30), time(17, 30)),
        ("7h30-17h30", time(7, 30), time(17, 30)),
        ("08:00–17:00", time(8), time(17)),
        ("8h-17h", time(8), time(17)),
    ],
)
def test_parse_office_hours(text: str, start: time, end: time) -> None:
    assert parse_office_hours(text) == OfficeHours(start, end)


@pytest.mark.parametrize(
    ("text", "kind", "piece"),
    [
        ("", "unreadable", ""),
        ("07:30", "unreadable", ""),
        ("17:30-07:30", "reversed", ""),
        ("08:00-08:00", "reversed", ""),
        ("25:00-26:00", "not_a_time", "25:00"),
        ("07:61-17:00", "not_a_time", "07:61"),
        ("8h-24h", "not_a_time", "24:00"),
        ("abc", "unreadable", ""),
        ("7:-17:", "unreadable", ""),
    ],
)
def test_parse_office_hours_refuses(text: str, kind: str, piece: str) -> None:
    with pytest.raises(CalendarError) as caught:
        parse_office_hours(text)
    assert (caught.value.kind, caught.value.piece, caught.value.text) == (kind, piece, text)
    assert isinstance(caught.value, ValueError)


def test_parse_time_of_day() -> None:
    assert parse_time_of_day(" 7:05 ") == time(7, 5)


@pytest.mark.parametrize(
    ("text", "kind", "piece"),
    [
        ("7h30", "unreadable", ""),
        ("", "unreadable", ""),
        ("24:00", "not_a_time", "24:00"),
        ("07:60", "not_a_time", "07:60"),
    ],
)
def test_parse_time_of_day_refuses(text: str, kind: str, piece: str) -> None:
    with pytest.raises(CalendarError) as caught:
        parse_time_of_day(text)
    assert (caught.value.kind, caught.value.piece) == (kind, piece)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon-fri", {0, 1, 2, 3, 4}),
        ("t2-t6", {0, 1, 2, 3, 4}),
        ("T2 - T7", {0, 1, 2, 3, 4, 5}),
        ("Thứ 2 - Thứ 6", {0, 1, 2, 3, 4}),
        ("0,1,2,3,4", {0, 1, 2, 3, 4}),
        ("mon,tue,wed,thu,fri,sat", {0, 1, 2, 3, 4, 5}),
        ("Monday-Friday", {0, 1, 2, 3, 4}),
        ("t2-cn", {0, 1, 2, 3, 4, 5, 6}),
        ("mon-wed, fri", {0, 1, 2, 4}),
        ("sun", {6}),
    ],
)
def test_parse_workdays(text: str, expected: set[int]) -> None:
    assert parse_workdays(text) == frozenset(expected)


@pytest.mark.parametrize(
    ("text", "kind", "piece"),
    [
        ("", "empty", ""),
        (" , ;", "empty", ""),
        ("fri-mon", "backwards", "fri-mon"),
        ("Thứ 6 - Thứ 2", "backwards", "t6-t2"),
        ("mon-", "unreadable", "mon-"),
        ("mon--fri", "unreadable", "mon--fri"),
        ("7", "unknown_weekday", "7"),
        ("t8", "unknown_weekday", "t8"),
        ("mon,XYZ", "unknown_weekday", "xyz"),
    ],
)
def test_parse_workdays_refuses(text: str, kind: str, piece: str) -> None:
    with pytest.raises(CalendarError) as caught:
        parse_workdays(text)
    assert (caught.value.kind, caught.value.piece, caught.value.text) == (kind, piece, text)
