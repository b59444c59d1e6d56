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
WIRING = ("bot/wiring/",)


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
        if m.startswith("bot.channels")
        and not f.startswith("bot/channels/")
        and not f.startswith(WIRING)
    ]
    assert bad == []


def test_channels_import_nothing_from_storage() -> None:
    """An adapter converts and sends; what is stored is the core's business. The one
    exception is storage.keys, the system's text fold, which touches no database."""
    bad = [
        (f, m)
        for f, m in imports("bot")
        if f.startswith("bot/channels/") and m.split(".")[0] == "storage" and m != "storage.keys"
    ]
    assert bad == []


# The sending side's bookkeeping, in storage/repos/chats.py: only the sending side uses it.
SENDING_BOOKKEEPING = {"mark_unreachable", "move", "record_sent", "record_sent_many"}


def test_the_sending_side_imports_nothing_of_the_bot() -> None:
    """scheduler/ (the outbox, its sending loop, delivery) asks the bot for what it cannot
    know through ports handed in at wiring time (scheduler/ports.py)."""
    bad = [(f, m) for f, m in imports("scheduler") if m.split(".")[0] == "bot"]
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


# The layers of ../ARCHITECTURE.md as this project has them (docs/architecture.md): each
# module imports only modules of a lower layer, or of its own package. Layer 3 is three
# steps: the pure readers (and the refusal and logging helpers every layer uses) at the
# bottom, then the services and the settings.
LAYERS: tuple[tuple[float, tuple[str, ...]], ...] = (
    (1, ("storage", "messages")),
    (2, ("scheduler",)),
    (3.0, ("bot.errors", "bot.logs", "bot.reading")),
    (3.1, ("bot.settings",)),
    (3.2, ("bot.services",)),
    (4, ("bot.conversation", "bot.intake", "bot.exports", "bot.demo")),
    (5, ("bot.commands", "bot.channels")),
    (6, ("bot.wiring",)),
    (7, ("bot.cli",)),
)


def module_of(path: str) -> str:
    parts = path.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> tuple[float, str] | None:
    """(layer, the package that holds MODULE) for one of ours, else None."""
    for number, packages in LAYERS:
        for package in packages:
            if module == package or module.startswith(package + "."):
                return number, package
    return None


def ours(module: str) -> bool:
    return module.split(".")[0] in PACKAGES


def test_every_module_has_a_layer() -> None:
    placed = [
        module_of(f)
        for package in PACKAGES
        for f in {f for f, _ in imports(package)}
        if module_of(f) != "bot"
    ]
    assert placed and [m for m in placed if layer_of(m) is None] == []


def breaks_a_layer(path: str, module: str) -> bool:
    """Whether the file at PATH importing MODULE goes up, or sideways into another
    package of its layer."""
    if not ours(module) or module == "bot":
        return False
    here, there = layer_of(module_of(path)), layer_of(module)
    assert here is not None and there is not None, (path, module)
    return there[0] > here[0] or (there[0] == here[0] and there[1] != here[1])


@pytest.mark.parametrize("package", PACKAGES)
def test_each_layer_imports_only_what_is_below_it(package: str) -> None:
    assert [(f, m) for f, m in imports(package) if breaks_a_layer(f, m)] == []


def test_the_command_line_only_parses_and_hands_over() -> None:
    """bot/cli.py builds the parser and hands what it parsed to bot/wiring, which does the
    work (logging, settings, errors, each subcommand): it imports the standard library
    (argparse) and bot.wiring only. Not even bot.settings: the parser needs no default from
    it, and reading the settings can fail, which the wiring says in one line."""
    allowed = {"__future__"} | set(sys.stdlib_module_names)
    bad = [
        m
        for f, m in imports("bot")
        if f == "bot/cli.py"
        and m.split(".")[0] not in allowed
        and m.split(".")[:2] != ["bot", "wiring"]
    ]
    assert bad == []


def test_the_pure_readers_touch_no_database() -> None:
    """bot/reading reads text: no session, no model, no repository."""
    bad = [
        (f, m)
        for f, m in imports("bot")
        if f.startswith("bot/reading/")
        and m.startswith(("sqlalchemy", "storage.models", "storage.repos", "storage.db"))
    ]
    assert bad == []


def test_commands_register_by_no_side_effect() -> None:
    """One explicit table (bot/commands/__init__.py), handed to the core: the core imports
    no command, and no handler carries a registering decorator."""
    core = [m for f, m in imports("bot") if f.startswith("bot/conversation/")]
    assert not [m for m in core if m.startswith("bot.commands")]
    decorated = []
    for path in sorted((ROOT / "bot" / "commands").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.decorator_list:
                decorated.append((path.name, node.name))
    assert decorated == []
    from bot.commands import COMMANDS

    assert len(COMMANDS) >= 30 and all(callable(c.handler) for c in COMMANDS)


@pytest.mark.parametrize(
    ("path", "module", "broken"),
    [
        ("scheduler/sending.py", "bot.settings", True),  # up
        ("bot/intake/extract.py", "bot.conversation.context", True),  # sideways
        ("bot/reading/dates/read.py", "bot.services.units", True),  # up inside layer 3
        ("bot/commands/assign.py", "bot.conversation.context", False),
        ("bot/conversation/core.py", "bot.conversation.dialogs", False),  # its own package
        ("bot/services/units.py", "storage.repos.units", False),
    ],
)
def test_the_layer_checker_sees_a_broken_rule(path: str, module: str, broken: bool) -> None:
    assert breaks_a_layer(path, module) is broken
