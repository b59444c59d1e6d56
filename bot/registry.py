"""The command table: each command's Vietnamese name, English aliases and who may use it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.context import Actor, Context

ANYONE = "anyone"
MEMBER = "member"  # a member of a unit, or an admin
ADMIN = "admin"

Handler = Callable[[Context, str], None]


@dataclass(frozen=True)
class Command:
    name: str
    aliases: tuple[str, ...]
    role: str
    handler: Handler

    def allows(self, actor: Actor) -> bool:
        """Whether ACTOR may run it: an admin anything, a member what members may."""
        if self.role == ADMIN:
            return actor.is_admin
        if self.role == MEMBER:
            return actor.is_member or actor.is_admin
        return True


_BY_WORD: dict[str, Command] = {}
_ORDERED: list[Command] = []


def command(name: str, *aliases: str, role: str = ANYONE) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        cmd = Command(name, aliases, role, handler)
        for word in (name, *aliases):
            if word in _BY_WORD:
                raise ValueError(f"command /{word} registered twice")
            _BY_WORD[word] = cmd
        _ORDERED.append(cmd)
        return handler

    return register


def lookup(word: str) -> Command | None:
    return _BY_WORD.get(word.lower())


def all_commands() -> list[Command]:
    return list(_ORDERED)
