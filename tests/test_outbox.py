"""The outbox sender on both databases: a crash between claim and send, several workers at once, order within a
chat, retries with backoff, permanent failures, and pruning ``processed_updates``.

The channel is a recording ``Deliverer`` (the end-to-end tests deliver through the real Telegram application and
the local Zalo server); everything else is real: the sender, the claims, SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parent / "e2e"))
from filekit import outbox_rows
from filekit import queue as queue_reply

from bot.channels.outbox_sender import OutboxSender, PermanentDeliveryError
from bot.core import outbox
from bot.core.messages import Reply
from bot.db.models import ProcessedUpdate
from bot.db.session import Database
from tests.flowkit import ManualClock


class Recorder:
    """A channel that records what it is asked to deliver; ``fail`` maps a text to the errors to raise first."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delivered: list[tuple[str, str]] = []
        self.fail: dict[str, list[Exception]] = {}
        self.delay = delay
        self._lock = threading.Lock()

    async def deliver(self, chat_id: str, reply: Reply) -> str:
        if self.delay:  # uneven, so that messages sent at the same time can finish out of order
            await asyncio.sleep(self.delay * (1 + sum(reply.text.encode()) % 4))
        errors = self.fail.get(reply.text)
        if errors:
            raise errors.pop(0)
        with self._lock:
            self.delivered.append((chat_id, reply.text))
            return f"m{len(self.delivered)}"


def queue(db: Database, clock: ManualClock, key: str, chat_id: str, text: str, channel: str = "test") -> None:
    queue_reply(db, clock, key, channel, chat_id, text)


def sender(db: Database, recorder: Recorder, clock: ManualClock, worker: str = "w1", *, interval: float = 1.0,
           batch: int = 50) -> OutboxSender:
    return OutboxSender(db, {"test": recorder}, clock, worker=worker, interval=interval, batch=batch)


async def drain_all(s: OutboxSender) -> None:
    while await s.drain_once():
        pass


def test_a_claim_abandoned_by_a_crash_is_sent_after_the_lease_and_a_sent_one_never(db: Database) -> None:
    clock = ManualClock()
    queue(db, clock, "a", "c1", "Tin A")
    queue(db, clock, "b", "c2", "Tin B")
    # worker "dead" claims both, sends A and marks it, then dies before sending B
    with db.session() as session:
        claimed = outbox.claim(session, clock(), "dead")
    assert sorted(c.key for c in claimed) == ["a", "b"]
    with db.session() as session:
        outbox.mark_sent(session, next(c.id for c in claimed if c.key == "a"), "m-a", clock())
    recorder = Recorder()
    live = sender(db, recorder, clock)
    clock.advance(minutes=4)
    asyncio.run(drain_all(live))
    assert recorder.delivered == []  # B's claim is still within its lease
    clock.advance(minutes=2)
    asyncio.run(drain_all(live))
    assert recorder.delivered == [("c2", "Tin B")]
    clock.advance(hours=1)
    asyncio.run(drain_all(live))
    assert recorder.delivered == [("c2", "Tin B")]
    found = outbox_rows(db)
    assert (found["a"].status, found["a"].message_id) == (outbox.SENT, "m-a")
    assert (found["b"].status, found["b"].claimed_by, found["b"].attempts) == (outbox.SENT, "w1", 2)


def unfinished(db: Database) -> int:
    return sum(r.status in (outbox.PENDING, outbox.SENDING) for r in outbox_rows(db).values())


def run_worker(url: str, recorder: Recorder, clock: ManualClock, worker: str, start: threading.Barrier) -> None:
    """One bot process's sender: passes until nothing is left (an empty pass only means "not now")."""
    database = Database(url)
    s = sender(database, recorder, clock, worker, batch=10)
    try:
        start.wait()
        deadline = time.monotonic() + 60
        while unfinished(database) and time.monotonic() < deadline:
            asyncio.run(drain_all(s))
    finally:
        database.dispose()


