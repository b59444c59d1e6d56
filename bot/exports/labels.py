"""The words of the report files in one language: the `_export_labels` template's strings,
status names from the message filters, and dates written the way messages write them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from bot.exports.rows import ScopeText
from messages import Renderer, filters

TEMPLATE = "_export_labels"


@dataclass(frozen=True, slots=True, eq=False)
class Labels:
    lang: str
    text: Mapping[str, str]

    def __getitem__(self, key: str) -> str:
        return self.text[key]

    def status(self, code: str) -> str:
        return filters.status_text(code, self.lang)

    def kind(self, code: str) -> str:
        """A progress report's kind (report, done, extension, withdrawn)."""
        return self.text[f"kind_{code}"]

    def report(self, kind: str | None, text: str | None) -> str | None:
        """A report as the files show it: its words, or its kind when it had none (a
        completion sent as a bare /xong)."""
        if kind is None:
            return None
        return text or self.kind(kind)

    def as_of(self, moment: datetime) -> str:
        return self.text["as_of"].format(moment=filters.moment_text(moment, self.lang))

    def scope(self, scope: ScopeText) -> str:
        """One line naming what the file covers."""
        parts = []
        if scope.document:
            parts.append(self.text["scope_document"].format(value=scope.document))
        if scope.units:
            parts.append(self.text["scope_units"].format(value=", ".join(scope.units)))
        start, end = _day(scope.due_from), _day(scope.due_to)
        if start and end:
            parts.append(self.text["scope_from_to"].format(start=start, end=end))
        elif start:
            parts.append(self.text["scope_from"].format(start=start))
        elif end:
            parts.append(self.text["scope_to"].format(end=end))
        return " · ".join(parts) or self.text["scope_all"]

    def file_name(self, moment: datetime, extension: str) -> str:
        """ "tien-do-nhiem-vu-2026-01-13.xlsx": ASCII, so every chat app keeps it intact."""
        return f"{self.text['file_stem']}-{moment:%Y-%m-%d}.{extension}"


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def load_labels(renderer: Renderer, lang: str) -> Labels:
    # An unknown language falls back to Vietnamese, as the renderer does for messages.
    return Labels(lang if lang in filters.STATUSES else "vi", renderer.labels(TEMPLATE, lang))
