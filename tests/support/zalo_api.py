"""A small Zalo Bot API emulator: an HTTP server on 127.0.0.1 that the bot's Zalo client
talks to through its base URL (`<base>/bot<TOKEN>/<method>`, JSON bodies).

It serves getMe, getUpdates (a long poll handing out ONE update a call, 408 when none
comes, refused while a webhook is set), setWebhook / deleteWebhook / getWebhookInfo,
sendMessage, sendPhoto, sendSticker and sendChatAction. It checks the token and
Zalo's limits (text of 1 to 2000 characters, a webhook secret of 8 to 256), records
every call and every message the bot sent, lets a test play users (private chats, and
groups where only messages mentioning the bot arrive), deliver an update twice, push
updates to the bot's webhook (bare or wrapped in {ok, result}), and inject failures:
`ok: false` with HTTP 200, 429 / 5xx, a dropped connection, a slow answer.

Its own refusals (a limit, a blocked user, a webhook in the way) come as HTTP 200 with
`ok: false`, as Zalo may answer: a client that reads the status alone misses them.
A wrong token is HTTP 401.
"""

from __future__ import annotations

import itertools
import json
import queue
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "3141592653:zalo-TEST-token-never-logged"
BOT_ID = "7000000000000000001"
BOT_ACCOUNT = "bot.DonDocTest"
BOT_NAME = "Đôn đốc"

TEXT = "message.text.received"
IMAGE = "message.image.received"
STICKER = "message.sticker.received"
UNSUPPORTED = "message.unsupported.received"

MAX_TEXT = 2000
METHODS = {"getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo",
           "sendMessage", "sendPhoto", "sendSticker", "sendChatAction"}  # fmt: skip
SEND_METHODS = {"sendMessage", "sendPhoto", "sendSticker", "sendChatAction"}
CHAT_ACTIONS = {"typing", "upload_photo"}

Answer = tuple[int, dict[str, Any]]


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str
    status: int | None = None  # None: the connection was dropped
    answer: dict[str, Any] | None = None


@dataclass
class Failure:
    error_code: int
    description: str
    http_status: int  # 200 for an `ok: false` answer with HTTP 200
    retry_after: int | None = None
    chat_id: str | None = None  # only calls for this chat
    drop: bool = False  # close the connection without answering
    delay: float = 0.0  # answer (normally, unless also failing) after this many seconds

    def answer(self) -> Answer:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return self.http_status, body


@dataclass
class Sent:
    """A message the bot sent: the call's parameters and the id Zalo gave it."""

    method: str
    chat_id: str
    params: dict[str, Any]
    message_id: str
    date: int  # milliseconds

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")


@dataclass
class WebhookPost:
    """An update the emulator POSTed to the bot's webhook, and how the bot answered."""

    url: str
    body: dict[str, Any]
    secret: str
    status: int | None  # None: the bot could not be reached