def test_two_workers_drain_200_messages_each_sent_exactly_once_in_order_per_chat(
    db: Database, database_url: str
) -> None:
    clock = ManualClock()
    for i in range(200):
        queue(db, clock, f"k{i}", f"chat{i % 13}", f"tin {i:03d}")
    recorder = Recorder(delay=0.002)
    start = threading.Barrier(2)
    workers = [threading.Thread(target=run_worker, args=(database_url, recorder, clock, name, start))
               for name in ("w1", "w2")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    texts = [text for _, text in recorder.delivered]
    assert len(texts) == 200 and len(set(texts)) == 200
    for chat in range(13):
        mine = [text for chat_id, text in recorder.delivered if chat_id == f"chat{chat}"]
        assert mine == sorted(mine), mine  # a chat reads its messages in the order queued
    found = outbox_rows(db).values()
    assert all(r.status == outbox.SENT and r.attempts == 1 for r in found)
    by_worker = {w: sum(r.claimed_by == w for r in found) for w in ("w1", "w2")}
    if database_url.startswith("postgresql"):  # SKIP LOCKED: both really worked at once
        assert by_worker["w1"] > 0 and by_worker["w2"] > 0, by_worker


def test_transient_failures_back_off_hold_the_chat_back_and_give_up_after_max_attempts(db: Database) -> None:
    clock = ManualClock()
    recorder = Recorder()
    recorder.fail["nhắc 1"] = [ConnectionError("mất mạng")]
    recorder.fail["hỏng"] = [TimeoutError("chậm")] * outbox.MAX_ATTEMPTS
    queue(db, clock, "n1", "c1", "nhắc 1")
    queue(db, clock, "n2", "c1", "nhắc 2")
    queue(db, clock, "x", "c2", "hỏng")
    s = sender(db, recorder, clock)
    asyncio.run(drain_all(s))
    assert recorder.delivered == []  # n2 waits behind n1, whose retry is not due yet
    n1 = outbox_rows(db)["n1"]
    assert (n1.status, n1.attempts, n1.last_error) == (outbox.PENDING, 1, "ConnectionError: mất mạng")
    clock.advance(seconds=9)
    asyncio.run(drain_all(s))
    assert recorder.delivered == []
    clock.advance(seconds=2)  # 2 ** 1 × 5 s after the failure
    asyncio.run(drain_all(s))
    assert recorder.delivered == [("c1", "nhắc 1"), ("c1", "nhắc 2")]
    for _ in range(outbox.MAX_ATTEMPTS):
        clock.advance(hours=1)
        asyncio.run(drain_all(s))
    x = outbox_rows(db)["x"]
    assert (x.status, x.attempts) == (outbox.FAILED, outbox.MAX_ATTEMPTS)
    clock.advance(days=1)
    asyncio.run(drain_all(s))
    assert outbox_rows(db)["x"].attempts == outbox.MAX_ATTEMPTS


def test_a_permanent_error_is_given_up_at_once_and_does_not_block_the_chat(db: Database) -> None:
    clock = ManualClock()
    recorder = Recorder()
    recorder.fail["chặn"] = [PermanentDeliveryError("Forbidden: bot was blocked by the user")]
    queue(db, clock, "p", "c1", "chặn")
    queue(db, clock, "q", "c1", "sau đó")
    asyncio.run(drain_all(sender(db, recorder, clock)))
    found = outbox_rows(db)
    assert (found["p"].status, found["p"].attempts) == (outbox.FAILED, 1)
    assert "blocked" in (found["p"].last_error or "")
    assert recorder.delivered == [("c1", "sau đó")]


def test_only_channels_it_serves_are_claimed(db: Database) -> None:
    clock = ManualClock()
    queue(db, clock, "z", "c1", "cho Zalo", channel="zalo")
    recorder = Recorder()
    asyncio.run(drain_all(sender(db, recorder, clock)))
    assert recorder.delivered == [] and outbox_rows(db)["z"].status == outbox.PENDING


def test_the_running_sender_prunes_processed_updates_and_wakes_on_demand(db: Database) -> None:
    clock = ManualClock()
    with db.session() as session:
        session.add(ProcessedUpdate(channel="telegram", update_key="old", created_at=clock() - timedelta(days=8)))
        session.add(ProcessedUpdate(channel="telegram", update_key="new", created_at=clock() - timedelta(days=1)))
    recorder = Recorder()

    async def scenario() -> None:
        s = sender(db, recorder, clock, interval=30)
        s.start()
        await asyncio.sleep(0.3)
        queue(db, clock, "w", "c1", "đánh thức")
        s.wake()
        for _ in range(100):
            if recorder.delivered:
                break
            await asyncio.sleep(0.02)
        await s.stop()

    asyncio.run(scenario())
    assert recorder.delivered == [("c1", "đánh thức")]
    with db.session() as session:
        assert sorted(session.scalars(select(ProcessedUpdate.update_key))) == ["new"]
