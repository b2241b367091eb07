"""The one object handlers receive besides the turn's session: knowledge base, search, texts, settings, clock.

Handlers never reach the ``Core`` (nor a global): what they may use is exactly what is listed here, which keeps
them testable with a fixed clock and a fresh database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.render import Renderer

if TYPE_CHECKING:
    from knowledge.search.engine import Searcher
    from knowledge.store import KnowledgeBase

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, timezone-aware (UTC); every time the bot stores or compares is aware."""
    return datetime.now(UTC)


def fixed_clock(at: datetime) -> Clock:
    """A clock stopped at ``at`` (``dti-bot converse --now``, tests), in UTC like ``system_clock``."""
    moment = (at if at.tzinfo is not None else at.replace(tzinfo=UTC)).astimezone(UTC)
    return lambda: moment


def shifted_clock(at: datetime) -> Clock:
    """A clock that reads ``at`` now and runs on from there (``dti-bot run --now``: trying the reminders at a
    working hour whatever the real time; messages still wait and retry in real seconds)."""
    moment = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    offset = moment - system_clock()
    return lambda: system_clock() + offset


@dataclass(frozen=True)
class ChannelTraits:
    """What a channel can carry, as the channel says (``bot.channels.traits``); the core and the handlers ask
    here rather than naming channels. ``documents``: a document the bot sends (an .xlsx form) reaches the user."""

    documents: bool = True


@dataclass
class Services:
    kb: KnowledgeBase
    searcher: Searcher
    renderer: Renderer
    settings: Settings
    clock: Clock = system_clock
    # (name, description) of the commands in menus and /help; filled in by the core from its routers
    commands: list[tuple[str, str]] = field(default_factory=list)
    # what each channel can carry (a channel not listed: everything), filled in where the core is built
    channels: dict[str, ChannelTraits] = field(default_factory=dict)

    def traits(self, channel: str) -> ChannelTraits:
        return self.channels.get(channel, ChannelTraits())


def make_services(settings: Settings, clock: Clock = system_clock) -> Services:
    """The knowledge base, its searcher and the templates, loaded once per process."""
    from knowledge.search.engine import Searcher
    from knowledge.store import load_knowledge

    kb = load_knowledge()
    return Services(kb=kb, searcher=Searcher(kb), renderer=Renderer(), settings=settings, clock=clock)
