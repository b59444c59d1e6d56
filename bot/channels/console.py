"""The console channel: a chat with the bot in a terminal, and the transcript of it.

Each line is a message from the current user; `/as NAME` switches user, so one person can
play the admin and the officials. Messages the bot sends to anyone else are printed with
their recipient. It is a real adapter: the same core, the same outbox rows and the same
templates (as plain text). Printing is instant, so a message's rows are claimed, printed
and marked sent in one transaction once the core has committed them; reminders are
planned but not sent here (no clock runs in a console session).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bot.core import Bot
from messages import Renderer
from messages.neutral import DOCUMENT, MAX_INCOMING_FILE, Attachment, Incoming, Outgoing
from scheduler.outbox import SENT, OutboxStore, Outcome

CHANNEL = "console"
_AS = re.compile(r"^/as(?:\s+(\S+))?\s*$")
_FILE = re.compile(r"^/tep(?:\s+(.+))?$")
_NAME = re.compile(r"^[\w.\-]{1,40}$")


@dataclass
class Delivery:
    """One message as the console showed it: who it went to, the rendered text, and the
    id the console gave it (as a platform would: a reply to it is traced)."""

    to: str
    text: str
    assignment_ids: tuple[int, ...] = ()
    message_id: str = ""


@dataclass
class ConsoleChannel:
    bot: Bot
    renderer: Renderer
    user: str = "admin"
    language: str = "vi"
    out: TextIO = field(default_factory=lambda: sys.stdout)
    transcript: list[Delivery] = field(default_factory=list)
    # Where files the bot sends (/xuat, charts) are written.
    files: Path = field(default_factory=lambda: Path("dondoc-files"))
    outbox: OutboxStore | None = None

    def __post_init__(self) -> None:
        if self.outbox is None:
            self.outbox = OutboxStore(
                self.bot.sessions, self.bot.clock, [CHANNEL], self.bot.admin_notices, None
            )

    def say(self, text: str, attachment: Attachment | None = None) -> list[Delivery]:
        """Send TEXT (with a file: its caption) as the current user; returns (and prints)
        what the bot sent."""
        switch = _AS.match(text.strip()) if attachment is None else None
        if switch:
            return [self._switch(switch.group(1))]
        upload = _FILE.match(text.strip()) if attachment is None else None
        if upload:
            return self._upload(upload.group(1))
        message = Incoming(
            channel=CHANNEL,
            chat_id=self.user,
            sender_id=self.user,
            sender_name=self.user,
            text=text,
            attachment=attachment,
        )
        return self.handle(message)[1]

    def handle(self, message: Incoming) -> tuple[list[Outgoing], list[Delivery]]:
        """MESSAGE to the core; what it wrote, and what the console showed of the outbox."""
        written = self.bot.handle(message)
        shown: list[Delivery] = []

        def show(out: Outgoing) -> Outcome:
            shown.append(self._deliver(out))
            return Outcome(SENT, (shown[-1].message_id,), to=out.to)

        assert self.outbox is not None
        self.outbox.deliver_at_once(show)
        for delivery in shown:
            self._print(delivery)
        return written, shown

    def _upload(self, name: str | None) -> list[Delivery]:
        """ "/tep PATH": send the file at PATH, as a chat app would (a letter to import)."""
        path = Path(name.strip().strip('"')).expanduser() if name else None
        if path is None or not path.is_file():
            values = {"path": name or ""}
            note = Delivery(
                self.user, self.renderer.render("console_file_missing", values, self.language)
            )
            self._print(note)
            return [note]
        data = path.read_bytes()
        size = len(data)
        # As a platform would: a file too large to read arrives without its bytes.
        kept = data if size <= MAX_INCOMING_FILE else b""
        return self.say("", Attachment(path.name, kept, DOCUMENT, size))

    def _switch(self, name: str | None) -> Delivery:
        if name and _NAME.match(name):
            self.user = name
            text = self.renderer.render("console_as", {"name": name}, self.language)
        else:
            text = self.renderer.render("console_as_usage", {}, self.language)
        note = Delivery(self.user, text)
        self._print(note)
        return note

    def _deliver(self, message: Outgoing) -> Delivery:
        text = self.renderer.render(
            message.template, message.values, message.lang, "text", today=message.today
        )
        if message.buttons:
            labels = [
                f"[{b.label(self.renderer, message.lang)}: {b.command}]" for b in message.buttons
            ]
            text += "\n" + " ".join(labels)
        if message.attachment is not None:
            text += "\n" + self._save(message.attachment)
        delivery = Delivery(
            message.to.chat_id, text, message.assignment_ids, str(len(self.transcript) + 1)
        )
        self.transcript.append(delivery)
        return delivery

    def _save(self, attachment: Attachment) -> str:
        """A terminal shows no files: write it where the person can open it."""
        self.files.mkdir(parents=True, exist_ok=True)
        path = self.files / attachment.filename
        path.write_bytes(attachment.data)
        return f"[{path}]"

    def _print(self, delivery: Delivery) -> None:
        if delivery.to == self.user:
            body = delivery.text
        else:
            body = f"→ {delivery.to}:\n" + _indent(delivery.text)
        print(body, file=self.out)
        print(file=self.out)

    def run(self, lines: Iterable[str]) -> None:
        """Handle every line of LINES (a script, a pipe) until it ends."""
        for line in lines:
            if line.strip():
                self.say(line.rstrip("\n"))

    def run_interactive(self) -> None:
        """Prompt at a terminal until Ctrl-D or Ctrl-C."""
        while True:
            try:
                line = input(f"[{self.user}]> ")
            except (EOFError, KeyboardInterrupt):
                print(file=self.out)
                return
            if line.strip():
                self.say(line)


def _indent(text: str) -> str:
    return "\n".join("   " + line if line else line for line in text.splitlines())
