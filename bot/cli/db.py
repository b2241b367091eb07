"""``dti-bot db upgrade``: apply the database migrations (the bot also does this at start)."""

from __future__ import annotations

import argparse
import sys

from bot.config import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["upgrade"], help="upgrade: áp dụng mọi migration")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.common import database_error
    from bot.db.session import Database, shown_url

    try:
        db = Database(settings.database.url)
        try:
            db.upgrade()
        finally:
            db.dispose()
    except Exception as exc:  # only database errors are explained; anything else propagates
        message = database_error(exc, settings.database.url)
        if message is None:
            raise
        print(f"Không nâng cấp được cơ sở dữ liệu. {message}", file=sys.stderr)
        return 1
    print(f"Cơ sở dữ liệu đã ở phiên bản mới nhất ({shown_url(settings.database.url)}).")
    return 0
