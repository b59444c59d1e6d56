"""What is stored as typed has a size limit and a clear refusal above it (issue 13: texts
up to 100,000 characters were stored as sent, and answered back whole)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.services.assignments import MAX_REASON, MAX_REPORT, MAX_TASK
from storage.models import Assignment, ExtensionRequest, ProgressReport
from tests.support.harness import Harness
from tests.world import build

BIG = "x" * 100_000


def _counts(h: Harness) -> tuple[int, int, int]:
    with h.sessions() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(t)) or 0
            for t in (Assignment, ProgressReport, ExtensionRequest)
        )


@pytest.mark.parametrize(
    ("actor", "text", "what"),
    [
        ("admin", f"/giao SKHCN | {BIG} | 10/02/2099", "Nội dung nhiệm vụ"),
        ("admin", f"/giao SKHCN | Lập | 10/02/2099 | kết quả: {BIG}", "Kết quả, sản phẩm"),
        ("admin", f"/sua 1 noidung {BIG}", "Nội dung nhiệm vụ"),
        ("admin", f"/sua 1 ketqua {BIG}", "Kết quả, sản phẩm"),
        ("lan", f"/baocao 1 {BIG}", "Nội dung báo cáo"),
        ("lan", f"#1 {BIG}", "Nội dung báo cáo"),
        ("lan", f"/giahan 1 20/02/2099 {BIG}", "Lý do"),
        ("admin", f"/huynv 1 {BIG}", "Lý do"),
        ("admin", f"/dong 1 {BIG}", "Lý do"),
    ],
)
def test_a_wall_of_text_is_refused_and_nothing_stored(
    h: Harness, actor: str, text: str, what: str
) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Lập kế hoạch | 10/02/2099")
    before = _counts(h)
    deliveries = h.say(actor, text)
    mine = [d.text for d in deliveries if d.to == actor]
    assert len(mine) == 1 and len(deliveries) == 1, [d.to for d in deliveries]
    assert mine[0].startswith(f"{what} dài "), mine[0][:200]
    assert "Ví dụ:" in mine[0] and len(mine[0]) < 500
    assert _counts(h) == before
    with h.sessions() as session:
        assert session.scalars(select(Assignment.task)).all() == ["Lập kế hoạch"]


def test_texts_at_the_limit_go_in(h: Harness) -> None:
    build(h)
    assert "Đã giao" in h.reply("admin", f"/giao SKHCN | {'a' * MAX_TASK} | 10/02/2099")
    assert "Đã lưu" in h.reply("lan", f"/baocao 1 {'b' * (MAX_REPORT - 10)}")
    assert "Đã gửi" in h.reply("lan", f"/giahan 1 20/02/2099 {'c' * (MAX_REASON - 10)}")
