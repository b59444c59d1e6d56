"""Refusals the user sees. Raising one rolls back the whole command: nothing half-written."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """A command that cannot be done as asked; `template` explains why, with an example."""

    def __init__(self, template: str, **values: Any) -> None:
        super().__init__(template)
        self.template = template
        self.values = {k: _quoted(v) for k, v in values.items()}


# How much of what was typed a refusal quotes back: enough to recognise it. A refusal of
# a 100,000-character message is one short message, not twenty-five.
QUOTED = 200


def _quoted(value: Any) -> Any:
    if isinstance(value, str) and len(value) > QUOTED:
        return value[: QUOTED - 1].rstrip() + "…"
    return value
