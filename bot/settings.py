"""Settings: read once at start from the environment (and a .env file) into one object.

A bad value is a SettingsError naming the variable, what is wrong and the reader's
pieces; the command line words it with the settings_invalid template, never a traceback.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scheduler.calendar import (
    CalendarError,
    OfficeHours,
    parse_office_hours,
    parse_time_of_day,
    parse_workdays,
)
from scheduler.policy import MAX_OFFSETS, Offset, PlanError, parse_plan

if TYPE_CHECKING:  # made on demand: a command that reads a date need not load the scheduler
    from scheduler.planning import Planner
    from scheduler.service import Schedule

DEFAULT_DATABASE_URL = "sqlite:///dondoc.sqlite3"
DEFAULT_LANGUAGE = "vi"
LANGUAGES = ("vi", "en")
T = TypeVar("T")


class SettingsError(ValueError):
    """A setting that cannot be used.

    kind: the form NAME expects: "duration" (7d, 24h, 90m, 2s, above 0), "listen"
    (host:port), "positive" (a whole number above 0), "admins" (channel:id items),
    "timezone" (an IANA zone), "language" (vi or en), "telegram_secret" and "zalo_secret"
    (1-256, 8-256 characters of A-Z, a-z, 0-9, _ and -), and the reminder settings read
    by the scheduler's readers: "plan", "office_hours", "workdays", "time_of_day".
    name: the variable. value: what it holds (stripped; a secret's is never shown).
    reason and piece: the reader's kind and offending piece (PlanError, CalendarError;
    for "admins" the item that is not channel:id, with reason ""). language: the language
    to say it in, DONDOC_LANGUAGE when that was readable, else vi (set by load_settings).

    The settings_invalid template words it; str() is a short line for developers.
    """

    def __init__(
        self, kind: str, name: str, value: str, *, reason: str = "", piece: str = ""
    ) -> None:
        super().__init__(
            f"{name}: {kind}" + (f" {reason}" if reason else "") + (f" {piece!r}" if piece else "")
        )
        self.kind = kind
        self.name = name
        self.value = value
        self.reason = reason
        self.piece = piece
        self.language = DEFAULT_LANGUAGE

    def values(self) -> dict[str, object]:
        """What the settings_invalid template reads."""
        secret = self.kind.endswith("_secret")
        return {
            "kind": self.kind,
            "name": self.name,
            "value": "" if secret else self.value,
            "reason": self.reason,
            "piece": self.piece,
            "most": MAX_OFFSETS,
        }


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Ho_Chi_Minh"))
    # Bootstrap admins as "channel:id" (console:admin, telegram:1001).
    admins: frozenset[str] = frozenset()
    invite_ttl: timedelta = timedelta(days=7)
    # How long after the bot named exactly one assignment a plain message still counts
    # as a report on it.
    reply_window: timedelta = timedelta(hours=24)
    # How long an official may withdraw a report (or a close) they made by mistake.
    undo_window: timedelta = timedelta(hours=2)
    language: str = DEFAULT_LANGUAGE
    telegram_token: str | None = None
    telegram_api_url: str | None = None
    telegram_webhook_secret: str | None = None
    # Where the webhook server listens (the public URL is given to `dondoc run --webhook`).
    webhook_listen: tuple[str, int] = ("127.0.0.1", 8080)
    zalo_token: str | None = None
    zalo_api_url: str | None = None
    zalo_webhook_secret: str | None = None
    # The bot's name as people @-mention it in groups (Zalo's getMe does not say it).
    zalo_bot_name: str | None = None
    # Zalo's webhook server listens apart from Telegram's, so one process can serve both.
    zalo_webhook_listen: tuple[str, int] = ("127.0.0.1", 8081)
    # Sending: how many attempts for a message that meets passing failures, and the wait
    # before the second one (doubling after).
    send_attempts: int = 5
    # Working days a task may stay late before the lead unit's head and deputies are told.
    escalate_after: int = 3
    send_backoff: timedelta = timedelta(seconds=1)
    # At most this many messages being sent (or marked) at once: all a crash can repeat.
    send_concurrency: int = 16
    # Telegram's limit on the bot's messages a second (30; more with paid broadcasts or
    # a self-hosted Bot API server).
    telegram_rate: int = 30
    # ... and a minute into one group (20).
    telegram_group_rate: int = 20
    # A clean stop gives what is being sent this long to finish.
    stop_grace: timedelta = timedelta(seconds=15)
    # How long sent (and otherwise finished) outbox rows are kept, and how long the ids of
    # sent messages are kept so a reply to one is traced to its assignment.
    outbox_keep: timedelta = timedelta(days=30)
    sent_ids_keep: timedelta = timedelta(days=365)
    # Reminders: the default plan, office hours and working days, the committee's digests,
    # and how often the dispatcher looks for due rows besides waking at the next one.
    remind_before: tuple[Offset, ...] = parse_plan("7d,3d,1d,0d")
    office_hours: OfficeHours = field(default_factory=OfficeHours)
    workdays: frozenset[int] = frozenset(range(5))  # Monday to Friday
    digest_time: time = time(7, 30)
    dispatch_interval: timedelta = timedelta(seconds=30)
    # For tests and demos only: read "now" from this file (ISO 8601) instead of the clock.
    clock_file: str | None = None

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def planner(self) -> Planner:
        """The reminder policy these settings describe (made once, at wiring time)."""
        from scheduler.planning import Planner

        return Planner(
            self.timezone,
            self.remind_before,
            self.office_hours,
            self.workdays,
            self.escalate_after,
        )

    def schedule(self) -> Schedule:
        """When the sending side's jobs run, and how long it keeps what it sent."""
        from scheduler.service import Schedule

        return Schedule(
            timezone=self.timezone,
            digest_time=self.digest_time,
            dispatch_interval=self.dispatch_interval,
            outbox_keep=self.outbox_keep,
            sent_ids_keep=self.sent_ids_keep,
        )


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$")
_UNITS = {"ms": "milliseconds", "s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_ZALO_SECRET = re.compile(r"^[A-Za-z0-9_-]{8,256}$")


def parse_duration(value: str, name: str) -> timedelta:
    match = _DURATION.match(value.lower())
    if not match or float(match.group(1)) == 0:
        raise SettingsError("duration", name, value)
    return timedelta(**{_UNITS[match.group(2)]: float(match.group(1))})


def _listen(value: str, name: str = "DONDOC_WEBHOOK_LISTEN") -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise SettingsError("listen", name, value)
    return host, int(port)


def _positive(value: str, name: str) -> int:
    if not value.isdigit() or int(value) == 0:
        raise SettingsError("positive", name, value)
    return int(value)


def _admins(value: str) -> frozenset[str]:
    ids = set()
    for raw in value.split(","):
        item = raw.strip()
        if not item:
            continue
        channel, sep, ident = item.partition(":")
        if not sep or not channel or not ident:
            raise SettingsError("admins", "DONDOC_ADMINS", value, piece=item)
        ids.add(f"{channel.lower()}:{ident}")
    return frozenset(ids)


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = None
) -> Settings:
    """Settings from ENVIRON (default: os.environ, completed by ./.env when present).
    SettingsError for a value that cannot be used, with the language to say it in."""
    if environ is None:
        env_file = env_file or Path(".env")
        merged: dict[str, str] = {}
        if env_file.is_file():
            from dotenv import dotenv_values

            merged.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        merged.update(os.environ)  # the real environment wins over the file
        environ = merged

    def get(name: str) -> str | None:
        value = environ.get(name)
        return value.strip() if value and value.strip() else None

    # The language first: a refusal of any other value is said in it.
    written = get("DONDOC_LANGUAGE") or DEFAULT_LANGUAGE
    language = written.lower()
    if language not in LANGUAGES:
        raise SettingsError("language", "DONDOC_LANGUAGE", written)
    try:
        return _settings(get, language)
    except SettingsError as error:
        error.language = language
        raise


