"""An error, or a log record that carries one, said in one line: a person at a terminal
reads one line per failure."""

from __future__ import annotations

import logging

from bot.logs import first_line


def one_line(error: BaseException, kind: bool = True) -> str:
    """ERROR as one line: its type (when KIND) and the first line of its text."""
    first = first_line(error)
    if not kind:
        return first
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


class OneLineFormatter(logging.Formatter):
    """A log record on one line: an exception it carries is told as its type and first
    line, after the message, never as a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        error = record.exc_info[1] if record.exc_info else None
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            text = super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved
        return f"{text} ({one_line(error)})" if error is not None else text
