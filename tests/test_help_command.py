"""/trogiup NAME: one command's help, in the asker's language.

The help names the command (and its other names), says what it does, shows its forms and
a few examples; where the command has a usage message (what a misuse answers), the forms
are that message, so the two cannot disagree. A command that is not the asker's to use is
explained with who may use it; an unknown name is named back with the closest ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.commands import COMMANDS
from messages import Renderer
from messages.neutral import Incoming
from tests.support.harness import Harness
from tests.world import build

# -- who asks what, and what the answer says --------------------------------------------


@dataclass(frozen=True)
class Ask:
    actor: str
    text: str
    words: tuple[str, ...]  # the reply contains these
    absent: tuple[str, ...] = ()  # and none of these

    def __str__(self) -> str:
        return f"[{self.actor}] {self.text}"


def ask(actor: str, text: str, *words: str, absent: tuple[str, ...] = ()) -> Ask:
    return Ask(actor, text, words, absent)


GIAO = ("/giao", "Tên khác: /assign", "Cách dùng:", "Ví dụ:", "/giao SKHCN | ")
GIAHAN = ("/giahan", "Tên khác: /extend", "Cách dùng: /giahan SỐ NGÀY_MỚI LÝ_DO", "Ví dụ khác:")
# The usage messages that open with what was not understood: help shows their forms only.
NOT_UNDERSTOOD = ("Chưa hiểu", "Chưa rõ")

ASKS = [
    # the ways of naming a command: its name, with "/", in capitals, an alias, as words
    ask("admin", "/trogiup giao", *GIAO),
    ask("admin", "/trogiup /giao", *GIAO),
    ask("admin", "/trogiup GIAO", *GIAO),
    ask("admin", "/help assign", *GIAO),
    ask("admin", "/trogiup /assign@dondoc_bot", *GIAO),
    ask("admin", "/trogiup giao SKHCN | Xây dựng kế hoạch", *GIAO),
    ask("lan", "/trogiup giahan", *GIAHAN),
    ask("lan", "/trogiup gia hạn", *GIAHAN),
    ask("lan", "/trogiup Gia Hạn", *GIAHAN),
    ask("lan", "/help extend", *GIAHAN),
    ask("admin", "/trogiup huy nv", "/huynv", "Cách dùng: /huynv SỐ lý do"),
    ask("admin", "/trogiup canceltask", "/huynv", "Tên khác: /canceltask"),
    ask("admin", "/trogiup batdau", "/start", "Tên khác: /batdau", "/start 7KQ2M9XA"),
    ask("lan", "/trogiup trogiup", "/trogiup TÊN_LỆNH", "/trogiup baocao"),
    # forms from a usage message that opens with what was not understood: from "Cách dùng"
    ask("lan", "/trogiup tiendo", "Cách dùng:", "/tiendo SKHCN", absent=NOT_UNDERSTOOD),
    ask("lan", "/trogiup xuat", "Cách dùng:", "/xuat csv", absent=NOT_UNDERSTOOD),
    ask("lan", "/trogiup kenh", "Cách dùng:", "/kenh ca-hai", absent=NOT_UNDERSTOOD),
    # not the asker's to use: what it does, and who may; no forms
    ask(
        "lan",
        "/trogiup giao",
        "/giao",
        "giao nhiệm vụ cho đơn vị chủ trì",
        "Lệnh /giao chỉ dành cho quản trị viên",
        absent=("Cách dùng", "Ví dụ"),
    ),
    ask(
        "lan",
        "/help approve",
        "/duyet",
        "đồng ý đề nghị gia hạn",
        "chỉ dành cho quản trị viên",
        absent=("Cách dùng",),
    ),
    ask(
        "stranger",
        "/trogiup baocao",
        "/baocao",
        "báo cáo tiến độ",
        "chưa thuộc đơn vị nào",
        "/start MÃ",
        absent=("Cách dùng",),
    ),
    ask(
        "stranger",
        "/trogiup giao",
        "/giao",
        "chỉ dành cho quản trị viên",
        absent=("Cách dùng",),
    ),
    # everyone's commands, for everyone
    ask("stranger", "/trogiup start", "/start MÃ_MỜI", "/start 7KQ2M9XA"),
    ask("stranger", "/trogiup ngonngu", "Cách dùng: /ngonngu vi hoặc /ngonngu en"),
    # unknown names: named back, with the closest, and /trogiup
    ask(
        "lan",
        "/trogiup giaoo",
        "Không có lệnh nào tên “giaoo”",
        "/trogiup giao",
        "Gõ /trogiup để xem mọi lệnh",
    ),
    ask("lan", "/trogiup /baocaoo", "/baocaoo", "/trogiup baocao", "Gõ /trogiup"),
    ask("lan", "/trogiup asign", "asign", "/trogiup assign"),
    ask("stranger", "/trogiup xyzxyz", "xyzxyz", "Gõ /trogiup", absent=("Có phải",)),
    ask("lan", "/trogiup ???", "???", "Gõ /trogiup", absent=("Có phải",)),
    # the full list, still, without a name; and it says how to ask about one
    ask("lan", "/trogiup", "/baocao", "/trogiup TÊN_LỆNH", absent=("/duyet",)),
]


def test_help_for_one_command(h: Harness) -> None:
    build(h)
    failures = []
    for row in ASKS:
        reply = h.reply(row.actor, row.text)
        missing = [w for w in row.words if w not in reply]
        present = [w for w in row.absent if w in reply]
        if missing or present:
            failures.append(f"{row}: missing {missing}, unwanted {present}\n{reply}")
    assert not failures, "\n\n".join(failures)


def test_help_in_english(h: Harness) -> None:
    build(h)
    h.reply("lan", "/ngonngu en")
    reply = h.reply("lan", "/trogiup baocao")
    for words in ("/report", "Also: /baocao", "Usage: /report NUMBER TEXT", "More examples:"):
        assert words in reply, reply
    reply = h.reply("lan", "/help assign")
    assert "/assign is for admins only." in reply and "Usage" not in reply, reply
    reply = h.reply("lan", "/help status")
    assert "Usage:" in reply and "unclear" not in reply, reply
    reply = h.reply("lan", "/help reprot")
    assert "There is no command called “reprot”" in reply and "/help report" in reply, reply
    assert h.reply("admin", "/ngonngu en")
    reply = h.reply("admin", "/trogiup giao")
    assert "/assign" in reply and "Also: /giao" in reply and "/assign SKHCN | " in reply, reply


# -- every command has help -------------------------------------------------------------

NAMES = [c.name for c in COMMANDS]


def _examples(reply: str) -> list[str]:
    """The lines under the reply's "Ví dụ:" / "Examples:" heading (or "… khác", "More …")."""
    lines = reply.splitlines()
    headings = ("Ví dụ:", "Ví dụ khác:", "Examples:", "More examples:")
    starts = [i for i, line in enumerate(lines) if line in headings]
    assert starts, f"no examples heading in:\n{reply}"
    return lines[starts[-1] + 1 :]


