"""Units, invitations, members and admins, through the conversation core."""

from __future__ import annotations

from storage.models import Membership, Unit, UnitAlias
from tests.support.clock import FakeClock
from tests.support.harness import Harness
from tests.world import build, invite_code, join


def test_add_unit_with_aliases_and_find_it_by_any_name(h: Harness) -> None:
    text = h.reply("admin", "/donvi them skhcn Sở Khoa học và Công nghệ | KH&CN, Sở KHCN")
    assert "Đã thêm đơn vị Sở Khoa học và Công nghệ (SKHCN)" in text
    assert "KH&CN; Sở KHCN" in text
    assert h.count(Unit) == 1 and h.count(UnitAlias) == 2
    # The unit is found by alias, without diacritics, in any case.
    for name in ("so khcn", "kh&cn", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "skhcn"):
        assert "Mã mời vào Sở Khoa học và Công nghệ" in h.reply("admin", f"/moi {name}")


def test_list_units(h: Harness) -> None:
    build(h)
    text = h.reply("admin", "/donvi")
    assert text.splitlines()[0] == "Đơn vị"
    assert "• SKHCN — Sở Khoa học và Công nghệ (KH&CN; Sở KHCN)" in text
    assert "• SVHTTDL — Sở Văn hóa, Thể thao và Du lịch" in text
    # An official may read the list too.
    assert "STTTT" in h.reply("lan", "/donvi")


def test_rename_keeps_old_name_as_alias(h: Harness) -> None:
    build(h)
    text = h.reply("admin", "/donvi doiten STTTT Sở Thông tin và Truyền thông tỉnh Bình Định")
    assert "«Sở Thông tin và Truyền thông» → Sở Thông tin và Truyền thông tỉnh Bình Định" in text
    assert "Sở Thông tin và Truyền thông tỉnh Bình Định (STTTT)" in h.reply(
        "admin", "/moi Sở Thông tin và Truyền thông"
    )


def test_aliases_added_once_and_never_shared(h: Harness) -> None:
    build(h)
    assert "Đã thêm tên khác cho STTTT: Sở TT&TT; TTTT" in h.reply(
        "admin", "/donvi bidanh STTTT Sở TT&TT, TTTT"
    )
    assert "Không có tên nào mới" in h.reply("admin", "/donvi bidanh STTTT so tt&tt")
    assert "đã dùng cho đơn vị STTTT" in h.reply("admin", "/donvi bidanh SKHCN TTTT")


def test_archive_needs_no_open_work_and_restore(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao STTTT | Số hóa hồ sơ | 10/02/2026")
    refused = h.reply("admin", "/donvi luutru STTTT")
    assert "còn chủ trì 1 nhiệm vụ đang mở" in refused
    h.reply("admin", "/huynv 1 Không còn cần thiết")
    assert "Đã lưu trữ đơn vị" in h.reply("admin", "/donvi luutru STTTT")
    assert "STTTT" not in h.reply("admin", "/donvi")
    assert "[đã lưu trữ]" in h.reply("admin", "/donvi tatca")
    # An archived unit cannot be given new work; its members no longer see it as theirs.
    assert "Không có đơn vị «STTTT»" in h.reply("admin", "/giao STTTT | Việc mới | 10/02/2026")
    assert "Đã khôi phục" in h.reply("admin", "/donvi khoiphuc STTTT")
    assert "Đã giao" in h.reply("admin", "/giao STTTT | Việc mới | 10/02/2026")


def test_invite_joins_once_and_tells_admins(h: Harness) -> None:
    h.reply("admin", "/donvi them SKHCN Sở Khoa học và Công nghệ")
    code = invite_code(h, "SKHCN")
    deliveries = h.say("lan", f"/start {code}")
    assert [d.to for d in deliveries] == ["lan", "admin"]
    assert "Bạn đã tham gia Sở Khoa học và Công nghệ (SKHCN)" in deliveries[0].text
    assert "lan đã tham gia Sở Khoa học và Công nghệ (SKHCN)" in deliveries[1].text
    assert h.count(Membership) == 1
    # One-time: the next person with the same code is refused.
    assert "đã được dùng" in h.reply("minh", f"/start {code}")
    assert h.count(Membership) == 1


def test_invite_expires_after_seven_days(h: Harness, clock: FakeClock) -> None:
    h.reply("admin", "/donvi them SKHCN Sở Khoa học và Công nghệ")
    code = invite_code(h, "SKHCN")
    clock.advance(days=7, minutes=1)
    assert "đã hết hạn" in h.reply("lan", f"/start {code}")
    assert h.count(Membership) == 0


def test_invite_code_is_case_insensitive_and_shows_expiry(h: Harness) -> None:
    h.reply("admin", "/donvi them SKHCN Sở Khoa học và Công nghệ")
    text = h.reply("admin", "/moi SKHCN")
    # Clock: Monday 05/01/2026 09:00 in Vietnam; 7 days later.
    assert "hết hạn 12/01/2026 09h00" in text
    code = invite_code(h, "SKHCN")
    assert "Chào mừng" in h.reply("lan", f"/start {code.lower()}")


def test_members_list_and_remove(h: Harness) -> None:
    build(h)
    text = h.reply("admin", "/thanhvien SKHCN")
    assert "Sở Khoa học và Công nghệ (SKHCN)" in text and "• lan — mã 2 · console:lan" in text
    # An official sees their own unit's members without naming it.
    assert "• lan — mã 2" in h.reply("lan", "/thanhvien")
    deliveries = h.say("admin", "/thanhvien xoa SKHCN 2")
    assert "Đã đưa lan ra khỏi SKHCN" in deliveries[0].text
    assert deliveries[1].to == "lan" and "không còn là thành viên" in deliveries[1].text
    assert "chưa thuộc đơn vị nào" in h.reply("lan", "/nhiemvu")


def test_promote_and_demote_admin(h: Harness) -> None:
    build(h)
    assert "chỉ dành cho quản trị viên" in h.reply("lan", "/giao")
    assert "Đã cấp quyền quản trị cho lan" in h.reply("admin", "/quantri them console:lan")
    assert "Đơn vị nào chủ trì" in h.reply("lan", "/giao")
    assert "lan (mã 2)" in h.reply("admin", "/quantri")
    assert "Đã thu hồi quyền quản trị của lan" in h.reply("admin", "/quantri bo 2")
    assert "chỉ dành cho quản trị viên" in h.reply("lan", "/donvi them X1 Đơn vị X")


def test_settings_admin_cannot_be_demoted_by_command(h: Harness) -> None:
    h.reply("admin", "/ngonngu vi")  # the admin now has a person row
    assert "khai báo trong cấu hình" in h.reply("admin", "/quantri bo console:admin")


def test_joining_twice_keeps_the_code_for_someone_else(h: Harness) -> None:
    build(h)
    code = invite_code(h, "SKHCN")
    assert "đã là thành viên" in h.reply("lan", f"/start {code}")
    join(h, "nam", "SKHCN")
    assert "Chào mừng" in h.reply("tuan", f"/start {code}")
