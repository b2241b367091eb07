"""Pieces the subcommands share: opening the core, checking a plan id, printing JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from bot.config import Settings


def check_plan(plan_id: str | None, settings: Settings | None = None) -> bool:
    """True when the plan exists (or none was given); otherwise a Vietnamese message on stderr. With
    ``settings``, a plan imported from a file (stored in the configured database) counts too."""
    from knowledge.store import load_knowledge

    plans = load_knowledge().plans
    if plan_id is not None and plan_id not in plans and settings is not None:
        join_imported_plans(settings)
    if plan_id is None or plan_id in plans:
        return True
    print(f"Không có kế hoạch '{plan_id}'. Các kế hoạch: {', '.join(sorted(plans))}", file=sys.stderr)
    return False


def check_configured_plan(settings: Settings) -> bool:
    """True when ``bot.plan`` names a plan of the knowledge base (bundled or imported); otherwise a Vietnamese
    message on stderr.

    Checked before the bot starts: a wrong plan would otherwise start the bot and answer every message with an
    apology."""
    from knowledge.store import load_knowledge

    plans = load_knowledge().plans
    if settings.bot.plan not in plans:
        join_imported_plans(settings)
    if settings.bot.plan in plans:
        return True
    where = f"tệp {settings.source} hoặc " if settings.source else ""
    print(
        f"Lỗi cấu hình: bot.plan = '{settings.bot.plan}' ({where}biến môi trường DTI_BOT_PLAN) không phải kế hoạch "
        f"nào. Các kế hoạch: {', '.join(sorted(plans))}",
        file=sys.stderr,
    )
    return False


def join_imported_plans(settings: Settings) -> None:
    """The plans imported from files into the configured database, joined to the knowledge base; nothing when
    there is no such database yet (a SQLite file is never created here) or it cannot be read: then only the
    bundled plans are known, and the caller says so."""
    from pathlib import Path

    from sqlalchemy import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from bot.assembly import install_imported_plans
    from bot.db.session import Database

    try:
        url = make_url(settings.database.url)
        if url.get_backend_name() == "sqlite" and not (url.database and Path(url.database).is_file()):
            return
        db = Database(settings.database.url)
    except (SQLAlchemyError, ImportError, ValueError):
        return
    try:
        install_imported_plans(db)
    except (SQLAlchemyError, ImportError):
        pass  # no table of imported plans yet, or no server: the bundled plans only
    finally:
        db.dispose()


# What to do when a database driver (a Python package) is missing.
_DRIVER_ADVICE = {
    "psycopg": "Cài bằng lệnh: pip install 'dti-bot[postgres]' "
    "(trong thư mục dự án: .venv/bin/pip install -e '.[postgres]').",
    "psycopg2": "Dự án dùng psycopg 3: đổi URL thành postgresql+psycopg://… rồi cài bằng lệnh: "
    "pip install 'dti-bot[postgres]'.",
}
_URL_EXAMPLES = "sqlite:///dti-bot.db hoặc postgresql+psycopg://người_dùng:mật_khẩu@máy_chủ:5432/tên_csdl"


def database_error(exc: BaseException, url: str) -> str | None:
    """What went wrong opening the database at ``url``, in Vietnamese with what to do; None for other errors.

    A URL that is not one, a database kind SQLAlchemy does not know, a driver that is not installed (with the
    command that installs it), a server that cannot be reached."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    from bot.db.session import shown_url

    shown = shown_url(url)
    if isinstance(exc, NoSuchModuleError):
        return f"database.url '{shown}' dùng loại cơ sở dữ liệu không được hỗ trợ. Ví dụ URL đúng: {_URL_EXAMPLES}."
    if isinstance(exc, ArgumentError):
        return f"database.url (DTI_DATABASE_URL) không phải URL cơ sở dữ liệu. Ví dụ URL đúng: {_URL_EXAMPLES}."
    if isinstance(exc, ImportError):
        module = (exc.name or str(exc)).split(".")[0]
        advice = _DRIVER_ADVICE.get(module, f"Cài bằng lệnh: pip install {module}")
        return f"Chưa cài trình điều khiển cơ sở dữ liệu '{module}' cho {shown}. {advice}"
    if isinstance(exc, SQLAlchemyError):
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return f"Không mở được cơ sở dữ liệu {shown}: {reason}"
    return None


def open_core(settings: Settings, plan_id: str | None = None, *, clock: Any = None) -> Any:
    """The core on the configured database (migrated), or None after printing why it cannot start. ``clock``
    fixes the time (``--now``)."""
    from bot.assembly import build_core

    if not check_plan(plan_id, settings) or not check_configured_plan(settings):
        return None
    try:
        core = build_core(settings) if clock is None else build_core(settings, clock=clock)
    except Exception as exc:  # only the database errors explained below are caught; others propagate
        message = database_error(exc, settings.database.url)
        if message is None:
            raise
        print(message, file=sys.stderr)
        return None
    if not check_reminder_plans(settings):
        core.db.dispose()
        return None
    return core


def check_reminder_plans(settings: Settings) -> bool:
    """True when every ``[reminders.plans."<id>"]`` names a plan (bundled or imported: call it once the imported
    plans are installed); otherwise a Vietnamese message on stderr. A misspelt id would otherwise leave that
    plan on the default policy without a word."""
    from bot.config import unknown_reminder_plans
    from knowledge.store import load_knowledge

    plans = load_knowledge().plans
    unknown = unknown_reminder_plans(settings.reminders, plans)
    if not unknown:
        return True
    where = f" (tệp {settings.source})" if settings.source else ""
    print(
        f"Lỗi cấu hình{where}: [reminders.plans.\"{unknown[0]}\"] không phải kế hoạch nào"
        + (f" (cả {', '.join(unknown[1:])})" if unknown[1:] else "")
        + f". Các kế hoạch: {', '.join(sorted(plans))}",
        file=sys.stderr,
    )
    return False


def tolerant_stdin() -> None:
    """Bytes on standard input that are not UTF-8 are read as U+FFFD rather than ending the run (chat, converse)."""
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def open_database(settings: Settings) -> Any:
    """The configured database, migrated, with the imported plans joined to the knowledge base
    (``bot.db.session.Database``); or None after printing why not, in Vietnamese (``database_error``)."""
    from bot.assembly import install_imported_plans
    from bot.db.session import Database

    try:
        db = Database(settings.database.url)
    except Exception as exc:  # only the errors ``database_error`` explains are caught
        message = database_error(exc, settings.database.url)
        if message is None:
            raise
        print(message, file=sys.stderr)
        return None
    try:
        db.upgrade()
        install_imported_plans(db)
    except Exception as exc:
        message = database_error(exc, settings.database.url)
        if message is None:
            raise
        print(message, file=sys.stderr)
        db.dispose()
        return None
    return db


def in_plan_session(settings: Settings, plan_id: str, work: Callable[[Any], int]) -> int:
    """Run ``work(session)`` in one transaction on the configured database, for a known plan. Exit codes: 2 for
    an unknown plan, 1 when the database cannot be opened, else what ``work`` returns (its changes are kept
    only when that is 0)."""
    if not check_plan(plan_id, settings):
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