@pytest.mark.parametrize("name", NAMES)
def test_every_command_has_help(h: Harness, name: str) -> None:
    """Every registered command, asked by each of its names in both languages, as an admin
    (who may use them all): the help names it and shows an example of it."""
    cmd = COMMANDS.lookup(name)
    assert cmd is not None
    names = (cmd.name, *cmd.aliases)
    for lang in ("vi", "en"):
        h.reply("admin", f"/ngonngu {lang}")
        for word in names:
            reply = h.reply("admin", f"/trogiup {word}")
            assert f"/{word}" in reply, f"{lang}: /trogiup {word} does not name /{word}:\n{reply}"
            examples = _examples(reply)
            assert 1 <= len(examples) <= 3, f"{lang}: /trogiup {word}: {examples}"
            own = tuple(f"/{n}" for n in names)
            assert all(e.startswith(own) for e in examples), f"{lang}: {word}: {examples}"


def test_every_registered_command_is_covered() -> None:
    """A lower bound, so that an empty table cannot pass the test above by itself."""
    assert len(NAMES) >= 30 and "giao" in NAMES and "trogiup" in NAMES


# -- the forms are the usage messages ---------------------------------------------------

# The commands whose forms are a usage message (the template a misuse answers with).
USAGE = {
    "baocao": "report_usage",
    "xong": "done_usage",
    "giahan": "extension_usage",
    "rutlai": "withdraw_usage",
    "lichsu": "history_usage",
    "tiendo": "status_usage",
    "xuat": "export_usage",
    "thanhvien": "members_usage",
    "kenh": "channel_usage",
    "donvi": "unit_usage",
    "ngonngu": "language_usage",
    "sua": "edit_usage",
    "dong": "close_usage",
    "molai": "reopen_usage",
    "huynv": "cancel_usage",
    "duyet": "approve_usage",
    "tuchoi": "refuse_usage",
    "moi": "invite_usage",
    "quantri": "admins_usage",
    "vanban": "doc_usage",
    "nhapvanban": "intake_usage",
    "nhacnho": "remind_usage",
    "lich": "calendar_usage",
}
FORMS_FROM = {"vi": "Cách dùng", "en": "Usage"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_help_shows_the_usage_message(h: Harness, renderer: Renderer, lang: str) -> None:
    h.reply("admin", f"/ngonngu {lang}")
    today = h.bot.clock().astimezone(h.bot.settings.timezone).date()
    for name, usage in USAGE.items():
        text = renderer.render(usage, {}, lang, "text", today=today)
        at = text.find(FORMS_FROM[lang])
        forms = text[at:] if at > 0 else text
        reply = h.reply("admin", f"/trogiup {name}")
        assert forms in reply, f"/trogiup {name} ({lang}) lacks {usage}:\n{forms}\n---\n{reply}"


MISUSES = [  # (actor, a misuse, the command whose help shows the same forms)
    ("lan", "/lichsu", "lichsu"),
    ("lan", "/xong", "xong"),
    ("lan", "/giahan 1", "giahan"),
    ("lan", "/kenh mây", "kenh"),
    ("admin", "/sua 1", "sua"),
    ("admin", "/moi", "moi"),
    ("admin", "/donvi lung tung", "donvi"),
]


def test_a_misuse_and_the_help_show_the_same_forms(h: Harness) -> None:
    build(h)
    h.reply("admin", "/giao SKHCN | Xây dựng kế hoạch | 10/02/2026")
    for actor, misuse, name in MISUSES:
        refusal = h.reply(actor, misuse)
        at = refusal.find("Cách dùng")
        assert at >= 0, f"{misuse}: {refusal}"
        reply = h.reply(actor, f"/trogiup {name}")
        assert refusal[at:] in reply, f"{misuse}:\n{refusal}\n---\n{reply}"


# -- the examples work ------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_assign_examples_assign(h: Harness, lang: str) -> None:
    build(h)
    h.reply("admin", f"/ngonngu {lang}")
    examples = _examples(h.reply("admin", "/trogiup giao"))
    assert len(examples) == 3
    for example in examples:
        reply = h.reply("admin", example)
        assert ("Đã giao nhiệm vụ" if lang == "vi" else "Assigned") in reply, (example, reply)


# -- what was typed is escaped ----------------------------------------------------------


def test_an_unknown_name_is_escaped_in_html(h: Harness, renderer: Renderer) -> None:
    outs = h.handle(Incoming("console", "lan", "lan", "lan", "/trogiup giao<&>"))
    assert [o.template for o in outs] == ["help_unknown"]
    html = renderer.render(outs[0].template, outs[0].values, "vi", "html", today=outs[0].today)
    assert "giao&lt;&amp;&gt;" in html
    assert "<&>" not in html
    assert "/trogiup giao" in html  # the closest name, from what was typed
