"""Group chats, replies traced to the bot's messages, duplicates and unreachable chats:
what the chat platforms need of the core, tested without any platform."""

from __future__ import annotations

from sqlalchemy import select

from messages.neutral import Address, Incoming, Outgoing
from scheduler.outbox.mark import chat_unreachable
from storage.db import transaction
from storage.models import GroupChat
from tests.support.harness import Harness
from tests.world import build

COMMITTEE = "grp-committee"
UNIT_GROUP = "grp-skhcn"


def say(
    h: Harness, user: str, text: str, chat: str | None = None, **more: object
) -> list[Outgoing]:
    """USER writes TEXT in CHAT (a group when given), as a platform adapter would pass it."""
    message = Incoming(
        channel="console",
        chat_id=chat or user,
        sender_id=user,
        sender_name=user,
        text=text,
        is_group=chat is not None,
        chat_title={COMMITTEE: "Ban Chỉ đạo 57", UNIT_GROUP: "Sở KH&CN"}.get(chat or "", ""),
        **more,  # type: ignore[arg-type]
    )
    return h.handle(message)


def to(outs: list[Outgoing], chat: str) -> list[Outgoing]:
    return [o for o in outs if o.to.chat_id == chat]


def unreachable(h: Harness, chat: str) -> list[Outgoing]:
    """The platform refused CHAT (the sending side's rule); the notices for the admins."""
    with transaction(h.sessions) as session:
        return chat_unreachable(
            session, Address("console", chat, chat), h.bot.clock(), h.bot.admin_notices
        )


def sent_id(h: Harness, chat: str, number: int) -> str:
    """The id the console gave its last message to CHAT naming task NUMBER."""
    return next(
        d.message_id
        for d in reversed(h.channel.transcript)
        if d.to == chat and number in d.assignment_ids
    )


def _bound(h: Harness) -> None:
    build(h)
    assert to(say(h, "admin", "/ketnoi", COMMITTEE), COMMITTEE)[0].template == "group_bound"
    assert (
        to(say(h, "admin", "/ketnoi@dondoc_bot SKHCN", UNIT_GROUP), UNIT_GROUP)[0].values["code"]
        == "SKHCN"
    )


def test_binding_groups(h: Harness) -> None:
    _bound(h)
    with h.sessions() as session:
        rows = {(g.chat_id, g.kind, g.title) for g in session.scalars(select(GroupChat))}
    assert rows == {(COMMITTEE, "committee", "Ban Chỉ đạo 57"), (UNIT_GROUP, "unit", "Sở KH&CN")}
    assert to(say(h, "admin", "/ketnoi huy", UNIT_GROUP), UNIT_GROUP)[0].template == "group_unbound"
    assert to(say(h, "admin", "/ketnoi huy", UNIT_GROUP), UNIT_GROUP)[0].template == (
        "group_not_bound"
    )
    # Only an admin binds a group.
    assert to(say(h, "lan", "/ketnoi", "grp-other"), "grp-other")[0].template == "admin_only"


def test_committee_and_unit_groups_get_their_notices(h: Harness) -> None:
    _bound(h)
    outs = say(h, "admin", "/giao SKHCN | Lập kế hoạch | 10/02/2026")
    assert [o.template for o in to(outs, COMMITTEE)] == ["committee_task_new"]
    assert [o.template for o in to(outs, UNIT_GROUP)] == ["task_new"]
    assert to(outs, UNIT_GROUP)[0].assignment_ids == (1,)
    outs = say(h, "lan", "/giahan 1 28/02/2026 Chờ kinh phí")
    assert [o.template for o in to(outs, COMMITTEE)] == ["committee_extension_request"]
    outs = say(h, "admin", "/duyet 1")
    assert [o.template for o in to(outs, COMMITTEE)] == ["committee_extension_decided"]
    assert to(outs, COMMITTEE)[0].values["approved"] is True
    outs = say(h, "lan", "/xong 1 Đã ban hành")
    assert [o.template for o in to(outs, COMMITTEE)] == ["committee_task_done"]


def test_in_a_group_chatter_is_ignored_and_marked_reports_count(h: Harness) -> None:
    _bound(h)
    say(h, "admin", "/giao SKHCN | Lập kế hoạch | 10/02/2026")
    assert say(h, "lan", "Chiều nay họp nhé mọi người", UNIT_GROUP) == []
    outs = say(h, "lan", "#1 đã gửi dự thảo", UNIT_GROUP)
    assert [o.template for o in outs] == ["report_recorded"]
    assert h.reports() == [(1, "#1 đã gửi dự thảo")]


def test_a_reply_to_the_bots_message_is_a_report_on_its_assignment(h: Harness) -> None:
    build(h)
    say(h, "admin", "/giao SKHCN | Việc A | 10/02/2026")
    say(h, "admin", "/giao SKHCN | Việc B | 10/02/2026")
    first, second = sent_id(h, "lan", 1), sent_id(h, "lan", 2)
    # Focus is on #2 (the latest notice), but lan replies to the notice of #1.
    outs = say(h, "lan", "Đã nhận việc A", reply_to=first)
    assert outs[0].values["a"]["id"] == 1
    # "/xong" as a reply needs no number.
    outs = say(h, "lan", "/xong", reply_to=second)
    assert outs[0].template == "task_done" and outs[0].values["a"]["id"] == 2
    assert h.reports() == [(1, "Đã nhận việc A"), (2, "")]


