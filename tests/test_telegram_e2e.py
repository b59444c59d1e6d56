"""End to end on Telegram: the real `dondoc run` process, the real python-telegram-bot,
and a Bot API emulator on 127.0.0.1, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
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
from tests.support.peek import recorded
from tests.support.process import dondoc, output
from tests.support.telegram_api import BOT_USERNAME, TelegramAPI, shown

TOKEN = "123456:TEST-token-never-logged"
ADMIN, OFFICIAL, STRANGER = 1001, 2002, 3003
COMMITTEE = -100500


@dataclass
class Running:
    api: TelegramAPI
    process: Any
    cwd: Path

    def ask(
        self, user: int, text: str, *, expect: str, chat: int | None = None, **more: Any
    ) -> dict[str, Any]:
        """USER says TEXT; the bot's answer into that chat that contains EXPECT."""
        where = chat if chat is not None else user
        before = len(self.api.sent_to(where))
        self.api.says(user, text, chat=chat, **more)
        return self.api.reply(where, expect, after=before)


@pytest.fixture
def telegram(db_url: str, tmp_path: Path) -> Iterator[Running]:
    api = TelegramAPI()
    url = api.start()
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": url,
        "DATABASE_URL": db_url,
        "DONDOC_ADMINS": f"telegram:{ADMIN}",
        "DONDOC_SEND_BACKOFF": "50ms",
    }
    try:
        with dondoc(["run"], env, tmp_path) as process:
            api.wait_for(lambda: api.called("getUpdates") or process.poll() is not None)
            assert process.poll() is None, output(tmp_path)
            yield Running(api, process, tmp_path)
        assert process.returncode == 0, output(tmp_path)
    finally:
        api.stop()
    assert TOKEN not in output(tmp_path), "the token reached the log"


def _code(text: str) -> str:
    match = re.search(rf"https://t\.me/{BOT_USERNAME}\?start=([A-Z0-9]{{8}})", text)
    assert match, text
    return match.group(1)


def test_the_whole_story(telegram: Running) -> None:
    t, api = telegram, telegram.api
    # Commands are registered in Vietnamese (also the default) and in English.
    menus = {c.params.get("language_code") for c in api.called("setMyCommands")}
    assert menus == {None, "vi", "en"}
    # The admin sets up a unit, binds the committee group, invites an official.
    t.ask(ADMIN, "/donvi them SKHCN Sở Khoa học và Công nghệ", expect="Đã thêm đơn vị")
    t.ask(ADMIN, f"/ketnoi@{BOT_USERNAME}", chat=COMMITTEE, expect="Ban Chỉ đạo")
    invite = t.ask(ADMIN, "/moi SKHCN", expect="Mã mời")
    assert invite["parse_mode"] == "HTML"
    # The official joins through the deep link (Telegram sends "/start CODE").
    t.ask(OFFICIAL, f"/start {_code(invite['text'])}", expect="Chào mừng", name="Lan")
    api.reply(ADMIN, "Lan đã tham gia")
    # The admin assigns; the official gets the notice with its buttons; the committee too.
    before = len(api.sent_to(OFFICIAL))
    t.ask(ADMIN, "/giao SKHCN | Lập kế hoạch chuyển đổi số | 10/02/2099", expect="Đã giao")
    notice = api.reply(OFFICIAL, "Nhiệm vụ mới", after=before)
    buttons = [b["callback_data"] for b in notice["reply_markup"]["inline_keyboard"][0]]
    assert buttons == ["/baocao 1", "/xong 1"]
    api.reply(COMMITTEE, "Nhiệm vụ mới được giao")
    # The official lists, then reports by replying to the notice.
    t.ask(OFFICIAL, "/nhiemvu", expect="#1")
    t.ask(
        OFFICIAL,
        "Đã xong 50%, đang lấy ý kiến các sở",
        reply_to=notice["message"],
        expect="Đã ghi nhận #1 (SKHCN): 50%",
    )
    # A difficulty reaches the committee group at once.
    t.ask(
        OFFICIAL,
        "#1 được 60%, vướng: chưa có kinh phí <đợt 2>",
        expect="Đã ghi nhận #1 (SKHCN): 60%, vướng mắc: chưa có kinh phí",
    )
    raised = api.reply(COMMITTEE, "Vướng mắc: #1 (SKHCN)")
    assert "chưa có kinh phí &lt;đợt 2&gt;" in raised["text"]
    # The admin exports the workbook: it arrives as a document.
    before_files = len(api.files_to(ADMIN))
    api.says(ADMIN, "/xuat")  # the answer is the file, its text the caption
    sent = api.wait_for(lambda: api.files_to(ADMIN)[before_files:])[0]
    assert sent["method"] == "sendDocument"
    assert sent["document"][:2] == b"PK"  # a zip: what an .xlsx is
    assert "Báo cáo tiến độ" in shown(sent["caption"]) and sent["parse_mode"] == "HTML"
    from openpyxl import load_workbook  # the file opens, and it holds the task

    book = load_workbook(io.BytesIO(sent["document"]))
    first = book.worksheets[0]
    assert any(
        "Lập kế hoạch chuyển đổi số" in str(c.value) for row in first.iter_rows() for c in row
    )
    # And the chart, as a photo.
    api.says(ADMIN, "/tiendo bieudo")
    photo = api.wait_for(lambda: api.files_to(ADMIN)[before_files + 1 :])[0]
    assert photo["method"] == "sendPhoto" and photo["photo"][:8] == b"\x89PNG\r\n\x1a\n"
    assert "Biểu đồ tiến độ theo đơn vị" in shown(photo["caption"])
    # ... and finishes with the button under the notice.
    before = len(api.sent_to(OFFICIAL))
    api.presses(OFFICIAL, notice["message"], "/xong 1")
    api.reply(OFFICIAL, "Đã ghi nhận hoàn thành", after=before)
    assert api.called("answerCallbackQuery")
    api.reply(COMMITTEE, "Hoàn thành: #1")
    # A stranger is refused.
    t.ask(STRANGER, "/nhiemvu", expect="chưa thuộc đơn vị")
    t.ask(STRANGER, "/giao SKHCN | x | 10/02/2099", expect="chỉ dành cho quản trị viên")


