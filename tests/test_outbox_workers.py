"""Rows claimed by a worker that died are sent again at once, not after the claims' 5-minute lease (SQLite and
PostgreSQL): a claimer proven dead on this host (its PID gone, or taken by a process started later), or silent on
another host for a minute; a live worker keeps its claims, even past the lease."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

sys.path.insert(0, str(Path(__file__).parent / "e2e"))
from filekit import outbox_rows

from bot.core import outbox, workers
from bot.db.models import OutboxWorker
from bot.db.session import Database
from tests.flowkit import ManualClock
from tests.test_outbox import Recorder, drain_all, queue, sender


def _claim_as(db: Database, clock: ManualClock, worker: str) -> list[str]:
    with db.session() as session:
        return [c.key for c in outbox.claim(session, clock(), worker)]


def _gone_pid() -> int:
    """The PID of a process that has ended (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_identity_round_trips_and_names_this_process() -> None:
    me = workers.this_worker()
    assert workers.WorkerId.parse(str(me)) == me and len(str(me)) <= 64
    assert workers.WorkerId.parse("converse") is None and workers.WorkerId.parse("w1") is None
    assert not workers.provably_dead(me, me)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="cần /proc (Linux) để đọc thời điểm khởi động")
def test_dead_pid_and_reused_pid_prove_a_death_a_live_process_does_not() -> None:
    me = workers.this_worker()
    dead = replace(me, pid=_gone_pid())
    assert workers.provably_dead(dead, me)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        alive = workers.identity_of(sleeper.pid)
        assert alive.space == me.space and not workers.provably_dead(alive, me)
        assert workers.provably_dead(replace(alive, start="1"), me)  # its PID, another process's start time
        assert not workers.provably_dead(replace(dead, space="00000000"), me)  # another host: nothing proved
    finally:
        sleeper.kill()
        sleeper.wait()


def test_rows_of_a_worker_dead_on_this_host_are_sent_at_once(db: Database) -> None:
    clock = ManualClock()
    for i in range(3):
        queue(db, clock, f"k{i}", f"c{i}", f"tin {i}")
    dead = str(replace(workers.this_worker(), pid=_gone_pid(), start="1"))
    assert len(_claim_as(db, clock, dead)) == 3
    with db.session() as session:  # one of them it had sent and marked before dying
        outbox.mark_sent(session, next(r.id for r in outbox_rows(db).values() if r.key == "k0"), "m0", clock())
    recorder = Recorder()
    live = sender(db, recorder, clock, worker=str(workers.this_worker()))
    asyncio.run(drain_all(live))  # no time has passed: the lease has nothing to do with it
    assert sorted(recorder.delivered) == [("c1", "tin 1"), ("c2", "tin 2")] and live.reclaimed == 2
    rows = outbox_rows(db)
    assert {k: (r.status, r.attempts) for k, r in rows.items()} == {
        "k0": (outbox.SENT, 1), "k1": (outbox.SENT, 2), "k2": (outbox.SENT, 2)}


def test_a_live_workers_claims_are_kept_even_past_the_lease_until_its_heartbeat_stops(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = ManualClock()
    queue(db, clock, "a", "c1", "Tin A")
    other = "may-khac/0badcafe:4242:777"  # another host: only its heartbeat tells
    with db.session() as session:
        outbox.heartbeat(session, other)
    assert _claim_as(db, clock, other) == ["a"]
    recorder = Recorder()
    live = sender(db, recorder, clock, worker=str(workers.this_worker()))
    clock.advance(minutes=6)  # past the lease, but the other worker beat just now
    asyncio.run(drain_all(live))
    assert recorder.delivered == []
    wall = workers.wall_clock()
    monkeypatch.setattr(workers, "wall_clock", lambda: wall + timedelta(seconds=61))  # it has been silent since
    live._next_beat = 0.0
    asyncio.run(drain_all(live))
    assert recorder.delivered == [("c1", "Tin A")]
    with db.session() as session:
        assert list(session.scalars(select(OutboxWorker.id))) == [live.worker]


def test_a_silent_worker_is_taken_for_dead_without_waiting_for_the_lease(db: Database) -> None:
    clock = ManualClock()
    queue(db, clock, "a", "c1", "Tin A")
    other = "may-khac/0badcafe:4242:777"
    with db.session() as session:
        outbox.heartbeat(session, other)
        session.execute(update(OutboxWorker).values(seen_at=workers.wall_clock() - timedelta(minutes=2)))
    _claim_as(db, clock, other)
    recorder = Recorder()
    asyncio.run(drain_all(sender(db, recorder, clock, worker="w1")))
    assert recorder.delivered == [("c1", "Tin A")]


def test_a_stopped_sender_removes_its_heartbeat(db: Database) -> None:
    clock = ManualClock()
    queue(db, clock, "a", "c1", "Tin A")

    async def run_and_stop() -> None:
        s = sender(db, Recorder(), clock, worker="w1", interval=0.05)
        s.start()
        for _ in range(200):  # the first pass beats; on a loaded machine it may take more than a few tenths
            await asyncio.sleep(0.05)
            with db.session() as session:
                if list(session.scalars(select(OutboxWorker.id))):
                    break
        with db.session() as session:
            assert list(session.scalars(select(OutboxWorker.id))) == ["w1"]
        await s.stop()

    asyncio.run(run_and_stop())
    with db.session() as session:
        assert list(session.scalars(select(OutboxWorker.id))) == []
    assert outbox_rows(db)["a"].status == outbox.SENT
