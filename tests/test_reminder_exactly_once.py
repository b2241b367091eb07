"""Exactly once on PostgreSQL with two planners and two senders at once, each a thread with its own engine (as two
bot processes would be): every reminder is queued once (the planner's advisory lock and the outbox keys) and
delivered once (claims with FOR UPDATE SKIP LOCKED), and every chat gets its one message."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert, select

from bot.channels.outbox_sender import OutboxSender
from bot.core import outbox
from bot.core.messages import Reply
from bot.db.models import Identity, Membership, Official, OutboxMessage, Unit
from bot.db.session import Database
from bot.reminders.calendar import WorkCalendar
from bot.reminders.planner import MembershipSource, plan_and_queue
from bot.reminders.policy import ReminderPolicy
from bot.render import Renderer
from knowledge.store import load_knowledge

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2025, 12, 24, 9, tzinfo=VN)  # seven days before Gia Lai's "Quý IV năm 2025" tasks
PEOPLE = 120


def seed_officials(db: Database, people: int, channel: str, plan: str = "gia-lai-2023",
                   unit: str = "Sở Thông tin và Truyền thông", first_chat: int = 100_000) -> list[str]:
    """``people`` officials of one unit, each reachable in their own chat; returns the chats."""
    chats = [str(first_chat + i) for i in range(people)]
    with db.session() as s:
        row = Unit(plan_id=plan, name=unit)
        s.add(row)
        s.flush()
        ids = list(s.scalars(insert(Official).returning(Official.id), [{"name": f"Cán bộ {c}"} for c in chats]))
        s.execute(insert(Identity), [{"official_id": i, "channel": channel, "user_id": c, "chat_id": c}
                                     for i, c in zip(ids, chats, strict=True)])
        s.execute(insert(Membership), [{"official_id": i, "unit_id": row.id, "role": "official"} for i in ids])
    return chats


class Recording:
    """A channel endpoint that records what reaches each chat (shared by both senders)."""

    def __init__(self) -> None:
        self.got: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    async def deliver(self, chat_id: str, reply: Reply) -> str:
        await asyncio.sleep(0.002)
        with self._lock:
            self.got.append((chat_id, reply.text))
            return str(len(self.got))


@pytest.mark.postgres
def test_two_planners_and_two_senders_deliver_each_reminder_once(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("the advisory lock and SKIP LOCKED are PostgreSQL's")
    setup = Database(database_url)
    setup.upgrade()
    chats = seed_officials(setup, PEOPLE, "fake")
    kb = load_knowledge()
    channel = Recording()
    start = threading.Barrier(4)
    queued: list[int] = []

    def planner() -> None:
        db = Database(database_url)
        start.wait()
        for _ in range(3):
            with db.session() as s:
                queued.append(plan_and_queue(s, MembershipSource(kb), WorkCalendar(), ReminderPolicy(), Renderer(),
                                             NOW)[1])
        db.dispose()

    def sender(name: str) -> None:
        db = Database(database_url)
        s = OutboxSender(db, {"fake": channel}, lambda: NOW, worker=name, batch=20)

        async def drain() -> None:
            idle = 0
            while idle < 30:  # until nothing came for a while (the planners may still be queuing)
                idle = 0 if await s.drain_once() else idle + 1
                await asyncio.sleep(0.02)

        start.wait()
        asyncio.run(drain())
        db.dispose()

    threads = [threading.Thread(target=planner), threading.Thread(target=planner),
               threading.Thread(target=sender, args=("w1",)), threading.Thread(target=sender, args=("w2",))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sum(queued) == PEOPLE and len(queued) == 6
    per_chat = Counter(chat for chat, _ in channel.got)
    assert set(per_chat) == set(chats) and set(per_chat.values()) == {1}
    assert all("Nhắc việc theo kế hoạch" in text for _, text in channel.got)
    with setup.session() as s:
        statuses = Counter(s.scalars(select(OutboxMessage.status)))
        workers = Counter(s.scalars(select(OutboxMessage.claimed_by)))
    assert statuses == {outbox.SENT: PEOPLE}
    assert set(workers) <= {"w1", "w2"}
    setup.dispose()
