"""The architecture's boundaries, checked on the source: who may import what."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "scheduler", "storage", "messages")
PLATFORM_SDKS = ("telegram", "zalo")
# The wiring may know every channel; the conversation core must not.
WIRING = ("bot/cli.py", "bot/wiring/build.py")


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


# What the sending side (scheduler/) still takes from bot/, until those values move down
# (the layering issue): the clock, the settings, the deadline value, recurring duties.
SCHEDULER_MAY_IMPORT = {"storage.clock", "bot.settings", "bot.reading.dates", "bot.services.series"}
# The sending side's bookkeeping, in storage/repos/chats.py: only the sending side uses it.
SENDING_BOOKKEEPING = {"mark_unreachable", "move", "record_sent", "record_sent_many"}


def test_the_sending_side_knows_no_conversation() -> None:
    """scheduler/ (the outbox, its sending loop, delivery) asks the bot for what it cannot
    know through ports handed in at wiring time, and imports no conversation module."""
    bad = [
        (f, m)
        for f, m in imports("scheduler")
        if m.split(".")[0] == "bot" and m not in SCHEDULER_MAY_IMPORT
    ]
    assert bad == []


def test_importing_the_sending_side_loads_no_conversation() -> None:
    """Not even through what it imports: a fresh interpreter, the sending side loaded."""
    code = (
        "import sys\n"
        "import scheduler.sending, scheduler.delivery, scheduler.service, scheduler.outbox\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('bot'))))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert "bot.conversation.core" not in loaded and "bot.conversation.context" not in loaded
    assert not [m for m in loaded if m.startswith(("bot.commands", "bot.channels"))]


def test_the_conversation_core_keeps_no_sending_bookkeeping() -> None:
    """Unreachable chats, moved chats and sent ids are marked by the sending side only."""
    bad = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "chats"
                and node.attr in SENDING_BOOKKEEPING
            ):
                bad.append((path.relative_to(ROOT).as_posix(), node.attr))
    assert bad == []
    from bot.conversation.core import Bot

    assert not {"unreachable", "chat_moved", "delivered", "sent_now", "recent"} & set(dir(Bot))
