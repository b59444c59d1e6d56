"""Every command. Importing this package registers them all in bot.registry."""

from bot.commands import (  # noqa: F401
    assign,
    documents,
    export,
    general,
    groups,
    intake,
    linking,
    manage,
    members,
    official,
    reminders,
    status,
    units,
)
