"""Sample values for every message template, shaped like what the code passes.

SAMPLES[template][sample] is the mapping a template is rendered with. The sample named
DEFAULT is the template's golden file `<template>.txt`; any other sample is
`<template>__<sample>.txt`. Several samples cover a template's branches (whole table or
not, a cancelled or a done assignment, each kind of history entry...).

Assignments are shaped like bot.services.template_values._view, drafts like
bot.commands.assign._preview, documents like bot.services.template_values.document, units
like bot.services.template_values.unit. Dates are fixed: "today" is Monday 5 January 2026
in Hà Nội (as in tests/conftest.py), so `days` agrees with `due`. Nothing here reads the
clock or the database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bot.commands import COMMANDS
from bot.commands.reminders import plan_refusal
from bot.commands.scope import period_refusal
from bot.conversation import typed_dates
from bot.errors import UserError
from bot.reading.dates import DateError, read_date
from bot.reading.periods import PeriodError, find_period
from bot.settings import SettingsError, load_settings
from scheduler.policy import PlanError, parse_plan
from storage.deadline import Deadline
from storage.status import (
    DONE_LATE,
    DONE_ON_TIME,
    EXTENSION_REQUESTED,
    NOT_STARTED,
    ON_TRACK,
    OVERDUE,
    STATUS_CANCELLED,
)

DEFAULT = "default"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 1, 5)  # a Monday
SAMPLE_NOW = datetime(2026, 1, 5, 9, 0, tzinfo=VN)  # what refusals are read against

UNITS = {
    "SKHCN": "Sở Khoa học và Công nghệ",
    "STTTT": "Sở Thông tin và Truyền thông",
    "SVHTTDL": "Sở Văn hóa, Thể thao và Du lịch",
    "SGDDT": "Sở Giáo dục và Đào tạo",
    "STC": "Sở Tài chính",
    "BTGDVTU": "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "BQLKCN": "Ban Quản lý các Khu công nghiệp",
}

# Deadlines as bot.reading.dates reads them: a day, and a time only when one was written.
DUE_FEB_10 = Deadline(date(2026, 2, 10))  # Thứ Ba, 10/02/2026
DUE_TODAY_17H = Deadline(date(2026, 1, 5), time(17, 0))  # due today, at 17h00
DUE_JAN_16_11H = Deadline(date(2026, 1, 16), time(11, 0))  # a Friday, 11h00
DUE_DEC_31 = Deadline(date(2025, 12, 31))  # passed 5 days ago
DUE_JAN_30 = Deadline(date(2026, 1, 30))
DUE_FEB_28 = Deadline(date(2026, 2, 28))


def at(day: int, month: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    """A local moment (what ctx.local gives templates)."""
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def days_left(due: Deadline | None, is_open: bool = True) -> int | None:
    return (due.day - TODAY).days if due is not None and is_open else None


def task(
    id: int,
    text: str,
    unit_code: str = "SKHCN",
    *,
    result: str | None = None,
    supports: tuple[str, ...] = (),
    due: Deadline | None = None,
    status: str = NOT_STARTED,
    document: str | None = None,
    supporting: bool = False,
    responsible: str | None = None,
) -> dict[str, Any]:
    """An assignment view, as bot.services.template_values._view builds it."""
    is_open = status not in (DONE_ON_TIME, DONE_LATE, STATUS_CANCELLED)
    return {
        "id": id,
        "task": text,
        "result": result,
        "unit_code": unit_code,
        "unit_name": UNITS[unit_code],
        "supports": list(supports),
        "due": due,
        "days": days_left(due, is_open),
        "status": status,
        "document": document,
        "supporting": supporting,
        "responsible": responsible,
    }


def changed(view: dict[str, Any], **values: Any) -> dict[str, Any]:
    """VIEW with some keys replaced; `days` follows a new `due` or `status`."""
    new = {**view, **values}
    is_open = new["status"] not in (DONE_ON_TIME, DONE_LATE, STATUS_CANCELLED)
    new["days"] = days_left(new["due"], is_open)
    if "unit_code" in values:
        new["unit_name"] = UNITS[values["unit_code"]]
    return new


PLAN_TEXT = "Xây dựng Chương trình hành động, Kế hoạch thực hiện Nghị quyết 57 và Nghị quyết 03"

# Open, on time, everything filled in; one supporting "unit" is only words with commas.
PLAN = task(
    12, PLAN_TEXT, "SKHCN",
    result="Kế hoạch được UBND tỉnh ban hành",
    supports=("Sở Thông tin và Truyền thông", "các cơ quan, đơn vị liên quan"),
    due=DUE_FEB_10, status=ON_TRACK, document="412/UBND-VX", responsible="Nguyễn Thị Lan",
)  # fmt: skip
# Due today at 17h00, not started, seen by a supporting unit.
PROPAGANDA = task(
    15,
    "Xây dựng kế hoạch tuyên truyền thường xuyên, sâu rộng về Nghị quyết 57, Nghị quyết 03, "
    "Kế hoạch 433",
    "SVHTTDL",
    supports=("Sở Khoa học và Công nghệ",),
    due=DUE_TODAY_17H, status=NOT_STARTED, document="253/UBND-KGVX", supporting=True,
)  # fmt: skip
# Overdue by 5 days.
SCHOOLS = task(
    9, "Báo cáo kết quả triển khai chuyển đổi số trong trường học năm 2025", "SGDDT",
    result="Báo cáo gửi Sở Thông tin và Truyền thông tổng hợp",
    due=DUE_DEC_31, status=OVERDUE,
)  # fmt: skip
# Ongoing work without a deadline.
ONGOING = task(
    21,
    "Đẩy mạnh tuyên truyền, nâng cao nhận thức, đổi mới tư duy về khoa học, công nghệ, "
    "đổi mới sáng tạo và chuyển đổi số",
    "BTGDVTU",
    due=None, status=ON_TRACK, document="03-TB/BCĐ",
)  # fmt: skip
# An extension is pending.
WORKSHOP = task(
    14,
    "Tổ chức Hội thảo khoa học triển khai Nghị quyết 57 và bồi dưỡng chuyên đề Ứng dụng AI "
    "cho cán bộ, công chức, viên chức",
    "SKHCN",
    supports=("Đại học Quốc gia thành phố Hồ Chí Minh", "các sở, ngành, địa phương"),
    due=DUE_JAN_16_11H, status=EXTENSION_REQUESTED,
)  # fmt: skip
BUDGET = task(
    17, "Bố trí kinh phí thực hiện Nghị quyết 57 trong dự toán ngân sách năm 2026", "STC",
    result="Quyết định giao dự toán", due=DUE_JAN_30, status=ON_TRACK,
)  # fmt: skip

PLAN_DONE = changed(PLAN, status=DONE_ON_TIME)
SCHOOLS_DONE_LATE = changed(SCHOOLS, status=DONE_LATE)
PLAN_CANCELLED = changed(PLAN, status=STATUS_CANCELLED)
WORKSHOP_GRANTED = changed(WORKSHOP, due=DUE_JAN_30, status=ON_TRACK)
WORKSHOP_REFUSED = changed(WORKSHOP, status=ON_TRACK)
PLAN_REDATED = changed(PLAN, due=Deadline(date(2026, 2, 20), time(17, 0)))
PLAN_MOVED = changed(PLAN, unit_code="STTTT", supports=["Sở Khoa học và Công nghệ"])

DOC_412 = {
    "id": 1, "number": "412/UBND-VX", "issuer": "UBND tỉnh Bình Định",
    "issued": date(2025, 1, 14),
    "summary": "Về việc thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
}  # fmt: skip
DOC_253 = {
    "id": 2, "number": "253/UBND-KGVX", "issuer": "UBND tỉnh Đồng Nai",
    "issued": date(2025, 3, 17),
    "summary": "V/v đẩy mạnh tuyên truyền Nghị quyết số 57-NQ/TW, Nghị quyết số 03/NQ-CP và "
               "Kế hoạch số 433-KH/TU",
}  # fmt: skip
DOC_03 = {
    "id": 3, "number": "03-TB/BCĐ",
    "issuer": "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
              "tỉnh Khánh Hòa",
    "issued": date(2025, 4, 4), "summary": "",
}  # fmt: skip
# Imported from a letter without a date line.
DOC_UNDATED = {
    "id": 8,
    "number": "77/UBND-KT",
    "issuer": "UBND tỉnh",
    "issued": None,
    "summary": "",
}
DOC_412_OTHER = {
    "id": 7, "number": "412/UBND-VX", "issuer": "UBND tỉnh Khánh Hòa",
    "issued": date(2025, 11, 3), "summary": "Về việc triển khai Đề án 06 năm 2026",
}  # fmt: skip


def unit(code: str, aliases: tuple[str, ...] = (), archived: bool = False) -> dict[str, Any]:
    """A unit view, as bot.services.template_values.unit builds it."""
    return {"code": code, "name": UNITS[code], "aliases": list(aliases), "archived": archived}


SKHCN = unit("SKHCN", ("KH&CN", "Sở KHCN", "Sở KH&CN"))
STTTT = unit("STTTT", ("Sở TT&TT", "Sở TTTT"))
STC = unit("STC")


def draft(
    codes: tuple[str, ...] = (),
    text: str | None = None,
    due: Deadline | None = None,
    no_due: bool = False,
    result: str | None = None,
    supports: tuple[str, ...] = (),
    document: str | None = None,
    recurrence: str | None = None,
    responsible: str | None = None,
) -> dict[str, Any]:
    """A draft in the guided /giao, as bot.commands.assign._preview builds it."""
    return {
        "units": [{"code": c, "name": UNITS[c]} for c in codes],
        "task": text,
        "due": due,
        "no_due": no_due,
        "recurrence": recurrence,
        "result": result,
        "supports": list(supports),
        "document": document,
        "responsible": responsible,
    }


DRAFT_TASK = "Xây dựng kế hoạch thực hiện Nghị quyết 57"

NGUYEN = "Nguyễn Văn An (Sở KH&CN)"
TRAN = "Trần Thị Bình (Sở VHTTDL)"
HOA = "Nguyễn Thị Hoa (Văn phòng UBND tỉnh)"


def entry(
    when: datetime,
    action: str,
    actor: str | None = HOA,
    field: str | None = None,
    old: str | None = None,
    new: str | None = None,
) -> dict[str, Any]:
    """An audit row as /lichsu hands it to the template."""
    return {"at": when, "actor": actor, "action": action, "field": field, "old": old, "new": new}


def report(
    when: datetime, kind: str, text: str, actor: str | None = NGUYEN, **read: Any
) -> dict[str, Any]:
    """A report as /lichsu shows it, with what the bot read from it (READ)."""
    reading = {
        "done": False,
        "percent": None,
        "difficulty": None,
        "expected": None,
        "extension_to": None,
    }
    withdrawn = read.pop("withdrawn", False)
    return {
        "at": when,
        "kind": kind,
        "text": text,
        "actor": actor,
        "withdrawn": withdrawn,
        **reading,
        **read,
    }


# Every action an assignment's audit trail can hold (bot/services/assignments.py).
HISTORY_ALL = [
    entry(at(5, 1, 9, 5), "create", new=f"SKHCN: {PLAN_TEXT}"),
    entry(
        at(5, 1, 9, 20),
        "edit",
        field="task",
        old="Xây dựng kế hoạch thực hiện Nghị quyết 57",
        new=PLAN_TEXT,
    ),
    entry(
        at(5, 1, 9, 21),
        "edit",
        field="expected_result",
        old=None,
        new="Kế hoạch được UBND tỉnh ban hành",
    ),
    entry(
        at(5, 1, 9, 22),
        "edit",
        field="supports",
        old="Sở Thông tin và Truyền thông",
        new="Sở Thông tin và Truyền thông, các cơ quan, đơn vị liên quan",
    ),
    entry(at(5, 1, 9, 23), "edit", field="lead_unit", old="SVHTTDL", new="SKHCN"),
    entry(at(5, 1, 9, 24), "edit", field="document", old=None, new="412/UBND-VX"),
    entry(at(6, 1, 8, 0), "redate", field="deadline", old="2026-02-10", new="2026-02-20T17:00"),
    entry(
        at(12, 1, 15, 45),
        "extension_request",
        actor=NGUYEN,
        field="deadline",
        old="2026-02-20T17:00",
        new="2026-02-28",
    ),
    entry(at(13, 1, 8, 30), "extension_refused", new="Nhiệm vụ cấp bách, không lùi hạn"),
    entry(
        at(14, 1, 10, 0),
        "extension_request",
        actor=NGUYEN,
        field="deadline",
        old="2026-02-20T17:00",
        new="2026-02-27",
    ),
    entry(at(14, 1, 16, 0), "extension_refused", new=None),
    entry(
        at(15, 1, 9, 0),
        "extension_request",
        actor=NGUYEN,
        field="deadline",
        old="2026-02-20T17:00",
        new="2026-02-25",
    ),
    entry(
        at(15, 1, 14, 10),
        "extension_approved",
        field="deadline",
        old="2026-02-20T17:00",
        new="2026-02-25",
    ),
    entry(at(24, 2, 16, 30), "close", actor=NGUYEN, field="state", old="open", new="done_on_time"),
    entry(
        at(24, 2, 16, 30),
        "note",
        actor=NGUYEN,
        new="Đã trình UBND tỉnh tại Tờ trình số 45/TTr-SKHCN",
    ),
    entry(at(25, 2, 8, 15), "reopen", field="state", old="done", new="open"),
    entry(at(25, 2, 8, 15), "note", new="Báo cáo chưa đủ nội dung"),
    entry(at(25, 2, 8, 20), "redate", field="deadline", old="2026-02-25", new=None),
    entry(at(26, 2, 9, 0), "redate", field="deadline", old=None, new="2026-03-06"),
    entry(at(9, 3, 10, 0), "close", field="state", old="open", new="done_late"),
    entry(at(10, 3, 10, 0), "reopen", field="state", old="done", new="open"),
    entry(at(11, 3, 11, 0), "cancel", field="state", old="open", new="cancelled"),
    entry(at(11, 3, 11, 0), "note", new="Đã lồng ghép vào nhiệm vụ #15"),
    entry(at(11, 3, 11, 5), "withdraw_report", actor=NGUYEN, old="Đã xong", new="close"),
    entry(at(11, 3, 11, 6), "withdraw_report", actor=NGUYEN, old="được 60%", new=None),
    entry(
        at(8, 1, 10, 12), "start", actor=NGUYEN, field="state", old="not_started", new="on_track"
    ),
    entry(at(13, 1, 9, 0), "extension_superseded", actor=NGUYEN, old="2026-02-20"),
]
REPORTS = [
    report(at(8, 1, 10, 12), "report", "Đã hoàn thành dự thảo, đang lấy ý kiến các sở"),
    report(at(12, 1, 15, 45), "extension", "Chưa được phân bổ kinh phí"),
    report(
        at(16, 1, 9, 0),
        "report",
        "được 60%, vướng: chưa có kinh phí, dự kiến 20/2 xong",
        percent=60,
        difficulty="chưa có kinh phí",
        expected=date(2026, 2, 20),
    ),
    report(at(20, 1, 14, 0), "report", "Đã nhận báo cáo bằng điện thoại", actor=None),
    report(at(24, 2, 16, 30), "done", "Đã trình UBND tỉnh tại Tờ trình số 45/TTr-SKHCN"),
    report(at(9, 3, 10, 0), "done", ""),  # /xong 12 without a note
    report(at(11, 3, 11, 4), "done", "Đã xong", withdrawn=True),
]

NO_NOTES: dict[str, Any] = {"day_off": None, "skipped": [], "nobody": False}

# A chart whose units fit on one picture (bot/commands/export.py).
ONE_PICTURE: dict[str, Any] = {"part": 1, "parts": 1, "worst_first": False, "left_out": 0}

STATUS_ROWS = [
    {"code": "SKHCN", "name": UNITS["SKHCN"], "counts": [2, 5, 1, 1, 7, 2, 0]},
    {"code": "STTTT", "name": UNITS["STTTT"], "counts": [0, 3, 0, 0, 4, 0, 1]},
    {"code": "SVHTTDL", "name": UNITS["SVHTTDL"], "counts": [1, 0, 2, 0, 0, 1, 0]},
    {"code": "BQLKCN", "name": UNITS["BQLKCN"], "counts": [0, 0, 0, 0, 0, 0, 0]},
    # A long code (up to 32 characters are allowed): the table keeps its first 10.
    {"code": "UBND-HUYEN-PHU-CAT", "name": "UBND huyện Phù Cát",
     "counts": [12, 104, 3, 0, 250, 17, 2]},
]  # fmt: skip
STATUSES = [
    NOT_STARTED, ON_TRACK, OVERDUE, EXTENSION_REQUESTED, DONE_ON_TIME, DONE_LATE, STATUS_CANCELLED,
]  # fmt: skip


def _reading(
    text: str,
    percent: int | None = None,
    difficulty: str | None = None,
    *,
    done: bool = False,
    expected: date | None = None,
    extension_to: date | None = None,
    understood: bool = True,
    extension_asked: bool = False,
) -> dict[str, Any]:
    """What the bot read from one report, as the receipt shows it."""
    return {
        "text": text,
        "understood": understood,
        "done": done,
        "percent": percent,
        "difficulty": difficulty,
        "extension_to": extension_to,
        "extension_asked": extension_asked or extension_to is not None,
        "expected": expected,
    }


def totals(rows: list[dict[str, Any]]) -> list[int]:
    return [sum(r["counts"][i] for r in rows) for i in range(len(STATUSES))]


def table(rows: list[dict[str, Any]], whole: bool, **values: Any) -> dict[str, Any]:
    """The status_table values for ROWS, with the committee's columns as
    bot.services.committee_tables makes them."""
    from bot.services.committee_tables import summary

    return {
        "statuses": STATUSES,
        "rows": [r | summary(r["counts"]) for r in rows],
        "totals": totals(rows),
        "total": summary(totals(rows)),
        "whole": whole,
        "late_tasks": [],
        "late_shown": 15,
        "scope": {},
        **values,
    }


def members(*rows: tuple[int, str, tuple[str, ...]]) -> list[dict[str, Any]]:
    return [
        {"id": i, "name": name, "accounts": list(accounts), "joined": at(2, 1, 8, 0)}
        for i, name, accounts in rows
    ]


def intake_item(n: int, **values: Any) -> dict[str, Any]:
    """An item of an import proposal, as bot.commands.intake_review._item builds it."""
    item: dict[str, Any] = {
        "n": n,
        "dropped": False,
        "lead": UNITS["SKHCN"],
        "lead_code": "SKHCN",
        "supports": ["Sở Thông tin và Truyền thông", "các cơ quan, đơn vị liên quan"],
        "task": PLAN_TEXT,
        "due": DUE_FEB_10,
        "no_due": False,
        "due_text": "trước ngày 10/02/2026",
        "repeat": None,
        "rule_problem": None,
        "urgent": False,
        "result": None,
        "problems": [],
        "existing": [],
    }
    return item | values


INTAKE_DOC = {
    "number": "412/UBND-VX",
    "issuer": "UBND tỉnh Bình Định",
    "issued": date(2026, 1, 2),
    "known": False,
    "tasks": 0,
}


def intake(items: list[dict[str, Any]], **values: Any) -> dict[str, Any]:
    """Values of intake_proposal, as bot.commands.intake_review.proposal_values gives them."""
    active = [i for i in items if not i["dropped"]]
    blocked = [i for i in active if i["problems"]]
    return {
        "doc": INTAKE_DOC,
        "items": items,
        "page": 1,
        "pages": 1,
        "total": len(items),
        "count": len(active),
        "blocked": len(blocked),
        "blocked_numbers": [i["n"] for i in blocked],
        "duplicates": sum(1 for i in active if i["existing"]),
        "ready": bool(active) and not blocked,
        "example_n": (blocked or active or [{"n": 1}])[0]["n"],
        "unknown": [],
        "unknown_elsewhere": 0,
        "note": None,
    } | values


def command_help(name: str, allowed: bool = True) -> dict[str, Any]:
    """Values of command_help for the registered command NAME, as /trogiup NAME gives them."""
    cmd = COMMANDS.lookup(name)
    assert cmd is not None, name
    return {
        "command": cmd.name,
        "names": [cmd.name, *cmd.aliases],
        "role": cmd.role,
        "allowed": allowed,
    }


def command_help_samples() -> dict[str, dict[str, Any]]:
    """/trogiup NAME for every command as an admin reads it (/giao is the default), and
    the two who may not use what they ask about: a member (an admin's command) and a
    newcomer (a member's)."""
    samples = {DEFAULT: command_help("giao")}
    samples |= {c.name: command_help(c.name) for c in COMMANDS if c.name != "giao"}
    samples["admin_only"] = command_help("giao", allowed=False)
    samples["member_only"] = command_help("baocao", allowed=False)
    return samples


def _refused(template: str, call: Callable[[], object]) -> dict[str, Any]:
    """The values of the refusal CALL raises, which must be TEMPLATE: made by the real
    reader and the handler's own wording of its error, so a sample cannot drift from
    what an official would be told."""
    try:
        call()
    except UserError as error:
        assert error.template == template, (error.template, template)
        return error.values
    raise AssertionError(f"{template}: nothing was refused")


def date_refusal(template: str, text: str, now: datetime | None = None) -> dict[str, Any]:
    """A deadline typed at NOW (SAMPLE_NOW), refused as a command refuses it."""
    now = now or SAMPLE_NOW

    def read() -> object:
        try:
            found = read_date(text, now, VN)
        except DateError as error:
            raise typed_dates.refusal(error) from None
        return typed_dates.still_ahead(found, text, now, VN)

    return _refused(template, read)


def plan_refused(text: str) -> dict[str, Any]:
    """/nhacnho's answer to a reminder plan it cannot read."""

    def read() -> object:
        try:
            return parse_plan(text)
        except PlanError as error:
            raise plan_refusal(error) from None

    return _refused("remind_plan_invalid", read)


def period_refused(text: str, command: str) -> dict[str, Any]:
    """/tiendo's (or /xuat's) answer to a period that ends before it starts."""

    def read() -> object:
        try:
            return find_period(text, SAMPLE_NOW, VN)
        except PeriodError as error:
            raise period_refusal(error, command, "status_usage") from None

    return _refused("period_reversed", read)


def settings_refusal(env: dict[str, str]) -> dict[str, Any]:
    """What bot.cli renders settings_invalid with when load_settings refuses ENV: the
    values come from the real readers, so a sample cannot drift from what they say."""
    try:
        load_settings(env)
    except SettingsError as error:
        return error.values()
    raise AssertionError(f"load_settings accepted {env}")


# One sample per kind of refusal, and per reason of the readers' (scheduler.policy's
# PlanError, scheduler.calendar's CalendarError).
SETTINGS_REFUSED = {
    DEFAULT: {"DONDOC_INVITE_TTL": "7 days"},
    "listen": {"DONDOC_WEBHOOK_LISTEN": "8080"},
    "listen_zalo": {"DONDOC_ZALO_WEBHOOK_LISTEN": "localhost:99999"},
    "positive": {"DONDOC_SEND_ATTEMPTS": "0"},
    "admins": {"DONDOC_ADMINS": "console:admin, 1001"},
    "timezone": {"DONDOC_TIMEZONE": "UTC+7"},
    "language": {"DONDOC_LANGUAGE": "fr"},
    "telegram_secret": {"TELEGRAM_WEBHOOK_SECRET": "bí mật"},
    "zalo_secret": {"ZALO_WEBHOOK_SECRET": "ngan"},
    "plan": {"DONDOC_REMIND_BEFORE": "7x"},
    "plan_empty": {"DONDOC_REMIND_BEFORE": " , ; "},
    "plan_too_large": {"DONDOC_REMIND_BEFORE": "90d,1d"},
    "plan_zero": {"DONDOC_REMIND_BEFORE": "1d, 0 phút"},
    "plan_too_many": {"DONDOC_REMIND_BEFORE": "11d,10d,9d,8d,7d,6d,5d,4d,3d,2d,1d"},
    "office_hours": {"DONDOC_OFFICE_HOURS": "sáng 7h30"},
    "office_hours_not_a_time": {"DONDOC_OFFICE_HOURS": "07:30-25:00"},
    "office_hours_reversed": {"DONDOC_OFFICE_HOURS": "17:30-07:30"},
    "workdays": {"DONDOC_WORKDAYS": "mon--fri"},
    "workdays_empty": {"DONDOC_WORKDAYS": ", ;"},
    "workdays_unknown_weekday": {"DONDOC_WORKDAYS": "t2-t8"},
    "workdays_backwards": {"DONDOC_WORKDAYS": "fri-mon"},
    "time_of_day": {"DONDOC_DIGEST_TIME": "7h30"},
    "time_of_day_not_a_time": {"DONDOC_DIGEST_TIME": "24:00"},
}


SAMPLES: dict[str, dict[str, dict[str, Any]]] = {
    "admin_added": {DEFAULT: {"person": NGUYEN, "id": 5}},
    "admin_from_settings": {DEFAULT: {"person": HOA}},
    "admin_only": {
        DEFAULT: {"command": "giao"},
        "subcommand": {"command": "donvi them"},
    },
    "admin_removed": {DEFAULT: {"person": NGUYEN, "id": 5}},
    "admins_list": {
        DEFAULT: {
            "configured": ["console:admin", "telegram:1001"],
            "promoted": [{"id": 5, "name": NGUYEN}, {"id": 8, "name": HOA}],
        },
        "configured_only": {"configured": ["telegram:1001"], "promoted": []},
        "empty": {"configured": [], "promoted": []},
    },
    "admins_usage": {DEFAULT: {}},
    "already_member": {DEFAULT: {"code": "SKHCN", "name": UNITS["SKHCN"]}},
    "approve_usage": {DEFAULT: {}},
    "assign_ask_due": {
        DEFAULT: {"draft": draft(("SKHCN",), DRAFT_TASK)},
        "with_supports": {
            "draft": draft(
                ("SKHCN", "STTTT"), DRAFT_TASK, supports=("Sở Tài chính",), document="412/UBND-VX"
            )
        },
    },
    "assign_ask_lead": {DEFAULT: {"draft": draft()}},
    "assign_ask_result": {
        DEFAULT: {"draft": draft(("SKHCN",), DRAFT_TASK, DUE_FEB_10)},
        "no_due": {"draft": draft(("BTGDVTU",), ONGOING["task"], no_due=True)},
        "due_with_time": {"draft": draft(("SKHCN",), DRAFT_TASK, DUE_JAN_16_11H)},
    },
    "assign_ask_task": {DEFAULT: {"draft": draft(("SKHCN",))}},
    "assign_result_unclear": {DEFAULT: {"text": "có"}},
    "database_cannot_open": {
        DEFAULT: {
            "url": "postgresql://dondoc:***@127.0.0.1:5432/dondoc",
            "reason": 'connection to server at "127.0.0.1", port 5432 failed: Connection refused',
        }
    },
    "assign_duplicate": {
        DEFAULT: {"existing": [PLAN]},
        "two": {"existing": [PLAN, changed(PLAN, id=18, unit_code="STTTT")]},
    },
    "assign_confirm": {
        DEFAULT: {
            "draft": draft(
                ("SKHCN",),
                PLAN_TEXT,
                DUE_FEB_10,
                result="Kế hoạch được UBND tỉnh ban hành",
                supports=("Sở Thông tin và Truyền thông", "các cơ quan, đơn vị liên quan"),
                document="412/UBND-VX",
                responsible="Nguyễn Thị Lan",
            )
        },
        "minimal": {"draft": draft(("SKHCN",), DRAFT_TASK, DUE_JAN_16_11H)},
        "recurring": {
            "draft": draft(
                ("SKHCN",), "Báo cáo tiến độ", DUE_JAN_30, recurrence="ngày 30 hằng tháng"
            )
        },
        "no_due_two_units": {
            "draft": draft(
                ("SKHCN", "STTTT"), ONGOING["task"], no_due=True, result="Báo cáo định kỳ hằng quý"
            )
        },
    },
    "assign_confirm_unclear": {DEFAULT: {}},
    "assign_responsible_unclear": {DEFAULT: {"text": "chị Lan"}},
    "assign_responsible_one_unit": {DEFAULT: {"number": 5}},
    "assign_extra_field": {DEFAULT: {"text": "Sở Tài chính"}},
    "assign_field_twice": {
        # bot.commands.assign._fields passes its internal field name.
        DEFAULT: {"field": "supports"},
        "due": {"field": "due"},
    },
    "assign_task_missing": {DEFAULT: {}},
    "assign_unit_missing": {DEFAULT: {}},
    "assigned": {
        DEFAULT: {"tasks": [PLAN | NO_NOTES]},
        "two_units": {
            "tasks": [BUDGET | NO_NOTES, changed(BUDGET, id=18, unit_code="SKHCN") | NO_NOTES]
        },
        "no_deadline": {"tasks": [ONGOING | NO_NOTES]},
        "notes": {
            "tasks": [
                PLAN
                | {
                    "day_off": {"day": date(2027, 2, 7), "holiday": "Mùng hai Tết Nguyên Đán"},
                    "skipped": ["7d", "3d", "2h"],
                    "nobody": True,
                }
            ]
        },
    },
    "button_cancel": {DEFAULT: {}},
    "button_confirm": {DEFAULT: {}},
    "cancel_usage": {DEFAULT: {}},
    "close_usage": {DEFAULT: {}},
    "console_as": {DEFAULT: {"name": "skhcn"}},
    "console_as_usage": {DEFAULT: {}},
    "console_clock": {
        DEFAULT: {"now": at(4, 2, 9, 0), "moved": at(5, 1, 9, 0)},
        "shown": {"now": at(5, 1, 9, 0), "moved": None},
    },
    "console_clock_usage": {DEFAULT: {"now": at(5, 1, 9, 0)}},
    "console_clock_backwards": {DEFAULT: {"now": at(5, 1, 9, 0), "asked": at(1, 1, 8, 0)}},
    "console_clock_fixed": {DEFAULT: {"now": at(5, 1, 9, 0)}},
    "console_demo": {
        DEFAULT: {
            "counts": {"units": 12, "documents": 3, "assignments": 27, "members": 6},
            "members": [
                {"name": "skhcn", "display": NGUYEN, "units": ["SKHCN"]},
                {"name": "svhttdl", "display": TRAN, "units": ["SVHTTDL"]},
                {"name": "sgddt", "display": "Lê Văn Cường (Sở GD&ĐT)", "units": ["SGDDT"]},
            ],
        },
    },
    "console_intro": {DEFAULT: {"user": "admin"}},
    "console_file_unwritable": {
        DEFAULT: {
            "file": "tien-do-nhiem-vu-2026-01-05-skhcn-thang-5-20250501-20250531.xlsx",
            "folder": "/home/canbo/dondoc-files",
            "reason": "permission",
            "detail": "Permission denied",
        },
        "not_a_folder": {
            "file": "tien-do-nhiem-vu-2026-01-05.xlsx",
            "folder": "/home/canbo/dondoc-files",
            "reason": "not_a_folder",
            "detail": "File exists",
        },
        "no_space": {
            "file": "tien-do-nhiem-vu-2026-01-05.csv",
            "folder": "/home/canbo/dondoc-files",
            "reason": "no_space",
            "detail": "No space left on device",
        },
        "other": {
            "file": "tien-do-nhiem-vu-2026-01-05.png",
            "folder": "/mnt/usb/dondoc-files",
            "reason": "other",
            "detail": "Input/output error",
        },
    },
    "cli_unexpected_error": {DEFAULT: {"error": "KeyError: 'unit'"}},
    "database_read_only": {
        DEFAULT: {"where": "/home/canbo/dondoc/dondoc.sqlite3", "kind": "sqlite"},
        "postgresql": {
            "where": "postgresql+psycopg://dondoc:***@db-du-phong:5432/dondoc",
            "kind": "postgresql",
        },
    },
    "database_unavailable": {
        DEFAULT: {"where": "/home/canbo/dondoc/dondoc.sqlite3", "reason": "database is locked"},
    },
    "database_unwritable_chat": {DEFAULT: {}},
    "database_url_unsupported": {
        DEFAULT: {"scheme": "mysql"},
        "not_a_url": {"scheme": ""},
    },
    "database_driver_missing": {DEFAULT: {"module": "psycopg"}},
    "settings_invalid": {name: settings_refusal(env) for name, env in SETTINGS_REFUSED.items()},
    "date_impossible": {
        DEFAULT: date_refusal("date_impossible", "31/2"),
        # Off the calendar: no one part of the text to quote.
        "no_detail": date_refusal(
            "date_impossible", "999 ngày nữa", datetime(9999, 6, 1, tzinfo=VN)
        ),
        "weekday": date_refusal("date_impossible", "ngày 20/12/2026 (thứ Hai)"),
    },
    "date_not_a_date": {DEFAULT: date_refusal("date_not_a_date", "sớm nhất có thể")},
    "date_too_far": {DEFAULT: date_refusal("date_too_far", "31/12/9999")},
    "date_past": {
        DEFAULT: date_refusal("date_past", "05/01/2025"),
        # bot.commands.assign._create: the draft's deadline passed while confirming.
        "from_draft": {"text": "2026-01-05T08:00", "detail": "", "day": date(2026, 1, 5)},
    },
    "dialog_cancelled": {DEFAULT: {}},
    "doc_added": {
        DEFAULT: {"doc": DOC_412},
        "no_summary": {"doc": DOC_03},
        "undated": {"doc": DOC_UNDATED},
    },
    "doc_ambiguous": {
        DEFAULT: {"ref": "412/UBND-VX", "docs": [DOC_412, DOC_412_OTHER]},
        "undated": {"ref": "77/UBND-KT", "docs": [DOC_UNDATED, DOC_UNDATED | {"id": 9}]},
    },
    "doc_date_future": {DEFAULT: {"day": date(2026, 1, 14)}},
    "doc_exists": {DEFAULT: {"number": "412/UBND-VX"}},
    "doc_show": {
        DEFAULT: {"doc": DOC_412, "tasks": [PLAN, WORKSHOP, PLAN_DONE | {"id": 13}]},
        "no_summary": {"doc": DOC_03, "tasks": [ONGOING]},
        "empty": {"doc": DOC_253, "tasks": []},
        "undated": {"doc": DOC_UNDATED, "tasks": []},
    },
    "doc_unknown": {DEFAULT: {"ref": "99/KH-UBND"}},
    "doc_usage": {DEFAULT: {}},
    "docs_list": {
        DEFAULT: {"docs": [DOC_412, DOC_253, DOC_03]},
        "empty": {"docs": []},
        "undated": {"docs": [DOC_412, DOC_UNDATED]},
    },
    "done_usage": {DEFAULT: {}},
    "edit_usage": {DEFAULT: {}},
    "edited": {
        DEFAULT: {"a": PLAN_REDATED, "field": "due", "old": PLAN},
        "task": {
            "a": changed(PLAN, task="Xây dựng và trình kế hoạch thực hiện Nghị quyết 57"),
            "field": "task",
            "old": PLAN,
        },
    },
    "extension_approved": {
        DEFAULT: {"a": WORKSHOP_GRANTED},
        "to_time": {
            "a": changed(WORKSHOP, due=Deadline(date(2026, 1, 23), time(17, 30)), status=ON_TRACK)
        },
    },
    "extension_approved_notice": {DEFAULT: {"a": WORKSHOP_GRANTED}},
    "extension_none": {DEFAULT: {"number": 12}},
    "extension_not_later": {
        DEFAULT: {
            "number": 14,
            "current": DUE_JAN_16_11H,
            "asked": DUE_JAN_16_11H,
            "suggest": "15/02/2026",
        },
        "earlier": {
            "number": 12,
            "current": DUE_FEB_10,
            "asked": DUE_JAN_30,
            "suggest": "12/03/2026",
        },
    },
    "extension_request_passed": {DEFAULT: {"number": 14, "asked": DUE_JAN_16_11H}},
    "extension_reason_missing": {DEFAULT: {"number": 14}},
    "extension_refused": {
        DEFAULT: {"a": WORKSHOP_REFUSED, "reason": "Nhiệm vụ cấp bách, không lùi hạn"},
        "overdue": {"a": changed(SCHOOLS), "reason": ""},
    },
    "extension_refused_notice": {
        DEFAULT: {"a": WORKSHOP_REFUSED, "reason": "Nhiệm vụ cấp bách, không lùi hạn"},
        "no_reason": {"a": WORKSHOP_REFUSED, "reason": ""},
    },
    "extension_request_notice": {
        DEFAULT: {
            "a": WORKSHOP,
            "asked": DUE_JAN_30,
            "reason": "Chưa được phân bổ kinh phí",
            "person": NGUYEN,
            "replaced": None,
        },
        "with_time": {
            "a": changed(SCHOOLS, status=EXTENSION_REQUESTED),
            "asked": Deadline(date(2026, 1, 9), time(11, 0)),
            "reason": "Chờ số liệu từ các trường",
            "person": "Lê Văn Cường (Sở GD&ĐT)",
            "replaced": Deadline(date(2026, 1, 7)),
        },
    },
    "extension_requested": {
        DEFAULT: {
            "a": WORKSHOP,
            "asked": DUE_JAN_30,
            "reason": "Chưa được phân bổ kinh phí",
            "replaced": None,
        },
        "with_time": {
            "a": WORKSHOP,
            "asked": Deadline(date(2026, 1, 23), time(17, 0)),
            "reason": "Chờ ý kiến các sở",
            "replaced": None,
        },
        "replaced": {
            "a": WORKSHOP,
            "asked": DUE_JAN_30,
            "reason": "Chưa được phân bổ kinh phí",
            "replaced": Deadline(date(2026, 1, 23)),
        },
    },
    "extension_usage": {DEFAULT: {}},
    "command_help": command_help_samples(),
    "help": {
        DEFAULT: {"is_member": True, "is_admin": False},
        "admin": {"is_member": False, "is_admin": True},
        "admin_member": {"is_member": True, "is_admin": True},
        "newcomer": {"is_member": False, "is_admin": False},
    },
    "help_unknown": {
        DEFAULT: {"typed": "giaoviec", "closest": ["giao", "giahan"]},
        "one": {"typed": "/asign", "closest": ["assign"]},
        "nothing_close": {"typed": "<xyz> & co", "closest": []},
        "long": {"typed": "giao nhiệm vụ cho Sở Khoa học và Công nghệ ngay", "closest": []},
    },
    "history": {
        DEFAULT: {"a": PLAN_CANCELLED, "entries": HISTORY_ALL, "reports": REPORTS},
        "no_reports": {
            "a": ONGOING,
            "entries": [
                entry(at(4, 4, 9, 0, 2025), "create", actor=None, new=f"BTGDVTU: {ONGOING['task']}")
            ],
            "reports": [],
        },
        "responsible": {
            "a": PLAN,
            "entries": [
                entry(at(5, 1, 9, 5), "responsible", field="responsible", new="Nguyễn Thị Lan"),
                entry(
                    at(6, 1, 10, 0),
                    "responsible",
                    field="responsible",
                    old="Nguyễn Thị Lan",
                    new="Lê Văn Nam",
                ),
                entry(at(7, 1, 8, 0), "responsible", field="responsible", old="Lê Văn Nam"),
            ],
            "reports": [],
        },
        "unknown_action": {
            "a": PLAN,
            "entries": [entry(at(5, 1, 9, 5), "merge", field="task", old="#13", new="#12")],
            "reports": [],
        },
    },
    "history_usage": {DEFAULT: {}},
    "internal_error": {DEFAULT: {}},
    "invite_created": {
        DEFAULT: {
            "code": "7KQ2M9XA",
            "unit_code": "SKHCN",
            "unit_name": UNITS["SKHCN"],
            "expires": at(12, 1, 9, 0),
            "link": None,
            "in_group": False,
        },
        "telegram": {
            "code": "7KQ2M9XA",
            "unit_code": "SKHCN",
            "unit_name": UNITS["SKHCN"],
            "expires": at(12, 1, 9, 0),
            "link": "https://t.me/dondoc_bot?start=7KQ2M9XA",
            "in_group": False,
        },
        "in_group": {
            "code": "7KQ2M9XA",
            "unit_code": "SKHCN",
            "unit_name": UNITS["SKHCN"],
            "expires": at(12, 1, 9, 0),
            "link": None,
            "in_group": True,
        },
    },
    "invite_expired": {DEFAULT: {}},
    "invite_invalid": {DEFAULT: {"code": "7KQ2M9XB"}},
    "invite_usage": {DEFAULT: {}},
    "invite_used": {DEFAULT: {}},
    "joined": {DEFAULT: {"code": "SKHCN", "name": UNITS["SKHCN"]}},
    "language_set": {DEFAULT: {"lang": "vi"}},
    "language_usage": {DEFAULT: {}},
    "member_joined": {DEFAULT: {"person": NGUYEN, "code": "SKHCN", "name": UNITS["SKHCN"]}},
    "member_not_found": {DEFAULT: {"number": 7, "code": "SKHCN"}},
    "member_removed": {
        DEFAULT: {"person": NGUYEN, "code": "SKHCN", "open_tasks": 0},
        "last_one": {"person": NGUYEN, "code": "SKHCN", "open_tasks": 3},
    },
    "members_list": {
        DEFAULT: {
            "units": [
                {
                    "code": "SKHCN",
                    "name": UNITS["SKHCN"],
                    "members": members(
                        (5, NGUYEN, ("telegram:1001", "zalo:84912345678")),
                        (6, "Đỗ Thị Lan", ("telegram:1002",)),
                        (9, "Phan Văn Minh", ()),
                    ),
                },
                {"code": "STC", "name": UNITS["STC"], "members": []},
            ]
        },
        "one_unit": {
            "units": [
                {
                    "code": "SVHTTDL",
                    "name": UNITS["SVHTTDL"],
                    "members": members((11, TRAN, ("telegram:2001",))),
                },
            ]
        },
    },
    "members_usage": {DEFAULT: {}},
    "leaders_usage": {DEFAULT: {}},
    "leaders_list": {
        DEFAULT: {
            "units": [
                {
                    "code": "SKHCN",
                    "name": UNITS["SKHCN"],
                    "head": {"id": 5, "name": "Nguyễn Văn Hùng"},
                    "deputies": [
                        {"id": 6, "name": "Trần Thị Mai"},
                        {"id": 9, "name": "Lê Văn Nam"},
                    ],
                }
            ],
            "is_admin": False,
        },
        "none_yet": {
            "units": [
                {"code": "SKHCN", "name": UNITS["SKHCN"], "head": None, "deputies": []},
                {
                    "code": "STTTT",
                    "name": UNITS["STTTT"],
                    "head": {"id": 7, "name": "Phạm Minh"},
                    "deputies": [],
                },
            ],
            "is_admin": True,
        },
    },
    "leader_set": {
        DEFAULT: {
            "person": "Nguyễn Văn Hùng",
            "id": 5,
            "role": "head",
            "code": "SKHCN",
            "replaced": "Trần Thị Mai",
        },
        "first_head": {
            "person": "Nguyễn Văn Hùng",
            "id": 5,
            "role": "head",
            "code": "SKHCN",
            "replaced": None,
        },
        "deputy": {
            "person": "Trần Thị Mai",
            "id": 6,
            "role": "deputy",
            "code": "SKHCN",
            "replaced": None,
        },
        "member": {
            "person": "Trần Thị Mai",
            "id": 6,
            "role": "member",
            "code": "SKHCN",
            "replaced": None,
        },
    },
    "leader_named": {
        DEFAULT: {"role": "head", "code": "SKHCN", "name": UNITS["SKHCN"]},
        "deputy": {"role": "deputy", "code": "SKHCN", "name": UNITS["SKHCN"]},
    },
    "assignto_usage": {DEFAULT: {}},
    "leaders_only": {DEFAULT: {"number": 12, "code": "SKHCN"}},
    "responsible_set": {
        DEFAULT: {"a": PLAN, "person": "Nguyễn Thị Lan"},
        "cleared": {"a": changed(PLAN, responsible=None), "person": None},
    },
    "task_handed": {DEFAULT: {"a": PLAN, "by": "Nguyễn Văn Hùng"}},
    "no_open_tasks": {DEFAULT: {}},
    "not_member": {DEFAULT: {"command": "nhiemvu"}},
    "not_understood": {DEFAULT: {}},
    "not_your_unit": {DEFAULT: {"code": "STC"}},
    "nothing_to_cancel": {DEFAULT: {}},
    "person_not_found": {DEFAULT: {"ref": "telegram:9999"}},
    "refuse_usage": {DEFAULT: {}},
    "reopen_usage": {DEFAULT: {}},
    "report_ask_text": {DEFAULT: {"a": PLAN}},
    "reminder_before": {
        DEFAULT: {"a": PLAN, "offset": "7d", "late": False},
        "late": {"a": SCHOOLS, "offset": "1d", "late": True},
    },
    "reminder_due": {
        DEFAULT: {"a": changed(PLAN, days=0), "offset": "0d", "late": False},
        "late": {"a": changed(PLAN, days=0), "offset": "0d", "late": True},
    },
    "reminder_overdue": {
        DEFAULT: {"a": SCHOOLS, "offset": None, "late": False},
        "late": {"a": SCHOOLS, "offset": None, "late": True},
    },
    "reminder_escalated": {
        DEFAULT: {
            "a": changed(SCHOOLS, responsible="Nguyễn Thị Lan"),
            "offset": None,
            "late": False,
        },
        "nobody_named": {"a": SCHOOLS, "offset": None, "late": False},
        "late": {"a": SCHOOLS, "offset": None, "late": True},
    },
    "digest_overdue": {
        DEFAULT: {"tasks": [SCHOOLS], "day": date(2026, 1, 5), "late": False, "offset": None},
    },
    "digest_weekly": {
        DEFAULT: table(
            STATUS_ROWS,
            True,
            late_tasks=[SCHOOLS],
            day=date(2026, 1, 5),
            late=False,
            offset=None,
        ),
    },
    "reminder_failed": {
        DEFAULT: {
            "number": 12,
            "kind": "before",
            "chat": "2002",
            "channel": "telegram",
            "error": "gave up after 5 attempts: Bad Gateway",
        },
        "digest": {
            "number": None,
            "kind": "digest_overdue",
            "chat": "-100500",
            "channel": "telegram",
            "error": "Bad Request: chat not found",
        },
    },
    "remind_usage": {DEFAULT: {}},
    "reason_missing": {
        DEFAULT: {"action": "cancel", "number": 12},
        "refuse": {"action": "refuse", "number": 14},
    },
    "recurrence_unsupported": {DEFAULT: {"text": "hằng năm"}},
    "remind_plan_invalid": {
        DEFAULT: plan_refused("5d,abc"),
        "empty": plan_refused(","),
        "too_large": plan_refused("90d"),
        "zero": plan_refused("0h"),
        "too_many": plan_refused(",".join(f"{n}d" for n in range(1, 12))),
    },
    "remind_set": {
        DEFAULT: {"target": None, "offsets": ["7d", "3d", "1d", "0d"]},
        "unit": {"target": "SKHCN", "offsets": ["5d", "2h", "30m"]},
        "cleared": {"target": "#12", "offsets": []},
    },
    "remind_show": {
        DEFAULT: {
            "default": ["7d", "3d", "1d", "0d"],
            "units": [{"code": "SKHCN", "offsets": ["5d", "1d"]}],
            "tasks": [{"id": 12, "offsets": ["2h"]}],
            "hours": "07:30-17:30",
            "escalate_after": 3,
        },
    },
    "calendar_usage": {DEFAULT: {}},
    "calendar_set": {
        DEFAULT: {"day": date(2026, 1, 2), "kind": "off", "note": "Nghỉ bù Tết Dương lịch"},
        "work": {"day": date(2026, 1, 10), "kind": "work", "note": ""},
        "removed": {"day": date(2026, 1, 10), "kind": None, "note": ""},
    },
    "calendar_not_set": {DEFAULT: {"day": date(2026, 1, 10)}},
    "calendar_show": {
        DEFAULT: {
            "days": [
                {"day": date(2026, 2, 16), "off": True, "name": "Tết Nguyên Đán"},
                {"day": date(2026, 2, 28), "off": False, "name": "Làm bù"},
            ],
            "hours": "07:30-17:30",
        },
        "none": {"days": [], "hours": "07:30-17:30"},
    },
    "reply_to_closed": {DEFAULT: {}},
    "button_report": {DEFAULT: {}},
    "button_withdraw": {DEFAULT: {}},
    "command_menu": {DEFAULT: {}},
    "button_done": {DEFAULT: {}},
    "button_approve": {DEFAULT: {}},
    "button_refuse": {DEFAULT: {}},
    "bind_private": {DEFAULT: {}},
    "group_bound": {
        DEFAULT: {"code": None, "name": None, "title": "Ban Chỉ đạo 57 tỉnh"},
        "unit": {"code": "SKHCN", "name": UNITS["SKHCN"], "title": "Sở KH&CN — điều hành"},
    },
    "group_unbound": {DEFAULT: {}},
    "group_not_bound": {DEFAULT: {}},
    "chat_unreachable": {
        DEFAULT: {"name": NGUYEN, "channel": "telegram", "group": False},
        "group": {"name": "Ban Chỉ đạo 57 tỉnh", "channel": "telegram", "group": True},
    },
    "committee_task_new": {
        DEFAULT: {"tasks": [PLAN]},
        "two_units": {"tasks": [PLAN, WORKSHOP]},
    },
    "committee_task_done": {
        DEFAULT: {"a": PLAN_DONE, "note": "Đã trình UBND tỉnh", "person": NGUYEN},
        "no_note": {"a": PLAN_DONE, "note": "", "person": NGUYEN},
    },
    "committee_extension_request": {
        DEFAULT: {
            "a": WORKSHOP,
            "asked": DUE_JAN_30,
            "reason": "Chưa được phân bổ kinh phí",
            "person": NGUYEN,
            "replaced": None,
        },
        "replaced": {
            "a": WORKSHOP,
            "asked": DUE_JAN_30,
            "reason": "Chưa được phân bổ kinh phí",
            "person": NGUYEN,
            "replaced": Deadline(date(2026, 1, 23)),
        },
    },
    "committee_extension_decided": {
        DEFAULT: {"a": WORKSHOP_GRANTED, "approved": True, "reason": ""},
        "refused": {"a": WORKSHOP_REFUSED, "approved": False, "reason": "Nhiệm vụ cấp bách"},
    },
    "report_recorded": {
        DEFAULT: {
            "a": PLAN,
            "texts": ["60%, vướng: chưa có kinh phí"],
            "readings": [_reading("60%, vướng: chưa có kinh phí", 60, "chưa có kinh phí")],
            "lead": True,
        },
        "note": {
            "a": PLAN,
            "texts": ["Đã gửi dự thảo lấy ý kiến các sở"],
            "readings": [_reading("Đã gửi dự thảo lấy ý kiến các sở", understood=False)],
            "lead": True,
        },
        "several": {
            "a": PLAN,
            "texts": ["được 1 nửa", "dự kiến 30/1 xong", "đang làm"],
            "readings": [
                _reading("được 1 nửa", 50),
                _reading("dự kiến 30/1 xong", expected=date(2026, 1, 30)),
                _reading("đang làm", understood=False),
            ],
            "lead": True,
        },
        "supporting_done": {
            "a": PLAN,
            "texts": ["đã xong phần việc của Sở"],
            "readings": [_reading("đã xong phần việc của Sở", done=True)],
            "lead": False,
        },
        "extension_undated": {
            "a": PLAN,
            "texts": ["xin gia hạn thêm vì chưa có kinh phí"],
            "readings": [
                _reading(
                    "xin gia hạn thêm vì chưa có kinh phí",
                    difficulty="chưa có kinh phí",
                    extension_asked=True,
                )
            ],
            "lead": True,
        },
        "supporting_extension": {
            "a": PLAN,
            "texts": ["xin gia hạn đến 30/1"],
            "readings": [_reading("xin gia hạn đến 30/1", extension_to=date(2026, 1, 30))],
            "lead": False,
        },
    },
    "committee_difficulty": {
        DEFAULT: {
            "a": PLAN,
            "difficulty": "chưa có kinh phí",
            "text": "60%, vướng: chưa có kinh phí",
            "person": NGUYEN,
        },
        "whole_text": {
            "a": PLAN,
            "difficulty": "chưa có kinh phí",
            "text": "chưa có kinh phí",
            "person": NGUYEN,
        },
    },
    "report_usage": {DEFAULT: {}},
    "period_reversed": {DEFAULT: period_refused("từ 31/5/2026 đến 1/5/2026", "/tiendo")},
    "scope_unknown": {
        DEFAULT: {"text": "tháng tới", "command": "/tiendo"},
        "export": {"text": "đợt <2>", "command": "/xuat"},
    },
    "report_withdrawn": {
        DEFAULT: {"a": PLAN, "text": "#12 được 60%", "undone": []},
        "close": {"a": PLAN, "text": "Đã xong <bản 2>", "undone": ["close"]},
        "extension": {"a": PLAN, "text": "xin gia hạn đến 30/1", "undone": ["extension"]},
    },
    "report_withdrawn_notice": {
        DEFAULT: {
            "a": PLAN,
            "text": "Đã xong",
            "undone": ["close"],
            "difficulty": None,
            "person": NGUYEN,
        },
        "difficulty": {
            "a": PLAN,
            "text": "vướng: chưa có kinh phí <đợt 2>",
            "undone": [],
            "difficulty": "chưa có kinh phí <đợt 2>",
            "person": NGUYEN,
        },
        "extension": {
            "a": PLAN,
            "text": "xin gia hạn đến 30/1 vì thiếu người",
            "undone": ["extension"],
            "difficulty": "thiếu người",
            "person": NGUYEN,
        },
    },
    "report_which_dropped": {
        DEFAULT: {"texts": ["được 50%"]},
        "several": {"texts": ["được 50%", "vướng: chưa có kinh phí"]},
    },
    "withdraw_nothing": {
        DEFAULT: {"number": None, "hours": 2},
        "number": {"number": 12, "hours": 2},
    },
    "withdraw_usage": {DEFAULT: {}},
    "report_which": {
        DEFAULT: {"tasks": [PLAN, PROPAGANDA, WORKSHOP], "more": 0, "held": []},
        "more": {
            "tasks": [PLAN, PROPAGANDA, WORKSHOP, SCHOOLS, ONGOING, BUDGET],
            "more": 4,
            "held": [],
        },
        "held": {
            "tasks": [PLAN, PROPAGANDA],
            "more": 0,
            "held": ["đã xong khảo sát", "vướng: chưa có kinh phí <đợt 2>"],
        },
    },
    "status_table": {
        DEFAULT: table(STATUS_ROWS, True, late_tasks=[SCHOOLS]),
        "one_unit": table(STATUS_ROWS[:1], False),
        "member_two_units": table(STATUS_ROWS[:2], False),
        "no_units": table([], True),
        "filtered": table(
            STATUS_ROWS[:1],
            False,
            scope={"document": "412/UBND-VX", "from": date(2026, 4, 1), "to": date(2026, 6, 30)},
        ),
        "many_late": table(STATUS_ROWS, True, late_tasks=[SCHOOLS] * 3, late_shown=2),
    },
    "status_usage": {DEFAULT: {}},
    "status_chart": {
        DEFAULT: {"count": 42, "scope": {}, **ONE_PICTURE},
        "filtered": {
            "count": 3,
            "scope": {"document": "412/UBND-VX", "from": date(2026, 4, 1), "to": date(2026, 6, 30)},
            **ONE_PICTURE,
        },
        # 133 units: the most overdue first, then the others by name (bot/exports/chart.py).
        "first_of_six": {
            "count": 1250,
            "scope": {},
            **ONE_PICTURE,
            "parts": 6,
            "worst_first": True,
        },
        "by_name_first_of_two": {
            "count": 80,
            "scope": {},
            **ONE_PICTURE,
            "parts": 2,
        },
        "next_part": {"count": 1250, "scope": {}, **ONE_PICTURE, "part": 3, "parts": 6},
        "left_out": {
            "count": 4000,
            "scope": {},
            "part": 1,
            "parts": 10,
            "worst_first": True,
            "left_out": 62,
        },
    },
    "export_ready": {
        DEFAULT: {"kind": "xlsx", "count": 42, "overdue": 3, "scope": {}},
        "csv": {"kind": "csv", "count": 42, "overdue": 0, "scope": {}},
        "filtered": {
            "kind": "xlsx",
            "count": 3,
            "overdue": 1,
            "scope": {"document": "412/UBND-VX", "from": date(2026, 4, 1), "to": date(2026, 6, 30)},
        },
    },
    "export_usage": {DEFAULT: {}},
    "link_code": {DEFAULT: {"code": "7KQ2M9XA", "expires": at(6, 1, 9, 0)}},
    "linked": {DEFAULT: {"name": NGUYEN, "channels": ["telegram", "zalo"]}},
    "link_requested": {DEFAULT: {"channels": ["telegram"]}},
    "code_attempts_exceeded": {DEFAULT: {"minutes": 42}},
    "link_confirm_ask": {DEFAULT: {"channel": "zalo", "name": "Nguyễn <Văn> An"}},
    "link_refused": {DEFAULT: {"channel": "zalo", "name": "Nguyễn <Văn> An"}},
    "link_refused_claimant": {DEFAULT: {}},
    "link_nothing_pending": {DEFAULT: {}},
    "button_link_confirm": {DEFAULT: {}},
    "button_link_refuse": {DEFAULT: {}},
    "link_invalid": {DEFAULT: {"code": "ABCD2345"}},
    "link_same": {DEFAULT: {}},
    "link_channel_taken": {DEFAULT: {"channel": "zalo"}},
    "link_private": {DEFAULT: {}},
    "link_account_in_use": {DEFAULT: {"channel": "zalo"}},
    "channels_show": {
        DEFAULT: {"channels": ["telegram", "zalo"], "choice": None},
        "all": {"channels": ["telegram", "zalo"], "choice": "all"},
        "zalo": {"channels": ["telegram", "zalo"], "choice": "zalo"},
        "one": {"channels": ["telegram"], "choice": None},
    },
    "channel_usage": {DEFAULT: {}},
    "intake_edit_help": {DEFAULT: {"numbers": [2]}, "range": {"numbers": [3, 4, 5, 6, 7, 9]}},
    "intake_task_one_item": {DEFAULT: {"numbers": [3, 4, 5]}},
    "button_page_back": {DEFAULT: {"n": 1}},
    "button_page_next": {DEFAULT: {"n": 3}},
    "button_edit_item": {DEFAULT: {"n": 2}},
    "button_drop_item": {DEFAULT: {"n": 2}},
    "channel_not_linked": {DEFAULT: {"channel": "zalo"}},
    "console_file_missing": {DEFAULT: {"path": "cong-van-412.docx"}},
    "zalo_choices": {
        DEFAULT: {
            "choices": [
                {"label": "Báo cáo", "command": "/baocao 12"},
                {"label": "Xong", "command": "/xong 12"},
            ]
        },
    },
    "zalo_no_file": {
        DEFAULT: {"kind": "document", "name": "tien-do-nhiem-vu-2026-01-05.xlsx"},
        "chart": {"kind": "photo", "name": "tien-do-nhiem-vu-2026-01-05.png"},
    },
    "extract_proposal": {
        DEFAULT: {
            "number": "253/UBND-KGVX",
            "issuer": "UBND tỉnh Đồng Nai",
            "issued": date(2025, 3, 17),
            "assignments": [
                {
                    "lead": "Sở Khoa học và Công nghệ",
                    "lead_known": True,
                    "support": [
                        "Đại học Quốc gia thành phố Hồ Chí Minh",
                        "các sở, ngành, địa phương",
                    ],
                    "task": "Tổ chức Hội thảo khoa học triển khai Nghị quyết 57",
                    "deadline": Deadline(date(2025, 4, 30)),
                    "deadline_text": "trước ngày 30/04/2025",
                    "recurrence": None,
                    "recurrence_text": None,
                    "urgent": False,
                },
                {
                    "lead": "Sở Xây dựng",
                    "lead_known": False,
                    "support": [],
                    "task": "Kiểm tra an toàn các công trình đang thi công",
                    "deadline": None,
                    "deadline_text": "khẩn trương",
                    "recurrence": None,
                    "recurrence_text": None,
                    "urgent": True,
                },
                {
                    "lead": "Công an tỉnh",
                    "lead_known": True,
                    "support": [],
                    "task": "Báo cáo tình hình về Văn phòng UBND tỉnh",
                    "deadline": Deadline(date(2025, 7, 11), time(17, 0)),
                    "deadline_text": "17 giờ thứ Sáu hằng tuần",
                    "recurrence": "weekly",
                    "recurrence_text": "17 giờ thứ Sáu hằng tuần",
                    "urgent": False,
                },
                {
                    "lead": "Ban Tổ chức Tỉnh ủy",
                    "lead_known": False,
                    "support": [],
                    "task": "Rà soát, đề xuất bố trí cán bộ",
                    "deadline": None,
                    "deadline_text": None,
                    "recurrence": None,
                    "recurrence_text": None,
                    "urgent": False,
                },
            ],
            "unknown_units": ["Sở Xây dựng", "Ban Tổ chức Tỉnh ủy"],
        },
        "empty": {
            "number": None,
            "issuer": None,
            "issued": None,
            "assignments": [],
            "unknown_units": [],
        },
    },
    "file_not_read": {DEFAULT: {}},
    "button_assign_all": {DEFAULT: {}},
    "intake_ask": {DEFAULT: {}},
    "intake_proposal": {
        DEFAULT: intake(
            [intake_item(1), intake_item(2, task="Tổ chức Hội thảo khoa học", supports=[])]
        ),
        "to_fix": intake(
            [
                intake_item(
                    1,
                    lead="Sở Xây dựng",
                    lead_code=None,
                    supports=[],
                    task="Kiểm tra an toàn các công trình đang thi công",
                    due=None,
                    due_text="khẩn trương",
                    urgent=True,
                    problems=["lead", "urgent"],
                ),
                intake_item(
                    2,
                    due=DUE_DEC_31,
                    due_text="trước ngày 31/12/2025",
                    problems=["past"],
                ),
                intake_item(
                    3,
                    task="Cập nhật số liệu lên hệ thống",
                    supports=[],
                    due=None,
                    due_text=None,
                    rule_problem="hằng ngày",
                    problems=["rhythm"],
                ),
                intake_item(4, dropped=True),
            ],
            unknown=[
                {"name": "Sở Xây dựng", "leads": [1], "supports": []},
                {"name": "Đại học Quốc gia thành phố Hồ Chí Minh", "leads": [], "supports": [2]},
            ],
        ),
        "edited": intake(
            [
                intake_item(
                    1,
                    task="Báo cáo tiến độ thực hiện Nghị quyết 57",
                    supports=[],
                    due=Deadline(date(2026, 1, 9), time(17, 0)),
                    due_text="17 giờ thứ Sáu hằng tuần",
                    repeat="weekly",
                ),
                intake_item(2, due=None, due_text=None, no_due=True, urgent=True),
                intake_item(3, due=None, due_text=None, result="Kế hoạch được ban hành"),
                intake_item(4, due=DUE_FEB_28, due_text=None),
            ],
            doc=INTAKE_DOC | {"known": True},
            note={"kind": "edited", "numbers": [4], "field": "due"},
        ),
        "more": intake(
            [intake_item(1)],
            doc={"number": None, "issuer": None, "issued": None, "known": False, "tasks": 0},
            note={"kind": "more", "length": 3800},
        ),
        "dropped": intake([intake_item(1, dropped=True)], note={"kind": "dropped", "numbers": [1]}),
        # Page 2 of a 64-item plan, after a range edit: items 9-16, two of them to fix.
        "page": intake(
            [intake_item(n, due=DUE_FEB_28) for n in range(9, 15)]
            + [intake_item(15, lead="Sở Xây dựng", lead_code=None, problems=["lead"])]
            + [intake_item(16, dropped=True)],
            page=2,
            pages=8,
            total=64,
            count=60,
            blocked=2,
            blocked_numbers=[15, 40],
            unknown=[{"name": "Sở Xây dựng", "leads": [15, 40, 41, 42], "supports": []}],
            unknown_elsewhere=3,
            note={"kind": "edited", "numbers": [9, 10, 11, 12, 14], "field": "due"},
        ),
        "empty": intake(
            [], doc={"number": None, "issuer": None, "issued": None, "known": False, "tasks": 0}
        ),
        "imported_before": intake(
            [intake_item(1, existing=[12]), intake_item(2, task="Tổ chức Hội thảo khoa học")],
            doc=INTAKE_DOC | {"known": True, "tasks": 18},
        ),
        "all_there": intake(
            [intake_item(1, existing=[12, 31])], doc=INTAKE_DOC | {"known": True, "tasks": 18}
        ),
    },
    "intake_duplicates": {
        DEFAULT: {
            "doc": "412/UBND-VX",
            "items": [
                {"n": 1, "task": PLAN_TEXT, "ids": [12]},
                {"n": 3, "task": "Tổ chức Hội thảo <khoa học>", "ids": [13, 31]},
            ],
            "total": 5,
        },
        "all_there": {"doc": None, "items": [{"n": 1, "task": PLAN_TEXT, "ids": [12]}], "total": 1},
    },
    "intake_nothing_new": {
        DEFAULT: {"items": [{"n": 1, "ids": [12]}, {"n": 2, "ids": [13, 31]}]},
    },
    "button_assign_new": {DEFAULT: {}},
    "button_assign_again": {DEFAULT: {}},
    "intake_assigned": {
        DEFAULT: {
            "doc": {
                "id": 3,
                "number": "412/UBND-VX",
                "issuer": "UBND tỉnh Bình Định",
                "issued": date(2026, 1, 2),
                "summary": "",
            },
            "tasks": [PLAN | NO_NOTES, changed(PLAN, id=13, task="Tổ chức Hội thảo") | NO_NOTES],
            "not_again": [],
        },
        # A big plan: counted by unit, its notes by kind.
        "big": {
            "doc": {
                "id": 3,
                "number": "77/KH-UBND",
                "issuer": "UBND tỉnh Bình Định",
                "issued": date(2027, 1, 5),
                "summary": "",
            },
            "tasks": [
                changed(PLAN, id=n, unit_code=("SKHCN", "STTTT", "SVHTTDL")[n % 3])
                | NO_NOTES
                | (
                    {"day_off": {"day": date(2027, 2, 7), "holiday": None}}
                    if n in (4, 5, 9)
                    else {}
                )
                | ({"skipped": ["7d"]} if n == 1 else {})
                for n in range(1, 15)
            ],
            "not_again": [],
        },
        "new_only": {
            "doc": None,
            "tasks": [changed(PLAN, id=40, task="Tổ chức Hội thảo") | NO_NOTES],
            "not_again": [{"n": 1, "ids": [12]}, {"n": 3, "ids": [13, 31]}],
        },
        "notes": {
            "not_again": [],
            "doc": None,
            "tasks": [
                ONGOING | NO_NOTES,
                PLAN
                | {
                    "day_off": {"day": date(2027, 2, 7), "holiday": "Mùng hai Tết Nguyên Đán"},
                    "skipped": ["7d", "3d"],
                    "nobody": True,
                },
            ],
        },
    },
    "intake_incomplete": {
        DEFAULT: {
            "total": 3,
            "items": [
                {
                    "n": 2,
                    "task": "Kiểm tra an toàn các công trình đang thi công",
                    "problems": ["lead", "urgent"],
                },
                {"n": 3, "task": PLAN_TEXT, "problems": ["past", "rhythm"]},
            ],
        },
        # A big plan with many items to fix: ten are shown, the rest counted.
        "many": {
            "total": 64,
            "items": [{"n": n, "task": PLAN_TEXT, "problems": ["lead"]} for n in range(1, 16)]
            + [{"n": 40, "task": PLAN_TEXT, "problems": ["past"]}],
        },
    },
    "intake_nothing": {DEFAULT: {}},
    "intake_nothing_left": {DEFAULT: {}},
    "intake_no_item": {
        DEFAULT: {"number": 9, "count": 2},
        "one": {"number": 2, "count": 1},
    },
    "intake_usage": {DEFAULT: {}},
    "intake_too_long": {DEFAULT: {"length": 250_000, "limit": 200_000}},
    "intake_file_unsupported": {DEFAULT: {"filename": "cong-van-412.doc"}},
    "intake_file_too_many_pages": {DEFAULT: {"filename": "tong-hop.pdf", "limit": 300}},
    "intake_file_unpacks_too_large": {
        DEFAULT: {"filename": "cong-van.docx", "size_mb": 1650, "limit_mb": 50}
    },
    "intake_file_too_large": {
        DEFAULT: {"filename": "ke-hoach.pdf", "size_mb": 12.4, "limit_mb": 10}
    },
    "intake_file_unreadable": {
        DEFAULT: {"filename": "cong-van-412.pdf", "empty": True},
        "damaged": {"filename": "cong-van-412.docx", "empty": False},
    },
    "task_already_open": {DEFAULT: {"number": 12}},
    "task_cancelled": {
        DEFAULT: {"a": PLAN_CANCELLED, "reason": "Đã lồng ghép vào nhiệm vụ #15"},
    },
    "task_cancelled_notice": {
        DEFAULT: {"a": PLAN_CANCELLED, "reason": "Đã lồng ghép vào nhiệm vụ #15"},
        "no_reason": {"a": PLAN_CANCELLED, "reason": ""},
    },
    "task_changed": {
        DEFAULT: {"a": PLAN_REDATED, "field": "due", "old": PLAN},
        "from_no_deadline": {"a": changed(ONGOING, due=DUE_FEB_28), "field": "due", "old": ONGOING},
        "task": {
            "a": changed(PLAN, task="Xây dựng và trình kế hoạch thực hiện Nghị quyết 57"),
            "field": "task",
            "old": PLAN,
        },
        "supports": {
            "a": changed(PLAN, supports=["Sở Tài chính"]),
            "field": "supports",
            "old": PLAN,
        },
    },
    "task_closed": {
        DEFAULT: {"a": PLAN_DONE, "note": "Đã nhận báo cáo bằng văn bản"},
        "late": {"a": SCHOOLS_DONE_LATE, "note": ""},
    },
    "task_closed_notice": {
        DEFAULT: {"a": PLAN_DONE, "note": "Đã nhận báo cáo bằng văn bản"},
        "no_note": {"a": SCHOOLS_DONE_LATE, "note": ""},
    },
    "task_detail": {
        DEFAULT: {
            "a": PLAN,
            "reports": [
                # Oldest first, as /nhiemvu 12 passes the last three; a /xong without a note
                # (then reopened) has an empty text.
                {
                    "at": at(29, 12, 10, 12, 2025),
                    "kind": "report",
                    "text": "Đã hoàn thành dự thảo, đang lấy ý kiến các sở",
                    "withdrawn": False,
                },
                {
                    "at": at(2, 1, 15, 45),
                    "text": "Chưa được phân bổ kinh phí",
                    "kind": "extension",
                    "withdrawn": False,
                },
                {"at": at(5, 1, 8, 30), "text": "Đã xong", "kind": "done", "withdrawn": True},
            ],
            "report_count": 7,
        },
        "no_reports": {"a": PROPAGANDA, "reports": [], "report_count": 0},
        "overdue": {
            "a": SCHOOLS,
            "reports": [
                {
                    "at": at(2, 1, 8, 0),
                    "text": "Đang tổng hợp số liệu",
                    "kind": "report",
                    "withdrawn": False,
                }
            ],
            "report_count": 1,
        },
        "no_deadline": {"a": ONGOING, "reports": [], "report_count": 0},
        "done": {
            "a": PLAN_DONE,
            "reports": [
                {
                    "at": at(5, 1, 8, 30),
                    "text": "Đã trình UBND tỉnh tại Tờ trình số 45/TTr-SKHCN",
                    "kind": "done",
                    "withdrawn": False,
                }
            ],
            "report_count": 4,
        },
        "cancelled": {"a": PLAN_CANCELLED, "reports": [], "report_count": 0},
        "supporting": {"a": PLAN | {"supporting": True}, "reports": [], "report_count": 0},
    },
    "task_done": {
        DEFAULT: {"a": PLAN_DONE, "note": "Đã trình UBND tỉnh tại Tờ trình số 45/TTr-SKHCN"},
        "late": {"a": SCHOOLS_DONE_LATE, "note": ""},
    },
    "task_done_notice": {
        DEFAULT: {
            "a": PLAN_DONE,
            "note": "Đã trình UBND tỉnh tại Tờ trình số 45/TTr-SKHCN",
            "person": NGUYEN,
        },
        "no_note": {"a": SCHOOLS_DONE_LATE, "note": "", "person": "Lê Văn Cường (Sở GD&ĐT)"},
    },
    "task_moved_away": {DEFAULT: {"a": PLAN_MOVED, "old": PLAN}},
    "task_new": {
        DEFAULT: {"a": PLAN, "supporting": False},
        "supporting": {"a": PLAN, "supporting": True},
        "minimal": {"a": changed(BUDGET, result=None), "supporting": False},
        "no_deadline": {"a": ONGOING, "supporting": False},
    },
    "task_not_found": {
        DEFAULT: {"number": 112, "is_admin": False},
        "admin": {"number": 112, "is_admin": True},
    },
    "task_not_lead": {DEFAULT: {"number": 15}},
    "task_not_open": {
        DEFAULT: {"number": 12, "state": "done"},
        "cancelled": {"number": 12, "state": "cancelled"},
    },
    "task_reopened": {
        DEFAULT: {"a": PLAN, "reason": "Báo cáo chưa đủ nội dung"},
        "overdue": {"a": SCHOOLS, "reason": ""},
    },
    "task_reopened_notice": {
        DEFAULT: {"a": PLAN, "reason": "Báo cáo chưa đủ nội dung"},
        "no_reason": {"a": SCHOOLS, "reason": ""},
    },
    "tasks_admin_hint": {DEFAULT: {}},
    "tasks_list": {
        DEFAULT: {
            "units": [{"code": "SKHCN", "name": UNITS["SKHCN"]}],
            "tasks": [
                SCHOOLS | {"unit_code": "SKHCN", "unit_name": UNITS["SKHCN"]},
                PROPAGANDA,
                WORKSHOP,
                PLAN,
            ],
        },
        "two_units": {
            "units": [
                {"code": "SKHCN", "name": UNITS["SKHCN"]},
                {"code": "STC", "name": UNITS["STC"]},
            ],
            "tasks": [PLAN, BUDGET, ONGOING | {"unit_code": "SKHCN", "unit_name": UNITS["SKHCN"]}],
        },
        "empty": {"units": [{"code": "STC", "name": UNITS["STC"]}], "tasks": []},
    },
    "unit_added": {
        DEFAULT: {"unit": SKHCN},
        "no_aliases": {"unit": STC},
    },
    "unit_aliases_added": {
        DEFAULT: {"added": ["Sở KH&CN"], "unit": SKHCN},
        "nothing_new": {"added": [], "unit": SKHCN},
        "no_aliases_left": {"added": [], "unit": STC},
    },
    "unit_ambiguous": {DEFAULT: {"name": "Sở", "codes": ["SKHCN", "STC", "STTTT"]}},
    "unit_archived": {DEFAULT: {"unit": unit("BQLKCN", ("BQL các KCN",), archived=True)}},
    "unit_code_invalid": {DEFAULT: {"code": "SỞ-KHCN"}},
    "unit_code_taken": {DEFAULT: {"code": "SKHCN"}},
    "unit_has_open_work": {
        DEFAULT: {"code": "SKHCN", "count": 3},
        "one": {"code": "STC", "count": 1},
    },
    "unit_name_taken": {DEFAULT: {"name": UNITS["SKHCN"], "code": "SKHCN"}},
    "unit_not_archived": {DEFAULT: {"code": "SKHCN"}},
    "unit_renamed": {
        DEFAULT: {
            "old": "Sở Khoa học và Công nghệ",
            "unit": SKHCN
            | {
                "name": "Sở Khoa học và Công nghệ tỉnh Bình Định",
                "aliases": [*SKHCN["aliases"], "Sở Khoa học và Công nghệ"],
            },
        },
    },
    "unit_restored": {DEFAULT: {"unit": unit("BQLKCN", ("BQL các KCN",))}},
    "unit_unknown": {DEFAULT: {"name": "Sở Nội vụ"}},
    "unit_is_archived": {DEFAULT: {"code": "SNV", "name": "Sở Nội vụ"}},
    "invite_unit_archived": {DEFAULT: {"name": "Sở Nội vụ"}},
    "assign_due_missing": {DEFAULT: {}},
    "unit_list_too_long": {DEFAULT: {"count": 742, "limit": 500}},
    "too_long": {
        DEFAULT: {"what": "unit_name", "limit": 300, "length": 412},
        "doc_number": {"what": "doc_number", "limit": 100, "length": 106},
        "issuer": {"what": "issuer", "limit": 300, "length": 301},
        "task": {"what": "task", "limit": 2000, "length": 100000},
        "result": {"what": "result", "limit": 1000, "length": 1200},
        "report": {"what": "report", "limit": 2000, "length": 100000},
        "reason": {"what": "reason", "limit": 1000, "length": 5000},
        "support": {"what": "support", "limit": 300, "length": 350},
    },
    "unit_usage": {DEFAULT: {}},
    "units_list": {
        DEFAULT: {"units": [SKHCN, STTTT, STC, unit("BQLKCN", ("BQL các KCN",), archived=True)]},
        "empty": {"units": []},
    },
    "unknown_command": {DEFAULT: {"command": "giaoviec"}},
    "welcome": {
        DEFAULT: {
            "name": "Nguyễn Văn An",
            "is_admin": False,
            "is_member": False,
            "key": "zalo:7301450982661234",
        },
        "member": {
            "name": "Nguyễn Văn An",
            "is_admin": False,
            "is_member": True,
            "key": "telegram:2002",
        },
        "admin": {
            "name": "Nguyễn Thị Hoa",
            "is_admin": True,
            "is_member": False,
            "key": "telegram:1001",
        },
    },
    "you_were_removed": {DEFAULT: {"code": "SKHCN", "name": UNITS["SKHCN"]}},
}


def golden_name(template: str, sample: str) -> str:
    return template if sample == DEFAULT else f"{template}__{sample}"


def all_samples() -> list[tuple[str, str, dict[str, Any]]]:
    """(template, sample, values) for every sample, in a stable order."""
    return [
        (t, s, values) for t, by_name in sorted(SAMPLES.items()) for s, values in by_name.items()
    ]
