"""The same work given twice: a /giao sent again, a letter imported again. The bot says
what exists (the task numbers) and creates nothing more until the admin says so; an
import can give only what is not there yet."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storage.models import Assignment
from tests.support.clock import FakeClock
from tests.support.harness import Harness
from tests.world import build

GIAO = "/giao SKHCN | Xây dựng kế hoạch chuyển đổi số | 20/02/2026"


def _count(h: Harness) -> int:
    with h.sessions() as session:
        return session.scalar(select(func.count()).select_from(Assignment)) or 0


@pytest.mark.parametrize(
    "again",
    [
        GIAO,
        "/giao SKHCN | Xây dựng kế hoạch chuyển đổi số | 27/02/2026",  # another deadline
        "/giao SKHCN | xây dựng kế hoạch chuyển đổi số. | 20/02/2026",  # case, full stop
        "/giao SKHCN | Xay dung ke hoach chuyen doi so | 20/02/2026",  # without marks
        "/giao skhcn |  Xây dựng  kế hoạch chuyển đổi số  | 20/02/2026",  # spaces
        "/assign SKHCN | Xây dựng kế hoạch chuyển đổi số | 20/02/2026",
    ],
)
def test_the_same_giao_twice_asks_before_a_second_task(h: Harness, again: str) -> None:
    build(h)
    assert h.reply("admin", GIAO).startswith("Đã giao nhiệm vụ #1")
    text = h.reply("admin", again)
    assert text.startswith("Nhiệm vụ này đã có"), text
    assert "#1 · SKHCN · Xây dựng kế hoạch chuyển đổi số" in text
    assert 'Gõ "có" để vẫn giao thêm' in text and "/nhiemvu 1" in text
    assert _count(h) == 1  # nothing created yet, nobody told
    assert h.reply("admin", "có").startswith("Đã giao nhiệm vụ #2")
    assert _count(h) == 2


@pytest.mark.parametrize("no", ["/huy", "không", "khong", "thôi"])
def test_saying_no_creates_nothing(h: Harness, no: str) -> None:
    build(h)
    h.reply("admin", GIAO)
    h.reply("admin", GIAO)
    assert "Nhiệm vụ này đã có" in h.reply("admin", GIAO)
    assert "không có gì được lưu" in h.reply("admin", no)
    assert _count(h) == 1


@pytest.mark.parametrize(
    "other",
    [
        "/giao STTTT | Xây dựng kế hoạch chuyển đổi số | 20/02/2026",  # another unit
        "/giao SKHCN | Xây dựng kế hoạch chuyển đổi số năm 2027 | 20/02/2026",  # other words
    ],
)
def test_other_work_is_not_a_duplicate(h: Harness, other: str) -> None:
    build(h)
    h.reply("admin", GIAO)
    assert h.reply("admin", other).startswith("Đã giao nhiệm vụ #2")


@pytest.mark.parametrize("ended", ["/xong 1", "/huynv 1 Không còn cần thiết"])
def test_work_that_ended_may_be_given_again(h: Harness, ended: str, clock: FakeClock) -> None:
    """A task closed or cancelled is history: the same words given again are new work."""
    build(h)
    h.reply("admin", GIAO)
    h.reply("lan" if ended.startswith("/xong") else "admin", ended)
    assert h.reply("admin", GIAO).startswith("Đã giao nhiệm vụ #2")


def test_a_duplicate_among_several_leads(h: Harness) -> None:
    build(h)
    h.reply("admin", GIAO)
    text = h.reply("admin", "/giao SKHCN, STTTT | Xây dựng kế hoạch chuyển đổi số | 20/02/2026")
    assert text.startswith("Nhiệm vụ này đã có") and "#1 · SKHCN" in text
    assert _count(h) == 1
    made = h.reply("admin", "có")
    assert "#2" in made and "#3" in made and _count(h) == 3


def test_a_duplicate_through_the_step_by_step_dialog(h: Harness) -> None:
    build(h)
    h.reply("admin", GIAO)
    h.reply("admin", "/giao")
    h.reply("admin", "SKHCN")
    h.reply("admin", "Xây dựng kế hoạch chuyển đổi số")
    h.reply("admin", "20/02/2026")
    h.reply("admin", "bỏ qua")  # no expected result
    confirm = h.reply("admin", "có")
    assert confirm.startswith("Nhiệm vụ này đã có"), confirm
    assert _count(h) == 1
    assert h.reply("admin", "có").startswith("Đã giao nhiệm vụ #2")


# A letter of our own: two items for the world's units.
LETTER = """ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH
Số: 77/UBND-KGVX
Bình Định, ngày 02 tháng 01 năm 2026

