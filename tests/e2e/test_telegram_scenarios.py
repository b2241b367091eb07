"""The user's scenarios on Telegram, with the real core, end to end through the Bot API emulator."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from tg_emulator import BotMessage, BotThread, Emulator, TelegramUser

from bot.config import Settings
from bot.core.app import Core
from bot.core.messages import Incoming

RunBot = Callable[..., BotThread]
AMBIGUOUS_CANDIDATES = [
    "kinh phí an toàn thông tin",
    "tỷ lệ dịch vụ công trực tuyến",
    "an toàn thông tin",
    "dịch vụ công",
    "nhân lực chuyển đổi số",
]


@pytest.fixture
def user(emulator: Emulator, settings: Settings, core: Core, run_bot: RunBot) -> TelegramUser:
    run_bot(settings, core)
    return TelegramUser(emulator, settings.telegram.token)


def answer_to(user: TelegramUser) -> list[BotMessage]:
    """Everything the bot sends back to one message: the first piece, and any that follow closely."""
    return [user.reply(), *user.silence(1.0)]


def text_of(messages: list[BotMessage]) -> str:
    return "\n".join(m.text for m in messages)


def test_start_greets_and_says_what_the_bot_does(user: TelegramUser) -> None:
    user.command("/start")
    assert "Trợ lý DTI" in text_of(answer_to(user))


def test_method_question(user: TelegramUser) -> None:
    user.send("Chỉ số 3.3 tính điểm như thế nào?")
    assert "3.3" in text_of(answer_to(user))


def test_owner_question(user: TelegramUser) -> None:
    user.send("Ai chủ trì chỉ số 1.6?")
    assert "Báo" in text_of(answer_to(user))


def test_unknown_question(user: TelegramUser) -> None:
    user.send("giá vàng hôm nay")
    assert "Không tìm thấy" in text_of(answer_to(user))


def ambiguous_question(core: Core) -> str:
    """A question the core answers with a choice of at least two buttons (asked directly, off any channel)."""
    for question in AMBIGUOUS_CANDIDATES:
        replies = core.handle(Incoming(channel="probe", chat_id="probe", user_id="probe", text=question))
        if any(len(reply.buttons) >= 2 for reply in replies):
            return question
    pytest.fail(f"không câu nào trong {AMBIGUOUS_CANDIDATES} cho ra lựa chọn bằng nút")


def test_ambiguous_question_answered_by_pressing_a_button(user: TelegramUser, core: Core) -> None:
    user.send(ambiguous_question(core))
    offer = next(m for m in answer_to(user) if m.buttons)
    assert len(offer.buttons) >= 2
    assert all(len(data.encode()) <= 64 for _, data in offer.buttons)
    label, data = offer.buttons[0]
    user.press(offer, data)
    shown = text_of(answer_to(user))
    code = re.search(r"\d+(?:\.\d+)+", label)
    assert (code.group(0) if code else label) in shown


def test_group_ignores_chatter_and_answers_a_mention(
    emulator: Emulator, settings: Settings, core: Core, run_bot: RunBot
) -> None:
    run_bot(settings, core)
    group = TelegramUser(emulator, settings.telegram.token, chat_id=-100777, chat_type="group")
    group.send("Ai chủ trì chỉ số 1.6?")
    assert group.silence() == []
    group.mention("Ai chủ trì chỉ số 1.6?")
    assert "Báo" in text_of(answer_to(group))
