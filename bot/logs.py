"""Logging that never shows a secret.

httpx logs every request URL at INFO, and the Bot API puts the token in the URL: its
logger stays at WARNING. Every handler's formatter also blanks the secrets in the whole
formatted record, traceback included, in case a library prints one in an error.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import quote

REDACTED = "[secret]"


class RedactingFormatter(logging.Formatter):
    def __init__(self, inner: logging.Formatter | None, secrets: Iterable[str]) -> None:
        super().__init__()
        self.inner = inner or logging.Formatter()
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        return redact(self.inner.format(record), self.secrets)


def redact(text: str, secrets: Iterable[str]) -> str:
    """TEXT with every secret blanked, however a library has quoted it: as given, in
    another case (python-telegram-bot lower-cases some error texts), or URL-encoded (an
    error page quoting the request's URL, where ":" is "%3A")."""
    for secret in secrets:
        if secret:
            for form in {secret, quote(secret, safe="")}:
                text = re.sub(re.escape(form), REDACTED, text, flags=re.IGNORECASE)
    return text


def first_line(error: BaseException) -> str:
    """ERROR's text as one line: its first ("" when it has none), for a message that says
    what failed without the rest a library put there."""
    text = str(error).strip()
    return text.splitlines()[0] if text else ""


class Drop(logging.Filter):
    """Drops records about errors the program reports itself, in its own words."""

    def __init__(self, kinds: tuple[type[BaseException], ...]) -> None:
        super().__init__()
        self.kinds = kinds

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, self.kinds)


def quiet_secrets(
    secrets: Iterable[str | None], reported: tuple[type[BaseException], ...] = ()
) -> None:
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # Quieter libraries: their INFO lines are for their developers, not for operators.
    for name in ("apscheduler", "telegram.ext"):
        logging.getLogger(name).setLevel(logging.WARNING)
    kept = [s for s in secrets if s]
    for handler in logging.getLogger().handlers:
        handler.setFormatter(RedactingFormatter(handler.formatter, kept))
        if reported:
            handler.addFilter(Drop(reported))
