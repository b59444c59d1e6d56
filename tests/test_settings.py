"""Settings from the environment: defaults, parsing, and clear errors."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings


def test_defaults() -> None:
    s = load_settings({})
    assert s.database_url == "sqlite:///dondoc.sqlite3"
    assert str(s.timezone) == "Asia/Ho_Chi_Minh"
    assert s.admins == frozenset() and s.invite_ttl == timedelta(days=7)
    assert s.telegram_token is None and s.language == "vi"


def test_values() -> None:
    s = load_settings(
        {
            "DONDOC_ADMINS": "console:admin, Telegram:1001,,",
            "DONDOC_INVITE_TTL": "48h",
            "DATABASE_URL": "postgresql://u@h/db",
            "TELEGRAM_BOT_TOKEN": " 123:abc ",
        }
    )
    assert s.admins == frozenset({"console:admin", "telegram:1001"})
    assert s.invite_ttl == timedelta(hours=48)
    assert s.database_url == "postgresql://u@h/db" and s.telegram_token == "123:abc"


BAD_VALUES = [
    # env, (kind, name, value, reason, piece)
    ({"DONDOC_ADMINS": "admin"}, ("admins", "DONDOC_ADMINS", "admin", "", "admin")),
    (
        {"DONDOC_ADMINS": "console:admin, telegram"},
        ("admins", "DONDOC_ADMINS", "console:admin, telegram", "", "telegram"),
    ),
    ({"DONDOC_INVITE_TTL": "7 days"}, ("duration", "DONDOC_INVITE_TTL", "7 days", "", "")),
    ({"DONDOC_INVITE_TTL": "0d"}, ("duration", "DONDOC_INVITE_TTL", "0d", "", "")),
    ({"DONDOC_TIMEZONE": "Mars/Base"}, ("timezone", "DONDOC_TIMEZONE", "Mars/Base", "", "")),
    ({"DONDOC_LANGUAGE": "FR"}, ("language", "DONDOC_LANGUAGE", "FR", "", "")),
    ({"DONDOC_WEBHOOK_LISTEN": "8080"}, ("listen", "DONDOC_WEBHOOK_LISTEN", "8080", "", "")),
    (
        {"DONDOC_ZALO_WEBHOOK_LISTEN": "h:0"},
        ("listen", "DONDOC_ZALO_WEBHOOK_LISTEN", "h:0", "", ""),
    ),
    ({"DONDOC_SEND_ATTEMPTS": "0"}, ("positive", "DONDOC_SEND_ATTEMPTS", "0", "", "")),
    ({"DONDOC_TELEGRAM_RATE": "-3"}, ("positive", "DONDOC_TELEGRAM_RATE", "-3", "", "")),
    (
        {"DONDOC_REMIND_BEFORE": "7x"},
        ("plan", "DONDOC_REMIND_BEFORE", "7x", "unreadable", "7x"),
    ),
    (
        {"DONDOC_REMIND_BEFORE": "7d,0h"},
        ("plan", "DONDOC_REMIND_BEFORE", "7d,0h", "zero", "0h"),
    ),
    (
        {"DONDOC_OFFICE_HOURS": "17:30-07:30"},
        ("office_hours", "DONDOC_OFFICE_HOURS", "17:30-07:30", "reversed", ""),
    ),
    (
        {"DONDOC_OFFICE_HOURS": "07:30-25:00"},
        ("office_hours", "DONDOC_OFFICE_HOURS", "07:30-25:00", "not_a_time", "25:00"),
    ),
    (
        {"DONDOC_WORKDAYS": "fri-mon"},
        ("workdays", "DONDOC_WORKDAYS", "fri-mon", "backwards", "fri-mon"),
    ),
    (
        {"DONDOC_WORKDAYS": "t2-t8"},
        ("workdays", "DONDOC_WORKDAYS", "t2-t8", "unknown_weekday", "t8"),
    ),
    (
        {"DONDOC_DIGEST_TIME": "7h30"},
        ("time_of_day", "DONDOC_DIGEST_TIME", "7h30", "unreadable", ""),
    ),
    (
        {"DONDOC_DIGEST_TIME": "24:00"},
        ("time_of_day", "DONDOC_DIGEST_TIME", "24:00", "not_a_time", "24:00"),
    ),
]


@pytest.mark.parametrize(("env", "expected"), BAD_VALUES)
def test_bad_values_carry_the_variable_and_what_is_wrong(
    env: dict[str, str], expected: tuple[str, str, str, str, str]
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(env)
    error = caught.value
    assert (error.kind, error.name, error.value, error.reason, error.piece) == expected
    assert error.language == "vi"
    # What the settings_invalid template is rendered with (bot.cli).
    values = error.values()
    assert tuple(values[k] for k in ("kind", "name", "value", "reason", "piece")) == expected


@pytest.mark.parametrize("name", ["TELEGRAM_WEBHOOK_SECRET", "ZALO_WEBHOOK_SECRET"])
def test_a_bad_secret_is_never_repeated(name: str) -> None:
    secret = "bí-mật-của-bot"
    with pytest.raises(SettingsError) as caught:
        load_settings({name: secret})
    error = caught.value
    assert error.kind == ("telegram_secret" if name.startswith("TELEGRAM") else "zalo_secret")
    assert error.name == name
    assert error.values()["value"] == "" and secret not in str(error)


def test_a_refusal_is_said_in_the_configured_language() -> None:
    """DONDOC_LANGUAGE is read first: the other refusals are said in it; a language that
    is not one the bot speaks is refused in Vietnamese."""
    with pytest.raises(SettingsError) as caught:
        load_settings({"DONDOC_LANGUAGE": "EN", "DONDOC_TIMEZONE": "Mars/Base"})
    assert (caught.value.kind, caught.value.language) == ("timezone", "en")
    with pytest.raises(SettingsError) as caught:
        load_settings({"DONDOC_LANGUAGE": "fr", "DONDOC_INVITE_TTL": "7 days"})
    assert (caught.value.kind, caught.value.language) == ("language", "vi")


def test_env_file_is_read_and_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = tmp_path / ".env"
    env.write_text("DONDOC_INVITE_TTL=3d\nDONDOC_ADMINS=console:boss\n")
    monkeypatch.setenv("DONDOC_ADMINS", "console:admin")
    monkeypatch.delenv("DONDOC_INVITE_TTL", raising=False)
    s = load_settings(env_file=env)
    assert s.invite_ttl == timedelta(days=3)
    assert s.admins == frozenset({"console:admin"})


def test_webhooks_listen_on_loopback_unless_told() -> None:
    """Issue 13: a webhook reachable from every address invites floods without the secret;
    a deployment puts its HTTPS proxy in front and the bot on loopback."""
    settings = load_settings({})
    assert settings.webhook_listen == ("127.0.0.1", 8080)
    assert settings.zalo_webhook_listen == ("127.0.0.1", 8081)
    told = load_settings({"DONDOC_WEBHOOK_LISTEN": "0.0.0.0:9000"})
    assert told.webhook_listen == ("0.0.0.0", 9000)