Kính gửi: Sở Khoa học và Công nghệ; Sở Thông tin và Truyền thông.

1. Giao Sở Khoa học và Công nghệ chủ trì xây dựng kế hoạch chuyển đổi số năm 2026 \
trước ngày 20/02/2026.

2. Giao Sở Thông tin và Truyền thông chủ trì tổ chức hội nghị tập huấn chữ ký số \
trước ngày 27/02/2026.
"""


def _import(h: Harness, letter: str = LETTER) -> str:
    text = h.reply("admin", "/nhapvanban " + letter)
    assert "Đề xuất giao nhiệm vụ" in text, text
    return text


def test_a_letter_imported_twice_names_what_is_there(h: Harness) -> None:
    build(h)
    _import(h)
    assert h.reply("admin", "/nhapvanban giao").startswith("Đã giao 2 nhiệm vụ")
    proposal = _import(h)
    assert "đã nhập trước đây: 2 nhiệm vụ" in proposal
    assert proposal.count("Đã có: #") == 2 and "Đã có: #1 " in proposal
    assert "Mọi mục đều đã có trong hệ thống" in proposal
    assert "/nhapvanban giao tatca" in proposal
    # Plain "giao" does not create them again: it asks.
    asked = h.reply("admin", "/nhapvanban giao")
    assert asked.startswith("Văn bản 77/UBND-KGVX đã được nhập trước đây"), asked
    assert "Mục 1 đã có: #1" in asked and "Mục 2 đã có: #2" in asked
    assert "giao moi" not in asked  # nothing new to give
    assert _count(h) == 2
    assert "không có gì mới để giao" in h.reply("admin", "/nhapvanban giao moi")
    assert _count(h) == 2
    again = h.reply("admin", "/nhapvanban giao tatca")
    assert again.startswith("Đã giao 2 nhiệm vụ") and _count(h) == 4


@pytest.mark.parametrize("choice", ["/nhapvanban giao moi", "/import accept new", "giao moi"])
def test_an_import_can_give_only_what_is_not_there(h: Harness, choice: str) -> None:
    build(h)
    # The same words the letter's item reads as (its deadline phrase included).
    h.reply(
        "admin", "/giao STTTT | Tổ chức hội nghị tập huấn chữ ký số trước ngày 27/02/2026 | 27/02"
    )
    proposal = _import(h)
    assert proposal.count("Đã có: #") == 1 and "Đã có: #1 " in proposal
    assert "Giao 1 mục chưa có: /nhapvanban giao moi" in proposal
    asked = h.reply("admin", "có")  # a yes is not a choice: it asks
    assert "Có 1 mục đã có trong hệ thống" in asked and "Mục 2 đã có: #1" in asked
    assert _count(h) == 1
    done = h.reply("admin", choice)
    assert done.startswith("Đã giao 1 nhiệm vụ"), done
    assert "#2 · SKHCN" in done and "Không giao lại 1 mục đã có: mục 2 (#1)" in done
    assert _count(h) == 2


def test_a_task_of_the_letter_closed_since_is_still_there(h: Harness) -> None:
    """The letter's own work, done since, is not new work when the letter comes again."""
    build(h)
    _import(h)
    h.reply("admin", "/nhapvanban giao")
    h.reply("lan", "/xong 1")
    proposal = _import(h)
    assert "Đã có: #1 " in proposal and "Đã có: #2 " in proposal


@pytest.mark.parametrize("yes", ["có", "ok", "yes", "đồng ý"])
def test_a_yes_is_not_an_expected_result(h: Harness, yes: str) -> None:
    """Asked "what result?", a "có" is an answer to another question: asked again."""
    build(h)
    for answer in ("/giao", "SKHCN", "Lập kế hoạch", "20/02/2026"):
        h.reply("admin", answer)
    again = h.reply("admin", yes)
    assert f"«{yes}» chưa phải một kết quả" in again and 'gõ "-"' in again
    confirm = h.reply("admin", "Kế hoạch được ban hành")
    assert confirm.startswith("Xác nhận giao nhiệm vụ") and "Kết quả, sản phẩm: Kế hoạch" in confirm
