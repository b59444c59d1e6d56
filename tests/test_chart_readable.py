"""/tiendo bieudo on a phone: a chart of many units comes as pictures of bounded size, the
units with the most overdue work first, then every other unit by name, each unit once."""

from __future__ import annotations

import random
import struct
from datetime import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from bot.exports.chart import (
    BY_NAME,
    MAX_PAGES,
    MOST_OVERDUE,
    PAGE_UNITS,
    REST_BY_NAME,
    ChartPage,
    build_chart,
    build_charts,
    chart_pages,
    draw_page,
)
from bot.exports.labels import Labels, load_labels
from bot.exports.rows import ExportData, ScopeText, UnitCounts
from bot.exports.xlsx import HEADER_ROW
from bot.services import committee_tables
from messages import Renderer
from storage.natural_order import unit_order
from storage.repos import units as unit_repo
from storage.status import ALL_STATUSES
from tests.support.clock import FakeClock
from tests.support.harness import Harness

MAX_WIDTH, MAX_HEIGHT = 1300, 2000
OVERDUE_AT = ALL_STATUSES.index("overdue")
LATE_AT = ALL_STATUSES.index("done_late")


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _name(n: int) -> str:
    # Long, as officials write them: the label takes two lines.
    return f"Ủy ban nhân dân phường Số {n} thành phố Hồ Chí Minh"


def _data(
    count: int, overdue: dict[int, int] | None = None, late: dict[int, int] | None = None
) -> ExportData:
    """COUNT units with work, in natural order as bot.exports.data.load gives them;
    OVERDUE and LATE: unit number -> assignments in that status."""
    overdue, late = overdue or {}, late or {}
    units = []
    for n in range(1, count + 1):
        counts = [0] * len(ALL_STATUSES)
        counts[ALL_STATUSES.index("on_track")] = 1 + n % 4
        counts[ALL_STATUSES.index("done_on_time")] = n % 5
        counts[OVERDUE_AT] = overdue.get(n, 0)
        counts[LATE_AT] = late.get(n, 0)
        units.append(UnitCounts(f"P{n}", _name(n), tuple(counts)))
    units.sort(key=unit_order)
    totals = tuple(sum(u.counts[i] for u in units) for i in range(len(ALL_STATUSES)))
    return ExportData(
        datetime(2026, 1, 13, 10, 0), ScopeText(), ALL_STATUSES, (), tuple(units), totals, (), ()
    )


@pytest.fixture(scope="module")
def vi() -> Labels:
    return load_labels(Renderer(), "vi")


def _names(page: ChartPage) -> list[str]:
    return list(page.chart.units)


# 133 units, 40 of them with overdue work (1 to 5 each), some done late.
OVERDUE = {n: 1 + n % 5 for n in range(3, 134, 3) if n <= 120}
LATE = {n: n % 3 for n in range(1, 134, 2)}


@pytest.fixture(scope="module")
def many(vi: Labels) -> list[tuple[ChartPage, bytes]]:
    return build_charts(_data(133, OVERDUE, LATE), vi)


def test_133_units_every_picture_fits_a_phone(many: list[tuple[ChartPage, bytes]]) -> None:
    assert 1 < len(many) <= MAX_PAGES
    for page, png in many:
        width, height = _png_size(png)
        assert width <= MAX_WIDTH and height <= MAX_HEIGHT, (page.part, width, height)
        assert 1 <= len(page.chart.units) <= PAGE_UNITS


def test_133_units_each_unit_once(many: list[tuple[ChartPage, bytes]]) -> None:
    drawn = [name for page, _ in many for name in _names(page)]
    assert sorted(drawn) == sorted(_name(n) for n in range(1, 134))
    assert len(drawn) == len(set(drawn)) == 133
    assert all(page.left_out == 0 for page, _ in many)
    assert [page.part for page, _ in many] == list(range(1, len(many) + 1))
    assert {page.parts for page, _ in many} == {len(many)}
    # One scale for every page: a bar of 10 is as long on each.
    assert len({page.widest for page, _ in many}) == 1


