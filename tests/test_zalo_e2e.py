"""End to end on Zalo: the real `dondoc run --channel zalo` process, the real httpx
client, and a Zalo Bot API emulator on 127.0.0.1, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.big_plan import LEADS, plan
from tests.support.process import dondoc, output
from tests.support.zalo_api import BOT_NAME, TOKEN, ZaloAPI

ADMIN, OFFICIAL, STRANGER = "zadmin01", "zlan02", "zstranger03"
GROUP = "zgroup-skhcn"
SECRET = "zalo-hook_s3cret"


@dataclass
class Running:
    api: ZaloAPI
    process: Any
    cwd: Path

    def ask(self, user: str, text: str, *, expect: str, chat: str | None = None) -> str:
        """USER says TEXT; the text of the bot's answer into that chat containing EXPECT."""
        where = chat or user
        before = len(self.api.sent_to(where))
        self.api.says(user, text, chat=chat)
        return self.api.reply(where, expect, after=before).text


def _env(api_url: str, db_url: str, **more: str) -> dict[str, str]:
    return {
        "ZALO_BOT_TOKEN": TOKEN,
        "ZALO_API_URL": api_url,
        "ZALO_BOT_NAME": BOT_NAME,
        "DATABASE_URL": db_url,
        "DONDOC_ADMINS": f"zalo:{ADMIN}",
        "DONDOC_SEND_BACKOFF": "50ms",
        **more,
    }


@pytest.fixture
def zalo(db_url: str, tmp_path: Path) -> Iterator[Running]:
    api = ZaloAPI()
    env = _env(api.start(), db_url)
    try:
        with dondoc(["run", "--channel", "zalo"], env, tmp_path) as process:
            api.wait_for(lambda: api.called("getUpdates") or process.poll() is not None)
            assert process.poll() is None, output(tmp_path)
            yield Running(api, process, tmp_path)
        assert process.returncode == 0, output(tmp_path)
    finally:
        api.stop()
    assert TOKEN not in output(tmp_path), "the token reached the log"


def _join(t: Running, unit: str, user: str, name: str) -> None:
    invite = t.ask(ADMIN, f"/moi {unit}", expect="Mã mời")
    code = re.search(r"/start ([A-Z0-9]{8})", invite)
    assert code, invite  # no deep links on Zalo: the code to send
    before = len(t.api.sent_to(ADMIN))
    t.api.says(user, f"/start {code.group(1)}", name=name)
    t.api.reply(user, "Chào mừng")
    t.api.reply(ADMIN, f"{name} đã tham gia", after=before)


def test_the_whole_story(zalo: Running) -> None:
    t, api = zalo, zalo.api
    t.ask(ADMIN, "/donvi them SKHCN Sở Khoa học và Công nghệ", expect="Đã thêm đơn vị")
    _join(t, "SKHCN", OFFICIAL, "Lan")
    before = len(api.sent_to(OFFICIAL))
    t.ask(ADMIN, "/giao SKHCN | Lập kế hoạch chuyển đổi số | 10/02/2099", expect="Đã giao")
    notice = api.reply(OFFICIAL, "Nhiệm vụ mới", after=before).text
    # Plain text, and the buttons' commands written out.
    assert "<b>" not in notice and "Báo cáo: /baocao 1 · Xong: /xong 1" in notice
    assert "#1" in t.ask(OFFICIAL, "/nhiemvu", expect="Nhiệm vụ đang mở")
    # No reply-to on Zalo: the number first.
    assert t.ask(OFFICIAL, "#1 50%", expect="Đã ghi nhận").splitlines() == [
        "Đã ghi nhận #1 (SKHCN): 50%",
        "Rút lại: /rutlai 1",  # the button, written out
    ]
    t.ask(OFFICIAL, "#1 xong", expect="Đã ghi nhận hoàn thành nhiệm vụ #1")
    api.reply(ADMIN, "báo hoàn thành")
    # Files cannot go to Zalo: the caption, and where to get the file.
    export = t.ask(ADMIN, "/xuat", expect="Báo cáo tiến độ")
    assert "chưa gửi được qua Zalo" in export and "/tiendo" in export
    assert not api.called("sendPhoto")
    t.ask(STRANGER, "/nhiemvu", expect="chưa thuộc đơn vị")