def _join(t: Running, unit: str, user: int, name: str) -> None:
    invite = t.ask(ADMIN, f"/moi {unit}", expect="Mã mời")
    before = len(t.api.sent_to(ADMIN))
    t.ask(user, f"/start {_code(invite['text'])}", expect="Chào mừng", name=name)
    t.api.reply(ADMIN, f"{name} đã tham gia", after=before)  # all sent: nothing in flight


def test_html_is_escaped_and_long_lists_are_split(telegram: Running) -> None:
    t, api = telegram, telegram.api
    reply = t.ask(ADMIN, "/donvi them PAB <Phòng A&B>", expect="Đã thêm đơn vị <Phòng A&B>")
    assert "&lt;Phòng A&amp;B&gt;" in reply["text"] and "<b>" in reply["text"]
    task = 'Báo cáo <b>gấp</b> & "đúng hạn" ' + "x" * 150
    for n in range(30):  # thirty tasks, each its own (the same words twice would ask)
        t.ask(ADMIN, f"/giao PAB | {task} {n} | 10/02/2099", expect="Đã giao")
    before = len(api.sent_to(ADMIN))
    api.says(ADMIN, "/nhiemvu PAB")
    first = api.reply(ADMIN, "Nhiệm vụ đang mở", after=before)
    last = api.reply(ADMIN, "Xong: /xong SỐ", after=before)  # the end of the list
    pieces = api.sent_to(ADMIN)[before:]
    assert pieces[0] == first and pieces[-1] == last and len(pieces) >= 2
    assert all(len(p["text"]) <= 4096 for p in pieces)
    assert "Báo cáo &lt;b&gt;gấp&lt;/b&gt; &amp; &#34;đúng hạn&#34;" in pieces[0]["text"]
    # Nothing lost at the cuts: all thirty tasks, once each.
    numbers = re.findall(r"<b>#(\d+)</b>", "".join(p["text"] for p in pieces))
    assert sorted(map(int, numbers)) == list(range(1, 31))


