"""Reminders through a real `dti-bot run` process and the Telegram emulator: each official's chat gets its one
reminder with its buttons; a SIGKILL in the middle of the fan-out, then a restart, resends at most the messages that
were being sent and loses none."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest
from fanout import START, run_fanout, seed
from test_run_cli import DTI_BOT_RUN, bot_env, read_lines, started, wait_until
from tg_emulator import Emulator, TelegramUser
from zalo_fake import FakeZalo

from bot.cli import main


def test_each_chat_gets_its_reminder_with_buttons(tmp_path: Path, emulator: Emulator) -> None:
    done = run_fanout(emulator, tmp_path, 40)
    assert (done.lost, done.duplicates) == (0, 0)
    assert done.with_button == 40  # "Hoãn" (rm:snooze) under each task reminder


def test_kill_9_in_the_middle_then_restart(tmp_path: Path, emulator: Emulator) -> None:
    done = run_fanout(emulator, tmp_path, 160, kill_at=0.5)
    assert done.lost == 0
    assert done.duplicates <= done.in_flight_at_kill


def test_reminders_run_delivers_now_and_counts_honestly(tmp_path: Path, emulator: Emulator,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """`dti-bot reminders run` sends the Telegram rows it queued through the bot's deliverer: one chat has
    blocked the bot (a permanent failure), the others get their reminder; a second run sends nothing."""
    token = emulator.new_token()
    url = f"sqlite:///{tmp_path / 'run.db'}"
    chats = seed(url, 5)
    for key in [k for k in os.environ if k.startswith("DTI_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("DTI_DATABASE_URL", url)
    monkeypatch.setenv("DTI_TELEGRAM_TOKEN", token)
    monkeypatch.setenv("DTI_TELEGRAM_BASE_URL", emulator.bot_api_url)
    emulator.fail_next(token, "sendMessage", 1, how="forbidden")
    assert main(["reminders", "run", "--now", START, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"planned": 5, "sent": 4, "failed": 1}
    got = emulator.post("/_test/botMessages", token=token, timeout=1)
    assert len(got) == 4 and {int(m["message"]["chat_id"]) for m in got} < set(chats)
    assert main(["reminders", "run", "--now", START, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"planned": 0, "sent": 0, "failed": 0}


def test_reminders_run_delivers_on_zalo_with_numbered_choices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """On Zalo (no buttons) the reminder's choices come as numbered lines; sent through the Zalo deliverer. Zalo lets
    a bot write only to users who wrote to it: the chat that never did is a permanent failure, counted as such."""
    zalo = FakeZalo()
    try:
        url = f"sqlite:///{tmp_path / 'zalo.db'}"
        chats = seed(url, 3, channel="zalo")
        zalo.known_chats.update(str(c) for c in chats[:2])
        for key in [k for k in os.environ if k.startswith("DTI_")]:
            monkeypatch.delenv(key)
        monkeypatch.setenv("DTI_DATABASE_URL", url)
        monkeypatch.setenv("DTI_ZALO_TOKEN", zalo.token)
        monkeypatch.setenv("DTI_ZALO_BASE_URL", zalo.base_url)
        assert main(["reminders", "run", "--now", START, "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == {"planned": 3, "sent": 2, "failed": 1}
        assert not zalo.texts_to(str(chats[2]))
        for chat in chats[:2]:
            (text,) = zalo.texts_to(str(chat))
            assert "Nhắc việc theo kế hoạch" in text and "1. ⏸ Hoãn" in text
    finally:
        zalo.close()


def test_the_official_presses_hoan_under_the_reminder_on_telegram(tmp_path: Path, emulator: Emulator) -> None:
    """`dti-bot run` (clock started at a working morning) sends the reminder at start; the official presses "Hoãn"
    under it and the bot answers until when reminders stop."""
    token = emulator.new_token()
    env = bot_env(tmp_path, DTI_TELEGRAM_TOKEN=token, DTI_TELEGRAM_BASE_URL=emulator.bot_api_url,
                  DTI_BOT_PLAN="gia-lai-2023")
    (chat,) = seed(env["DTI_DATABASE_URL"], 1)
    proc = subprocess.Popen([*DTI_BOT_RUN, "--now", START], env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    try:
        lines = read_lines(proc)
        wait_until(lambda: started(lines, "telegram"), "kênh Telegram khởi động", lines)
        user = TelegramUser(emulator, token, user_id=chat)
        reminder = user.reply(timeout=30)
        assert "Nhắc việc theo kế hoạch" in reminder.text and ("⏸ Hoãn", "rm:snooze") in reminder.buttons
        user.press(reminder, "rm:snooze")
        answer = user.reply(timeout=30)
        assert "Đã hoãn nhắc việc" in answer.text and "26/12/2025" in answer.text
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
    assert code == 0
