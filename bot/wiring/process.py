"""One `dondoc` process around the subcommand the command line chose: its log, its
settings, and its exit status. Nothing that goes wrong reaches the terminal as a
traceback: known failures are one line saying what to do, anything else one line too
(the traceback is shown only in Python's development mode: PYTHONDEVMODE=1). Log
records are one line on a terminal; a log written elsewhere keeps its tracebacks."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable

from bot.settings import Settings, SettingsError, load_settings
from bot.wiring.database_failures import saying_database_failures
from bot.wiring.one_line import OneLineFormatter, one_line

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# The exit status of a program whose reader went away (128 + SIGPIPE), as `yes | head -1`.
BROKEN_PIPE = 141
INTERRUPTED = 130

# What a subcommand does, with the settings and the parsed command line; its exit status.
Handler = Callable[[Settings, argparse.Namespace], int]


def execute(handler: Handler, args: argparse.Namespace) -> int:
    """HANDLER run on ARGS in this process, every failure said in one line; the exit
    status."""
    _log_to_stderr()
    try:
        settings = load_settings()
    except SettingsError as error:
        from messages import Renderer

        # Said in DONDOC_LANGUAGE when that much could be read, else in Vietnamese.
        message = Renderer().render("settings_invalid", error.values(), error.language)
        print(message, file=sys.stderr)
        return 2
    try:
        result: int = saying_database_failures(handler, settings, args)
        sys.stdout.flush()  # here, where a reader gone away can still be caught
    except BrokenPipeError:
        # `dondoc start | head -1`: the reader has what it wanted. Python would complain
        # again when it flushes at exit, so stdout goes nowhere from now on.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return BROKEN_PIPE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return INTERRUPTED
    except Exception as error:
        if sys.flags.dev_mode:
            raise
        _unexpected(settings, error)
        return 1
    return result


def _log_to_stderr() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(
        # A person at a terminal reads one line per failure; a log kept by a service
        # manager (stderr not a terminal) keeps the traceback an operator needs to fix it.
        OneLineFormatter(LOG_FORMAT)
        if sys.stderr.isatty() and not sys.flags.dev_mode
        else logging.Formatter(LOG_FORMAT)
    )
    logging.basicConfig(level=logging.WARNING, handlers=[handler])


def _unexpected(settings: Settings, error: Exception) -> None:
    """ERROR, which nothing foresaw, in one line without a secret."""
    from bot.logs import redact
    from messages import Renderer

    secrets = [
        settings.telegram_token,
        settings.telegram_webhook_secret,
        settings.zalo_token,
        settings.zalo_webhook_secret,
    ]
    values = {"error": redact(one_line(error), [s for s in secrets if s])}
    print(Renderer().render("cli_unexpected_error", values, settings.language), file=sys.stderr)
