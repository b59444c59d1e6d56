"""The console channel: a chat with the bot in a terminal, and the transcript of it.

Each line is a message from the current user; `/as NAME` switches user, so one person can
play the admin and the officials. Messages the bot sends to anyone else are printed with
their recipient. It is a real adapter: the same core, the same outbox rows and the same
templates (as plain text). Printing is instant, so a message's rows are claimed, printed
and marked sent in one transaction once the core has committed them; reminders are
planned but not sent here (no clock runs in a console session).

Whatever fails on the way (a file that cannot be written, a database that refuses writes)
is answered in words and the session goes on: a person never sees a traceback here.
"""

from __future__ import annotations

import errno
import itertools
import logging
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.conversation.core import Bot
from bot.logs import first_line
from bot.reading.dates import DateError, read_date
from messages import Renderer
from messages.neutral import DOCUMENT, MAX_INCOMING_FILE, Attachment, Incoming, Outgoing
from scheduler.outbox import SENT, OutboxStore, Outcome
from storage.keys import fold

log = logging.getLogger(__name__)

CHANNEL = "console"
_AS = re.compile(r"^/as(?:\s+(\S+))?\s*$")
_FILE = re.compile(r"^/tep(?:\s+(.+))?$")
_CLOCK = re.compile(r"^/(?:dongho|clock)(?:\s+(.+?))?\s*$")
_FORWARD = re.compile(r"^\+\s*(\d{1,4})\s*(d|ngay|h|gio|m|phut)$")
_UNITS = {
    "d": "days",
    "ngay": "days",
    "h": "hours",
    "gio": "hours",
    "m": "minutes",
    "phut": "minutes",
}
# A day named without a time of day: the clock goes to the start of a working morning.
_MORNING = time(8, 0)
_NAME = re.compile(r"^[\w.\-]{1,40}$")
# The command word, and the words that choose a file's kind rather than its scope
# ("/xuat csv ...", "/tiendo bieudo ..."): the file's extension says those already.
_COMMAND = re.compile(r"^/\S+\s*")
_KIND_WORDS = {"csv", "xlsx", "bieudo", "chart"}
_SLUG_LENGTH = 60


def _never(error: BaseException) -> bool:
    return False


