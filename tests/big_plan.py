"""A big plan of our own (64 numbered tasks by default) for paging and range edits: each
task long enough that a proposal of all of them is many platform messages."""

from __future__ import annotations

LEADS = (
    "Sở Khoa học và Công nghệ",
    "Sở Thông tin và Truyền thông",
    "Sở Văn hóa, Thể thao và Du lịch",
)
WORKS = (
    "rà soát, cập nhật cơ sở dữ liệu về các nhiệm vụ khoa học và công nghệ cấp tỉnh, "
    "bảo đảm kết nối, chia sẻ với hệ thống thông tin của các bộ, ngành trung ương",
    "tổ chức tập huấn cho cán bộ, công chức cấp xã về sử dụng nền tảng số dùng chung, "
    "tổng hợp khó khăn, vướng mắc trong quá trình triển khai",
    "xây dựng kế hoạch tuyên truyền về chuyển đổi số trên các phương tiện thông tin đại "
    "chúng, hệ thống thông tin cơ sở và mạng xã hội",
    "đánh giá kết quả thực hiện các chương trình, đề án đã được phê duyệt, đề xuất điều "
    "chỉnh nội dung, kinh phí phù hợp với tình hình thực tế của địa phương",
)


def task_words(n: int) -> str:
    return f"Nhiệm vụ {n}: {WORKS[n % len(WORKS)]}"


def lead_of(n: int, leads: tuple[str, ...] = LEADS) -> str:
    return leads[n % len(leads)]


def due_of(n: int) -> str:
    """Item N's deadline as the plan writes it: spread over 2027."""
    return f"{(n % 27) + 1:02d}/{(n % 12) + 1:02d}/2027"


def plan(count: int = 64, leads: tuple[str, ...] = LEADS) -> str:
    """The plan's text: COUNT tasks, led in turn by LEADS (names not registered give
    items to fix)."""
    lines = [
        "ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH",
        "Số: 77/KH-UBND",
        "Bình Định, ngày 05 tháng 01 năm 2027",
        "",
        "KẾ HOẠCH",
        "Triển khai các nhiệm vụ chuyển đổi số năm 2027",
        "",
        "I. NHIỆM VỤ CỤ THỂ",
    ]
    for n in range(1, count + 1):
        lead, due = lead_of(n, leads), due_of(n)
        lines.append(f"{n}. Giao {lead} chủ trì {task_words(n)}; hoàn thành trước ngày {due}.")
    lines += ["", "Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    return "\n".join(lines) + "\n"
