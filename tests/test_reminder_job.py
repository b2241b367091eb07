"""The reminder job of the bot process: an APScheduler interval job on the running loop (memory job store) that
plans at start, wakes the outbox sender when it queued something, and queues nothing more on later rounds; after
downtime the steps that fell meanwhile go out once, folded into one message per chat."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.assembly import build_core
from bot.config import Settings
from bot.core.services import fixed_clock, shifted_clock
from bot.db.models import OutboxMessage
from bot.reminders.job import ReminderJob
from tests.test_reminder_planner import _seed

VN = ZoneInfo("Asia/Ho_Chi_Minh")


async def _run_job(url: str, now: datetime, rounds: int = 3) -> tuple[ReminderJob, list[str]]:
    settings = Settings()
    settings.database.url = url
    core = build_core(settings, clock=fixed_clock(now))
    wake = asyncio.Event()
    job = ReminderJob(core, wake, interval=0.05)
    job.start()
    try:
        await asyncio.wait_for(wake.wait(), 30)  # the first run is at start
        while job.rounds < rounds:
            await asyncio.sleep(0.05)
    finally:
        job.stop()
    with core.db.session() as s:
        keys = sorted(s.scalars(select(OutboxMessage.key)))
    core.db.dispose()
    return job, keys


async def test_the_job_plans_at_start_wakes_the_sender_and_adds_nothing_later(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'job.db'}"
    _seed(url)
    job, keys = await _run_job(url, datetime(2025, 12, 24, 9, tzinfo=VN))
    assert keys == ["dig:2025-12-24:gia-lai-2023:console:f1", "rem:2025-12-24:console:c1"]
    assert job.queued == 2 and job.rounds >= 3  # later rounds found everything queued already


async def test_after_downtime_what_fell_due_goes_once(tmp_path: Path) -> None:
    """Down from Wednesday 24/12 (7 days before) to Tuesday 30/12 (the 3- and 1-day steps fell on 28/12, a
    Sunday, and 30/12): one message to the official on 30/12 for both steps, not one per step."""
    url = f"sqlite:///{tmp_path / 'down.db'}"
    _seed(url)
    await _run_job(url, datetime(2025, 12, 24, 9, tzinfo=VN), rounds=1)
    job, keys = await _run_job(url, datetime(2025, 12, 30, 10, tzinfo=VN))
    assert [k for k in keys if k.startswith("rem:")] == ["rem:2025-12-24:console:c1", "rem:2025-12-30:console:c1"]
    assert job.queued == 2  # the official's one message and the focal point's digest of the day


def test_shifted_clock_runs_on() -> None:
    start = datetime(2025, 12, 24, 9, tzinfo=VN)
    clock = shifted_clock(start)
    first = clock()
    assert abs((first - start).total_seconds()) < 1 and clock() >= first
