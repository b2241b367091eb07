"""Issue 15 defect 6 on Telegram: an update whose user name, group title and text hold lone surrogates (valid JSON:
"\\ud800" is an escape any client may send) is answered, not apologised for; the emulator delivers it to the real
python-telegram-bot application exactly as Telegram's JSON would."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from tg_emulator import BotThread, Emulator, TelegramUser

from bot.channels.bridge import APOLOGY
from bot.channels.chats import known_chats
from bot.config import Settings
from bot.core.app import Core

RunBot = Callable[..., BotThread]


def _post_raw(emulator: Emulator, path: str, body: dict[str, object]) -> None:
    """POST ``body`` as ASCII JSON: lone surrogates go as \\u escapes (httpx's own encoder would refuse them)."""
    response = emulator.http.post(path, content=json.dumps(body).encode("ascii"),
                                  headers={"Content-Type": "application/json"})
    response.raise_for_status()


def test_lone_surrogates_in_a_telegram_update_get_an_answer(
    emulator: Emulator, settings: Settings, core: Core, run_bot: RunBot
) -> None:
    run_bot(settings, core)
    user = TelegramUser(emulator, settings.telegram.token, first_name="Nguyễn\ud800", last_name="\udfff",
                        chat_id=-100777, chat_type="group", chat_title="Tổ \ud83d công tác")
    message = user._message("/help \ud800", entities=[{"type": "bot_command", "offset": 0, "length": 5}])
    _post_raw(emulator, "/sendCommand", {**message, "date": int(time.time())})
    [answer, *_] = [user.reply(), *user.silence(1.0)]
    assert "Cách hỏi Trợ lý DTI" in answer.text and APOLOGY not in answer.text
    private = TelegramUser(emulator, settings.telegram.token, user_id=1002, first_name="\ud800", last_name="")
    _post_raw(emulator, "/sendMessage", private._message("chỉ số 3.3\ud800"))
    assert APOLOGY not in private.reply().text
    names = {chat.chat_id: chat.display_name for chat in known_chats(core.db, "telegram")}
    assert names["-100777"] == "Tổ \ufffd công tác"