def test_a_reply_in_a_group_to_a_listing_asks_which(h: Harness) -> None:
    _bound(h)
    say(h, "admin", "/giao SKHCN | Việc A | 10/02/2026")
    say(h, "admin", "/giao SKHCN | Việc B | 10/02/2026")
    say(h, "lan", "/nhiemvu", UNIT_GROUP)
    outs = say(h, "lan", "Đang làm cả hai", UNIT_GROUP, reply_to=sent_id(h, UNIT_GROUP, 2))
    assert outs[0].template == "report_which"
    assert [t["id"] for t in outs[0].values["tasks"]] == [1, 2]


def test_a_message_delivered_twice_is_handled_once(h: Harness) -> None:
    build(h)
    say(h, "admin", "/giao SKHCN | Việc A | 10/02/2026")
    assert say(h, "lan", "#1 xong phần khảo sát", message_id="77")
    assert say(h, "lan", "#1 xong phần khảo sát", message_id="77") == []
    assert h.reports() == [(1, "#1 xong phần khảo sát")]


def test_an_unreachable_chat_is_reported_to_the_admins_once(h: Harness) -> None:
    build(h)
    notices = unreachable(h, "lan")
    assert [(n.to.chat_id, n.template) for n in notices] == [("admin", "chat_unreachable")]
    assert unreachable(h, "lan") == []
    # lan is skipped while unreachable, and reachable again once she writes.
    outs = say(h, "admin", "/giao SKHCN | Việc A | 10/02/2026")
    assert to(outs, "lan") == []
    say(h, "lan", "/nhiemvu")
    outs = say(h, "admin", "/giao SKHCN | Việc B | 10/02/2026")
    assert [o.template for o in to(outs, "lan")] == ["task_new"]


def test_invite_codes_become_links_where_the_channel_has_them(h: Harness) -> None:
    build(h)
    h.bot.invite_links["console"] = lambda code: f"https://t.me/dondoc_bot?start={code}"
    text = h.reply("admin", "/moi SKHCN")
    assert "https://t.me/dondoc_bot?start=" in text


def test_a_reply_about_closed_work_is_not_put_elsewhere(h: Harness) -> None:
    build(h)
    say(h, "admin", "/giao SKHCN | Việc A | 10/02/2026")
    first = sent_id(h, "lan", 1)
    say(h, "admin", "/giao SKHCN | Việc B | 10/02/2026")
    say(h, "admin", "/dong 1")
    outs = say(h, "lan", "Cảm ơn", reply_to=first)
    assert [o.template for o in outs] == ["reply_to_closed"]
    assert h.reports() == []


def test_a_command_sent_as_a_reply_reads_a_leading_number_as_text(h: Harness) -> None:
    build(h)
    say(h, "admin", "/giao SKHCN | Việc A | 10/02/2026")
    first = sent_id(h, "lan", 1)
    say(h, "admin", "/giao SKHCN | Việc B | 10/02/2026")
    outs = say(h, "lan", "/giahan 6 tuần nữa Chờ ý kiến", reply_to=first)
    assert outs[0].template == "extension_requested" and outs[0].values["a"]["id"] == 1
    outs = say(h, "lan", "/xong 2 văn bản đã ban hành", reply_to=first)
    assert outs[0].template == "task_done" and outs[0].values["a"]["id"] == 1
    assert outs[0].values["note"] == "2 văn bản đã ban hành"
    # A marked number names another task.
    outs = say(h, "lan", "/xong #2", reply_to=first)
    assert outs[0].template == "task_done" and outs[0].values["a"]["id"] == 2


def test_unknown_commands_in_a_group_get_no_answer(h: Harness) -> None:
    _bound(h)
    assert say(h, "lan", "/weather", UNIT_GROUP) == []
    assert [o.template for o in say(h, "lan", "/weather")] == ["unknown_command"]


def test_questions_in_a_group_answer_the_message_and_ask_for_a_reply(h: Harness) -> None:
    _bound(h)
    outs = say(h, "admin", "/giao", UNIT_GROUP, message_id="55")
    assert (outs[0].template, outs[0].ask, outs[0].reply_to) == ("assign_ask_lead", True, "55")
    outs = say(h, "admin", "/giao", message_id="56")  # private: no thread needed
    assert outs[0].reply_to is None


def test_a_moved_group_is_followed(h: Harness) -> None:
    _bound(h)
    assert h.channel.outbox is not None
    h.channel.outbox.chat_moved("console", COMMITTEE, "grp-new")
    outs = say(h, "admin", "/giao SKHCN | Việc A | 10/02/2026")
    assert [o.to.chat_id for o in outs if o.template == "committee_task_new"] == ["grp-new"]


def test_reachable_again_even_when_the_first_message_is_refused(h: Harness) -> None:
    build(h)
    unreachable(h, "lan")
    assert [o.template for o in say(h, "lan", "/xong")] == ["done_usage"]
    outs = say(h, "admin", "/giao SKHCN | Việc A | 10/02/2026")
    assert [o.template for o in to(outs, "lan")] == ["task_new"]