@dataclass
class Shown:
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
    transcript: list[Shown] = field(default_factory=list)
    # Where files the bot sends (/xuat, charts) are written.
    files: Path = field(default_factory=lambda: Path("dondoc-files"))
    outbox: OutboxStore | None = None
    # For the answer when the core could not even write its own (the database failed):
    # where the data lives, and whether an error says it takes no writes. The wiring
    # hands them in; an adapter knows nothing of storage.
    database: str = ""
    read_only: Callable[[BaseException], bool] = _never
    # `/dongho`: how to move the clock forward (the wiring's MovableClock), and the jobs a
    # running bot would have done meanwhile (the committee's digests, the next occurrence
    # of recurring duties). Without a mover, the console's clock cannot be moved.
    move_clock: Callable[[timedelta], None] | None = None
    after_moving: Callable[[], None] = field(default=lambda: None)
    # The line being handled: a file it asks for is named after its scope.
    _asked: str = field(default="", init=False, repr=False)

    def __post_init__(self) -> None:
        if self.outbox is None:
            self.outbox = OutboxStore(
                self.bot.sessions,
                self.bot.clock,
                [CHANNEL],
                self.bot.admin_notices,
                None,
                planner=self.bot.planner,
            )

    def say(self, text: str, attachment: Attachment | None = None) -> list[Shown]:
        """Send TEXT (with a file: its caption) as the current user; returns (and prints)
        what the bot sent."""
        switch = _AS.match(text.strip()) if attachment is None else None
        if switch:
            return [self._switch(switch.group(1))]
        upload = _FILE.match(text.strip()) if attachment is None else None
        if upload:
            return self._upload(upload.group(1))
        clock = _CLOCK.match(text.strip()) if attachment is None else None
        if clock:
            return self._move_clock(clock.group(1))
        message = Incoming(
            channel=CHANNEL,
            chat_id=self.user,
            sender_id=self.user,
            sender_name=self.user,
            text=text,
            attachment=attachment,
        )
        self._asked = text
        try:
            return self.handle(message)[1]
        finally:
            self._asked = ""

    def handle(self, message: Incoming) -> tuple[list[Outgoing], list[Shown]]:
        """MESSAGE to the core; what it wrote, and what the console showed of the outbox."""
        try:
            written = self.bot.handle(message)
        except Exception as error:
            # The core answers every failure itself, in the database: an error that gets
            # out means even that answer could not be written.
            return [], [self._database_failed(error)]
        return written, self._deliver_due()

    def _deliver_due(self) -> list[Shown]:
        """Everything due in the outbox (answers, notices, reminders), shown and marked."""
        shown: list[Shown] = []

        def show(out: Outgoing) -> Outcome:
            shown.append(self._deliver(out))
            return Outcome(SENT, (shown[-1].message_id,), to=out.to)

        assert self.outbox is not None
        try:
            self.outbox.deliver_at_once(show)
        except Exception as error:
            # The answers are written but could not be marked as shown: show them (they
            # stay pending, for the next line to show again), then say why.
            log.warning("console delivery failed: %s", error, exc_info=True)
            for delivery in shown:
                self._print(delivery)
            return [*shown, self._database_failed(error)]
        for delivery in shown:
            self._print(delivery)
        return shown

    # -- the console's clock ------------------------------------------------------------

    def _move_clock(self, text: str | None) -> list[Shown]:
        """`/dongho`: the clock as it stands; `/dongho +3d` or `/dongho 10/03/2026 8h`: on
        to then, with what a running bot would have sent meanwhile. Admins only."""
        tz = self.bot.settings.timezone
        now = self.bot.clock().astimezone(tz)
        values: dict[str, object] = {"now": now, "moved": None}
        if text and not self.bot.is_admin(CHANNEL, self.user):
            return [self._console_says("admin_only", {"command": "dongho"})]
        if text:
            target = _target(text, now, tz)
            if target is None:
                return [self._console_says("console_clock_usage", {"now": now})]
            if self.move_clock is None:
                return [self._console_says("console_clock_fixed", {"now": now})]
            if target <= now:
                values = {"now": now, "asked": target}
                return [self._console_says("console_clock_backwards", values)]
            self.move_clock(target - now)
            self.after_moving()
            values = {"now": target, "moved": now}
        return [self._console_says("console_clock", values), *self._deliver_due()]

    def _console_says(self, template: str, values: dict[str, object]) -> Shown:
        note = Shown(self.user, self.renderer.render(template, values, self.language))
        self._print(note)
        return note

    def _database_failed(self, error: BaseException) -> Shown:
        where = self.database or "DATABASE_URL"
        if self.read_only(error):
            kind = "postgresql" if "://" in where else "sqlite"
            values = {"where": where, "kind": kind}
            text = self.renderer.render("database_read_only", values, self.language)
        else:
            reason = first_line(getattr(error, "orig", None) or error)
            values = {"where": where, "reason": reason}
            text = self.renderer.render("database_unavailable", values, self.language)
        note = Shown(self.user, text)
        self._print(note)
        return note

    def _upload(self, name: str | None) -> list[Shown]:
        """ "/tep PATH": send the file at PATH, as a chat app would (a letter to import)."""
        path = Path(name.strip().strip('"')).expanduser() if name else None
        if path is None or not path.is_file():
            values = {"path": name or ""}
            note = Shown(
                self.user, self.renderer.render("console_file_missing", values, self.language)
            )
            self._print(note)
            return [note]
        data = path.read_bytes()
        size = len(data)
        # As a platform would: a file too large to read arrives without its bytes.
        kept = data if size <= MAX_INCOMING_FILE else b""
        return self.say("", Attachment(path.name, kept, DOCUMENT, size))

    def _switch(self, name: str | None) -> Shown:
        if name and _NAME.match(name):
            self.user = name
            text = self.renderer.render("console_as", {"name": name}, self.language)
        else:
            text = self.renderer.render("console_as_usage", {}, self.language)
        note = Shown(self.user, text)
        self._print(note)
        return note

    def _deliver(self, message: Outgoing) -> Shown:
        text = self.renderer.render(
            message.template, message.values, message.lang, "text", today=message.today
        )
        if message.buttons:
            labels = [
                f"[{b.label(self.renderer, message.lang)}: {b.command}]" for b in message.buttons
            ]
            text += "\n" + " ".join(labels)
        if message.attachment is not None:
            scope = message.values.get("scope")
            text += "\n" + self._save(message.attachment, message.lang, scope)
        delivery = Shown(
            message.to.chat_id, text, message.assignment_ids, str(len(self.transcript) + 1)
        )
        self.transcript.append(delivery)
        return delivery

    def _save(self, attachment: Attachment, lang: str, scope: object = None) -> str:
        """A terminal shows no files: write it where the person can open it, or say why
        it could not be written and what to do. SCOPE is what the answer says the file
        covers ({"document": ..., "from": date, "to": date})."""
        name = _scoped_name(attachment.filename, self._asked, scope)
        try:
            self.files.mkdir(parents=True, exist_ok=True)
            path = _write_new(self.files, name, attachment.data)
        except OSError as error:
            values = {
                "file": name,
                "folder": str(self.files.absolute()),
                "reason": _why(error),
                "detail": error.strerror or type(error).__name__,
            }
            return self.renderer.render("console_file_unwritable", values, lang)
        return f"[{path}]"

    def _print(self, delivery: Shown) -> None:
        if delivery.to == self.user:
            body = delivery.text
        else:
            body = f"→ {delivery.to}:\n" + _indent(delivery.text)
        print(body, file=self.out)
        print(file=self.out)

    def run(self, lines: Iterable[str]) -> None:
        """Handle every line of LINES (a script, a pipe) until it ends. Each line is
        printed after the prompt, as a terminal would have shown it, so the transcript
        reads like an interactive session."""
        for raw in lines:
            line = raw.rstrip("\r\n")
            if line.strip():
                print(f"[{self.user}]> {line}", file=self.out)
                self.say(line)

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


