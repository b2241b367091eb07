"""Files both ways on Zalo, through the real channel and the local Zalo Bot API (tests/e2e/zalo_fake.py) over HTTP:
a user's picture is downloaded from the URL Zalo gives and reaches the core stored (over 20 MB: refused clearly);
pictures go out by a short-lived signed link that the bot's own server answers and Zalo fetches, documents as a
text with such a link, and without ``[files] public_url`` as a note to ask the focal point. Links are checked
(valid, expired, forged), and the outbox sender delivers through the channel."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent / "e2e"))
from fakes import FakeCore
from filekit import outbox_rows, png_bytes, queue
from tg_emulator import free_port
from zalo_fake import FakeZalo
from zalokit import Channels, zalo_settings

from bot.channels.bridge import channel_text, shared
from bot.channels.outbox_sender import OutboxSender
from bot.channels.zalo import FILE_TOO_LARGE, ZaloChannel
from bot.config import Settings
from bot.core import outbox
from bot.core.files import FileStore
from bot.core.messages import FileRef, Incoming, Reply
from bot.db.session import Database
from tests.dbkit import SqliteTemplate
from tests.flowkit import ManualClock

Start = Callable[..., Awaitable[ZaloChannel]]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECRET = "khoa-ky-lien-ket-thu"


@pytest.fixture
def fake() -> Iterator[FakeZalo]:
    with FakeZalo() as server:
        yield server


@pytest.fixture
def settings(tmp_path: Path, fake: FakeZalo, sqlite_template: SqliteTemplate) -> Settings:
    s = zalo_settings(sqlite_template.copy_to(tmp_path / "bot.db"), fake)
    s.zalo.listen, s.zalo.port = "127.0.0.1", free_port()
    s.files.folder = str(tmp_path / "files")
    s.files.public_url = f"http://127.0.0.1:{s.zalo.port}/dti"
    s.files.secret = SECRET
    return s


@pytest.fixture
async def start(settings: Settings) -> AsyncIterator[Start]:
    channels = Channels(settings.zalo)
    yield channels.start
    await channels.stop()


async def until(condition: Callable[[], object], timeout: float = 10) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.05)


def echo_file(msg: Incoming) -> list[Reply]:
    described = f"{msg.file.name} {msg.file.mime} {msg.file.size}" if msg.file else "không có tệp"
    return [Reply(text=f"{described} | {msg.text}", html="")]


async def test_a_picture_from_the_user_reaches_the_core_stored(
    fake: FakeZalo, settings: Settings, db: Database, start: Start
) -> None:
    core = FakeCore(db, echo_file, settings=settings)
    await start(core)
    picture = png_bytes(30, 20)
    fake.deliver(fake.user_image(picture, caption="Ảnh biên bản", mime="image/png", name="bien-ban.png"))
    await until(lambda: fake.texts_to("u-1001"))
    assert fake.texts_to("u-1001") == [f"bien-ban.png image/png {len(picture)} | Ảnh biên bản"]
    [seen] = core.seen
    assert seen.file is not None and seen.text == "Ảnh biên bản"
    assert Path(seen.file.path).read_bytes() == picture
    assert Path(seen.file.path).is_relative_to(settings.files.folder)


@pytest.mark.parametrize("declare_length", [True, False])
async def test_a_picture_over_20_mb_is_refused_clearly(
    fake: FakeZalo, settings: Settings, db: Database, start: Start, declare_length: bool
) -> None:
    core = FakeCore(db, echo_file, settings=settings)
    await start(core)
    fake.deliver(fake.user_image(b"\0" * (20 * 1024 * 1024 + 1), declare_length=declare_length))
    await until(lambda: fake.texts_to("u-1001"))
    assert fake.texts_to("u-1001") == [FILE_TOO_LARGE]
    assert "20 MB" in FILE_TOO_LARGE
    assert core.seen == []
    assert not any(p.is_file() for p in Path(settings.files.folder).rglob("*"))


def stored(settings: Settings, data: bytes, name: str, mime: str) -> FileRef:
    return FileStore.from_settings(settings.files).save(data, name, mime)


async def test_a_picture_goes_by_signed_link_that_zalo_fetches_and_a_document_as_a_link(
    fake: FakeZalo, settings: Settings, db: Database, start: Start
) -> None:
    chart = stored(settings, png_bytes(12, 12), "bieu-do.png", "image/png")
    sheet = stored(settings, b"PK\x03\x04 bang diem", "Bảng điểm.xlsx", XLSX)
    reply = Reply(text="Kết quả tháng 11", html="", files=(chart, sheet))
    await start(FakeCore(db, lambda m: [reply], settings=settings))
    fake.deliver(fake.user_message("kết quả"))
    await until(lambda: len(fake.texts_to("u-1001")) == 2)
    [photo] = fake.photos
    assert photo.url.startswith(f"{settings.files.public_url}/files/")
    assert (photo.status, photo.content_type, photo.data) == (200, "image/png", Path(chart.path).read_bytes())
    text, link_text = fake.texts_to("u-1001")
    assert text == "Kết quả tháng 11"
    assert link_text.startswith("📎 Bảng điểm.xlsx: http://") and "có hiệu lực đến" in link_text
    url = link_text.split(": ", 1)[1].split()[0]
    async with httpx.AsyncClient() as client:
        got = await client.get(url)
    assert got.status_code == 200 and got.content == Path(sheet.path).read_bytes()
    assert "filename*=UTF-8''B%E1%BA%A3ng" in got.headers["content-disposition"]


async def test_without_public_url_the_user_is_told_to_ask_the_focal_point(
    fake: FakeZalo, settings: Settings, db: Database, start: Start
) -> None:
    settings.files.public_url = ""
    sheet = stored(settings, b"PK\x03\x04", "Bang diem.xlsx", XLSX)
    await start(FakeCore(db, lambda m: [Reply(text="Bảng điểm", html="", files=(sheet,))], settings=settings))
    fake.deliver(fake.user_message("bảng điểm"))
    await until(lambda: len(fake.texts_to("u-1001")) == 2)
    assert fake.texts_to("u-1001") == ["Bảng điểm", channel_text("file_unavailable", name="Bang diem.xlsx")]
    assert fake.photos == []


async def test_the_file_route_answers_only_valid_unexpired_links(
    fake: FakeZalo, settings: Settings, db: Database, start: Start
) -> None:
    channel = await start(FakeCore(db, settings=settings))
    ref = stored(settings, png_bytes(4, 4), "a.png", "image/png")
    now = datetime.now(UTC)
    base = f"{settings.files.public_url}/files/"
    valid = channel.files.link(ref, now, timedelta(minutes=5)).token
    expired = channel.files.link(ref, now - timedelta(hours=2), timedelta(hours=1)).token
    body, _, signature = valid.partition(".")
    forged = f"{body}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    other_secret = FileStore(settings.files.folder, secret="khoa-khac").link(ref, now).token
    async with httpx.AsyncClient() as client:
        assert (await client.get(base + valid)).content == Path(ref.path).read_bytes()
        for token in (expired, forged, other_secret, "khong-phai-token", body):
            assert (await client.get(base + token)).status_code == 404, token
        assert (await client.get(f"http://127.0.0.1:{settings.zalo.port}/files/{valid}")).status_code == 404


async def test_the_outbox_sender_delivers_through_zalo_and_gives_up_on_a_refused_chat(
    fake: FakeZalo, settings: Settings, db: Database, start: Start
) -> None:
    core = FakeCore(db, settings=settings)
    channel = await start(core)
    clock = ManualClock()
    fake.deliver(fake.user_message("xin chào", user_id="u-focal"))  # Zalo bots may only write to users who wrote
    await until(lambda: fake.texts_to("u-focal"))
    chart = stored(settings, png_bytes(6, 6), "c.png", "image/png")
    queue(db, clock, "a", "zalo", "u-focal", "Có yêu cầu duyệt")
    queue(db, clock, "b", "zalo", "u-focal", Reply(text="", html="", files=(chart,)))
    queue(db, clock, "c", "zalo", "u-stranger", "Chào")
    sender = OutboxSender(db, {"zalo": channel.deliverer()}, clock, interval=0.1, wake=shared(core).outbox_wake)
    sender.start()
    try:
        await until(lambda: len(fake.photos) == 1)
        await until(lambda: all(r.status != outbox.PENDING for r in outbox_rows(db).values()))
    finally:
        await sender.stop()
    assert fake.texts_to("u-focal")[-1] == "Có yêu cầu duyệt"
    assert fake.photos[0].data == Path(chart.path).read_bytes()
    found = outbox_rows(db)
    assert [found[k].status for k in "abc"] == [outbox.SENT, outbox.SENT, outbox.FAILED]
    assert found["c"].attempts == 1 and "403" in (found["c"].last_error or "")
    assert found["a"].message_id and found["a"].message_id.startswith("b")

