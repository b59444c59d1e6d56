"""The main paths an official and the admin take, as dialog tables (tests/support/dialog.py).

Each dialog starts from tests/world.py's `build_world`: #1 (SKHCN leads: lan; STTTT
supports: minh), due Tuesday 10/02/2026, and #2 (SVHTTDL: hoa), due 15/03/2026; the clock
says Monday 05/01/2026, 9h. A step names the templates the bot answers with and the values
that matter, and every message to someone else: anyone not named is sent nothing.
"""

from __future__ import annotations

from datetime import date

import pytest

from messages.neutral import Address, Outgoing
from storage.deadline import Deadline
from tests.support.dialog import MISSING, Msg, Step, check_step, run_dialog, value_at
from tests.support.harness import Harness
from tests.world import build_world

NEW_TASK = "/giao SKHCN | Lập báo cáo sơ kết | 20/02/2026 | phối hợp: STTTT"
EXTEND = "/giahan 1 20/02/2026 Chờ kinh phí"


def done_notice(person: str, number: int) -> Msg:
    return Msg("task_done_notice", {"person": person, "a.id": number})


def extension_notice(asked: date) -> Msg:
    return Msg("extension_request_notice", {"person": "lan", "a.id": 1, "asked.day": asked})


DIALOGS: dict[str, list[Step]] = {
    "the admin assigns; the lead and the supporting unit hear of it": [
        Step(
            "admin",
            NEW_TASK,
            reply="assigned",
            values={
                "tasks.0.id": 3,
                "tasks.0.unit_code": "SKHCN",
                "tasks.0.supports": ["Sở Thông tin và Truyền thông"],
                "tasks.0.due.day": date(2026, 2, 20),
                "tasks.0.status": "not_started",
            },
            notices={
                "lan": Msg("task_new", {"a.id": 3, "supporting": False}),
                "minh": Msg("task_new", {"a.id": 3, "supporting": True}),
            },
        ),
        Step("lan", "/nhiemvu 3", reply="task_detail", values={"a.id": 3, "report_count": 0}),
        Step("hoa", "/nhiemvu 3", reply="task_not_found", values={"number": 3}),
    ],
    "the admin assigns step by step and a bad deadline is asked again": [
        Step("admin", "/giao STTTT | Báo cáo chuyển đổi số", reply="assign_ask_due"),
        Step("admin", "31/02/2026", reply="date_impossible", values={"detail": "31/02"}),
        Step("admin", "01/01/2026", reply="date_past", values={"text": "01/01/2026"}),
        Step(
            "admin",
            "15/02/2026",
            reply="assign_ask_result",
            values={"draft.due.day": date(2026, 2, 15), "draft.task": "Báo cáo chuyển đổi số"},
        ),
        Step("admin", "không", reply="assign_confirm", values={"draft.result": None}),
        Step(
            "admin",
            "đồng ý",
            reply="assigned",
            values={"tasks.0.id": 3, "tasks.0.unit_code": "STTTT"},
            notices={"minh": Msg("task_new", {"a.id": 3, "supporting": False})},
        ),
    ],
    "a percentage is progress, not done": [
        Step(
            "lan",
            "#1 60% xong",
            reply="report_recorded",
            values={
                "a.id": 1,
                "a.status": "on_track",
                "lead": True,
                "readings.0.percent": 60,
                "readings.0.done": False,
            },
        ),
        # Without a number: the task the bot last named to lan.
        Step(
            "lan",
            "60% xong",
            reply="report_recorded",
            values={"a.id": 1, "readings.0.percent": 60, "readings.0.done": False},
        ),
        Step(
            "lan",
            "/nhiemvu 1",
            reply="task_detail",
            values={"a.status": "on_track", "report_count": 2, "reports.1.kind": "report"},
        ),
    ],
    "the lead unit reports done and the admin hears": [
        Step(
            "lan",
            "#1 đã xong",
            reply="task_done",
            values={"a.id": 1, "a.status": "done_on_time", "note": "đã xong"},
            notices={"admin": Msg("task_done_notice", {"person": "lan", "note": "đã xong"})},
        ),
        Step("lan", "#1 được 60%", reply="task_not_open", values={"number": 1, "state": "done"}),
        Step("admin", "/nhiemvu 1", reply="task_detail", values={"a.status": "done_on_time"}),
    ],
    "/xong with a note, the admin reopens, the unit reports again": [
        Step(
            "hoa",
            "/xong 2 Đã tổ chức xong",
            reply="task_done",
            values={"a.id": 2, "note": "Đã tổ chức xong"},
            notices={"admin": done_notice("hoa", 2)},
        ),
        Step(
            "admin",
            "/molai 2 Báo cáo chưa đủ nội dung",
            reply="task_reopened",
            values={"a.id": 2, "a.status": "on_track", "reason": "Báo cáo chưa đủ nội dung"},
            notices={"hoa": Msg("task_reopened_notice", {"a.id": 2})},
        ),
        Step("hoa", "#2 được 90%", reply="report_recorded", values={"readings.0.percent": 90}),
    ],
    "an extension is asked and approved": [
        Step(
            "lan",
            EXTEND,
            reply="extension_requested",
            values={
                "a.status": "extension_requested",
                "asked.day": date(2026, 2, 20),
                "reason": "Chờ kinh phí",
                "replaced": None,
            },
            notices={"admin": extension_notice(date(2026, 2, 20))},
        ),
        Step(
            "admin",
            "/duyet 1",
            reply="extension_approved",
            values={"a.due.day": date(2026, 2, 20), "a.status": "on_track"},
            notices={"lan": Msg("extension_approved_notice", {"a.due.day": date(2026, 2, 20)})},
        ),
        Step("admin", "/duyet 1", reply="extension_none", values={"number": 1}),
    ],
    "an extension asked in words is refused and the deadline stays": [
        Step(
            "lan",
            "#1 xin gia hạn đến 20/2 vì chờ kinh phí",
            reply="extension_requested",
            values={"asked.day": date(2026, 2, 20), "reason": "chờ kinh phí"},
            notices={"admin": extension_notice(date(2026, 2, 20))},
        ),
        Step(
            "admin",
            "/tuchoi 1 Nhiệm vụ cấp bách",
            reply="extension_refused",
            values={"a.due.day": date(2026, 2, 10), "reason": "Nhiệm vụ cấp bách"},
            notices={"lan": Msg("extension_refused_notice", {"reason": "Nhiệm vụ cấp bách"})},
        ),
        Step(
            "lan",
            "/nhiemvu 1",
            reply="task_detail",
            values={"a.due.day": date(2026, 2, 10), "a.status": "on_track"},
        ),
    ],
    "a second extension request replaces the first": [
        Step(
            "lan",
            "/giahan 1 05/03/2026 Chờ kinh phí",
            reply="extension_requested",
            values={"asked.day": date(2026, 3, 5), "replaced": None},
            notices={"admin": extension_notice(date(2026, 3, 5))},
        ),
        Step(
            "lan",
            "/giahan 1 01/03/2026 Chờ kinh phí",
            reply="extension_requested",
            values={"asked.day": date(2026, 3, 1), "replaced.day": date(2026, 3, 5)},
            notices={"admin": extension_notice(date(2026, 3, 1))},
        ),
        Step(
            "admin",
            "/duyet 1",
            reply="extension_approved",
            values={"a.due.day": date(2026, 3, 1)},
            notices={"lan": "extension_approved_notice"},
        ),
    ],
    "a done sent by mistake is taken back with a word": [
        Step("lan", "#1 xong", reply="task_done", notices={"admin": done_notice("lan", 1)}),
        Step(
            "lan",
            "nhầm",
            reply="report_withdrawn",
            values={"a.id": 1, "a.status": "not_started", "text": "#1 xong", "undone": ["close"]},
            notices={
                "admin": Msg("report_withdrawn_notice", {"person": "lan", "undone": ["close"]})
            },
        ),
        Step("lan", "/nhiemvu 1", reply="task_detail", values={"reports.0.withdrawn": True}),
        Step("lan", "#1 xong", reply="task_done", notices={"admin": done_notice("lan", 1)}),
    ],
    "a progress report is taken back with /rutlai, only by its author": [
        Step("lan", "#1 được 30%", reply="report_recorded", values={"readings.0.percent": 30}),
        Step("minh", "/rutlai 1", reply="withdraw_nothing", values={"number": 1}),
        # Nobody else had heard of it: nobody else is told.
        Step(
            "lan",
            "/rutlai 1",
            reply="report_withdrawn",
            values={"text": "#1 được 30%", "undone": []},
        ),
        Step("lan", "/rutlai 1", reply="withdraw_nothing", values={"number": 1, "hours": 2}),
    ],
    "a withdrawn extension request leaves the admin nothing to decide": [
        Step(
            "lan",
            EXTEND,
            reply="extension_requested",
            notices={"admin": extension_notice(date(2026, 2, 20))},
        ),
        Step(
            "lan",
            "nhầm",
            reply="report_withdrawn",
            values={"undone": ["extension"], "a.due.day": date(2026, 2, 10)},
            notices={"admin": Msg("report_withdrawn_notice", {"undone": ["extension"]})},
        ),
        Step("admin", "/duyet 1", reply="extension_none", values={"number": 1}),
    ],
    "the supporting unit reports its part, the lead unit closes": [
        Step(
            "minh",
            "#1 xong",
            reply="report_recorded",
            values={"lead": False, "readings.0.done": True, "a.status": "on_track"},
        ),
        Step("minh", "/xong 1", reply="task_not_lead", values={"number": 1}),
        Step("minh", EXTEND, reply="task_not_lead", values={"number": 1}),
        Step(
            "lan",
            "/xong 1",
            reply="task_done",
            values={"a.status": "done_on_time"},
            notices={"admin": done_notice("lan", 1)},
        ),
    ],
    "a difficulty reaches the admin at once": [
        Step(
            "lan",
            "#1 vướng: chưa có kinh phí",
            reply="report_recorded",
            values={"readings.0.difficulty": "chưa có kinh phí", "readings.0.percent": None},
            notices={
                "admin": Msg(
                    "committee_difficulty", {"person": "lan", "difficulty": "chưa có kinh phí"}
                )
            },
        ),
    ],
    "a wrong command gets help with the closest one": [
        Step("lan", "/xongg 1", reply="unknown_command", values={"command": "xongg"}),
        Step(
            "lan",
            "/trogiup giahn",
            reply="help_unknown",
            values={"typed": "giahn", "closest.0": "giahan"},
        ),
        Step(
            "lan",
            "/trogiup giahan",
            reply="command_help",
            values={"command": "giahan", "allowed": True},
        ),
        Step(
            "lan",
            "/trogiup giao",
            reply="command_help",
            values={"command": "giao", "allowed": False},
        ),
    ],
    "bad dates are refused, each with its template, and nothing changes": [
        Step(
            "lan",
            "/giahan 1 31/02/2026 Chờ kinh phí",
            reply="date_impossible",
            values={"detail": "31/02"},
        ),
        Step("lan", "/giahan 1 01/01/2026 Chờ kinh phí", reply="date_past"),
        Step(
            "lan",
            "/giahan 1 05/02/2026 Chờ kinh phí",
            reply="extension_not_later",
            values={"current.day": date(2026, 2, 10), "asked.day": date(2026, 2, 5)},
        ),
        Step(
            "admin", "/giao SKHCN | Việc mới | abc", reply="date_not_a_date", values={"text": "abc"}
        ),
        Step("admin", "/sua 1 han 32/01/2026", reply="date_impossible", values={"detail": "32/01"}),
        Step(
            "lan",
            "/nhiemvu 1",
            reply="task_detail",
            values={"a.due.day": date(2026, 2, 10), "a.status": "not_started", "report_count": 0},
        ),
    ],
    "another unit's work is as if it did not exist": [
        Step("minh", "#2 xong", reply="task_not_found", values={"number": 2}),
        Step("lan", "/nhiemvu 2", reply="task_not_found", values={"number": 2}),
        Step("hoa", "#2 xong", reply="task_done", notices={"admin": done_notice("hoa", 2)}),
    ],
    "a newcomer joins with an invite and reports on the unit's work": [
        Step("nga", "/nhiemvu", reply="not_member", values={"command": "nhiemvu"}),
        Step(
            "nga",
            "/start {spare}",
            reply="joined",
            values={"code": "SVHTTDL"},
            notices={"admin": Msg("member_joined", {"person": "nga", "code": "SVHTTDL"})},
        ),
        Step(
            "nga",
            "/nhiemvu",
            reply="tasks_list",
            values={"tasks.0.id": 2, "units.0.code": "SVHTTDL"},
        ),
        Step("nga", "#2 được 50%", reply="report_recorded", values={"a.id": 2, "lead": True}),
    ],
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog(h: Harness, name: str) -> None:
    world = build_world(h)
    run_dialog(h, DIALOGS[name], world.values)


# -- the helper itself: a wrong answer must not pass -------------------------------------


def _out(chat: str, template: str, **values: object) -> Outgoing:
    return Outgoing(Address("console", chat, chat), template, values)


DONE_NOTICE = {"admin": "task_done_notice"}
DONE = [
    _out("lan", "task_done", a={"id": 1, "due": Deadline(date(2026, 2, 10))}, note="xong"),
    _out("admin", "task_done_notice", a={"id": 1}, person="lan"),
]


def test_a_step_as_expected_has_no_problems() -> None:
    step = Step(
        "lan",
        "#1 xong",
        reply="task_done",
        values={"a.id": 1, "a.due.day": date(2026, 2, 10), "note": "xong"},
        notices={"admin": Msg("task_done_notice", {"person": "lan"})},
    )
    assert check_step(step, DONE) == []


@pytest.mark.parametrize(
    ("step", "problem"),
    [
        (
            Step("lan", "#1 xong", reply="report_recorded", notices={"admin": "task_done_notice"}),
            "expected ['report_recorded'], got ['task_done']",
        ),
        (
            Step("lan", "#1 xong", reply="task_done", values={"a.id": 2}, notices=DONE_NOTICE),
            "a.id = 1, not 2",
        ),
        (
            Step("lan", "#1 xong", reply="task_done", values={"a.due.day": date(2026, 2, 11)}),
            "a.due.day = datetime.date(2026, 2, 10), not datetime.date(2026, 2, 11)",
        ),
        (
            Step("lan", "#1 xong", reply="task_done", values={"readings.0.done": True}),
            "has no value 'readings.0.done'",
        ),
        (
            Step("lan", "#1 xong", reply="task_done"),
            "admin was also sent ['task_done_notice']",
        ),
        (
            Step(
                "lan", "#1 xong", reply="task_done", notices={"admin": Msg("x", {"person": "hoa"})}
            ),
            "expected ['x'], got ['task_done_notice']",
        ),
        (
            Step(
                "lan",
                "#1 xong",
                reply="task_done",
                notices={"admin": Msg("task_done_notice", {"person": "hoa"})},
            ),
            "person = 'lan', not 'hoa'",
        ),
        (
            Step("lan", "#1 xong", reply="task_done", notices={**DONE_NOTICE, "hoa": "task_new"}),
            "-> hoa: expected ['task_new'], got []",
        ),
        (
            Step("lan", "#1 xong", reply=["task_done", "task_new"], notices=DONE_NOTICE),
            "expected ['task_done', 'task_new'], got ['task_done']",
        ),
    ],
)
def test_a_step_not_as_expected_is_caught(step: Step, problem: str) -> None:
    problems = check_step(step, DONE)
    assert any(problem in p for p in problems), problems


def test_paths_read_mappings_sequences_and_attributes() -> None:
    values = {"tasks": [{"id": 3, "due": Deadline(date(2026, 2, 20))}], "closest": ["giahan"]}
    assert value_at(values, "tasks.0.id") == 3
    assert value_at(values, "tasks.0.due.day") == date(2026, 2, 20)
    assert value_at(values, "closest.0") == "giahan"
    assert value_at(values, "closest.1") is MISSING
    assert value_at(values, "tasks.0.unit_code") is MISSING
    assert value_at(values, "tasks.x") is MISSING
