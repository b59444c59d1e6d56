"""Reminders end to end in the core: planned as outbox rows when an assignment is made or
changed, sent by the sending loop at the time the test's clock says, each once."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, select, update

from bot.commands import COMMANDS
from bot.conversation.core import Bot
from bot.conversation.reminder_content import ReminderContent
from bot.settings import Settings
from messages import Renderer
from scheduler.outbox import OutboxStore
from scheduler.outbox.owners import STALE
from scheduler.service import plan_digests
from storage.db import make_engine, make_session_factory, transaction
from storage.models import OutboxMessage, OutboxSender
from storage.models import outbox as ob
from tests.support.clock import VN, FakeClock
from tests.support.harness import Harness
from tests.support.outbox import Outbox
from tests.world import build, join


@pytest.fixture
def outbox(bot: Bot, renderer: Renderer) -> Outbox:
    return Outbox(bot, renderer)


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN)


def planned(h: Harness, chat: str = "lan") -> list[tuple[str, str | None, str, str]]:
    """(kind, offset, local time, state) of CHAT's reminder rows, in time order."""
    with h.sessions() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.chat_id == chat, OutboxMessage.kind.in_(ob.REMINDER_KINDS))
            .order_by(OutboxMessage.due_at, OutboxMessage.id)
        )
        return [
            (r.kind, r.offset, r.due_at.astimezone(VN).strftime("%a %d/%m %H:%M"), r.state)
            for r in rows
        ]


