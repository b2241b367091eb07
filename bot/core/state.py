"""Per-user conversation state kept in the database (not in memory), so a restart or a second worker loses
nothing: the plan a user chose and the choices they were last offered."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.messages import Incoming
from bot.db.models import Conversation


@dataclass
class TurnState:
    """The mutable part of a conversation, as handlers see it during one turn."""

    state: str = "idle"
    data: dict[str, Any] = field(default_factory=dict)


def load(session: Session, msg: Incoming) -> tuple[Conversation, TurnState]:
    row = session.scalars(
        select(Conversation).where(
            Conversation.channel == msg.channel,
            Conversation.chat_id == msg.chat_id,
            Conversation.user_id == msg.user_id,
        )
    ).one_or_none()
    if row is None:
        row = Conversation(channel=msg.channel, chat_id=msg.chat_id, user_id=msg.user_id, state="idle", data={})
        session.add(row)
    return row, TurnState(row.state, dict(row.data or {}))


def save(row: Conversation, turn: TurnState) -> None:
    row.state = turn.state
    row.data = dict(turn.data)  # a new object, so SQLAlchemy sees the JSON change
