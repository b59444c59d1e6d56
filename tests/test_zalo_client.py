"""The Zalo Bot API client against the emulator on 127.0.0.1, and the update parser."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
import time
import traceback
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

import pytest

from bot.channels.zalo import (
    SECRET_HEADER,
    ZaloClient,
    ZaloError,
    ZaloRefused,
    ZaloRetryLater,
    ZaloUnauthorized,
    ZaloUnreachable,
    parse_update,
    secret_matches,
)
from bot.channels.zalo.updates import IMAGE, STICKER, TEXT, UNSUPPORTED
from bot.logs import RedactingFormatter
from messages.neutral import BadCredentials, ChatUnreachable, RetryLater, SendError
from tests.support.zalo_api import BOT_ID, TOKEN, ZaloAPI

T = TypeVar("T")


@pytest.fixture
def api() -> Iterator[ZaloAPI]:
    emulator = ZaloAPI()
    emulator.start()
    yield emulator
    emulator.stop()


def talk(
    api: ZaloAPI, body: Callable[[ZaloClient], Awaitable[T]], token: str = TOKEN, **options: Any
) -> T:
    """Run BODY with a client of the emulator (each test its own event loop)."""

    async def go() -> T:
        async with ZaloClient(token, base_url=api.url, **options) as client:
            return await body(client)

    return asyncio.run(go())


def failure(api: ZaloAPI, body: Callable[[ZaloClient], Awaitable[Any]], **options: Any) -> Any:
    """The exception BODY raises."""
    with pytest.raises(ZaloError) as raised:
        talk(api, body, **options)
    return raised.value


# -- getMe and polling -------------------------------------------------------------------


def test_get_me(api: ZaloAPI) -> None:
    me = talk(api, lambda c: c.get_me())
    assert me.id == BOT_ID
    assert me.account_name == "bot.DonDocTest"
    assert me.name == "bot.DonDocTest"  # getMe has no display name: the account name
    assert me.can_join_groups is True


def test_polling_hands_out_one_update_a_call_then_none(api: ZaloAPI) -> None:
    api.says("u1", "xin chào", name="Chị Lan")
    api.says("u2", "nhiệm vụ")

    async def body(client: ZaloClient) -> list[Any]:
        return [await client.get_updates(timeout=1 if i < 2 else 0) for i in range(3)]

    first, second, third = talk(api, body)
    assert first is not None and second is not None and third is None
    assert (first.event_name, first.text, first.chat_id, first.sender_id) == (
        TEXT,
        "xin chào",
        "u1",
        "u1",
    )
    assert (first.chat_type, first.is_group, first.sender_name, first.is_bot) == (
        "PRIVATE",
        False,
        "Chị Lan",
        False,
    )
    assert first.message_id and first.message_id != second.message_id
    assert first.date is not None and first.date.tzinfo is UTC
    assert abs(first.date.timestamp() - time.time()) < 60
    assert second.text == "nhiệm vụ"
    # Zalo's getUpdates takes the timeout as a string of seconds, and no offset.
    assert api.called("getUpdates")[0].params == {"timeout": "1"}


def test_a_long_poll_waits_for_the_next_update(api: ZaloAPI) -> None:
    threading.Timer(0.3, api.says, ("u1", "muộn một chút")).start()
    started = time.monotonic()
    update = talk(api, lambda c: c.get_updates(timeout=2))
    assert update is not None and update.text == "muộn một chút"
    assert 0.2 < time.monotonic() - started < 2


def test_nothing_new_is_none_whether_408_comes_as_http_200_or_408(api: ZaloAPI) -> None:
    assert talk(api, lambda c: c.get_updates(timeout=0)) is None
    assert api.called("getUpdates")[-1].status == 200
    api.timeout_status = 408
    assert talk(api, lambda c: c.get_updates(timeout=0)) is None
    assert api.called("getUpdates")[-1].status == 408


def test_a_repeated_update_keeps_its_message_id(api: ZaloAPI) -> None:
    api.says("u1", "xong #3", times=2)

    async def body(client: ZaloClient) -> list[Any]:
        return [await client.get_updates(timeout=0) for _ in range(3)]

    first, again, nothing = talk(api, body)
    assert first is not None and again is not None and nothing is None
    assert first.message_id == again.message_id
    assert first == again


def test_in_a_group_only_mentions_reach_the_bot(api: ZaloAPI) -> None:
    api.says("u1", "chào cả nhà", chat="g1")
    api.says("u2", "@Đôn đốc nhiệm vụ", chat="g1", name="Anh Minh")
    api.sends("u1", IMAGE, chat="g1", photo_url="https://example.org/a.jpg")

    async def body(client: ZaloClient) -> list[Any]:
        return [await client.get_updates(timeout=0) for _ in range(2)]

    update, nothing = talk(api, body)
    assert nothing is None
    assert update is not None and update.text == "@Đôn đốc nhiệm vụ"
    assert (update.chat_id, update.sender_id, update.is_group) == ("g1", "u2", True)


def test_other_events_come_without_text(api: ZaloAPI) -> None:
    api.sends("u1", IMAGE, photo_url="https://example.org/a.jpg", caption="ảnh")
    api.sends("u1", STICKER, sticker="abc")
    api.sends("u1", UNSUPPORTED)

    async def body(client: ZaloClient) -> list[Any]:
        return [await client.get_updates(timeout=0) for _ in range(3)]

    image, sticker, other = talk(api, body)
    assert [u.event_name for u in (image, sticker, other)] == [IMAGE, STICKER, UNSUPPORTED]
    assert [u.text for u in (image, sticker, other)] == [None, None, None]
    assert image.raw["photo_url"] == "https://example.org/a.jpg"
    assert image.message_id and image.chat_id == "u1"


# -- sending -----------------------------------------------------------------------------


def test_send_message_returns_the_id_zalo_gave(api: ZaloAPI) -> None:
    message_id = talk(api, lambda c: c.send_message("u1", "Chào chị"))
    [sent] = api.sent_to("u1")
    assert message_id == sent.message_id
    assert (sent.method, sent.text) == ("sendMessage", "Chào chị")


def test_text_is_limited_to_2000_characters(api: ZaloAPI) -> None:
    talk(api, lambda c: c.send_message("u1", "a" * 2000))
    talk(api, lambda c: c.send_message("u1", "😀" * 1000))  # 2000 UTF-16 units
    too_long = failure(api, lambda c: c.send_message("u1", "a" * 2001))
    assert isinstance(too_long, ZaloRefused) and isinstance(too_long, SendError)
    assert not isinstance(too_long, ChatUnreachable | RetryLater)
    assert too_long.error_code == 400 and "2000" in too_long.description
    assert failure(api, lambda c: c.send_message("u1", "😀" * 1001)).error_code == 400
    assert failure(api, lambda c: c.send_message("u1", "")).error_code == 400
    assert len(api.sent_to("u1")) == 2


def test_photo_sticker_and_chat_action(api: ZaloAPI) -> None:
    async def body(client: ZaloClient) -> tuple[Any, ...]:
        photo = await client.send_photo("u1", "https://example.org/a.png", caption="Biểu đồ")
        sticker = await client.send_sticker("u1", "0e078a2fb66a5f34067b")
        typing = await client.send_chat_action("u1")
        return photo, sticker, typing

    photo, sticker, typing = talk(api, body)
    assert [s.message_id for s in api.sent_to("u1")] == [photo, sticker]
    assert api.sent_to("u1")[0].params["photo"] == "https://example.org/a.png"
    assert api.texts("u1") == ["Biểu đồ", ""]
    assert typing is None
    assert api.called("sendChatAction")[0].params == {"chat_id": "u1", "action": "typing"}
    assert failure(api, lambda c: c.send_chat_action("u1", "dancing")).error_code == 400


# -- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "http_200", "kind", "neutral"),
    [
        (429, False, ZaloRetryLater, RetryLater),
        (429, True, ZaloRetryLater, RetryLater),
        (500, False, ZaloRetryLater, RetryLater),
        (502, False, ZaloRetryLater, RetryLater),
        (503, True, ZaloRetryLater, RetryLater),
        (403, False, ZaloUnreachable, ChatUnreachable),
        (403, True, ZaloUnreachable, ChatUnreachable),
        (400, True, ZaloRefused, SendError),
        (404, False, ZaloRefused, SendError),
        (401, False, ZaloUnauthorized, BadCredentials),
        (401, True, ZaloUnauthorized, BadCredentials),
    ],
)
def test_errors_map_to_the_delivery_exceptions(
    api: ZaloAPI, code: int, http_200: bool, kind: type, neutral: type
) -> None:
    api.fail("sendMessage", code, "Nope", http_200=http_200, retry_after=7 if code == 429 else None)
    error = failure(api, lambda c: c.send_message("u1", "chào"))
    assert type(error) is kind and isinstance(error, neutral)
    assert (error.method, error.error_code, error.description) == ("sendMessage", code, "Nope")
    assert api.called("sendMessage")[0].status == (200 if http_200 else code)
    if code == 429:
        assert error.retry_after == 7
    # The failure was for one call only.
    assert talk(api, lambda c: c.send_message("u1", "chào"))


def test_ok_false_with_http_200_is_never_taken_for_success(api: ZaloAPI) -> None:
    api.fail("sendMessage", 400, "Bad Request: chat_id is invalid", http_200=True)
    error = failure(api, lambda c: c.send_message("u1", "chào"))
    assert isinstance(error, ZaloRefused) and error.error_code == 400
    assert api.sent_to("u1") == []


def test_a_server_error_without_a_code_uses_the_http_status(api: ZaloAPI) -> None:
    api.fail("getMe", 502)
    error = failure(api, lambda c: c.get_me())
    assert isinstance(error, ZaloRetryLater) and error.error_code == 502
    assert error.retry_after is None  # delivery backs off on its own


def test_a_blocked_user_is_unreachable(api: ZaloAPI) -> None:
    api.block("u9")
    error = failure(api, lambda c: c.send_message("u9", "chào"))
    assert isinstance(error, ChatUnreachable) and error.error_code == 403
    assert talk(api, lambda c: c.send_message("u1", "chào"))


def test_a_wrong_token_is_bad_credentials(api: ZaloAPI) -> None:
    error = failure(api, lambda c: c.get_me(), token="999:wrong-token-xyz")
    assert isinstance(error, ZaloUnauthorized) and isinstance(error, BadCredentials)
    assert error.error_code == 401
    assert "wrong-token-xyz" not in f"{error} {error!r}"
    call = api.called("getMe")[0]
    assert (call.token, call.status, call.answer) == (
        "999:wrong-token-xyz",
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )


def test_network_failures_are_retryable(api: ZaloAPI) -> None:
    api.drop("sendMessage")
    dropped = failure(api, lambda c: c.send_message("u1", "chào"))
    assert isinstance(dropped, ZaloRetryLater) and dropped.error_code is None

    api.stall("sendMessage", 1.0)
    slow = failure(api, lambda c: c.send_message("u1", "chào"), timeout=0.2)
    assert isinstance(slow, ZaloRetryLater) and "timed out" in str(slow)

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def refused() -> None:
        async with ZaloClient(TOKEN, base_url=f"http://127.0.0.1:{port}") as client:
            await client.get_me()

    with pytest.raises(ZaloRetryLater, match="network error"):
        asyncio.run(refused())


def test_the_token_is_in_no_log_error_or_repr(
    api: ZaloAPI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    errors: list[BaseException] = []

    async def body(client: ZaloClient) -> None:
        assert TOKEN not in repr(client)
        await client.get_me()
        await client.send_message("u1", "chào")
        await client.get_updates(timeout=0)
        api.fail("getMe", 500)
        api.drop("getWebhookInfo")
        api.stall("deleteWebhook", 1.0)
        for call in (
            client.get_me(),
            client.send_message("u1", "a" * 2001),
            client.set_webhook("https://dondoc.example.org/zalo", "short"),
            client.get_webhook_info(),
            client.delete_webhook(),  # times out
        ):
            try:
                await call
            except Exception as error:
                errors.append(error)

    talk(api, body, timeout=0.5)
    assert [type(e) for e in errors] == [ZaloRetryLater, ZaloRefused, ZaloRefused,
                                          ZaloRetryLater, ZaloRetryLater]  # fmt: skip
    for error in errors:
        shown = "".join(traceback.format_exception(error)) + repr(error) + repr(error.args)
        assert TOKEN not in shown
    assert TOKEN not in caplog.text
    assert all(TOKEN not in r.getMessage() for r in caplog.records)
    assert "/bot***/getMe" in caplog.text  # httpx did log the URL, with the placeholder
    assert {c.token for c in api.calls} == {TOKEN}  # while the server got the real one


def test_log_redaction_covers_a_token_in_an_api_url() -> None:
    url = f"POST https://bot-api.zaloplatforms.com/bot{TOKEN}/sendMessage"
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, "HTTP Request: %s", (url,), None)
    shown = RedactingFormatter(None, [TOKEN]).format(record)
    assert TOKEN not in shown and "/bot[secret]/sendMessage" in shown


# -- webhooks ----------------------------------------------------------------------------


def test_webhook_set_shown_and_deleted(api: ZaloAPI) -> None:
    url = "https://dondoc.example.org/zalo"

    async def body(client: ZaloClient) -> None:
        info = await client.set_webhook(url, "s3cret-token")
        assert info.url == url and info.updated_at is not None
        assert info.updated_at.tzinfo is UTC
        assert (await client.get_webhook_info()).url == url
        api.says("u1", "ai đó")
        with pytest.raises(ZaloRefused) as refused:  # no polling while a webhook is set
            await client.get_updates(timeout=0)
        assert refused.value.error_code == 409
        assert (await client.delete_webhook()).url == ""
        assert (await client.get_webhook_info()).url == ""
        api.says("u1", "lại nào")
        update = await client.get_updates(timeout=0)
        assert update is not None and update.text == "lại nào"

    talk(api, body)
    assert api.called("setWebhook")[0].params == {"url": url, "secret_token": "s3cret-token"}


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("https://dondoc.example.org/zalo", "short"),
        ("https://dondoc.example.org/zalo", "x" * 257),
        ("http://dondoc.example.org/zalo", "s3cret-token"),
    ],
)
def test_webhook_limits(api: ZaloAPI, url: str, secret: str) -> None:
    error = failure(api, lambda c: c.set_webhook(url, secret))
    assert isinstance(error, ZaloRefused) and error.error_code == 400
    assert api.webhook_url == ""


class Receiver:
    """The bot's webhook endpoint, as a test sees it: what was POSTed, with which secret."""

    def __init__(self) -> None:
        self.posts: list[tuple[str | None, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.posts.append((self.headers.get(SECRET_HEADER), json.loads(body)))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/zalo"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("wrapped", [False, True])
def test_updates_are_posted_to_the_webhook(api: ZaloAPI, wrapped: bool) -> None:
    receiver = Receiver()
    api.webhook_wrapped = wrapped
    try:
        talk(api, lambda c: c.set_webhook(receiver.url, "s3cret-token"))
        api.says("u1", "qua webhook", times=2)
        api.wait_for(lambda: len(api.webhook_posts) == 2)
    finally:
        receiver.close()
    (secret, body), (_, again) = receiver.posts
    assert secret_matches(secret, "s3cret-token")
    assert ("result" in body) is wrapped
    update = parse_update(body)
    assert update is not None and update.text == "qua webhook" and update.chat_id == "u1"
    assert parse_update(again) == update  # a repeat: same message_id
    assert [p.status for p in api.webhook_posts] == [200, 200]
    assert not api.pending  # nothing left for polling


# -- parsing -----------------------------------------------------------------------------

SAMPLE = {
    "event_name": TEXT,
    "message": {
        "from": {"id": "6ede9afa66b88fe6d6a9", "display_name": "Ted", "is_bot": False},
        "chat": {"id": "6ede9afa66b88fe6d6a9", "chat_type": "PRIVATE"},
        "text": "Xin chào",
        "message_id": "2d758cb5e222177a4e35",
        "date": 1750316131602,
    },
}


def test_parse_bare_and_wrapped_alike() -> None:
    bare = parse_update(SAMPLE)
    assert bare is not None
    assert parse_update({"ok": True, "result": SAMPLE}) == bare
    assert bare.message_id == "2d758cb5e222177a4e35"
    assert (bare.chat_id, bare.sender_id, bare.sender_name) == (
        "6ede9afa66b88fe6d6a9",
        "6ede9afa66b88fe6d6a9",
        "Ted",
    )
    assert bare.date == datetime(2025, 6, 19, 6, 55, 31, 602000, tzinfo=UTC)


@pytest.mark.parametrize(
    "payload",
    [
        None,
        "text",
        [SAMPLE],
        {},
        {"ok": False, "error_code": 408, "description": "Request timeout"},
        {"ok": True, "result": None},
        {"ok": True},
        {"event_name": "", "message": "not an object"},
    ],
)
def test_parse_what_holds_no_update(payload: Any) -> None:
    assert parse_update(payload) is None


@pytest.mark.parametrize("event", [IMAGE, STICKER, UNSUPPORTED, "message.future.received"])
def test_parse_other_events_without_text(event: str) -> None:
    payload = {**SAMPLE, "event_name": event}
    payload["message"] = {**SAMPLE["message"], "photo_url": "https://example.org/a.jpg"}
    update = parse_update(payload)
    assert update is not None
    assert (update.event_name, update.text, update.message_id) == (
        event,
        None,
        "2d758cb5e222177a4e35",
    )


def test_parse_missing_fields() -> None:
    update = parse_update({"event_name": TEXT, "message": {"text": "hi"}})
    assert update is not None
    assert update.text == "hi"
    assert (update.message_id, update.chat_id, update.sender_id, update.date) == (
        None,
        None,
        None,
        None,
    )
    assert (update.chat_type, update.sender_name, update.is_bot, update.is_group) == (
        "",
        "",
        False,
        False,
    )
    bare = parse_update({"event_name": UNSUPPORTED})
    assert bare is not None and bare.text is None and bare.message_id is None


def test_parse_zalo_docs_getupdates_sample() -> None:
    # Zalo's documented sample: no event_name, the sender's name as first_name.
    update = parse_update({
        "ok": True,
        "result": {"message": {
            "chat": {"id": "e4ea2cd5189df1c3a88c", "chat_type": "PRIVATE"},
            "text": "Xin chào",
            "message_id": "16f6366b3f02645a3d15",
            "date": 1766619597466,
            "from": {"id": "e4ea2cd5189df1c3a88c", "first_name": "Nguyen Van A"},
        }},
    })  # fmt: skip
    assert update is not None
    assert (update.event_name, update.text, update.sender_name) == (
        TEXT,
        "Xin chào",
        "Nguyen Van A",
    )


def test_parse_odd_values_and_extra_fields() -> None:
    update = parse_update({
        "event_name": TEXT,
        "app_id": "123",
        "message": {
            "from": {"id": 42, "name": "  Lan  ", "is_bot": "yes", "avatar": "x"},
            "chat": {"id": True, "chat_type": "group"},
            "text": 5,
            "message_id": {"nested": 1},
            "date": "1750316131",
            "attachments": [{"type": "link"}],
        },
    })  # fmt: skip
    assert update is not None
    assert (update.sender_id, update.sender_name, update.is_bot) == ("42", "Lan", False)
    assert (update.chat_id, update.chat_type, update.is_group) == (None, "GROUP", True)
    assert (update.text, update.message_id) == (None, None)
    assert update.date == datetime(2025, 6, 19, 6, 55, 31, tzinfo=UTC)  # seconds, taken too
    for date in ("soon", -5, None, True, float("inf")):
        changed = parse_update({"event_name": TEXT, "message": {"date": date}})
        assert changed is not None and changed.date is None


def test_secret_matches() -> None:
    assert secret_matches("s3cret-token", "s3cret-token")
    assert not secret_matches("s3cret-tokem", "s3cret-token")
    assert not secret_matches(None, "s3cret-token")
    assert not secret_matches("", "")
