"""A subcommand run with the database's failures said in one line each (an unsupported
URL, a missing driver, a read-only database, a server that cannot be reached), exit 2."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from bot.settings import Settings
from bot.wiring.one_line import one_line


def saying_database_failures(
    handler: Callable[[Settings, argparse.Namespace], int],
    settings: Settings,
    args: argparse.Namespace,
) -> int:
    """HANDLER's exit status on ARGS, or 2 after saying what the database refused."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

    from messages import Renderer
    from storage.db import MissingDriver, ReadOnlyDatabase, UnsupportedDatabaseURL, is_read_only

    lang = settings.language
    try:
        result: int = handler(settings, args)
    except UnsupportedDatabaseURL as error:
        values = {"scheme": error.scheme}
        print(Renderer().render("database_url_unsupported", values, lang), file=sys.stderr)
        return 2
    except MissingDriver as error:
        values = {"module": error.module}
        print(Renderer().render("database_driver_missing", values, lang), file=sys.stderr)
        return 2
    except ReadOnlyDatabase:
        _read_only(settings)
        return 2
    except OperationalError as error:
        if is_read_only(error):
            _read_only(settings)
        else:
            _cannot_open(settings, error)
        return 2
    except DBAPIError as error:
        if not is_read_only(error):
            raise
        _read_only(settings)
        return 2
    except ArgumentError as error:
        _cannot_open(settings, error)
        return 2
    return result


def _read_only(settings: Settings) -> None:
    from messages import Renderer
    from storage.db import database_location

    values = {
        "where": database_location(settings.database_url),
        "kind": "sqlite" if settings.uses_sqlite else "postgresql",
    }
    print(Renderer().render("database_read_only", values, settings.language), file=sys.stderr)


def _cannot_open(settings: Settings, error: Exception) -> None:
    # An unreachable server or a mistyped URL: say which, without a traceback.
    from messages import Renderer

    values = {
        "url": _safe_url(settings.database_url),
        "reason": one_line(getattr(error, "orig", None) or error, kind=False),
    }
    print(Renderer().render("database_cannot_open", values, settings.language), file=sys.stderr)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(DATABASE_URL)"
