"""What officials type reaches files and pictures as typed: no unit code a spreadsheet
runs as a formula, no unit name matplotlib reads as math (issue 13)."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from matplotlib import cbook

from bot.exports.chart import as_typed, build_charts
from bot.exports.csv import build_csv
from bot.exports.data import load
from bot.exports.labels import load_labels
from bot.services import units as unit_service
from bot.services.change import Change
from bot.settings import Settings
from messages import Renderer
from tests.support.clock import FakeClock
from tests.support.harness import Harness


@pytest.mark.parametrize("code", ["-A1", "=A1", "+A1", "@A1", "-SUM", "_AB", ".AB", "&AB"])
def test_a_code_a_spreadsheet_would_run_is_refused(h: Harness, code: str) -> None:
    text = h.reply("admin", f"/donvi them {code} Phòng Thử nghiệm")
    assert f"Mã đơn vị «{code}» không hợp lệ" in text, text
    assert "bắt đầu bằng chữ cái hoặc chữ số" in text
    assert code not in h.reply("admin", "/donvi")  # nothing added


@pytest.mark.parametrize("code", ["SKHCN", "1A", "UBND-TP", "S&T", "P.10"])
def test_ordinary_codes_still_go_in(h: Harness, code: str) -> None:
    assert "Đã thêm đơn vị" in h.reply("admin", f"/donvi them {code} Phòng {code}")


def test_an_old_formula_like_code_is_text_in_the_csv(
    h: Harness, clock: FakeClock, settings: Settings, renderer: Renderer
) -> None:
    # A code made before codes had to start with a letter or a digit.
    with h.sessions.begin() as session:
        change = Change(session, None, clock.now, h.bot.planner)
        unit_service.add(change, "-A1", "Phòng cũ", [])
    h.reply("admin", '/giao -A1 | =HYPERLINK("x") | 10/02/2099')
    with h.sessions() as session:
        data = load(session, clock.now, settings.timezone, None)
    text = build_csv(data, load_labels(renderer, "vi")).decode("utf-8-sig")
    header, row = list(csv.reader(StringIO(text, newline="")))
    cells = dict(zip(header, row, strict=True))
    assert cells["Mã đơn vị"] == "'-A1"
    assert cells["Nội dung nhiệm vụ"] == '\'=HYPERLINK("x")'
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in row)


@pytest.mark.parametrize(
    "name", ["$x^2$", r"$\undefinedcmd$", "Giá $5 và $10", "$", "Phòng $a_1$ & $b$"]
)
def test_text_with_dollars_is_not_math(name: str) -> None:
    assert not cbook.is_math_text(as_typed(name))


def test_a_chart_of_units_named_like_formulas_is_drawn(
    h: Harness, clock: FakeClock, settings: Settings, renderer: Renderer
) -> None:
    for code, name in [("PA", r"Phòng $\undefinedcmd$"), ("PB", "Phòng $x^2$")]:
        h.reply("admin", f"/donvi them {code} {name}")
        h.reply("admin", f"/giao {code} | Lập kế hoạch | 10/02/2099")
    with h.sessions() as session:
        data = load(session, clock.now, settings.timezone, None)
    pictures = build_charts(data, load_labels(renderer, "vi"))
    assert pictures and all(png.startswith(b"\x89PNG") for _, png in pictures)
    # Through the chat too: a picture, not an internal error.
    reply = h.reply("admin", "/tiendo bieudo")
    assert reply.startswith("Biểu đồ tiến độ theo đơn vị: 2 nhiệm vụ"), reply
