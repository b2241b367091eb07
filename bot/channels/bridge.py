"""What every channel does the same way around the core: de-duplicate, remember the chat, ask, keep order.

Channels only translate between their API and ``Incoming``/``Reply``; the steps they share live here so that
Telegram and Zalo cannot drift apart. ``Core.handle`` and the database are synchronous, so they run in a
worker thread (``asyncio.to_thread``) and never block the event loop that serves every other chat.

During a database outage a message gets exactly one apology, the core's: the steps around the turn (the
duplicate check, remembering the chat, marking the update handled) log a line and let the turn go on.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError

from bot.channels.chats import remember_chat
from bot.core.app import Core
from bot.core.files import FileStore
from bot.core.messages import Incoming, Reply, clean_text
from bot.db.session import error_line
from bot.render import Renderer

log = logging.getLogger(__name__)
_TEXTS = Renderer()


def channel_text(template: str, **context: object) -> str:
    """A fixed text a channel sends by itself (no markup in it, so plain and HTML are the same)."""
    return _TEXTS.render(template, **context)[0]


@dataclass
class Shared:
    """What every channel of one process shares around a core: the file store (one signing secret, so a link
    made while sending on one channel is honoured by the server of another) and the outbox sender's wake-up."""

    files: FileStore
    outbox_wake: asyncio.Event = field(default_factory=asyncio.Event)


_SHARED: weakref.WeakKeyDictionary[Core, Shared] = weakref.WeakKeyDictionary()


def shared(core: Core) -> Shared:
    """The ``Shared`` of ``core``, made on first use from its settings."""
    found = _SHARED.get(core)
    if found is None:
        found = _SHARED[core] = Shared(FileStore.from_settings(core.settings.files))
    return found


APOLOGY = channel_text("error")
TEXT_ONLY = channel_text("text_only")


class ChannelStartError(RuntimeError):
    """A channel could not start (bad token, server unreachable, bad setting); the message is Vietnamese."""


async def already_handled(core: Core, channel: str, key: str) -> bool:
    """True when this update was answered before (a redelivery): the caller then drops it. When the database
    cannot tell, the update is answered (the turn then says, once, whether it could be handled)."""
    try:
        return await asyncio.to_thread(core.db.was_handled, channel, key)
    except SQLAlchemyError as exc:
        log.warning("Không kiểm tra được update %s đã xử lý chưa: %s", key, error_line(exc))
        return False


async def mark_handled(core: Core, channel: str, key: str) -> None:
    """Record the update as answered, once its replies (or the apology) are sent; an outage only costs the
    record (the replies are out already)."""
    try:
        await asyncio.to_thread(core.db.mark_handled, channel, key)
    except SQLAlchemyError as exc:
        log.warning("Không ghi được update %s là đã xử lý: %s", key, error_line(exc))


async def ask_core(core: Core, incoming: Incoming, *, chat_title: str = "") -> list[Reply]:
    """Remember the chat and get the core's replies, off the event loop. The turn may have queued messages to
    other chats: the outbox sender is woken to send them now."""
    try:
        return await asyncio.to_thread(_remember_and_handle, core, incoming, chat_title)
    finally:
        shared(core).outbox_wake.set()


def _remember_and_handle(core: Core, incoming: Incoming, chat_title: str) -> list[Reply]:
    try:
        remember_chat(
            core.db,
            channel=incoming.channel,
            chat_id=incoming.chat_id,
            chat_type=incoming.chat_type,
            display_name=clean_text(chat_title) or incoming.user_name,
        )
    except SQLAlchemyError as exc:  # the turn itself answers the outage, once
        log.warning("Không ghi được chat %s/%s: %s", incoming.channel, incoming.chat_id, error_line(exc))
    return core.handle(incoming)


class ChatLocks:
    """One lock per chat: updates of different chats run concurrently, those of one chat in arrival order.

    Conversation state (the choices offered last) belongs to a chat, so two messages of the same chat must not
    race; a lock is dropped as soon as nobody holds or waits for it.
    """

    def __init__(self) -> None:
        self._locks: dict[Hashable, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)
