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


def open_core(settings: Settings, plan_id: str | None = None, *, clock: Any = None) -> Any:
    """The core on the configured database (migrated), or None after printing why it cannot start. ``clock``
    fixes the time (``--now``)."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.assembly import build_core
    from bot.db.session import shown_url

    if not check_plan(plan_id):
        return None
    try:
        return build_core(settings) if clock is None else build_core(settings, clock=clock)
    except SQLAlchemyError as exc:
        print(f"Không mở được cơ sở dữ liệu {shown_url(settings.database.url)}: {exc.__class__.__name__}: {exc}",
              file=sys.stderr)
        return None


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))
