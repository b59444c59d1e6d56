"""Plain messages (no command) from officials: reports on the assignment in focus."""

from __future__ import annotations

from storage.models import ConversationState
from tests.support.clock import FakeClock
from tests.support.harness import Harness
from tests.world import build


def _world(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Xây dựng kế hoạch | 10/02/2026")  # 1
    h.reply("admin", "/giao SKHCN | Báo cáo sơ kết | 20/01/2026")  # 2


def test_reply_after_a_notice_of_one_assignment(h: Harness) -> None:
    build(h)
    h.say("admin", "/giao SKHCN | Xây dựng kế hoạch | 10/02/2026")  # lan is told of #1
    answer = h.reply("lan", "Đã nhận, đang triển khai")
    assert answer.splitlines()[0] == "Đã lưu ghi chú #1 (SKHCN): «Đã nhận, đang triển khai»"
    assert h.reports() == [(1, "Đã nhận, đang triển khai")]


def test_reply_after_listing_several_asks_which_and_keeps_the_text(h: Harness) -> None:
    _world(h)
    h.reply("lan", "/nhiemvu")
    asked = h.reply("lan", "được 50%, vướng kinh phí")
    assert "Tin nhắn này báo cáo cho nhiệm vụ nào?" in asked
    assert "#2" in asked and "#1" in asked
    assert h.reports() == []
    # More words are kept with the first message, and the question stands.
    assert "báo cáo cho nhiệm vụ nào?" in h.reply("lan", "dự kiến xong cuối tháng")
    done = h.receipt("lan", "#1")
    assert done.splitlines() == [
        "Đã ghi nhận #1 (SKHCN): 50%, vướng mắc: kinh phí",
        "Đã ghi nhận #1 (SKHCN): dự kiến xong Thứ Bảy, 31/01/2026",
    ]
    assert h.reports() == [(1, "được 50%, vướng kinh phí"), (1, "dự kiến xong cuối tháng")]
    assert h.count(ConversationState) == 0


def test_a_numbered_report_while_one_waits_is_a_report_of_its_own(h: Harness) -> None:
    """The kept text goes to a task only when the answer is the number alone: a message
    with its own number and words is its own report, and the kept one still waits."""
    _world(h)
    h.reply("lan", "/nhiemvu")
    h.reply("lan", "vướng: chưa có kinh phí")
    committee_before = h.count(ConversationState)
    answers = [d.text for d in h.say("lan", "#2 được 50%") if d.to == "lan"]
    assert answers[0].splitlines() == ["Đã ghi nhận #2 (SKHCN): 50%", "[Rút lại: /rutlai 2]"]
    assert answers[1].splitlines()[:3] == [
        "Tin nhắn trước vẫn chờ số nhiệm vụ:",
        "• «vướng: chưa có kinh phí»",
        "Tin đó báo cáo cho nhiệm vụ nào? Gửi riêng số, ví dụ 2 (hoặc /huy):",
    ]
    assert h.reports() == [(2, "#2 được 50%")]  # the kept difficulty is not filed under #2
    assert committee_before == h.count(ConversationState) == 1
    # Then the number alone: the kept text goes there, and the receipt says so.
    assert h.receipt("lan", "1") == "Đã ghi nhận #1 (SKHCN): vướng mắc: chưa có kinh phí"
    assert h.reports() == [(2, "#2 được 50%"), (1, "vướng: chưa có kinh phí")]
    assert h.count(ConversationState) == 0


def test_a_kept_difficulty_never_reaches_the_committee_under_another_task(h: Harness) -> None:
    _world(h)
    h.reply("lan", "/nhiemvu")
    h.reply("lan", "vuong: chua co kinh phi")
    # #2 closed by its own report: the kept difficulty is not raised under it.
    told = h.notices("lan", "#2 xong")
    assert told.get("admin") and not any("Vướng mắc" in t for t in told["admin"])
    assert h.reports() == [(2, "#2 xong")]


def test_an_unmarked_number_with_words_is_its_own_report_too(h: Harness) -> None:
    _world(h)
    h.reply("lan", "/nhiemvu")
    h.reply("lan", "đã xong khảo sát")
    answers = [d.text for d in h.say("lan", "2 xong") if d.to == "lan"]
    assert answers[0].startswith("Đã ghi nhận hoàn thành nhiệm vụ #2")
    assert "vẫn chờ số nhiệm vụ" in answers[1]
    assert h.reports() == [(2, "2 xong")]  # kept exactly as sent


def test_a_leading_number_is_not_a_task_unless_marked(h: Harness) -> None:
    _world(h)
    h.reply("lan", "/nhiemvu 1")
    # "2 ngày nữa" speaks of days, not of task #2: it goes to the task in focus.
    assert h.receipt("lan", "2 ngày nữa sẽ hoàn thành") == (
        "Đã ghi nhận #1 (SKHCN): dự kiến xong Thứ Tư, 07/01/2026"
    )
    assert "Đã lưu ghi chú #2" in h.reply("lan", "2: đã gửi dự thảo")
    assert h.reports() == [(1, "2 ngày nữa sẽ hoàn thành"), (2, "2: đã gửi dự thảo")]


def test_in_a_group_only_a_marked_message_is_a_report(h: Harness) -> None:
    from messages.neutral import Incoming

    _world(h)

    def group(text: str) -> list[object]:
        return h.handle(Incoming("console", "grp", "lan", "lan", text, is_group=True))

    assert group("/nhiemvu 2")
    assert group("Chào cả nhà, chiều nay họp nhé") == []
    replies = group("#2 đã gửi báo cáo")
    assert len(replies) == 1 and replies[0].template == "report_recorded"
    assert h.reports() == [(2, "#2 đã gửi báo cáo")]


def test_number_first_works_without_reply_to(h: Harness) -> None:
    _world(h)
    assert "Đã lưu ghi chú #2" in h.reply("lan", "#2 đã gửi dự thảo")
    assert "Đã lưu ghi chú #1" in h.reply("lan", "1: xong phần khảo sát")
    assert h.reports() == [(2, "#2 đã gửi dự thảo"), (1, "1: xong phần khảo sát")]


def test_detail_view_focuses_one_assignment(h: Harness) -> None:
    _world(h)
    h.reply("lan", "/nhiemvu 2")
    assert h.receipt("lan", "Đã hoàn thành 80%") == "Đã ghi nhận #2 (SKHCN): 80%"


def test_focus_is_per_chat_and_lapses(h: Harness, clock: FakeClock) -> None:
    _world(h)
    h.reply("lan", "/nhiemvu 2")
    clock.advance(hours=25)
    assert "Tin nhắn này báo cáo cho nhiệm vụ nào?" in h.reply("lan", "Đã xong phần 1")
    h.reply("lan", "/huy")
    assert h.reports() == []


def test_reply_cannot_reach_another_units_work(h: Harness) -> None:
    _world(h)
    h.reply("admin", "/giao SVHTTDL | Tuyên truyền | 20/01/2026")  # 3
    assert "Không có nhiệm vụ #3" in h.reply("lan", "#3 xong rồi")
    h.reply("lan", "/nhiemvu")
    h.reply("lan", "xong rồi")
    assert "Không có nhiệm vụ #3" in h.reply("lan", "3")
    assert h.reports() == []


def test_plain_text_from_a_stranger_or_admin_is_not_a_report(h: Harness) -> None:
    _world(h)
    assert "Tôi chưa hiểu" in h.reply("stranger", "xin chào")
    assert "Tôi chưa hiểu" in h.reply("admin", "đã xong")
    assert h.reports() == []


def test_no_open_work(h: Harness) -> None:
    build(h)
    assert "không có nhiệm vụ nào đang mở" in h.reply("minh", "đã xong")


def test_english_speaker(h: Harness) -> None:
    _world(h)
    assert h.reply("lan", "/ngonngu en") == "Switched to English."
    h.reply("lan", "/tasks 1")
    assert h.reply("lan", "Draft ready").splitlines()[0] == (
        "Saved as a note on #1 (SKHCN): «Draft ready»"
    )
    # Notices to lan now come in English, while the admin still reads Vietnamese.
    deliveries = h.say("admin", "/sua 1 han 20/02/2026")
    by = {d.to: d.text for d in deliveries}
    assert "Assignment changed" in by["lan"] and "Friday, 20/02/2026" in by["lan"]
    assert "Đã sửa" in by["admin"]