def test_133_units_most_overdue_first_then_by_name(many: list[tuple[ChartPage, bytes]]) -> None:
    first, *rest = [page for page, _ in many]
    assert first.section == MOST_OVERDUE
    # The most overdue first; as many, the most done late first; then by name.
    expected = sorted(OVERDUE, key=lambda n: (-OVERDUE[n], -LATE.get(n, 0), n))[:PAGE_UNITS]
    assert _names(first) == [_name(n) for n in expected]
    assert len(first.chart.units) == PAGE_UNITS  # 40 with overdue work: the worst 25
    overdue = next(s for s in first.chart.series if s.status == "overdue").counts
    assert list(overdue) == sorted(overdue, reverse=True)
    # The others by name, "Số 2" before "Số 10", spread evenly over the pages.
    assert {p.section for p in rest} == {REST_BY_NAME}
    others = [name for p in rest for name in _names(p)]
    assert others == [_name(n) for n in range(1, 134) if n not in set(expected)]
    sizes = [len(p.chart.units) for p in rest]
    assert max(sizes) - min(sizes) <= 1
    assert len(rest) == -(-len(others) // PAGE_UNITS)  # as few pages as hold them


def test_without_overdue_work_every_page_by_name(vi: Labels) -> None:
    pages = chart_pages(_data(60), vi)
    assert [p.section for p in pages] == [BY_NAME] * 3
    assert [len(p.chart.units) for p in pages] == [20, 20, 20]
    assert [name for p in pages for name in _names(p)] == [_name(n) for n in range(1, 61)]


def test_a_chart_that_fits_is_one_picture_by_name(vi: Labels) -> None:
    data = _data(PAGE_UNITS, {PAGE_UNITS: 9})
    (page,) = chart_pages(data, vi)
    assert (page.part, page.parts, page.section, page.left_out) == (1, 1, None, 0)
    assert _names(page) == [_name(n) for n in range(1, PAGE_UNITS + 1)]  # the worst not moved
    width, height = _png_size(build_chart(data, vi))
    assert width <= MAX_WIDTH and height <= MAX_HEIGHT
    # One more unit than fits: two pictures, the overdue one first.
    pages = chart_pages(_data(PAGE_UNITS + 1, {PAGE_UNITS: 9}), vi)
    assert [(p.section, len(p.chart.units)) for p in pages] == [
        (MOST_OVERDUE, 1),
        (REST_BY_NAME, PAGE_UNITS),
    ]


def test_beyond_the_last_page_units_are_counted_not_drawn(vi: Labels) -> None:
    count = MAX_PAGES * PAGE_UNITS + 60
    pages = chart_pages(_data(count, {7: 2, 300: 5}), vi)
    assert len(pages) == MAX_PAGES
    drawn = [name for p in pages for name in _names(p)]
    # The 2 with overdue work on the first page, full pages of the others after it.
    assert len(drawn) == len(set(drawn)) == 2 + (MAX_PAGES - 1) * PAGE_UNITS
    assert {p.left_out for p in pages} == {count - len(drawn)}
    assert _names(pages[0]) == [_name(300), _name(7)]
    # What is left out is the end of the list by name; every overdue unit is drawn.
    rest = [name for p in pages[1:] for name in _names(p)]
    assert rest == [_name(n) for n in range(1, count + 1) if n not in (7, 300)][: len(rest)]
    width, height = _png_size(draw_page(pages[-1], _data(count, {7: 2, 300: 5}), vi))
    assert width <= MAX_WIDTH and height <= MAX_HEIGHT


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_page_words_come_from_the_labels(lang: str) -> None:
    labels = load_labels(Renderer(), lang)
    for section in (MOST_OVERDUE, BY_NAME, REST_BY_NAME):
        text = labels["chart_part"].format(part=1, parts=5, section=labels[f"chart_{section}"])
        assert "1" in text and "5" in text and labels[f"chart_{section}"] in text
    assert "62" in labels["chart_left_out"].format(count=62)
    assert "/xuat" in labels["chart_left_out"]


# -- through the chat ----------------------------------------------------------------------

# 28 wards, added out of order; their codes sort otherwise than their names (PH10 < PH9).
WARDS = list(range(1, 29))
LATE_WARDS = (4, 12, 27)


def _wards(h: Harness, clock: FakeClock) -> None:
    added = WARDS[:]
    random.Random(28).shuffle(added)
    for n in added:
        h.reply("admin", f"/donvi them PH{n} Phường {n}")
    for n in WARDS:
        due = "06/01/2026" if n in LATE_WARDS else "10/02/2026"
        h.reply("admin", f"/giao PH{n} | Báo cáo chuyển đổi số | {due}")
    clock.set_local("2026-01-13T10:00")


def test_units_are_listed_in_natural_order_everywhere(h: Harness, clock: FakeClock) -> None:
    _wards(h, clock)
    wanted = [f"PH{n}" for n in WARDS]
    with h.sessions() as session:
        table = committee_tables.status_table(session, clock.now)  # what /tiendo lists
        assert [r["code"] for r in table["rows"]] == wanted
        some = committee_tables.status_table(
            session, clock.now, _ids(session, ["PH10", "PH2", "PH9"])
        )
        assert [r["code"] for r in some["rows"]] == ["PH2", "PH9", "PH10"]
    h.reply("admin", "/xuat")
    (book,) = h.files.glob("*.xlsx")
    sheet = load_workbook(BytesIO(book.read_bytes())).worksheets[1]  # by unit
    codes = [row[1] for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert codes[:-1] == wanted  # and the total row


def _ids(session: Session, codes: list[str]) -> list[int]:
    found = [unit_repo.by_code(session, c) for c in codes]
    return [u.id for u in found if u is not None]


def test_the_chat_gets_every_picture_with_its_part(h: Harness, clock: FakeClock) -> None:
    _wards(h, clock)
    got = [d for d in h.say("admin", "/tiendo bieudo") if d.to == "admin"]
    assert len(got) == 2  # the 3 wards with overdue work, then the 25 others by name
    first, second = (d.text for d in got)
    assert "Biểu đồ tiến độ theo đơn vị: 28 nhiệm vụ" in first
    assert "Gồm 2 ảnh: trước hết các đơn vị có nhiều nhiệm vụ quá hạn nhất" in first
    assert "Biểu đồ tiến độ theo đơn vị, phần 2/2" in second
    pictures = sorted(h.files.glob("*.png"))
    assert [p.name[-6:] for p in pictures] == ["-1.png", "-2.png"]
    for p in pictures:
        width, height = _png_size(p.read_bytes())
        assert width <= MAX_WIDTH and height <= MAX_HEIGHT
    # In English, the same pictures, the English caption.
    h.reply("admin", "/ngonngu en")
    got = [d for d in h.say("admin", "/tiendo bieudo") if d.to == "admin"]
    assert "In 2 pictures: first the units with the most overdue tasks" in got[0].text
    assert "part 2 of 2" in got[1].text
