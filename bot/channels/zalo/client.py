"""A small async client for the Zalo Bot API, on httpx.

Every method is a POST of a JSON body to `<base>/bot<TOKEN>/<method>`, answered with
`{ok, result, error_code, description}`; a failure may come with HTTP 200 and
`ok: false`, so `ok` decides, not the status.

The token never reaches a log or an exception: httpx logs each request URL at INFO and
puts the request in its errors, so the URL httpx sees holds a placeholder, and only the
transport underneath, which logs nothing, swaps the token in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx

from bot.channels.zalo.errors import ZaloRetryLater, error_for
from bot.channels.zalo.updates import ZaloUpdate, parse_timestamp, parse_update
from bot.logs import redact

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com"
# sendMessage takes 1 to 2000 characters; so does a photo's caption.
MAX_TEXT_LENGTH = 2000

# What httpx (and so its logs and errors) sees in place of the token.
_PLACEHOLDER = "***"
_PLACEHOLDER_PATH = f"/bot{_PLACEHOLDER}/".encode()


@dataclass(frozen=True, slots=True)
class BotInfo:
    id: str
    account_name: str  # "bot.VDKyGxQvc": Zalo's handle, not the name people see
    name: str  # the display name when the answer has one, else the account name
    can_join_groups: bool
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class WebhookInfo:
    url: str  # "" when no webhook is set
    updated_at: datetime | None


class ZaloClient:
    """The Zalo Bot API for one bot. Use it as an async context manager, or call
    `aclose()` when done. TIMEOUT is in seconds, for every call but a long poll, which
    waits its own timeout on top. Environment proxy settings are not read: pass PROXY."""

    def __init__(
        self,
        token: str,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 15.0,
        *,
        proxy: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not token:
            raise ValueError("the Zalo bot token is empty")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._secrets = [token, quote(token, safe=":")]
        inner = transport or httpx.AsyncHTTPTransport(proxy=proxy)
        # trust_env=False: an environment proxy would be mounted beside our transport
        # and send the placeholder instead of the token.
        self._http = httpx.AsyncClient(
            transport=_TokenTransport(token, inner), timeout=timeout, trust_env=False
        )

    def __repr__(self) -> str:
        return f"ZaloClient(base_url={self.base_url!r})"

    async def __aenter__(self) -> ZaloClient:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- the methods --------------------------------------------------------------------

    async def get_me(self) -> BotInfo:
        result = _object(await self._call("getMe"))
        account = _text(result.get("account_name"))
        return BotInfo(
            id=_text(result.get("id")),
            account_name=account,
            name=_text(result.get("display_name")) or _text(result.get("name")) or account,
            can_join_groups=result.get("can_join_groups") is True,
            raw=result,
        )

    async def get_updates(self, timeout: float = 30.0) -> ZaloUpdate | None:
        """The next update, waiting up to TIMEOUT seconds for one; None when none came.
        One update a call, with no offset: the same one may come twice, so callers
        deduplicate on message_id. Refused while a webhook is set."""
        try:
            result = await self._call(
                "getUpdates", {"timeout": str(int(timeout))}, timeout=timeout + self.timeout
            )
        except ZaloRetryLater as error:
            if error.error_code == 408:  # Zalo's "nothing new"
                return None
            raise
        return parse_update(result)

    async def set_webhook(self, url: str, secret_token: str) -> WebhookInfo:
        """Have Zalo POST updates to URL (HTTPS), each with SECRET_TOKEN (8 to 256
        characters) in the X-Bot-Api-Secret-Token header."""
        return _webhook(await self._call("setWebhook", {"url": url, "secret_token": secret_token}))

    async def delete_webhook(self) -> WebhookInfo:
        return _webhook(await self._call("deleteWebhook"))

    async def get_webhook_info(self) -> WebhookInfo:
        return _webhook(await self._call("getWebhookInfo"))

    async def send_message(self, chat_id: str, text: str) -> str | None:
        """Send plain TEXT (1 to MAX_TEXT_LENGTH characters); the new message's id."""
        return _message_id(await self._call("sendMessage", {"chat_id": chat_id, "text": text}))

    async def send_photo(self, chat_id: str, photo: str, caption: str | None = None) -> str | None:
        """Send the image at the URL PHOTO, which Zalo fetches itself."""
        params = {"chat_id": chat_id, "photo": photo}
        if caption:
            params["caption"] = caption
        return _message_id(await self._call("sendPhoto", params))

    async def send_sticker(self, chat_id: str, sticker: str) -> str | None:
        return _message_id(
            await self._call("sendSticker", {"chat_id": chat_id, "sticker": sticker})
        )

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        await self._call("sendChatAction", {"chat_id": chat_id, "action": action})

    # -- one call -----------------------------------------------------------------------

    async def _call(
        self, method: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> Any:
        url = f"{self.base_url}/bot{_PLACEHOLDER}/{method}"
        try:
            response = await self._http.post(
                url, json=dict(params or {}), timeout=self.timeout if timeout is None else timeout
            )
        except httpx.TimeoutException as error:
            # A timed-out send may have been delivered: a retry can repeat it, and one
            # repeat beats one loss.
            raise ZaloRetryLater(method, None, f"timed out ({type(error).__name__})") from error
        except httpx.TransportError as error:
            description = self._redact(f"network error: {type(error).__name__}: {error}")
            raise ZaloRetryLater(method, None, description) from error
        return self._result(method, response)

    def _result(self, method: str, response: httpx.Response) -> Any:
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, Mapping):
            if response.is_success:
                # A proxy's page, or a half-written answer: likely to pass.
                raise ZaloRetryLater(method, None, "the answer is not Zalo's JSON")
            raise error_for(method, response.status_code, response.reason_phrase)
        if answer.get("ok") is True and response.is_success:
            return answer.get("result")
        code = _code(answer.get("error_code"))
        if code is None and not response.is_success:
            code = response.status_code
        description = self._redact(
            str(answer.get("description") or response.reason_phrase or "no description")
        )
        raise error_for(method, code, description, _retry_after(answer, response))

    def _redact(self, text: str) -> str:
        return redact(text, self._secrets)


