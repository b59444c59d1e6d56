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


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DONDOC_ADMINS": "admin"}, "DONDOC_ADMINS"),
        ({"DONDOC_INVITE_TTL": "7 days"}, "DONDOC_INVITE_TTL"),
        ({"DONDOC_INVITE_TTL": "0d"}, "DONDOC_INVITE_TTL"),
        ({"DONDOC_TIMEZONE": "Mars/Base"}, "DONDOC_TIMEZONE"),
        ({"DONDOC_LANGUAGE": "fr"}, "DONDOC_LANGUAGE"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(env)


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
