"""User-facing text: Jinja2 templates in Vietnamese and English, and the filters they use."""

from messages.render import FORMATS, LANGUAGES, Renderer, shared_renderer

__all__ = ["FORMATS", "LANGUAGES", "Renderer", "shared_renderer"]
