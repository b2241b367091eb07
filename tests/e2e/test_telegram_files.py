"""Files both ways on Telegram, end to end through the emulator: a user's document or photo reaches the core as a
stored file (and one over 20 MB is refused with a clear message), a reply's pictures go as photos and its other
files as documents, and the outbox sender delivers queued messages (files included) through the running
application, retrying what failed for a while and giving up at once on a blocked bot."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bot_runner import ChannelWithSender
from fakes import FakeCore
from filekit import outbox_rows, png_bytes
from filekit import queue as queue_reply
from tg_emulator import BOT_USERNAME, BotThread, Emulator, TelegramUser

from bot.channels.telegram import FILE_TOO_LARGE
from bot.config import Settings
from bot.core import outbox
from bot.core.files import FileStore
from bot.core.messages import Button, FileRef, Incoming, Reply
from bot.db.session import Database
from tests.flowkit import ManualClock

RunBot = Callable[..., BotThread]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def files_settings(settings: Settings, tmp_path: Path) -> Settings:
    settings.files.folder = str(tmp_path / "files")
    return settings


def echo_file(msg: Incoming) -> list[Reply]:
    described = f"{msg.file.name} {msg.file.mime} {msg.file.size}" if msg.file else "không có tệp"
    return [Reply(text=f"{described} | {msg.text}", html=f"{described} | {msg.text}")]


def test_a_document_with_caption_reaches_the_core_stored(
    emulator: Emulator, files_settings: Settings, db: Database, run_bot: RunBot
) -> None:
    core = FakeCore(db, echo_file, settings=files_settings)
    run_bot(files_settings, core)
    data = b"PK\x03\x04" + bytes(range(256)) * 40
    document = emulator.upload(data, "Bao cao 6.12.xlsx", XLSX)
    user = TelegramUser(emulator, files_settings.telegram.token)
    user.send_file("document", document, caption="Số liệu chỉ số 6.12")
    assert user.reply().text == f"Bao cao 6.12.xlsx {XLSX} {len(data)} | Số liệu chỉ số 6.12"
    [seen] = core.seen
    assert seen.file is not None and seen.text == "Số liệu chỉ số 6.12"
    stored = Path(seen.file.path)
    assert stored.read_bytes() == data
    assert stored.name == hashlib.sha256(data).hexdigest()  # named by content
    assert stored.parent.parent == Path(files_settings.files.folder)


def test_a_photo_reaches_the_core_as_its_largest_size(
    emulator: Emulator, files_settings: Settings, db: Database, run_bot: RunBot
) -> None:
    core = FakeCore(db, echo_file, settings=files_settings)
    run_bot(files_settings, core)
    small, large = png_bytes(2, 2), png_bytes(40, 30)
    sizes = [emulator.upload(small, "s.jpg", "image/jpeg"), emulator.upload(large, "l.jpg", "image/jpeg")]
    user = TelegramUser(emulator, files_settings.telegram.token)
    user.send_file("photo", [{**s, "width": 1, "height": 1} for s in sizes])
    assert user.reply().text.startswith("anh-")
    [seen] = core.seen
    assert seen.file is not None and seen.file.mime == "image/jpeg" and seen.text == ""
    assert Path(seen.file.path).read_bytes() == large


def test_in_a_group_only_files_addressed_to_the_bot_are_taken(
    emulator: Emulator, files_settings: Settings, db: Database, run_bot: RunBot
) -> None:
    core = FakeCore(db, echo_file, settings=files_settings)
    run_bot(files_settings, core)
    group = TelegramUser(emulator, files_settings.telegram.token, chat_id=-500, chat_type="group")
    document = emulator.upload(b"bien ban hop", "bien-ban.pdf", "application/pdf")
    group.send_file("document", document, caption="biên bản họp tổ")
    assert group.silence(1.0) == [] and core.seen == []
    handle = f"@{BOT_USERNAME}"
    group.send_file("document", document, caption=f"{handle} biên bản họp tổ",
                    caption_entities=[{"type": "mention", "offset": 0, "length": len(handle)}])
    assert group.reply().text == "bien-ban.pdf application/pdf 12 | biên bản họp tổ"
    assert [m.chat_type for m in core.seen] == ["group"]


def test_a_file_over_20_mb_is_refused_clearly_and_never_downloaded(
    emulator: Emulator, files_settings: Settings, db: Database, run_bot: RunBot
) -> None:
    core = FakeCore(db, echo_file, settings=files_settings)
    run_bot(files_settings, core)
    document = {**emulator.upload(b"x", "video.mp4", "video/mp4"), "file_size": 25 * 1024 * 1024}
    user = TelegramUser(emulator, files_settings.telegram.token)
    user.send_file("document", document)
    reply = user.reply()
    assert reply.text == FILE_TOO_LARGE and "20 MB" in reply.text
    assert core.seen == []
    assert not Path(files_settings.files.folder).exists() or not any(Path(files_settings.files.folder).rglob("*"))


def stored(folder: str, data: bytes, name: str, mime: str) -> FileRef:
    return FileStore(folder).save(data, name, mime)


def test_reply_files_go_as_photo_with_caption_and_as_document_after_the_text(
    emulator: Emulator, files_settings: Settings, db: Database, run_bot: RunBot
) -> None:
    folder = files_settings.files.folder
    chart = stored(folder, png_bytes(20, 10), "bieu-do.png", "image/png")
    sheet = stored(folder, b"PK\x03\x04 bang tinh", "Bang diem.xlsx", XLSX)

    def answer(msg: Incoming) -> list[Reply]:
        if msg.text == "ảnh":
            return [Reply(text="Biểu đồ điểm", html="<b>Biểu đồ điểm</b>", files=(chart,))]
        return [Reply(text="Bảng điểm", html="Bảng điểm", buttons=(Button("Xem", "x:1"),), files=(sheet,))]

    run_bot(files_settings, FakeCore(db, answer, settings=files_settings))
    user = TelegramUser(emulator, files_settings.telegram.token)
    user.send("ảnh")
    photo = user.reply()
    assert (photo.kind, photo.caption) == ("photo", "<b>Biểu đồ điểm</b>")
    assert emulator.file_bytes(photo.file["file_id"]) == Path(chart.path).read_bytes()
    user.send("bảng")
    text, document = user.replies(2)
    assert (text.kind, text.text, text.buttons) == ("text", "Bảng điểm", [("Xem", "x:1")])
    assert (document.kind, document.file["file_name"], document.caption) == ("document", "Bang diem.xlsx", "")
    assert emulator.file_bytes(document.file["file_id"]) == Path(sheet.path).read_bytes()


# ------------------------------------------------------------------------------------------- the outbox sender


def queue(db: Database, clock: ManualClock, key: str, chat_id: int, reply: Reply) -> None:
    queue_reply(db, clock, key, "telegram", chat_id, reply)


def wait_for(condition: Callable[[], Any], timeout: float = 15) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.05)

    asyncio.run(asyncio.wait_for(poll(), timeout))


def test_outbox_messages_with_files_reach_their_chats_in_order(
    emulator: Emulator, files_settings: Settings, db: Database
) -> None:
    clock = ManualClock()
    core = FakeCore(db, settings=files_settings)
    chart = stored(files_settings.files.folder, png_bytes(8, 8), "bieu-do.png", "image/png")
    for i in range(3):
        queue(db, clock, f"focal:{i}", 2002, Reply(text=f"Yêu cầu {i}", html=f"Yêu cầu {i}"))
    queue(db, clock, "unit:1", 3003, Reply(text="Điểm tháng này", html="Điểm tháng này", files=(chart,)))
    thread = BotThread(lambda: ChannelWithSender(files_settings, core, clock)).start()
    try:
        focal = TelegramUser(emulator, files_settings.telegram.token, user_id=2002)
        assert [m.text for m in focal.replies(3)] == ["Yêu cầu 0", "Yêu cầu 1", "Yêu cầu 2"]
        unit = TelegramUser(emulator, files_settings.telegram.token, user_id=3003)
        photo = unit.reply()
        assert (photo.kind, photo.caption) == ("photo", "Điểm tháng này")
        wait_for(lambda: all(r.status == outbox.SENT for r in outbox_rows(db).values()))
        assert outbox_rows(db)["unit:1"].message_id == str(photo.message_id)
        assert focal.silence(1.0) == [] and unit.silence(0.2) == []
    finally:
        thread.stop()


def test_a_turn_wakes_the_sender_for_the_messages_it_queued(
    emulator: Emulator, files_settings: Settings, db: Database
) -> None:
    clock = ManualClock()

    def notify_focal(msg: Incoming) -> list[Reply]:
        queue(db, clock, f"ask:{msg.text}", 2002, Reply(text=f"Có yêu cầu: {msg.text}", html=f"Có yêu cầu: {msg.text}"))
        return [Reply(text="Đã gửi yêu cầu", html="Đã gửi yêu cầu")]

    core = FakeCore(db, notify_focal, settings=files_settings)
    # the sender's own tick is a minute away: only the wake-up after the turn can deliver in time
    thread = BotThread(lambda: ChannelWithSender(files_settings, core, clock, interval=60)).start()
    try:
        user = TelegramUser(emulator, files_settings.telegram.token)
        user.send("đăng ký")
        assert user.reply().text == "Đã gửi yêu cầu"
        focal = TelegramUser(emulator, files_settings.telegram.token, user_id=2002)
        assert focal.reply(timeout=5).text == "Có yêu cầu: đăng ký"
    finally:
        thread.stop()


def test_transient_failures_are_retried_later_and_a_blocked_bot_is_given_up_at_once(
    emulator: Emulator, files_settings: Settings, db: Database
) -> None:
    clock = ManualClock()
    token = files_settings.telegram.token
    core = FakeCore(db, settings=files_settings)
    thread = BotThread(lambda: ChannelWithSender(files_settings, core, clock)).start()
    try:
        emulator.fail_next(token, "sendMessage", 1, "status")
        queue(db, clock, "flaky", 2002, Reply(text="Nhắc hạn nộp", html="Nhắc hạn nộp"))
        wait_for(lambda: outbox_rows(db)["flaky"].attempts == 1 and outbox_rows(db)["flaky"].status == outbox.PENDING)
        flaky = outbox_rows(db)["flaky"]
        assert "502" in (flaky.last_error or "") or "Bad Gateway" in (flaky.last_error or "")
        user = TelegramUser(emulator, token, user_id=2002)
        assert user.silence(0.6) == []  # not before its retry time
        clock.advance(minutes=1)
        assert user.reply().text == "Nhắc hạn nộp"
        wait_for(lambda: outbox_rows(db)["flaky"].status == outbox.SENT)
        assert outbox_rows(db)["flaky"].attempts == 2

        emulator.fail_next(token, "sendMessage", 1, "forbidden")
        queue(db, clock, "blocked", 4004, Reply(text="Thông báo", html="Thông báo"))
        wait_for(lambda: outbox_rows(db)["blocked"].status == outbox.FAILED)
        blocked = outbox_rows(db)["blocked"]
        assert blocked.attempts == 1 and "blocked" in (blocked.last_error or "")
        clock.advance(days=1)
        assert TelegramUser(emulator, token, user_id=4004).silence(0.6) == []
        assert outbox_rows(db)["blocked"].attempts == 1  # never tried again
    finally:
        thread.stop()
