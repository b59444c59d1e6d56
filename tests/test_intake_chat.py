"""Document intake in the chat: /nhapvanban, the proposal, corrections, and assigning it all."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.commands import COMMANDS
from bot.conversation.core import Bot
from bot.settings import Settings
from messages import Renderer
from storage.models import (
    Assignment,
    AssignmentSupport,
    ConversationState,
    Document,
    OutboxMessage,
    Series,
)
from tests.support.clock import FakeClock
from tests.support.harness import Harness
from tests.world import assignments, build, unit_id

CORPUS = "tests/data/corpus/documents/binh-dinh-412-UBND-VX.txt"
with open(CORPUS, encoding="utf-8") as _file:
    LETTER = _file.read()
ITEM_2 = "Xây dựng Chương trình hành động, Kế hoạch thực hiện Nghị quyết 57 của Bộ Chính trị"

# A letter to units the world does not have (Sở Xây dựng, Sở Nội vụ), an urgent item
# without a date and a monthly duty.
OTHER = """ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH
Số: 99/UBND-KT
Bình Định, ngày 10 tháng 01 năm 2025

Kính gửi:
- Sở Xây dựng;
- Sở Nội vụ;
- Sở Khoa học và Công nghệ.

1. Giao Sở Xây dựng chủ trì kiểm tra an toàn các công trình đang thi công, báo cáo kết quả \
trước ngày 20/02/2025.

2. Sở Nội vụ khẩn trương rà soát biên chế các đơn vị sự nghiệp.