LETTER = """ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH
Số: 15/UBND-VX
Bình Định, ngày 02 tháng 01 năm 2025

Kính gửi: Sở Khoa học và Công nghệ.

1. Giao Sở KH&CN chủ trì xây dựng kế hoạch chuyển đổi số, hoàn thành trước ngày 10/02/2099.
"""


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_letter_sent_as_a_file_is_proposed_then_assigned(telegram: Running) -> None:
    t, api = telegram, telegram.api
    t.ask(ADMIN, "/donvi them SKHCN Sở Khoa học và Công nghệ", expect="Đã thêm đơn vị")
    _join(t, "SKHCN", OFFICIAL, "Lan")
    # The admin sends the letter as a Word file: the bot fetches it and proposes.
    before = len(api.sent_to(ADMIN))
    api.sends_document(ADMIN, "cong-van-15.docx", _docx(LETTER))
    proposal = api.reply(ADMIN, "Đề xuất giao nhiệm vụ theo văn bản", after=before)
    assert "1. Chủ trì: Sở Khoa học và Công nghệ (SKHCN)" in shown(proposal["text"])
    assert [c.params["file_id"] for c in api.called("getFile")] == ["doc1"]
    assert len(api.called("download")) == 1
    rows = proposal["reply_markup"]["inline_keyboard"]
    assert [[b["callback_data"] for b in row] for row in rows] == [
        ["/nhapvanban giao", "/huy", "/nhapvanban sua 1", "/nhapvanban bo 1"],
    ]
    assert [b["text"] for b in rows[0]] == ["Giao tất cả", "Hủy", "Sửa 1", "Bỏ 1"]
    # "Giao tất cả": the official gets the new task, from that document.
    before, before_official = len(api.sent_to(ADMIN)), len(api.sent_to(OFFICIAL))
    api.presses(ADMIN, proposal["message"], "/nhapvanban giao")
    api.reply(ADMIN, "Đã giao 1 nhiệm vụ theo văn bản 15/UBND-VX", after=before)
    notice = api.reply(OFFICIAL, "Nhiệm vụ mới", after=before_official)
    assert "Văn bản: 15/UBND-VX" in shown(notice["text"])
    assert [b["callback_data"] for b in notice["reply_markup"]["inline_keyboard"][0]] == [
        "/baocao 1",
        "/xong 1",
    ]
    # Files the bot does not read are refused without being fetched.
    api.sends_document(ADMIN, "bang-tinh.xlsx", b"PK\x03\x04")
    api.reply(ADMIN, "bot đọc tệp .txt, .docx và .pdf")
    api.sends_document(ADMIN, "ke-hoach.pdf", b"%PDF", size=12 * 2**20)
    api.reply(ADMIN, "quá giới hạn 10 MB")
    assert len(api.called("download")) == 1
    # An official's file is not read.
    api.sends_document(OFFICIAL, "bao-cao.docx", _docx("Đã xong"))
    api.reply(OFFICIAL, "Tôi không đọc tệp đính kèm")
    # ... nor even fetched: only an admin's files are downloaded (issue 13).
    assert len(api.called("download")) == 1 and len(api.called("getFile")) == 1


def test_a_64_item_plan_is_read_page_by_page_and_corrected_by_ranges(telegram: Running) -> None:
    t, api = telegram, telegram.api
    for code, name in (("SKHCN", LEADS[0]), ("STTTT", LEADS[1]), ("SVHTTDL", LEADS[2])):
        t.ask(ADMIN, f"/donvi them {code} {name}", expect="Đã thêm đơn vị")
    before = len(api.sent_to(ADMIN))
    api.sends_document(ADMIN, "ke-hoach-77.docx", _docx(plan()))
    first = api.reply(ADMIN, "Trang 1/", after=before)
    # One message per page: the proposal is not a burst of pieces.
    assert len(api.sent_to(ADMIN)) == before + 1
    assert shown(first["text"]).count("Chủ trì:") >= 5
    keys = [b["callback_data"] for row in first["reply_markup"]["inline_keyboard"] for b in row]
    assert keys[:2] == ["/nhapvanban trang 2", "/nhapvanban giao"]
    before = len(api.sent_to(ADMIN))
    api.presses(ADMIN, first["message"], "/nhapvanban trang 2")
    second = api.reply(ADMIN, "Trang 2/", after=before)
    assert len(api.sent_to(ADMIN)) == before + 1 and len(second["text"]) <= 4096
    t.ask(ADMIN, "bo 10-12", expect="Đã bỏ mục 10-12.")
    edited = t.ask(ADMIN, "sua 3-7 han 30/6/2027", expect="Đã sửa hạn của mục 3-7.")
    assert shown(edited["text"]).count("Hạn: Thứ Tư, 30/06/2027") == 5
    t.ask(ADMIN, "/nhapvanban giao", expect="Đã giao 61 nhiệm vụ theo văn bản 77/KH-UBND")


