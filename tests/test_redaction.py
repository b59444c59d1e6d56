"""No form of a secret reaches a log line (issue 13): as given, in another case, or
URL-encoded, inside a message or a traceback."""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path

import pytest

from bot.logs import REDACTED, RedactingFormatter, redact
from tests.support.process import dondoc, output
from tests.support.telegram_api import TelegramAPI

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


@pytest.mark.parametrize("status", [400, 404, 502])
def test_an_error_page_quoting_the_token_never_reaches_the_output(
    db_url: str, tmp_path: Path, status: int
) -> None:
    """The real process, against a Bot API (or a proxy) whose error quotes the request's
    URL, token in lower case: whatever the bot prints, the token is not in it."""
    token = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
    api = TelegramAPI()
    url = api.start()
    api.fail("getMe", status, f"bad request: unknown url /bot{token.lower()}/getme", times=9)
    env = {"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_URL": url, "DATABASE_URL": db_url}
    try:
        with dondoc(["run"], env, tmp_path) as process:
            # Until the failure is said (then the process waits to try again): stopped.
            api.wait_for(lambda: "getme" in output(tmp_path).lower() or process.poll() is not None)
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=60)
    finally:
        api.stop()
    printed = output(tmp_path).lower()
    assert "aahdqtcvch1vgwjxfseofsas0k5palds" not in printed
    # Said, with the token blanked (a 404 is a refused token, said in the bot's words).
    assert "/bot[secret]/getme" in printed or (status == 404 and "refused" in printed)
    assert "traceback" not in printed
