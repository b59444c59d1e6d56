"""The document register is for admins (issue 13): an official naming a document in
/tiendo or /xuat finds only those that gave their units work, and a refusal lists no
other."""

from __future__ import annotations

from tests.support.harness import Harness
from tests.world import build


def _world(h: Harness) -> None:
    build(h)
    h.reply("admin", "/vanban them 412/UBND-VX | UBND tỉnh | 14/01/2025")
    h.reply("admin", "/vanban them 415/UBND-VX | UBND tỉnh | 15/01/2025")
    h.reply("admin", "/vanban them 99/MẬT-UBND | UBND tỉnh | 16/01/2025")
    h.reply("admin", "/giao SKHCN | Lập kế hoạch | 10/02/2099 | văn bản: 412/UBND-VX")
    h.reply("admin", "/giao STTTT | Rà soát | 10/02/2099 | văn bản: 415/UBND-VX | phối hợp: SKHCN")
    h.reply("admin", "/giao SVHTTDL | Việc khác | 10/02/2099 | văn bản: 99/MẬT-UBND")


def test_an_official_names_only_their_units_documents(h: Harness) -> None:
    _world(h)
    assert "Văn bản: 412/UBND-VX" in h.reply("lan", "/tiendo vb 412/UBND-VX")
    assert "Văn bản: 415/UBND-VX" in h.reply("lan", "/tiendo vb 415/UBND-VX")  # supported
    hidden = h.reply("lan", "/tiendo vb 99/MẬT-UBND")
    assert "Không có văn bản «99/MẬT-UBND»" in hidden
    # Documents by their id in the bot (1, 2, 3 …): the register cannot be walked.
    assert "Văn bản: 412/UBND-VX" in h.reply("lan", "/tiendo vb 1")
    for walked in ("/tiendo vb 3", "/xuat vb 3", "/tiendo vb #3"):
        answer = h.reply("lan", walked)
        assert "MẬT" not in answer and "Không có văn bản" in answer, walked


def test_an_admin_still_finds_every_document(h: Harness) -> None:
    _world(h)
    assert "Văn bản: 99/MẬT-UBND" in h.reply("admin", "/tiendo vb 99/MẬT-UBND")
    assert "Văn bản: 99/MẬT-UBND" in h.reply("admin", "/tiendo vb 3")
