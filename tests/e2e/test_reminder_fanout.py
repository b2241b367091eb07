"""Reminders through a real `dti-bot run` process and the Telegram emulator: each official's chat gets its one
reminder with its buttons; a SIGKILL in the middle of the fan-out, then a restart, resends at most the messages that
were being sent and loses none."""

from __future__ import annotations

from pathlib import Path

from fanout import run_fanout
from tg_emulator import Emulator


def test_each_chat_gets_its_reminder_with_buttons(tmp_path: Path, emulator: Emulator) -> None:
    done = run_fanout(emulator, tmp_path, 40)
    assert (done.lost, done.duplicates) == (0, 0)
    assert done.with_button == 40  # "Hoãn" (rm:snooze) under each task reminder


def test_kill_9_in_the_middle_then_restart(tmp_path: Path, emulator: Emulator) -> None:
    done = run_fanout(emulator, tmp_path, 160, kill_at=0.5)
    assert done.lost == 0
    assert done.duplicates <= done.in_flight_at_kill
