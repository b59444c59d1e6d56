"""The command table's shape: each command's Vietnamese name, English aliases, who may use
it, and its handler. The table itself is bot/commands/__init__.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from bot.conversation.context import Actor, Context

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


class CommandTable:
    """Every command the core dispatches to, by name and alias (case-blind), in the order
    help lists them; and what a file sent without a command does. Built once, in
    bot/commands/__init__.py, and handed to the core at wiring time."""

    def __init__(self, commands: Sequence[Command], file_received: Callable[[Context], None]):
        self._ordered = tuple(commands)
        self._by_word: dict[str, Command] = {}
        for cmd in self._ordered:
            for word in (cmd.name, *cmd.aliases):
                if word in self._by_word:
                    raise ValueError(f"command /{word} is in the table twice")
                self._by_word[word] = cmd
        self.file_received = file_received

    def lookup(self, word: str) -> Command | None:
        return self._by_word.get(word.lower())

    def __iter__(self) -> Iterator[Command]:
        return iter(self._ordered)

    def __len__(self) -> int:
        return len(self._ordered)
