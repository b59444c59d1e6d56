"""The webhook listener a stranger without the secret cannot starve (issue 13): the
secret is checked before a body is read, bodies and the time a connection may take are
bounded, and a flood is logged once. A real listener on loopback, real sockets."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from bot.channels import webhook

SECRET = "s3cret-of_the-hook"
HEADER = "X-Secret"
MAX_BODY = 4096
TIMEOUT = 0.5  # short, so that idle connections are seen closed within the test


class Listener:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.received: list[Any] = []
        self.port = 0
        self.refusals = webhook.Refusals("test", clock=lambda: 0.0)  # time stands still

    async def _on(self, payload: Any) -> None:
        self.received.append(payload)

    def start(self) -> None:
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self.loop)
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                self.port = probe.getsockname()[1]
            self.server, _ = webhook.listen(
                name="test", url="http://127.0.0.1/hook", header=HEADER, secret=SECRET,
                on_payload=self._on, host="127.0.0.1", port=self.port, max_body=MAX_BODY,
                timeout=TIMEOUT, refusals=self.refusals,
            )  # fmt: skip
            ready.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        ready.wait()

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.server.stop)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()

    def raw(self, head: bytes, body: bytes = b"") -> bytes:
        """Send HEAD (and BODY) on a new connection; what comes back first."""
        with socket.create_connection(("127.0.0.1", self.port)) as s:
            s.settimeout(30)  # a broken listener fails the test instead of hanging it
            s.sendall(head + body)
            return s.recv(4096)

    def post(self, payload: Any, secret: str | None, length: int | None = None) -> bytes:
        body = json.dumps(payload).encode()
        head = [b"POST /hook HTTP/1.1", b"Host: localhost"]
        if secret is not None:
            head.append(f"{HEADER}: {secret}".encode())
        head.append(f"Content-Length: {length if length is not None else len(body)}".encode())
        return self.raw(b"\r\n".join(head) + b"\r\n\r\n", body if length is None else b"")


@pytest.fixture
def listener() -> Iterator[Listener]:
    running = Listener()
    running.start()
    try:
        yield running
    finally:
        running.stop()


def _status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def test_the_right_secret_is_delivered(listener: Listener) -> None:
    assert _status(listener.post({"update_id": 1}, SECRET)) == 200
    assert listener.received == [{"update_id": 1}]


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET.upper(), SECRET + "x", "s3cret"])
def test_a_wrong_secret_is_refused_before_the_body(listener: Listener, secret: str | None) -> None:
    # It announces 50 MB and sends none of it: the answer comes from the headers alone.
    assert _status(listener.post({"update_id": 1}, secret, length=50 * 2**20)) == 403
    assert listener.received == []


def test_a_body_over_the_bound_is_refused(listener: Listener) -> None:
    assert _status(listener.post({"pad": "x" * MAX_BODY}, SECRET)) in (400, 413)
    assert listener.received == []


def test_idle_connections_do_not_stop_deliveries_and_are_closed(listener: Listener) -> None:
    idle = [socket.create_connection(("127.0.0.1", listener.port)) for _ in range(200)]
    try:
        half = idle[:100]
        for s in half:  # half-open requests: headers begun, never finished
            s.sendall(b"POST /hook HTTP/1.1\r\nHost: x\r\n")
        assert _status(listener.post({"update_id": 7}, SECRET)) == 200
        assert listener.received == [{"update_id": 7}]
        for s in idle:  # the listener hangs up on each, instead of holding it for an hour
            s.settimeout(30)  # far beyond TIMEOUT: only a listener that never closes fails
            while s.recv(4096):
                pass  # whatever it says first, it then closes the connection
    finally:
        for s in idle:
            s.close()


def test_a_flood_is_logged_once(listener: Listener, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.channels.webhook"):
        for n in range(300):
            assert _status(listener.post({"update_id": n}, "wrong")) == 403
    assert listener.refusals.count == 300
    assert len([r for r in caplog.records if "refused" in r.getMessage()]) == 1
