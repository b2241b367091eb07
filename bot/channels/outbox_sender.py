"""The outbox sender: the task in the bot process that delivers the messages the bot starts.

It drains due rows about every second, and at once when a turn may have queued some (``wake``). A batch is claimed
in one short transaction (``bot.core.outbox.claim``: at most one message per chat, its oldest unfinished one, so a
chat reads its messages in order even with several workers), then delivered through the channel each row names, all
chats of the batch concurrently. Each row is marked ``sent`` right after its own send, so a crash can repeat at
most the messages being sent when it happened, never lose one: a sender beats (``outbox_workers``) and, at its
first pass and with each beat, takes back the rows of workers that are provably dead or stopped beating
(``bot.core.workers``); a claim of a worker that proves nothing is taken again after the lease. A failure is either
permanent (the user blocked the bot, the chat does not exist: given up at once) or transient (retried later with a
growing delay, holding back the chat's later messages, then given up after ``MAX_ATTEMPTS``).

The same loop prunes ``processed_updates`` (at start, then hourly), the other chore every bot process shares.

When the database cannot be reached, the sender logs one line, tries again less and less often (the interval
doubled up to ``max_backoff``; a turn's wake-up still tries at once), and logs one line when it is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

from bot.core import outbox, workers
from bot.core.messages import Reply
from bot.db.session import Database, error_line

log = logging.getLogger(__name__)

INTERVAL = 1.0
MAX_BACKOFF = 60.0  # seconds between tries while the database is unreachable, at most
BATCH = 50
PRUNE_EVERY = timedelta(hours=1)


class PermanentDeliveryError(Exception):
    """A send that will never succeed (blocked bot, unknown chat, a message the channel refuses): not retried."""


class Deliverer(Protocol):
    """What a channel offers the sender: deliver one reply (text, choices, files) to a chat, return the channel's
    id of the (first) message sent. Raise ``PermanentDeliveryError`` when retrying cannot help; any other error
    counts as transient."""

    async def deliver(self, chat_id: str, reply: Reply) -> str: ...


def default_worker() -> str:
    """This process's identity (``host/space:pid:start``), which lets another process prove it dead."""
    return str(workers.this_worker())


