"""A refusal quotes enough of what was typed to recognise it, never the whole of a huge
message (issue 13: a 100,000-character message got 25 messages back)."""

from __future__ import annotations

import pytest

from bot.errors import QUOTED
from tests.support.harness import Harness
from tests.world import build

HUGE = "x" * 100_000


@pytest.mark.parametrize(
    "text",
    [
        "/tiendo " + HUGE,
        "/nhacnho SKHCN " + HUGE,
        "/trogiup " + HUGE,
        "/giahan 1 " + HUGE,
        "/donvi them " + HUGE + " Phòng",
        "/xong " + HUGE,
    ],
)
def test_a_refusal_of_a_huge_message_is_short(h: Harness, text: str) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Lập kế hoạch | 10/02/2099")
    user = "lan" if text.startswith(("/giahan", "/xong")) else "admin"
    deliveries = h.say(user, text)
    mine = [d for d in deliveries if d.to == user]
    assert len(mine) == 1, [d.text[:80] for d in mine]
    assert len(mine[0].text) < QUOTED + 1000, mine[0].text[:300]
