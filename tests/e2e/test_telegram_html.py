"""Issue 15 defect 10 on Telegram: the Bot API emulator refuses, as Telegram does, a message in HTML parse mode that
is not in Telegram's HTML subset (HTTP 400 "Bad Request: can't parse entities: …"), and the bot's own messages
pass: /nhacviec for a focal point used to carry a literal ``<tên đơn vị>`` from reminder_owed.j2."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from tg_emulator import BotThread, Emulator, TelegramUser

from bot.channels.bridge import APOLOGY
from bot.config import Settings
from bot.core.app import Core
from bot.services.registration import create_invite
from bot.services.units import find_units

RunBot = Callable[..., BotThread]


@pytest.mark.parametrize(("text", "refused"), [
    ("<b>Nhắc việc</b> &lt;tên đơn vị&gt; &amp; &#34;", False),
    ("/nhacviec dung <tên đơn vị>", True),
    ("a > b", True),
    ("<b>không đóng", True),
    ("AT&T", True),
])
def test_the_emulator_refuses_html_telegram_refuses(emulator: Emulator, text: str, refused: bool) -> None:
    token = emulator.new_token()
    TelegramUser(emulator, token).send("/start")  # the chat exists
    for method, field, extra in (("sendMessage", "text", {}), ("sendDocument", "caption", {"document": "x"})):
        answer = httpx.post(f"{emulator.bot_api_url}{token}/{method}",
                            json={"chat_id": 1001, field: text, "parse_mode": "HTML", **extra}, timeout=10)
        if refused:
            assert answer.status_code == 400, (method, answer.text)
            assert answer.json()["description"].startswith("Bad Request: can't parse entities: ")
        elif method == "sendMessage":
            assert answer.status_code == 200 and answer.json()["ok"], answer.text
    plain = httpx.post(f"{emulator.bot_api_url}{token}/sendMessage", json={"chat_id": 1001, "text": text}, timeout=10)
    assert plain.status_code == 200  # without parse_mode nothing is parsed


def test_reminders_of_a_focal_point_reach_telegram(
    emulator: Emulator, settings: Settings, core: Core, run_bot: RunBot
) -> None:
    run_bot(settings, core)
    focal = TelegramUser(emulator, settings.telegram.token, user_id=2001, first_name="Trần", last_name="Đầu Mối")
    with core.db.session() as s:
        [unit] = find_units(s, core.kb, "kon-tum-2024", "Sở TTTT").units
        code = create_invite(s, unit.id, "focal", core.services.clock()).code
    focal.command(f"/start {code}")
    assert "Đăng ký thành công" in focal.reply().text
    focal.command("/nhacviec")
    messages = [focal.reply(), *focal.silence(1.0)]
    text = "\n".join(m.text for m in messages)
    assert APOLOGY not in text
    assert "/nhacviec dung &lt;tên đơn vị&gt;" in text and all(m.parse_mode == "HTML" for m in messages)
