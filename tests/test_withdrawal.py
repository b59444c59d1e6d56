"""An official takes back a report or a close made by mistake: "nhầm", /rutlai, or the
button under the receipt; for a while, only their own; kept in the history."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.reading.replies import is_withdrawal
from storage.models import Assignment, AuditEntry, ExtensionRequest, OutboxMessage, ProgressReport
from storage.models import outbox as ob
from tests.support.clock import FakeClock
from tests.support.harness import Harness
from tests.test_groups import COMMITTEE, UNIT_GROUP, say
from tests.world import build, join


def _world(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Xây dựng kế hoạch | 10/02/2026")  # 1
    h.reply("admin", "/giao SKHCN | Báo cáo sơ kết | 20/01/2026")  # 2


def _task(h: Harness, number: int) -> Assignment:
    with h.sessions() as session:
        a = session.get(Assignment, number)
        assert a is not None
        return a


def _withdrawn(h: Harness) -> list[tuple[int, str]]:
    with h.sessions() as session:
        rows = session.execute(
            select(ProgressReport.assignment_id, ProgressReport.text)
            .where(ProgressReport.withdrawn_at.is_not(None))
            .order_by(ProgressReport.id)
        )
        return [(a, t) for a, t in rows]


def _pending_reminders(h: Harness, number: int) -> int:
    return h.count(
        OutboxMessage,
        OutboxMessage.assignment_id == number,
        OutboxMessage.state == ob.PENDING,
    )


def test_a_close_by_mistake_is_taken_back_with_a_word(h: Harness) -> None:
    _world(h)
    h.reply("lan", "#2 xong")
    assert _task(h, 2).state == "done" and _pending_reminders(h, 2) == 0
    told = h.notices("lan", "nhầm")
    answer = h.channel.transcript[-1 - sum(len(v) for v in told.values())].text
    assert answer.startswith("Đã rút lại báo cáo #2 (SKHCN): «#2 xong»")
    assert "Nhiệm vụ được mở lại" in answer
    assert _task(h, 2).state == "open" and _pending_reminders(h, 2) > 0  # reminders again
    assert any("Rút lại báo cáo #2" in t for t in told["admin"])
    assert _withdrawn(h) == [(2, "#2 xong")]
    history = h.reply("lan", "/lichsu 2")
    assert "rút lại báo cáo gửi nhầm: «#2 xong», mở lại nhiệm vụ" in history
    assert "(hoàn thành) (đã rút lại): #2 xong" in history


def test_the_receipt_carries_the_button(h: Harness) -> None:
    _world(h)
    assert h.reply("lan", "#2 được 60%").endswith("[Rút lại: /rutlai 2]")
    assert "[Rút lại: /rutlai 2]" in h.reply("lan", "/xong 2")
    assert "Nhiệm vụ được mở lại" in h.reply("lan", "/rutlai 2")


def test_a_report_with_a_difficulty_is_taken_back_and_the_committee_hears(h: Harness) -> None:
    _world(h)
    say(h, "admin", "/ketnoi", COMMITTEE)
    h.reply("lan", "#1 60%, vướng: chưa có kinh phí")
    told = h.notices("lan", "/undo")
    assert any("Vướng mắc đã báo («chưa có kinh phí»)" in t for t in told[COMMITTEE])
    assert _withdrawn(h) == [(1, "#1 60%, vướng: chưa có kinh phí")]
    assert _task(h, 1).state == "open"


def test_an_extension_request_is_withdrawn_with_its_report(h: Harness) -> None:
    _world(h)
    h.reply("lan", "#2 xin gia hạn đến 30/1 vì thiếu người")
    assert _task(h, 2).extension_pending is True
    answer = h.reply("lan", "em báo nhầm ạ")
    assert "Đề nghị gia hạn đi kèm đã được rút." in answer
    assert _task(h, 2).extension_pending is False
    with h.sessions() as session:
        assert session.scalar(select(ExtensionRequest.state)) == "withdrawn"
    # Nothing left for the admin to decide.
    assert "Không có đề nghị gia hạn" in h.reply("admin", "/duyet 2") or "không" in (
        h.reply("admin", "/duyet 2").lower()
    )


def test_only_the_last_report_of_its_author_within_the_window(h: Harness, clock: FakeClock) -> None:
    _world(h)
    join(h, "nam", "SKHCN")
    h.reply("lan", "#1 được 30%")
    h.reply("lan", "#2 được 50%")
    # nam sent nothing: lan's reports are not his to take back.
    refused = h.reply("nam", "nhầm")
    assert refused.startswith("Không có báo cáo nào của bạn trong 2 giờ qua để rút lại.")
    assert "/rutlai 12" in refused and "/molai 12" in refused
    # lan's last one goes first, then the one before.
    h.reply("lan", "nhầm")
    assert _withdrawn(h) == [(2, "#2 được 50%")]
    assert "#1" in h.reply("lan", "#1 nhầm")
    assert _withdrawn(h) == [(1, "#1 được 30%"), (2, "#2 được 50%")]
    # After the window, nothing can be taken back.
    h.reply("lan", "#2 được 70%")
    clock.advance(hours=2, minutes=1)
    assert "trong 2 giờ qua" in h.reply("lan", "/rutlai 2")
    assert h.count(AuditEntry, AuditEntry.action == "withdraw_report") == 2


def test_nham_while_the_bot_asks_which_drops_the_kept_message(h: Harness) -> None:
    _world(h)
    h.reply("lan", "/nhiemvu")
    h.reply("lan", "được 50%")  # which task?
    answer = h.reply("lan", "nhầm")
    assert answer.splitlines()[:2] == ["Đã bỏ tin nhắn đang chờ số nhiệm vụ:", "• «được 50%»"]
    assert h.reports() == [] and _withdrawn(h) == []


def test_a_bad_usage_and_a_word_in_a_group(h: Harness) -> None:
    _world(h)
    say(h, "admin", "/ketnoi SKHCN", UNIT_GROUP)
    assert h.reply("lan", "/rutlai hôm qua").startswith("Cách dùng: /rutlai [SỐ]")
    h.reply("lan", "#1 được 30%")
    assert say(h, "lan", "nhầm rồi", UNIT_GROUP) == []  # the group's own conversation
    assert _withdrawn(h) == []


WITHDRAWALS = [
    "nhầm", "Nhầm", "nham", "nhầm rồi", "nham roi a", "em nhầm", "Em báo nhầm ạ", "e bao nham",
    "gửi nhầm", "xin lỗi, gửi nhầm", "Xin lỗi em gửi nhầm ạ", "báo cáo nhầm", "bấm nhầm",
    "#12 nhầm", "12: nhầm", "rút lại", "rut lai bao cao", "hủy báo cáo vừa rồi", "undo",
    "Undo!", "my mistake", "sorry, my mistake", "oops, wrong task", "wrong button", "mistake",
]  # fmt: skip
REPORTS = [
    "nhầm, đã xong 60%", "báo cáo nhầm số liệu, đúng là 70%", "đã xong", "đã nhầm lẫn số liệu",
    "không nhầm đâu", "60%", "the mistake was in the data", "#12 xong", "sorry for the delay",
]  # fmt: skip


@pytest.mark.parametrize("text", WITHDRAWALS)
def test_words_that_take_back(text: str) -> None:
    assert is_withdrawal(text)


@pytest.mark.parametrize("text", REPORTS)
def test_words_that_are_reports(text: str) -> None:
    assert not is_withdrawal(text)


def test_withdrawing_the_report_that_started_a_task_leaves_it_not_started(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Lập kế hoạch | 10/02/2026")
    h.reply("lan", "/baocao 1 được 60%")
    assert _task(h, 1).started_at is not None
    h.reply("lan", "nhầm")
    assert _task(h, 1).started_at is None
