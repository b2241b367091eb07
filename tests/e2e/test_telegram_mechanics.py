"""The Telegram channel's own mechanics, end to end through the emulator, with a scripted core."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fakes import FakeCore
from tg_emulator import BotThread, Emulator, TelegramUser

from bot.config import Settings
from bot.core.messages import Button, Incoming, Reply
from bot.db.session import Database

RunBot = Callable[..., BotThread]


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    database = Database(settings.database.url)
    database.upgrade()
    yield database
    database.dispose()


def test_text_goes_to_core_and_reply_comes_back(emulator: Emulator, settings: Settings, db: Database,
                                                run_bot: RunBot) -> None:
    core = FakeCore(db)
    run_bot(settings, core)
    user = TelegramUser(emulator, settings.telegram.token)
    user.send("Ai chủ trì chỉ số 1.6?")
    assert user.reply().text == "echo Ai chủ trì chỉ số 1.6?"
    assert core.seen[0] == Incoming(channel="telegram", chat_id="1001", user_id="1001",
                                    text="Ai chủ trì chỉ số 1.6?", user_name="Nguyễn Văn A", chat_type="private")
