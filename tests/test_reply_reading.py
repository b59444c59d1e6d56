"""What the bot reads from a short progress reply, the way officials type them on a phone:
with and without marks, "ạ", "dạ", "rồi", "k" for "không", "dc" for "được"."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from _pytest.mark import ParameterSet

from bot.cli import main
from bot.reading.replies import ReplyReading, read_reply

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# A Thursday morning: "thứ 6" is tomorrow, "thứ 6 tuần sau" the 16th, "cuối tuần" Sunday
# the 11th, "cuối tháng" the 31st.
NOW = datetime(2025, 5, 8, 9, 0, tzinfo=TZ)
DUE = date(2025, 5, 20)  # a Tuesday: relative extensions count from it
PASSED = date(2025, 5, 5)  # an overdue task: relative extensions count from today


def said(
    task: int | None = None,
    done: bool = False,
    percent: int | None = None,
    difficulty: str | None = None,
    extension_to: str | None = None,
    expected: str | None = None,
) -> dict[str, object]:
    """The full as_json() of a reading; what is not named was not read."""
    return {
        "task": task,
        "done": done,
        "percent": percent,
        "difficulty": difficulty,
        "extension_to": extension_to,
        "expected": expected,
    }


NOTHING = said()


def row(
    id: str, text: str, expected: dict[str, object], deadline: date | None = None
) -> ParameterSet:
    return pytest.param(text, deadline, expected, id=id)


REPLIES = [
    # --- done ---
    row("xong", "xong", said(done=True)),
    row("đã xong", "Đã xong", said(done=True)),
    row("hoàn thành", "hoàn thành", said(done=True)),
    row("đã hoàn thành ạ", "Đã hoàn thành ạ", said(done=True)),
    row("done", "done", said(done=True)),
    row("ok xong rồi", "ok xong rồi", said(done=True)),
    row("xong rồi ạ", "Xong rồi ạ", said(done=True)),
    row("HT", "HT", said(done=True)),
    row("đã hoàn thành nhiệm vụ", "Đã hoàn thành nhiệm vụ", said(done=True)),
    row("100% is done", "100%", said(done=True, percent=100)),
    row("unaccented da xong roi a", "da xong roi a", said(done=True)),
    row("dạ … anh ơi", "dạ đã xong rồi anh ơi", said(done=True)),
    row("ok e xong rồi nhé", "ok e xong rồi nhé", said(done=True)),
    row("đã xong hết", "đã xong hết rồi ạ", said(done=True)),
    row("xong ạ!", "Xong ạ!", said(done=True)),
    row("xong r a", "#4 xong r a", said(task=4, done=True)),
    row("da ht", "#5 da ht", said(task=5, done=True)),
    row("100% khoi luong", "da hoan thanh 100% khoi luong", said(done=True, percent=100)),
    row("hoàn thành 100% rồi", "hoàn thành 100% rồi ạ", said(done=True, percent=100)),
    row("done yesterday", "Hôm qua đã xong", said(done=True)),
    row("done on a date, not 5/5 of the work", "đã hoàn thành 5/5", said(done=True)),
    row(
        "done, then the report number and date",
        "Đã hoàn thành, đã gửi báo cáo số 45/BC-SNN ngày 7/5/2025",
        said(done=True),
    ),
    row("vừa xong", "vừa xong", said(done=True)),
    row("đề is not để", "Đề án đã hoàn thành", said(done=True)),
    row("cho em báo cáo", "Cho em báo cáo: đã hoàn thành", said(done=True)),
    row("phân is not phần", "Đã phân bổ kinh phí xong", said(done=True)),
    row("xong + an object: one step", "Đã phân bổ xong kinh phí", said()),
    row("xong + a step of the work", "đã xong khảo sát", said()),
    row("100% of something else", "#2 chưa xong, mới có 100% hồ sơ", said(task=2, percent=100)),
    row("100% of one step", "đã hoàn thành 100% khảo sát, chưa xong báo cáo", said(percent=100)),
    row("100% of a target", "giải ngân đạt 100% vốn, đang thi công", said(percent=100)),
    row("100% said plainly", "đã đạt 100% rồi ạ", said(done=True, percent=100)),
    row("the whole task, said long", "Đã hoàn thành nhiệm vụ được giao ạ", said(done=True)),
    # --- not done: negations, questions, the future, a part ---
    row("chưa xong", "chưa xong", NOTHING),
    row("chưa hoàn thành a", "Chưa hoàn thành a", NOTHING),
    row("không hoàn thành được", "không hoàn thành được", NOTHING),
    row("k for không", "k hoàn thành kịp", NOTHING),
    row("sắp xong", "sắp xong", NOTHING),
    row("gần xong: no invented percent", "gần xong rồi", NOTHING),
    row("question mark", "xong chưa?", NOTHING),
    row("đã xong chưa", "đã xong chưa", NOTHING),
    row("hoàn thành chưa ạ", "hoàn thành chưa ạ", NOTHING),
    row("a question about difficulties", "Có vướng gì không?", NOTHING),
    row("a sentence ending in ?", "Đã xong rồi ạ, anh kiểm tra giúp em được không?", NOTHING),
    row("a part after", "xong phần khảo sát", NOTHING),
    row("a step", "đã hoàn thành bước 1", NOTHING),
    row("a part before", "phần khảo sát đã xong", NOTHING),
    row("a quantity", "3 xã đã xong", NOTHING),
    row("a bare leading number is no task", "12 xong", NOTHING),
    row("cơ bản hoàn thành", "cơ bản hoàn thành", NOTHING),
    row("a draft", "đã hoàn thành dự thảo, đang lấy ý kiến các sở", NOTHING),
    row("in progress", "đang hoàn thành các thủ tục", NOTHING),
    row("a condition", "xong thì em báo lại ạ", NOTHING),
    row("e chua lam xong", "e chua lam xong a", NOTHING),
    row("vẫn chưa", "Vẫn chưa ạ", NOTHING),
    row("tạm xong", "tạm xong", NOTHING),
    row("a past date without đã says when, not whether", "đến 2/3 xong", NOTHING),
    # --- percentages ---
    row("50%", "50%", said(percent=50)),
    row("khoảng 70 %", "khoảng 70 %", said(percent=70)),
    row("được 1 nửa", "được 1 nửa", said(percent=50)),
    row("dc 1 nua", "dc 1 nua", said(percent=50)),
    row("đạt một nửa", "đạt một nửa", said(percent=50)),
    row("phần trăm", "đạt 80 phần trăm", said(percent=80)),
    row("được 2/3 is a share", "được 2/3", said(percent=67)),
    row("3/4 khối lượng", "3/4 khối lượng", said(percent=75)),
    row("hoàn thành 70%: not done", "hoàn thành 70%", said(percent=70)),
    row("đc 70% ạ", "đc 70% ạ", said(percent=70)),
    row("50 % rồi anh", "50 % rồi anh", said(percent=50)),
    row("a label", "Tiến độ: 45%", said(percent=45)),
    row("over 100", "120%", NOTHING),
    row("not reached", "chưa đạt 100%", NOTHING),
    row("a decimal comma", "hoàn thành 33,5%", said(percent=34)),
    row("a range reads its low end", "đạt 70-80%", said(percent=70)),
    row("xong 1 nửa: not done", "xong 1 nửa rồi", said(percent=50)),
    row("sắp hoàn thành, khoảng 90%", "sắp hoàn thành, khoảng 90%", said(percent=90)),
    row("zero", "chưa triển khai, 0%", said(percent=0)),
    # --- difficulties ---
    row("vướng: label dropped", "vướng: chưa có kinh phí", said(difficulty="chưa có kinh phí")),
    row("unaccented vuong", "vuong: chua co kinh phi", said(difficulty="chua co kinh phi")),
    row(
        "vướng mắc về",
        "Vướng mắc về giải phóng mặt bằng",
        said(difficulty="giải phóng mặt bằng"),
    ),
    row("khó khăn:", "khó khăn: thiếu nhân lực", said(difficulty="thiếu nhân lực")),
    row(
        "khó khăn do",
        "60%, khó khăn do thiếu nhân lực",
        said(percent=60, difficulty="thiếu nhân lực"),
    ),
    row("chưa có kinh phí", "chưa có kinh phí", said(difficulty="chưa có kinh phí")),
    row(
        "two lacks in one clause",
        "thiếu kinh phí, thiếu nhân lực",
        said(difficulty="thiếu kinh phí, thiếu nhân lực"),
    ),
    row("chưa được bố trí vốn", "chưa được bố trí vốn", said(difficulty="chưa được bố trí vốn")),
    row(
        "waiting, case kept",
        "Đang chờ ý kiến của Sở Tài chính ạ",
        said(difficulty="Đang chờ ý kiến của Sở Tài chính"),
    ),
    row("chờ phê duyệt", "chờ phê duyệt", said(difficulty="chờ phê duyệt")),
    row(
        "unaccented waiting",
        "chua xong a, dang cho y kien so tai chinh",
        said(difficulty="dang cho y kien so tai chinh"),
    ),
    row("k có kinh phí", "k có kinh phí a", said(difficulty="k có kinh phí")),
    row("no difficulty", "ko vướng gì", NOTHING),
    row("done, none denied", "Đã hoàn thành, không có vướng mắc", said(done=True)),
    row("mét vuông is no vướng", "Đã lát 200 mét vuông sân", NOTHING),
    row(
        "a capital after the label",
        "Khó khăn: Chưa có hướng dẫn của Bộ.",
        said(difficulty="Chưa có hướng dẫn của Bộ"),
    ),
    row("label on its own line", "Vướng:\nchưa có kinh phí", said(difficulty="chưa có kinh phí")),
    row("chậm do", "bị chậm do mưa bão kéo dài", said(difficulty="bị chậm do mưa bão kéo dài")),
    row("a bare label", "còn vướng ạ", said(difficulty="vướng")),
    row(
        "done but",
        "xong rồi nhưng còn vướng thủ tục thanh toán",
        said(done=True, difficulty="thủ tục thanh toán"),
    ),
    row("cho is not chờ", "đã gửi văn bản cho Sở TC", NOTHING),
    row("unaccented cho Sở", "da gui van ban cho so tc", NOTHING),
    row(
        "unaccented dang cho",
        "em dang cho so tc phe duyet",
        said(difficulty="dang cho so tc phe duyet"),
    ),
    row(
        "the clause to its end",
        "chưa có kinh phí nên chưa triển khai được",
        said(difficulty="chưa có kinh phí nên chưa triển khai được"),
    ),
    row(
        "two sentences",
        "thiếu kinh phí; thiếu nhân lực",
        said(difficulty="thiếu kinh phí; thiếu nhân lực"),
    ),
    # --- extensions ---
    row("gia hạn đến", "xin gia hạn đến 20/5", said(extension_to="2025-05-20")),
    row(
        "đề nghị … ngày 30/6/2025",
        "Đề nghị gia hạn đến ngày 30/6/2025",
        said(extension_to="2025-06-30"),
    ),
    row("lùi hạn đến cuối tháng", "xin lùi hạn đến cuối tháng", said(extension_to="2025-05-31")),
    row("1 tuần from the deadline", "đề nghị lùi hạn 1 tuần", said(extension_to="2025-05-27"), DUE),
    row("1 tuần from today", "đề nghị lùi hạn 1 tuần", said(extension_to="2025-05-15")),
    row("xin thêm 3 ngày", "xin thêm 3 ngày", said(extension_to="2025-05-23"), DUE),
    row("thêm 10 ngày", "xin gia hạn thêm 10 ngày", said(extension_to="2025-05-30"), DUE),
    row(
        "a passed deadline counts from today",
        "xin gia hạn thêm 10 ngày",
        said(extension_to="2025-05-18"),
        PASSED,
    ),
    row("asked without a date", "xin gia hạn", NOTHING),
    row(
        "a request phrased as a question",
        "cho em xin gia hạn đến 20/5 được không ạ?",
        said(extension_to="2025-05-20"),
    ),
    row("unaccented", "xin gia han den 30/5 a", said(extension_to="2025-05-30")),
    row("sang tháng 7", "xin gia han sang thang 7", said(extension_to="2025-07-31")),
    row("nửa tháng", "cho em xin thêm nửa tháng", said(extension_to="2025-06-04"), DUE),
    row(
        "working days skip the weekend",
        "xin gia hạn 5 ngày làm việc",
        said(extension_to="2025-05-27"),
        DUE,
    ),
    row(
        "a weekday",
        "dạ xin phép lùi thời hạn đến thứ 2 tuần sau ạ",
        said(extension_to="2025-05-12"),
    ),
    row("money, not time", "xin thêm kinh phí", NOTHING),
    row("dạ is not đã", "Dạ gia hạn đến 20/5 ạ", said(extension_to="2025-05-20")),
    row("asked, and expects", "xin gia hạn, dự kiến 25/5 xong", said(expected="2025-05-25")),
    row("not needed", "không cần gia hạn", NOTHING),
    row(
        "with its reason",
        "Dạ báo cáo anh, do chưa được bố trí vốn nên bên em xin gia hạn đến 30/6 ạ",
        said(difficulty="chưa được bố trí vốn", extension_to="2025-06-30"),
    ),
    # --- expected ---
    row("dự kiến 15/5 xong", "dự kiến 15/5 xong", said(expected="2025-05-15")),
    row("sẽ hoàn thành trước", "sẽ hoàn thành trước 20/5", said(expected="2025-05-20")),
    row("dự kiến hoàn thành trước", "dự kiến hoàn thành trước 20/5", said(expected="2025-05-20")),
    row("thứ 6 tuần sau", "sẽ xong vào thứ 6 tuần sau", said(expected="2025-05-16")),
    row("khoảng cuối tháng", "khoảng cuối tháng xong", said(expected="2025-05-31")),
    row("dk t6 unaccented", "dk thu 6 tuan sau xong a", said(expected="2025-05-16")),
    row("3 ngày nữa from today", "3 ngày nữa xong", said(expected="2025-05-11")),
    row("chắc cuối tuần", "em đang làm, chắc cuối tuần xong", said(expected="2025-05-11")),
    row("mai em gửi", "dạ mai em gửi ạ", said(expected="2025-05-09")),
    row("trong tháng 5", "phấn đấu hoàn thành trong tháng 5", said(expected="2025-05-31")),
    row("the deadline restated", "thời hạn hoàn thành 20/5", NOTHING),
    row("a milestone, not the end", "dự kiến đạt 80% vào cuối tháng", NOTHING),
    row("just the deadline", "hạn 20/5 ạ", NOTHING),
    # --- several at once ---
    row(
        "the brief's example",
        "#12 60%, vướng: chưa có kinh phí",
        said(task=12, percent=60, difficulty="chưa có kinh phí"),
    ),
    row(
        "line breaks",
        "Báo cáo:\nĐã hoàn thành 70%\nVướng: chưa có kinh phí",
        said(percent=70, difficulty="chưa có kinh phí"),
    ),
    row(
        "percent, expected, difficulty",
        "70%, dự kiến 25/5 xong, vướng: thiếu kinh phí",
        said(percent=70, difficulty="thiếu kinh phí", expected="2025-05-25"),
    ),
    row(
        "dash and comma",
        "#3: 30% - thiếu nhân lực, đang chờ bổ sung",
        said(task=3, percent=30, difficulty="thiếu nhân lực, đang chờ bổ sung"),
    ),
    row(
        "a full paragraph",
        "Em chào anh. Nhiệm vụ này bên em đã hoàn thành 80%, dự kiến thứ 6 tuần sau sẽ hoàn "
        "thành. Khó khăn: chưa có kinh phí để thuê đơn vị tư vấn ạ.",
        said(
            percent=80,
            difficulty="chưa có kinh phí để thuê đơn vị tư vấn",
            expected="2025-05-16",
        ),
    ),
    row(
        "the difficulty stops where the date starts",
        "thiếu nhân lực nên dự kiến 30/6 mới xong",
        said(difficulty="thiếu nhân lực", expected="2025-06-30"),
    ),
    row(
        "a share of the work and the rest",
        "đã triển khai được 2/3 khối lượng công việc, còn lại dự kiến 25/5 xong",
        said(percent=67, expected="2025-05-25"),
    ),
    row(
        "done and waiting",
        "Đã xong, đang chờ UBND tỉnh phê duyệt",
        said(done=True, difficulty="đang chờ UBND tỉnh phê duyệt"),
    ),
    row(
        "all unaccented",
        "da xong 80%, con vuong mat bang, du kien cuoi thang xong",
        said(percent=80, difficulty="mat bang", expected="2025-05-31"),
    ),
    row(
        "the rest waits",
        "Báo cáo anh: đã hoàn thành 50% khối lượng, phần còn lại đang chờ kinh phí",
        said(percent=50, difficulty="đang chờ kinh phí"),
    ),
    row(
        "thứ 6 này",
        "Dạ e gửi a, hiện tại đạt 90%, dự kiến thứ 6 này xong ạ",
        said(percent=90, expected="2025-05-09"),
    ),
    row(
        "dc … roi, vuong:",
        "#2 dc 40% roi, vuong: chua duoc cap kinh phi",
        said(task=2, percent=40, difficulty="chua duoc cap kinh phi"),
    ),
    row("k có vướng mắc gì", "#2 đạt 40%, k có vướng mắc gì", said(task=2, percent=40)),
    # --- task numbers ---
    row("NV12", "NV12 xong", said(task=12, done=True)),
    row("nv 12:", "nv 12: 50%", said(task=12, percent=50)),
    row("nhiệm vụ 12:", "nhiệm vụ 12: đang triển khai", said(task=12)),
    row("12:", "12: xong", said(task=12, done=True)),
    row("12 :", "12 : 80%", said(task=12, percent=80)),
    row("# 12", "# 12 xong", said(task=12, done=True)),
    row("after courtesy", "Dạ em báo cáo: nhiệm vụ số 7 đã hoàn thành ạ", said(task=7, done=True)),
    row("em xin báo cáo #12", "Dạ, em xin báo cáo #12 đã xong ạ", said(task=12, done=True)),
    row("anh ơi, NV 5", "Anh ơi, NV 5 em xong rồi nhé", said(task=5, done=True)),
    row("nhiệm vụ + days is no task", "nhiệm vụ 3 ngày nữa xong", said(expected="2025-05-11")),
    row("a leading date is no task", "12/5 xong", said(expected="2025-05-12")),
    row(
        "task and a reason",
        "#7 chua xong do chua co kinh phi",
        said(task=7, difficulty="chua co kinh phi"),
    ),
    # --- a part is not the whole: never closes ---
    row("60% xong", "#5 60% xong", said(task=5, percent=60)),
    row("xong 60%", "xong 60%", said(percent=60)),
    row("da xong 80% roi", "da xong 80% roi a", said(percent=80)),
    row("hoàn thành được 90%", "Hoàn thành được 90% ạ", said(percent=90)),
    row("xong một nửa", "xong một nửa", said(percent=50)),
    row("xong 1 nua", "xong 1 nua roi", said(percent=50)),
    row("đã xong được một nửa", "Đã xong được một nửa công việc", said(percent=50)),
    row("gần xong", "gần xong rồi ạ", NOTHING),
    row("gan xong", "gan xong", NOTHING),
    row("sắp hoàn thành", "Sắp hoàn thành", NOTHING),
    row("sap xong", "sap xong roi anh", NOTHING),
    row("cơ bản hoàn thành", "Cơ bản hoàn thành", NOTHING),
    row("hoàn thành 2/3", "đã hoàn thành 2/3 khối lượng", said(percent=67)),
    row("xong 95% rồi", "xong 95% rồi", said(percent=95)),
    row("two shares, one below", "đã xong 100% hồ sơ, giải ngân 40%", NOTHING),
    row("expected share", "Đã xong, dự kiến đạt 80% giải ngân", NOTHING),
    # --- English, read with the same care ---
    row("en done", "Done", said(done=True)),
    row("en all done", "all done, thanks", said(done=True)),
    row("en completed", "#8 completed", said(task=8, done=True)),
    row("en task completed", "The task is completed", said(done=True)),
    row("en finished on time", "finished on time", said(done=True)),
    row("en 100% done", "100% done", said(done=True, percent=100)),
    row("en 60% done", "60% done", said(percent=60)),
    row("en done 70%", "done 70%", said(percent=70)),
    row("en 70 percent", "70 percent completed", said(percent=70)),
    row("en half done", "half done", said(percent=50)),
    row("en halfway", "we are halfway", said(percent=50)),
    row("en almost done", "almost done", NOTHING),
    row("en nearly finished", "nearly finished", NOTHING),
    row("en mostly done", "mostly done", NOTHING),
    row("en partially completed", "partially completed", NOTHING),
    row("en first phase", "first phase done", NOTHING),
    row("en not yet", "not done yet", NOTHING),
    row("en will be", "will be done soon", NOTHING),
    row("en a step", "completed the survey", NOTHING),
    row(
        "en difficulty",
        "#3 60%, difficulty: no funds yet",
        said(task=3, percent=60, difficulty="no funds yet"),
    ),
    row("en problem", "problem: no staff", said(difficulty="no staff")),
    row("en issue", "issue: waiting for approval", said(difficulty="waiting for approval")),
    row("en blocked", "blocked: no budget", said(difficulty="no budget")),
    row("en blocked by", "blocked by the land clearance", said(difficulty="the land clearance")),
    row(
        "en difficulties",
        "40%. Difficulties - missing data",
        said(percent=40, difficulty="missing data"),
    ),
    row("en no problem", "no problem, done", said(done=True)),
    row("en no issues", "no issues so far", NOTHING),
    row("en the issue word", "the issue was discussed", NOTHING),
    # --- nothing to read: kept as a note ---
    row("đang triển khai", "đang triển khai", NOTHING),
    row("ok", "ok", NOTHING),
    row("received", "e đã nhận nv, đang triển khai", NOTHING),
    row("đã nộp", "đã nộp", NOTHING),
    row("empty", "", NOTHING),
]


@pytest.mark.parametrize(("text", "deadline", "expected"), REPLIES)
def test_reading(text: str, deadline: date | None, expected: dict[str, object]) -> None:
    assert read_reply(text, NOW, TZ, deadline).as_json() == expected


def test_the_table_is_large_enough() -> None:
    assert len(REPLIES) >= 80


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("#12 xong ạ", "xong ạ"),
        ("Dạ, #12: 60%", "60%"),
        ("nhiệm vụ số 7 đã hoàn thành", "đã hoàn thành"),
        ("#12-xong", "xong"),
        ("12 xong", "12 xong"),
        ("  chưa xong  ", "chưa xong"),
    ],
)
def test_text_is_what_follows_the_task_number(text: str, rest: str) -> None:
    assert read_reply(text, NOW, TZ).text == rest


def test_a_request_without_a_date_is_understood() -> None:
    reading = read_reply("xin gia hạn ạ", NOW, TZ)
    assert reading.extension_asked and reading.extension_to is None
    assert reading.understood()


def test_a_dated_request_is_asked_too() -> None:
    assert read_reply("xin gia hạn đến 20/5", NOW, TZ).extension_asked


@pytest.mark.parametrize("text", ["đang triển khai", "đã gửi văn bản cho Sở TC", "xong chưa?"])
def test_a_note_is_not_understood(text: str) -> None:
    assert not read_reply(text, NOW, TZ).understood()


@pytest.mark.parametrize("text", ["0%", "xong", "thiếu kinh phí", "dự kiến 15/5 xong"])
def test_any_reading_is_understood(text: str) -> None:
    assert read_reply(text, NOW, TZ).understood()


def test_as_json_has_exactly_six_keys_and_iso_dates() -> None:
    reading = ReplyReading(
        task=1,
        done=False,
        percent=None,
        difficulty=None,
        extension_to=date(2025, 6, 30),
        expected=date(2025, 5, 15),
        text="x",
        extension_asked=True,
    )
    assert reading.as_json() == {
        "task": 1,
        "done": False,
        "percent": None,
        "difficulty": None,
        "extension_to": "2025-06-30",
        "expected": "2025-05-15",
    }


def test_a_naive_now_is_local() -> None:
    naive = datetime(2025, 5, 8, 23, 30)  # UTC would already be the 9th here
    assert read_reply("3 ngày nữa xong", naive, TZ).expected == date(2025, 5, 11)


def test_now_in_another_zone_is_read_as_local_time() -> None:
    utc = datetime(2025, 5, 8, 20, 0, tzinfo=ZoneInfo("UTC"))  # 03:00 on the 9th in Hà Nội
    assert read_reply("3 ngày nữa xong", utc, TZ).expected == date(2025, 5, 12)


# --- the command --------------------------------------------------------------------------


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Settings come from the environment and ./.env: neither may leak into these tests.
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith(("DONDOC_", "TELEGRAM_")) or name == "DATABASE_URL":
            monkeypatch.delenv(name)


@pytest.mark.usefixtures("cli_env")
def test_cli_prints_the_reading_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["reply", "--now", "2025-05-10T09:00", "#12 60%, vướng: chưa có kinh phí"])
    out = capsys.readouterr().out
    assert code == 0
    assert out == (
        '{"task": 12, "done": false, "percent": 60, "difficulty": "chưa có kinh phí", '
        '"extension_to": null, "expected": null}\n'
    )
    assert list(json.loads(out)) == [
        "task",
        "done",
        "percent",
        "difficulty",
        "extension_to",
        "expected",
    ]


@pytest.mark.usefixtures("cli_env")
def test_cli_counts_a_relative_extension_from_the_deadline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(
        ["reply", "--now", "2025-05-10T09:00", "--deadline", "2025-05-20", "xin thêm 3 ngày"]
    )
    assert code == 0
    assert json.loads(capsys.readouterr().out)["extension_to"] == "2025-05-23"


@pytest.mark.usefixtures("cli_env")
def test_cli_reads_dates_at_now(capsys: pytest.CaptureFixture[str]) -> None:
    # Saturday 10 May: "thứ 6 tuần sau" is Friday the 16th, "cuối tuần" Sunday the 11th.
    main(["reply", "--now", "2025-05-10T09:00", "sẽ xong vào thứ 6 tuần sau"])
    assert json.loads(capsys.readouterr().out)["expected"] == "2025-05-16"


@pytest.mark.usefixtures("cli_env")
def test_cli_bad_now(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["reply", "--now", "hôm qua", "xong"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert "--now 'hôm qua' is not ISO 8601" in captured.err


@pytest.mark.usefixtures("cli_env")
def test_cli_bad_deadline(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["reply", "--now", "2025-05-10T09:00", "--deadline", "20/5", "xin thêm 3 ngày"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert "--deadline '20/5' is not a date" in captured.err