@dataclass
class ZaloAPI:
    token: str = TOKEN
    bot_name: str = BOT_NAME
    can_join_groups: bool = True
    webhook_wrapped: bool = False  # POST updates as {ok, result} rather than bare
    timeout_status: int = 200  # the HTTP status of getUpdates' 408 "nothing new"
    max_wait: float = 2.0  # the longest a long poll waits here: a stop is quick
    # Seconds a message takes to be acknowledged: delivered at once, the bot hears so only
    # after this (a slow API, for tests that stop the bot while it sends).
    delay: float = 0.0
    now: Callable[[], float] = time.time
    calls: list[Call] = field(default_factory=list)
    pending: deque[dict[str, Any]] = field(default_factory=deque)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    blocked: set[str] = field(default_factory=set)
    sent: list[Sent] = field(default_factory=list)
    webhook_url: str = ""
    webhook_secret: str = ""
    webhook_updated: int | None = None
    webhook_posts: list[WebhookPost] = field(default_factory=list)
    closed: bool = False
    _lock: threading.Condition = field(default_factory=threading.Condition)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _outbox: queue.Queue[tuple[str, str, dict[str, Any]] | None] = field(
        default_factory=queue.Queue
    )
    _server: ThreadingHTTPServer | None = None

    # -- the server ---------------------------------------------------------------------

    def start(self) -> str:
        """Serve on a free port; the base URL to give the client (no /bot part)."""
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                api._serve(self)

            do_GET = do_POST  # Zalo's own curl examples use GET too

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # A short poll interval: stop() waits for it, once per test.
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        threading.Thread(target=self._deliver_webhooks, daemon=True).start()
        return self.url

    @property
    def url(self) -> str:
        assert self._server is not None, "start() first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        with self._lock:
            self.closed = True
            self._lock.notify_all()
        self._outbox.put(None)
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path.split("?", 1)[0]
        _, _, rest = path.partition("/bot")
        token, _, method = rest.partition("/")
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        try:
            params = json.loads(body) if body else {}
        except ValueError:
            params = None
        call = Call(method, params if isinstance(params, dict) else {}, token)
        with self._lock:
            self.calls.append(call)
            failure = self._failure(method, call.params) if token == self.token else None
        if failure is not None and failure.delay:
            time.sleep(failure.delay)
        if failure is not None and failure.drop:
            request.close_connection = True
            self._record(call, None, None)
            return
        if failure is not None and failure.error_code:
            status, answer = failure.answer()
        elif not isinstance(params, dict):
            status, answer = self._refuse(400, "Bad Request: the body is not a JSON object")
        else:
            status, answer = self._answer(method, params, token)
            if self.delay and method in SEND_METHODS:
                time.sleep(self.delay)
        self._record(call, status, answer)
        payload = json.dumps(answer).encode()
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(payload)))
            request.end_headers()
            request.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout, a stop): nobody to answer

    def _record(self, call: Call, status: int | None, answer: dict[str, Any] | None) -> None:
        with self._lock:
            call.status, call.answer = status, answer
            self._lock.notify_all()

    def _failure(self, method: str, params: dict[str, Any]) -> Failure | None:
        chat = str(params.get("chat_id", ""))
        waiting = self.failures.get(method, [])
        for i, failure in enumerate(waiting):
            if failure.chat_id is None or failure.chat_id == chat:
                return waiting.pop(i)
        return None

    def _answer(self, method: str, params: dict[str, Any], token: str) -> Answer:
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        if method not in METHODS:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        if method == "getUpdates":
            return self._poll(params)
        if method == "getMe":
            return _ok(self.bot_info())
        if method in SEND_METHODS:
            return self._send(method, params)
        return self._webhook(method, params)

    def _refuse(self, code: int, description: str) -> Answer:
        return 200, {"ok": False, "error_code": code, "description": description}

    # -- receiving: long poll and webhook -----------------------------------------------

    def _poll(self, params: dict[str, Any]) -> Answer:
        try:
            wait = float(params.get("timeout", 30))
        except (TypeError, ValueError):
            return self._refuse(400, "Bad Request: timeout must be a number of seconds")
        deadline = time.monotonic() + min(max(wait, 0.0), self.max_wait)
        with self._lock:
            while True:
                if self.webhook_url:
                    return self._refuse(409, "Conflict: a webhook is set, delete it to poll")
                if self.pending:
                    return _ok(self.pending.popleft())
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.closed:
                    body = {"ok": False, "error_code": 408, "description": "Request timeout"}
                    return self.timeout_status, body
                self._lock.wait(remaining)

    def _webhook(self, method: str, params: dict[str, Any]) -> Answer:
        if method == "setWebhook":
            url, secret = params.get("url"), params.get("secret_token")
            if not isinstance(url, str) or not _webhook_url_ok(url):
                return self._refuse(400, "Bad Request: url must be an HTTPS URL")
            if not isinstance(secret, str) or not 8 <= len(secret) <= 256:
                return self._refuse(400, "Bad Request: secret_token must be 8-256 characters")
            with self._lock:
                self.webhook_url, self.webhook_secret = url, secret
                self.webhook_updated = self._ms()
        elif method == "deleteWebhook":
            with self._lock:
                self.webhook_url, self.webhook_secret = "", ""
                self.webhook_updated = self._ms()
        info: dict[str, Any] = {"url": self.webhook_url}
        if self.webhook_updated is not None:
            info["updated_at"] = self.webhook_updated
        return _ok(info)

    def _deliver_webhooks(self) -> None:
        # One thread, in order, apart from the caller: the bot's webhook server may run in
        # the very thread that makes a user speak.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        while (item := self._outbox.get()) is not None:
            url, secret, update = item
            body = {"ok": True, "result": update} if self.webhook_wrapped else update
            request = urllib.request.Request(
                url,
                data=json.dumps(body).encode(),
                headers={"Content-Type": "application/json", "X-Bot-Api-Secret-Token": secret},
                method="POST",
            )
            status: int | None
            try:
                with opener.open(request, timeout=10) as answer:
                    status = answer.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = None
            with self._lock:
                self.webhook_posts.append(WebhookPost(url, body, secret, status))
                self._lock.notify_all()

    # -- sending ------------------------------------------------------------------------

    def _send(self, method: str, params: dict[str, Any]) -> Answer:
        chat = params.get("chat_id")
        if not isinstance(chat, str) or not chat:
            return self._refuse(400, "Bad Request: chat_id is required")
        required = {"sendMessage": "text", "sendPhoto": "photo", "sendSticker": "sticker",
                    "sendChatAction": "action"}[method]  # fmt: skip
        if not isinstance(params.get(required), str) or not params[required]:
            return self._refuse(400, f"Bad Request: {required} is required")
        for name in ("text", "caption"):
            if name in params and not 1 <= _length(params[name]) <= MAX_TEXT:
                return self._refuse(400, f"Bad Request: {name} must be 1-{MAX_TEXT} characters")
        if method == "sendChatAction" and params["action"] not in CHAT_ACTIONS:
            return self._refuse(400, "Bad Request: unknown action")
        if chat in self.blocked:
            return self._refuse(403, "Forbidden: the user has blocked the bot")
        if method == "sendChatAction":
            return 200, {"ok": True}  # Zalo's sample answer has no result
        with self._lock:
            sent = Sent(method, chat, dict(params), self._new_id(), self._ms())
            self.sent.append(sent)
        return _ok({"message_id": sent.message_id, "date": sent.date})

    # -- playing users ------------------------------------------------------------------

    def bot_info(self) -> dict[str, Any]:
        # Zalo's getMe sample has these four: no display name, which mentions use.
        return {
            "id": BOT_ID,
            "account_name": BOT_ACCOUNT,
            "account_type": "BASIC",
            "can_join_groups": self.can_join_groups,
        }

    def mentions_bot(self, text: str) -> bool:
        return f"@{self.bot_name}".casefold() in text.casefold()

    def push(self, update: dict[str, Any], times: int = 1) -> dict[str, Any]:
        """Hand UPDATE to the bot TIMES times (Zalo may repeat one): to its webhook when
        one is set, else to the next long polls."""
        with self._lock:
            for _ in range(times):
                if self.webhook_url:
                    self._outbox.put((self.webhook_url, self.webhook_secret, update))
                else:
                    self.pending.append(update)
            self._lock.notify_all()
        return update

    def says(
        self,
        user: str,
        text: str,
        *,
        chat: str | None = None,
        name: str = "",
        times: int = 1,
    ) -> dict[str, Any]:
        """USER writes TEXT to the bot, or in group CHAT, where the bot hears it only if it
        mentions "@<bot name>". The update, delivered or not."""
        update = self.update(TEXT, user, chat=chat, name=name, text=text)
        if chat is None or self.mentions_bot(text):
            self.push(update, times)
        return update

    def sends(
        self,
        user: str,
        event_name: str,
        *,
        chat: str | None = None,
        name: str = "",
        times: int = 1,
        **message: Any,
    ) -> dict[str, Any]:
        """USER sends something else (IMAGE with photo_url=..., STICKER, UNSUPPORTED).
        In a group it never reaches the bot: it cannot mention it."""
        update = self.update(event_name, user, chat=chat, name=name, **message)
        if chat is None:
            self.push(update, times)
        return update

    def update(
        self, event_name: str, user: str, *, chat: str | None = None, name: str = "", **message: Any
    ) -> dict[str, Any]:
        with self._lock:
            message_id, date = self._new_id(), self._ms()
        return {
            "event_name": event_name,
            "message": {
                "from": {"id": user, "display_name": name or f"User {user}", "is_bot": False},
                "chat": {"id": chat or user, "chat_type": "GROUP" if chat else "PRIVATE"},
                "message_id": message_id,
                "date": date,
                **message,
            },
        }

    def block(self, chat: str) -> None:
        """CHAT blocked the bot: sending to it is refused with 403."""
        with self._lock:
            self.blocked.add(chat)

    # -- failures -----------------------------------------------------------------------

    def fail(
        self,
        method: str,
        error_code: int,
        description: str = "",
        *,
        times: int = 1,
        http_200: bool = False,
        retry_after: int | None = None,
        chat: str | None = None,
    ) -> None:
        """The next TIMES calls of METHOD (for CHAT) fail with ERROR_CODE, as that HTTP
        status or, with HTTP_200, as `ok: false` in an HTTP 200 answer."""
        status = 200 if http_200 else error_code
        self._add(method, times, Failure(error_code, description or f"Error {error_code}",
                                         status, retry_after, chat))  # fmt: skip

    def drop(self, method: str, *, times: int = 1) -> None:
        """The next TIMES calls of METHOD get no answer: the connection just closes."""
        self._add(method, times, Failure(0, "", 0, drop=True))

    def stall(self, method: str, seconds: float, *, times: int = 1) -> None:
        """The next TIMES calls of METHOD are answered (normally) only after SECONDS."""
        self._add(method, times, Failure(0, "", 0, delay=seconds))

    def _add(self, method: str, times: int, failure: Failure) -> None:
        with self._lock:
            self.failures.setdefault(method, []).extend(
                Failure(**vars(failure)) for _ in range(times)
            )

    # -- what the bot did ---------------------------------------------------------------

    def called(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def sent_to(self, chat: str) -> list[Sent]:
        """What the bot sent into CHAT (messages, photos, stickers), in order."""
        with self._lock:
            return [s for s in self.sent if s.chat_id == chat]

    def delivered(self) -> list[tuple[str, str]]:
        """(chat, text) of every message delivered, in order."""
        with self._lock:
            return [(s.chat_id, s.text) for s in self.sent]

    def texts(self, chat: str) -> list[str]:
        return [s.text for s in self.sent_to(chat)]

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 15.0) -> Any:
        """Wait until PREDICATE gives something truthy (the bot works in another thread
        or process); fails after TIMEOUT, which only a broken bot reaches."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                self._lock.release()
                try:
                    found = predicate()
                finally:
                    self._lock.acquire()
                if found:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError("the bot did not do what was expected in time")
                self._lock.wait(min(remaining, 0.2))

    def reply(self, chat: str, containing: str, after: int = 0) -> Sent:
        """The first message into CHAT, among those sent after the AFTER-th, whose text
        contains CONTAINING."""

        def found() -> Sent | None:
            return next((s for s in self.sent_to(chat)[after:] if containing in s.text), None)

        try:
            result: Sent = self.wait_for(found)
        except AssertionError:
            got = [s.text for s in self.sent_to(chat)[after:]]
            raise AssertionError(f"no message with {containing!r} in {chat}; got {got!r}") from None
        return result

    # -- helpers ------------------------------------------------------------------------

    def _new_id(self) -> str:
        # Zalo's ids look like "16f6366b3f02645a3d15": 20 hex digits.
        return f"{0x16F6366B3F02645A0000 + next(self._ids):020x}"

    def _ms(self) -> int:
        return int(self.now() * 1000)


def _ok(result: Any) -> Answer:
    return 200, {"ok": True, "result": result}


def _length(value: Any) -> int:
    """A text's length as Zalo likely counts it: in UTF-16 code units (JavaScript's
    length), so an emoji counts 2. Not a string: -1, refused."""
    if not isinstance(value, str):
        return -1
    return len(value.encode("utf-16-le")) // 2


def _webhook_url_ok(url: str) -> bool:
    # Zalo wants HTTPS; plain HTTP is let through for the bot on this machine.
    return url.startswith(("https://", "http://127.0.0.1:", "http://localhost:"))
