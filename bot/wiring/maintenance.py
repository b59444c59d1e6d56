"""`dondoc db upgrade`: the database brought to the latest migration, and its revision
said."""

from __future__ import annotations

import argparse

from bot.settings import Settings


def db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    from bot.wiring.build import open_app
    from storage.migrate import current_revision

    app = open_app(settings)
    print(f"database at revision {current_revision(app.engine)}")
    app.close()
    return 0
