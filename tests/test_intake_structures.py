"""Structures of real documents, in letters of our own (issue 14): a decision that issues
a plan "kèm theo" (the work is in the plan, after the decision's signature: three real
decisions gave 0 of their 125 assignments), party cells heading a plan's sections, and
collective units that list their levels ("Ủy ban nhân dân xã, phường, thị trấn")."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.intake import extract
from storage.deadline import Deadline

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 1, 12, 9, 0, tzinfo=VN)

DECISION = """ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH
Số: 77/QĐ-UBND
Bình Định, ngày 10 tháng 01 năm 2026

QUYẾT ĐỊNH
Ban hành Kế hoạch chuyển đổi số năm 2026

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số năm 2026.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

Điều 3. Giám đốc các sở, Chủ tịch UBND các huyện chịu trách nhiệm thi hành.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.
CHỦ TỊCH
Nguyễn Văn A

{plan_head}

I. MỤC ĐÍCH, YÊU CẦU

1. Nâng cao nhận thức về chuyển đổi số.

II. TỔ CHỨC THỰC HIỆN

1. Sở Khoa học và Công nghệ

- Xây dựng kho dữ liệu dùng chung của tỉnh, hoàn thành trước ngày 30/6/2026.

- Tổng hợp, báo cáo kết quả thực hiện Kế hoạch trước ngày 15/12/2026.

2. Sở Nội vụ

- Rà soát, đào tạo cán bộ chuyên trách chuyển đổi số, hoàn thành trong quý III/2026.
"""

HEADS = [
    "KẾ HOẠCH\nChuyển đổi số năm 2026\n(Kèm theo Quyết định số 77/QĐ-UBND ngày 10/01/2026)",
    "KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2026 (Ban hành kèm theo Quyết định số 77/QĐ-UBND)",
    "",  # the plan's sections follow the signature straight away
]


@pytest.mark.parametrize("head", HEADS)
def test_the_plan_after_the_signature_is_read(head: str) -> None:
    proposal = extract(DECISION.format(plan_head=head), now=NOW)
    assert proposal.number == "77/QĐ-UBND"
    assert [(a.lead, a.deadline) for a in proposal.assignments] == [
        ("Sở Khoa học và Công nghệ", Deadline(date(2026, 6, 30))),
        ("Sở Khoa học và Công nghệ", Deadline(date(2026, 12, 15))),
        ("Sở Nội vụ", Deadline(date(2026, 9, 30))),
    ]


def test_the_plans_own_recipients_are_not_work() -> None:
    text = DECISION.format(plan_head=HEADS[0]) + "\nNơi nhận:\n- Sở Tài chính (để biết);\n"
    leads = [a.lead for a in extract(text, now=NOW).assignments]
    assert "Sở Tài chính" not in leads and len(leads) == 3


PARTY_PLAN = """ĐẢNG ĐOÀN HỘI ĐỒNG NHÂN DÂN TỈNH
Số: 12-KH/ĐĐ
Bình Định, ngày 05 tháng 01 năm 2026

**KẾ HOẠCH**
**Thực hiện Nghị quyết về chuyển đổi số**

**II. PHÂN CÔNG NHIỆM VỤ**

**a) Tổ đảng ở Thường trực Ban Kinh tế - Ngân sách**

*   Chủ trì thẩm tra các đề án chuyển đổi số, hoàn thành trong năm 2026.
*   Giám sát việc bố trí ngân sách cho chuyển đổi số, trước ngày 30/9/2026.

**b) Chi bộ Văn phòng Hội đồng nhân dân tỉnh**

*   Xây dựng phần mềm quản lý văn bản của Hội đồng, hoàn thành trong quý II/2026.
"""


def test_party_cells_under_markdown_headings_lead_their_bullets() -> None:
    """Tổ đảng, chi bộ and đảng bộ head a plan's sections like any unit."""
    proposal = extract(PARTY_PLAN, now=NOW)
    assert [(a.lead, a.deadline) for a in proposal.assignments] == [
        ("Tổ đảng ở Thường trực Ban Kinh tế - Ngân sách", Deadline(date(2026, 12, 31))),
        ("Tổ đảng ở Thường trực Ban Kinh tế - Ngân sách", Deadline(date(2026, 9, 30))),
        ("Chi bộ Văn phòng Hội đồng nhân dân tỉnh", Deadline(date(2026, 6, 30))),
    ]


