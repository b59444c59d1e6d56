"""A long list of unit names costs a bounded number of lookups per name (issue 13: a long
list in `/sua … donvi` tried every run of names). Counted as work, not timed."""

from __future__ import annotations

import pytest

from bot.services import unit_names
from storage.repos import units as unit_repo
from tests.support.harness import Harness
from tests.world import build


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every unit lookup read_units makes, by the text looked up."""
    seen: list[str] = []
    real = unit_repo.find

    def counting(session: object, text: str, **more: object) -> object:
        seen.append(text)
        return real(session, text, **more)  # type: ignore[arg-type]

    monkeypatch.setattr(unit_names.unit_repo, "find", counting)
    return seen


@pytest.mark.parametrize("names", [10, 100, 300])
def test_lookups_grow_with_the_list_not_its_square(
    h: Harness, lookups: list[str], names: int
) -> None:
    build(h)  # the longest name, "Sở Văn hóa, Thể thao và Du lịch", has two pieces
    h.reply("admin", "/giao SKHCN | Lập kế hoạch | 10/02/2099")
    lookups.clear()
    listed = ", ".join(["STTTT", "Sở Văn hóa, Thể thao và Du lịch"] * (names // 2))
    text = h.reply("admin", f"/sua 1 phoihop {listed}")
    assert "Không có đơn vị" not in text and "Cách dùng" not in text, text[:300]
    pieces = names // 2 * 3
    assert len(lookups) <= 2 * pieces  # at most the longest name's pieces per piece


def test_a_list_too_long_for_one_command(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Lập kế hoạch | 10/02/2099")
    text = h.reply("admin", "/sua 1 phoihop " + ", ".join(["STTTT"] * 600))
    assert text.startswith("Danh sách có 600 đơn vị, quá giới hạn 500") and "Ví dụ:" in text


def test_a_name_with_commas_is_still_found_in_a_list(h: Harness) -> None:
    build(h)
    h.reply("admin", "/donvi them BQL Ban Quản lý, Khu kinh tế, Khu công nghiệp tỉnh")
    text = h.reply(
        "admin", "/giao STTTT, Ban Quản lý, Khu kinh tế, Khu công nghiệp tỉnh | Lập | 10/02/2099"
    )
    assert "#1" in text and "#2" in text and "BQL" in text, text
