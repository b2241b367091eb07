"""What the Zalo channel tests share: settings that point the channel at the local Zalo Bot API
(``zalo_fake.FakeZalo``), and the channels a test starts, stopped when it ends."""

from __future__ import annotations

from zalo_fake import FakeZalo

from bot.channels.zalo import ZaloChannel
from bot.config import Settings, ZaloSettings
from bot.core.app import Core


def zalo_settings(database_url: str, fake: FakeZalo) -> Settings:
    """The test's own database (``sqlite_template.copy_to(…)``: migrated, no rows), and the Zalo channel talking to
    ``fake``."""
    settings = Settings()
    settings.database.url = database_url
    settings.zalo.token, settings.zalo.base_url = fake.token, fake.base_url
    return settings


class Channels:
    """Zalo channels started on a core during a test; ``stop`` stops them all (the fixture's teardown)."""

    def __init__(self, settings: ZaloSettings) -> None:
        self.settings = settings
        self.started: list[ZaloChannel] = []

    async def start(self, core: Core) -> ZaloChannel:
        channel = ZaloChannel(self.settings, core)
        await channel.start()
        self.started.append(channel)
        return channel

    async def stop(self) -> None:
        for channel in self.started:
            await channel.stop()
