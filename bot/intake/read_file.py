"""The text of a letter file: .txt, .docx or .pdf.

.txt: UTF-8 (with or without a byte order mark), UTF-16 with its mark, else Windows-1258,
the code page of Vietnamese Windows. .docx: paragraphs and tables in document order; a
table of three or more columns (a plan's task table) gives one "cell | cell | cell" line
per row, a narrower one (the layout of the letter's header) its cells' lines one after the
other. .pdf: each page's text, as pypdf extracts it.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

__all__ = ["SUFFIXES", "ReadFileError", "read_bytes", "read_file"]

SUFFIXES = (".txt", ".md", ".docx", ".pdf")
# A .docx is a zip: what it unpacks to is bounded before anything unpacks it, so a small
# file that inflates to gigabytes (a zip bomb) is refused instead of read. Real letters,
# pictures included, unpack to a few megabytes.
MAX_UNPACKED = 50 * 2**20
# A letter or a plan is tens of pages; a PDF of thousands is not one, and reading each
# page's text is the work that would hold every other message back.
MAX_PAGES = 300


class ReadFileError(ValueError):
    """A file that gives no text. kind: "missing", "unsupported" (suffix), "unreadable"."""

    def __init__(self, kind: str, path: Path, detail: str = "", unpacked: int = 0) -> None:
        super().__init__(f"{kind}: {path}" + (f" ({detail})" if detail else ""))
        self.kind = kind
        self.path = path
        self.detail = detail
        # For kind "unpacked": how many bytes the file would unpack to.
        self.unpacked = unpacked


def read_file(path: str | Path) -> str:
    """The text of PATH in NFC, lines separated by "\\n"."""
    path = Path(path)
    if not path.is_file():
        raise ReadFileError("missing", path)
    if path.suffix.lower() not in SUFFIXES:
        raise ReadFileError("unsupported", path, path.suffix.lower() or "no suffix")
    return _read(path, path.read_bytes())


def read_bytes(filename: str, data: bytes) -> str:
    """The text of a file named FILENAME whose content is DATA (a file sent in a chat),
    read as `read_file` reads one on disk: the suffix of the name says how."""
    return _read(Path(filename), data)


def _read(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReadFileError("unsupported", path, suffix or "no suffix")
    try:
        if suffix == ".docx":
            _check_unpacked(path, data)
            text = _docx(data)
        elif suffix == ".pdf":
            text = _pdf(path, data)
        else:
            text = _decode(data)
    except ReadFileError:
        raise
    except Exception as error:  # a damaged or mislabelled file: say which, not a traceback
        raise ReadFileError("unreadable", path, f"{type(error).__name__}: {error}") from None
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _check_unpacked(path: Path, data: bytes) -> None:
    """Refuse a .docx whose entries would unpack to more than MAX_UNPACKED, as their
    headers say, and read nothing that would inflate past what they say."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        total = sum(info.file_size for info in archive.infolist())
    if total > MAX_UNPACKED:
        raise ReadFileError("unpacked", path, f"{total} bytes", unpacked=total)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1258 writes tone marks as combining characters: NFC joins them.
        return data.decode("cp1258")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


_WIDE_TABLE = 3  # columns from which a table is data (tasks) rather than page layout


def _docx(data: bytes) -> str:
    import docx  # python-docx; imported here: most letters arrive as text
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            lines += _table_lines(Table(block, document))
    return "\n".join(lines)


def _table_lines(table: Any) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[Any] = []
        for cell in row.cells:
            if not cells or cell._tc is not cells[-1]._tc:  # a merged cell comes back repeated
                cells.append(cell)
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    lines: list[str] = []
    if width >= _WIDE_TABLE:
        for cells in rows:
            texts = [
                " ".join(p.text.strip() for p in c.paragraphs if p.text.strip()) for c in cells
            ]
            lines.append(" | ".join(t.replace("|", "/") for t in texts))
    else:
        for cells in rows:
            for cell in cells:
                lines += [p.text for p in cell.paragraphs]
                lines.append("")
    return lines


def _pdf(path: Path, data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if len(reader.pages) > MAX_PAGES:
        raise ReadFileError("pages", path, f"{len(reader.pages)} pages")
    return "\n".join(page.extract_text() or "" for page in reader.pages)
