"""What a plain progress reply does once the bot has read it: the lead unit's "xong"
closes the task, a dated request asks for an extension, a difficulty goes to the
committee at once, and whatever was read is stored beside the text as sent."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from storage.models import Assignment, ExtensionRequest, ProgressReport
from tests.support.harness import Harness
from tests.test_groups import COMMITTEE, say, to
from tests.world import build


def _world(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Xây dựng kế hoạch | 10/02/2026 | phối hợp: STTTT")  # 1
    h.reply("admin", "/giao SKHCN | Báo cáo sơ kết | 20/01/2026")  # 2


def _reports(h: Harness) -> list[ProgressReport]:
    with h.sessions() as session:
        return list(session.scalars(select(ProgressReport).order_by(ProgressReport.id)))


def _task(h: Harness, number: int) -> Assignment:
    with h.sessions() as session:
        a = session.get(Assignment, number)
        assert a is not None
        return a


def test_what_was_read_is_stored_beside_the_text(h: Harness) -> None:
    _world(h)
    text = "#1 được 60%, vướng: chưa có kinh phí, dự kiến 30/1 xong"
    answer = h.receipt("lan", text)
    assert answer == (
        "Đã ghi nhận #1 (SKHCN): 60%, vướng mắc: chưa có kinh phí, dự kiến xong Thứ Sáu, 30/01/2026"
    )
    (report,) = _reports(h)
    assert report.text == text  # as sent, number included
    assert (report.percent, report.difficulty, report.expected) == (
        60,
        "chưa có kinh phí",
        date(2026, 1, 30),
    )
    assert report.understood is True and report.kind == "report"
    assert _task(h, 1).state == "open"


def test_xong_from_the_lead_unit_closes_the_task(h: Harness) -> None:
    _world(h)
    deliveries = h.say("lan", "#2 đã xong rồi ạ")
    by = {d.to: d.text for d in deliveries}
    assert "Đã ghi nhận hoàn thành nhiệm vụ #2" in by["lan"]
    assert by["admin"].startswith("lan (SKHCN) báo hoàn thành:\nGhi chú: đã xong rồi ạ")
    assert _task(h, 2).state == "done"
    (report,) = _reports(h)
    assert report.kind == "done" and report.text == "#2 đã xong rồi ạ"


def test_negations_and_questions_do_not_close(h: Harness) -> None:
    _world(h)
    for text in ("#2 chưa xong", "#2 xong chưa?", "#2 sắp xong", "#2 xong phần số liệu"):
        h.reply("lan", text)
    assert _task(h, 2).state == "open"
    assert [r.kind for r in _reports(h)] == ["report"] * 4


def test_a_supporting_unit_saying_xong_does_not_close(h: Harness) -> None:
    _world(h)
    answer = h.receipt("minh", "#1 xong")
    assert answer.splitlines() == [
        "Đã ghi nhận #1 (SKHCN): đã xong",
        "Đơn vị phối hợp không kết thúc được nhiệm vụ: đơn vị chủ trì SKHCN báo hoàn thành "
        "bằng /xong 1.",
    ]
    assert _task(h, 1).state == "open"
    (report,) = _reports(h)
    assert report.kind == "report" and report.unit_id is not None


def test_a_dated_request_asks_for_an_extension(h: Harness) -> None:
    _world(h)
    deliveries = h.say("lan", "#2 xin gia hạn đến 30/1 vì chưa có số liệu của các huyện")
    by = {d.to: d.text for d in deliveries}
    assert "đề nghị" in by["lan"] and "Thứ Sáu, 30/01/2026" in by["lan"]
    assert "#2" in by["admin"]
    with h.sessions() as session:
        request = session.scalar(select(ExtensionRequest))
        assert request is not None and request.new_due_date == date(2026, 1, 30)
        assert request.reason == "chưa có số liệu của các huyện"
    assert _task(h, 2).extension_pending is True
    (report,) = _reports(h)
    assert report.kind == "extension" and report.extension_to == date(2026, 1, 30)


def test_a_relative_request_counts_from_the_deadline(h: Harness) -> None:
    _world(h)
    h.reply("lan", "#2 đề nghị lùi hạn 1 tuần, chờ ý kiến Sở Tài chính")
    with h.sessions() as session:
        request = session.scalar(select(ExtensionRequest))
        assert request is not None and request.new_due_date == date(2026, 1, 27)


@pytest.mark.parametrize(
    "text",
    [
        "#2 được 60%, vướng: chưa có kinh phí, xin gia hạn đến 15/1",
        "#2 xin gia han den 20/1",  # the deadline itself is no extension
        "#2 đề nghị lùi hạn đến ngày 18/01/2026 do chưa có số liệu",
        "#2 request an extension to 15/1, no data yet",
    ],
)
def test_an_extension_not_after_the_deadline_is_refused_like_giahan(h: Harness, text: str) -> None:
    """As /giahan would: refused before anything says "recorded", nothing stored, the
    task's status unchanged, nobody else told."""
    _world(h)
    status = h.reply("lan", "/nhiemvu 2").splitlines()[3]
    before = h.snapshot()
    deliveries = h.say("lan", text)
    assert [d.to for d in deliveries] == ["lan"]
    answer = deliveries[0].text
    assert answer.startswith("Ngày đề nghị (")
    assert "không muộn hơn hạn hiện tại (Thứ Ba, 20/01/2026)" in answer
    assert "Đã ghi nhận" not in answer and "/giahan 2 " in answer
    assert h.snapshot() == before
    assert h.reply("lan", "/nhiemvu 2").splitlines()[3] == status


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("#2 xin gia hạn đến 31/02 do chưa có kinh phí", "31/02"),
        ("#2 xin gia han den 30/2", "30/02"),
        ("#2 đề nghị gia hạn tới ngày 32/1", "32/01"),
        ("#2 lùi hạn đến 29/02/2027, chờ ý kiến", "29/02/2027"),
    ],
)
def test_an_extension_to_a_day_that_cannot_be_names_it(h: Harness, text: str, shown: str) -> None:
    _world(h)
    before = h.snapshot()
    deliveries = h.say("lan", text)
    assert [d.to for d in deliveries] == ["lan"]
    assert f"«{shown}» không có thật" in deliveries[0].text
    assert h.snapshot() == before  # the difficulty waits for a request that can be sent


