"""A flow step that changes only nested flow data (no new buttons, no other top-level key) is saved: the turn's
state is a deep copy of the stored row, so the change is not hidden by the row's own loaded value."""

from __future__ import annotations

from bot.core import state
from bot.core.messages import Incoming
from bot.db.session import Database


def test_nested_flow_change_alone_is_saved(database_url: str) -> None:
    db = Database(database_url)
    db.upgrade()
    msg = Incoming(channel="test", chat_id="c", user_id="u")
    with db.session() as s:
        row, turn = state.load(s, msg)
        turn.state = "collect:value"
        turn.flow["values"] = {}
        state.save(s, row, turn)
    with db.session() as s:
        row, turn = state.load(s, msg)
        turn.flow["values"]["b"] = "1.200"  # in place, nothing else changes
        state.save(s, row, turn)
    with db.session() as s:
        _, turn = state.load(s, msg)
        assert turn.flow["values"] == {"b": "1.200"}
    db.dispose()
