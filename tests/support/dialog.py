"""Dialog tables: a conversation as steps, each checked on the messages the core wrote.

A step is who says what and what the bot must answer: the templates of the messages to
the sender, in order, the values that matter in the first of them, and the messages to
anyone else (notices), by chat. Nothing is checked on rendered text: a dialog says which
message the bot chose and with what, and the template tests say how it reads.

    Step("lan", "#1 đã xong", reply="task_done", values={"a.id": 1},
         notices={"admin": Msg("task_done_notice", {"person": "lan"})})

A value's key is a path into the message's values: "a.id", "readings.0.percent",
"asked.day" (a mapping's key, a sequence's index, or an attribute). Everyone the step
does not name in `notices` must be sent nothing. `run_dialog` stops at the first step
that is not as expected and says what was said up to there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from messages.neutral import Incoming, Outgoing
from tests.support.harness import Harness

CHANNEL = "console"


@dataclass(frozen=True)
class Msg:
    """One message expected: its template, and the values of it that matter."""

    template: str
    values: Mapping[str, Any] = field(default_factory=dict)


Expected = str | Msg | Sequence[str | Msg]


@dataclass(frozen=True)
class Step:
    who: str
    text: str
    # The messages to WHO, in order: a template's name, a Msg, or several.
    reply: Expected
    # Values of the first message to WHO (merged over that Msg's own).
    values: Mapping[str, Any] = field(default_factory=dict)
    # Messages to others, by chat: everyone not named here must get nothing.
    notices: Mapping[str, Expected] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"[{self.who}] {self.text}"


MISSING = object()


def value_at(values: Mapping[str, Any], path: str) -> Any:
    """The value at PATH ("a.id", "readings.0.percent", "asked.day") in VALUES, or
    MISSING when there is none."""
    found: Any = values
    for part in path.split("."):
        if isinstance(found, Mapping):
            found = found.get(part, MISSING)
        elif isinstance(found, Sequence) and not isinstance(found, str) and part.isdigit():
            index = int(part)
            found = found[index] if index < len(found) else MISSING
        else:
            found = getattr(found, part, MISSING)
        if found is MISSING:
            return MISSING
    return found


def _messages(expected: Expected) -> list[Msg]:
    if isinstance(expected, str | Msg):
        expected = [expected]
    return [Msg(e) if isinstance(e, str) else e for e in expected]


def _compare(where: str, expected: list[Msg], got: list[Outgoing]) -> list[str]:
    names = [m.template for m in expected]
    sent = [o.template for o in got]
    if names != sent:
        return [f"{where}: expected {names}, got {sent}"]
    problems = []
    for want, out in zip(expected, got, strict=True):
        for path, value in want.values.items():
            actual = value_at(out.values, path)
            if actual is MISSING:
                problems.append(f"{where}: {out.template} has no value {path!r}")
            elif actual != value:
                problems.append(f"{where}: {out.template} {path} = {actual!r}, not {value!r}")
    return problems


def check_step(step: Step, outs: Sequence[Outgoing]) -> list[str]:
    """What is wrong with OUTS, the messages the core wrote for STEP (empty: nothing)."""
    by_chat: dict[str, list[Outgoing]] = {}
    for out in outs:
        by_chat.setdefault(out.to.chat_id, []).append(out)
    replies = _messages(step.reply)
    if step.values:
        if not replies:
            return [f"{step}: values {dict(step.values)} but no reply expected"]
        first = replies[0]
        replies[0] = Msg(first.template, {**first.values, **step.values})
    problems = _compare(f"{step} -> {step.who}", replies, by_chat.pop(step.who, []))
    for chat, expected in step.notices.items():
        problems += _compare(f"{step} -> {chat}", _messages(expected), by_chat.pop(chat, []))
    for chat, unexpected in by_chat.items():
        problems.append(f"{step}: {chat} was also sent {[o.template for o in unexpected]}")
    return problems


def say(h: Harness, who: str, text: str) -> list[Outgoing]:
    """WHO writes TEXT to the bot in a private chat; the messages the core wrote for it."""
    return h.handle(Incoming(CHANNEL, who, who, who, text))


def run_dialog(h: Harness, steps: Sequence[Step], values: Mapping[str, str] | None = None) -> None:
    """Play STEPS in order (their text filled from VALUES: "{spare}"); fail at the first
    step that is not as expected, with the dialog up to it."""
    assert steps, "a dialog with no steps checks nothing"
    said: list[str] = []
    for n, step in enumerate(steps, 1):
        text = step.text.format_map(values) if values else step.text
        outs = say(h, step.who, text)
        said.append(f"  {n}. [{step.who}] {text} -> {[(o.to.chat_id, o.template) for o in outs]}")
        problems = check_step(Step(step.who, text, step.reply, step.values, step.notices), outs)
        if problems:
            raise AssertionError(
                "\n".join([f"step {n} of the dialog:", *problems, "dialog so far:", *said])
            )
