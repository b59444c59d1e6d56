"""The README opens with the two commands, and CI runs exactly the test one."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", (ROOT / "README.md").read_text(), re.DOTALL)


def test_readme_starts_with_run_then_test_command() -> None:
    run, test = _blocks()[:2]
    assert run.endswith("dondoc start")
    assert test.endswith("pytest")


def test_ci_runs_the_readme_test_command() -> None:
    test = _blocks()[1]
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert ci[-1] == test