def test_429_403_and_5xx_answers(telegram: Running) -> None:
    t, api = telegram, telegram.api
    t.ask(ADMIN, "/donvi them SKHCN Sở Khoa học và Công nghệ", expect="Đã thêm đơn vị")
    _join(t, "SKHCN", OFFICIAL, "Lan")
    # 429: the reply waits the time Telegram names, then arrives, once.
    api.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    t.ask(ADMIN, "/nhiemvu SKHCN", expect="Nhiệm vụ đang mở")
    tries = [c for c in api.called("sendMessage") if "Nhiệm vụ đang mở" in c.params["text"]]
    assert [c.result is not None for c in tries] == [False, True]
    # A 502 and a 500 are retried with backoff.
    api.fail("sendMessage", 502, "Bad Gateway")
    api.fail("sendMessage", 500, "Internal Server Error")
    t.ask(ADMIN, "/tiendo", expect="Tiến độ mọi đơn vị")
    # 403: the official blocked the bot. The admin is told once; other messages go on.
    api.blocked.add(str(OFFICIAL))
    before = len(api.sent_to(ADMIN))
    t.ask(ADMIN, "/giao SKHCN | Việc một | 10/02/2099", expect="Đã giao")
    api.reply(ADMIN, "Không gửi được tin nhắn cho Lan", after=before)
    t.ask(ADMIN, "/giao SKHCN | Việc hai | 10/02/2099", expect="Đã giao nhiệm vụ #2")
    t.ask(ADMIN, "/trogiup", expect="trợ giúp")
    warnings = [p for p in api.sent_to(ADMIN) if "Không gửi được" in p["text"]]
    assert len(warnings) == 1
    assert not [
        c
        for c in api.called("sendMessage")
        if str(c.params["chat_id"]) == str(OFFICIAL) and "Việc hai" in c.params["text"]
    ]
    # Writing to the bot again makes the official reachable again.
    api.blocked.discard(str(OFFICIAL))
    t.ask(OFFICIAL, "/nhiemvu", expect="#2")
    t.ask(ADMIN, "/giao SKHCN | Việc ba | 10/02/2099", expect="Đã giao")
    api.reply(OFFICIAL, "Việc ba")


def test_groups_commands_with_and_without_the_bots_name(telegram: Running) -> None:
    t, api = telegram, telegram.api
    t.ask(ADMIN, "/donvi them SKHCN Sở Khoa học và Công nghệ", expect="Đã thêm đơn vị")
    group = -100777
    t.ask(ADMIN, "/ketnoi SKHCN", chat=group, expect="Sở Khoa học và Công nghệ (SKHCN)")
    t.ask(ADMIN, f"/tiendo@{BOT_USERNAME}", chat=group, expect="Tiến độ")
    # A command for another bot, and the group's own chatter, get no answer.
    before = len(api.sent_to(group))
    api.says(ADMIN, "/tiendo@some_other_bot", chat=group)
    api.says(ADMIN, "Chiều nay họp lúc 14h nhé", chat=group)
    t.ask(ADMIN, "/trogiup", chat=group, expect="trợ giúp")
    assert len(api.sent_to(group)) == before + 1


def test_without_a_token_run_explains_and_exits_2(tmp_path: Path) -> None:
    with dondoc(["run"], {}, tmp_path) as process:
        process.wait(timeout=60)
    assert process.returncode == 2
    text = output(tmp_path)
    assert "@BotFather" in text and "dondoc console --demo" in text


