"""Bad input, field by field, command by command.

Every row is a message that must be refused with a clear Vietnamese reply that names the
problem (the key words of the row) and shows the right form ("Ví dụ: …" or a command to
type), is sent to the sender only, and changes nothing: every row of every table is the
same before and after, so no assignment, unit, invite or dialog is left half-written.

Rows are grouped by command; a group's rows run one after the other in one world (a
refusal changes nothing, so they cannot disturb each other).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.clock import FakeClock
from tests.support.harness import Harness
from tests.world import build_world, invite_code

# -- the world every test starts from: tests/world.py's build_world ---------------------
# Three units, lan in SKHCN, minh in STTTT, hoa in SVHTTDL, #1 (SKHCN, STTTT supporting),
# #2 (SVHTTDL), one document; its values ("{lan_invite}", …) fill the rows' messages.


# -- rows -------------------------------------------------------------------------------


class NotRefused(AssertionError):
    """The input was not cleanly refused: something was written, it crashed, or others
    were told."""


class WrongMessage(AssertionError):
    """The refusal does not say what it should (the state was left alone)."""


class MissingExample(WrongMessage):
    """The refusal names the problem but shows no example of the right form."""


@dataclass(frozen=True)
class Bad:
    actor: str
    text: str
    words: tuple[str, ...]  # the reply names the problem with these
    absent: tuple[str, ...] = ()  # and does not contain these
    example: bool = True  # and shows an example or a command to type
    file: tuple[str, bytes, int] | None = None  # sent with a file (name, data, size); text: caption

    def __str__(self) -> str:
        return f"[{self.actor}] {self.text}"


def bad(text: str, *words: str, actor: str = "admin", **more: Any) -> Bad:
    return Bad(actor, text, words, **more)


INTERNAL_ERROR = "đã có lỗi khi xử lý"
# Words of an exception's message or of the configuration, outside what the user typed.
_ENGLISH = re.compile(
    r"\b(?:cannot|expected|invalid|error|must|the|is not|unknown)\b|DONDOC_\w*|Traceback",
    re.IGNORECASE,
)
_EXAMPLE = re.compile(r"ví dụ|(?<![\w/])/[a-z]{2,}", re.IGNORECASE)


@dataclass(frozen=True)
class Group:
    rows: list[Bad]
    setup: Callable[[Harness, FakeClock, dict[str, str]], None] | None = None


def _said(h: Harness, user: str, text: str, expected: str) -> str:
    reply = h.reply(user, text)
    assert expected in reply, f"setup: {text} -> {reply}"
    return reply


def _setup_units(h: Harness, clock: FakeClock, values: dict[str, str]) -> None:
    # The world names SKHCN "KH&CN" and "Sở KHCN" already; the rows need "KHCN" too.
    _said(h, "admin", "/donvi bidanh SKHCN Sở KHCN; KHCN", "Đã thêm tên khác cho SKHCN: KHCN.")


def _setup_invites(h: Harness, clock: FakeClock, values: dict[str, str]) -> None:
    _said(h, "admin", "/donvi them SNV Sở Nội vụ", "Đã thêm đơn vị")
    values["archived"] = invite_code(h, "SNV")
    _said(h, "admin", "/donvi luutru SNV", "Đã lưu trữ")
    values["expired"] = invite_code(h, "SKHCN")
    clock.advance(days=8)  # invites last 7 days


def _setup_dialog(h: Harness, clock: FakeClock, values: dict[str, str]) -> None:
    _said(h, "admin", "/giao SKHCN | Xây dựng kế hoạch mới", "Hạn hoàn thành?")


# Two items: SKHCN's, and one for a unit that is not registered (Sở Xây dựng).
LETTER = """Số: 15/UBND-VX
Bình Định, ngày 02 tháng 01 năm 2026

Kính gửi: Sở Khoa học và Công nghệ; Sở Xây dựng.

1. Giao Sở Khoa học và Công nghệ chủ trì xây dựng kế hoạch chuyển đổi số, hoàn thành trước \
ngày 20/02/2026.

