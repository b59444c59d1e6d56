"""Refusals the user sees. Raising one rolls back the whole command: nothing half-written."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """A command that cannot be done as asked; `template` explains why, with an example."""

    def __init__(self, template: str, **values: Any) -> None:
        super().__init__(template)
        self.template = template
        self.values = values
