"""A database outage while the bot runs (issue 15, defect 12): each message gets exactly one apology (not one for
the duplicate check, one for the chat record and one for marking it handled), and the outbox sender logs one line
when the database goes away and one when it is back, trying less and less often meanwhile (not a traceback a
second). The database is really made unreachable: a SQLite file's folder moved away, a PostgreSQL URL pointing at
a closed port on 127.0.0.1. The Telegram half is in ``tests/e2e/test_telegram_outage.py``."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "e2e"))
from tg_emulator import free_port
from zalo_fake import FakeZalo
from zalokit import Channels, zalo_settings

from bot.assembly import build_core
from bot.channels.bridge import APOLOGY
from bot.channels.outbox_sender import OutboxSender
from bot.config import Settings
from bot.core import outbox
from bot.core.messages import Outgoing, Reply
from bot.db.session import Database
from tests.outagekit import MovableSqlite

SENDER_LOG = "bot.channels.outbox_sender"


class Recorder:
    """A channel's deliverer that keeps what it was given."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    async def deliver(self, chat_id: str, reply: Reply) -> str:
        self.sent.append(reply.text)
        return str(len(self.sent))


def clock() -> datetime:
    return datetime.now(UTC)


def sender_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == SENDER_LOG]


async def wait_for(condition: object, timeout: float = 10) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():  # type: ignore[operator]
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.05)


async def test_outbox_sender_logs_one_line_per_outage_and_backs_off(tmp_path: Path,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    sqlite = MovableSqlite(tmp_path)
    db = Database(sqlite.url)
    db.upgrade()
    recorder = Recorder()
    sender = OutboxSender(db, {"test": recorder}, clock, interval=0.05, max_backoff=0.4)
    sqlite.cut(db)
    sender.start()
    await asyncio.sleep(2.5)
    lines = sender_lines(caplog)
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert lines[0].exc_info is None and "cơ sở dữ liệu" in lines[0].getMessage()
    assert "unable to open database file" in lines[0].getMessage()
    # every 0.05 s that would be 50 passes; doubling up to 0.4 s: 0.05 + 0.1 + 0.2 + 0.4 × 5 ≈ 9
    assert 4 <= sender.passes <= 12
    sqlite.restore()
    with db.session() as s:
        outbox.enqueue(s, "after", Outgoing("test", "c1", Reply(text="đã trở lại", html="đã trở lại")), clock())
    await wait_for(lambda: recorder.sent == ["đã trở lại"])
    await sender.stop()
    lines = sender_lines(caplog)
    assert len(lines) == 2 and "trở lại" in lines[1].getMessage() and lines[1].exc_info is None
    db.dispose()


async def test_outbox_sender_against_a_closed_postgresql_port(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    db = Database(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/postgres?connect_timeout=2")
    sender = OutboxSender(db, {"test": Recorder()}, clock, interval=0.05, max_backoff=0.4)
    sender.start()
    await asyncio.sleep(2.5)
    await sender.stop()
    lines = [r for r in sender_lines(caplog) if r.levelno >= logging.ERROR or "cơ sở dữ liệu" in r.getMessage()]
    outage = [r for r in lines if "Mất kết nối" in r.getMessage()]
    assert len(outage) == 1 and outage[0].exc_info is None
    assert 4 <= sender.passes <= 12
    db.dispose()


# ------------------------------------------------------------------------------------------ Zalo


@pytest.fixture
def fake() -> Iterator[FakeZalo]:
    with FakeZalo() as server:
        yield server


@pytest.fixture
async def channels(tmp_path: Path, fake: FakeZalo) -> AsyncIterator[tuple[Channels, Settings, MovableSqlite]]:
    sqlite = MovableSqlite(tmp_path)
    settings = zalo_settings(sqlite.url, fake)
    settings.files.folder = str(tmp_path / "files")
    started = Channels(settings.zalo)
    yield started, settings, sqlite
    await started.stop()


async def test_each_zalo_message_during_an_outage_gets_one_apology(
        fake: FakeZalo, channels: tuple[Channels, Settings, MovableSqlite],
        caplog: pytest.LogCaptureFixture) -> None:
    started, settings, sqlite = channels
    core = build_core(settings)
    await started.start(core)
    fake.deliver(fake.user_message("/menu", message_id="before"))
    await wait_for(lambda: len(fake.texts_to()) == 1)
    sqlite.cut(core.db)
    for n in range(3):
        fake.deliver(fake.user_message(f"chỉ số 6.22 lần {n}", message_id=f"down-{n}"))
    await wait_for(lambda: len(fake.texts_to()) >= 4)
    await asyncio.sleep(1.0)  # nothing more follows
    assert fake.texts_to()[1:] == [APOLOGY] * 3
    sqlite.restore()
    fake.deliver(fake.user_message("/menu", message_id="after"))
    await wait_for(lambda: len(fake.texts_to()) == 5)
    assert fake.texts_to()[4] == fake.texts_to()[0] != APOLOGY
    core.db.dispose()
