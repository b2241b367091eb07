"""Pieces the subcommands share: opening the core, checking a plan id, printing JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
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


def in_plan_session(settings: Settings, plan_id: str, work: Callable[[Any], int]) -> int:
    """Run ``work(session)`` in one transaction on the configured database, for a known plan. Exit codes: 2 for
    an unknown plan, 1 when the database cannot be opened, else what ``work`` returns (its changes are kept
    only when that is 0)."""
    if not check_plan(plan_id):
        return 2
    db = open_database(settings)
    if db is None:
        return 1
    try:
        with db.session() as session:
            code = work(session)
            if code != 0:
                session.rollback()
            return code
    finally:
        db.dispose()


UNIT_PROBLEMS = {
    "ambiguous": "Tên đơn vị '{typed}' chưa rõ, có thể là: {units}. Ghi tên đầy đủ hơn.",
    "no_unit": "Không tìm thấy đơn vị '{typed}' trong kế hoạch {plan}. Xem danh sách: dti-bot units list --plan {plan}",
    "which_unit": "Người này ở nhiều đơn vị ({units}): ghi rõ đơn vị.",
    "not_member": "Người này không thuộc đơn vị '{typed}'. Đơn vị của người này: {units}.",
}


def unit_or_say_why(choice: Any, plan_id: str, typed: str | None) -> Any:
    """The unit of a ``bot.services.units.UnitChoice``, or None after saying on stderr why there is none."""
    if choice.unit is None:
        print(UNIT_PROBLEMS[choice.problem].format(typed=typed or "", plan=plan_id, units="; ".join(choice.units)),
              file=sys.stderr)
    return choice.unit


def pick_unit(session: Any, kb: Any, plan_id: str, typed: str) -> Any:
    """The one unit of the plan ``typed`` names (fuzzy, like the chat), or None after saying why not."""
    from bot.services.units import choose_unit

    return unit_or_say_why(choose_unit(session, kb, plan_id, typed), plan_id, typed)