LEVELS = """Số: 5/UBND-VX

Kính gửi: Các sở, ban, ngành.

1. Ủy ban nhân dân xã, phường, thị trấn rà soát danh sách hộ, trước ngày 27/6/2026.

2. Ủy ban nhân dân quận, huyện tổng hợp danh sách trước ngày 18/8/2026.

3. UBND các huyện, thị xã, thành phố báo cáo trước ngày 30/8/2026.

4. Sở Y tế, Sở Tài chính rà soát trước ngày 30/9/2026.
"""


def test_a_collective_unit_lists_its_levels() -> None:
    """One collective unit, its levels listed; two units named apart stay two."""
    assert [a.lead for a in extract(LEVELS, now=NOW).assignments] == [
        "Ủy ban nhân dân xã, phường, thị trấn",
        "Ủy ban nhân dân quận, huyện",
        "UBND các huyện, thị xã, thành phố",
        "Sở Y tế",
        "Sở Tài chính",
    ]


STEPS = """KẾ HOẠCH

II. NỘI DUNG

2. Trình tự thực hiện

2.1. Bước 1: Tổng hợp danh sách.

Giao Ủy ban nhân dân quận, huyện tổng hợp danh sách hộ được hỗ trợ.

Thời gian hoàn tất: trước ngày 18 tháng 8 năm 2026.

2.2. Bước 2: Thẩm định danh sách.

2.2.a. Sở Xây dựng thẩm định danh sách trước ngày 30/8/2026.
"""


def test_a_steps_sentences_name_who_and_its_line_when() -> None:
    """A plan's step titled by its work ("Bước 1: …"): the unit is in the sentence below
    it, the deadline in its "Thời gian hoàn tất" line; "2.1.a." is a point of the step."""
    proposal = extract(STEPS, now=NOW)
    assert [(a.lead, a.deadline, a.deadline_text) for a in proposal.assignments] == [
        (
            "Ủy ban nhân dân quận, huyện",
            Deadline(date(2026, 8, 18)),
            "trước ngày 18 tháng 8 năm 2026",
        ),
        ("Sở Xây dựng", Deadline(date(2026, 8, 30)), "trước ngày 30/8/2026"),
    ]


# A step whose sentences have a unit as subject (no "Giao"), one after a circumstance,
# and the step's own deadline line; a step without such a line is description only.
SUBJECT_STEPS = """ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN
Số: 45/KH-UBND
Phú Yên, ngày 05 tháng 3 năm 2026

KẾ HOẠCH
Hỗ trợ nhà ở cho hộ nghèo năm 2026

1. Trình tự thực hiện

1.1. Bước 1: Rà soát danh sách hộ được hỗ trợ.

Ủy ban nhân dân xã, phường, thị trấn rà soát, lập danh sách hộ nghèo có nhà ở hư hỏng \
gửi Sở Xây dựng.

Thời gian hoàn tất: trước ngày 15 tháng 4 năm 2026.

1.2. Bước 2: Lập phương án hỗ trợ.

Trên cơ sở danh sách của Ủy ban nhân dân xã, phường, thị trấn, Sở Xây dựng chủ trì, \
phối hợp với Sở Tài chính lập phương án hỗ trợ trình Ủy ban nhân dân tỉnh.

Thời gian hoàn tất: trước ngày 20/5/2026.

1.3. Bước 3: Kết quả mong đợi.

Sở Xây dựng công bố kết quả rộng rãi đến người dân.
"""


def test_a_steps_unit_subject_leads_by_its_own_deadline_line() -> None:
    proposal = extract(SUBJECT_STEPS, now=NOW)
    assert [(a.lead, a.support, a.deadline) for a in proposal.assignments] == [
        ("Ủy ban nhân dân xã, phường, thị trấn", [], Deadline(date(2026, 4, 15))),
        ("Sở Xây dựng", ["Sở Tài chính"], Deadline(date(2026, 5, 20))),
    ]
    assert proposal.assignments[1].task.startswith("Lập phương án hỗ trợ")
    assert proposal.assignments[1].deadline_text == "trước ngày 20/5/2026"


