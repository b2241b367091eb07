"""The channel-agnostic core: ``Core.handle(Incoming) -> list[Reply]``.

Every channel (console, Telegram, Zalo) builds one ``Core`` with ``build_core(settings)`` and calls ``handle`` for
each user action. ``handle`` is synchronous and fast (a few ms); async channels call it through
``asyncio.to_thread``. It never raises to the channel: an unexpected error is logged with the message and becomes
a short Vietnamese apology, and the conversation state is left as it was.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from bot.config import Settings
from bot.core import state
from bot.core.messages import Incoming, Reply
from bot.core.turn import Turn
from bot.db.session import Database
from bot.handlers import choices, plan, search, start
from bot.render import Renderer
from knowledge.search.engine import Searcher
from knowledge.store import KnowledgeBase, load_knowledge

log = logging.getLogger(__name__)

Command = Callable[[Turn, str], list[Reply]]

# Commands shown in Telegram's menu (set_my_commands) and in /help: (name, Vietnamese description).
COMMANDS: list[tuple[str, str]] = [
    ("start", "Bắt đầu, giới thiệu trợ lý"),
    ("help", "Hướng dẫn cách hỏi"),
    ("menu", "Các việc trợ lý làm được"),
    ("plan", "Xem hoặc đổi kế hoạch đang tra cứu"),
]

# Every command handler, registered in one place.
HANDLERS: dict[str, Command] = {
    "start": start.start,
    "help": start.help_,
    "menu": start.menu,
    "plan": plan.show_or_switch,
}

_COMMAND = re.compile(r"^/(?P<name>[A-Za-z_]+)(?:@\S+)?\s*(?P<args>.*)$", re.DOTALL)
_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


class Core:
    def __init__(self, kb: KnowledgeBase, db: Database, settings: Settings) -> None:
        self.kb = kb
        self.db = db
        self.settings = settings
        self.renderer = Renderer()
        self.searcher = Searcher(kb)

    def handle(self, msg: Incoming) -> list[Reply]:
        try:
            with self.db.session() as session:
                row, turn_state = state.load(session, msg)
                replies = self._route(Turn(msg, turn_state, self))
                state.save(row, turn_state)
            return replies
        except Exception:
            log.exception("handling %r failed", msg)
            return [self.renderer.reply("error")]

    def _route(self, turn: Turn) -> list[Reply]:
        msg = turn.msg
        if msg.payload:
            return choices.on_payload(turn, msg.payload)
        text = msg.text.strip()
        if not text:
            return [turn.reply("empty", keep_choices=True)]
        command = _COMMAND.match(text)
        if command:
            handler = HANDLERS.get(command["name"].lower())
            if handler is None:
                return [turn.reply("unknown_command", command=command["name"], keep_choices=True)]
            return handler(turn, command["args"])
        number = _NUMBER.match(text)
        if number:
            picked = choices.on_number(turn, int(number.group(1)))
            if picked is not None:
                return picked
        return search.on_question(turn, text)


def build_core(settings: Settings, *, migrate: bool = True) -> Core:
    """Open the database (applying migrations) and load the knowledge base."""
    db = Database(settings.database.url)
    if migrate:
        db.upgrade()
    return Core(load_knowledge(), db, settings)