def test_a_second_request_says_it_replaces_the_first(h: Harness) -> None:
    _world(h)
    h.reply("lan", "#2 xin gia hạn đến 25/1 vì thiếu người")
    told = h.notices("lan", "#2 xin gia hạn đến 28/1 vì thiếu người")
    mine = [d.text for d in h.say("lan", "/giahan 2 30/1 vẫn thiếu người") if d.to == "lan"]
    assert "thay cho đề nghị trước (đến Thứ Tư, 28/01/2026)" in mine[0]
    assert "Thay cho đề nghị trước (đến Chủ Nhật, 25/01/2026)" in told["admin"][0]
    # The reason is in the request: no second notice as a difficulty.
    assert len(told["admin"]) == 1
    with h.sessions() as session:
        states = sorted(session.scalars(select(ExtensionRequest.state)))
    assert states == ["pending", "superseded", "superseded"]


def test_an_undated_request_says_how_to_ask(h: Harness) -> None:
    _world(h)
    answer = h.reply("lan", "#2 xin gia hạn thêm")
    assert "Để xin gia hạn, ghi rõ hạn mới và lý do: /giahan 2" in answer
    assert _task(h, 2).extension_pending is False


def test_a_difficulty_goes_to_the_committee_group_at_once(h: Harness) -> None:
    _world(h)
    say(h, "admin", "/ketnoi", COMMITTEE)
    outs = say(h, "lan", "#1 vướng: chưa được bố trí vốn")
    (raised,) = to(outs, COMMITTEE)
    assert raised.template == "committee_difficulty"
    assert raised.values["difficulty"] == "chưa được bố trí vốn"
    assert raised.assignment_ids == (1,)  # a reply to it is about #1
    assert not [o for o in outs if o.to.chat_id == "admin"]


def test_without_a_committee_group_the_admins_hear_of_it(h: Harness) -> None:
    _world(h)
    deliveries = h.say("lan", "#1 khó khăn: thiếu nhân lực")
    by = {d.to: d.text for d in deliveries}
    assert by["admin"].startswith("Vướng mắc: #1 (SKHCN)")
    assert "thiếu nhân lực" in by["admin"]


def test_an_unread_reply_is_a_note_that_says_what_would_be_clearer(h: Harness) -> None:
    _world(h)
    answer = h.reply("lan", "#1 đã gửi công văn xin ý kiến các sở")
    assert (
        answer.splitlines()[0] == "Đã lưu ghi chú #1 (SKHCN): «đã gửi công văn xin ý kiến các sở»"
    )
    assert "#1 60% · #1 xong" in answer and "/giahan 1" in answer
    (report,) = _reports(h)
    assert report.understood is False


def test_dondoc_reply_prints_the_reading(capsys: object) -> None:
    from bot.cli import main

    assert (
        main(
            [
                "reply",
                "--now",
                "2026-01-05T09:00",
                "#12 xin gia hạn đến 20/2, vướng: chưa có kinh phí",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert out.strip() == (
        '{"task": 12, "done": false, "percent": null, "difficulty": "chưa có kinh phí", '
        '"extension_to": "2026-02-20", "expected": null}'
    )
