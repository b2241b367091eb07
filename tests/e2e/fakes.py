"""A scripted stand-in for the core, to test the channel's mechanics whatever the real core answers."""

from __future__ import annotations

from collections.abc import Callable

from bot.config import Settings
from bot.core.app import Core
from bot.core.messages import Incoming, Reply
from bot.db.session import Database

COMMANDS = [("start", "Bắt đầu"), ("help", "Hướng dẫn"), ("menu", "Các việc trợ lý làm được"), ("plan", "Kế hoạch")]


class FakeCore(Core):
    """``Core`` with a scripted ``handle``; records every ``Incoming`` it was given."""

    def __init__(self, db: Database, answer: Callable[[Incoming], list[Reply]] | None = None, *,
                 settings: Settings | None = None) -> None:
        # No knowledge base: channels only use ``db``, ``settings`` (the file store) and ``handle``.
        self.db = db
        self._settings = settings or Settings()
        self.answer = answer or (
            lambda m: [Reply(text=f"echo {m.payload or m.text}", html=f"echo {m.payload or m.text}")]
        )
        self.seen: list[Incoming] = []

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def commands(self) -> list[tuple[str, str]]:
        return COMMANDS

    def handle(self, msg: Incoming) -> list[Reply]:
        self.seen.append(msg)
        return self.answer(msg)
