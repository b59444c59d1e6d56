"""One place where templates become text, for each language and each output format.

"html" is Telegram's HTML parse mode: autoescape is on, so every value a user typed is
escaped; "text" is plain text for the console and Zalo. Templates mark emphasis with the
`b` and `code` filters and tables with `pre`, which mean something only in HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from messages import filters

LANGUAGES = ("vi", "en")
FORMATS = ("html", "text")
TEMPLATES = Path(__file__).parent / "templates"


def _html_wrap(tag: str) -> Callable[[Any], Markup]:
    def wrap(value: Any) -> Markup:
        return Markup(f"<{tag}>{escape(value)}</{tag}>")

    return wrap


def _plain(value: Any) -> str:
    return str(value)


# How far ahead example dates lie: clearly to come, and within the year.
EXAMPLE_AHEAD = timedelta(days=40)


def examples(today: date) -> dict[str, str]:
    """Dates for "Ví dụ: …" lines that the bot itself would accept on TODAY."""
    ahead = today + EXAMPLE_AHEAD
    later = today + 2 * EXAMPLE_AHEAD
    return {
        "example_date": f"{ahead:%d/%m/%Y}",
        "example_day": f"{ahead.day}/{ahead.month}",
        "example_later": f"{later.day}/{later.month}",
    }


class Renderer:
    """Renders `name` with `values` for a language and a format. Thread-safe once built."""

    def __init__(self) -> None:
        self._envs = {
            (lang, fmt): self._environment(lang, fmt) for lang in LANGUAGES for fmt in FORMATS
        }

    @staticmethod
    def _environment(lang: str, fmt: str) -> Environment:
        html = fmt == "html"
        env = Environment(
            loader=FileSystemLoader(TEMPLATES / lang),
            autoescape=html,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # templates are part of the release: no stat() per message
            keep_trailing_newline=False,
        )
        env.filters.update(
            b=_html_wrap("b") if html else _plain,
            i=_html_wrap("i") if html else _plain,
            code=_html_wrap("code") if html else _plain,
            pre=_html_wrap("pre") if html else _plain,
            day=partial(filters.day_text, lang=lang),
            deadline=partial(filters.deadline_text, lang=lang),
            iso_deadline=partial(filters.iso_deadline_text, lang=lang),
            moment=partial(filters.moment_text, lang=lang),
            status=partial(filters.status_text, lang=lang),
            days=partial(filters.days_text, lang=lang),
            runs=filters.runs_text,
        )
        return env

    def render(
        self,
        name: str,
        values: Mapping[str, Any],
        lang: str,
        fmt: str = "text",
        today: date | None = None,
    ) -> str:
        """The text of NAME. TODAY (the recipient's date) gives the examples in usage
        messages a date that is still to come; a template using them without it fails."""
        env = self._envs[(lang if lang in LANGUAGES else "vi", fmt)]
        context = {**examples(today), **values} if today is not None else dict(values)
        return env.get_template(name + ".j2").render(**context).strip()

    def labels(self, name: str, lang: str) -> Mapping[str, str]:
        """The strings NAME defines with `{% set %}` (labels for files, not a message)."""
        env = self._envs[(lang if lang in LANGUAGES else "vi", "text")]
        module = env.get_template(name + ".j2").module
        return {key: str(value) for key, value in vars(module).items() if not key.startswith("_")}

    def names(self, lang: str = "vi") -> list[str]:
        return sorted(
            p.name.removesuffix(".j2")
            for p in (TEMPLATES / lang).glob("*.j2")
            if not p.name.startswith("_")  # macros and includes, not messages
        )


@lru_cache(maxsize=1)
def shared_renderer() -> Renderer:
    """One renderer for code that renders outside a channel (the labels of report files)."""
    return Renderer()
