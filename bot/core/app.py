"""The channel-agnostic core: ``Core.handle(Incoming) -> list[Reply]``.

The core knows no capability: it is built with the routers of the handler modules (``bot.assembly``) and only
applies the rules every turn shares. One turn is one database transaction: the conversation row is locked for
the turn, the handler runs with the turn's session, and the new state and every message the turn causes to
other chats (the outbox) are committed together. ``handle`` is synchronous and fast; async channels call it
through ``asyncio.to_thread``. It never raises to the channel: an unexpected error is logged and becomes a short
Vietnamese apology, and the conversation is left as it was. Work on an uploaded file that a router declares as
a file preparer runs before the transaction opens, so no lock is held while a file is read (``bot.core.prepare``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.core import outbox, state
from bot.core.dispatch import CANCEL_COMMAND, CANCEL_DESCRIPTION, FLOW_TIMEOUT, MAX_TEXT, STAMP, Dispatcher, stamp
from bot.core.messages import Button, Incoming, Reply
from bot.core.prepare import prepare_file
from bot.core.router import Router, Routes
from bot.core.services import Services
from bot.core.turn import CHOICES_KEY, Turn
from bot.db.session import Database
from bot.render import Renderer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from knowledge.store import KnowledgeBase

log = logging.getLogger(__name__)

MAX_BUTTONS = 8
MORE_PAYLOAD = "more:"
MORE_KEY = "more"


class Core:
    def __init__(self, services: Services, db: Database, routers: Iterable[Router], *,
                 before_turn: Iterable[Callable[[Session], object]] = ()) -> None:
        """``before_turn``: called with the turn's session before anything else (keeping what the process
        holds in step with the database, such as imported plans)."""
        self.services = services
        self.db = db
        self.before_turn = list(before_turn)
        paging = Router("paging")
        paging.payload(MORE_PAYLOAD)(self._more)
        self.routes = Routes([paging, *routers])
        self.dispatcher = Dispatcher(self.routes)
        services.commands = [*self.routes.menu(), (CANCEL_COMMAND, CANCEL_DESCRIPTION)]

    # shortcuts used by channels, the CLI and tests
    @property
    def kb(self) -> KnowledgeBase:
        return self.services.kb

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def renderer(self) -> Renderer:
        return self.services.renderer

    @property
    def commands(self) -> list[tuple[str, str]]:
        """(name, Vietnamese description) of every command, for Telegram's menu and /help."""
        return self.services.commands

    def refresh(self) -> None:
        """The before-turn steps outside a turn, in their own transaction: the bot's periodic jobs (reminders)
        then see what a turn would."""
        with self.db.session() as session:
            for step in self.before_turn:
                step(session)

    def handle(self, msg: Incoming) -> list[Reply]:
        try:
            prepared = prepare_file(self.routes.preparers, msg.file)  # before the transaction: no lock held
            with self.db.session() as session:
                for step in self.before_turn:
                    step(session)
                row, turn_state = state.load(session, msg)
                turn = Turn(msg, session, self.services, turn_state, prepared_files=prepared)
                replies = self._turn(turn)
                now = self.services.clock()
                turn_state.touch(now)
                state.save(session, row, turn_state)
                for note in turn.notifications:
                    outbox.enqueue(session, note.key, note.outgoing, now)
            return replies
        except Exception:
            log.exception("handling %r failed", msg)
            return [self.renderer.reply("error")]

    def _turn(self, turn: Turn) -> list[Reply]:
        notices: list[Reply] = []
        msg = turn.msg
        if len(msg.text) > MAX_TEXT:
            turn.msg = replace(msg, text=msg.text[:MAX_TEXT])
            notices.append(turn.reply("long_text", limit=MAX_TEXT, keep_choices=True))
        started = turn.state.flow_started()
        if turn.state.in_flow and started is not None and self.services.clock() - started > FLOW_TIMEOUT:
            what, quiet = self.routes.describe(turn.state.state, turn.flow), self.routes.quiet(turn.state.state)
            turn.state.reset()
            if not quiet:  # a quiet step waited for a file that is taken outside the flow too: nothing was lost
                notices.append(turn.reply("flow_expired", what=what, keep_choices=True))
        replies = self.dispatcher.dispatch(turn, turn.msg.payload)
        return notices + self._offer(turn, replies)

    def _offer(self, turn: Turn, replies: list[Reply]) -> list[Reply]:
        """Stamp flow buttons with a new serial, page long lists, and remember what is on offer."""
        data = turn.state.data
        if turn.state.in_flow and any(_needs_stamp(b) for r in replies for b in r.buttons):
            serial = turn.state.bump_serial()
            replies = [replace(r, buttons=tuple(Button(b.label, stamp(b.payload, serial)) if _needs_stamp(b) else b
                                                for b in r.buttons))
                       for r in replies]
        offered: list[Button] | None = None
        paged: list[Reply] = []
        for reply in replies:
            if len(reply.buttons) > MAX_BUTTONS:
                shown, rest = reply.buttons[:MAX_BUTTONS - 1], reply.buttons[MAX_BUTTONS - 1:]
                data[MORE_KEY] = [[b.label, b.payload] for b in rest]
                reply = replace(reply, buttons=(*shown, self._more_button(len(rest))))
            if reply.buttons:
                offered = list(reply.buttons)
            paged.append(reply)
        if offered is not None:
            data[CHOICES_KEY] = [b.payload for b in offered]
        elif not turn.keep_choices:
            data.pop(CHOICES_KEY, None)
            data.pop(MORE_KEY, None)
        return paged

    def _more_button(self, remaining: int) -> Button:
        return Button(self.renderer.render("more_button", count=remaining)[0], MORE_PAYLOAD)

    def _more(self, turn: Turn) -> list[Reply] | None:
        """The next page of a list longer than ``MAX_BUTTONS`` (its buttons were stamped when first offered)."""
        rest = [Button(str(label), str(payload)) for label, payload in turn.state.data.get(MORE_KEY) or []]
        if not rest:
            return None
        page, rest = (rest, []) if len(rest) <= MAX_BUTTONS else (rest[:MAX_BUTTONS - 1], rest[MAX_BUTTONS - 1:])
        buttons = (*page, self._more_button(len(rest))) if rest else tuple(page)
        if rest:
            turn.state.data[MORE_KEY] = [[b.label, b.payload] for b in rest]
        else:
            turn.state.data.pop(MORE_KEY, None)
        turn.state.data[CHOICES_KEY] = [b.payload for b in buttons]
        return [turn.reply("more", buttons, keep_choices=True)]



def _needs_stamp(button: Button) -> bool:
    """Flow buttons are stamped once; the paging button belongs to the core and is never stamped."""
    return not (button.payload.startswith(STAMP) or button.payload.startswith(MORE_PAYLOAD))
