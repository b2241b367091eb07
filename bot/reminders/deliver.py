"""`dti-bot reminders run` delivers what it queued, now, rather than leaving it to a running bot.

The channels' deliverers are the ones the bot process's outbox sender uses (Telegram through PTB's application
and its rate limiter, Zalo through the channel's paced sending), driven by the same ``OutboxSender`` passes until
nothing is due: the same per-chat order, the same claims (a bot running meanwhile on the same database never sends
a row twice: claims are exclusive), the same marking right after each send. Only the channels that have a token
here are driven; messages for a channel without one stay queued for a bot that has it.

The counts are the outcome of this run's own rows: ``sent`` the rows marked sent (console rows count as sent
once queued, the contract), ``failed`` those given up (a blocked bot, an unknown chat, attempts exhausted); a row
waiting for a retry is neither.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from bot.config import Settings
from bot.core import outbox
from bot.db.models import OutboxMessage

if TYPE_CHECKING:
    from bot.channels.outbox_sender import Deliverer
    from bot.core.app import Core


@dataclass(frozen=True)
class Outcome:
    sent: int
    failed: int
    waiting: int  # queued for a channel with no token here, or waiting for a retry


def outcome(core_db: Any, keys: Sequence[str], console: str) -> Outcome:
    """What became of the rows under ``keys`` (console rows count as sent)."""
    if not keys:
        return Outcome(0, 0, 0)
    with core_db.session() as session:
        rows = session.execute(select(OutboxMessage.channel, OutboxMessage.status)
                               .where(OutboxMessage.key.in_(list(keys)))).all()
    sent = sum(status == outbox.SENT or channel == console for channel, status in rows)
    failed = sum(status == outbox.FAILED and channel != console for channel, status in rows)
    return Outcome(sent, failed, len(rows) - sent - failed)


async def _drive(settings: Settings, core: Core, channels: set[str], now: datetime) -> None:
    from bot.channels.outbox_sender import OutboxSender
    from bot.core.services import fixed_clock

    deliverers: dict[str, Deliverer] = {}
    closers: list[Any] = []
    if "telegram" in channels and settings.telegram.token:
        from bot.channels.telegram import TelegramChannel

        telegram = TelegramChannel(settings.telegram, core)
        await telegram.app.initialize()  # the bot and its rate limiter; no polling, no webhook
        deliverers["telegram"] = telegram.deliverer()
        closers.append(telegram.app.shutdown)
    if "zalo" in channels and settings.zalo.token:
        from bot.channels.zalo import ZaloChannel

        zalo = ZaloChannel(settings.zalo, core)
        deliverers["zalo"] = zalo.deliverer()
        closers.append(zalo.api.aclose)
    try:
        if deliverers:
            sender = OutboxSender(core.db, deliverers, fixed_clock(now))
            try:
                while await sender.drain_once():
                    pass  # until no row is due for these channels (a retry waits for its time)
            finally:
                await sender.retire()
    finally:
        for close in closers:
            await close()


def deliver_now(settings: Settings, core: Core, channels: set[str], now: datetime) -> None:
    """Send the due rows of ``channels`` (those with a token) through their deliverers, until none is due."""
    asyncio.run(_drive(settings, core, channels, now))
