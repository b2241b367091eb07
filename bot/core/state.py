"""Per-user conversation state kept in the database (not in memory), so a restart or a second worker loses
nothing: the plan a user chose, the choices they were last offered, and the flow step they are in.

``load`` takes the conversation row for the whole turn: one turn per conversation at a time, across processes.
The row is created with an upsert (two first messages cannot collide) and then read ``FOR UPDATE`` on
PostgreSQL (``OF conversations``: the rows joined to it are read, not locked); on SQLite every transaction begins
``IMMEDIATE`` (see ``bot.db.session``), which serialises writers. The same statement reads who the sender is
(official, memberships, their units and groups: ``officials.with_sender``), which every permission check of the
turn then asks (``officials.sender``): the turn's context costs no statement of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from sqlalchemy import Select, Table, Update, bindparam, select, update
from sqlalchemy.orm import Session

from bot.core.conversation import IDLE, TurnState
from bot.core.messages import Incoming
from bot.db.memo import plain_read
from bot.db.models import Conversation, utcnow
from bot.db.upsert import insert_ignore
from bot.services.officials import remember_sender, with_sender


@dataclass(frozen=True)
class Stored:
    """The conversation row the turn locked (read as plain columns: it is written back with one prepared
    ``UPDATE``, without the ORM's unit of work)."""

    id: int


def load(session: Session, msg: Incoming) -> tuple[Stored, TurnState]:
    """The conversation row of this user in this chat, created if new and locked for the turn, with the sender's
    official and memberships remembered for the turn. Most turns find the row at once (one statement); a new
    user's row is inserted if absent, then read and locked."""
    who = {"channel": msg.channel, "chat_id": msg.chat_id, "user_id": msg.user_id}
    rows = plain_read(session, _lock(), who).all()
    if not rows:
        session.execute(insert_ignore(session, Conversation, ["channel", "chat_id", "user_id"],
                                      {**who, "state": IDLE, "data": {}, "updated_at": utcnow()}))
        rows = plain_read(session, _lock(), who).all()
    remember_sender(session, msg.channel, msg.user_id, rows, skip=3)
    # the data as the driver decoded it from JSON for this statement: the turn's own, changed in place freely
    return Stored(rows[0][0]), TurnState(rows[0][1], dict(rows[0][2] or {}))


_TABLE = cast(Table, Conversation.__table__)


@cache
def _lock() -> Select[Any]:
    """The turn's first statement, built once (a statement this size costs more to build and key than to run)."""
    return (
        with_sender(select(_TABLE.c.id, _TABLE.c.state, _TABLE.c.data), _TABLE.c.channel, _TABLE.c.user_id)
        .where(_TABLE.c.channel == bindparam("channel"), _TABLE.c.chat_id == bindparam("chat_id"),
               _TABLE.c.user_id == bindparam("user_id"))
        .with_for_update(of=_TABLE)
    )


@cache
def _save() -> Update:
    return (update(_TABLE).where(_TABLE.c.id == bindparam("row"))
            .values(state=bindparam("state"), data=bindparam("data"), updated_at=bindparam("updated_at")))


def save(session: Session, row: Stored, turn: TurnState) -> None:
    """Write the turn's state back to the locked row."""
    session.execute(_save(), {"row": row.id, "state": turn.state, "data": dict(turn.data), "updated_at": utcnow()})
