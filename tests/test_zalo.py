"""The real Zalo channel against a local Zalo Bot API (tests/e2e/zalo_fake.py) over HTTP: polling and webhook
modes, numbered choices, long answers, unsupported messages, quota errors, redeliveries, forged webhooks."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent / "e2e"))
from fakes import FakeCore
from tg_emulator import free_port
from zalo_fake import FakeZalo
from zalokit import Channels, zalo_settings

from bot.assembly import build_core
from bot.channels import retry, zalo
from bot.channels.bridge import APOLOGY, TEXT_ONLY, ChannelStartError
from bot.channels.chats import known_chats
from bot.channels.split import split_message
from bot.channels.zalo import UNSUPPORTED, ZaloChannel
from bot.config import Settings
from bot.core.app import Core
from bot.core.messages import CHOICE_HINT, Button, Incoming, Reply
from bot.db.session import Database
from tests.dbkit import SqliteTemplate

Start = Callable[..., Awaitable[ZaloChannel]]
SECRET = "zalo-secret-123"


@pytest.fixture
def fake() -> Iterator[FakeZalo]:
    with FakeZalo() as server:
        yield server


@pytest.fixture
def settings(tmp_path: Path, fake: FakeZalo, sqlite_template: SqliteTemplate) -> Settings:
    return zalo_settings(sqlite_template.copy_to(tmp_path / "bot.db"), fake)


@pytest.fixture
async def start(settings: Settings) -> AsyncIterator[Start]:
    channels = Channels(settings.zalo)

    async def run(core: Core, *, webhook: bool = False) -> ZaloChannel:
        if webhook:
            port = free_port()
            settings.zalo.webhook_url = f"http://127.0.0.1:{port}/zalo/hook"
            settings.zalo.listen, settings.zalo.port = "127.0.0.1", port
            settings.zalo.secret_token = SECRET
        return await channels.start(core)

    yield run
    await channels.stop()


async def sent(
    fake: FakeZalo, count: int, chat_id: str = "u-1001", timeout: float = 10, exact: bool = True
) -> list[str]:
    """Wait until ``count`` messages went to ``chat_id``; if ``exact``, check no more follow shortly."""
    deadline = asyncio.get_running_loop().time() + timeout
    while len(fake.texts_to(chat_id)) < count:
        assert asyncio.get_running_loop().time() < deadline, fake.texts_to(chat_id)
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)
    texts = fake.texts_to(chat_id)
    assert len(texts) == count or not exact, texts
    return texts


def offer(msg: Incoming) -> list[Reply]:
    if msg.text.isdigit():
        return [Reply(text=f"Đã chọn {msg.text}", html="")]
    buttons = (
        Button("Chỉ số 1.6 — An toàn thông tin", "i:1.6"),
        Button("Chỉ số 3.3 — Dịch vụ công", "i:3.3"),
    )
    return [Reply(text="Anh/chị muốn hỏi chỉ số nào?", html="", buttons=buttons)]


async def test_polling_text_reaches_core_and_reply_is_sent(
    fake: FakeZalo, db: Database, start: Start
) -> None:
    core = FakeCore(db)
    await start(core)
    fake.deliver(fake.user_message("Ai chủ trì chỉ số 1.6?"))
    assert await sent(fake, 1) == ["echo Ai chủ trì chỉ số 1.6?"]
    assert core.seen == [
        Incoming(
            channel="zalo",
            chat_id="u-1001",
            user_id="u-1001",
            text="Ai chủ trì chỉ số 1.6?",
            user_name="Trần Thị B",
            chat_type="private",
        )
    ]
    [chat] = known_chats(db, "zalo")
    assert (chat.chat_id, chat.display_name) == ("u-1001", "Trần Thị B")
    assert "deleteWebhook" in fake.calls  # polling needs no webhook


async def test_choices_become_numbered_lines_and_the_number_comes_back_as_text(
    fake: FakeZalo, db: Database, start: Start
) -> None:
    core = FakeCore(db, offer)
    await start(core)
    fake.deliver(fake.user_message("an toàn thông tin"))
    [text] = await sent(fake, 1)
    assert text == (
        "Anh/chị muốn hỏi chỉ số nào?\n\n1. Chỉ số 1.6 — An toàn thông tin\n"
        f"2. Chỉ số 3.3 — Dịch vụ công\n\n{CHOICE_HINT}"
    )
    fake.deliver(fake.user_message("2"))
    assert (await sent(fake, 2))[1] == "Đã chọn 2"
    assert core.seen[-1].text == "2" and core.seen[-1].payload is None


async def test_long_answer_is_split_under_2000_at_line_boundaries(
    fake: FakeZalo, db: Database, start: Start
) -> None:
    lines = [f"Dòng {i}: " + "nội dung " * 20 for i in range(60)]  # ~11 000 characters
    await start(FakeCore(db, lambda m: [Reply(text="\n".join(lines), html="")]))
    fake.deliver(fake.user_message("dài"))
    pieces = await sent(fake, len(split_message("\n".join(lines), 2000)))
    assert len(pieces) >= 6
    assert all(len(p) <= 2000 for p in pieces)
    assert "\n".join(pieces) == "\n".join(lines)


async def test_unsupported_image_and_group_messages(fake: FakeZalo, db: Database, start: Start) -> None:
    core = FakeCore(db)
    await start(core)
    fake.deliver(fake.user_message(event="message.unsupported.received"))
    fake.deliver(fake.user_message(event="message.image.received"))
    assert await sent(fake, 2) == [UNSUPPORTED, TEXT_ONLY]
    fake.deliver(fake.user_message("nhóm", user_id="g-1", chat_type="GROUP"))
    await asyncio.sleep(0.5)
    assert fake.texts_to("g-1") == []
    assert core.seen == []


async def test_quota_exceeded_is_retried_and_the_reply_delivered(
    fake: FakeZalo, db: Database, start: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zalo, "QUOTA_BACKOFF", 0.1)
    monkeypatch.setattr(retry, "FIRST_DELAY", 0.02)  # the waits between attempts: 3.5 s at their real length
    await start(FakeCore(db))
    fake.fail_next("sendMessage", 429, 429, 502)
    fake.deliver(fake.user_message("còn hạn mức không?"))
    assert await sent(fake, 1, timeout=15) == ["echo còn hạn mức không?"]
    assert fake.calls.count("sendMessage") == 4


async def test_same_message_twice_is_answered_once(fake: FakeZalo, db: Database, start: Start) -> None:
    core = FakeCore(db)
    await start(core)
    update = fake.user_message("gửi lại", message_id="same-1")
    fake.deliver(update)
    fake.deliver(update)
    assert await sent(fake, 1) == ["echo gửi lại"]
    assert len(core.seen) == 1


async def test_message_interrupted_mid_answer_is_answered_when_delivered_again(
    fake: FakeZalo, db: Database, start: Start
) -> None:
    """The bot stopped while answering (a restart, a deploy): the redelivered message must not be dropped."""
    calls: list[str] = []

    def stopped_first_time(msg: Incoming) -> list[Reply]:
        calls.append(msg.text)
        if len(calls) == 1:
            raise asyncio.CancelledError  # what a task sees when its process is being stopped
        return [Reply(text="đã trả lời", html="đã trả lời")]

    await start(FakeCore(db, stopped_first_time))
    update = fake.user_message("câu hỏi", message_id="cut-1")
    fake.deliver(update)
    for _ in range(100):
        if calls:
            break
        await asyncio.sleep(0.02)
    fake.deliver(update)
    assert await sent(fake, 1) == ["đã trả lời"]
    assert calls == ["câu hỏi", "câu hỏi"]


async def test_core_error_gets_an_apology(fake: FakeZalo, db: Database, start: Start) -> None:
    def fragile(msg: Incoming) -> list[Reply]:
        raise RuntimeError("lỗi thử")

    await start(FakeCore(db, fragile))
    fake.deliver(fake.user_message("hỏng"))
    assert await sent(fake, 1) == [APOLOGY]


async def test_webhook_mode_answers_signed_updates_and_refuses_forged_ones(
    fake: FakeZalo, db: Database, start: Start
) -> None:
    core = FakeCore(db)
    channel = await start(core, webhook=True)
    assert fake.webhook == {"url": channel.settings.webhook_url, "secret_token": SECRET}
    assert await asyncio.to_thread(fake.deliver, fake.user_message("qua webhook")) == 200
    assert await sent(fake, 1) == ["echo qua webhook"]
    envelope = fake.user_message("bọc trong result")
    assert await asyncio.to_thread(fake.deliver, envelope, envelope=True) == 200
    assert (await sent(fake, 2))[1] == "echo bọc trong result"

    wrong = await asyncio.to_thread(fake.deliver, fake.user_message("giả mạo"), secret="sai-secret-999")
    missing = await asyncio.to_thread(fake.deliver, fake.user_message("giả mạo"), secret="")
    assert (wrong, missing) == (403, 403)
    async with httpx.AsyncClient() as client:
        junk = await client.post(
            channel.settings.webhook_url, content=b"{}", headers={"X-Bot-Api-Secret-Token": SECRET}
        )
    assert junk.status_code == 400
    await asyncio.sleep(0.3)
    assert [m.text for m in core.seen] == ["qua webhook", "bọc trong result"]


async def test_bad_token_is_a_clear_start_error(settings: Settings, db: Database) -> None:
    settings.zalo.token = "sai-token"
    channel = ZaloChannel(settings.zalo, FakeCore(db))
    with pytest.raises(ChannelStartError, match=r"zalo\.token"):
        await channel.start()
    await channel.stop()


def test_secret_token_length_is_checked(settings: Settings, db: Database) -> None:
    settings.zalo.secret_token = "short"
    with pytest.raises(ChannelStartError, match="8 đến 256"):
        ZaloChannel(settings.zalo, FakeCore(db))


# ----------------------------------------------------------------------------------------- with the real core


async def test_real_core_greets_on_start(fake: FakeZalo, settings: Settings, start: Start) -> None:
    core = build_core(settings)
    try:
        await start(core)
        fake.deliver(fake.user_message("/start"))
        [greeting, *_] = await sent(fake, 1, exact=False)
        assert "Trợ lý DTI" in greeting
    finally:
        core.db.dispose()


async def test_lone_surrogates_in_every_field_get_an_answer(fake: FakeZalo, settings: Settings, start: Start) -> None:
    """Issue 15 defect 6: a display name, a message id and a text with lone surrogates (and NUL) are cleaned where
    the Incoming is built; the user gets the answer, not the apology, and the redelivery is still dropped."""
    core = build_core(settings)
    try:
        await start(core)
        update = fake.user_message("/help \ud800", name="Trần\x00 \ud83d", message_id="m\ud800")
        fake.deliver(update)
        [answer, *_] = await sent(fake, 1, exact=False)
        assert "Cách hỏi Trợ lý DTI" in answer and APOLOGY not in answer
        fake.deliver(update)  # the same message again: answered once
        await sent(fake, len(fake.texts_to("u-1001")))
        [chat] = known_chats(core.db, "zalo")
        assert chat.display_name == "Trần \ufffd"
    finally:
        core.db.dispose()