# A header laid out as a table (as a Word letter converted to text gives it), the number
# spaced around its dash, the issuer's and the place's words broken by the conversion
# (the issuer is spelt as the body spells it).
TABLE_HEAD = """| ỦY B AN NHÂN D Â N T ỈNH GIA L AI ------- | CỘNG \
HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc |
|---|---|
| Số: 812/UBND - KT | T hành phố Pl eiku, ngày 12 tháng 02 năm 2020 |

Kính gửi: Sở Công Thương.

Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh Gia Lai, giao Sở Công Thương báo cáo \
tình hình thị trường trước ngày 20/02/2020.
"""


def test_a_header_in_a_table_gives_the_number_and_date() -> None:
    proposal = extract(TABLE_HEAD, now=NOW)
    assert proposal.number == "812/UBND-KT"
    assert proposal.issued == date(2020, 2, 12)
    assert proposal.issuer == "UBND tỉnh Gia Lai"
    # Read on the letter's own date, its deadline is ahead, not past.
    assert [(a.lead, a.deadline) for a in proposal.assignments] == [
        ("Sở Công Thương", Deadline(date(2020, 2, 20)))
    ]


# A plan whose schedule is written as records in prose: each section has its content,
# its lead units under a "Cơ quan chủ trì" heading (one bullet per line, several units in
# a line split by ';'), its supporting units, and one line for the time.
RECORDS = """BAN CHỈ ĐẠO TỈNH VỀ PHÒNG CHỐNG THIÊN TAI
Số: 14/KH-BCĐ
Quảng Nam, ngày 05 tháng 01 năm 2026

KẾ HOẠCH
Phòng chống thiên tai năm 2026

I. TUYÊN TRUYỀN VỀ PHÒNG CHỐNG THIÊN TAI

1. Nội dung, biện pháp

a) Lập chuyên mục về phòng chống thiên tai trên báo, đài;

b) In tờ rơi hướng dẫn người dân.

2. Cơ quan chủ trì, phối hợp

a) Cơ quan chủ trì

- Sở Văn hóa, Thể thao và Du lịch.

- Báo Quảng Nam; Đài Phát thanh - Truyền hình tỉnh.

b) Cơ quan phối hợp

- Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh; các tổ chức chính trị - xã hội.

3. Thời gian thực hiện: Tháng 3/2026 và thường xuyên.

II. DIỄN TẬP ỨNG PHÓ BÃO LŨ

1. Nội dung, biện pháp

a) Diễn tập tại hai huyện ven biển.

2. Chủ trì thực hiện

- Bộ Chỉ huy Quân sự tỉnh.

- Chủ tịch Ủy ban nhân dân các huyện ven biển.

3. Thời gian thực hiện: Tháng 5, 6/2026.
"""


def test_records_in_prose_give_a_task_per_lead_unit() -> None:
    proposal = extract(RECORDS, now=NOW)
    assert [(a.lead, a.deadline) for a in proposal.assignments] == [
        ("Sở Văn hóa, Thể thao và Du lịch", Deadline(date(2026, 3, 31))),
        ("Báo Quảng Nam", Deadline(date(2026, 3, 31))),
        ("Đài Phát thanh - Truyền hình tỉnh", Deadline(date(2026, 3, 31))),
        ("Bộ Chỉ huy Quân sự tỉnh", Deadline(date(2026, 6, 30))),
        # The office-holder's unit answers for the task.
        ("Ủy ban nhân dân các huyện ven biển", Deadline(date(2026, 6, 30))),
    ]
    first = proposal.assignments[0]
    assert first.support == [
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "các tổ chức chính trị - xã hội",
    ]
    assert first.task == "Tuyên truyền về phòng chống thiên tai"  # the title, not capitals
    assert first.deadline_text == "Tháng 3/2026"
    # Words in capitals become a sentence; a word with a syllable's end stays a word.
    assert proposal.assignments[3].task == "Diễn tập ứng phó bão lũ"


# A unit's name alone as a section's heading, its tasks in the paragraphs below; a name
# whose tail reads like a verb ("Bộ Ngoại giao": "giao" is "assign").
NAME_HEADINGS = """BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI
Số: 9/KH-LĐTBXH

KẾ HOẠCH
Chăm lo người có công năm 2026

II. PHÂN CÔNG

1. Bộ Ngoại giao

Phối hợp với Bộ Quốc phòng hỗ trợ thân nhân liệt sĩ ở nước ngoài.

2. Công an tỉnh

Tham mưu bảo đảm an ninh các lễ kỷ niệm, hoàn thành trước ngày 20/7/2026.

Trong đó giao Giám đốc Công an tỉnh chỉ đạo thực hiện:

- Lập phương án bảo vệ các lễ kỷ niệm.
"""