def _post(url: str, update: dict[str, Any], secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, json.dumps(update).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_webhook_mode_checks_the_secret(db_url: str, tmp_path: Path) -> None:
    api = TelegramAPI()
    port = _free_port()
    hook = f"http://127.0.0.1:{port}/tg-hook"
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api.start(),
        "TELEGRAM_WEBHOOK_SECRET": "s3cret-of_the-hook",
        "DONDOC_WEBHOOK_LISTEN": f"127.0.0.1:{port}",
        "DATABASE_URL": db_url,
        "DONDOC_ADMINS": f"telegram:{ADMIN}",
    }
    try:
        with dondoc(["run", "--webhook", hook], env, tmp_path) as process:
            call = api.wait_for(lambda: api.called("setWebhook") or process.poll() is not None)
            assert process.poll() is None, output(tmp_path)
            assert call[0].params["url"] == hook
            assert call[0].params["secret_token"] == "s3cret-of_the-hook"
            api.wait_for(lambda: _listening(port))
            update = {"update_id": 1, "message": api.says(ADMIN, "/trogiup")}
            api.updates.clear()  # delivered by the webhook, not by getUpdates
            assert _post(hook, update, "wrong") == 403
            assert _post(hook, update | {"update_id": 2}, None) == 403
            assert _post(hook, update | {"update_id": 3}, "s3cret-of_the-hook") == 200
            api.reply(ADMIN, "Đôn đốc — trợ giúp")
            assert len(api.sent_to(ADMIN)) == 1  # only the update with the right secret
            assert not api.called("getUpdates")
        assert process.returncode == 0, output(tmp_path)
    finally:
        api.stop()
    assert TOKEN not in output(tmp_path) and "s3cret-of_the-hook" not in output(tmp_path)


def test_webhook_without_a_secret_is_refused(tmp_path: Path) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN}
    with dondoc(["run", "--webhook", "https://example.org/hook"], env, tmp_path) as process:
        process.wait(timeout=60)
    assert process.returncode == 2 and "TELEGRAM_WEBHOOK_SECRET" in output(tmp_path)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def test_start_with_a_token_runs_on_telegram(db_url: str, tmp_path: Path) -> None:
    api = TelegramAPI()
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api.start(), "DATABASE_URL": db_url}
    try:
        with dondoc(["start"], env, tmp_path) as process:
            api.wait_for(lambda: api.called("getUpdates") or process.poll() is not None)
            assert process.poll() is None, output(tmp_path)
        assert process.returncode == 0
    finally:
        api.stop()


def test_the_guided_assign_in_a_group_under_privacy_mode(telegram: Running) -> None:
    """In a group the bot hears only commands and replies to it: its questions ask for a
    reply, so each answer reaches it."""
    t, api = telegram, telegram.api
    t.ask(ADMIN, "/donvi them SKHCN Sở Khoa học và Công nghệ", expect="Đã thêm đơn vị")
    group = -100600
    command = api.says(ADMIN, "/giao", chat=group)
    question = api.reply(group, "Đơn vị nào chủ trì?")
    # The question answers the admin's message and asks that admin (only) for a reply.
    assert question["reply_markup"] == {"force_reply": True, "selective": True}
    assert question["reply_parameters"]["message_id"] == command["message_id"]
    # An answer that is not a reply is not even delivered to the bot (privacy mode).
    api.says(ADMIN, "SKHCN", chat=group)
    for answer, expect in (
        ("SKHCN", "Nội dung nhiệm vụ là gì?"),
        ("Lập kế hoạch chuyển đổi số", "Hạn hoàn thành?"),
        ("10/02/2099", "Kết quả, sản phẩm cần đạt?"),
        ("-", "Xác nhận giao nhiệm vụ"),
    ):
        question = t.ask(ADMIN, answer, chat=group, reply_to=question["message"], expect=expect)
    buttons = [b["callback_data"] for b in question["reply_markup"]["inline_keyboard"][0]]
    assert buttons == ["có", "/huy"]
    before = len(api.sent_to(group))
    api.presses(ADMIN, question["message"], "có")
    api.reply(group, "Đã giao nhiệm vụ #1: Lập kế hoạch chuyển đổi số", after=before)


def test_buttons_report_and_a_press_too_old_to_answer(telegram: Running) -> None:
    t, api = telegram, telegram.api
    t.ask(ADMIN, "/donvi them SKHCN Sở Khoa học và Công nghệ", expect="Đã thêm đơn vị")
    _join(t, "SKHCN", OFFICIAL, "Lan")
    before = len(api.sent_to(OFFICIAL))
    t.ask(ADMIN, "/giao SKHCN | Lập kế hoạch | 10/02/2099", expect="Đã giao")
    notice = api.reply(OFFICIAL, "Nhiệm vụ mới", after=before)
    # "Báo cáo": the bot asks, the next message is the report.
    before = len(api.sent_to(OFFICIAL))
    api.presses(OFFICIAL, notice["message"], "/baocao 1")
    api.reply(OFFICIAL, "Gửi nội dung báo cáo cho nhiệm vụ #1", after=before)
    t.ask(OFFICIAL, "Đã họp với các sở", expect="Đã lưu ghi chú #1")
    # A press that waited out a restart cannot be acknowledged; its command still runs.
    api.fail("answerCallbackQuery", 400, "Bad Request: query is too old")
    before = len(api.sent_to(OFFICIAL))
    api.presses(OFFICIAL, notice["message"], "/xong 1")
    api.reply(OFFICIAL, "Đã ghi nhận hoàn thành", after=before)


