"""Reminders through a real `dti-bot run` process and the Telegram emulator: each official's chat gets its one
reminder with its buttons; a SIGKILL in the middle of the fan-out, then a restart, resends at most the messages that
were being sent and loses none."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fanout import START, run_fanout, seed
from tg_emulator import Emulator
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
