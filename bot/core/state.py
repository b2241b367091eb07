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

import copy
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from bot.core.conversation import IDLE, TurnState
from bot.core.messages import Incoming
from bot.db.models import Conversation, utcnow
from bot.db.upsert import insert_ignore
from bot.services.officials import remember_sender, with_sender


def load(session: Session, msg: Incoming) -> tuple[Conversation, TurnState]:
    """The conversation row of this user in this chat, created if new and locked for the turn, with the sender's
    official and memberships remembered for the turn. Most turns find the row at once (one statement); a new
    user's row is inserted if absent, then read and locked."""
    who = {"channel": msg.channel, "chat_id": msg.chat_id, "user_id": msg.user_id}
    rows = session.execute(_lock(), who).all()
    if not rows:
        session.execute(insert_ignore(session, Conversation, ["channel", "chat_id", "user_id"],
                                      {**who, "state": IDLE, "data": {}, "updated_at": utcnow()}))
        rows = session.execute(_lock(), who).all()
    row = rows[0][0]
    remember_sender(session, msg.channel, msg.user_id, rows, skip=1)
    return row, TurnState(row.state, copy.deepcopy(dict(row.data or {})))


@cache
def _lock() -> Select[Any]:
    """The turn's first statement, built once (a statement this size costs more to build and key than to run)."""
    return (
        with_sender(select(Conversation), Conversation.channel, Conversation.user_id)
        .where(Conversation.channel == bindparam("channel"), Conversation.chat_id == bindparam("chat_id"),
               Conversation.user_id == bindparam("user_id"))
        .with_for_update(of=Conversation)
    )


def save(row: Conversation, turn: TurnState) -> None:
    row.state = turn.state
    row.data = dict(turn.data)  # a new object, so SQLAlchemy sees the JSON change

