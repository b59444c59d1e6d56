"""A small Telegram Bot API emulator: an HTTP server on 127.0.0.1 that the real
python-telegram-bot talks to through TELEGRAM_API_URL.

It serves the methods the bot calls (getMe, getUpdates as a long poll, sendMessage,
answerCallbackQuery, setMyCommands, webhooks, getFile and the file downloads beside the API
under /file/bot<token>/<file_path>, ...; any other method answers ok, since a 404 would
make the bot think its token is wrong), records every call, lets a test play users
(messages, documents, replies, button presses) and inject failures (429, 403, 5xx).

python-telegram-bot sends form-encoded bodies with nested objects as JSON strings.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_ID = 7000
FILE_METHODS = {"sendDocument": "document", "sendPhoto": "photo"}  # method: the file's field
BOT_USERNAME = "dondoc_test_bot"
NESTED = {"reply_markup", "allowed_updates", "commands", "link_preview_options", "scope",
          "entities", "reply_parameters"}  # fmt: skip


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str
    result: Any = None  # what the emulator answered, when it succeeded


@dataclass
class Failure:
    status: int
    description: str
    retry_after: int | None = None
    chat_id: str | None = None  # only calls for this chat
    migrate_to: int | None = None  # the group became a supergroup with this id


@dataclass
class TelegramAPI:
    calls: list[Call] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    blocked: set[str] = field(default_factory=set)
    # Documents users sent: file_id -> (file_path, content), for getFile and the download.
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    # Telegram's default for bots in groups: only commands and replies to the bot arrive.
    privacy: bool = True
    # Seconds a message takes to be acknowledged: it is delivered at once (a user sees it)
    # but the bot hears so only after this. A slow API, for tests that stop the bot
    # while it sends.
    delay: float = 0.0
    _lock: threading.Condition = field(default_factory=threading.Condition)
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(100))
    _server: ThreadingHTTPServer | None = None
    closed: bool = False

    # -- the server ---------------------------------------------------------------------

    def start(self) -> str:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                api._serve(self)

            do_GET = do_POST

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    def stop(self) -> None:
        with self._lock:
            self.closed = True
            self._lock.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path.split("?", 1)[0]
        if path.startswith("/file/bot"):
            self._download(request, path.removeprefix("/file/bot"))
            return
        _, _, rest = path.partition("/bot")
        token, _, method = rest.partition("/")
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        params = _params(request.headers.get("Content-Type", ""), body)
        status, answer = self._answer(method, params, token)
        if self.delay and (method == "sendMessage" or method in FILE_METHODS):
            time.sleep(self.delay)
        payload = json.dumps(answer).encode()
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(payload)))
            request.end_headers()
            request.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the bot stopped while a long poll was open: nobody to answer

    def _download(self, request: BaseHTTPRequestHandler, rest: str) -> None:
        """GET /file/bot<token>/<file_path>: a file's bytes, as Telegram's file server."""
        token, _, file_path = rest.partition("/")
        with self._lock:
            self.calls.append(Call("download", {"file_path": file_path}, token))
            found = [data for path, data in self.files.values() if path == file_path]
        status, body = (200, found[0]) if found else (404, b"Not Found")
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/octet-stream")
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _answer(self, method: str, params: dict[str, Any], token: str) -> tuple[int, Any]:
        call = Call(method, params, token)
        with self._lock:
            self.calls.append(call)
            failure = self._failure(method, params)
        if failure is not None:
            with self._lock:
                self._lock.notify_all()
            body: dict[str, Any] = {
                "ok": False,
                "error_code": failure.status,
                "description": failure.description,
            }
            if failure.retry_after:
                body["parameters"] = {"retry_after": failure.retry_after}
            if failure.migrate_to:
                body["parameters"] = {"migrate_to_chat_id": failure.migrate_to}
            return failure.status, body
        if method == "sendMessage":
            problem = (
                html_problem(str(params.get("text", "")))
                if params.get("parse_mode") == "HTML"
                else None
            )
            if problem or len(str(params.get("text", ""))) > 4096:
                description = f"Bad Request: can't parse entities: {problem or 'too long'}"
                return 400, {"ok": False, "error_code": 400, "description": description}
        if method in FILE_METHODS:
            caption = str(params.get("caption") or "")
            problem = html_problem(caption) if caption and params.get("parse_mode") else None
            if (
                problem
                or len(caption) > 1024
                or not isinstance(params.get(FILE_METHODS[method]), bytes)
            ):
                description = f"Bad Request: {problem or 'caption too long or no file'}"
                return 400, {"ok": False, "error_code": 400, "description": description}
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._poll(params)}
        result: Any = True
        if method == "getMe":
            result = self.bot_user()
        elif method == "sendMessage":
            result = self._message(params)
        elif method in FILE_METHODS:
            result = self._message(params) | {
                FILE_METHODS[method]: {"file_id": f"file{len(self.calls)}"},
                "caption": params.get("caption", ""),
            }
        elif method == "getFile":
            known = self.files.get(str(params.get("file_id")))
            if known is None:
                description = "Bad Request: invalid file_id"
                return 400, {"ok": False, "error_code": 400, "description": description}
            result = {
                "file_id": params["file_id"],
                "file_unique_id": f"u{params['file_id']}",
                "file_size": len(known[1]),
                "file_path": known[0],
            }
        elif method == "getWebhookInfo":
            result = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        elif method == "getMyCommands":
            result = []
        with self._lock:
            call.result = result
            self._lock.notify_all()
        return 200, {"ok": True, "result": result}

    def _failure(self, method: str, params: dict[str, Any]) -> Failure | None:
        chat = str(params.get("chat_id", ""))
        if method == "sendMessage" and chat in self.blocked:
            return Failure(403, "Forbidden: bot was blocked by the user")
        queue = self.failures.get(method, [])
        for i, failure in enumerate(queue):
            if failure.chat_id is None or failure.chat_id == chat:
                return queue.pop(i)
        return None

    def _poll(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), 2.0)  # short: a stop is quick
        deadline = time.monotonic() + wait
        with self._lock:
            while True:
                found = [u for u in self.updates if u["update_id"] >= offset]
                remaining = deadline - time.monotonic()
                if found or remaining <= 0 or self.closed:
                    return found
                self._lock.wait(remaining)

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = int(params["chat_id"])
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private" if chat > 0 else "supergroup"},
            "from": self.bot_user(),
            "text": params.get("text", ""),
        }
        markup = params.get("reply_markup") or {}
        if "inline_keyboard" in markup:  # a message shows only inline keyboards
            message["reply_markup"] = markup
        return message

    # -- playing users ------------------------------------------------------------------

    @staticmethod
    def bot_user() -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Đôn đốc", "username": BOT_USERNAME}

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            update["update_id"] = next(self._update_ids)
            self.updates.append(update)
            self._lock.notify_all()
        return update

    def says(
        self,
        user: int,
        text: str,
        *,
        chat: int | None = None,
        name: str = "",
        reply_to: dict[str, Any] | None = None,
        language: str = "vi",
    ) -> dict[str, Any]:
        """USER sends TEXT, in a private chat or in group CHAT (a negative id)."""
        chat_id = chat if chat is not None else user
        message = self._from_user(user, chat_id, name, language) | {"text": text}
        if text.startswith("/"):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        for_us = (
            text.startswith("/")
            or (reply_to is not None and reply_to.get("from", {}).get("id") == BOT_ID)
            or f"@{BOT_USERNAME}" in text
        )
        if chat_id > 0 or not self.privacy or for_us:
            self.push({"message": message})
        return message

    def sends_document(
        self,
        user: int,
        filename: str,
        data: bytes,
        *,
        caption: str = "",
        chat: int | None = None,
        size: int | None = None,
    ) -> dict[str, Any]:
        """USER sends a file (CAPTION as its text); the bot fetches it with getFile and a
        download. SIZE: what Telegram announces, when a test wants it to differ."""
        chat_id = chat if chat is not None else user
        with self._lock:
            file_id = f"doc{len(self.files) + 1}"
            self.files[file_id] = (f"documents/{file_id}_{filename}", data)
        message = self._from_user(user, chat_id, "", "vi") | {
            "document": {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_name": filename,
                "file_size": len(data) if size is None else size,
            }
        }
        if caption:
            message["caption"] = caption
        if caption.startswith("/"):
            message["caption_entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(caption.split()[0])}
            ]
        if chat_id > 0 or not self.privacy or caption.startswith("/"):
            self.push({"message": message})
        return message

    def _from_user(self, user: int, chat_id: int, name: str, language: str) -> dict[str, Any]:
        """A new message's envelope: USER writing in CHAT_ID."""
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {
                "id": chat_id,
                "type": "private" if chat_id > 0 else "supergroup",
                **({"title": f"Nhóm {-chat_id}"} if chat_id < 0 else {}),
            },
            "from": {
                "id": user,
                "is_bot": False,
                "first_name": name or f"User {user}",
                "language_code": language,
            },
        }

    def presses(self, user: int, message: dict[str, Any], data: str) -> None:
        """USER presses the button with DATA under the bot's MESSAGE."""
        self.push({"callback_query": {
            "id": str(next(self._message_ids)),
            "from": {"id": user, "is_bot": False, "first_name": f"User {user}"},
            "message": message,
            "chat_instance": "1",
            "data": data,
        }})  # fmt: skip

    def fail(
        self,
        method: str,
        status: int,
        description: str = "",
        *,
        times: int = 1,
        retry_after: int | None = None,
        chat: int | None = None,
        migrate_to: int | None = None,
    ) -> None:
        with self._lock:
            self.failures.setdefault(method, []).extend(
                Failure(
                    status,
                    description or f"Error {status}",
                    retry_after,
                    None if chat is None else str(chat),
                    migrate_to,
                )
                for _ in range(times)
            )

    # -- what the bot did ---------------------------------------------------------------

    def called(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def delivered(self) -> list[tuple[str, str]]:
        """(chat, text as read) of every message delivered (acknowledged to the bot or not,
        as Telegram delivers a message it accepted whatever happens to the bot after)."""
        return [
            (str(c.params["chat_id"]), shown(str(c.params.get("text", ""))))
            for c in self.called("sendMessage")
            if c.result is not None
        ]

    def sent_to(self, chat: int) -> list[dict[str, Any]]:
        """Messages the bot sent into CHAT: the sendMessage calls that succeeded, with
        `message` set to the message object the bot got back."""
        return [
            c.params | {"message": c.result}
            for c in self.called("sendMessage")
            if str(c.params["chat_id"]) == str(chat) and c.result is not None
        ]

    def files_to(self, chat: int) -> list[dict[str, Any]]:
        """Files the bot sent into CHAT (sendDocument, sendPhoto calls that succeeded):
        their parameters, the file's bytes under "document" or "photo"."""
        return [
            c.params | {"method": c.method}
            for c in self.calls
            if c.method in FILE_METHODS
            and str(c.params["chat_id"]) == str(chat)
            and c.result is not None
        ]

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

    def reply(self, chat: int, containing: str, after: int = 0) -> dict[str, Any]:
        """The first message into CHAT, among those sent after the AFTER-th, whose text as
        the user reads it (tags and entities resolved) contains CONTAINING."""

        def found() -> dict[str, Any] | None:
            for params in self.sent_to(chat)[after:]:
                if containing in shown(params.get("text", "")):
                    return params
            return None

        try:
            result: dict[str, Any] = self.wait_for(found)
        except AssertionError:
            # Say what came instead: a flaky run is then read from its log, not guessed.
            got = [shown(p.get("text", "")) for p in self.sent_to(chat)[after:]]
            raise AssertionError(f"no message with {containing!r} in {chat}; got {got!r}") from None
        return result


# Telegram's HTML parse mode: these tags, the four named entities and numeric ones;
# anything else is "can't parse entities".
TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
        "a", "tg-emoji", "code", "pre", "blockquote"}  # fmt: skip
