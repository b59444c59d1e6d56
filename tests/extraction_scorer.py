"""How well `dondoc extract --json` reads the letters in tests/data/corpus.

For each document, the proposed assignments are paired with the expected ones: same lead
unit (compared by `unit_key`, so case, marks and "Sở KH&CN"-style abbreviations do not
matter), and among several with the same lead, the most similar task. Then:

- lead precision: paired proposals / all proposals;
- lead recall: paired expected assignments / all expected ones;
- deadline accuracy: paired assignments whose deadline (ISO, null included) is right;
- recurrence accuracy: likewise for the recurrence.

    python -m tests.extraction_scorer [--in-process]

runs the command on every document (or, with --in-process, calls `extract` directly) and
prints one line per document and the totals.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.intake import extract, read_file, unit_key
from storage.keys import fold

CORPUS = Path(__file__).parent / "data" / "corpus"
DOCUMENTS = CORPUS / "documents"
EXPECTED = CORPUS / "expected"

Json = dict[str, Any]


@dataclass
class Score:
    name: str
    proposed: int = 0
    expected: int = 0
    paired: int = 0
    deadlines_right: int = 0
    recurrences_right: int = 0
    header_right: int = 0  # of number, issuer, issued
    headers: int = 0
    misses: list[str] = field(default_factory=list)  # what went wrong, for a person to read

    @property
    def precision(self) -> float:
        return self.paired / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.paired / self.expected if self.expected else 1.0

    @property
    def deadline_accuracy(self) -> float:
        return self.deadlines_right / self.paired if self.paired else 1.0

    @property
    def recurrence_accuracy(self) -> float:
        return self.recurrences_right / self.paired if self.paired else 1.0

    def add(self, other: Score) -> None:
        for name in (
            "proposed", "expected", "paired", "deadlines_right", "recurrences_right",
            "header_right", "headers",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += [f"{other.name}: {m}" for m in other.misses]


def _words(text: str) -> set[str]:
    return set(fold(text).replace(",", " ").replace(";", " ").split())


def _similarity(a: str, b: str) -> float:
    x, y = _words(a), _words(b)
    return len(x & y) / len(x | y) if x | y else 1.0


def score(name: str, proposed: Json, expected: Json) -> Score:
    """PROPOSED (the command's JSON) against EXPECTED (a file of tests/data/corpus)."""
    result = Score(name, len(proposed["assignments"]), len(expected["assignments"]))
    for key in ("number", "issuer", "issued"):
        result.headers += 1
        if fold(str(proposed.get(key))) == fold(str(expected.get(key))):
            result.header_right += 1
        else:
            result.misses.append(f"{key}: {proposed.get(key)!r}, expected {expected.get(key)!r}")
    left = list(proposed["assignments"])
    for want in expected["assignments"]:
        same_lead = [p for p in left if unit_key(p["lead"]) == unit_key(want["lead"])]
        if not same_lead:
            result.misses.append(f"missing: {want['lead']}: {want['task'][:60]}")
            continue
        got = max(same_lead, key=lambda p: _similarity(p["task"], want["task"]))
        left.remove(got)
        result.paired += 1
        if got["deadline"] == want["deadline"]:
            result.deadlines_right += 1
        else:
            result.misses.append(
                f"deadline of {want['lead']} ({want['task'][:40]}): {got['deadline']}, "
                f"expected {want['deadline']}"
            )
        if got["recurrence"] == want["recurrence"]:
            result.recurrences_right += 1
        else:
            result.misses.append(
                f"recurrence of {want['lead']}: {got['recurrence']}, expected {want['recurrence']}"
            )
    result.misses += [f"extra: {p['lead']}: {p['task'][:60]}" for p in left]
    return result


def run_command(document: Path) -> Json:
    """What `dondoc extract DOCUMENT --json` prints, run as a user would."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "extract", str(document), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"dondoc extract {document.name} failed: {done.stderr}")
    result: Json = json.loads(done.stdout)
    return result


def run_in_process(document: Path) -> Json:
    return extract(read_file(document)).as_json()


def corpus() -> list[tuple[Path, Json]]:
    """Each document with its expected answer, in name order."""
    pairs = []
    for path in sorted(EXPECTED.glob("*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        pairs.append((DOCUMENTS / expected["source"], expected))
    return pairs


def score_corpus(run: Callable[[Path], Json] = run_command) -> list[Score]:
    return [score(doc.stem, run(doc), expected) for doc, expected in corpus()]


def total(scores: list[Score]) -> Score:
    overall = Score("overall")
    for s in scores:
        overall.add(s)
    return overall


def report(scores: list[Score]) -> str:
    lines = [
        f"{'document':32} {'found':>5} {'want':>5} {'prec':>5} {'recall':>6} {'deadl':>5} "
        f"{'recur':>5} {'header':>6}"
    ]
    for s in [*scores, total(scores)]:
        lines.append(
            f"{s.name:32} {s.proposed:5d} {s.expected:5d} {s.precision:5.2f} {s.recall:6.2f} "
            f"{s.deadline_accuracy:5.2f} {s.recurrence_accuracy:5.2f} "
            f"{s.header_right:>3d}/{s.headers:<2d}"
        )
    misses = total(scores).misses
    if misses:
        lines += ["", "Misses:", *(f"  {m}" for m in misses)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--in-process", action="store_true", help="call extract() instead of the command"
    )
    args = parser.parse_args()
    print(report(score_corpus(run_in_process if args.in_process else run_command)))


if __name__ == "__main__":
    main()
