"""Small pieces of the Telegram adapter; the whole of it runs in test_telegram_e2e."""

from __future__ import annotations

import re

import pytest

from bot.channels.telegram.adapter import file_url
from bot.channels.telegram.convert import addressed_elsewhere
from bot.commands import COMMANDS
from messages import LANGUAGES, Renderer


@pytest.mark.parametrize(
    ("text", "elsewhere"),
    [
        ("/nhiemvu", False),
        ("/nhiemvu@dondoc_bot", False),
        ("/nhiemvu@DonDoc_Bot 12", False),
        ("/nhiemvu@other_bot", True),
        ("email me@example.org", False),
        ("#12 xong", False),
    ],
)
def test_commands_for_another_bot(text: str, elsewhere: bool) -> None:
    assert addressed_elsewhere(text, "dondoc_bot") is elsewhere


def test_file_url_beside_the_api_url() -> None:
    assert file_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_url("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_command_menu_is_valid_for_telegram(lang: str) -> None:
    menu = Renderer().render("command_menu", {}, lang, "text").splitlines()
    assert len(menu) >= 8
    for line in menu:
        name, _, description = line.partition(" - ")
        assert re.fullmatch(r"[a-z0-9_]{1,32}", name), line
        assert 3 <= len(description) <= 256, line
        assert COMMANDS.lookup(name) is not None, f"/{name} is in the menu but is no command"