3. Sở Khoa học và Công nghệ báo cáo tình hình thực hiện Nghị quyết 57 trước ngày 20 hằng tháng.
"""


@pytest.fixture
def world(h: Harness, clock: FakeClock) -> Harness:
    clock.set_local("2025-01-15T09:00")  # the day after the letter: its deadlines are ahead
    build(h)
    return h


def _without_note(text: str) -> str:
    """A proposal without the line before its title (what the last message did)."""
    lines = text.splitlines()
    return "\n".join(lines[lines.index("Đề xuất giao nhiệm vụ theo văn bản") :])


def test_paste_drop_edit_and_assign(world: Harness) -> None:
    h = world
    text = h.reply("admin", "/nhapvanban " + LETTER)
    assert "Văn bản: 412/UBND-VX · UBND tỉnh Bình Định · Thứ Ba, 14/01/2025" in text
    assert "1. Chủ trì: Sở Khoa học và Công nghệ (SKHCN)" in text
    assert "2. Chủ trì: Sở Khoa học và Công nghệ (SKHCN)" in text
    assert "3." not in text
    assert "Phối hợp: Sở Thông tin và Truyền thông; các cơ quan, đơn vị liên quan" in text
    assert 'Hạn: Thứ Hai, 10/02/2025 (văn bản ghi "trước ngày 10/02/2025")' in text
    assert "[Giao tất cả: /nhapvanban giao] [Hủy: /huy]" in text
    # Nothing exists before the admin says so.
    assert h.count(Assignment) == 0 and h.count(Document) == 0
    text = h.reply("admin", "/nhapvanban bo 1")
    assert text.startswith("Đã bỏ mục 1.") and "1. (đã bỏ) Tham mưu" in text
    assert "Giao tất cả 1 nhiệm vụ" in text
    text = h.reply("admin", "/nhapvanban sua 2 han 20/02/2025")
    assert text.startswith("Đã sửa hạn của mục 2.")
    assert "Hạn: Thứ Năm, 20/02/2025\n" in text
    deliveries = h.say("admin", "/nhapvanban giao")
    reply = [d.text for d in deliveries if d.to == "admin"]
    assert len(reply) == 1
    assert "Đã giao 1 nhiệm vụ theo văn bản 412/UBND-VX" in reply[0]
    assert "#1 · SKHCN · " + ITEM_2 in reply[0]
    # The units hear of it exactly as after /giao.
    lan = [d.text for d in deliveries if d.to == "lan"]
    minh = [d.text for d in deliveries if d.to == "minh"]
    assert len(lan) == 1 and "Nhiệm vụ mới" in lan[0] and "Văn bản: 412/UBND-VX" in lan[0]
    assert len(minh) == 1 and "Nhiệm vụ mới (phối hợp)" in minh[0]
    assert not [d for d in deliveries if d.to == "hoa"]
    (a,) = assignments(h)
    assert a.task.startswith(ITEM_2)
    assert a.due_date == date(2025, 2, 20) and a.due_time is None
    skhcn, sttttt = unit_id(h, "SKHCN"), unit_id(h, "STTTT")
    assert a.lead_unit_id == skhcn
    with h.sessions() as session:
        doc = session.get(Document, a.document_id)
        assert doc is not None
        assert (doc.number, doc.issuer, doc.issued_on) == (
            "412/UBND-VX",
            "UBND tỉnh Bình Định",
            date(2025, 1, 14),
        )
        supports = session.scalars(
            select(AssignmentSupport).order_by(AssignmentSupport.position)
        ).all()
        assert [(s.name, s.unit_id) for s in supports] == [
            ("Sở Thông tin và Truyền thông", sttttt),
            ("các cơ quan, đơn vị liên quan", None),
        ]
    assert h.count(OutboxMessage, OutboxMessage.assignment_id == a.id) > 0  # reminders are planned
    assert h.count(ConversationState) == 0  # the draft is gone
    assert "Không có văn bản nào đang chờ giao" in h.reply("admin", "/nhapvanban giao")


def test_a_document_already_entered_is_reused(world: Harness) -> None:
    h = world
    h.reply("admin", "/vanban them 412/UBND-VX | UBND tỉnh Bình Định | 14/01/2025 | NQ 57")
    text = h.reply("admin", "/nhapvanban " + LETTER)
    assert "(đã có trong danh sách văn bản)" in text
    assert "Đã giao 2 nhiệm vụ" in h.reply("admin", "/nhapvanban giao")
    assert h.count(Document) == 1
    assert {a.document_id for a in assignments(h)} == {1}


def test_unknown_units_block_until_added_or_mapped(world: Harness) -> None:
    h = world
    text = h.reply("admin", "/nhapvanban " + OTHER)
    assert "1. Chủ trì: Sở Xây dựng — chưa có trong danh sách đơn vị" in text
    assert "- Sở Xây dựng (chủ trì mục 1): /donvi them MÃ Sở Xây dựng" in text
    assert "Hạn: khẩn trương, văn bản không ghi ngày" in text
    assert "3. Chủ trì: Sở Khoa học và Công nghệ (SKHCN)" in text
    assert "lặp lại hằng tháng" in text
    assert "Còn 2 mục cần sửa" in text and "[Giao tất cả" not in text
    before = h.snapshot()
    refusal = h.reply("admin", "/nhapvanban giao")
    assert "Chưa giao: 2 trong 3 mục cần sửa trước." in refusal
    assert "Mục 1: Kiểm tra an toàn" in refusal and "/nhapvanban sua 1 donvi MÃ" in refusal
    assert "/nhapvanban sua 2 han NGÀY" in refusal
    assert h.snapshot() == before
    assert "Không có đơn vị «XYZ»" in h.reply("admin", "/nhapvanban sua 2 donvi XYZ")
    # Adding the unit is enough for the letter's name to find it.
    h.reply("admin", "/donvi them SXD Sở Xây dựng")
    text = h.reply("admin", "/nhapvanban")
    assert "1. Chủ trì: Sở Xây dựng (SXD)" in text and "- Sở Xây dựng" not in text
    # Sở Nội vụ's item goes to a unit that exists, with a date.
    text = h.reply("admin", "/nhapvanban sua 2 donvi SVHTTDL")
    assert "2. Chủ trì: Sở Văn hóa, Thể thao và Du lịch (SVHTTDL)" in text
    assert "Còn 1 mục cần sửa" in text
    assert "Chưa giao: 1 trong 3" in h.reply("admin", "/nhapvanban giao")
    text = h.reply("admin", "/nhapvanban sua 2 han 28/02/2025")
    assert "Giao tất cả 3 nhiệm vụ" in text
    text = h.reply("admin", "/nhapvanban giao")
    assert "Đã giao 3 nhiệm vụ theo văn bản 99/UBND-KT" in text
    rows = assignments(h)
    assert [a.lead_unit_id for a in rows] == [
        unit_id(h, "SXD"),
        unit_id(h, "SVHTTDL"),
        unit_id(h, "SKHCN"),
    ]
    assert [a.due_date for a in rows] == [date(2025, 2, 20), date(2025, 2, 28), date(2025, 1, 20)]
    # The monthly duty is a series, as /giao makes it.
    assert rows[2].series_id is not None and h.count(Series) == 1


def test_urgent_item_may_go_without_a_deadline_when_said(world: Harness) -> None:
    h = world
    h.reply("admin", "/nhapvanban " + OTHER)
    h.reply("admin", "/nhapvanban bo 1")
    h.reply("admin", "/nhapvanban sua 2 donvi SKHCN")
    text = h.reply("admin", "/nhapvanban sua 2 han không")
    assert "Hạn: không thời hạn" in text and "Giao tất cả 2 nhiệm vụ" in text
    h.reply("admin", "/nhapvanban giao")
    first = assignments(h)[0]
    assert first.due_date is None and first.task.startswith("Khẩn trương rà soát")


def test_letter_in_several_messages_is_read_as_one(world: Harness) -> None:
    h = world
    whole = h.reply("admin", "/nhapvanban " + LETTER)
    # Cut at a paragraph, as a chat app cuts a long paste.
    cut = LETTER.index("2. Xây dựng Chương trình")
    h.reply("admin", "/nhapvanban " + LETTER[:cut].strip())
    second = h.reply("admin", LETTER[cut:].strip())
    assert second.startswith("Đã nhận thêm")
    assert _without_note(second) == whole
    # Cut in the middle of a sentence, at a space; and the first piece after /nhapvanban.
    cut = LETTER.index("phải cụ thể")
    h.reply("admin", "/huy")  # a bare /nhapvanban would show the draft again
    assert "Gửi văn bản cần nhập" in h.reply("admin", "/nhapvanban")
    h.reply("admin", LETTER[:cut].strip())
    assert _without_note(h.reply("admin", LETTER[cut:].strip())) == whole


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_docx_file_works_like_pasted_text(world: Harness) -> None:
    h = world
    whole = h.reply("admin", "/nhapvanban " + LETTER)
    h.reply("admin", "/huy")
    data = _docx(LETTER)
    # Sent alone in a private chat, or with /nhapvanban as its caption.
    for caption in ("", "/nhapvanban"):
        got = [d.text for d in h.send_file("admin", "cong-van-412.docx", data, caption)]
        assert got == [whole]
    assert "Đã giao 2 nhiệm vụ" in h.reply("admin", "/nhapvanban giao")
    assert h.count(Assignment) == 2


def test_files_the_bot_does_not_read(world: Harness) -> None:
    h = world
    before = h.snapshot()
    cases = [
        ("admin", "cong-van.doc", b"\xd0\xcf\x11\xe0", None, "bot đọc tệp .txt, .docx và .pdf"),
        ("admin", "ke-hoach.pdf", b"", 12 * 2**20, "nặng 12.0 MB, quá giới hạn 10 MB"),
        ("admin", "hong.docx", b"not a zip", None, "Không mở được tệp «hong.docx»"),
        ("lan", "bao-cao.docx", _docx("Đã xong"), None, "Tôi không đọc tệp đính kèm"),
    ]
    for user, name, data, size, words in cases:
        got = h.send_file(user, name, data, size=size)
        assert len(got) == 1 and got[0].to == user and words in got[0].text, got
    assert h.snapshot() == before


def test_a_scan_without_text_is_refused(world: Harness) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    got = world.send_file("admin", "scan.pdf", bytes(pdf.output()))
    assert len(got) == 1 and "không có chữ đọc được" in got[0].text


def test_the_draft_survives_a_restart(
    world: Harness,
    sessions: sessionmaker[Session],
    settings: Settings,
    clock: FakeClock,
    renderer: Renderer,
) -> None:
    world.reply("admin", "/nhapvanban " + LETTER)
    world.reply("admin", "/nhapvanban bo 2")
    again = Harness(Bot(sessions, settings, clock, commands=COMMANDS), sessions, renderer)
    assert "1. Chủ trì: Sở Khoa học và Công nghệ (SKHCN)" in again.reply("admin", "/nhapvanban")
    assert "Đã giao 1 nhiệm vụ" in again.reply("admin", "/nhapvanban giao")
    (a,) = assignments(again)
    assert a.task.startswith("Tham mưu, đề xuất thành lập Ban Chỉ đạo")


def test_cancel_drops_the_draft(world: Harness) -> None:
    h = world
    h.reply("admin", "/nhapvanban " + LETTER)
    assert "Đã bỏ" in h.reply("admin", "/huy")
    assert "Không có văn bản nào đang chờ giao" in h.reply("admin", "/nhapvanban giao")
    assert h.count(Assignment) == 0 and h.count(Document) == 0
    assert h.count(ConversationState) == 0


def test_plain_yes_assigns_and_english_words_work(world: Harness) -> None:
    h = world
    h.reply("admin", "/import " + LETTER)
    text = h.reply("admin", "/import edit 1 task Thành lập Ban Chỉ đạo")
    assert "1. Chủ trì: Sở Khoa học và Công nghệ (SKHCN)" in text
    assert "Nội dung: Thành lập Ban Chỉ đạo\n" in text
    h.reply("admin", "/import drop 2")
    assert "Đã giao 1 nhiệm vụ" in h.reply("admin", "có")
    assert [a.task for a in assignments(h)] == ["Thành lập Ban Chỉ đạo"]


def test_pieces_of_a_paste_join_as_written() -> None:
    from bot.intake.draft import join

    assert join("", "Số: 412/UBND-VX") == "Số: 412/UBND-VX"
    assert join("1. Tham mưu, đề xuất;", "2. Xây dựng") == "1. Tham mưu, đề xuất;\n2. Xây dựng"
    assert (
        join("Kế hoạch thực hiện phải", "cụ thể, rõ ràng")
        == "Kế hoạch thực hiện phải cụ thể, rõ ràng"
    )
    assert join("Kính gửi:", "- Sở Khoa học") == "Kính gửi:\n- Sở Khoa học"


def test_the_proposals_short_commands_work_without_the_prefix(world: Harness) -> None:
    """The proposal shows "sua 2 han …" and "bo 1": typed as they are shown, they act on
    the draft rather than being added to the letter."""
    world.reply("admin", "/nhapvanban")
    world.reply("admin", LETTER)
    edited = world.reply("admin", "sua 2 han 20/3/2025")
    assert "Thứ Năm, 20/03/2025" in edited and "Đã nhận thêm" not in edited
    assert "Đã nhận thêm" not in world.reply("admin", "bo 1")
    done = world.reply("admin", "giao")
    assert "#1" in done
    (only,) = assignments(world)
    assert only.task.startswith("Xây dựng Chương trình hành động")
    assert only.due_date == date(2025, 3, 20)


def test_buttons_edit_or_drop_each_item(world: Harness) -> None:
    world.reply("admin", "/nhapvanban")
    proposal = world.reply("admin", LETTER)
    for button in (
        "[Giao tất cả: /nhapvanban giao]",
        "[Sửa 1: /nhapvanban sua 1]",
        "[Bỏ 1: /nhapvanban bo 1]",
        "[Sửa 2: /nhapvanban sua 2]",
        "[Bỏ 2: /nhapvanban bo 2]",
    ):
        assert button in proposal
    help_2 = world.reply("admin", "/nhapvanban sua 2")
    assert help_2.startswith("Sửa mục 2: gửi một trong các lệnh sau")
    assert "/nhapvanban sua 2 donvi SKHCN" in help_2
    assert "Bỏ 1" not in world.reply("admin", "/nhapvanban bo 1").split("[Giao")[-1]
