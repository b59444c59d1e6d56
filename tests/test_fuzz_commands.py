"""Hostile input through every command (issue 13): a seeded, bounded table of malformed,
huge, unicode-odd, markup and injection texts, from a stranger, an official and an admin, on
SQLite and PostgreSQL. For each: no internal error, an answer that fits one Telegram
message, nothing half-written (the tables unchanged after a refusal: the refusal is the
one outbox row written), and a bound on the work of one message counted as SQL
statements, not timed."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from bot.commands import COMMANDS
from messages import Renderer
from messages.neutral import Incoming
from tests.support.harness import Harness
from tests.world import build

SEED = 20261203
PER_COMMAND = 8
TELEGRAM_LIMIT = 4096
# Statements one message may run: a refusal runs a handful, the heaviest command (a
# table of every unit) a few hundred on this small world.
MOST_STATEMENTS = 1500
# Commands whose answer is a list that the channels cut into several messages.
LISTS = {"nhiemvu", "tiendo", "donvi", "thanhvien", "lichsu", "vanban", "trogiup", "xuat"}

HOSTILE = [
    "",
    " ",
    "x" * 100_000,
    "1" * 400,
    "-1",
    "0",
    "99999999999999999999",
    "1e309",
    "#",
    "#-5",
    "31/02/2026",
    "31/12/9999",
    "00/00/0000",
    "ngày 32 tháng 13",
    "||||||",
    "| | | | |",
    ";;;,,,",
    "<b>đậm</b> & <script>alert(1)</script>",
    "&lt;&amp;&#0;",
    "'; DROP TABLE assignments; --",
    '=HYPERLINK("http://x")',
    "-A1+B2",
    "@SUM(1)",
    "$\\undefinedcmd$ $x^2$",
    "{{ 7*7 }} {% raw %}",
    "\u202eRTL\u202c \u200bzero\u200b \ufeffbom",
    "\ud800 lone surrogate",
    "NUL\x00byte \x07bell",
    "e\u0301\u0301\u0301\u0301 combining",
    "🙂" * 500,
    "SKHCN " * 300,
    "Sở Văn hóa, Thể thao và Du lịch, " * 100,
    "\n\n\n" * 200,
    "%s %d %(x)s {0}",
    "../../etc/passwd",
    "null None undefined NaN",
]


def _inputs() -> Iterator[tuple[str, str, str]]:
    """(command name, actor, text): PER_COMMAND hostile arguments for each command, for an
    official and for an admin, drawn with a fixed seed."""
    rng = random.Random(SEED)
    for cmd in COMMANDS:
        for actor in ("stranger", "lan", "admin"):
            for arg in rng.sample(HOSTILE, PER_COMMAND):
                sub = rng.choice(["", "1 ", "SKHCN ", "them ", "sua 1 ", "xoa "])
                yield cmd.name, actor, f"/{cmd.name} {sub}{arg}".rstrip()


@contextmanager
def _statements(h: Harness) -> Iterator[list[str]]:
    engine = h.sessions.kw["bind"]
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2])[:60])

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_every_command_survives_hostile_input(h: Harness, renderer: Renderer) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Lập kế hoạch | 10/02/2099 | phối hợp: STTTT")
    problems: list[str] = []
    for name, actor, text in _inputs():
        where = f"[{actor}] {text[:60]!r}"
        before = h.snapshot()
        with _statements(h) as statements:
            outs = h.handle(Incoming("console", actor, actor, actor, text))
        if len(statements) > MOST_STATEMENTS:
            problems.append(f"{where}: {len(statements)} SQL statements")
        mine = [o for o in outs if o.to.chat_id == actor]
        if any(o.template == "internal_error" for o in outs):
            problems.append(f"{where}: internal error")
            continue
        if not mine:
            problems.append(f"{where}: no answer")
            continue
        for o in mine:
            html = renderer.render(o.template, o.values, o.lang, "html", o.today)
            if len(html) > TELEGRAM_LIMIT and name not in LISTS:
                problems.append(f"{where}: {o.template} is {len(html)} characters")
        if h.snapshot() != before and all(o.template.endswith(REFUSALS) for o in mine):
            problems.append(f"{where}: refused ({mine[0].template}) but wrote")
    assert problems == [], "\n".join(problems[:40])


# Template names that are refusals by their wording (the rest may change what they say).
REFUSALS = ("_usage", "_invalid", "_unknown", "_missing", "too_long", "_only", "_not_found")
