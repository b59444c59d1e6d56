"""Splitting long messages: under the limit, at line boundaries, HTML valid in each piece."""

from __future__ import annotations

import re

from messages.split import split_message


def test_short_text_is_one_piece() -> None:
    assert split_message("một dòng", 4096) == ["một dòng"]


def test_cut_between_lines_and_nothing_lost() -> None:
    lines = [f"#{n} · SKHCN · Nhiệm vụ số {n}" for n in range(1, 400)]
    text = "\n".join(lines)
    pieces = split_message(text, 1000)
    assert len(pieces) > 1 and all(len(p) <= 1000 for p in pieces)
    assert "\n".join(pieces).split("\n") == lines


def test_a_pre_table_is_closed_and_reopened_at_a_cut() -> None:
    rows = "\n".join(f"U{n:05d}      1    2    3" for n in range(300))
    text = f"<b>Tiến độ</b>\n<pre>{rows}</pre>\nChú thích"
    pieces = split_message(text, 1000, html=True)
    assert len(pieces) > 1
    for piece in pieces:
        assert len(piece) <= 1000
        assert piece.count("<pre>") == piece.count("</pre>"), piece[:80]
        assert re.sub(r"<[^>]+>", "", piece).strip()


def test_a_very_long_line_is_cut_at_spaces_outside_entities() -> None:
    text = " ".join(["Sở&amp;Ngành"] * 400)
    pieces = split_message(text, 500, html=True)
    assert all(len(p) <= 500 for p in pieces)
    for piece in pieces:
        assert not re.search(r"&[a-z]*$", piece) and not piece.startswith("amp;")
    assert " ".join(pieces) == text
