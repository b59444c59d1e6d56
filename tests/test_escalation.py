"""A task that stays late climbs to the lead unit's head, by name, once.

The world (tests/world.py): SKHCN leads #1 (lan), due Tuesday 10/02/2026; tuan joins SKHCN
and is made its head; the clock starts Monday 05/01/2026, 9h. The third working day late
the head is told, with the task's card and its đầu mối; weekends and Tết do not count.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.conversation.core import Bot
from messages import Renderer
from storage.models import Assignment, OutboxMessage
from storage.models import outbox as ob
from tests.support.clock import VN, FakeClock
from tests.support.harness import Harness
from tests.support.outbox import Outbox
from tests.world import build_world, join

LAN, TUAN = 2, 5


@pytest.fixture
def outbox(bot: Bot, renderer: Renderer) -> Outbox:
    return Outbox(bot, renderer)


def escalations(h: Harness) -> list[tuple[int, str, str, str]]:
    """(task, chat, local time, state) of the escalation rows."""
    with h.sessions() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.kind == ob.ESCALATION)
            .order_by(OutboxMessage.assignment_id, OutboxMessage.id)
        )
        return [
            (
                r.assignment_id or 0,
                r.chat_id,
                r.due_at.astimezone(VN).strftime("%a %d/%m %H:%M"),
                r.state,
            )
            for r in rows
        ]


def with_a_head(h: Harness) -> None:
    build_world(h)
    join(h, "tuan", "SKHCN")
    h.reply("admin", f"/lanhdao SKHCN {TUAN}")


def test_the_head_is_told_on_the_third_working_day_late(h: Harness) -> None:
    with_a_head(h)
    h.reply("admin", f"/phancong 1 {LAN}")
    # Due Tuesday 10/02: late Wednesday (1), Thursday (2), Friday (3).
    assert escalations(h) == [(1, "tuan", "Fri 13/02 07:30", "pending")]


def test_weekends_and_tet_do_not_count(h: Harness) -> None:
    with_a_head(h)
    h.reply("admin", "/sua 1 han 12/02/2026")  # Thursday; Tết is Monday 16 to Friday 20
    h.reply("admin", f"/phancong 1 {LAN}")
    # Late Friday 13/02 (1), then Tết, Monday 23/02 (2), Tuesday 24/02 (3).
    assert escalations(h) == [(1, "tuan", "Tue 24/02 07:30", "pending")]


def test_it_goes_once_and_a_replan_does_not_send_it_again(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    with_a_head(h)
    h.reply("admin", f"/phancong 1 {LAN}")
    outbox.run()  # the notices of the set-up
    clock.set_local("2026-02-13T07:31")
    sent = [s for s in outbox.run() if s.template == "reminder_escalated"]
    assert [(s.to, s.assignment_ids) for s in sent] == [("tuan", (1,))]
    assert "Báo lãnh đạo đơn vị: #1 quá hạn 3 ngày" in sent[0].text
    assert "đôn đốc đầu mối (lan)" in sent[0].text
    with h.sessions() as session:
        assert session.scalar(select(Assignment.escalated_at).where(Assignment.id == 1))
    assert "Đã sửa" in h.reply("admin", "/sua 1 noidung Xây dựng kế hoạch (bản sửa)")
    assert "Đã phân công tuan" in h.reply("admin", f"/phancong 1 {TUAN}")
    assert "Đã phân công lan" in h.reply("admin", f"/phancong 1 {LAN}")  # each replans
    assert [e for e in escalations(h) if e[3] == "pending"] == []
    clock.set_local("2026-02-20T08:00")
    assert [s for s in outbox.run() if s.template == "reminder_escalated"] == []


def test_a_new_deadline_starts_the_ladder_again(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    with_a_head(h)
    h.reply("admin", f"/phancong 1 {LAN}")
    clock.set_local("2026-02-13T07:31")
    outbox.run()
    h.reply("admin", "/sua 1 han 06/03/2026")  # Friday
    assert escalations(h)[-1] == (1, "tuan", "Wed 11/03 07:30", "pending")


def test_nobody_hears_twice_a_day_of_one_late_task(h: Harness) -> None:
    with_a_head(h)
    # With nobody named, the head is a member reminded every day already: no escalation.
    assert escalations(h) == []
    # The head answering for it themselves: the same.
    h.reply("admin", f"/phancong 1 {TUAN}")
    assert escalations(h) == []


def test_a_task_already_late_when_planned_escalates_at_the_next_opening(
    h: Harness, clock: FakeClock
) -> None:
    with_a_head(h)
    clock.set_local("2026-02-18T10:00")  # Tết: 6 days after the deadline, no office open
    h.reply("admin", f"/phancong 1 {LAN}")
    assert escalations(h) == [(1, "tuan", "Mon 23/02 07:30", "pending")]


def test_nhacnho_says_when_the_head_is_told(h: Harness) -> None:
    with_a_head(h)
    shown = h.reply("admin", "/nhacnho")
    assert "ngày làm việc thứ 3 quá hạn, báo thủ trưởng, cấp phó đơn vị chủ trì" in shown
