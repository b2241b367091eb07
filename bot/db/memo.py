"""Reads remembered for one session: what a turn reads about its sender (official, memberships, units), the
plan's open round, a unit's place among groups, read once per turn and handed to every step that asks again.

A turn is one session and one transaction (``bot.core.app``), so a remembered read never outlives it and is never
shared with another worker: nothing here is a cache across turns. Within the turn, an entry is dropped as soon as
the session writes to a table it was read from (an ORM flush, or an ``INSERT``/``UPDATE``/``DELETE`` executed
through the session), and everything is dropped at commit and rollback: a registration that adds a membership
and then checks a permission in the same turn reads the membership again. Writes therefore go through the session
(``plain_read`` is for reads: it bypasses the ORM, and so these hooks, on the session's own connection).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import Executable, Result, event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

T = TypeVar("T")
_KEY = "dti_memo"  # in ``Session.info``: key → (tables read, value)


def plain_read(session: Session, statement: Executable, params: Mapping[str, Any]) -> Result[Any]:
    """A read of plain columns on the session's connection, in its transaction: what the ORM adds to a query
    (entities, its row handling) is a tenth of a turn's CPU for the few reads every turn makes. Pending changes
    are flushed first, as a query through the session would."""
    session.flush()
    return session.connection().execute(statement, params)


def remembered(session: Session, key: tuple[Any, ...], tables: frozenset[str], read: Callable[[], T]) -> T:
    """The value remembered under ``key`` in this session, else ``read()``, remembered until the session writes
    to one of ``tables``."""
    memo = session.info.get(_KEY)
    if memo is not None and key in memo:
        return memo[key][1]  # type: ignore[no-any-return]
    value = read()
    remember(session, key, tables, value)
    return value


def remember(session: Session, key: tuple[Any, ...], tables: frozenset[str], value: object) -> None:
    """Remember ``value`` (read by the caller, e.g. with another statement) until ``tables`` are written to."""
    session.info.setdefault(_KEY, {})[key] = (tables, value)


def peek(session: Session, key: tuple[Any, ...]) -> Any:
    """The value remembered under ``key``, or None (nothing read is looked up)."""
    memo = session.info.get(_KEY)
    entry = memo.get(key) if memo is not None else None
    return entry[1] if entry is not None else None


def values(session: Session, kind: str) -> list[Any]:
    """Every value remembered under a key starting with ``kind``."""
    memo = session.info.get(_KEY) or {}
    return [v for k, (_, v) in memo.items() if k and k[0] == kind]


def _drop(session: Session, tables: Iterable[str]) -> None:
    memo = session.info.get(_KEY)
    if not memo:
        return
    written = set(tables)
    for key in [k for k, (read, _) in memo.items() if read & written]:
        del memo[key]


def _clear(session: Session, *_: object) -> None:
    session.info.pop(_KEY, None)


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, flush: UOWTransaction) -> None:
    if session.info.get(_KEY):
        objects = [*session.new, *session.dirty, *session.deleted]
        _drop(session, {t.name for o in objects for t in type(o).__mapper__.tables})


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    statement = state.statement
    if statement.is_select or not state.session.info.get(_KEY):
        return
    name = getattr(getattr(statement, "table", None), "name", None) if statement.is_dml else None
    if name is None:  # a statement that may write and names no one table (text): nothing is trusted any more
        _clear(state.session)
    else:
        _drop(state.session, {name})


event.listen(Session, "after_commit", _clear)
event.listen(Session, "after_soft_rollback", _clear)
