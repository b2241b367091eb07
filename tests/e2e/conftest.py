"""Fixtures of the end-to-end tests: the Bot API emulator (one per session), a fresh database and bot token
per test, and bots started in their own thread against the emulator.

Without Node the tests are skipped, with the reason shown; with Node but without the emulator installed they
fail and say which command installs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bot_runner import ChannelWithSender
from tg_emulator import BotThread, Emulator, EmulatorUnavailable, node_missing_reason

from bot.channels.telegram import TelegramChannel
from bot.config import Settings
from bot.core.app import Core
from tests.dbkit import SqliteTemplate

pytestmark = pytest.mark.e2e


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    reason = node_missing_reason()
    if reason:
        pytest.skip(reason)
    try:
        emu = Emulator()
    except EmulatorUnavailable as exc:
        pytest.fail(str(exc))
    yield emu
    emu.stop()


@pytest.fixture
def settings(tmp_path: Path, emulator: Emulator, sqlite_template: SqliteTemplate) -> Settings:
    """Settings of one test: its own SQLite file (migrated: a copy of the worker's) and its own bot token on the
    emulator (each xdist worker runs its own emulator on a free port)."""
    s = Settings()
    s.database.url = sqlite_template.copy_to(tmp_path / "bot.db")
    s.telegram.token = emulator.new_token()
    s.telegram.base_url = emulator.bot_api_url
    return s


# ``core`` comes from tests/conftest.py and is built on the ``settings`` above (its own SQLite file, the emulator).


@pytest.fixture
def run_bot() -> Iterator[Callable[..., BotThread]]:
    """``run_bot(settings, core, **kwargs)`` starts a TelegramChannel; every bot started is stopped after."""
    threads: list[BotThread] = []

    def start(settings: Settings, core: Core, *, sender: bool = False, **kwargs: Any) -> BotThread:
        """``sender=True``: the outbox sender runs beside the channel, as in ``dti-bot run``."""
        if sender:
            thread = BotThread(lambda: ChannelWithSender(settings, core, core.services.clock)).start()
        else:
            thread = BotThread(lambda: TelegramChannel(settings.telegram, core, **kwargs)).start()
        threads.append(thread)
        return thread

    yield start
    for thread in threads:
        thread.stop()
