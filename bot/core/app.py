"""The channel-agnostic core: ``Core.handle(Incoming) -> list[Reply]``.

Every channel (console, Telegram, Zalo) builds one ``Core`` with ``build_core(settings)`` and calls ``handle`` for
each user action. ``handle`` is synchronous and fast (a few ms); async channels call it through
``asyncio.to_thread``. It never raises to the channel: an unexpected error becomes a short Vietnamese apology.
"""

from __future__ import annotations

import logging

from bot.config import Settings
from bot.core.messages import Incoming, Reply
from bot.db.session import Database
from knowledge.store import KnowledgeBase, load_knowledge

log = logging.getLogger(__name__)

# Commands shown in Telegram's menu (set_my_commands) and in /help.
COMMANDS: list[tuple[str, str]] = [
    ("start", "Bắt đầu, giới thiệu trợ lý"),
    ("help", "Hướng dẫn cách hỏi"),
    ("menu", "Các việc trợ lý làm được"),
]


class Core:
    def __init__(self, kb: KnowledgeBase, db: Database, settings: Settings) -> None:
        self.kb = kb
        self.db = db
        self.settings = settings

    def handle(self, msg: Incoming) -> list[Reply]:
        text = msg.payload or msg.text
        return [Reply(text=f"(chưa xây dựng) {text}", html=f"(chưa xây dựng) {text}")]


def build_core(settings: Settings, *, migrate: bool = True) -> Core:
    """Open the database (applying migrations) and load the knowledge base."""
    db = Database(settings.database.url)
    if migrate:
        db.upgrade()
    return Core(load_knowledge(), db, settings)
