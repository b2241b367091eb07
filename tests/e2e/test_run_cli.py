"""`dti-bot run` as a real process: no token, both channels in one process, a bad token."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from filekit import outbox_rows, queue
from tg_emulator import Emulator, TelegramUser
from zalo_fake import FakeZalo

from bot.cli import main
from bot.db.models import ProcessedUpdate
from bot.db.session import Database


@pytest.fixture
def fake_zalo() -> Iterator[FakeZalo]:
    server = FakeZalo()
    yield server
    server.close()


DTI_BOT_RUN = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", "run"]


def read_lines(proc: subprocess.Popen[str]) -> list[str]:
    """stderr of ``proc``, collected by a thread (so the pipe never fills up and blocks the bot)."""
    lines: list[str] = []
    assert proc.stderr is not None
    stream = proc.stderr
    threading.Thread(target=lambda: lines.extend(iter(stream.readline, "")), daemon=True).start()
    return lines


def started(lines: list[str], channel: str) -> bool:
    return any(line.startswith(f"Kênh {channel} đang chạy") for line in lines)


def wait_until(condition: Callable[[], bool], what: str, lines: list[str], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"không thấy: {what}\n{''.join(lines)}"
        time.sleep(0.1)


def bot_env(tmp_path: Path, **values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTI_")}
    env.update(DTI_DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}", **values)
    return env


def test_without_token_it_explains_how_to_configure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for key in list(os.environ):
        if key.startswith("DTI_"):
            monkeypatch.delenv(key)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "Chưa có kênh nào được cấu hình" in err
    assert "DTI_TELEGRAM_TOKEN" in err and "DTI_ZALO_TOKEN" in err


def test_telegram_and_zalo_run_in_one_process(
    tmp_path: Path, emulator: Emulator, fake_zalo: FakeZalo
) -> None:
    token = emulator.new_token()
    env = bot_env(
        tmp_path,
        DTI_TELEGRAM_TOKEN=token,
        DTI_TELEGRAM_BASE_URL=emulator.bot_api_url,
        DTI_ZALO_TOKEN=fake_zalo.token,
        DTI_ZALO_BASE_URL=fake_zalo.base_url,
    )
    proc = subprocess.Popen(DTI_BOT_RUN, env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    try:
        lines = read_lines(proc)
        wait_until(lambda: started(lines, "telegram") and started(lines, "zalo"), "hai kênh khởi động", lines)
        user = TelegramUser(emulator, token)
        user.command("/start")
        assert user.reply(timeout=30).text
        fake_zalo.deliver(fake_zalo.user_message("/start"))
        wait_until(lambda: bool(fake_zalo.texts_to("u-1001")), "Zalo trả lời", lines)
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
    assert code == 0


def test_bad_zalo_token_stops_with_a_clear_message(tmp_path: Path, fake_zalo: FakeZalo) -> None:
    env = bot_env(tmp_path, DTI_ZALO_TOKEN="sai-token", DTI_ZALO_BASE_URL=fake_zalo.base_url)
    done = subprocess.run(
        DTI_BOT_RUN,
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Không khởi động được bot" in done.stderr and "zalo.token" in done.stderr
    assert "Traceback" not in done.stderr


def test_run_sends_what_the_outbox_holds_and_prunes_old_updates(tmp_path: Path, emulator: Emulator) -> None:
    """``dti-bot run`` starts the outbox sender beside its channels (bot/cli/run.py ``serve``)."""
    token = emulator.new_token()
    env = bot_env(tmp_path, DTI_TELEGRAM_TOKEN=token, DTI_TELEGRAM_BASE_URL=emulator.bot_api_url)
    db = Database(env["DTI_DATABASE_URL"])
    db.upgrade()
    now = datetime.now(UTC)
    queue(db, lambda: now, "nhac:1", "telegram", 5005, "Nhắc: hạn nộp số liệu chỉ số 6.12 là ngày 30/11")
    with db.session() as session:
        session.add(ProcessedUpdate(channel="telegram", update_key="cu", created_at=now - timedelta(days=30)))
    proc = subprocess.Popen(DTI_BOT_RUN, env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    try:
        lines = read_lines(proc)
        wait_until(lambda: started(lines, "telegram"), "kênh Telegram khởi động", lines)
        reply = TelegramUser(emulator, token, user_id=5005).reply(timeout=30)
        assert reply.text == "Nhắc: hạn nộp số liệu chỉ số 6.12 là ngày 30/11"
        wait_until(lambda: outbox_rows(db)["nhac:1"].status == "sent", "tin được đánh dấu đã gửi", lines)
        with db.session() as session:
            assert session.get(ProcessedUpdate, ("telegram", "cu")) is None
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
        db.dispose()
    assert code == 0