def _settings(get: Callable[[str], str | None], language: str) -> Settings:
    tz_name = get("DONDOC_TIMEZONE") or "Asia/Ho_Chi_Minh"
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SettingsError("timezone", "DONDOC_TIMEZONE", tz_name) from exc

    return Settings(
        database_url=get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        timezone=tz,
        admins=_admins(get("DONDOC_ADMINS") or ""),
        invite_ttl=parse_duration(get("DONDOC_INVITE_TTL") or "7d", "DONDOC_INVITE_TTL"),
        reply_window=parse_duration(get("DONDOC_REPLY_WINDOW") or "24h", "DONDOC_REPLY_WINDOW"),
        undo_window=parse_duration(get("DONDOC_UNDO_WINDOW") or "2h", "DONDOC_UNDO_WINDOW"),
        language=language,
        telegram_token=get("TELEGRAM_BOT_TOKEN"),
        telegram_api_url=get("TELEGRAM_API_URL"),
        telegram_webhook_secret=_secret(get("TELEGRAM_WEBHOOK_SECRET")),
        webhook_listen=_listen(get("DONDOC_WEBHOOK_LISTEN") or "127.0.0.1:8080"),
        zalo_token=get("ZALO_BOT_TOKEN"),
        zalo_api_url=get("ZALO_API_URL"),
        zalo_webhook_secret=_zalo_secret(get("ZALO_WEBHOOK_SECRET")),
        zalo_bot_name=get("ZALO_BOT_NAME"),
        zalo_webhook_listen=_listen(
            get("DONDOC_ZALO_WEBHOOK_LISTEN") or "127.0.0.1:8081", "DONDOC_ZALO_WEBHOOK_LISTEN"
        ),
        send_attempts=_positive(get("DONDOC_SEND_ATTEMPTS") or "5", "DONDOC_SEND_ATTEMPTS"),
        escalate_after=_positive(get("DONDOC_ESCALATE_AFTER") or "3", "DONDOC_ESCALATE_AFTER"),
        send_backoff=parse_duration(get("DONDOC_SEND_BACKOFF") or "1s", "DONDOC_SEND_BACKOFF"),
        send_concurrency=_positive(
            get("DONDOC_SEND_CONCURRENCY") or "16", "DONDOC_SEND_CONCURRENCY"
        ),
        telegram_rate=_positive(get("DONDOC_TELEGRAM_RATE") or "30", "DONDOC_TELEGRAM_RATE"),
        telegram_group_rate=_positive(
            get("DONDOC_TELEGRAM_GROUP_RATE") or "20", "DONDOC_TELEGRAM_GROUP_RATE"
        ),
        stop_grace=parse_duration(get("DONDOC_STOP_GRACE") or "15s", "DONDOC_STOP_GRACE"),
        outbox_keep=parse_duration(get("DONDOC_OUTBOX_KEEP") or "30d", "DONDOC_OUTBOX_KEEP"),
        sent_ids_keep=parse_duration(get("DONDOC_SENT_IDS_KEEP") or "365d", "DONDOC_SENT_IDS_KEEP"),
        remind_before=_read(
            parse_plan, "plan", get("DONDOC_REMIND_BEFORE") or "7d,3d,1d,0d", "DONDOC_REMIND_BEFORE"
        ),
        office_hours=_read(
            parse_office_hours,
            "office_hours",
            get("DONDOC_OFFICE_HOURS") or "07:30-17:30",
            "DONDOC_OFFICE_HOURS",
        ),
        workdays=_read(
            parse_workdays, "workdays", get("DONDOC_WORKDAYS") or "mon-fri", "DONDOC_WORKDAYS"
        ),
        digest_time=_read(
            parse_time_of_day,
            "time_of_day",
            get("DONDOC_DIGEST_TIME") or "07:30",
            "DONDOC_DIGEST_TIME",
        ),
        dispatch_interval=parse_duration(
            get("DONDOC_DISPATCH_INTERVAL") or "30s", "DONDOC_DISPATCH_INTERVAL"
        ),
        clock_file=get("DONDOC_CLOCK_FILE"),
    )


def _read(reader: Callable[[str], T], kind: str, value: str, name: str) -> T:
    """VALUE read once by the reminder settings' READER, else a SettingsError of KIND that
    carries the reader's kind and piece."""
    try:
        return reader(value)
    except (PlanError, CalendarError) as error:
        raise SettingsError(kind, name, value, reason=error.kind, piece=error.piece) from None


def _zalo_secret(value: str | None) -> str | None:
    # Zalo asks for 8-256 characters; the same alphabet keeps it safe in a header.
    if value is not None and not _ZALO_SECRET.match(value):
        raise SettingsError("zalo_secret", "ZALO_WEBHOOK_SECRET", value)
    return value


def _secret(value: str | None) -> str | None:
    # Telegram accepts 1-256 characters of A-Z, a-z, 0-9, _ and - in a webhook secret.
    if value is not None and not _WEBHOOK_SECRET.match(value):
        raise SettingsError("telegram_secret", "TELEGRAM_WEBHOOK_SECRET", value)
    return value