def test_a_unit_heading_leads_its_paragraphs() -> None:
    proposal = extract(NAME_HEADINGS, now=NOW)
    assert [(a.lead, a.support, a.deadline) for a in proposal.assignments] == [
        ("Bộ Ngoại giao", ["Bộ Quốc phòng"], None),
        ("Công an tỉnh", [], Deadline(date(2026, 7, 20))),
        ("Công an tỉnh", [], None),
    ]
    assert proposal.assignments[0].task == "Hỗ trợ thân nhân liệt sĩ ở nước ngoài"


# A party plan: a heading whose subject comes after a purpose ("Để …, Đảng đoàn X xác
# định các nhiệm vụ sau:"), bodies "of" the National Assembly, office-holders in a list,
# named groups side by side, and a subject after "Định kỳ,".
ASSEMBLY = """ĐẢNG ĐOÀN HỘI ĐỒNG NHÂN DÂN TỈNH
Số 12-KH/ĐĐ

KẾ HOẠCH
Thực hiện Nghị quyết về chuyển đổi số

II. NHIỆM VỤ

1. Để thực hiện có hiệu quả Nghị quyết, Đảng đoàn Hội đồng nhân dân tỉnh xác định các \
nhiệm vụ trọng tâm sau:

- Rà soát các nghị quyết về chuyển đổi số, hoàn thành trong năm 2026.

- Xây dựng chương trình giám sát chuyên đề.

2. Trưởng Đoàn đại biểu Quốc hội tỉnh, các Ban của Hội đồng nhân dân tỉnh, các đại biểu \
Quốc hội, các cơ quan, tổ chức hữu quan có trách nhiệm triển khai Kế hoạch này.

3. Định kỳ, Thường trực Hội đồng nhân dân tỉnh chủ trì tổng hợp, báo cáo kết quả thực hiện.

4. Các Ủy ban của Quốc hội phối hợp giám sát việc thực hiện Nghị quyết.
"""


def test_subjects_after_a_purpose_and_bodies_of_the_assembly() -> None:
    proposal = extract(ASSEMBLY, now=NOW)
    assert [(a.lead, a.deadline) for a in proposal.assignments] == [
        ("Đảng đoàn Hội đồng nhân dân tỉnh", Deadline(date(2026, 12, 31))),
        ("Đảng đoàn Hội đồng nhân dân tỉnh", None),
        ("Đoàn đại biểu Quốc hội tỉnh", None),
        ("Các Ban của Hội đồng nhân dân tỉnh", None),
        ("Các đại biểu Quốc hội", None),
        ("Các cơ quan, tổ chức hữu quan", None),
        ("Hội đồng nhân dân tỉnh", None),
        ("Các Ủy ban của Quốc hội", None),
    ]


# Chained duties in one item, each with its own deadline, under a heading that names the
# units and sets the work itself; a note below it keeps its own (no) deadline.
CHAINED = """ỦY BAN NHÂN DÂN TỈNH SƠN LA
Số: 31/KH-UBND

KẾ HOẠCH
Bảo vệ bí mật nhà nước năm 2026

IV. TỔ CHỨC THỰC HIỆN

1. Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các huyện chỉ đạo: xây dựng kế hoạch \
gửi UBND tỉnh (qua Công an tỉnh; Phòng An ninh) trước ngày 28/2/2026; lập dự toán gửi Sở \
Tài chính; báo cáo kết quả thực hiện trước ngày 10/11/2026.

* Lưu ý: khi xảy ra vụ lộ bí mật phải báo cáo ngay về UBND tỉnh.

2. Sở Nội vụ rà soát quy chế trước ngày 30/6/2026; Sở Tư pháp thẩm định quy chế.
"""