2. Giao Sở Xây dựng kiểm tra các công trình đang thi công, báo cáo trước ngày 27/02/2026.
"""


def _setup_import(h: Harness, clock: FakeClock, values: dict[str, str]) -> None:
    _said(h, "admin", "/nhapvanban " + LETTER, "2. Chủ trì: Sở Xây dựng")


def _setup_extension(h: Harness, clock: FakeClock, values: dict[str, str]) -> None:
    _said(h, "lan", "/giahan 1 20/02/2026 Chờ kinh phí", "Đã gửi quản trị viên đề nghị")


def _setup_cancelled(h: Harness, clock: FakeClock, values: dict[str, str]) -> None:
    _said(h, "admin", "/huynv 2 Không còn cần thiết", "Đã hủy")


GIAO = "/giao SKHCN | Xây dựng kế hoạch"  # + " | hạn | …"
LONG = "X" * 300

GROUPS: dict[str, Group] = {
    "donvi": Group(
        setup=_setup_units,
        rows=[
            bad("/donvi them", "Cách dùng", "/donvi them SKHCN"),
            bad("/donvi them SNV", "Cách dùng", "/donvi them SKHCN"),
            bad("/donvi them S K Sở Nội vụ", "Mã đơn vị «S» không hợp lệ"),
            bad("/donvi them S Sở Nội vụ", "Mã đơn vị «S» không hợp lệ"),
            bad("/donvi them 12345 Sở Nội vụ", "«12345» không hợp lệ", "ít nhất một chữ cái"),
            bad("/donvi them SỞNV Sở Nội vụ", "«SỞNV» không hợp lệ", "không dấu"),
            bad("/donvi them SKHCN Sở Nội vụ", "Mã SKHCN đã có"),
            bad("/donvi them skhcn Sở Nội vụ", "Mã SKHCN đã có"),
            bad(
                "/donvi them SNV Sở Khoa học và Công nghệ",
                "«Sở Khoa học và Công nghệ» đã dùng",
                "SKHCN",
            ),
            bad(
                "/donvi them SNV so khoa hoc va cong nghe",
                "đã dùng",
                "SKHCN",
            ),
            bad(
                "/donvi them SNV Sở KHCN",
                "«Sở KHCN» đã dùng",
                "SKHCN",
            ),
            bad(
                "/donvi them SNV Sở Nội vụ | Sở Thông tin và Truyền thông",
                "đã dùng",
                "STTTT",
            ),
            bad("/donvi doiten XYZ Sở Nội vụ", "Không có đơn vị «XYZ»"),
            bad("/donvi doiten SKHCN", "Cách dùng", "/donvi doiten SKHCN"),
            bad(
                "/donvi doiten SKHCN Sở Thông tin và Truyền thông",
                "đã dùng",
                "STTTT",
            ),
            bad("/donvi bidanh XYZ Sở KH&CN", "Không có đơn vị «XYZ»"),
            bad("/donvi bidanh SKHCN", "Cách dùng", "/donvi bidanh SKHCN"),
            bad(
                "/donvi bidanh STTTT Sở KHCN",
                "«Sở KHCN» đã dùng",
                "SKHCN",
            ),
            bad("/donvi luutru", "Cách dùng", "/donvi luutru SKHCN"),
            bad("/donvi luutru XYZ", "Không có đơn vị «XYZ»"),
            bad(
                "/donvi luutru SKHCN",
                "SKHCN còn chủ trì 1 nhiệm vụ đang mở",
            ),
            bad("/donvi khoiphuc XYZ", "Không có đơn vị «XYZ»"),
            bad(
                "/donvi khoiphuc SKHCN",
                "SKHCN không ở trạng thái lưu trữ",
            ),
            bad("/donvi xoa SKHCN", "Cách dùng", "/donvi them"),
            # Names that would mean two units.
            bad("/donvi bidanh SKHCN STTTT", "Tên «STTTT» đã dùng cho đơn vị STTTT"),
            bad("/donvi them SYT Sở Y tế | SKHCN", "Tên «SKHCN» đã dùng cho đơn vị SKHCN"),
            bad("/donvi them KHCN Sở Khác", "Tên «KHCN» đã dùng cho đơn vị SKHCN"),
            bad(f"/donvi them SDAI Sở {LONG}", "quá giới hạn 300 ký tự"),
        ],
    ),
    "moi": Group(
        rows=[
            bad("/moi", "Cách dùng: /moi", "Ví dụ: /moi SKHCN"),
            bad("/moi XYZ", "Không có đơn vị «XYZ»"),
            bad("/moi SKHCN, STTTT", "Không có đơn vị «SKHCN, STTTT»"),
        ]
    ),
    "start": Group(
        setup=_setup_invites,
        rows=[
            bad(
                "/start ABCDEFGH", "Mã mời «ABCDEFGH» không đúng", "Ví dụ: /start", actor="stranger"
            ),
            bad("/start 12", "Mã mời «12» không đúng", actor="stranger"),
            bad("/start {archived}", "ngừng hoạt động", actor="stranger"),
            bad(
                "/start {lan_invite}",
                "đã được dùng",
                actor="stranger",
            ),
            bad(
                "/start {expired}",
                "đã hết hạn",
                actor="stranger",
            ),
        ],
    ),
    "vanban": Group(
        rows=[
            bad("/vanban them", "Cách dùng: /vanban them", "Ví dụ: /vanban them"),
            bad("/vanban them 413/UBND-VX", "Cách dùng: /vanban them"),
            bad("/vanban them 413/UBND-VX | UBND tỉnh", "Cách dùng: /vanban them"),
            bad("/vanban them 413/UBND-VX | | 14/01/2025", "Cách dùng: /vanban them"),
            bad("/vanban them | UBND tỉnh | 14/01/2025", "Cách dùng: /vanban them"),
            bad(
                "/vanban them 413/UBND-VX | UBND tỉnh | 14/01/2025 | Trích yếu | thêm",
                "Cách dùng: /vanban them",
            ),
            bad("/vanban them 413/UBND-VX | UBND tỉnh | abc", "Chưa đọc được ngày từ «abc»"),
            bad("/vanban them 413/UBND-VX | UBND tỉnh | 31/02/2025", "không có thật"),
            bad("/vanban them 413/UBND-VX | UBND tỉnh | 29/02/2025", "«29/02/2025» không có thật"),
            bad("/vanban them 413/UBND-VX | UBND tỉnh | 10/02/2026", "10/02/2026", "chưa tới"),
            bad("/vanban them 413/UBND-VX | UBND tỉnh | ngày mai", "06/01/2026", "chưa tới"),
            bad(
                "/vanban them 412/UBND-VX | UBND tỉnh | 14/01/2025 | Trích yếu",
                "Văn bản 412/UBND-VX",
                "đã có",
            ),
            bad("/vanban them 412/ubnd-vx | ubnd tỉnh | 14/01/2025", "đã có"),
            bad("/vanban 999/XX", "Không có văn bản «999/XX»"),
            bad("/vanban 99999999999999999999", "Không có văn bản"),
            bad("/vanban 99999999999", "Không có văn bản"),
            bad(
                f"/vanban them {'4' * 101}/UBND | UBND tỉnh | 14/01/2025",
                "Số văn bản dài 106 ký tự, quá giới hạn 100 ký tự",
            ),
        ]
    ),
    "giao": Group(
        rows=[
            bad("/giao XYZ | Xây dựng kế hoạch | 10/02/2026", "Không có đơn vị «XYZ»", "/donvi"),
            bad("/giao SKHCN, XYZ | Xây dựng kế hoạch | 10/02/2026", "Không có đơn vị «XYZ»"),
            bad(f"{GIAO} | 10/02/2026 | phối hợp: XYZ", "Không có đơn vị «XYZ»"),
            bad(f"{GIAO} | 10/02/2026 | phối hợp: STTTT, XYZ", "Không có đơn vị «XYZ»"),
            bad(f"{GIAO} | abc", "Chưa đọc được ngày từ «abc»"),
            bad(f"{GIAO} | 31/02/2026", "«31/02» không có thật"),
            bad(f"{GIAO} | 29/02/2027", "«29/02/2027» không có thật"),
            bad(f"{GIAO} | 13/13/2026", "không có thật"),
            bad(f"{GIAO} | 01/01/2026", "«01/01/2026» đã qua"),
            bad(f"{GIAO} | 8h hôm nay", "đã qua"),  # the clock says 9h
            bad(
                f"{GIAO} | 10/02/2026 | Kế hoạch được ban hành",
                "Thừa phần «Kế hoạch được ban hành»",
                "phối hợp: …",
            ),
            bad(f"{GIAO} | 10/02/2026 | ghi chú: gấp", "Thừa phần «ghi chú: gấp»"),
            bad(
                f"{GIAO} | 10/02/2026 | văn bản: 412/UBND-VX | vb: 412/UBND-VX",
                "hai lần",
                absent=("«document»",),
            ),
            bad(
                f"{GIAO} | 10/02/2026 | kết quả: Kế hoạch | kq: Báo cáo",
                "hai lần",
                absent=("«result»",),
            ),
            bad(f"{GIAO} | 10/02/2026 | vb: 999/XX", "Không có văn bản «999/XX»"),
            bad(f"{GIAO} | 10/02/2026 | văn bản: 7", "Không có văn bản «7»"),
            bad("/giao SKHCN | | 10/02/2026", "Chưa có nội dung nhiệm vụ"),
            bad(
                "/giao | Xây dựng kế hoạch | 10/02/2026",
                "Chưa có đơn vị chủ trì",
            ),
            # The field is named as the user knows it, not by its name in the code.
            bad(f"{GIAO} | 10/02/2026 | hạn: 11/02/2026", "hai lần", absent=("«due»",)),
            bad(
                f"{GIAO} | 10/02/2026 | phối hợp: STTTT | ph: SVHTTDL",
                "hai lần",
                absent=("«supports»",),
            ),
            bad(f"{GIAO} | 10/02/2026 | đơn vị: STTTT", "hai lần", absent=("«lead»",)),
            bad(
                f"{GIAO} | 10/02/2026 | vb: 99999999999999999999",
                "Không có văn bản",
            ),
            bad(f"{GIAO} | 10/02/2026 | phối hợp: các sở {LONG}", "quá giới hạn 300 ký tự"),
        ]
    ),
    "giao, the deadline question": Group(
        setup=_setup_dialog,
        rows=[
            bad("abc", "Chưa đọc được ngày từ «abc»"),
            bad("31/02/2026", "không có thật"),
            bad("01/01/2026", "«01/01/2026» đã qua"),
            bad("/giao XYZ | Việc khác | 10/02/2026", "Không có đơn vị «XYZ»"),
        ],
    ),
    "sua": Group(
        rows=[
            bad("/sua", "Cách dùng: /sua", "/sua 12 han "),
            bad("/sua abc han 20/02/2026", "Cách dùng: /sua"),
            bad("/sua 1", "Cách dùng: /sua"),
            bad("/sua 1 mau xanh", "Cách dùng: /sua", "noidung, han, ketqua"),
            bad("/sua 1 han", "Cách dùng: /sua"),
            bad("/sua 1 noidung", "Cách dùng: /sua"),
            bad("/sua 1 ketqua", "Cách dùng: /sua"),
            bad("/sua 1 han abc", "Chưa đọc được ngày từ «abc»"),
            bad("/sua 1 han 31/02/2026", "không có thật"),
            bad("/sua 1 han 29/02/2027", "«29/02/2027» không có thật"),
            bad("/sua 1 han 01/01/2026", "«01/01/2026» đã qua"),
            bad("/sua 99 han 20/02/2026", "Không có nhiệm vụ #99"),
            bad("/sua 1 donvi XYZ", "Không có đơn vị «XYZ»"),
            bad("/sua 1 phoihop XYZ", "Không có đơn vị «XYZ»"),
            bad("/sua 1 vanban 999/XX", "Không có văn bản «999/XX»"),
            bad("/sua 1 vanban 99999999999999999999", "Không có văn bản"),
        ]
    ),
    "huynv, dong, molai, duyet, tuchoi": Group(
        setup=_setup_cancelled,
        rows=[
            bad("/huynv", "Cách dùng: /huynv", "Ví dụ: /huynv 12"),
            bad("/huynv abc", "Cách dùng: /huynv"),
            bad("/huynv 99", "Không có nhiệm vụ #99"),
            bad("/huynv 2", "Nhiệm vụ #2 đã bị hủy", "/nhiemvu 2"),
            bad("/huynv 1", "Hãy nêu lý do hủy nhiệm vụ #1", "Ví dụ: /huynv 1 "),
            bad("/huynv 1 .", "Hãy nêu lý do hủy nhiệm vụ #1"),
            bad("/huynv #1 |", "Hãy nêu lý do hủy nhiệm vụ #1"),
            bad("/canceltask 1", "Hãy nêu lý do hủy nhiệm vụ #1"),
            bad("/dong", "Cách dùng: /dong", "Ví dụ: /dong 12"),
            bad("/dong abc", "Cách dùng: /dong"),
            bad("/dong 99", "Không có nhiệm vụ #99"),
            bad("/dong 2", "Nhiệm vụ #2 đã bị hủy"),
            bad("/xong 2", "Nhiệm vụ #2 đã bị hủy"),
            bad("/baocao 2 Đã xong", "Nhiệm vụ #2 đã bị hủy"),
            bad("/molai", "Cách dùng: /molai", "Ví dụ: /molai 12"),
            bad("/molai 99", "Không có nhiệm vụ #99"),
            bad("/molai 1 Chưa đạt", "Nhiệm vụ #1 đang mở"),
            bad("/duyet", "Cách dùng: /duyet", "Ví dụ: /duyet 12"),
            bad("/duyet 99", "Không có nhiệm vụ #99"),
            bad("/duyet 2", "Nhiệm vụ #2 đã bị hủy"),
            bad("/duyet 1", "#1 không có đề nghị gia hạn"),
            bad("/tuchoi", "Cách dùng: /tuchoi", "Ví dụ: /tuchoi 12"),
            bad("/tuchoi 99", "Không có nhiệm vụ #99"),
            bad(
                "/tuchoi 1 Không lùi hạn",
                "#1 không có đề nghị gia hạn",
            ),
        ],
    ),
    "tuchoi with a request waiting": Group(
        setup=_setup_extension,
        rows=[
            bad("/tuchoi 1", "Hãy nêu lý do không đồng ý gia hạn #1", "Ví dụ: /tuchoi 1 "),
            bad("/tuchoi 1 -", "Hãy nêu lý do không đồng ý gia hạn #1"),
            bad("/refuse 1", "Hãy nêu lý do không đồng ý gia hạn #1"),
        ],
    ),
    "nhacnho": Group(
        rows=[
            bad("/nhacnho SKHCN", "Cách dùng", "/nhacnho SKHCN 5d,2d,0d"),
            bad("/nhacnho SKHCN 5d,abc", "Lịch nhắc «5d,abc»", "không đọc được «abc»"),
            bad("/nhacnho SKHCN 5 ngay, 2 tuan", "không đọc được «2 tuan»"),
            bad("/nhacnho mac-dinh 90d", "«90d» quá xa", "tối đa 60d"),
            bad("/nhacnho 1 0h", "«0h» là đúng lúc đến hạn", "0d"),
            bad("/nhacnho SKHCN ,", "chưa có mốc nhắc nào"),
            bad("/nhacnho SKHCN " + ",".join(f"{n}d" for n in range(1, 12)), "11 mốc"),
            bad("/nhacnho XYZ 5d", "Không có đơn vị «XYZ»"),
            bad("/nhacnho 99 5d", "Không có nhiệm vụ #99"),
        ]
    ),
    "nhiemvu, baocao, xong, giahan, lichsu": Group(
        rows=[
            bad("/nhiemvu XYZ", "Không có đơn vị «XYZ»", actor="lan"),
            bad("/nhiemvu XYZ", "Không có đơn vị «XYZ»"),
            bad("/baocao", "Cách dùng: /baocao", "Ví dụ: /baocao 12", actor="lan"),
            bad("/baocao abc", "Cách dùng: /baocao", actor="lan"),
            bad("/baocao abc Đã xong dự thảo", "Cách dùng: /baocao", actor="lan"),
            bad("/baocao 99 Đã xong dự thảo", "Không có nhiệm vụ #99", actor="lan"),
            bad("/xong", "Cách dùng: /xong", "Ví dụ: /xong 12", actor="lan"),
            bad("/xong abc", "Cách dùng: /xong", actor="lan"),
            bad("/xong 99", "Không có nhiệm vụ #99", actor="lan"),
            bad("/giahan", "Cách dùng: /giahan", "Ví dụ: /giahan 12", actor="lan"),
            bad("/giahan 1", "Cách dùng: /giahan", actor="lan"),
            bad("/giahan abc 20/02/2026 Chờ kinh phí", "Cách dùng: /giahan", actor="lan"),
            bad("/giahan 1 Chờ kinh phí", "Chưa đọc được ngày", actor="lan"),
            bad("/giahan 1 | Chờ kinh phí", "Chưa đọc được ngày", actor="lan"),
            bad("/giahan 1 abc Chờ kinh phí", "Chưa đọc được ngày", actor="lan"),
            bad("/giahan 1 31/02/2026 Chờ kinh phí", "«31/02» không có thật", actor="lan"),
            bad("/giahan 1 01/01/2026 Chờ kinh phí", "«01/01/2026» đã qua", actor="lan"),
            bad("/giahan 1 05/02/2026 Chờ kinh phí", "hạn hiện tại", "10/02/2026", actor="lan"),
            bad("/giahan 1 10/02/2026 Chờ kinh phí", "hạn hiện tại", actor="lan"),
            bad("/giahan 1 20/02/2026", "Hãy nêu lý do", "Ví dụ: /giahan 1 ", actor="lan"),
            bad("/giahan 1 20/02/2026 |", "Hãy nêu lý do", actor="lan"),
            bad("/giahan 99 20/02/2026 Chờ kinh phí", "Không có nhiệm vụ #99", actor="lan"),
            bad("/lichsu", "Cách dùng: /lichsu", "Ví dụ: /lichsu 12", actor="lan"),
            bad("/lichsu abc", "Cách dùng: /lichsu", actor="lan"),
            bad("/lichsu 1 thêm", "Cách dùng: /lichsu", actor="lan"),
            bad("/lichsu 99", "Không có nhiệm vụ #99", actor="lan"),
        ]
    ),
    "ngonngu, unknown command, thanhvien, quantri, tiendo": Group(
        rows=[
            bad("/ngonngu fr", "/ngonngu vi", "/ngonngu en", actor="lan"),
            bad("/ngonngu", "/ngonngu vi", "/ngonngu en", actor="stranger"),
            bad("/abc", "Không có lệnh /abc", "/trogiup", actor="lan"),
            bad("/abc", "Không có lệnh /abc", "/trogiup", actor="stranger"),
            bad("/abc@dondoc_bot 1", "Không có lệnh /abc", actor="stranger"),
            bad("/thanhvien XYZ", "Không có đơn vị «XYZ»"),
            bad("/thanhvien xoa", "Cách dùng", "/thanhvien xoa SKHCN 5"),
            bad("/thanhvien xoa SKHCN", "Cách dùng", "/thanhvien xoa SKHCN 5"),
            bad("/thanhvien xoa SKHCN abc", "Cách dùng", "/thanhvien xoa SKHCN 5"),
            bad("/thanhvien xoa SKHCN 2 3", "Cách dùng", "/thanhvien xoa SKHCN 5"),
            bad("/thanhvien xoa SKHCN 99", "Không có thành viên mã 99 trong SKHCN"),
            bad("/thanhvien xoa XYZ 2", "Không có đơn vị «XYZ»"),
            bad("/quantri them", "Cách dùng", "/quantri them 5"),
            bad("/quantri xyz 2", "Cách dùng", "/quantri them 5"),
            bad("/quantri them 99", "Không tìm thấy người dùng «99»", "ví dụ"),
            bad("/quantri them lan", "Không tìm thấy người dùng «lan»"),
            bad("/quantri them telegram:1001", "Không tìm thấy người dùng «telegram:1001»"),
            bad("/tiendo XYZ", "«XYZ» không phải một đơn vị hay một kỳ", "/tiendo SKHCN"),
        ]
    ),
    "lanhdao and phancong": Group(
        rows=[
            bad("/lanhdao", "Cách dùng", "/lanhdao SKHCN 5"),
            bad("/lanhdao XYZ", "Không có đơn vị «XYZ»"),
            bad("/lanhdao SKHCN abc", "Cách dùng", "/lanhdao SKHCN 5"),
            bad("/lanhdao SKHCN pho", "Cách dùng", "/lanhdao SKHCN pho 6"),
            bad("/lanhdao SKHCN 2 3", "Cách dùng", "/lanhdao SKHCN 5"),
            bad("/lanhdao SKHCN 3", "Không có thành viên mã 3 trong SKHCN", "/thanhvien SKHCN"),
            bad("/lanhdao SKHCN 99", "Không có thành viên mã 99 trong SKHCN"),
            bad("/lanhdao SKHCN 2", "chỉ dành cho quản trị viên", actor="lan"),
            bad("/lanhdao STTTT", "STTTT không phải đơn vị của bạn", actor="lan"),
            bad("/phancong", "Cách dùng", "/phancong 12 7"),
            bad("/phancong 1", "Cách dùng", "/phancong 12 7"),
            bad("/phancong abc 2", "Cách dùng", "/phancong 12 7"),
            bad("/phancong 1 abc", "Cách dùng", "/phancong 12 7"),
            bad("/phancong 1 3", "Không có thành viên mã 3 trong SKHCN"),
            bad("/phancong 99 2", "Không có nhiệm vụ #99"),
            bad("/phancong 1 2", "Chỉ thủ trưởng, cấp phó SKHCN", "/lanhdao SKHCN", actor="lan"),
            bad("/phancong 2 4", "Không có nhiệm vụ #2", actor="lan"),
            bad(
                "/giao SKHCN | Việc C | 20/02/2026 | đầu mối: chị Lan",
                "Chưa hiểu đầu mối",
                "đầu mối: 5",
            ),
            bad(
                "/giao SKHCN | Việc C | 20/02/2026 | đầu mối: 3",
                "Không có thành viên mã 3 trong SKHCN",
            ),
            bad("/giao SKHCN, STTTT | Việc C | 20/02/2026 | đầu mối: 2", "một đơn vị", "/phancong"),
        ]
    ),
    "tiendo and xuat filters": Group(
        rows=[
            bad("/tiendo STTTT", "STTTT không phải đơn vị của bạn", actor="lan"),
            bad("/tiendo tháng 13", "Chưa hiểu phạm vi", "/tiendo tháng 5"),
            bad(
                "/tiendo từ 31/1/2026 đến 1/1/2026", "sau ngày kết thúc", "/tiendo từ 1/1 đến 31/1"
            ),
            bad("/tiendo tháng tới", "«tháng tới» không phải một đơn vị hay một kỳ"),
            bad("/tiendo tuan toi", "«tuan toi» không phải một đơn vị hay một kỳ"),
            bad("/tiendo từ hôm kia đến xyz", "Chưa hiểu phạm vi", "/tiendo năm 2025"),
            bad("/tiendo vb 999/XX", "Không có văn bản «999/XX»"),
            bad("/tiendo bieudo tháng 0", "Chưa hiểu phạm vi", "/tiendo tháng 5"),
            bad("/tiendo bieudo XYZ", "«XYZ» không phải một đơn vị hay một kỳ"),
            bad("/xuat XYZ", "«XYZ» không phải một đơn vị hay một kỳ", "/xuat SKHCN"),
            bad("/xuat csv SVHTTDL", "SVHTTDL không phải đơn vị của bạn", actor="minh"),
            bad("/xuat tháng 13", "Chưa hiểu phạm vi cần xuất", "/xuat csv"),
            bad("/xuat csv vb 999/XX", "Không có văn bản «999/XX»"),
        ]
    ),
    "nhapvanban, nothing pending": Group(
        rows=[
            bad("/nhapvanban giao", "Không có văn bản nào đang chờ giao", "/nhapvanban"),
            bad("/import accept", "Không có văn bản nào đang chờ giao"),
            bad("/nhapvanban bo 1", "Không có văn bản nào đang chờ giao"),
            bad("/nhapvanban sua 1 han 20/02/2026", "Không có văn bản nào đang chờ giao"),
            bad("/nhapvanban bo", "Cách dùng", "/nhapvanban bo SỐ"),
        ]
    ),
    "nhapvanban draft": Group(
        setup=_setup_import,
        rows=[
            bad("/nhapvanban giao", "Chưa giao: 1 trong 2 mục", "/nhapvanban sua 2 donvi MÃ"),
            bad("/nhapvanban bo 9", "Không có mục 9", "(1–2)"),
            bad("/nhapvanban bo 0", "Không có mục 0"),
            bad("/nhapvanban bo abc", "Cách dùng", "/nhapvanban bo SỐ"),
            bad("/nhapvanban sua 9 han 20/02/2026", "Không có mục 9"),
            bad("/nhapvanban sua 2 donvi XYZ", "Không có đơn vị «XYZ»"),
            bad("/nhapvanban sua 1 phoihop STTTT, XYZ", "Không có đơn vị «XYZ»"),
            bad("/nhapvanban sua 1 han abc", "Chưa đọc được ngày từ «abc»"),
            bad("/nhapvanban sua 1 han 01/01/2026", "«01/01/2026» đã qua"),
            bad("/nhapvanban sua 1 han 31/02/2026", "«31/02» không có thật"),
            bad("/nhapvanban sua 1 han hằng năm", "Chưa theo dõi được lịch lặp «hằng năm»"),
            bad("/nhapvanban sua 1 xyz abc", "Cách dùng", "/nhapvanban sua SỐ MỤC"),
            bad("/nhapvanban sua 1 han", "Cách dùng", "/nhapvanban sua SỐ MỤC"),
            bad("", "bot đọc tệp .txt, .docx và .pdf", file=("cong-van.doc", b"\xd0\xcf", 2)),
            bad("/nhapvanban", "Tệp «kh.pdf» nặng 11.0 MB", file=("kh.pdf", b"", 11 * 2**20)),
            bad("", "Không mở được tệp «a.docx»", file=("a.docx", b"not a zip", 9)),
            bad("", "Tôi không đọc tệp đính kèm", actor="lan", file=("a.docx", b"x", 1)),
        ],
    ),
    "progress replies": Group(
        rows=[
            bad("#2 xong", "Không có nhiệm vụ #2", actor="lan"),
            bad("#99 60%", "Không có nhiệm vụ #99", actor="lan"),
        ]
    ),
}


# -- running a row ----------------------------------------------------------------------


def problems_of(h: Harness, row: Bad, values: dict[str, str]) -> list[AssertionError]:
    """Send ROW; what is wrong, most serious first: a change or a crash (NotRefused), a
    reply that misses the point (WrongMessage), a reply without an example."""
    text = row.text.format(**values)
    where = f"[{row.actor}] {text}"
    counts, before, last_row = h.table_counts(), h.snapshot(), h.outbox_last_id()
    if row.file is not None:
        name, data, size = row.file
        deliveries = h.send_file(row.actor, name, data, text, size=size)
    else:
        deliveries = h.say(row.actor, text)
    found: list[AssertionError] = []
    if h.table_counts() != counts:
        found.append(NotRefused(f"{where}: row counts {counts} -> {h.table_counts()}"))
    after = h.snapshot()
    changed = [name for name in before if before[name] != after[name]]
    if changed:
        found.append(NotRefused(f"{where}: tables changed: {changed}"))
    others = sorted({d.to for d in deliveries if d.to != row.actor})
    if others:
        found.append(NotRefused(f"{where}: also sent to {others}"))
    written = h.outbox_since(last_row)
    if [chat for chat, _ in written] != [row.actor]:
        found.append(NotRefused(f"{where}: outbox rows written: {written}"))
    mine = [d.text for d in deliveries if d.to == row.actor]
    if len(mine) != 1:
        found.append(NotRefused(f"{where}: expected one reply, got {mine}"))
        return found
    reply = mine[0]
    if INTERNAL_ERROR in reply:
        found.append(NotRefused(f"{where}: internal error: {reply!r}"))
        return found
    missing = [w for w in (w.format(**values) for w in row.words) if w not in reply]
    if missing:
        found.append(WrongMessage(f"{where}: reply lacks {missing}: {reply!r}"))
    present = [w for w in row.absent if w in reply]
    if present:
        found.append(WrongMessage(f"{where}: reply shows {present}: {reply!r}"))
    english = _ENGLISH.findall(re.sub(r"«[^»]*»", "", reply))
    if english:
        found.append(WrongMessage(f"{where}: English or configuration {english}: {reply!r}"))
    if row.example and not _EXAMPLE.search(reply):
        found.append(MissingExample(f"{where}: no example or command in {reply!r}"))
    return found


def prepare(h: Harness, clock: FakeClock, group: Group) -> dict[str, str]:
    values = build_world(h).values
    if group.setup is not None:
        group.setup(h, clock, values)
    return values


@pytest.mark.parametrize("name", list(GROUPS))
def test_bad_input_is_refused_clearly_and_changes_nothing(
    h: Harness, clock: FakeClock, name: str
) -> None:
    group = GROUPS[name]
    values = prepare(h, clock, group)
    problems = [p for row in group.rows for p in problems_of(h, row, values)]
    assert not problems, "\n".join(str(p) for p in problems)


def test_every_row_names_its_problem() -> None:
    for name, group in GROUPS.items():
        for row in group.rows:
            assert row.words, f"{name}: {row} checks no words"
