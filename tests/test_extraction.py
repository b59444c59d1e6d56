"""Reading official letters into proposed assignments: the corpus scores, each rule on a
small letter of its own, and `dondoc extract` as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.intake import extract
from bot.intake.deadlines import find_due, urgency
from bot.intake.proposal_values import proposal_values
from messages import Renderer
from storage.deadline import Deadline
from tests.extraction_scorer import DOCUMENTS, report, score_corpus, total

VN = ZoneInfo("Asia/Ho_Chi_Minh")
KEYS = {"lead", "support", "task", "deadline", "deadline_text", "recurrence", "recurrence_text"}

# --- the corpus, through the command ------------------------------------------------------


def test_the_command_reads_the_corpus_well() -> None:
    scores = score_corpus()  # runs `dondoc extract --json` on every document
    assert len(scores) >= 6
    for s in scores:
        assert s.precision >= 0.9, report(scores)
        assert s.recall >= 0.9, report(scores)
        assert s.deadline_accuracy == 1.0, report(scores)
    overall = total(scores)
    assert overall.recurrence_accuracy == 1.0, report(scores)
    assert overall.header_right == overall.headers, report(scores)


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "extract", *args],
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        timeout=120,
        check=False,
    )


def test_the_json_has_exactly_the_agreed_keys() -> None:
    done = _run(str(DOCUMENTS / "khanh-hoa-03-TB-BCD.txt"), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"number", "issuer", "issued", "assignments"}
    assert result["issued"] == "2025-04-04"
    for assignment in result["assignments"]:
        assert set(assignment) == KEYS


def test_the_text_proposal_in_both_languages() -> None:
    letter = str(DOCUMENTS / "binh-dinh-1520-UBND-KT.txt")
    vi = _run(letter)
    assert vi.returncode == 0, vi.stderr
    assert "Đề xuất giao nhiệm vụ theo văn bản" in vi.stdout
    assert "Chủ trì: UBND thành phố Quy Nhơn" in vi.stdout
    assert "Hạn: khẩn trương, văn bản không ghi ngày" in vi.stdout
    assert (
        'Hạn: Thứ Ba, 12/08/2025, 11h00 (văn bản ghi "chậm nhất trước 11 giờ 00 phút' in vi.stdout
    )
    assert 'Lặp lại: hằng tháng (văn bản ghi "trước ngày 20 hằng tháng")' in vi.stdout
    en = _run(letter, env={"DONDOC_LANGUAGE": "en"})
    assert "Proposed assignments from the document" in en.stdout
    assert "Repeats: monthly" in en.stdout


def test_a_file_that_cannot_be_read_exits_2(tmp_path: Path) -> None:
    done = _run(str(tmp_path / "none.pdf"))
    assert done.returncode == 2
    assert "cannot read" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_template_renders_an_empty_proposal(lang: str) -> None:
    text = Renderer().render("extract_proposal", proposal_values(extract("Xin chào.")), lang)
    assert ("Không tìm thấy nhiệm vụ" if lang == "vi" else "No assignments found") in text


# --- the rules, one small letter each -------------------------------------------------------

HEAD = """ỦY BAN NHÂN DÂN
TỈNH BÌNH ĐỊNH

Số: 99/UBND-TH

Bình Định, ngày 15 tháng 12 năm 2025

Kính gửi: {to}

