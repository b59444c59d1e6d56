"""A named official answers for a task (đầu mối), and the unit's head hands the work.

The world (tests/world.py): SKHCN leads #1 (lan is its member; tuan joins here), STTTT
supports it (minh), SVHTTDL leads #2 (hoa). Person numbers: admin 1, lan 2, minh 3, hoa 4,
tuan 5. Reminders are outbox rows, so who hears is read off the rows planned.
"""

from __future__ import annotations

from sqlalchemy import select, update

from storage.models import Account, Assignment, Membership, OutboxMessage
from storage.models import outbox as ob
from storage.repos import audit
from tests.support.clock import FakeClock
from tests.support.harness import Harness
from tests.world import build_world, join

LAN, TUAN = 2, 5


def reminded(h: Harness, number: int) -> set[str]:
    """The chats #NUMBER's pending reminders are planned for."""
    with h.sessions() as session:
        return set(
            session.scalars(
                select(OutboxMessage.chat_id).where(
                    OutboxMessage.assignment_id == number,
                    OutboxMessage.kind.in_(ob.REMINDER_KINDS),
                    OutboxMessage.state == ob.PENDING,
                )
            )
        )


def said(h: Harness, user: str, text: str) -> dict[str, list[str]]:
    """Everything the bot sent when USER said TEXT, by recipient (USER's answer too)."""
    found: dict[str, list[str]] = {}
    for shown in h.say(user, text):
        found.setdefault(shown.to, []).append(shown.text)
    return found


def responsible(h: Harness, number: int) -> int | None:
    with h.sessions() as session:
        return session.scalar(select(Assignment.responsible_id).where(Assignment.id == number))


def world_with_tuan(h: Harness) -> None:
    build_world(h)
    join(h, "tuan", "SKHCN")
    assert "tuan — mã 5" in h.reply("admin", "/thanhvien SKHCN")


def test_a_task_with_no_one_named_reminds_the_whole_unit(h: Harness) -> None:
    world_with_tuan(h)
    assert reminded(h, 1) == {"lan", "tuan"}


def test_the_named_official_alone_is_reminded_and_sees_it_is_theirs(h: Harness) -> None:
    world_with_tuan(h)
    answer = said(h, "admin", f"/phancong 1 {LAN}")
    assert "Đã phân công lan làm đầu mối nhiệm vụ #1" in answer["admin"][0]
    assert "Bạn là đầu mối nhiệm vụ #1" in answer["lan"][0]
    assert "tuan" not in answer  # the other member hears nothing of it
    assert reminded(h, 1) == {"lan"}
    assert "đầu mối: lan" in h.reply("tuan", "/nhiemvu")
    assert "Đầu mối: lan" in h.reply("lan", "/nhiemvu 1")
    assert "phân công đầu mối: lan" in h.reply("admin", "/lichsu 1")


def test_cleared_the_task_goes_back_to_the_whole_unit(h: Harness) -> None:
    world_with_tuan(h)
    h.reply("admin", f"/phancong 1 {LAN}")
    assert "Đã bỏ đầu mối nhiệm vụ #1" in h.reply("admin", "/phancong 1 bo")
    assert responsible(h, 1) is None
    assert reminded(h, 1) == {"lan", "tuan"}
    assert "bỏ đầu mối lan" in h.reply("admin", "/lichsu 1")


def test_the_head_hands_work_inside_the_unit_and_a_new_head_replaces_the_old(
    h: Harness,
) -> None:
    world_with_tuan(h)
    assert "Chỉ thủ trưởng, cấp phó SKHCN" in h.reply("tuan", f"/phancong 1 {LAN}")
    assert "tuan (mã 5) là thủ trưởng SKHCN" in h.reply("admin", f"/lanhdao SKHCN {TUAN}")
    answer = said(h, "tuan", f"/phancong 1 {LAN}")
    assert "Đã phân công lan" in answer["tuan"][0]
    assert "phân công: tuan" in answer["lan"][0]
    assert responsible(h, 1) == LAN
    # The head cannot hand another unit's work, nor give it to someone outside the unit.
    assert "Không có nhiệm vụ #2" in h.reply("tuan", "/phancong 2 4")
    assert "Không có thành viên mã 3 trong SKHCN" in h.reply("tuan", "/phancong 1 3")
    reply = h.reply("admin", f"/lanhdao SKHCN {LAN}")
    assert "lan (mã 2) là thủ trưởng SKHCN. tuan trở lại là thành viên." in reply
    with h.sessions() as session:
        roles = dict(
            session.execute(
                select(Membership.person_id, Membership.role).where(Membership.unit_id == 1)
            ).all()
        )
    assert roles == {LAN: "head", TUAN: "member"}
    assert "Chỉ thủ trưởng, cấp phó SKHCN" in h.reply("tuan", "/phancong 1 bo")


