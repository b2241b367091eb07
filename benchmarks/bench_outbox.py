"""How fast the outbox sender drains: N queued messages over C chats, W workers (each a thread with its own engine,
as separate bot processes would be), each send taking L ms (a channel's round trip). Prints messages per second,
how the messages split between workers, and whether each was sent exactly once and in order within its chat.

    python benchmarks/bench_outbox.py [--messages 2000] [--chats 200] [--workers 1 2 4] [--latency-ms 20]
                                      [--database-url URL]   (default: a temporary SQLite file)
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, select

from bot.channels.outbox_sender import OutboxSender
from bot.core import outbox
from bot.core.messages import Outgoing, Reply
from bot.db.models import OutboxMessage
from bot.db.session import Database

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class SlowChannel:
    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.sent: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    async def deliver(self, chat_id: str, reply: Reply) -> str:
        await asyncio.sleep(self.latency)
        with self._lock:
            self.sent.append((chat_id, reply.text))
            return str(len(self.sent))


def fill(db: Database, messages: int, chats: int) -> None:
    with db.session() as session:
        session.execute(delete(OutboxMessage))
    with db.session() as session:
        for i in range(messages):
            text = f"{i:07d}"
            outbox.enqueue(session, f"b{i}", Outgoing("bench", f"c{i % chats}", Reply(text=text, html=text)), NOW)


def left(db: Database) -> int:
    with db.session() as session:
        return len(session.scalars(select(OutboxMessage.id).where(
            OutboxMessage.status.in_([outbox.PENDING, outbox.SENDING]))).all())


def worker(url: str, channel: SlowChannel, name: str, start: threading.Barrier) -> None:
    db = Database(url)
    sender = OutboxSender(db, {"bench": channel}, lambda: NOW, worker=name)

    async def run() -> None:
        while left(db):
            while await sender.drain_once():
                pass
            await asyncio.sleep(0.01)  # nothing to claim now (other workers hold the chats' heads)

    start.wait()
    asyncio.run(run())
    db.dispose()


def measure(url: str, messages: int, chats: int, workers: int, latency: float) -> None:
    db = Database(url)
    db.upgrade()
    fill(db, messages, chats)
    channel = SlowChannel(latency)
    start = threading.Barrier(workers + 1)
    threads = [threading.Thread(target=worker, args=(url, channel, f"w{i}", start)) for i in range(workers)]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    texts = [text for _, text in channel.sent]
    in_order = all(
        (mine := [t for c, t in channel.sent if c == f"c{k}"]) == sorted(mine) for k in range(chats)
    )
    with db.session() as session:
        split = Counter(session.scalars(select(OutboxMessage.claimed_by)))
    db.dispose()
    print(f"{workers} worker(s): {messages} messages in {elapsed:.2f} s = {messages / elapsed:.0f}/s; "
          f"sent once each: {len(texts) == messages == len(set(texts))}; in order per chat: {in_order}; "
          f"split {dict(sorted(split.items()))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        print(f"database {url.split('://')[0]}, {args.chats} chats, send latency {args.latency_ms:g} ms")
        for workers in args.workers:
            measure(url, args.messages, args.chats, workers, args.latency_ms / 1000)


if __name__ == "__main__":
    main()