@dataclass
class DrainResult:
    """What one pass did (for tests and logs)."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.sent or self.retried or self.failed)


class OutboxSender:
    """Deliver due outbox rows through ``deliverers`` (channel name → ``Deliverer``) until ``stop``."""

    def __init__(self, db: Database, deliverers: Mapping[str, Deliverer], clock: Callable[[], datetime], *,
                 worker: str | None = None, interval: float = INTERVAL, batch: int = BATCH,
                 wake: asyncio.Event | None = None, max_backoff: float = MAX_BACKOFF) -> None:
        self.db = db
        self.deliverers = dict(deliverers)
        self.clock = clock
        self.worker = worker or default_worker()
        self.interval = interval
        self.batch = batch
        self._wake = wake or asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._last_prune: datetime | None = None
        self._next_beat = 0.0  # time.monotonic() of the next heartbeat; the first pass beats (and reclaims)
        self.reclaimed = 0  # rows of dead workers given back by this sender
        self.max_backoff = max_backoff
        self.passes = 0  # passes of the loop (for tests: how often an outage is retried)
        self._delay = interval
        self._down_since: float | None = None  # time.monotonic() when the database became unreachable

    # ------------------------------------------------------------------------------------------- running

    def wake(self) -> None:
        """A turn has ended and may have queued messages: drain now rather than at the next tick."""
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self.run(), name="outbox-sender")

    async def stop(self) -> None:
        """Finish the pass under way (its sends are marked), then end."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        await self.retire()

    async def retire(self) -> None:
        """Remove this worker's heartbeat (after its last pass: it holds no claim any more)."""
        def work() -> None:
            with self.db.session() as session:
                outbox.retire(session, self.worker)

        try:
            await asyncio.to_thread(work)
        except SQLAlchemyError as exc:
            log.warning("Không xoá được nhịp của tiến trình gửi %s: %s", self.worker, error_line(exc))

    async def run(self) -> None:
        while not self._stopping:
            self.passes += 1
            try:
                await self._prune_if_due()
                while not self._stopping and await self.drain_once():
                    pass  # a full batch may hide more due rows: go again at once
                self._database_up()
            except SQLAlchemyError as exc:
                self._database_down(exc)
            except Exception:
                log.exception("Lỗi khi gửi hàng đợi tin nhắn; thử lại sau")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._delay)
            self._wake.clear()

    def _database_down(self, exc: SQLAlchemyError) -> None:
        """One line for the whole outage; the next tries come less and less often."""
        if self._down_since is None:
            self._down_since = time.monotonic()
            log.error("Mất kết nối cơ sở dữ liệu; tạm ngừng gửi hàng đợi tin nhắn, thử lại thưa dần (tối đa %.0f s "
                      "một lần): %s", self.max_backoff, error_line(exc))
        self._delay = min(self._delay * 2, self.max_backoff)

    def _database_up(self) -> None:
        if self._down_since is not None:
            log.warning("Cơ sở dữ liệu đã trở lại sau %.0f s; gửi tiếp hàng đợi tin nhắn",
                        time.monotonic() - self._down_since)
            self._down_since = None
        self._delay = self.interval

    async def _prune_if_due(self) -> None:
        now = self.clock()
        if self._last_prune is None or now - self._last_prune >= PRUNE_EVERY:
            self._last_prune = now
            pruned = await asyncio.to_thread(self.db.prune_processed, now)
            if pruned:
                log.info("Đã xóa %d update cũ khỏi processed_updates", pruned)

    # ------------------------------------------------------------------------------------------- one pass

    async def drain_once(self) -> DrainResult:
        """Claim one batch of due messages and deliver it; the result is falsy when there was nothing to do."""
        claimed = await asyncio.to_thread(self._claim)
        result = DrainResult()
        await asyncio.gather(*(self._deliver(item, result) for item in claimed))
        return result

    def _claim(self) -> list[outbox.Claimed]:
        """Beat (at the first pass, then every ``workers.HEARTBEAT``) and take back dead workers' rows, then
        claim: a sender started after a crash resends the dead one's rows at once, not after the lease."""
        if time.monotonic() >= self._next_beat:
            with self.db.session() as session:
                outbox.heartbeat(session, self.worker)
                reclaimed = outbox.reclaim(session, self.clock(), self.worker)
            self._next_beat = time.monotonic() + workers.HEARTBEAT.total_seconds()
            if reclaimed:
                self.reclaimed += reclaimed
                log.warning("Lấy lại %d tin của tiến trình gửi đã dừng đột ngột; gửi lại ngay", reclaimed)
        with self.db.session() as session:
            return outbox.claim(session, self.clock(), self.worker, limit=self.batch,
                                channels=list(self.deliverers))

    async def _deliver(self, item: outbox.Claimed, result: DrainResult) -> None:
        deliverer = self.deliverers[item.outgoing.channel]
        try:
            message_id = await deliverer.deliver(item.outgoing.chat_id, item.outgoing.reply)
        except Exception as exc:
            permanent = isinstance(exc, PermanentDeliveryError)
            result.errors.append(str(exc))
            log.warning("Gửi tin %s tới %s/%s thất bại (lần %d%s): %s", item.key, item.outgoing.channel,
                        item.outgoing.chat_id, item.attempts, ", bỏ" if permanent else "", exc)
            if await asyncio.to_thread(self._mark_failed, item, exc, permanent):
                result.retried += 1
            else:
                result.failed += 1
            return
        await asyncio.to_thread(self._mark_sent, item, message_id)
        result.sent += 1

    def _mark_sent(self, item: outbox.Claimed, message_id: str) -> None:
        with self.db.session() as session:
            outbox.mark_sent(session, item.id, message_id, self.clock())

    def _mark_failed(self, item: outbox.Claimed, exc: BaseException, permanent: bool) -> bool:
        """Record the failure; True when the message will be tried again."""
        with self.db.session() as session:
            return outbox.mark_failed(session, item.id, f"{exc.__class__.__name__}: {exc}", self.clock(),
                                      permanent=permanent)
