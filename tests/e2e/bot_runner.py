"""What ``dti-bot run`` runs (bot/cli/run.py ``serve``), in a test's bot thread: the Telegram channel and the
outbox sender beside it, woken by each turn."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.channels.bridge import shared
from bot.channels.outbox_sender import OutboxSender
from bot.channels.telegram import TelegramChannel
from bot.config import Settings
from bot.core.app import Core


class ChannelWithSender:
    def __init__(self, settings: Settings, core: Core, clock: Callable[[], datetime], interval: float = 0.2) -> None:
        self.channel = TelegramChannel(settings.telegram, core)
        self.sender = OutboxSender(core.db, {"telegram": self.channel.deliverer()}, clock, interval=interval,
                                   wake=shared(core).outbox_wake)

    async def start(self) -> None:
        await self.channel.start()
        self.sender.start()

    async def stop(self) -> None:
        await self.sender.stop()
        await self.channel.stop()
