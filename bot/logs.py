"""Logging that never shows a secret.

httpx logs every request URL at INFO, and the Bot API puts the token in the URL: its
logger stays at WARNING, and a filter on every handler blanks the secrets anyway, in case
a library prints one in an error.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

REDACTED = "[secret]"


class Redact(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(s in message for s in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, REDACTED)
            record.msg, record.args = message, None
        return True


def quiet_secrets(secrets: Iterable[str | None]) -> None:
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # Quieter libraries: their INFO lines are for their developers, not for operators.
    for name in ("apscheduler", "telegram.ext"):
        logging.getLogger(name).setLevel(logging.WARNING)
    redact = Redact(s for s in secrets if s)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
