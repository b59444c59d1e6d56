"""Letters as files: text in its encodings, Word documents and PDFs that the tests make."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from bot.intake import ReadFileError, extract, read_file
from tests.extraction_scorer import DOCUMENTS, EXPECTED, score

DONG_NAI = DOCUMENTS / "dong-nai-253-UBND-KGVX.txt"
PLAN = DOCUMENTS / "quang-ngai-85-KH-UBND.txt"

# --- plain text -------------------------------------------------------------------------


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _cp1258(text: str) -> bytes:
    """TEXT as Vietnamese Windows writes it: "ở" is "ơ" and a combining hook."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)))
        out.append(tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_text_in_the_encodings_letters_come_in(tmp_path: Path, encoding: str) -> None:
    text = "Giao Sở Khoa học và Công nghệ chủ trì, báo cáo trước ngày 10/02/2025."
    path = tmp_path / "letter.txt"
    path.write_bytes(_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    assert read_file(path) == text


def test_windows_line_ends_become_newlines(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes("Số: 1/UBND\r\nKính gửi: Sở Y tế.\r\n".encode())
    assert read_file(path) == "Số: 1/UBND\nKính gửi: Sở Y tế.\n"


def test_missing_and_unsupported_files(tmp_path: Path) -> None:
    with pytest.raises(ReadFileError) as missing:
        read_file(tmp_path / "none.txt")
    assert missing.value.kind == "missing"
    odd = tmp_path / "letter.doc"
    odd.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ReadFileError) as unsupported:
        read_file(odd)
    assert unsupported.value.kind == "unsupported"
    broken = tmp_path / "letter.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ReadFileError) as unreadable:
        read_file(broken)
    assert unreadable.value.kind == "unreadable"


# --- Word -------------------------------------------------------------------------------


def _docx_from_text(text: str, path: Path) -> None:
    """A Word letter as offices make them: the header in a two-column layout table, the
    body in paragraphs, and "a | b | c" lines as a real table (merged group rows too)."""
    import docx

    document = docx.Document()
    lines = text.split("\n")
    number_at = next(i for i, line in enumerate(lines) if line.startswith("Số"))
    header = document.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "\n".join(x for x in lines[:number_at] if x.strip())
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    rows: list[list[str]] = []
    for line in [*lines[number_at:], ""]:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not all(set(c) <= {"-", " "} for c in cells):
                rows.append(cells)
            continue
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, cells in enumerate(rows):
                if all(not c for c in cells[2:]):  # a group row: one merged cell
                    merged = table.cell(r, 1).merge(table.cell(r, len(cells) - 1))
                    merged.text = cells[1]
                    table.cell(r, 0).text = cells[0]
                    continue
                for c, value in enumerate(cells):
                    table.cell(r, c).text = value
            rows = []
        document.add_paragraph(line.replace("**", ""))
    document.save(str(path))


@pytest.mark.parametrize("source", [DONG_NAI, PLAN], ids=lambda p: p.stem)
def test_a_word_letter_reads_like_its_text(tmp_path: Path, source: Path) -> None:
    path = tmp_path / "letter.docx"
    _docx_from_text(source.read_text(encoding="utf-8"), path)
    text = read_file(path)
    assert "ỦY BAN NHÂN DÂN" in text
    from_word = extract(text).as_json()
    assert from_word == extract(source.read_text(encoding="utf-8")).as_json()


def test_word_tables_keep_their_rows(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    _docx_from_text(PLAN.read_text(encoding="utf-8"), path)
    text = read_file(path)
    row = "1 | Nâng cấp Cổng dịch vụ công của tỉnh | Văn phòng UBND tỉnh | Sở Khoa học và Công nghệ"
    assert row in text
    assert "I | Nhóm nhiệm vụ về hạ tầng số\n" in text  # merged cells come once


# --- PDF --------------------------------------------------------------------------------


def _unicode_font() -> Path | None:
    """A TrueType font with Vietnamese letters: matplotlib's or the system's DejaVu Sans."""
    try:
        import matplotlib

        bundled = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
        if bundled.is_file():
            return bundled
    except ImportError:
        pass
    for candidate in (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    ):
        if candidate.is_file():
            return candidate
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "DejaVu Sans:lang=vi"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if found.endswith(".ttf") and Path(found).is_file():
            return Path(found)
    return None


def _pdf_from_text(text: str, path: Path, font: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("Body", "", str(font))
    pdf.set_font("Body", size=11)
    for line in text.replace("**", "").split("\n"):
        if line.startswith("|"):  # a table row stays on one line, in small print
            pdf.set_font_size(5)
            pdf.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font_size(11)
            continue
        # Long paragraphs wrap into several lines, as in any PDF.
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


@pytest.mark.parametrize("name", sorted(p.stem for p in EXPECTED.glob("*.json")))
def test_a_pdf_letter_reads_like_its_text(tmp_path: Path, name: str) -> None:
    font = _unicode_font()
    if font is None:
        pytest.skip("no TrueType font with Vietnamese letters on this machine")
    import json

    expected = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    path = tmp_path / "letter.pdf"
    _pdf_from_text((DOCUMENTS / expected["source"]).read_text(encoding="utf-8"), path, font)
    result = score(name, extract(read_file(path)).as_json(), expected)
    assert result.precision >= 0.9 and result.recall >= 0.9, result.misses
    assert result.deadline_accuracy == 1.0, result.misses
