"""The real `dondoc` process, run by end-to-end tests against the platform emulators."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def dondoc(
    args: list[str], env: dict[str, str], cwd: Path, log_name: str = "dondoc.log"
) -> Iterator[subprocess.Popen[str]]:
    """Run `dondoc ARGS` until the block ends, then stop it as an operator would (SIGTERM)
    unless the test already stopped or killed it. Its output goes to LOG_NAME in CWD."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DONDOC_", "TELEGRAM_", "ZALO_")) and k != "DATABASE_URL"
    }
    log = open(cwd / log_name, "w+", encoding="utf-8")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd,
        env={**base, **env, "PYTHONPATH": str(ROOT)},
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def output(cwd: Path, log_name: str = "dondoc.log") -> str:
    return (cwd / log_name).read_text(encoding="utf-8")
