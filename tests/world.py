"""The province every conversation test starts from, in two layers.

`build`: three units and their officials, lan (SKHCN, which is also called "KH&CN" and
"Sở KHCN"), minh (STTTT) and hoa (SVHTTDL); no work yet.

`build_world`: that, and the work the permission, bad-input and dialog tables act on:

- #1 "Xây dựng kế hoạch", due 10/02/2026: SKHCN leads (lan), STTTT supports (minh);
- #2 "Tổ chức lễ hội", due 15/03/2026: SVHTTDL leads (hoa); neither lan nor minh may see it;
- the document 412/UBND-VX;
- an unused invite to SVHTTDL, for a stranger to join with.

The stranger (any name but admin, lan, minh and hoa) has never written to the bot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select

from storage.models import Assignment, Unit
from tests.support.harness import Harness

UNITS = (
    ("SKHCN", "Sở Khoa học và Công nghệ | KH&CN, Sở KHCN"),
    ("STTTT", "Sở Thông tin và Truyền thông"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
)
# (person, the unit they joined), in the order they join.
OFFICIALS = (("lan", "SKHCN"), ("minh", "STTTT"), ("hoa", "SVHTTDL"))

TASK_1 = "/giao SKHCN | Xây dựng kế hoạch | 10/02/2026 | phối hợp: STTTT"
TASK_2 = "/giao SVHTTDL | Tổ chức lễ hội | 15/03/2026"
DOCUMENT = "/vanban them 412/UBND-VX | UBND tỉnh | 14/01/2025 | Trích yếu"

_CODE = re.compile(r"/start ([A-Z0-9]{8})")


def invite_code(h: Harness, unit: str) -> str:
    text = h.reply("admin", f"/moi {unit}")
    match = _CODE.search(text)
    assert match, text
    return match.group(1)


def join(h: Harness, user: str, unit: str) -> str:
    """USER joins UNIT with a fresh invite; the (now used) code."""
    code = invite_code(h, unit)
    assert "Chào mừng" in h.reply(user, f"/start {code}")
    return code


def build(h: Harness) -> dict[str, str]:
    """Units, officials lan (SKHCN), minh (STTTT), hoa (SVHTTDL); the invite each used, by
    name."""
    for code, rest in UNITS:
        assert "Đã thêm đơn vị" in h.reply("admin", f"/donvi them {code} {rest}")
    return {person: join(h, person, unit) for person, unit in OFFICIALS}


@dataclass
class World:
    h: Harness
    # For "{…}" in a table's messages: "lan_invite", "minh_invite", "hoa_invite" (used
    # codes) and "spare" (an unused invite to SVHTTDL). Tables may add their own.
    values: dict[str, str] = field(default_factory=dict)


def build_world(h: Harness) -> World:
    """`build`, then #1, #2, the document and a spare invite (see the module's doc)."""
    invites = build(h)
    assert "Đã giao nhiệm vụ #1" in h.reply("admin", TASK_1)
    assert "Đã giao nhiệm vụ #2" in h.reply("admin", TASK_2)
    assert "Đã lưu văn bản" in h.reply("admin", DOCUMENT)
    values = {f"{person}_invite": code for person, code in invites.items()}
    values["spare"] = invite_code(h, "SVHTTDL")
    return World(h, values)


def assignments(h: Harness) -> list[Assignment]:
    """Every assignment, in the order made, detached for reading after the session."""
    with h.sessions() as session:
        rows = list(session.scalars(select(Assignment).order_by(Assignment.id)))
        for a in rows:
            session.expunge(a)
        return rows


def unit_id(h: Harness, code: str) -> int:
    with h.sessions() as session:
        unit = session.scalar(select(Unit).where(Unit.code == code))
        assert unit is not None
        return unit.id
