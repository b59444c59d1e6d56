"""A big plan in the chat (issue 14): its proposal comes page by page, each page one
message on Telegram and on Zalo, and corrections take ranges of items."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.channels.telegram.sender import TelegramSender
from bot.channels.zalo.client import MAX_TEXT_LENGTH as ZALO_LIMIT
from bot.channels.zalo.sender import ZaloSender
from bot.settings import Settings
from messages import Renderer
from messages.neutral import Incoming, Outgoing
from storage.models import Assignment
from tests.big_plan import LEADS, plan
from tests.support.clock import FakeClock
from tests.support.harness import Harness
from tests.world import assignments, build, unit_id

TELEGRAM_LIMIT = 4096
_PAGE = re.compile(r"Trang (\d+)/(\d+): mục (\d+)–(\d+) trong (\d+) mục")
_ITEM = re.compile(r"^(\d+)\. ", re.MULTILINE)


@pytest.fixture
def settings(db_url: str) -> Settings:
    """The console admin, and an admin on each platform (a1) whose pages are measured."""
    admins = frozenset({"console:admin", "zalo:a1", "telegram:a1"})
    return Settings(database_url=db_url, admins=admins)


@pytest.fixture
def world(h: Harness, clock: FakeClock) -> Harness:
    clock.set_local("2027-01-06T09:00")  # the day after the plan: its deadlines are ahead
    build(h)
    return h


def _proposal(outs: list[Outgoing]) -> Outgoing:
    found = [o for o in outs if o.template == "intake_proposal"]
    assert len(found) == 1, [o.template for o in outs]
    return found[0]


def _commands(out: Outgoing) -> list[str]:
    return [b.command for b in out.buttons]


def _numbers(text: str) -> list[int]:
    return [int(n) for n in _ITEM.findall(text)]


def _walk(h: Harness, say: object, first: str) -> list[str]:
    """Every page of the proposal, in order, by its "next page" button."""
    texts = [first]
    while (page := _PAGE.search(texts[-1])) and page.group(1) != page.group(2):
        texts.append(say(f"/nhapvanban trang {int(page.group(1)) + 1}"))  # type: ignore[operator]
    return texts


def test_a_64_item_plan_comes_page_by_page(world: Harness) -> None:
    h = world
    first = h.reply("admin", "/nhapvanban " + plan())
    head = _PAGE.search(first)
    assert head, first[:300]
    pages = int(head.group(2))
    assert head.group(1) == "1" and head.group(5) == "64" and pages >= 3
    texts = _walk(h, lambda t: h.reply("admin", t), first)
    assert len(texts) == pages
    # Every item once, in order, across the pages; each page's head names its own.
    shown = [_numbers(t) for t in texts]
    assert [n for page in shown for n in page] == list(range(1, 65))
    for text, numbers in zip(texts, shown, strict=True):
        head = _PAGE.search(text)
        assert head and (int(head.group(3)), int(head.group(4))) == (numbers[0], numbers[-1])
    # The whole-proposal line is on every page: 64 to assign.
    assert all("Giao tất cả 64 nhiệm vụ: /nhapvanban giao" in t for t in texts)


def test_page_buttons_go_back_and_forth(world: Harness) -> None:
    h = world
    h.reply("admin", "/nhapvanban " + plan())
    first = _proposal(h.handle(Incoming("console", "admin", "admin", "Admin", "/nhapvanban")))
    assert _commands(first)[:1] == ["/nhapvanban trang 2"]  # no "back" on page 1
    second = _proposal(
        h.handle(Incoming("console", "admin", "admin", "Admin", "/nhapvanban trang 2"))
    )
    assert _commands(second)[:2] == ["/nhapvanban trang 1", "/nhapvanban trang 3"]
    pages = second.values["pages"]
    last = _proposal(
        h.handle(Incoming("console", "admin", "admin", "Admin", f"/nhapvanban trang {pages}"))
    )
    assert f"/nhapvanban trang {pages - 1}" in _commands(last)
    assert f"/nhapvanban trang {pages + 1}" not in _commands(last)
    # A page past the end shows the last one, saying which it is.
    assert f"Trang {pages}/{pages}" in h.reply("admin", "/nhapvanban trang 99")
    # "/nhapvanban" alone shows the page the admin is on again; "trang 2" works as plain
    # text while the import is open.
    assert f"Trang {pages}/{pages}" in h.reply("admin", "/nhapvanban")
    assert "Trang 2/" in h.reply("admin", "trang 2")
    assert "Cách dùng khi đang nhập văn bản" in h.reply("admin", "/nhapvanban trang hai")
    # A pasted piece that starts with a PDF's page line is more of the letter.
    more = h.reply("admin", "Trang 2\n65. Giao Sở Khoa học và Công nghệ chủ trì tổng kết.")
    assert more.startswith("Đã nhận thêm 59 ký tự")


def _pieces(renderer: Renderer, out: Outgoing) -> list[str]:
    if out.to.channel == "zalo":
        return ZaloSender(None, renderer).prepare(out)  # type: ignore[arg-type]
    return [p.text for p in TelegramSender(None, renderer).prepare(out)]  # type: ignore[arg-type]


@pytest.mark.parametrize(("channel", "limit"), [("zalo", ZALO_LIMIT), ("telegram", TELEGRAM_LIMIT)])
def test_each_page_is_one_message_on_its_platform(
    world: Harness, renderer: Renderer, channel: str, limit: int
) -> None:
    """With long tasks, items to fix and units to add on every page (their warnings and
    lines are the longest proposal there is), each page is still one message."""
    h = world

    def say(text: str) -> Outgoing:
        return _proposal(h.handle(Incoming(channel, "a1", "a1", "Admin", text)))

    letter = plan(leads=(*LEADS, "Ban Quản lý các khu công nghiệp tỉnh"))
    outs = [say("/nhapvanban " + letter)]
    while outs[-1].values["page"] < outs[-1].values["pages"]:
        outs.append(say(f"trang {outs[-1].values['page'] + 1}"))
    assert len(outs) >= 3
    seen = []
    for out in outs:
        pieces = _pieces(renderer, out)
        assert len(pieces) == 1 and len(pieces[0]) <= limit, [len(p) for p in pieces]
        seen += [i["n"] for i in out.values["items"]]
        assert all(u["leads"] for u in out.values["unknown"])  # the unit to add is said
    assert seen == list(range(1, 65))


def _by_task(h: Harness) -> dict[int, Assignment]:
    rows = assignments(h)
    found = {int(m.group(1)): a for a in rows if (m := re.match(r"Nhiệm vụ (\d+):", a.task))}
    assert len(found) == len(rows)
    return found


def test_ranges_drop_and_edit_many_items_at_once(world: Harness) -> None:
    h = world
    h.reply("admin", "/nhapvanban " + plan())
    dropped = h.reply("admin", "/nhapvanban bo 10-12")
    assert dropped.startswith("Đã bỏ mục 10-12.")
    assert "10. (đã bỏ)" in dropped and "12. (đã bỏ)" in dropped  # its page is shown
    assert h.reply("admin", "bo 13, 14").startswith("Đã bỏ mục 13-14.")
    edited = h.reply("admin", "/nhapvanban sua 3-7 han 30/6/2027")
    assert edited.startswith("Đã sửa hạn của mục 3-7.")
    assert edited.count("Hạn: Thứ Tư, 30/06/2027") == 5
    assert h.reply("admin", "sua 40 - 41 donvi SKHCN").startswith(
        "Đã sửa đơn vị chủ trì của mục 40-41."
    )
    before = h.snapshot()
    # The same wording for several items is refused, with the form for one.
    refused = h.reply("admin", "/nhapvanban sua 3-5 noidung Báo cáo")
    assert "Nội dung sửa cho từng mục một" in refused
    assert "/nhapvanban sua 3 noidung" in refused
    # A range that runs past the plan changes nothing and names the first missing item.
    assert h.reply("admin", "/nhapvanban bo 60-70").startswith("Không có mục 65")
    assert h.snapshot() == before
    # "sua 3-7" alone: the commands for those items, without the task's.
    help_text = h.reply("admin", "/nhapvanban sua 3-7")
    assert "/nhapvanban sua 3-7 han" in help_text and "noidung" not in help_text
    # Assigning: 64 - 5 dropped; the edits are in the tasks.
    receipt = h.reply("admin", "/nhapvanban giao")
    assert "Đã giao 59 nhiệm vụ" in receipt
    # A receipt that fits the chat: the tasks counted by unit, not listed one by one.
    # SKHCN: the 21 items it leads, 12 dropped, 40 and 41 given to it.
    assert "SKHCN: 22 nhiệm vụ (số " in receipt and "Nhiệm vụ 3:" not in receipt
    tasks = _by_task(h)
    assert sorted(tasks) == [n for n in range(1, 65) if n not in (10, 11, 12, 13, 14)]
    assert {tasks[n].due_date for n in range(3, 8)} == {date(2027, 6, 30)}
    assert tasks[8].due_date == date(2027, 9, 9)  # as the plan wrote it
    skhcn = unit_id(h, "SKHCN")
    assert tasks[40].lead_unit_id == tasks[41].lead_unit_id == skhcn
    assert tasks[43].lead_unit_id == unit_id(h, "STTTT")  # LEADS[43 % 3], untouched
