"""A webhook listener that a stranger without the secret cannot starve (issue 13).

Both platforms POST updates as small JSON bodies with a secret header. The listener:

- checks the secret from the headers, before any of the body is read (a wrong or missing
  one is answered 403 at once, however large the body it announces);
- reads at most `max_body` bytes of body (an update is a few kilobytes), else 413;
- gives a connection `timeout` seconds to send its headers and as long for its body, so
  half-open and idle connections are closed instead of held for an hour;
- logs refused requests once, then a count every FLOOD_EVERY seconds, not a line each.

Nothing here knows a platform: each channel passes its path, header, secret and what to
do with a payload.
"""

from __future__ import annotations

import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.web import Application, HTTPError, RequestHandler, stream_request_body

log = logging.getLogger(__name__)

# Seconds a connection has for its headers, and again for its body.
TIMEOUT = 10.0
# Request headers are a few hundred bytes; a proxy adds a few more.
MAX_HEADERS = 16 * 1024
# Seconds between two log lines about refused requests.
FLOOD_EVERY = 60.0

Payload = Callable[[Any], Awaitable[None]]


class Refusals:
    """Requests refused (wrong secret, too large, not JSON), logged as a flood: the first
    one, then how many every FLOOD_EVERY seconds."""

    def __init__(self, name: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.name = name
        self.clock = clock
        self.count = 0  # all refused since the listener started
        self._unlogged = 0
        self._logged_at: float | None = None

    def note(self, why: str) -> None:
        self.count += 1
        self._unlogged += 1
        now = self.clock()
        if self._logged_at is None or now - self._logged_at >= FLOOD_EVERY:
            log.warning(
                "%s webhook: refused %d request(s), the last: %s", self.name, self._unlogged, why
            )
            self._unlogged, self._logged_at = 0, now


def secret_matches(received: str | None, expected: str) -> bool:
    """Whether a webhook POST's secret header is the one given to setWebhook; in
    constant time, so the secret cannot be guessed from response times."""
    if not received or not expected:
        return False
    return hmac.compare_digest(received.encode(), expected.encode())


def listen(
    *,
    name: str,
    url: str,
    header: str,
    secret: str,
    on_payload: Payload,
    host: str,
    port: int,
    max_body: int,
    timeout: float = TIMEOUT,
    refusals: Refusals | None = None,
) -> tuple[HTTPServer, Refusals]:
    """Listen on HOST:PORT for POSTs to the path of URL (the public address given to the
    platform, behind its proxy) carrying SECRET in HEADER; each JSON body goes to
    ON_PAYLOAD. The server (to stop) and its refusal count."""
    path = "/" + url.split("://", 1)[-1].partition("/")[2]
    refused = refusals or Refusals(name)
    settings = {"header": header, "secret": secret, "on_payload": on_payload}
    app = Application(
        [(path, _Post, settings | {"max_body": max_body, "refused": refused})],
        log_function=lambda handler: None,  # one line per request is what a flood writes
    )
    server = HTTPServer(
        app,
        max_header_size=MAX_HEADERS,
        idle_connection_timeout=timeout,  # also the time the headers have to arrive
        body_timeout=timeout,
        max_body_size=max_body,
    )
    server.listen(port, address=host)
    return server, refused


@stream_request_body
class _Post(RequestHandler):  # type: ignore[misc]
    def initialize(
        self, header: str, secret: str, on_payload: Payload, max_body: int, refused: Refusals
    ) -> None:
        self.header, self.secret, self.on_payload = header, secret, on_payload
        self.max_body, self.refused = max_body, refused
        self.chunks: list[bytes] = []
        self.size = 0

    def prepare(self) -> None:
        # Called once the headers are in, before any of the body is read.
        if self.request.method != "POST":
            self._refuse(405, "not a POST")
            return
        if not secret_matches(self.request.headers.get(self.header), self.secret):
            self._refuse(403, "wrong or missing secret")

    def data_received(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.max_body:
            self.refused.note("body too large")
            raise HTTPError(413)
        self.chunks.append(chunk)

    async def post(self) -> None:
        try:
            payload: Any = json.loads(b"".join(self.chunks) or b"null")
        except ValueError:
            self.refused.note("not JSON")
            self.set_status(400)
            self.finish({"ok": False, "description": "not JSON"})
            return
        await self.on_payload(payload)
        self.finish({"ok": True})

    def _refuse(self, status: int, why: str) -> None:
        self.refused.note(why)
        self.set_status(status)
        self.set_header("Connection", "close")  # no keep-alive for a stranger
        self.finish({"ok": False, "description": "forbidden" if status == 403 else why})

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        # A 413 or a client gone is a refusal already counted, not a traceback per request.
        if not isinstance(value, HTTPError):
            super().log_exception(typ, value, tb)