_MARKUP = re.compile(
    r"<(/?)([a-z-]+)(?:\s[^<>]*)?>|&(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);|[<>&]", re.IGNORECASE
)


def html_problem(text: str) -> str | None:
    """Why Telegram would refuse TEXT in HTML parse mode, or None."""
    stack: list[str] = []
    for match in _MARKUP.finditer(text):
        token = match.group(0)
        if token in "<>&":
            return f"unescaped {token!r} at {match.start()}"
        name = match.group(2)
        if name is None:
            continue  # an entity
        if name.lower() not in TAGS:
            return f"unsupported start tag {name!r}"
        if match.group(1):
            if not stack or stack.pop() != name:
                return f"unmatched end tag {name!r}"
        else:
            stack.append(name)
    if stack:
        return f"unclosed tag {stack[-1]!r}"
    if not shown(text).strip():
        return "message text is empty"
    return None


def shown(html_text: str) -> str:
    """What a Telegram user reads of an HTML message."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


def _params(content_type: str, body: bytes) -> dict[str, Any]:
    if not body:
        return {}
    if content_type.startswith("application/json"):
        return dict(json.loads(body))
    if content_type.startswith("multipart/form-data"):
        from email.parser import BytesParser

        message = BytesParser().parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        params: dict[str, Any] = {}
        for part in message.get_payload():  # type: ignore[union-attr]
            name = part.get_param("name", header="content-disposition")
            value = part.get_payload(decode=True)
            params[str(name)] = value if part.get_filename() else value.decode()
        return _nested(params)
    flat = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
    return _nested(flat)


def _nested(params: dict[str, Any]) -> dict[str, Any]:
    for key in NESTED & params.keys():
        if isinstance(params[key], str):
            params[key] = json.loads(params[key])
    return params
