"""What each channel can carry, said once for the core (``Services.channels``), so that a handler can tell a user
before the fact rather than leave them waiting for a file that cannot come.

Light on purpose (no channel library imported): every core gets it, the console's and the tests' too.
"""

from __future__ import annotations

from bot.config import Settings
from bot.core.services import ChannelTraits


def channel_traits(settings: Settings) -> dict[str, ChannelTraits]:
    """Zalo uploads no document: it gets a signed link to the bot's own file server, which exists only when
    ``[files] public_url`` is set. Telegram and the console carry documents."""
    return {"zalo": ChannelTraits(documents=bool(settings.files.public_url))}