def test_chained_duties_each_keep_their_deadline() -> None:
    proposal = extract(CHAINED, now=NOW)
    got = [(a.lead, a.deadline) for a in proposal.assignments]
    sở, huyện = "Các sở, ban, ngành", "UBND các huyện"
    assert got[:6] == [
        (sở, Deadline(date(2026, 2, 28))),
        (sở, None),
        (sở, Deadline(date(2026, 11, 10))),
        (huyện, Deadline(date(2026, 2, 28))),
        (huyện, None),
        (huyện, Deadline(date(2026, 11, 10))),
    ]
    # The brackets' ';' does not cut the first duty.
    assert "(qua Công an tỉnh; Phòng An ninh)" in proposal.assignments[0].task
    assert got[6:8] == [(sở, None), (huyện, None)]  # the note: no deadline of its own
    assert got[8:] == [("Sở Nội vụ", Deadline(date(2026, 6, 30)))]


# A news report of a letter: leads after "có văn bản chỉ đạo", office-holders split by
# ';', a distributive list ("Giám đốc các Sở: Nội vụ, Tài chính": two units); a
# periodic report after ';' is the duty's rhythm (one task), a sentence that starts a
# standing duty ("Thường xuyên …") is a task of its own.
NEWS = """Khẩn trương sắp xếp bộ máy các đơn vị sự nghiệp

Đăng ngày: 14-01-2026

Chủ tịch UBND tỉnh vừa có văn bản chỉ đạo thủ trưởng các đơn vị sự nghiệp công lập \
trực thuộc UBND tỉnh; Chủ tịch UBND các huyện khẩn trương xây dựng đề án sắp xếp bộ máy.

Chủ tịch UBND tỉnh giao Giám đốc các Sở: Nội vụ, Lao động - Thương binh và Xã hội theo \
dõi, đôn đốc việc thực hiện; định kỳ 6 tháng tổng hợp, báo cáo UBND tỉnh.

Giao Sở Xây dựng lập quy hoạch các khu tái định cư. Thường xuyên kiểm tra chất lượng công trình.
"""


def test_a_news_report_names_office_holders_and_distributes_a_list() -> None:
    proposal = extract(NEWS, now=NOW)
    assert [(a.lead, a.recurrence_text) for a in proposal.assignments] == [
        ("Các đơn vị sự nghiệp công lập trực thuộc UBND tỉnh", None),
        ("UBND các huyện", None),
        ("Sở Nội vụ", "định kỳ 6 tháng"),
        ("Sở Lao động - Thương binh và Xã hội", "định kỳ 6 tháng"),
        ("Sở Xây dựng", None),
        ("Sở Xây dựng", None),
    ]
    assert proposal.assignments[2].task.startswith("Theo dõi, đôn đốc")
    assert [a.task for a in proposal.assignments[4:]] == [
        "Lập quy hoạch các khu tái định cư",
        "Thường xuyên kiểm tra chất lượng công trình",
    ]


# A portal's page reporting a letter: the letter is cited at the end (its date there, the
# body above it), and a letter whose "Nơi nhận" sits in a table cell ends its body there.
CITED = """THÔNG TIN Ý KIẾN
Gia Lai

V/v Cấp phép khai thác mỏ đá

UBND tỉnh có ý kiến như sau:

Giao Sở Công Thương chủ trì, phối hợp với Sở Xây dựng rà soát hồ sơ, báo cáo UBND tỉnh \
trước ngày 20/3/2026./.

(Theo Công văn số 640/UBND-KT, ngày 02/3/2026)
"""

SIGNED_IN_A_TABLE = """Số: 75/VPCP-KGVX

Kính gửi: Bộ Y tế

Phó Thủ tướng yêu cầu Bộ Y tế hoàn thành Thông tư trước ngày 30 tháng 5 năm 2026.

| Nơi nhận: - Như trên; - Sở Tài chính; - Lưu: VT. | KT. BỘ TRƯỞNG Nguyễn Văn B |
|---|---|
"""


def test_a_cited_letter_and_a_signature_table() -> None:
    cited = extract(CITED, now=NOW)
    assert cited.issued == date(2026, 3, 2)
    assert [(a.lead, a.support, a.deadline) for a in cited.assignments] == [
        ("Sở Công Thương", ["Sở Xây dựng"], Deadline(date(2026, 3, 20)))
    ]
    signed = extract(SIGNED_IN_A_TABLE, now=NOW)
    assert [(a.lead, a.deadline) for a in signed.assignments] == [
        ("Bộ Y tế", Deadline(date(2026, 5, 30)))
    ]
