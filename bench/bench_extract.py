"""Benchmark: reading letters into proposed assignments, `bot.intake.extract`.

Times each document of tests/data/corpus, and a 10-page letter built from them: the
corpus letters' bodies, one after the other as the sections "I.", "II.", ... of one
letter, repeated until the text fills ten A4 pages (3,000 characters a page, about what
a page in 14-point Times holds). Also times the whole command, `dondoc extract FILE
--json`, on that letter: the process start and imports are what a user waits for too.

    python -m bench.bench_extract [--runs 20] [--output FILE]

Writes a Markdown table (default bench/results/extract.md) and prints it.
"""

from __future__ import annotations

import argparse
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import publish
from bot.intake import extract
from bot.intake.structure import clean_lines

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus" / "documents"
PAGE = 3_000  # characters on an A4 page of a letter
PAGES = 10
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII")


_FIRST_ITEM = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})\. ")


def _body(text: str) -> str | None:
    """A letter's list of items, from the sentence that opens it to "Nơi nhận"."""
    lines = clean_lines(text)
    first = next((i for i, x in enumerate(lines) if _FIRST_ITEM.match(x)), None)
    if first is None:
        return None  # a letter without items
    opening = next(i for i in range(first - 1, -1, -1) if lines[i])
    end = next(
        (i for i, x in enumerate(lines) if x.startswith(("Nơi nhận", "Đối tượng"))), len(lines)
    )
    return "\n".join([lines[opening], *lines[first:end]]).replace("./.", ".")


def ten_pages() -> str:
    found = [_body(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    bodies = [b for b in found if b]
    parts = [
        "ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\n\nSố: 999/KH-UBND\n\n"
        "Bình Định, ngày 05 tháng 01 năm 2026\n\nKẾ HOẠCH\nThực hiện các nhiệm vụ năm 2026\n"
    ]
    size, n = len(parts[0]), 0
    while size < PAGE * PAGES:
        section = f"\n{ROMAN[n % len(ROMAN)]}. NHÓM NHIỆM VỤ {n + 1}\n\n{bodies[n % len(bodies)]}\n"
        parts.append(section)
        size += len(section)
        n += 1
    parts.append(
        "\nCác sở, ngành báo cáo kết quả trước ngày 15/12/2026./.\n\nNơi nhận:\n- Lưu: VT.\n"
    )
    return "".join(parts)


def timed(text: str, runs: int) -> tuple[float, float, int]:
    """(median seconds, first run's seconds, assignments found)."""
    start = time.perf_counter()
    found = len(extract(text).assignments)
    first = time.perf_counter() - start
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        extract(text)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), first, found


def command_seconds(text: str, runs: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "letter.txt"
        path.write_text(text, encoding="utf-8")
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "bot.cli", "extract", str(path), "--json"],
                check=True,
                capture_output=True,
            )
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--output", default="bench/results/extract.md")
    args = parser.parse_args()

    rows = []
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        rows.append((path.stem, len(text), *timed(text, args.runs)))
    big = ten_pages()
    rows.append((f"{PAGES}-page letter built from the corpus", len(big), *timed(big, args.runs)))
    # Hostile text: the letter with a long run of letters and no space pasted in (issue 13:
    # 40,000 of them took 47 s when a search tried every start); against the letter above.
    for size in (40_000, 200_000):
        run = big.replace("\nI. ", "\n" + "a" * size + "\nI. ", 1)
        rows.append((f"the letter with {size:,} letters in one run", len(run), *timed(run, 3)))
    command = command_seconds(big, max(3, args.runs // 5))

    lines = [
        f"`extract()` on each document, median of {args.runs} runs (first run apart); "
        f"Python {platform.python_version()} on {platform.machine()}.",
        "",
        "| document | characters | pages | assignments | median (s) | first run (s) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, chars, median, first, found in rows:
        lines.append(
            f"| {name} | {chars:,} | {chars / PAGE:.1f} | {found} | {median:.3f} | {first:.3f} |"
        )
    lines += [
        "",
        f"The whole command, `dondoc extract FILE --json` on the {PAGES}-page letter "
        f"(process start and imports included): {command:.2f} s (median).",
    ]
    report = "\n".join(lines) + "\n"
    publish(report, args.output)


if __name__ == "__main__":
    main()