def _target(text: str, now: datetime, tz: ZoneInfo) -> datetime | None:
    """The moment TEXT names: "+3d" (d, h, m; ngày, giờ, phút) from NOW, or a day
    (and a time) as officials write them; None when it is neither."""
    folded = fold(unicodedata.normalize("NFC", text)).strip()
    if m := _FORWARD.match(folded):
        return now + timedelta(**{_UNITS[m[2]]: int(m[1])})
    try:
        read = read_date(text, now, tz)
    except DateError:
        return None
    return datetime.combine(read.day, read.time or _MORNING, tzinfo=tz)


def _scoped_name(filename: str, asked: str, scope: object = None) -> str:
    """FILENAME with the scope the asking line named, and the period it was read as
    ("/xuat SKHCN tháng 5" on 5 January 2026 gives
    "tien-do-nhiem-vu-2026-01-05-skhcn-thang-5-20250501-20250531.xlsx"), so exports of
    different scopes are different files; no scope leaves the name as the bot made it."""
    words = _COMMAND.sub("", asked.strip(), count=1).split() if asked.startswith("/") else []
    if words and _slug(words[0]) in _KIND_WORDS:
        words = words[1:]
    label = _slug(" ".join(words))[:_SLUG_LENGTH].strip("-")
    if isinstance(scope, Mapping):
        start, end = scope.get("from"), scope.get("to")
        if isinstance(start, date) and isinstance(end, date):
            label = "-".join(part for part in (label, f"{start:%Y%m%d}-{end:%Y%m%d}") if part)
    if not label:
        return filename
    stem, dot, extension = filename.rpartition(".")
    return f"{stem}-{label}.{extension}" if dot else f"{filename}-{label}"


def _slug(text: str) -> str:
    """TEXT in lower-case ASCII letters and digits joined by "-" ("Quý II/2026" gives
    "quy-ii-2026"), as the bot's own file names are."""
    return re.sub(r"[^a-z0-9]+", "-", fold(unicodedata.normalize("NFC", text))).strip("-")


def _write_new(folder: Path, name: str, data: bytes) -> Path:
    """DATA in a new file FOLDER/NAME, or NAME-2, NAME-3... when that is taken: a file
    never overwrites another, from this session or an earlier one."""
    stem, dot, extension = name.rpartition(".")
    for number in itertools.count(1):
        suffix = "" if number == 1 else f"-{number}"
        path = folder / (f"{stem}{suffix}.{extension}" if dot else f"{name}{suffix}")
        try:
            with path.open("xb") as out:  # "x": created here, never an existing file
                out.write(data)
        except FileExistsError:
            continue
        return path
    raise AssertionError("unreachable")


def _why(error: OSError) -> str:
    """Which of the template's explanations fits ERROR."""
    if isinstance(error, PermissionError) or error.errno == errno.EROFS:
        return "permission"
    if isinstance(error, FileExistsError | NotADirectoryError):
        return "not_a_folder"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "no_space"
    return "other"


def _indent(text: str) -> str:
    return "\n".join("   " + line if line else line for line in text.splitlines())