def test_long_answers_are_split_under_2000_characters(zalo: Running) -> None:
    t, api = zalo, zalo.api
    t.ask(ADMIN, "/donvi them PAB Phòng A&B", expect="Đã thêm đơn vị")
    for n in range(30):
        t.ask(ADMIN, f"/giao PAB | Việc số {n + 1} {'x' * 120} | 10/02/2099", expect="Đã giao")
    before = len(api.sent_to(ADMIN))
    api.says(ADMIN, "/nhiemvu PAB")
    api.reply(ADMIN, "Xong: /xong SỐ", after=before)  # the end of the list
    pieces = api.texts(ADMIN)[before:]
    assert len(pieces) >= 2 and all(len(p) <= 2000 for p in pieces)
    numbers = re.findall(r"#(\d+) · ", "".join(pieces))
    assert sorted(map(int, numbers)) == list(range(1, 31))  # nothing lost at the cuts
    assert "&amp;" not in "".join(pieces)  # plain text: no HTML escapes


def test_a_64_item_plan_pasted_in_pieces_is_read_page_by_page(zalo: Running) -> None:
    """Zalo cuts a long paste into messages under 2,000 characters: the bot joins them,
    and shows the proposal one page per message, each under the limit."""
    t, api = zalo, zalo.api
    for code, name in (("SKHCN", LEADS[0]), ("STTTT", LEADS[1]), ("SVHTTDL", LEADS[2])):
        t.ask(ADMIN, f"/donvi them {code} {name}", expect="Đã thêm đơn vị")
    t.ask(ADMIN, "/nhapvanban", expect="dán")
    chunks, current = [], ""
    for line in plan().splitlines(keepends=True):
        if len(current) + len(line) > 1900:
            chunks.append(current)
            current = ""
        current += line
    chunks.append(current)
    assert len(chunks) >= 5
    for chunk in chunks:
        page = t.ask(ADMIN, chunk, expect="Đã nhận thêm")
    seen: list[int] = []
    while True:
        head = re.search(r"Trang (\d+)/(\d+): mục", page)
        assert head, page[:200]
        seen += [int(n) for n in re.findall(r"^(\d+)\. Chủ trì", page, re.MULTILINE)]
        if head.group(1) == head.group(2):
            break
        before = len(api.sent_to(ADMIN))
        page = t.ask(ADMIN, f"trang {int(head.group(1)) + 1}", expect="Đề xuất giao")
        # The page and its choices are one message, under Zalo's limit.
        assert len(api.sent_to(ADMIN)) == before + 1 and len(page) <= 2000
        assert "/nhapvanban trang" in page
    assert seen == list(range(1, 65))
    t.ask(ADMIN, "bo 10-12", expect="Đã bỏ mục 10-12.")
    t.ask(ADMIN, "/nhapvanban giao", expect="Đã giao 61 nhiệm vụ theo văn bản 77/KH-UBND")


def test_a_repeated_update_is_handled_once(zalo: Running) -> None:
    t, api = zalo, zalo.api
    t.ask(ADMIN, "/donvi them SKHCN Sở Khoa học và Công nghệ", expect="Đã thêm đơn vị")
    before = len(api.sent_to(ADMIN))
    api.says(ADMIN, "/giao SKHCN | Một lần thôi | 10/02/2099", times=2)
    api.reply(ADMIN, "Đã giao", after=before)
    api.says(ADMIN, "/nhiemvu SKHCN")
    listing = api.reply(ADMIN, "Nhiệm vụ đang mở", after=before).text
    assert "#1" in listing and "#2" not in listing  # the repeat created nothing
    assert len([s for s in api.texts(ADMIN)[before:] if "Đã giao" in s]) == 1


def test_errors_and_ok_false_answers(zalo: Running) -> None:
    t, api = zalo, zalo.api
    t.ask(ADMIN, "/donvi them SKHCN Sở Khoa học và Công nghệ", expect="Đã thêm đơn vị")
    _join(t, "SKHCN", OFFICIAL, "Lan")
    # ok: false with HTTP 200, then a 5xx: both are failures, retried; the answer arrives once.
    api.fail("sendMessage", 500, "Internal error", http_200=True)
    api.fail("sendMessage", 502, "Bad gateway")
    assert "Đôn đốc" in t.ask(ADMIN, "/trogiup", expect="trợ giúp")
    assert len([s for s in api.texts(ADMIN) if "trợ giúp" in s]) == 1
    # A user who blocked the bot: the admins hear of it once, the rest goes on.
    api.block(OFFICIAL)
    before = len(api.sent_to(ADMIN))
    api.says(ADMIN, "/giao SKHCN | Việc cho Lan | 10/02/2099")
    api.reply(ADMIN, "Đã giao", after=before)
    api.reply(ADMIN, "Không gửi được tin nhắn cho Lan (zalo)", after=before)
    # Polling survives its own failures.
    api.fail("getUpdates", 502, "Bad gateway")
    t.ask(ADMIN, "/trogiup", expect="trợ giúp")


