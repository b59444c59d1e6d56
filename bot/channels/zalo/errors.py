"""What a failed Zalo Bot API call raises.

Each error is also one of the project's delivery exceptions (messages.neutral), so a sender
can let it through as is: delivery retries RetryLater, marks ChatUnreachable chats and
drops on SendError; the CLI reports BadCredentials in one line.

Only 408 (nothing new on getUpdates) and 401 (bad token) are seen in public material
about the API; the other codes are read as HTTP and the Telegram Bot API read them.
"""

from __future__ import annotations

from messages.neutral import BadCredentials, ChatUnreachable, RetryLater, SendError


class ZaloError(Exception):
    """A call failed. `error_code` is the API's (or the HTTP status when the answer had
    none), None for a network failure; the text never holds the token."""

    def __init__(self, method: str, error_code: int | None, description: str) -> None:
        code = f" ({error_code})" if error_code is not None else ""
        super().__init__(f"Zalo {method} failed{code}: {description}")
        self.method = method
        self.error_code = error_code
        self.description = description


class ZaloUnauthorized(ZaloError, BadCredentials):
    """401: the bot token is wrong or revoked; nothing works until it is fixed."""


class ZaloUnreachable(ZaloError, ChatUnreachable):
    """403: the chat refuses the bot (blocked it, or never talked to it)."""


class ZaloRetryLater(ZaloError, RetryLater):
    """A passing failure: rate limit (429), server error (5xx), timeout or network."""

    def __init__(
        self,
        method: str,
        error_code: int | None,
        description: str,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(method, error_code, description)
        self.retry_after = retry_after


class ZaloRefused(ZaloError, SendError):
    """The API refused the call itself (400: text too long, bad chat id, ...); the same
    call would fail again."""


def error_for(
    method: str, error_code: int | None, description: str, retry_after: float | None = None
) -> ZaloError:
    """The exception for a failed call."""
    if error_code == 401:
        return ZaloUnauthorized(method, error_code, description)
    if error_code == 403:
        return ZaloUnreachable(method, error_code, description)
    if error_code in (408, 429) or (error_code is not None and 500 <= error_code < 600):
        return ZaloRetryLater(method, error_code, description, retry_after)
    return ZaloRefused(method, error_code, description)
