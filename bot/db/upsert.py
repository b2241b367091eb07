"""Insert-if-absent on both databases (SQLite and PostgreSQL share the ``ON CONFLICT`` form), so that two
processes creating the same row at once do not raise an IntegrityError."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import import_module
from typing import Any

from sqlalchemy.orm import Session

# The dialect's package, which its engine has already imported: a process on SQLite never loads PostgreSQL's
# (its package imports every PostgreSQL driver's dialect, 2 MiB of a bot process; issue 20), and the reverse.
_DIALECTS = {"sqlite": "sqlalchemy.dialects.sqlite", "postgresql": "sqlalchemy.dialects.postgresql"}


def dialect_insert(session: Session) -> Any:
    """The dialect's ``insert`` construct (with ``on_conflict_*``)."""
    name = session.get_bind().dialect.name
    package = _DIALECTS.get(name)
    if package is None:
        raise RuntimeError(f"cơ sở dữ liệu {name} không được hỗ trợ (chỉ SQLite và PostgreSQL)")
    return import_module(package).insert


def insert_ignore(session: Session, model: type, keys: Sequence[str], values: Mapping[str, Any]) -> Any:
    """``INSERT … ON CONFLICT (keys) DO NOTHING``."""
    return dialect_insert(session)(model).values(**values).on_conflict_do_nothing(index_elements=list(keys))
