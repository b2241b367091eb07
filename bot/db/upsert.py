"""Insert-if-absent on both databases (SQLite and PostgreSQL share the ``ON CONFLICT`` form), so that two
processes creating the same row at once do not raise an IntegrityError."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

_INSERTS: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def dialect_insert(session: Session) -> Any:
    """The dialect's ``insert`` construct (with ``on_conflict_*``)."""
    name = session.get_bind().dialect.name
    try:
        return _INSERTS[name]
    except KeyError:
        raise RuntimeError(f"cơ sở dữ liệu {name} không được hỗ trợ (chỉ SQLite và PostgreSQL)") from None


def insert_ignore(session: Session, model: type, keys: Sequence[str], values: Mapping[str, Any]) -> Any:
    """``INSERT … ON CONFLICT (keys) DO NOTHING``."""
    return dialect_insert(session)(model).values(**values).on_conflict_do_nothing(index_elements=list(keys))
