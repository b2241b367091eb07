"""A reminder fan-out through a real `dti-bot run` process and the Telegram emulator, optionally killed with
SIGKILL half way and restarted: shared by the crash test (tests/e2e/test_reminder_fanout.py) and the benchmark
(benchmarks/bench_reminder_fanout.py).

N officials of one Gia Lai unit, each in their own Telegram chat, owe the plan's "Quý IV năm 2025" tasks; the
bot's clock starts on Wednesday 24/12/2025 at 09:00 (``dti-bot run --now``), seven days before, so the reminder
job plans one message per chat at start and the outbox sender delivers them through PTB's rate limiter. What the
emulator received is read back from its test route (every bot message of the token), so duplicates and losses are
counted on the Telegram side, not from the bot's own bookkeeping.

A killed process leaves the rows it was sending claimed (``sending``). The restarted process (its clock going on
from where the first one's was) proves the claimer dead (same host, its PID gone) and takes those rows back at
once, without waiting for the claims' 5-minute lease: they are the only ones that may be sent twice (``resent``
counts them); the rest go on where the first left off.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from bot.core import outbox
from bot.db.models import Identity, Membership, Official, OutboxMessage, Unit
from bot.db.session import Database

START = "2025-12-24T09:00:00+07:00"
FIRST_CHAT = 700_000
RUN = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", "run"]


def seed(url: str, people: int, channel: str = "telegram") -> list[int]:
    """``people`` officials of Gia Lai's Sở Thông tin và Truyền thông, each in their own chat of ``channel``."""
    db = Database(url)
    db.upgrade()
    chats = [FIRST_CHAT + i for i in range(people)]
    with db.session() as s:
        unit = Unit(plan_id="gia-lai-2023", name="Sở Thông tin và Truyền thông")
        s.add(unit)
        s.flush()
        ids = list(s.scalars(insert(Official).returning(Official.id), [{"name": f"Cán bộ {c}"} for c in chats]))
        s.execute(insert(Identity), [{"official_id": i, "channel": channel, "user_id": str(c), "chat_id": str(c)}
                                     for i, c in zip(ids, chats, strict=True)])
        s.execute(insert(Membership), [{"official_id": i, "unit_id": unit.id, "role": "official"} for i in ids])
    db.dispose()
    return chats


def statuses(db: Database) -> Counter[str]:
    with db.session() as s:
        return Counter(s.scalars(select(OutboxMessage.status)))


@dataclass
class Fanout:
    people: int
    elapsed: float = 0.0  # from the first start to the last message marked sent, without the time it was down
    in_flight_at_kill: int = 0  # rows claimed (being sent) when the process was killed
    resent: int = 0  # rows claimed more than once (the killed process's claims, taken back by the restart)
    received: Counter[int] = field(default_factory=Counter)  # chat → messages the emulator got
    with_button: int = 0  # messages carrying the "Hoãn" button (rm:snooze)

    @property
    def rate(self) -> float:
        return self.people / self.elapsed if self.elapsed else 0.0

    @property
    def duplicates(self) -> int:
        return sum(n - 1 for n in self.received.values() if n > 1)

    @property
    def lost(self) -> int:
        return self.people - len(self.received)


class Collector:
    """Reads every bot message of ``token`` from the emulator in a thread, as they arrive."""

    def __init__(self, emulator: Any, token: str) -> None:
        self.emulator, self.token = emulator, token
        self.messages: list[dict[str, Any]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.messages += [m["message"] for m in self.emulator.post("/_test/botMessages", token=self.token,
                                                                       timeout=0.5)]

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)


def _start(env: dict[str, str], cwd: Path, now: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*RUN, "--now", now], env=env, cwd=cwd, stderr=subprocess.DEVNULL, text=True)


def _wait(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"hết giờ chờ: {what}")
        time.sleep(0.05)


def run_fanout(emulator: Any, workdir: Path, people: int, *, kill_at: float | None = None,
               database_url: str = "", timeout: float = 600) -> Fanout:
    """Fan ``people`` reminders out; with ``kill_at`` (a fraction), SIGKILL the bot once that share is marked
    sent, then start it again. Returns what the emulator received."""
    token = emulator.new_token()
    url = database_url or f"sqlite:///{workdir / 'fanout.db'}"
    seed(url, people)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTI_")}
    env.update(DTI_DATABASE_URL=url, DTI_TELEGRAM_TOKEN=token, DTI_TELEGRAM_BASE_URL=emulator.bot_api_url,
               DTI_BOT_LOG_LEVEL="WARNING")
    db = Database(url)
    collector = Collector(emulator, token)
    result = Fanout(people)
    proc = _start(env, workdir, START)
    began = time.perf_counter()
    try:
        if kill_at is not None:
            _wait(lambda: statuses(db)[outbox.SENT] >= people * kill_at, timeout, "nửa số tin đã gửi")
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(30)
            result.elapsed += time.perf_counter() - began
            result.in_flight_at_kill = statuses(db)[outbox.SENDING]
            # the restart's clock goes on from the first run's (no jump past the claims' lease)
            restart = datetime.fromisoformat(START) + timedelta(seconds=time.perf_counter() - began)
            proc = _start(env, workdir, restart.isoformat())
            began = time.perf_counter()
        _wait(lambda: statuses(db)[outbox.SENT] == people, timeout, "mọi tin đã gửi")
        result.elapsed += time.perf_counter() - began
        with db.session() as s:
            result.resent = len(list(s.scalars(select(OutboxMessage.id).where(OutboxMessage.attempts > 1))))
        time.sleep(1.0)  # let the collector read the last messages
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        collector.stop()
        db.dispose()
    for message in collector.messages:
        result.received[int(message["chat_id"])] += 1
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        result.with_button += any(b.get("callback_data") == "rm:snooze" for row in rows for b in row)
    return result
