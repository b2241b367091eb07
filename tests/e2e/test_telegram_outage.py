"""A database outage while the Telegram channel runs with the real core (issue 15, defect 12): the SQLite file's
folder is moved away; each message then gets exactly one apology (it got three: the duplicate check, the chat
record and marking the update handled each apologised), and the bot answers normally once it is back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tg_emulator import BotThread, Emulator, TelegramUser

from bot.assembly import build_core
from bot.channels.bridge import APOLOGY
from bot.config import Settings
from tests.outagekit import MovableSqlite

RunBot = Callable[..., BotThread]


def test_each_message_during_an_outage_gets_one_apology(emulator: Emulator, settings: Settings, tmp_path: Path,
                                                        run_bot: RunBot) -> None:
    sqlite = MovableSqlite(tmp_path)
    settings.database.url = sqlite.url
    settings.files.folder = str(tmp_path / "files")
    core = build_core(settings)
    try:
        run_bot(settings, core)
        user = TelegramUser(emulator, settings.telegram.token)
        user.command("/menu")
        menu = user.reply().text
        sqlite.cut(core.db)
        for n in range(3):
            user.send(f"chỉ số 6.22 lần {n}")
        got = [m.text for m in user.replies(3)] + [m.text for m in user.silence(2)]
        assert got == [APOLOGY] * 3
        sqlite.restore()
        user.command("/menu")
        assert user.reply().text == menu != APOLOGY
    finally:
        core.db.dispose()
