"""Input cleaned at the edge (issue 13): characters no official means to type never reach
the database or split one unit name in two, and a far-off deadline is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.reading.edge_text import MAX_ID, clean
from messages.neutral import Incoming
from storage.models import Assignment, Person, Unit
from tests.support.harness import Harness
from tests.world import build


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Sở\u200b Nội vụ", "Sở Nội vụ"),  # zero-width space
        ("\u202eSở Nội vụ", "Sở Nội vụ"),  # right-to-left override
        ("\ufeffSở Nội vụ", "Sở Nội vụ"),  # byte order mark
        ("Sở\u200d Nội\u2066 vụ\u2069", "Sở Nội vụ"),  # joiner, isolates
        ("Sở Nội vụ\x00", "Sở Nội vụ"),  # NUL
        ("Sở \ud800Nội vụ", "Sở Nội vụ"),  # a lone surrogate
        ("dòng một\r\ndòng hai\rba", "dòng một\ndòng hai\nba"),
        ("cột\tmột\n", "cột\tmột\n"),  # tabs and new lines stay
        ("Sở Nội vụ", "Sở Nội vụ"),
    ],
)
def test_clean(typed: str, kept: str) -> None:
    assert clean(typed) == kept


@pytest.mark.parametrize("invisible", ["\u200b", "\u202e", "\ufeff", "\u200d", "\u00ad"])
def test_two_names_that_look_alike_are_one(h: Harness, invisible: str) -> None:
    h.reply("admin", "/donvi them SNV Sở Nội vụ")
    text = h.reply("admin", f"/donvi them SNV2 Sở Nội{invisible} vụ")
    assert "Đã thêm" not in text, text
    with h.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Unit)) == 1


@pytest.mark.parametrize(
    "task", ["Lập \ud83d kế hoạch", "Lập\x00 kế hoạch", "Lập kế\x07 hoạch", "Lập kế hoạch\u200b"]
)
def test_a_task_with_odd_characters_is_stored_clean(h: Harness, task: str) -> None:
    build(h)
    assert "Đã giao nhiệm vụ #1" in h.reply("admin", f"/giao SKHCN | {task} | 10/02/2099")
    with h.sessions() as session:
        assert session.scalars(select(Assignment.task)).one() == clean(task).strip()


def test_a_sender_id_no_platform_gives_is_dropped(h: Harness) -> None:
    incoming = Incoming(
        channel="console", chat_id="x" * 300, sender_id="x" * 300, sender_name="?", text="/start"
    )
    assert h.handle(incoming) == []
    with h.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0
    ok = Incoming(channel="console", chat_id="y" * MAX_ID, sender_id="y" * MAX_ID,
                  sender_name="\x00Lan\u202e", text="/trogiup")  # fmt: skip
    assert h.handle(ok)


@pytest.mark.parametrize("far", ["31/12/9999", "1/1/2999", "31/12/2200"])
def test_a_deadline_centuries_ahead_is_refused(h: Harness, far: str) -> None:
    build(h)
    text = h.reply("admin", f"/giao SKHCN | Lập kế hoạch | {far}")
    assert f"Hạn «{far}» quá xa" in text and "Ví dụ:" in text, text
    h.reply("admin", "/giao SKHCN | Lập kế hoạch | 10/02/2099")
    assert f"Hạn «{far}» quá xa" in h.reply("admin", f"/sua 1 han {far}")
    assert "quá xa" in h.reply("lan", f"/giahan 1 {far} Chờ kinh phí")
