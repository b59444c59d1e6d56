"""A small province for conversation tests: three units, their officials, a document."""

from __future__ import annotations

import re

from sqlalchemy import select

from storage.models import Assignment, Unit
from tests.support.harness import Harness

UNITS = (
    ("SKHCN", "Sở Khoa học và Công nghệ | KH&CN, Sở KHCN"),
    ("STTTT", "Sở Thông tin và Truyền thông"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
)
_CODE = re.compile(r"/start ([A-Z0-9]{8})")


def invite_code(h: Harness, unit: str) -> str:
    text = h.reply("admin", f"/moi {unit}")
    match = _CODE.search(text)
    assert match, text
    return match.group(1)


def join(h: Harness, user: str, unit: str) -> None:
    code = invite_code(h, unit)
    assert "Chào mừng" in h.reply(user, f"/start {code}")


def build(h: Harness) -> None:
    """Units, officials lan (SKHCN), minh (STTTT), hoa (SVHTTDL)."""
    for code, rest in UNITS:
        h.reply("admin", f"/donvi them {code} {rest}")
    join(h, "lan", "SKHCN")
    join(h, "minh", "STTTT")
    join(h, "hoa", "SVHTTDL")


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
