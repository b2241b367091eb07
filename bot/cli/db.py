"""``dti-bot db upgrade``: apply the database migrations (the bot also does this at start)."""

from __future__ import annotations

import argparse
import sys

from bot.config import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["upgrade"], help="upgrade: áp dụng mọi migration")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from bot.db.session import Database, shown_url

    db = Database(settings.database.url)
    try:
        db.upgrade()
    except SQLAlchemyError as exc:
        print(f"Không nâng cấp được cơ sở dữ liệu: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    print(f"Cơ sở dữ liệu đã ở phiên bản mới nhất ({shown_url(settings.database.url)}).")
    return 0
