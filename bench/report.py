"""Where a benchmark's results go: the terminal, and the results file the README quotes."""

from __future__ import annotations

from pathlib import Path


def publish(report: str, output: str) -> None:
    print(report)
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    Path(output).write_text(report, encoding="utf-8")
