"""Pieces the subcommands share: opening the core, checking a plan id, printing JSON."""

from __future__ import annotations

import json
import sys
from typing import Any

from bot.config import Settings


def check_plan(plan_id: str | None) -> bool:
    """True when the plan exists (or none was given); otherwise a Vietnamese message on stderr."""
    from knowledge.store import load_knowledge

    plans = load_knowledge().plans
    if plan_id is None or plan_id in plans:
        return True
    print(f"Không có kế hoạch '{plan_id}'. Các kế hoạch: {', '.join(sorted(plans))}", file=sys.stderr)
    return False


def open_core(settings: Settings, plan_id: str | None = None) -> Any:
    """The core on the configured database (migrated), or None after printing why it cannot start."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.assembly import build_core
    from bot.db.session import shown_url

    if not check_plan(plan_id):
        return None
    try:
        return build_core(settings)
    except SQLAlchemyError as exc:
        print(f"Không mở được cơ sở dữ liệu {shown_url(settings.database.url)}: {exc.__class__.__name__}: {exc}",
              file=sys.stderr)
        return None


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def open_database(settings: Settings) -> Any:
    """The configured database, migrated (``bot.db.session.Database``), or None after printing why not."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.db.session import Database, shown_url

    db = Database(settings.database.url)
    try:
        db.upgrade()
    except SQLAlchemyError as exc:
        print(f"Không mở được cơ sở dữ liệu {shown_url(settings.database.url)}: {exc.__class__.__name__}: {exc}",
              file=sys.stderr)
        db.dispose()
        return None
    return db


def pick_unit(session: Any, kb: Any, plan_id: str, typed: str) -> Any:
    """The one unit of the plan ``typed`` names (fuzzy, like the chat), or None after printing the candidates
    (ambiguous) or that there is none."""
    from bot.services.units import find_units

    match = find_units(session, kb, plan_id, typed)
    if match.status == "one":
        return match.units[0]
    if match.status == "choose":
        names = "; ".join(u.label for u in match.units)
        print(f"Tên đơn vị '{typed}' chưa rõ, có thể là: {names}. Ghi tên đầy đủ hơn.", file=sys.stderr)
    else:
        print(f"Không tìm thấy đơn vị '{typed}' trong kế hoạch {plan_id}. Xem danh sách: dti-bot units list "
              f"--plan {plan_id}", file=sys.stderr)
    return None