class _TokenTransport(httpx.AsyncBaseTransport):
    """Swaps the token in for the placeholder on the way out, below httpx's logging."""

    def __init__(self, token: str, inner: httpx.AsyncBaseTransport) -> None:
        self._path = f"/bot{quote(token, safe=':')}/".encode()
        self._inner = inner

    def __repr__(self) -> str:
        return "<ZaloTokenTransport>"

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url.copy_with(
            raw_path=request.url.raw_path.replace(_PLACEHOLDER_PATH, self._path, 1)
        )
        real = httpx.Request(
            request.method,
            url,
            headers=request.headers,
            stream=request.stream,
            extensions=request.extensions,
        )
        return await self._inner.handle_async_request(real)

    async def aclose(self) -> None:
        await self._inner.aclose()


def _object(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str:
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""


def _code(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _retry_after(answer: Mapping[str, Any], response: httpx.Response) -> float | None:
    # Zalo documents none; Telegram's field and the HTTP header are read if they come.
    for value in (
        _object(answer.get("parameters")).get("retry_after"),
        response.headers.get("Retry-After"),
    ):
        try:
            seconds = float(value)  # type: ignore[arg-type]  # None is a TypeError here
        except (TypeError, ValueError):
            continue
        if math.isfinite(seconds) and seconds >= 0:
            return seconds
    return None


def _message_id(result: Any) -> str | None:
    return _text(_object(result).get("message_id")) or None


def _webhook(result: Any) -> WebhookInfo:
    info = _object(result)
    return WebhookInfo(
        url=_text(info.get("url")), updated_at=parse_timestamp(info.get("updated_at"))
    )
