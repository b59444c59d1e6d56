"""No form of a secret reaches a log line (issue 13): as given, in another case, or
URL-encoded, inside a message or a traceback."""

from __future__ import annotations

import logging
import sys

import pytest

from bot.logs import REDACTED, RedactingFormatter, redact

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


@pytest.mark.parametrize(
    "text",
    [
        f"GET https://api.telegram.org/bot{TOKEN}/getMe",
        f"bad request: wrong url /bot{TOKEN.lower()}/getme",  # the library lower-cased it
        f"BAD REQUEST: /BOT{TOKEN.upper()}/GETME",
        "502 Bad Gateway: https://proxy.example/bot123456789%3AAAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe",
        f"token={TOKEN}&x=1",
    ],
)
def test_every_form_of_the_token_is_blanked(text: str) -> None:
    shown = redact(text, [TOKEN])
    assert REDACTED in shown
    assert "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw".lower() not in shown.lower()


def test_a_traceback_quoting_the_token_is_blanked() -> None:
    formatter = RedactingFormatter(logging.Formatter("%(message)s"), [TOKEN])
    try:
        raise RuntimeError(f"upstream page: <a href='/bot{TOKEN.lower()}/getMe'>")
    except RuntimeError:
        record = logging.getLogger("t").makeRecord(
            "t", logging.ERROR, __file__, 1, "start failed", (), sys.exc_info()
        )
    shown = formatter.format(record)
    assert "Traceback" in shown and TOKEN.lower() not in shown.lower()


def test_text_without_the_secret_is_unchanged() -> None:
    assert redact("nothing secret here: 123456789", [TOKEN]) == "nothing secret here: 123456789"
