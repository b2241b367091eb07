"""The reminder planner on a schedule inside the bot process (`dti-bot run`), beside the outbox sender.

An APScheduler 3 ``AsyncIOScheduler`` with a ``MemoryJobStore`` only: APScheduler must not share a job store
between processes (its FAQ), and nothing here needs one. The job is an interval job (one minute) that also runs
at start; each run calls ``plan_and_queue`` in a worker thread (database work stays off the event loop) and then
wakes the outbox sender, so a reminder goes out within a second of being planned. Misfires and missed runs do not
matter: the planner computes what is due from the database and the clock, so the run at start after downtime
queues what fell due meanwhile, folded into one message per recipient (the policy does that); with several
workers on PostgreSQL only the holder of the planner's advisory lock plans in a given round.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from bot.reminders.calendar import WorkCalendar
from bot.reminders.planner import MembershipSource, OwedSource, plan_and_queue
from bot.reminders.policy import ReminderPolicy

if TYPE_CHECKING:
    from bot.core.app import Core

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 60.0


class ReminderJob:
    """Plan and queue the reminders due now, every ``interval`` seconds and at start; ``wake`` is set after a
    round that queued something (the outbox sender's event)."""

    def __init__(self, core: Core, wake: asyncio.Event, *, interval: float = INTERVAL_SECONDS,
                 source: OwedSource | None = None) -> None:
        self.core = core
        self.wake = wake
        self.interval = interval
        settings = core.services.settings
        self.source = source or MembershipSource(core.services.kb)
        self.calendar = WorkCalendar.from_settings(settings)
        self.policy = ReminderPolicy.from_settings(settings)
        self.rounds = 0
        self.queued = 0
        self._scheduler: Any = None

    def plan_once(self) -> int:
        """One planning round in its own transaction: how many messages it queued."""
        services = self.core.services
        with self.core.db.session() as session:
            _, queued = plan_and_queue(session, self.source, self.calendar, self.policy, services.renderer,
                                       services.clock())
        return queued

    async def tick(self) -> None:
        try:
            queued = await asyncio.to_thread(self.plan_once)
        except Exception:
            log.exception("Lỗi khi lập nhắc việc; sẽ thử lại ở lượt sau")
            return
        self.rounds += 1
        self.queued += queued
        if queued:
            log.info("Đã lập %d tin nhắn nhắc việc", queued)
            self.wake.set()

    def start(self) -> None:
        """Schedule the job on the running event loop; the first run is now."""
        from datetime import UTC, datetime

        from apscheduler.jobstores.memory import MemoryJobStore
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        self._scheduler = AsyncIOScheduler(jobstores={"default": MemoryJobStore()}, timezone=UTC,
                                           event_loop=asyncio.get_running_loop())
        self._scheduler.add_job(self.tick, "interval", seconds=self.interval, id="reminders",
                                next_run_time=datetime.now(UTC), max_instances=1, coalesce=True)
        self._scheduler.start()

    def stop(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
