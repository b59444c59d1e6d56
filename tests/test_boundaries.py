"""The architecture's boundaries, checked on the source: who may import what."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "scheduler", "storage", "messages")
PLATFORM_SDKS = ("telegram", "zalo")
# The wiring may know every channel; the conversation core must not.
WIRING = ("bot/cli.py", "bot/app.py")


def imports(package: str) -> list[tuple[str, str]]:
    """(file, top-level module) for every import in PACKAGE."""
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(rel, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((rel, node.module))
    return found


def test_storage_imports_none_of_the_other_packages() -> None:
    others = {"bot", "scheduler", "messages"}
    bad = [(f, m) for f, m in imports("storage") if m.split(".")[0] in others]
    assert bad == []


def test_messages_imports_only_jinja2_and_the_standard_library() -> None:
    allowed = {"jinja2", "markupsafe", "messages", "__future__"} | set(sys.stdlib_module_names)
    bad = [(f, m) for f, m in imports("messages") if m.split(".")[0] not in allowed]
    assert bad == []


@pytest.mark.parametrize("package", PACKAGES)
def test_only_channels_import_a_platform_sdk(package: str) -> None:
    bad = [
        (f, m)
        for f, m in imports(package)
        if m.split(".")[0] in PLATFORM_SDKS and not f.startswith("bot/channels/")
    ]
    assert bad == []


def test_the_core_does_not_know_the_channels() -> None:
    bad = [
        (f, m)
        for f, m in imports("bot")
        if m.startswith("bot.channels") and not f.startswith("bot/channels/") and f not in WIRING
    ]
    assert bad == []


def test_channels_import_nothing_from_storage() -> None:
    """An adapter converts and sends; what is stored is the core's business."""
    bad = [
        (f, m)
        for f, m in imports("bot")
        if f.startswith("bot/channels/") and m.split(".")[0] == "storage"
    ]
    assert bad == []