"""


def letter(body: str, to: str = "Các sở, ban, ngành.") -> str:
    return HEAD.format(to=to) + body + "\n\nNơi nhận:\n- Như trên;\n- Lưu: VT."


def leads(text: str) -> list[str]:
    return [a.lead for a in extract(text).assignments]


def test_the_header() -> None:
    proposal = extract(letter("1. Sở Y tế rà soát."))
    assert (proposal.number, proposal.issuer, proposal.issued) == (
        "99/UBND-TH",
        "UBND tỉnh Bình Định",
        date(2025, 12, 15),
    )


def test_giao_names_the_lead_and_phoi_hop_the_support() -> None:
    proposal = extract(
        letter(
            "1. Giao Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với Sở Tài chính, "
            "Sở Nội vụ và các đơn vị liên quan xây dựng đề án phát triển du lịch."
        )
    )
    [a] = proposal.assignments
    assert a.lead == "Sở Văn hóa, Thể thao và Du lịch"
    assert a.support == ["Sở Tài chính", "Sở Nội vụ", "các đơn vị liên quan"]
    assert a.task == "Xây dựng đề án phát triển du lịch"


def test_an_item_naming_several_leads_gives_one_assignment_each() -> None:
    text = letter("1. Sở Y tế, Sở Giáo dục và Đào tạo, Công an tỉnh: kiểm tra an toàn thực phẩm.")
    assert leads(text) == ["Sở Y tế", "Sở Giáo dục và Đào tạo", "Công an tỉnh"]


def test_units_listed_after_a_colon_each_lead() -> None:
    text = letter(
        "1. Giao các sở sau đây tổ chức hội nghị trong tháng 1/2026: Sở Tư pháp với các "
        "luật sư; Sở Công Thương với các doanh nghiệp."
    )
    proposal = extract(text)
    assert [a.lead for a in proposal.assignments] == ["Sở Tư pháp", "Sở Công Thương"]
    assert proposal.assignments[1].task.endswith("với các doanh nghiệp")
    assert {a.deadline for a in proposal.assignments} == {Deadline(date(2026, 1, 31))}


def test_a_heading_unit_leads_its_bullets() -> None:
    text = letter(
        "1. Giao Sở Tài chính:\n\n- Rà soát các khoản chi.\n\n"
        "- Giao cho các phòng chuyên môn định kỳ hằng tháng báo cáo.\n\n"
        "2. Sở Y tế: kiểm tra các cơ sở khám bệnh."
    )
    proposal = extract(text)
    assert [a.lead for a in proposal.assignments] == ["Sở Tài chính", "Sở Tài chính", "Sở Y tế"]
    # "Giao cho ..." under a heading unit is that unit's job of assigning.
    assert proposal.assignments[1].task.startswith("Giao cho các phòng")
    assert proposal.assignments[1].recurrence == "monthly"


def test_the_opening_sentence_gives_the_lead_to_items_naming_none() -> None:
    text = letter(
        "Chủ tịch UBND tỉnh giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính:\n\n"
        "1. Rà soát biên chế.\n\n2. Đề xuất phương án sắp xếp."
    )
    proposal = extract(text)
    assert [(a.lead, a.support) for a in proposal.assignments] == [
        ("Sở Nội vụ", ["Sở Tài chính"]),
        ("Sở Nội vụ", ["Sở Tài chính"]),
    ]


def test_a_sentence_under_a_heading_gives_the_lead_to_its_items() -> None:
    text = letter(
        "I. TÌNH HÌNH\n\nNăm qua, các đơn vị đã triển khai tốt.\n\n"
        "II. TỔ CHỨC THỰC HIỆN\n\nChủ tịch UBND tỉnh giao Sở Công Thương chủ trì:\n\n"
        "1. Kiểm tra thị trường.\n\n2. Báo cáo kết quả trước ngày 30/01/2026."
    )
    proposal = extract(text)
    assert [(a.lead, a.deadline and a.deadline.iso()) for a in proposal.assignments] == [
        ("Sở Công Thương", None),
        ("Sở Công Thương", "2026-01-30"),
    ]


def test_items_asked_of_all_addressees_go_to_each() -> None:
    text = letter(
        "Đề nghị các đơn vị thực hiện các nội dung sau:\n\n1. Rà soát hồ sơ.",
        to="\n- UBND huyện Phù Cát;\n- UBND huyện Phù Mỹ.",
    )
    assert leads(text) == ["UBND huyện Phù Cát", "UBND huyện Phù Mỹ"]


def test_items_naming_no_unit_and_no_one_above_assign_nothing() -> None:
    text = (
        "KẾ HOẠCH\n\nI. MỤC ĐÍCH\n\n1. Nâng cao nhận thức.\n\nII. NHIỆM VỤ\n\n1. Sở Y tế rà soát."
    )
    assert leads(text) == ["Sở Y tế"]


def test_a_closing_deadline_applies_to_every_item_without_one() -> None:
    text = letter(
        "1. Sở Y tế rà soát hồ sơ.\n\n2. Sở Tài chính lập dự toán trong tháng 1/2026.\n\n"
        "Yêu cầu các đơn vị triển khai thực hiện, báo cáo kết quả trước ngày 20/02/2026./."
    )
    proposal = extract(text)
    assert [(a.deadline and a.deadline.iso(), a.deadline_text) for a in proposal.assignments] == [
        ("2026-02-20", "trước ngày 20/02/2026"),
        ("2026-01-31", "trong tháng 1/2026"),
    ]


def test_an_item_that_sets_others_deadline_is_no_task() -> None:
    text = letter(
        "1. Sở Y tế rà soát hồ sơ.\n\n2. Sở Nội vụ lập danh sách.\n\n"
        "3. Hoàn thành các nội dung nêu tại mục 1 và 2 trước ngày 10/01/2026."
    )
    proposal = extract(text)
    assert [(a.lead, a.deadline) for a in proposal.assignments] == [
        ("Sở Y tế", Deadline(date(2026, 1, 10))),
        ("Sở Nội vụ", Deadline(date(2026, 1, 10))),
    ]


def test_khan_truong_without_a_date_is_urgent_not_dated() -> None:
    [a] = extract(letter("1. Sở Xây dựng khẩn trương kiểm tra các công trình.")).assignments
    assert (a.deadline, a.deadline_text, a.urgent) == (None, "khẩn trương", True)


def test_a_deadline_with_its_time() -> None:
    text = letter("1. Sở Y tế báo cáo chậm nhất trước 11 giờ 00 phút, ngày 12/01/2026.")
    [a] = extract(text).assignments
    assert a.deadline == Deadline(date(2026, 1, 12), time(11, 0))
    assert a.deadline_text == "chậm nhất trước 11 giờ 00 phút, ngày 12/01/2026"


def test_a_date_without_its_year_is_read_from_the_letters_date() -> None:
    [a] = extract(letter("1. Sở Y tế báo cáo trước ngày 20/01.")).assignments
    assert a.deadline == Deadline(date(2026, 1, 20))  # the letter is of 15/12/2025


def test_dates_of_other_documents_and_past_news_are_no_deadlines() -> None:
    text = letter(
        "1. Sở Y tế triển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; "
        "ngày 10/12/2025 đã họp."
    )
    [a] = extract(text).assignments
    assert a.deadline is None and a.deadline_text is None


def test_without_a_letter_date_dates_are_read_from_now() -> None:
    now = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
    [a] = extract("1. Giao Sở Y tế báo cáo trước ngày 10/3.", now=now).assignments
    assert a.deadline == Deadline(date(2026, 3, 10))


def test_a_plan_table() -> None:
    text = (
        "KẾ HOẠCH\n\nII. NHIỆM VỤ\n\n"
        "| STT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn |\n"
        "| 1 | Lập quy hoạch | Sở Xây dựng | Sở Tài chính | Quý I/2026 |\n"
        "| 2 | Báo cáo tiến độ | Sở Tư pháp | | định kỳ hằng tháng |\n"
    )
    proposal = extract(text, now=datetime(2025, 12, 1, tzinfo=VN))
    assert [(a.lead, a.support, a.deadline, a.recurrence) for a in proposal.assignments] == [
        ("Sở Xây dựng", ["Sở Tài chính"], Deadline(date(2026, 3, 31)), None),
        ("Sở Tư pháp", [], None, "monthly"),
    ]


def test_a_letter_typed_without_marks() -> None:
    text = (
        "So: 5/UBND\n\nKinh gui: So Y te.\n\n"
        "1. Giao So Y te chu tri, phoi hop voi So Tai chinh kiem tra cac co so, "
        "bao cao truoc ngay 30/01/2026."
    )
    [a] = extract(text, now=datetime(2026, 1, 5, tzinfo=VN)).assignments
    assert (a.lead, a.support, a.deadline) == (
        "So Y te",
        ["So Tai chinh"],
        Deadline(date(2026, 1, 30)),
    )


def test_a_letter_without_items_reads_its_sentences() -> None:
    text = letter(
        "UBND tỉnh nhận được Văn bản số 1/BQL ngày 01/12/2025 của Ban Quản lý dự án.\n\n"
        "Về việc này, Chủ tịch UBND tỉnh giao Sở Tài chính chủ trì thẩm định, báo cáo "
        "trước ngày 31/12/2025. Giao Văn phòng UBND tỉnh theo dõi, đôn đốc."
    )
    assert leads(text) == ["Sở Tài chính", "Văn phòng UBND tỉnh"]


# --- deadlines and rhythms ------------------------------------------------------------------

NOW = datetime(2025, 8, 5, tzinfo=VN)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "recurrence", "deadline"),
    [
        ("báo cáo hằng ngày", "daily", None),
        ("định kỳ vào thứ Sáu hằng tuần báo cáo", "weekly", "2025-08-08"),
        ("báo cáo hằng tuần", "weekly", None),
        ("định kỳ hàng tháng rà soát", "monthly", None),
        ("báo cáo trước ngày 20 hằng tháng", "monthly", "2025-08-20"),
        ("định kỳ hằng quý báo cáo", "quarterly", None),
        ("định kỳ 6 tháng báo cáo", "semiannual", None),
        ("tổng kết hằng năm", "yearly", None),
    ],
)
def test_rhythms(text: str, recurrence: str, deadline: str | None) -> None:
    due = find_due(text, NOW, VN)
    assert due is not None
    assert due.recurrence == recurrence
    assert (due.deadline.iso() if due.deadline else None) == deadline


def test_a_yearly_amount_is_no_rhythm() -> None:
    assert find_due("bố trí tối thiểu 3% tổng chi ngân sách hằng năm", NOW, VN) is None


def test_the_latest_of_several_deadlines_is_the_tasks() -> None:
    due = find_due("báo cáo sơ bộ trước ngày 15/8/2025, chính thức trước ngày 30/8/2025", NOW, VN)
    assert due is not None and due.deadline == Deadline(date(2025, 8, 30))


@pytest.mark.parametrize(
    ("text", "word"),
    [("Khẩn trương rà soát", "khẩn trương"), ("gửi hỏa tốc", "hỏa tốc"), ("gặp mặt", None)],
)
def test_urgency(text: str, word: str | None) -> None:
    assert urgency(text) == word