def test_the_default_plan_around_a_weekend(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Lập kế hoạch | 20/01/2026")  # a Tuesday
    assert planned(h) == [
        ("before", "7d", "Tue 13/01 07:30", "pending"),
        ("before", "3d", "Fri 16/01 17:30", "pending"),  # Saturday moves to Friday's close
        ("before", "1d", "Mon 19/01 07:30", "pending"),
        ("due", "0d", "Tue 20/01 07:30", "pending"),
        ("overdue", None, "Wed 21/01 07:30", "pending"),
    ]
    # Only the lead unit hears: minh (STTTT) has nothing planned.
    assert planned(h, "minh") == []


def test_each_reminder_goes_once_at_its_time(h: Harness, clock: FakeClock, outbox: Outbox) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Lập kế hoạch | 20/01/2026")
    clock.set_local("2026-01-13T07:29")
    assert outbox.run() == []
    clock.set_local("2026-01-13T07:30")
    sent = outbox.run()
    assert [(s.to, s.template) for s in sent] == [("lan", "reminder_before")]
    assert sent[0].text.startswith("Nhắc hạn #1: còn 7 ngày")
    assert sent[0].text.endswith("[Báo cáo: /baocao 1] [Xong: /xong 1]") or "Trả lời tin này" in (
        sent[0].text
    )
    assert outbox.run() == []  # sent means sent: never twice
    assert planned(h)[0][3] == "sent"


def test_a_reply_to_a_reminder_is_a_report_on_its_assignment(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    from messages.neutral import Incoming

    build(h)
    h.reply("admin", "/giao SKHCN | Việc A | 20/01/2026")
    h.reply("admin", "/giao SKHCN | Việc B | 22/01/2026")
    clock.set_local("2026-01-13T07:30")
    (sent,) = outbox.run()
    assert sent.assignment_ids == (1,)
    h.reply("lan", "/nhiemvu 2")  # the chat's focus moves to #2
    replies = h.handle(
        Incoming("console", "lan", "lan", "lan", "Đang làm, 50%", reply_to=sent.message_id)
    )
    assert replies[0].template == "report_recorded" and replies[0].values["a"]["id"] == 1


def test_closing_or_redating_rewrites_the_rows(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Việc A | 20/01/2026")
    h.reply("admin", "/sua 1 han 27/01/2026")
    assert [p[2] for p in planned(h)] == [
        "Tue 20/01 07:30",
        "Fri 23/01 17:30",
        "Mon 26/01 07:30",
        "Tue 27/01 07:30",
        "Wed 28/01 07:30",
    ]
    h.reply("lan", "/xong 1")
    assert planned(h) == []
    clock.set_local("2026-01-28T08:00")
    assert outbox.run() == []


def test_reminders_due_while_the_bot_was_down_go_once_marked_late(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Việc A | 20/01/2026")
    clock.set_local("2026-01-19T10:00")  # down since the 12th: 7d, 3d and 1d all due
    sent = outbox.run()
    assert len(sent) == 1 and "#1: còn 1 ngày" in sent[0].text
    assert "gửi muộn" in sent[0].text
    states = [(p[1], p[3]) for p in planned(h)]
    assert states[:3] == [("7d", "skipped"), ("3d", "skipped"), ("1d", "sent")]
    assert outbox.run() == []


def test_overdue_notices_every_working_day_and_once_after_an_outage(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Việc A | 16/01/2026")  # a Friday
    clock.set_local("2026-01-16T07:30")
    assert [s.template for s in outbox.run()] == ["reminder_due"]
    clock.set_local("2026-01-19T07:30")  # Monday, the first working day after
    (notice,) = outbox.run()
    assert notice.template == "reminder_overdue" and "Quá hạn 3 ngày" in notice.text
    # The bot is down Tuesday to Thursday: one notice on Friday, not three.
    clock.set_local("2026-01-23T09:00")
    assert [s.template for s in outbox.run()] == ["reminder_overdue"]
    assert [p[2] for p in planned(h) if p[0] == "overdue" and p[3] == "pending"] == [
        "Mon 26/01 07:30"
    ]


def _dead_process(bot: Bot, owner: str = "dead") -> OutboxStore:
    store = OutboxStore(
        bot.sessions,
        bot.clock,
        ["console"],
        bot.admin_notices,
        ReminderContent(bot.settings),
        planner=bot.planner,
    )
    store.owner = owner
    store.register()
    return store


def test_a_crash_on_this_machine_is_taken_over_at_the_restart(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Việc A | 20/01/2026")
    clock.set_local("2026-01-13T07:30")
    dead = _dead_process(h.bot)
    assert len(dead.claim(10)) == 1  # claimed ... and the process dies
    # Its pid is this one's (a restart that got the same pid, as in a container): the
    # new process takes its claims over at once, without waiting for any lease.
    sent = outbox.run()
    assert [s.template for s in sent] == ["reminder_before"]  # once more, not lost
    assert outbox.run() == []
    assert h.count(OutboxSender, OutboxSender.id == "dead") == 0


def test_a_process_silent_elsewhere_is_taken_over_after_the_stale_time(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Việc A | 20/01/2026")
    clock.set_local("2026-01-13T07:30")
    dead = _dead_process(h.bot)
    with transaction(h.sessions) as session:  # it ran on another machine
        session.execute(update(OutboxSender).values(host="elsewhere/1"))
    assert len(dead.claim(10)) == 1
    assert outbox.run() == []  # it may be alive: its claim is not taken
    clock.advance(seconds=STALE.total_seconds() - 1)
    dead.beat()  # alive after all: it renews its row
    clock.advance(seconds=STALE.total_seconds() - 1)
    assert outbox.run() == []
    clock.advance(seconds=2)  # silent for longer than STALE: dead
    assert [s.template for s in outbox.run()] == ["reminder_before"]
    assert outbox.run() == []


def test_an_unreachable_recipient_does_not_block_the_others(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    build(h)
    join(h, "nam", "SKHCN")
    h.reply("admin", "/giao SKHCN | Việc A | 20/01/2026")
    outbox.sender.unreachable.add("lan")
    clock.set_local("2026-01-13T07:30")
    sent = outbox.run()
    assert sorted(s.to for s in sent) == ["admin", "nam"]
    warning = next(s for s in sent if s.to == "admin")
    assert warning.template == "chat_unreachable"
    assert planned(h)[0][3] == "unreachable"
    # Unreachable people are left out of new plans; the admins are not told again.
    clock.set_local("2026-01-16T17:30")
    assert [s.to for s in outbox.run()] == ["nam"]
    # lan writes again: she is reachable, and her reminders are back in the plan.
    h.reply("lan", "/nhiemvu")
    assert [p[1] for p in planned(h) if p[3] == "pending"] == ["1d", "0d", None]
    outbox.sender.unreachable.discard("lan")
    clock.set_local("2026-01-19T07:30")
    assert sorted(s.to for s in outbox.run()) == ["lan", "nam"]


def test_a_reminder_that_keeps_failing_is_marked_failed_and_reported(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Việc A | 20/01/2026")
    outbox.sender.failing["lan"] = 10
    clock.set_local("2026-01-13T07:30")
    sent = outbox.run()
    assert [(s.to, s.template) for s in sent] == [("admin", "reminder_failed")]
    assert outbox.sleeps == [1.0, 2.0]  # backoff between the three attempts
    assert planned(h)[0][3] == "failed"


def test_the_most_urgent_go_first(h: Harness, clock: FakeClock, outbox: Outbox) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Xa | 30/01/2026")
    h.reply("admin", "/giao SKHCN | Gần | 14/01/2026")
    h.reply("admin", "/giao SKHCN | Giữa | 22/01/2026")
    clock.set_local("2026-01-23T08:00")  # after an outage: something due for each
    sent = outbox.run()
    assert [s.assignment_ids[0] for s in sent] == [2, 3, 1]  # the nearest deadline first
    assert [s.template for s in sent] == ["reminder_overdue", "reminder_overdue", "reminder_before"]


def test_a_short_deadline_is_accepted_with_a_note(h: Harness, outbox: Outbox) -> None:
    build(h)
    text = h.reply("admin", "/giao SKHCN | Họp | ngày mai")  # Tuesday 06/01
    # Monday 09:00: 7d, 3d and even 1d (Monday 07:30) have passed; the morning of the
    # due day is still to come.
    assert "không còn kịp nhắc 7 ngày trước hạn, 3 ngày trước hạn, 1 ngày trước hạn" in text
    assert [p[1] for p in planned(h)] == ["0d", None]


def test_a_deadline_on_a_day_off_is_accepted_with_a_note(h: Harness) -> None:
    build(h)
    text = h.reply("admin", "/giao SKHCN | Tổng kết | 17/02/2026")  # Tết 2026
    assert "hạn rơi vào ngày nghỉ (Thứ Ba, 17/02/2026" in text
    # Every reminder lands before Tết: the last working moment is Friday 13/02 17:30.
    assert [p[2] for p in planned(h) if p[0] != "overdue"][-1] == "Fri 13/02 17:30"


def test_a_new_member_gets_the_units_pending_reminders(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Việc A | 20/01/2026")
    join(h, "nam", "SKHCN")
    assert len(planned(h, "nam")) == 5
    h.reply("admin", "/thanhvien xoa SKHCN 5")
    assert planned(h, "nam") == []


def test_plans_per_unit_and_per_assignment(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Việc A | 20/01/2026")
    assert "5 ngày trước hạn; 1 ngày trước hạn" in h.reply("admin", "/nhacnho SKHCN 5d,1d")
    assert [p[1] for p in planned(h)] == ["5d", "1d", None]
    h.reply("admin", "/nhacnho 1 2h")
    assert [(p[1], p[2]) for p in planned(h)] == [
        ("2h", "Tue 20/01 15:30"),
        (None, "Wed 21/01 07:30"),
    ]
    assert "mặc định" in h.reply("admin", "/nhacnho 1 xoa")
    assert [p[1] for p in planned(h)] == ["5d", "1d", None]
    assert "không hợp lệ" in h.reply("admin", "/nhacnho SKHCN 5x")


def test_a_swapped_day_off_moves_the_reminders(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Việc A | 20/01/2026")
    assert "Đã thêm ngày nghỉ Thứ Hai, 19/01/2026" in h.reply(
        "admin", "/lich nghi 19/01/2026 Nghỉ bù"
    )
    # 1d (Monday, off now) moves to Friday's close, where 3d already was: one reminder.
    assert [(p[1], p[2]) for p in planned(h)][:3] == [
        ("7d", "Tue 13/01 07:30"),
        ("1d", "Fri 16/01 17:30"),
        ("0d", "Tue 20/01 07:30"),
    ]
    assert "Thứ Hai, 19/01/2026: nghỉ — Nghỉ bù" in h.reply("admin", "/lich")
    h.reply("admin", "/lich xoa 19/01/2026")
    assert [p[2] for p in planned(h)][2] == "Mon 19/01 07:30"  # back as it was


def test_committee_digests_once_a_day(h: Harness, clock: FakeClock, outbox: Outbox) -> None:
    from messages.neutral import Incoming

    build(h)
    h.handle(Incoming("console", "grp", "admin", "admin", "/ketnoi", is_group=True))
    h.reply("admin", "/giao SKHCN | Việc A | 06/01/2026")
    clock.set_local("2026-01-07T07:30")  # Wednesday: #1 is overdue
    with transaction(h.sessions) as session:
        assert plan_digests(session, clock(), h.bot.planner) == 1
    with transaction(h.sessions) as session:
        assert plan_digests(session, clock(), h.bot.planner) == 0  # once per day, whoever plans it
    sent = [s for s in outbox.run() if s.to == "grp"]
    assert [s.template for s in sent] == ["digest_overdue"]
    assert "#1 · SKHCN · Việc A" in sent[0].text
    clock.set_local("2026-01-12T07:30")  # Monday: the summary by unit as well
    with transaction(h.sessions) as session:
        assert plan_digests(session, clock(), h.bot.planner) == 2
    assert sorted(s.template for s in outbox.run() if s.to == "grp") == [
        "digest_overdue",
        "digest_weekly",
    ]
    clock.set_local("2026-01-10T07:30")  # a Saturday: nothing
    with transaction(h.sessions) as session:
        assert plan_digests(session, clock(), h.bot.planner) == 0


def test_a_recurring_duty_has_one_occurrence_at_a_time(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    from bot.services.series import ensure_occurrences

    build(h)
    text = h.reply("admin", "/giao SKHCN | Báo cáo tiến độ tháng | ngày 31 hằng tháng")
    assert "Hạn: Thứ Bảy, 31/01/2026" in text
    with transaction(h.sessions) as session:
        assert (
            ensure_occurrences(session, clock(), h.bot.planner) == 0
        )  # the next one is still ahead
    clock.set_local("2026-02-01T00:05")
    with transaction(h.sessions) as session:
        assert ensure_occurrences(session, clock(), h.bot.planner) == 1
    listing = h.reply("lan", "/nhiemvu")
    assert "Hạn: Thứ Bảy, 28/02/2026" in listing  # February has no 31st
    assert "Hạn: Thứ Bảy, 31/01/2026 (quá hạn 1 ngày)" in listing  # the late one stays


def test_an_unsupported_recurrence_is_refused(h: Harness) -> None:
    build(h)
    assert "Chưa theo dõi được lịch lặp" in h.reply("admin", "/giao SKHCN | Kiểm kê | hằng năm")


def test_time_offsets_for_trials(h: Harness) -> None:
    build(h)
    h.reply("admin", "/nhacnho mac-dinh 1m")
    h.reply("admin", "/giao SKHCN | Thử | 10h hôm nay")
    assert [(p[1], p[2]) for p in planned(h)] == [
        ("1m", "Mon 05/01 09:59"),
        (None, "Tue 06/01 07:30"),  # overdue notices come at the next opening
    ]


def test_two_processes_never_claim_the_same_row(
    db_url: str, settings: Settings, clock: FakeClock
) -> None:
    """Two processes (two engines, two threads) claiming from 1,000 due rows."""
    engines = [make_engine(db_url) for _ in range(2)]
    try:
        factories = [make_session_factory(e) for e in engines]
        with transaction(factories[0]) as session:
            session.execute(
                insert(OutboxMessage),
                [
                    {
                        "kind": ob.DIGEST_OVERDUE if i % 2 else ob.MESSAGE,
                        "priority": ob.PLANNED if i % 2 else ob.URGENT,
                        "template": None if i % 2 else "internal_error",
                        "body": None if i % 2 else {},
                        "channel": "console",
                        "chat_id": f"c{i}",
                        "due_at": clock() - timedelta(minutes=1),
                        "rank_at": clock() - timedelta(minutes=1),
                        "state": ob.PENDING,
                        "attempts": 0,
                        "late": False,
                        "ask": False,
                    }
                    for i in range(1000)
                ],
            )
        stores = [
            OutboxStore(
                f,
                clock,
                ["console"],
                Bot(f, settings, clock, commands=COMMANDS).admin_notices,
                ReminderContent(settings),
                owner=f"p{n}",
                planner=settings.planner(),
            )
            for n, f in enumerate(factories)
        ]
        claimed: list[list[int]] = [[], []]

        def work(n: int) -> None:
            while jobs := stores[n].claim(37):
                claimed[n].extend(j.id for j in jobs)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not set(claimed[0]) & set(claimed[1])
        assert len(claimed[0]) + len(claimed[1]) == 1000
        if db_url.startswith("postgresql"):  # SQLite serialises claims: one may take all
            assert claimed[0] and claimed[1]  # both did take a share, at the same time
    finally:
        for e in engines:
            e.dispose()
