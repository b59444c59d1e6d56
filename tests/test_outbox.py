"""The outbox and its sending loop, in one process with a recording channel (the platform's
edge is the only thing replaced): rows written with the change that causes them, sent in
order and by priority, each marked with its own outcome as it arrives, a clean stop,
reminders dropped when their task closed while they waited, and the prune."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select, update

from bot.conversation.core import Bot
from messages import FORMATS, LANGUAGES, Renderer
from messages.neutral import (
    PHOTO,
    Address,
    Attachment,
    Button,
    ChatMoved,
    Outgoing,
    RetryLater,
)
from scheduler.outbox import codec
from scheduler.outbox.prune import prune
from storage.db import transaction
from storage.models import GroupChat, OutboxMessage, SeenMessage, SentMessage
from storage.models import outbox as ob
from tests.message_samples import SAMPLES, TODAY
from tests.support.clock import FakeClock
from tests.support.harness import Harness
from tests.support.outbox import Outbox, RecordingSender
from tests.world import build


@pytest.fixture
def outbox(bot: Bot, renderer: Renderer) -> Outbox:
    return Outbox(bot, renderer)


def states(h: Harness, *where: Any) -> list[tuple[str, str, str | None]]:
    """(chat, state, template) of outbox rows, in id order."""
    with h.sessions() as session:
        rows = session.execute(
            select(OutboxMessage.chat_id, OutboxMessage.state, OutboxMessage.template)
            .where(*where)
            .order_by(OutboxMessage.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def write(h: Harness, clock: FakeClock, messages: list[Outgoing]) -> None:
    with transaction(h.sessions) as session:
        codec.write(session, messages, clock())


def note(chat: str, text: str = "", template: str = "internal_error") -> Outgoing:
    return Outgoing(to=Address("console", chat, chat), template=template, values={"t": text})


# -- rows as messages --------------------------------------------------------------------


CASES = [(name, sample) for name, samples in sorted(SAMPLES.items()) for sample in samples]


@pytest.mark.parametrize(("template", "sample"), CASES, ids=[f"{t}-{s}" for t, s in CASES])
def test_every_template_reads_the_same_from_a_row(
    renderer: Renderer, template: str, sample: str
) -> None:
    """A message stored and read back says exactly what it said: dates, times, deadlines
    and durations come back as themselves."""
    values = SAMPLES[template][sample]
    decoded = codec.decode(codec.encode(values))
    for lang in LANGUAGES:
        for fmt in FORMATS:
            assert renderer.render(template, decoded, lang, fmt, TODAY) == renderer.render(
                template, values, lang, fmt, TODAY
            )


def test_a_message_round_trips_through_its_row(sessions: Any, clock: FakeClock) -> None:
    message = Outgoing(
        to=Address("telegram", "-100", "Ban Chỉ đạo"),
        template="export_ready",
        values={"when": clock(), "n": 3},
        lang="en",
        assignment_ids=(4, 7),
        buttons=(Button("button_drop_item", "/nhapvanban bo 2", (("n", 2),)),),
        today=clock().date(),
        reply_to="55",
        ask=True,
        attachment=Attachment("bao-cao.xlsx", b"PK\x03\x04", PHOTO),
    )
    with transaction(sessions) as session:
        codec.write(session, [message], clock())
    with sessions() as session:
        row = session.scalars(select(OutboxMessage)).one()
        assert (row.kind, row.priority, row.state) == (ob.MESSAGE, ob.URGENT, ob.PENDING)
        assert codec.message_of(row) == message


def test_a_value_that_cannot_be_stored_fails_its_command_loudly() -> None:
    with pytest.raises(TypeError, match="cannot be stored"):
        codec.encode({"a": object()})
    with pytest.raises(TypeError, match="key must be a string"):
        codec.encode({1: "x"})


def test_a_command_writes_its_messages_in_its_own_transaction(h: Harness) -> None:
    build(h)
    last = h.outbox_last_id()
    h.bot.handle(_from("admin", "/giao SKHCN | Việc A | 20/01/2026"))  # no channel sends
    written = h.outbox_since(last)
    # The reminders it planned, then its answer and its notice.
    assert [w for w in written if w[1] is None] == [("lan", None)] * 5
    assert [w for w in written if w[1]] == [("admin", "assigned"), ("lan", "task_new")]
    assert [s for _, s, _ in states(h, OutboxMessage.kind == ob.MESSAGE)][-2:] == [
        ob.PENDING,
        ob.PENDING,
    ]


def _from(user: str, text: str) -> Any:
    from messages.neutral import Incoming

    return Incoming("console", user, user, user, text)


# -- sending --------------------------------------------------------------------------


def test_replies_go_before_the_mornings_reminders(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    build(h)
    for n in range(5):
        h.reply("admin", f"/giao SKHCN | Việc {n} | 20/01/2026")
    clock.set_local("2026-01-13T07:30")  # five reminders due for lan
    write(h, clock, [note("hoa", "a reply")])  # ... and a command's answer to hoa
    sent = outbox.run()
    assert [s.to for s in sent] == ["hoa"] + ["lan"] * 5


def test_a_reply_overtakes_the_reminders_waiting_in_its_chat(
    h: Harness, clock: FakeClock, outbox: Outbox, renderer: Renderer
) -> None:
    build(h)
    for n in range(5):
        h.reply("admin", f"/giao SKHCN | Việc {n} | 20/01/2026")
    clock.set_local("2026-01-13T07:30")  # five reminders due for lan
    sender = GatedSender(renderer)

    async def go() -> None:
        sending = outbox.sending(sender)
        await sending.start()
        await _until(lambda: sender.started == ["lan"])  # the first; four wait behind it
        write(h, clock, [note("lan", "a reply"), note("lan", "its notice")])
        sending.wake()
        mine = OutboxMessage.template == "internal_error"
        await _until(lambda: [s for _, s, _ in states(h, mine)] == [ob.CLAIMED] * 2)
        await _until(lambda: sending.delivery.pending() == 7)  # queued ahead of the four
        sender.gate.set()
        await _until(lambda: len(sender.sent) == 7)
        await sending.stop()

    asyncio.run(go())
    assert [s.template for s in sender.sent] == [
        "reminder_before",
        "internal_error",
        "internal_error",
        *["reminder_before"] * 4,
    ]


def test_a_chats_messages_go_in_the_order_they_were_written(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    write(h, clock, [note("lan", str(n)) for n in range(30)] + [note("minh", "x")])
    sent = [s for s in outbox.run() if s.to == "lan"]
    assert len(sent) == 30
    with h.sessions() as session:
        ids = list(
            session.scalars(
                select(OutboxMessage.message_id)
                .where(OutboxMessage.chat_id == "lan")
                .order_by(OutboxMessage.id)
            )
        )
    assert ids == [s.message_id for s in sent]  # row order is sending order


class GatedSender(RecordingSender):
    """Holds every send until the test lets it go, one (`passes`) or all (`gate`): a slow
    platform, under control."""

    def __init__(self, renderer: Renderer) -> None:
        super().__init__(renderer)
        self.gate = asyncio.Event()
        self.passes = 0
        self.started: list[str] = []

    async def send_piece(self, to: Address, piece: Any) -> str | None:
        self.started.append(to.chat_id)
        while not self.gate.is_set() and not self.passes:
            await asyncio.sleep(0.001)
        if not self.gate.is_set():
            self.passes -= 1
        return await super().send_piece(to, piece)


async def _until(predicate: Any) -> None:
    """Let the loop run until PREDICATE holds (a few hundred turns at most)."""
    for _ in range(2000):
        if predicate():
            return
        await asyncio.sleep(0)
        await asyncio.sleep(0.001)
    raise AssertionError("the sending loop did not get there")


def test_each_row_is_marked_as_soon_as_it_is_sent_not_with_its_batch(
    h: Harness, clock: FakeClock, outbox: Outbox, renderer: Renderer
) -> None:
    write(h, clock, [note("lan", "1"), note("minh", "2")])

    async def go() -> None:
        sender = GatedSender(renderer)
        sending = outbox.sending(sender, concurrency=1)
        await sending.start()
        await _until(lambda: sender.started == ["lan"])
        sender.passes = 1  # lan's goes; minh's starts, and waits
        await _until(lambda: sender.started == ["lan", "minh"] and states(h)[0][1] == ob.SENT)
        assert [s for _, s, _ in states(h)] == [ob.SENT, ob.CLAIMED]  # marked on its own
        sender.gate.set()
        await _until(lambda: states(h)[1][1] == ob.SENT)
        await sending.stop()

    asyncio.run(go())
    assert [s for _, s, _ in states(h)] == [ob.SENT, ob.SENT]


def test_a_clean_stop_finishes_what_is_in_flight_and_releases_the_rest(
    h: Harness, clock: FakeClock, outbox: Outbox, renderer: Renderer
) -> None:
    write(h, clock, [note("lan", str(n)) for n in range(5)] + [note("minh", "m")])
    sender = GatedSender(renderer)

    async def go() -> None:
        sending = outbox.sending(sender, concurrency=2)
        await sending.start()
        await _until(lambda: sorted(sender.started) == ["lan", "minh"])
        stopping = asyncio.create_task(sending.stop())
        await asyncio.sleep(0.01)
        sender.gate.set()  # the two in flight arrive while it stops
        await stopping

    asyncio.run(go())
    assert len(sender.sent) == 2
    rows = states(h)
    assert [s for c, s, _ in rows if c == "minh"] == [ob.SENT]
    assert [s for c, s, _ in rows if c == "lan"] == [ob.SENT] + [ob.PENDING] * 4
    with h.sessions() as session:
        assert session.scalar(select(OutboxMessage.claimed_by).where(OutboxMessage.id == 2)) is None
    # The next start sends the rest, once.
    assert [s.to for s in outbox.run()] == ["lan"] * 4
    assert outbox.run() == []


def test_a_stop_gives_up_a_message_waiting_for_its_first_retry(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    """A 429 that says "in an hour" does not hold the stop: nothing of it went."""
    write(h, clock, [note("lan", "x")])

    class Limited(RecordingSender):
        async def send_piece(self, to: Address, piece: Any) -> str | None:
            raise RetryLater("Too Many Requests", retry_after=3600)

    async def go() -> None:
        sending = outbox.sending(Limited(outbox.sender.renderer), sleep=asyncio.sleep)
        await sending.start()
        await _until(lambda: states(h)[0][1] == ob.CLAIMED)
        await asyncio.sleep(0.01)
        await asyncio.wait_for(sending.stop(), 5)

    asyncio.run(go())
    assert states(h) == [("lan", ob.PENDING, "internal_error")]


def test_a_reminder_of_a_task_closed_while_it_waited_does_not_go(
    h: Harness, clock: FakeClock, outbox: Outbox, renderer: Renderer
) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Việc A | 20/01/2026")
    h.reply("admin", "/giao SKHCN | Việc B | 20/01/2026")
    clock.set_local("2026-01-13T07:30")  # two reminders due for lan, one after the other
    sender = GatedSender(renderer)

    async def go() -> None:
        sending = outbox.sending(sender, fresh=0.0)  # every wait counts as a wait
        await sending.start()
        await _until(lambda: sender.started == ["lan"])  # #1's; #2's waits behind it
        await asyncio.to_thread(h.reply, "lan", "/xong 2")
        sender.gate.set()
        await _until(lambda: len(sender.sent) >= 1)
        await sending.stop()

    asyncio.run(go())
    assert [s.assignment_ids for s in sender.sent] == [(1,)]


def test_a_moved_group_takes_its_waiting_rows_along(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    build(h)
    with transaction(h.sessions) as session:
        session.execute(
            insert(GroupChat).values(
                channel="console", chat_id="grp", kind="committee", title="BCĐ", bound_at=clock()
            )
        )
    write(h, clock, [note("grp", "1"), note("grp", "2")])

    class Migrating(RecordingSender):
        async def send_piece(self, to: Address, piece: Any) -> str | None:
            if to.chat_id == "grp":
                raise ChatMoved("supergrp")
            return await super().send_piece(to, piece)

    moving = Migrating(outbox.sender.renderer)
    asyncio.run(outbox.sending(moving).run_until_idle())
    assert [s.to for s in moving.sent] == ["supergrp", "supergrp"]
    mine = OutboxMessage.template == "internal_error"
    assert [(c, s) for c, s, _ in states(h, mine)] == [("supergrp", ob.SENT)] * 2
    with h.sessions() as session:
        assert session.scalars(select(GroupChat.chat_id)).all() == ["supergrp"]


def test_a_file_is_dropped_from_its_row_once_sent(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    message = Outgoing(
        to=Address("console", "admin", "admin"),
        template="internal_error",
        values={},
        attachment=Attachment("bao-cao.xlsx", b"PK" * 1000),
    )
    write(h, clock, [message])
    assert len(outbox.run()) == 1
    with h.sessions() as session:
        row = session.scalars(select(OutboxMessage)).one()
        assert (row.state, row.file_name, row.file_data) == (ob.SENT, "bao-cao.xlsx", None)


# -- keeping the table bounded ---------------------------------------------------------


def test_the_prune_keeps_what_is_pending_and_recent(h: Harness, clock: FakeClock) -> None:
    now = clock()
    old, recent = now - timedelta(days=31), now - timedelta(days=29)

    def row(state: str, kind: str, due: datetime, done: datetime | None) -> dict[str, Any]:
        return {
            "kind": kind,
            "priority": ob.URGENT if kind == ob.MESSAGE else ob.PLANNED,
            "channel": "console",
            "chat_id": "lan",
            "due_at": due,
            "rank_at": due,
            "state": state,
            "attempts": 0,
            "late": False,
            "ask": False,
            "done_at": done,
            "template": "internal_error" if kind == ob.MESSAGE else None,
        }

    with transaction(h.sessions) as session:
        session.execute(
            insert(OutboxMessage),
            [
                row(ob.SENT, ob.MESSAGE, old, old),  # pruned: done long ago
                row(ob.FAILED, ob.BEFORE, old, old),  # pruned
                row(ob.SENT, ob.MESSAGE, recent, recent),  # kept: done lately
                row(ob.PENDING, ob.BEFORE, old, None),  # kept: a reminder still to go
                row(ob.PENDING, ob.MESSAGE, old, None),  # pruned: no one sends its channel
                row(ob.PENDING, ob.MESSAGE, recent, None),  # kept
            ],
        )
        session.execute(
            insert(SentMessage),
            [
                {
                    "channel": "console",
                    "chat_id": "lan",
                    "message_id": str(n),
                    "assignment_ids": [1],
                    "sent_at": now - timedelta(days=days),
                }
                for n, days in enumerate((366, 364))
            ],
        )
        session.execute(
            insert(SeenMessage),
            [
                {
                    "channel": "console",
                    "chat_id": "lan",
                    "message_id": str(n),
                    "seen_at": now - timedelta(days=days),
                }
                for n, days in enumerate((8, 6))
            ],
        )
    with transaction(h.sessions) as session:
        pruned = prune(session, now, timedelta(days=30), timedelta(days=365))
    assert (pruned.done, pruned.stale, pruned.traced, pruned.seen) == (2, 1, 1, 1)
    assert [(s, t) for _, s, t in states(h)] == [
        (ob.SENT, "internal_error"),
        (ob.PENDING, None),
        (ob.PENDING, "internal_error"),
    ]
    assert h.count(SentMessage) == 1 and h.count(SeenMessage) == 1


def test_rows_done_keep_when_they_were_done(h: Harness, clock: FakeClock, outbox: Outbox) -> None:
    write(h, clock, [note("lan")])
    clock.advance(minutes=3)
    outbox.run()
    with h.sessions() as session:
        done = session.scalar(select(OutboxMessage.done_at))
    assert done == clock().astimezone(UTC)
    with transaction(h.sessions) as session:  # and the prune counts from there
        session.execute(update(OutboxMessage).values(done_at=clock() - timedelta(days=40)))
        assert prune(session, clock(), timedelta(days=30), timedelta(days=365)).done == 1


# -- faults of the sending side --------------------------------------------------------


class ThreePieces(RecordingSender):
    """A long message: three pieces; the second meets a 429 "in an hour" once."""

    limited: bool = True

    def prepare(self, message: Outgoing) -> list[Any]:
        return [(message, f"piece {n}") for n in (1, 2, 3)]

    async def send_piece(self, to: Address, piece: Any) -> str | None:
        if piece[1] == "piece 2" and self.limited:
            self.limited = False
            raise RetryLater("Too Many Requests", retry_after=3600)
        return await super().send_piece(to, piece)


def test_a_stop_halfway_through_a_long_message_sends_only_the_rest_later(
    h: Harness, clock: FakeClock, outbox: Outbox, renderer: Renderer
) -> None:
    write(h, clock, [note("lan", "a long listing")])
    sender = ThreePieces(renderer)

    async def first() -> None:
        sending = outbox.sending(sender, sleep=asyncio.sleep)
        await sending.start()
        await _until(lambda: len(sender.sent) == 1)  # piece 1 went; piece 2 waits an hour
        await asyncio.wait_for(sending.stop(), 5)

    asyncio.run(first())
    with h.sessions() as session:
        row = session.scalars(select(OutboxMessage)).one()
        assert (row.state, row.claimed_by, row.pieces_sent) == (ob.PENDING, None, 1)
    asyncio.run(outbox.sending(sender).run_until_idle())
    assert [s.text for s in sender.sent] == ["piece 1", "piece 2", "piece 3"]  # none twice
    assert states(h) == [("lan", ob.SENT, "internal_error")]


def test_a_message_from_a_chat_waits_until_what_was_sent_there_is_marked(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    """A reply to a message sent a moment ago must find it recorded."""
    write(h, clock, [note("lan")])
    marking = outbox.store.mark
    slow = asyncio.Event()

    def slow_mark(results: Any) -> int:
        while not slow.is_set():
            pass  # a database that takes its time
        return marking(results)

    outbox.store.mark = slow_mark  # type: ignore[method-assign]

    async def go() -> None:
        sending = outbox.sending()
        await sending.start()
        await _until(lambda: len(outbox.sender.sent) == 1)  # sent; its mark is slow
        waiting = asyncio.create_task(sending.settled("console", "lan"))
        await asyncio.sleep(0.01)
        assert not waiting.done() and states(h)[0][1] == ob.CLAIMED
        slow.set()
        await waiting
        assert states(h)[0][1] == ob.SENT
        await sending.stop()

    asyncio.run(go())


def test_a_refusal_older_than_the_persons_last_message_parks_nothing(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    """A 403 comes back for a reminder claimed before lan unblocked the bot and wrote to
    it: the answer to what she wrote is not parked, and she is not marked again."""
    from messages.neutral import Incoming
    from scheduler.outbox import UNREACHABLE, Job, Outcome
    from scheduler.outbox.mark import mark
    from storage.models import Account

    build(h)
    claimed_at = clock()
    clock.advance(seconds=5)
    h.handle(Incoming("console", "lan", "lan", "lan", "/nhiemvu", message_id="m1"))  # she writes
    write(h, clock, [note("lan", "an answer")])
    job = Job(999, ob.BEFORE, ob.PLANNED, None, None, claimed_at, note("lan"), claimed_at)
    with transaction(h.sessions) as session:
        written = mark(
            session,
            owner="x",
            now=clock(),
            results=[(job, Outcome(UNREACHABLE, error="Forbidden"))],
            admins=h.bot.admin_notices,
            planner=h.bot.planner,
        )
    assert written == 0
    assert states(h)[-1] == ("lan", ob.PENDING, "internal_error")
    assert h.count(Account, Account.unreachable_at.is_not(None)) == 0


def test_a_group_that_writes_again_is_reachable_again(h: Harness, clock: FakeClock) -> None:
    from messages.neutral import Incoming
    from scheduler.outbox.mark import chat_unreachable

    build(h)
    h.handle(Incoming("console", "grp", "admin", "admin", "/ketnoi SKHCN", is_group=True))
    with transaction(h.sessions) as session:  # the bot was removed from the group
        chat_unreachable(session, Address("console", "grp", "grp"), clock(), h.bot.admin_notices)
    with h.sessions() as session:
        assert session.scalar(select(GroupChat.unreachable_at)) is not None
    # Added back, it hears a command there: it answers, and the group is reachable.
    outs = h.handle(Incoming("console", "grp", "lan", "lan", "/nhiemvu", is_group=True))
    assert [o.to.chat_id for o in outs] == ["grp"]
    assert states(h, OutboxMessage.template == "tasks_list")[-1][1] == ob.SENT
    with h.sessions() as session:
        assert session.scalar(select(GroupChat.unreachable_at)) is None


def test_a_live_process_here_is_never_taken_for_dead_however_late_its_beat(
    h: Harness, clock: FakeClock, outbox: Outbox
) -> None:
    """Same machine: its pid lives (here, the test's parent), so its claims stay its own,
    even with a heartbeat far older than the stale time."""
    import os

    from storage.models import OutboxSender

    write(h, clock, [note("lan")])
    other = outbox.store.__class__(
        h.sessions,
        clock,
        ["console"],
        h.bot.admin_notices,
        None,
        owner="alive",
        planner=h.bot.planner,
    )
    other.register()
    assert len(other.claim(10)) == 1
    with transaction(h.sessions) as session:
        session.execute(
            update(OutboxSender).values(pid=os.getppid(), seen_at=clock() - timedelta(hours=1))
        )
    assert outbox.store.take_over() == 0
    assert states(h)[0][1] == ob.CLAIMED


def test_a_bad_mark_is_dropped_alone_and_a_database_away_drops_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from scheduler import batching

    monkeypatch.setattr(batching, "RETRY", (0.001, 0.002))
    away = {"calls": 3}

    def run(items: list[int]) -> int:
        if away["calls"] > 0:  # the database is away for three calls
            away["calls"] -= 1
            raise ConnectionError("database away")
        if 13 in items:
            raise ValueError("a row that cannot be marked")
        return len(items)

    async def go() -> list[int]:
        batcher = batching.Batcher(run, "marking", sum)
        first = [asyncio.ensure_future(batcher.submit(n)) for n in range(10, 16)]
        await _until(lambda: sum(f.done() for f in first) == 5)  # all but the bad one
        later = [await batcher.submit(n) for n in range(20, 24)]  # the database works
        return [f.result() for f in first] + later

    results = asyncio.run(go())
    assert results[3] == 0  # 13, dropped (its row stays claimed: released at the stop)
    assert all(r >= 1 for i, r in enumerate(results) if i != 3)  # none lost to the outage