def test_a_deputy_may_hand_work_too(h: Harness) -> None:
    world_with_tuan(h)
    answer = said(h, "admin", f"/lanhdao SKHCN pho {TUAN}")
    assert "tuan (mã 5) là cấp phó SKHCN" in answer["admin"][0]
    assert "Bạn là cấp phó" in answer["tuan"][0]
    assert "Cấp phó: tuan — mã 5" in h.reply("lan", "/lanhdao")
    assert "Đã phân công tuan" in h.reply("tuan", f"/phancong 1 {TUAN}")
    assert "trở lại là thành viên SKHCN" in h.reply("admin", f"/lanhdao SKHCN bo {TUAN}")
    assert "Chỉ thủ trưởng, cấp phó SKHCN" in h.reply("tuan", "/phancong 1 bo")


def test_a_member_who_leaves_hands_their_tasks_back_to_the_unit(h: Harness) -> None:
    world_with_tuan(h)
    h.reply("admin", f"/phancong 1 {LAN}")
    assert "Đã đưa lan ra khỏi SKHCN" in h.reply("admin", f"/thanhvien xoa SKHCN {LAN}")
    assert responsible(h, 1) is None
    assert reminded(h, 1) == {"tuan"}
    with h.sessions() as session:
        actions = [e.action for e in audit.history(session, "assignment", 1)]
    assert actions[-1] == "responsible"


def test_an_unreachable_official_does_not_leave_the_task_unheard(h: Harness) -> None:
    """The platform refused the đầu mối's chat: the reminders go to the whole unit rather
    than to nobody, and back to them alone once they can be reached."""
    world_with_tuan(h)
    h.reply("admin", f"/phancong 1 {LAN}")
    with h.sessions.begin() as session:
        session.execute(
            update(Account).where(Account.person_id == LAN).values(unreachable_at=h.bot.clock())
        )
    h.reply("admin", "/sua 1 han 12/02/2026")  # any change replans
    assert reminded(h, 1) == {"tuan"}
    h.reply("lan", "/nhiemvu")  # she writes: reachable again
    assert reminded(h, 1) == {"lan"}


def test_english_names_do_the_same(h: Harness) -> None:
    world_with_tuan(h)
    assert "English" in h.reply("admin", "/language en")
    assert "tuan (number 5) is the head of SKHCN" in h.reply("admin", f"/head SKHCN {TUAN}")
    assert "lan now answers for #1" in h.reply("admin", f"/assignto 1 {LAN}")


def test_giao_names_the_official_at_once(h: Harness) -> None:
    world_with_tuan(h)
    reply = h.reply("admin", f"/giao SKHCN | Lập báo cáo quý | 20/02/2026 | đầu mối: {LAN}")
    assert "Đã giao" in reply and "Đầu mối: lan" in reply
    assert responsible(h, 3) == LAN
    assert reminded(h, 3) == {"lan"}
    assert "phân công đầu mối: lan" in h.reply("admin", "/lichsu 3")


def test_giao_refuses_an_official_it_cannot_use(h: Harness) -> None:
    world_with_tuan(h)
    task = "/giao {} | Lập báo cáo quý | 20/02/2026 | đầu mối: {}"
    assert "Chưa hiểu đầu mối «chị Lan»" in h.reply("admin", task.format("SKHCN", "chị Lan"))
    assert "Không có thành viên mã 3 trong SKHCN" in h.reply("admin", task.format("SKHCN", 3))
    refused = h.reply("admin", task.format("SKHCN, STTTT", LAN))
    assert "chỉ làm đầu mối được cho nhiệm vụ của một đơn vị" in refused
    with h.sessions() as session:
        assert session.scalar(select(Assignment.id).where(Assignment.id == 3)) is None


def test_a_recurring_duty_keeps_its_official_while_they_are_in_the_unit(
    h: Harness, clock: FakeClock
) -> None:
    from bot.services.series import ensure_occurrences
    from storage.db import transaction

    world_with_tuan(h)
    h.reply("admin", f"/giao SKHCN | Báo cáo tháng | ngày 31 hằng tháng | đầu mối: {LAN}")
    assert responsible(h, 3) == LAN
    clock.set_local("2026-02-01T00:05")
    with transaction(h.sessions) as session:
        assert ensure_occurrences(session, clock(), h.bot.planner) == 1
    assert responsible(h, 4) == LAN
    h.reply("admin", f"/thanhvien xoa SKHCN {LAN}")
    clock.set_local("2026-03-01T00:05")
    with transaction(h.sessions) as session:
        assert ensure_occurrences(session, clock(), h.bot.planner) == 1
    assert responsible(h, 5) is None  # she left: the whole unit answers again
    assert reminded(h, 5) == {"tuan"}