def test_a_group_that_became_a_supergroup_is_followed(telegram: Running) -> None:
    t, api = telegram, telegram.api
    t.ask(ADMIN, "/donvi them SKHCN Sở Khoa học và Công nghệ", expect="Đã thêm đơn vị")
    t.ask(ADMIN, "/ketnoi", chat=COMMITTEE, expect="Ban Chỉ đạo")
    moved = -100999
    api.fail(
        "sendMessage",
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        chat=COMMITTEE,
        migrate_to=moved,
    )
    t.ask(ADMIN, "/giao SKHCN | Việc một | 10/02/2099", expect="Đã giao")
    api.reply(moved, "Việc một")
    t.ask(ADMIN, "/giao SKHCN | Việc hai | 10/02/2099", expect="Đã giao")
    api.reply(moved, "Việc hai")
    assert not [p for p in api.sent_to(COMMITTEE) if "Việc hai" in p["text"]]


def test_a_rejected_token_is_said_without_the_token(db_url: str, tmp_path: Path) -> None:
    api = TelegramAPI()
    api.fail("getMe", 401, "Unauthorized", times=5)
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api.start(), "DATABASE_URL": db_url}
    try:
        with dondoc(["run"], env, tmp_path) as process:
            process.wait(timeout=60)
    finally:
        api.stop()
    text = output(tmp_path)
    assert process.returncode == 2 and "Telegram refused TELEGRAM_BOT_TOKEN" in text
    assert TOKEN not in text and "Traceback" not in text


def test_a_reminder_answered_by_reply(db_url: str, tmp_path: Path) -> None:
    """DONDOC_REMIND_BEFORE=1m, and the process's clock in a file the test moves: the
    reminder goes at 09:59 for a deadline at 10:00, without the test waiting for it."""
    api = TelegramAPI()
    clock = tmp_path / "now.txt"
    clock.write_text("2026-01-05T09:00:00+07:00")  # a Monday morning
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api.start(),
        "DATABASE_URL": db_url,
        "DONDOC_ADMINS": f"telegram:{ADMIN}",
        "DONDOC_REMIND_BEFORE": "1m",
        "DONDOC_CLOCK_FILE": str(clock),
        "DONDOC_DISPATCH_INTERVAL": "200ms",
    }
    try:
        with dondoc(["run"], env, tmp_path) as process:
            api.wait_for(lambda: api.called("getUpdates") or process.poll() is not None)
            t = Running(api, process, tmp_path)
            t.ask(ADMIN, "/donvi them SKHCN Sở Khoa học và Công nghệ", expect="Đã thêm đơn vị")
            _join(t, "SKHCN", OFFICIAL, "Lan")
            t.ask(ADMIN, "/giao SKHCN | Thử nhắc hạn | 10h hôm nay", expect="Đã giao")
            t.ask(ADMIN, "/giao SKHCN | Việc khác | 11h hôm nay", expect="#2")
            before = len(api.sent_to(OFFICIAL))
            clock.write_text("2026-01-05T09:59:10+07:00")
            reminder = api.reply(OFFICIAL, "Nhắc hạn #1", after=before)
            buttons = [b["callback_data"] for b in reminder["reply_markup"]["inline_keyboard"][0]]
            assert buttons == ["/baocao 1", "/xong 1"]
            message_id = reminder["message"]["message_id"]
            api.wait_for(lambda: recorded(db_url, "telegram", OFFICIAL, message_id))
            t.ask(
                OFFICIAL,
                "Đang hoàn thiện, xong trước 10h",
                reply_to=reminder["message"],
                expect="Đã ghi nhận #1 (SKHCN): dự kiến xong",
            )
        assert process.returncode == 0, output(tmp_path)
    finally:
        api.stop()
    # The reminder went once.
    assert len([p for p in api.sent_to(OFFICIAL) if "Nhắc hạn #1" in shown(p["text"])]) == 1
