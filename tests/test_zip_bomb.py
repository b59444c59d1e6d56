"""A .docx that unpacks to far more than a letter is refused before it is unpacked
(issue 13: a 1.2 MB zip bomb took 1.6 GB and 34 s)."""

from __future__ import annotations

import io
import zipfile

import pytest

from bot.intake import ReadFileError, read_bytes
from bot.intake.read_file import MAX_UNPACKED
from tests.support.harness import Harness
from tests.world import build


def _bomb(unpacked: int) -> bytes:
    """A small .docx whose document.xml unpacks to UNPACKED bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = b"\0" * 2**20
            for _ in range(unpacked // len(chunk)):
                entry.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_is_refused_unread() -> None:
    data = _bomb(MAX_UNPACKED + 2**20)
    assert len(data) < MAX_UNPACKED // 100  # small on the wire
    with pytest.raises(ReadFileError) as raised:
        read_bytes("cong-van.docx", data)
    assert raised.value.kind == "unpacked" and raised.value.unpacked > MAX_UNPACKED


def test_a_file_under_the_bound_is_read_as_before() -> None:
    with pytest.raises(ReadFileError) as raised:  # zeros are no Word document
        read_bytes("cong-van.docx", _bomb(2**20))
    assert raised.value.kind == "unreadable"


def test_the_admin_is_told_what_to_do(h: Harness) -> None:
    build(h)
    text = h.send_file("admin", "cong-van.docx", _bomb(MAX_UNPACKED + 2**20), "")
    (reply,) = [d.text for d in text if d.to == "admin"]
    assert reply.startswith("Tệp «cong-van.docx» khi mở ra chiếm tới 51 MB")
    assert "/nhapvanban" in reply


def _pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_of_too_many_pages_is_refused_unread(h: Harness) -> None:
    from bot.intake.read_file import MAX_PAGES

    with pytest.raises(ReadFileError) as raised:
        read_bytes("tong-hop.pdf", _pdf(MAX_PAGES + 1))
    assert raised.value.kind == "pages"
    assert read_bytes("mot-trang.pdf", _pdf(1)).strip() == ""  # within the bound: read
    build(h)
    deliveries = h.send_file("admin", "tong-hop.pdf", _pdf(MAX_PAGES + 1), "")
    (reply,) = [d.text for d in deliveries if d.to == "admin"]
    assert reply.startswith(f"Tệp «tong-hop.pdf» có hơn {MAX_PAGES} trang")