def test_groups_hear_only_mentions(zalo: Running) -> None:
    t, api = zalo, zalo.api
    t.ask(ADMIN, "/donvi them SKHCN Sở Khoa học và Công nghệ", expect="Đã thêm đơn vị")
    _join(t, "SKHCN", OFFICIAL, "Lan")
    t.ask(ADMIN, "/giao SKHCN | Lập kế hoạch | 10/02/2099", expect="Đã giao")
    bound = t.ask(ADMIN, f"@{BOT_NAME} /ketnoi SKHCN", chat=GROUP, expect="Đã kết nối")
    assert "SKHCN" in bound
    api.says(OFFICIAL, "Chào cả nhà", chat=GROUP)  # no mention: Zalo does not pass it on
    answer = t.ask(OFFICIAL, f"@{BOT_NAME} #1 60%", chat=GROUP, expect="Đã ghi nhận")
    assert answer.splitlines()[0] == "Đã ghi nhận #1 (SKHCN): 60%"


def test_a_reminder_and_its_answer(db_url: str, tmp_path: Path) -> None:
    """DONDOC_REMIND_BEFORE=1m and a clock file the test moves: the reminder goes at 09:59
    for a deadline at 10:00; the official answers with the number."""
    api = ZaloAPI()
    clock = tmp_path / "now.txt"
    clock.write_text("2026-01-05T09:00:00+07:00")  # a Monday morning
    env = _env(
        api.start(),
        db_url,
        DONDOC_REMIND_BEFORE="1m",
        DONDOC_CLOCK_FILE=str(clock),
        DONDOC_DISPATCH_INTERVAL="200ms",
    )
    try:
        with dondoc(["run", "--channel", "zalo"], env, tmp_path) as process:
            api.wait_for(lambda: api.called("getUpdates") or process.poll() is not None)
            t = Running(api, process, tmp_path)
            t.ask(ADMIN, "/donvi them SKHCN Sở Khoa học và Công nghệ", expect="Đã thêm đơn vị")
            _join(t, "SKHCN", OFFICIAL, "Lan")
            t.ask(ADMIN, "/giao SKHCN | Thử nhắc hạn | 10h hôm nay", expect="Đã giao")
            before = len(api.sent_to(OFFICIAL))
            clock.write_text("2026-01-05T09:59:10+07:00")
            reminder = api.reply(OFFICIAL, "Nhắc hạn #1", after=before).text
            assert "/baocao 1" in reminder and "/xong 1" in reminder
            t.ask(OFFICIAL, "#1 xong", expect="Đã ghi nhận hoàn thành nhiệm vụ #1")
        assert process.returncode == 0, output(tmp_path)
    finally:
        api.stop()
    assert len([s for s in api.texts(OFFICIAL) if "Nhắc hạn #1" in s]) == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _post(url: str, body: dict[str, Any], secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_webhook_checks_the_secret(db_url: str, tmp_path: Path) -> None:
    api = ZaloAPI()
    port = _free_port()
    hook = f"http://127.0.0.1:{port}/zalo-hook"
    env = _env(
        api.start(),
        db_url,
        ZALO_WEBHOOK_SECRET=SECRET,
        DONDOC_ZALO_WEBHOOK_LISTEN=f"127.0.0.1:{port}",
    )
    try:
        with dondoc(["run", "--channel", "zalo", "--webhook", hook], env, tmp_path) as process:
            call = api.wait_for(lambda: api.called("setWebhook") or process.poll() is not None)
            assert process.poll() is None, output(tmp_path)
            assert call[0].params == {"url": hook, "secret_token": SECRET}
            api.wait_for(lambda: _listening(port))
            update = api.update("message.text.received", ADMIN, text="/donvi them SNV Sở Nội vụ")
            assert _post(hook, update, "wrong-secret") == 403
            assert _post(hook, update, None) == 403
            assert api.sent_to(ADMIN) == []  # refused updates changed nothing
            # Zalo's own delivery carries the secret; wrapped in {ok, result} works too.
            api.push(update)
            api.reply(ADMIN, "Đã thêm đơn vị")
            wrapped = api.update("message.text.received", ADMIN, text="/donvi")
            assert _post(hook, {"ok": True, "result": wrapped}, SECRET) == 200
            api.reply(ADMIN, "SNV")
            assert not api.called("getUpdates")
        assert process.returncode == 0, output(tmp_path)
    finally:
        api.stop()
    assert SECRET not in output(tmp_path) and TOKEN not in output(tmp_path)


def test_a_refused_token_is_said_in_one_line(tmp_path: Path) -> None:
    api = ZaloAPI()
    env = _env(api.start(), f"sqlite:///{tmp_path / 'x.sqlite3'}")
    env["ZALO_BOT_TOKEN"] = "1:wrong-token"
    try:
        with dondoc(["run", "--channel", "zalo"], env, tmp_path) as process:
            process.wait(timeout=30)
    finally:
        api.stop()
    text = output(tmp_path)
    assert process.returncode == 2 and "Zalo refused ZALO_BOT_TOKEN" in text
    assert "wrong-token" not in text and "Traceback" not in text


def test_no_zalo_token_explains_where_to_get_one(tmp_path: Path) -> None:
    with dondoc(["run", "--channel", "zalo"], {}, tmp_path) as process:
        process.wait(timeout=30)
    text = output(tmp_path)
    assert process.returncode == 2 and "ZALO_BOT_TOKEN" in text and "Zalo Bot Creator" in text


def test_telegram_and_zalo_from_one_process(db_url: str, tmp_path: Path) -> None:
    """One process, one database, one dispatcher: an official linked on both platforms
    hears on the one they used last, or on both by their choice."""
    from tests.support.telegram_api import TelegramAPI

    tg, zl = TelegramAPI(), ZaloAPI()
    tg_admin, tg_lan = 1001, 2002
    env = _env(zl.start(), db_url)
    env |= {
        "TELEGRAM_BOT_TOKEN": "123456:TEST-token",
        "TELEGRAM_API_URL": tg.start(),
        "DONDOC_ADMINS": f"telegram:{tg_admin}",
    }
    try:
        with dondoc(["run"], env, tmp_path) as process:
            tg.wait_for(lambda: tg.called("getUpdates") or process.poll() is not None)
            zl.wait_for(lambda: zl.called("getUpdates") or process.poll() is not None)
            assert process.poll() is None, output(tmp_path)

            def tg_ask(user: int, text: str, expect: str) -> str:
                before = len(tg.sent_to(user))
                tg.says(user, text)
                return str(tg.reply(user, expect, after=before)["text"])

            tg_ask(tg_admin, "/donvi them SKHCN Sở Khoa học và Công nghệ", "Đã thêm đơn vị")
            code = re.search(r"start=([A-Z0-9]{8})", tg_ask(tg_admin, "/moi SKHCN", "Mã mời"))
            assert code
            tg_ask(tg_lan, f"/start {code.group(1)}", "Chào mừng")
            link = re.search(r"/lienket ([A-Z0-9]{8})", tg_ask(tg_lan, "/lienket", "Mã liên kết"))
            assert link
            zl.says(OFFICIAL, f"/lienket {link.group(1)}", name="Lan")
            zl.reply(OFFICIAL, "Đã gửi yêu cầu liên kết")
            # Asked on Telegram, where the code was asked for; confirmed there.
            tg_ask(tg_lan, "/lienket dongy", "Đã liên kết")
            zl.reply(OFFICIAL, "Đã liên kết")
            # Lan wrote last on Zalo: the new task reaches her there, not on Telegram.
            tg_before = len(tg.sent_to(tg_lan))
            tg_ask(tg_admin, "/giao SKHCN | Việc thứ nhất | 10/02/2099", "Đã giao")
            zl.reply(OFFICIAL, "Việc thứ nhất")
            assert zl.reply(OFFICIAL, "Nhiệm vụ mới").text.count("#1") >= 1
            assert tg.sent_to(tg_lan)[tg_before:] == []
            # Both, by her choice (said on Telegram).
            tg_ask(tg_lan, "/kenh ca-hai", "mọi kênh")
            zl_before = len(zl.sent_to(OFFICIAL))
            tg_ask(tg_admin, "/giao SKHCN | Việc thứ hai | 10/02/2099", "Đã giao")
            tg.reply(tg_lan, "Việc thứ hai")
            zl.reply(OFFICIAL, "Việc thứ hai", after=zl_before)
            # A report from Zalo lands on the task the Telegram admin gave.
            assert t_ask(zl, OFFICIAL, "#2 xong", "Đã ghi nhận hoàn thành nhiệm vụ #2")
        assert process.returncode == 0, output(tmp_path)
    finally:
        tg.stop()
        zl.stop()


def t_ask(api: ZaloAPI, user: str, text: str, expect: str) -> str:
    before = len(api.sent_to(user))
    api.says(user, text)
    return api.reply(user, expect, after=before).text
