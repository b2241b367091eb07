"""The Telegram channel's own mechanics, end to end through the emulator, with a scripted core.

These hold whatever the real core answers: what reaches the core, how replies, buttons and long answers are
sent, groups, redelivered updates, a failing Bot API, webhook secrets and unexpected errors.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest
from fakes import COMMANDS, FakeCore
from tg_emulator import BOT_ID, BOT_USERNAME, BotThread, Emulator, TelegramUser, free_port

from bot.channels import retry
from bot.channels.bridge import APOLOGY, TEXT_ONLY
from bot.channels.chats import known_chats
from bot.config import Settings
from bot.core.messages import Button, Incoming, Reply
from bot.db.session import Database

RunBot = Callable[..., BotThread]
SECRET = "dung-secret_token-123"


def plain(text: str) -> Reply:
    return Reply(text=text, html=text)


def choices(msg: Incoming) -> list[Reply]:
    """Offers two buttons for any text; answers a press with the payload it carried."""
    if msg.payload:
        return [plain(f"Đã chọn <b>{msg.payload}</b>")]
    buttons = (
        Button("Chỉ số 1.6 — An toàn thông tin", "i:1.6"),
        Button("Chỉ số 3.3 — Dịch vụ công", "i:3.3"),
    )
    return [Reply(text="Anh/chị muốn hỏi chỉ số nào?", html="Anh/chị muốn hỏi chỉ số nào?", buttons=buttons)]


def test_text_goes_to_core_and_reply_comes_back(
    emulator: Emulator, settings: Settings, db: Database, run_bot: RunBot
) -> None:
    core = FakeCore(db)
    run_bot(settings, core)
    user = TelegramUser(emulator, settings.telegram.token)
    user.send("Ai chủ trì chỉ số 1.6?")
    reply = user.reply()
    assert reply.text == "echo Ai chủ trì chỉ số 1.6?"
    assert reply.parse_mode == "HTML"
    assert core.seen == [
        Incoming(
            channel="telegram",
            chat_id="1001",
            user_id="1001",
            text="Ai chủ trì chỉ số 1.6?",
            user_name="Nguyễn Văn A",
            chat_type="private",
        )
    ]
    [chat] = known_chats(db, "telegram")
    assert (chat.chat_id, chat.chat_type, chat.display_name) == ("1001", "private", "Nguyễn Văn A")


def test_commands_are_registered_in_vietnamese_and_reach_the_core(
    emulator: Emulator, settings: Settings, db: Database, run_bot: RunBot
) -> None:
    core = FakeCore(db)
    run_bot(settings, core)
    assert emulator.commands(settings.telegram.token) == [
        {"command": name, "description": description} for name, description in COMMANDS
    ]
    user = TelegramUser(emulator, settings.telegram.token)
    user.command("/start")
    assert user.reply().text == "echo /start"
    user.command("/menu")
    assert user.reply().text == "echo /menu"


def test_buttons_become_inline_keyboard_and_a_press_reaches_the_core(
    emulator: Emulator, settings: Settings, db: Database, run_bot: RunBot
) -> None:
    core = FakeCore(db, choices)
    run_bot(settings, core)
    user = TelegramUser(emulator, settings.telegram.token)
    user.send("an toàn thông tin")
    offer = user.reply()
    assert offer.buttons == [
        ("Chỉ số 1.6 — An toàn thông tin", "i:1.6"),
        ("Chỉ số 3.3 — Dịch vụ công", "i:3.3"),
    ]
    user.press(offer, "i:3.3")
    assert user.reply().text == "Đã chọn <b>i:3.3</b>"
    assert core.seen[-1].payload == "i:3.3"
    assert core.seen[-1].chat_id == "1001"


def test_long_answer_is_split_under_4096_with_buttons_on_the_last_piece(
    emulator: Emulator, settings: Settings, db: Database, run_bot: RunBot
) -> None:
    lines = [f"<b>Dòng {i}</b>: " + "nội dung " * 40 for i in range(40)]  # ~15 000 characters
    long_reply = Reply(text="", html="\n".join(lines), buttons=(Button("Xem thêm", "more"),))
    run_bot(settings, FakeCore(db, lambda m: [long_reply]))
    user = TelegramUser(emulator, settings.telegram.token)
    user.send("dài")
    first = user.reply()
    pieces = [first, *user.replies(3)]
    assert all(len(p.text) <= 4096 for p in pieces)
    assert "\n".join(p.text for p in pieces) == long_reply.html  # cut at line boundaries, nothing lost
    assert [bool(p.buttons) for p in pieces] == [False, False, False, True]
    assert user.silence(0.5) == []


def test_group_answers_only_commands_mentions_and_replies(
    emulator: Emulator, settings: Settings, db: Database, run_bot: RunBot
) -> None:
    core = FakeCore(db)
    run_bot(settings, core)
    group = TelegramUser(emulator, settings.telegram.token, chat_id=-100123, chat_type="group")
    group.send("Chiều nay họp lúc mấy giờ?")
    group.command("/help@OtherBot")
    assert group.silence() == []
    assert core.seen == []

    group.mention("Ai chủ trì chỉ số 1.6?")
    answer = group.reply()
    assert answer.text == "echo Ai chủ trì chỉ số 1.6?"
    assert answer.raw["reply_parameters"]  # quotes the question it answers
    group.command(f"/help@{BOT_USERNAME}")
    assert group.reply().text == "echo /help"
    bot_said = {
        "message_id": answer.message_id,
        "date": answer.date,
        "chat": group.chat,
        "text": answer.text,
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bot", "username": BOT_USERNAME},
    }
    group.send("còn chỉ số 1.7?", reply_to_message=bot_said)
    assert group.reply().text == "echo còn chỉ số 1.7?"
    assert {m.chat_type for m in core.seen} == {"group"}
    [chat] = known_chats(db, "telegram")
    assert (chat.chat_id, chat.display_name) == ("-100123", "Tổ công tác chuyển đổi số")


@pytest.mark.parametrize("how", ["drop", "status", "flood"])
def test_reply_survives_a_failing_bot_api(
    how: str, emulator: Emulator, settings: Settings, db: Database, run_bot: RunBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retry, "FIRST_DELAY", 0.02)  # the waits between attempts (0.5 s, 1 s…) are not tested here
    run_bot(settings, FakeCore(db))
    emulator.fail_next(settings.telegram.token, "sendMessage", times=2 if how != "flood" else 1, how=how)
    user = TelegramUser(emulator, settings.telegram.token)
    user.send("vẫn trả lời chứ?")
    assert user.reply(timeout=20).text == "echo vẫn trả lời chứ?"
    assert user.silence(1) == []  # exactly once


def test_unexpected_error_gets_an_apology_and_the_bot_keeps_running(
    emulator: Emulator, settings: Settings, db: Database, run_bot: RunBot, caplog: pytest.LogCaptureFixture
) -> None:
    def fragile(msg: Incoming) -> list[Reply]:
        if msg.text == "hỏng":
            raise RuntimeError("lỗi thử")
        return [plain(f"ok {msg.text}")]

    run_bot(settings, FakeCore(db, fragile))
    user = TelegramUser(emulator, settings.telegram.token)
    user.send("hỏng")
    assert user.reply().text == APOLOGY
    assert any(
        "lỗi thử" in r.getMessage() or (r.exc_info and "lỗi thử" in str(r.exc_info[1]))
        for r in caplog.records
    )
    user.send("tiếp")
    assert user.reply().text == "ok tiếp"


def test_non_text_message_in_private_gets_an_explanation(
    emulator: Emulator, settings: Settings, db: Database, run_bot: RunBot
) -> None:
    core = FakeCore(db)
    run_bot(settings, core)
    user = TelegramUser(emulator, settings.telegram.token)
    emulator.post(
        "/sendMessage",
        botToken=settings.telegram.token,
        chat=user.chat,
        date=int(time.time()),
        sticker={
            "file_id": "x",
            "file_unique_id": "y",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        },
        **{"from": user.user},
    )
    assert user.reply().text == TEXT_ONLY
    assert core.seen == []


# ----------------------------------------------------------------------------------------------- webhook mode


@pytest.fixture
def webhook_settings(settings: Settings) -> Settings:
    port = free_port()
    settings.telegram.webhook_url = f"http://127.0.0.1:{port}/telegram/hook"
    settings.telegram.listen = "127.0.0.1"
    settings.telegram.port = port
    settings.telegram.secret_token = SECRET
    return settings


def forged_update(update_id: int, text: str) -> dict[str, object]:
    user = {"id": 2002, "is_bot": False, "first_name": "Kẻ giả mạo"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "text": text,
            "from": user,
            "chat": {"id": 2002, "type": "private"},
        },
    }


def test_webhook_answers_real_updates_and_refuses_forged_ones(
    emulator: Emulator, webhook_settings: Settings, db: Database, run_bot: RunBot
) -> None:
    core = FakeCore(db)
    run_bot(webhook_settings, core)
    user = TelegramUser(emulator, webhook_settings.telegram.token)
    user.send("qua webhook")
    assert user.reply().text == "echo qua webhook"

    url = webhook_settings.telegram.webhook_url
    wrong = httpx.post(
        url, json=forged_update(900001, "giả mạo"), headers={"X-Telegram-Bot-Api-Secret-Token": "sai-roi"}
    )
    missing = httpx.post(url, json=forged_update(900002, "giả mạo"))
    assert (wrong.status_code, missing.status_code) == (403, 403)
    spy = TelegramUser(emulator, webhook_settings.telegram.token, user_id=2002)
    assert spy.silence() == []
    assert [m.text for m in core.seen] == ["qua webhook"]


def test_same_update_delivered_twice_is_answered_once(
    emulator: Emulator, webhook_settings: Settings, db: Database, run_bot: RunBot
) -> None:
    core = FakeCore(db)
    run_bot(webhook_settings, core)
    update = forged_update(777, "gửi lại")
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    for _ in range(2):
        assert (
            httpx.post(webhook_settings.telegram.webhook_url, json=update, headers=headers).status_code == 200
        )
    user = TelegramUser(emulator, webhook_settings.telegram.token, user_id=2002)
    assert user.reply().text == "echo gửi lại"
    assert user.silence() == []
    assert [m.text for m in core.seen] == ["gửi lại"]
