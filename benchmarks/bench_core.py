"""Benchmark: the core alone with N simulated users, on SQLite and PostgreSQL: messages per second, p50 and p99.

Each user is a closed loop (send, wait for the answer, send the next) over a mix of questions, a button press and
a plan switch, so every turn reads and writes its conversation row. Turns run in a thread pool as the channels run
them (``asyncio.to_thread``). The figure to watch is the cost of the per-conversation row lock (issue 7: at most
15 % against the code before it); run the same command on both revisions on a quiet machine.

    python benchmarks/bench_core.py [--users 200] [--messages 10] [--postgres URL] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from pg import scratch_database

try:
    from bot.assembly import build_core
except ImportError:  # the revision before the router core, for the before/after comparison
    from bot.core.app import build_core  # type: ignore[attr-defined,no-redef]
from bot.config import Settings
from bot.core.messages import Incoming

MIX = ["Chỉ số 3.3 tính điểm như thế nào?", "kinh phí an toàn thông tin", "1", "Ai chủ trì chỉ số 1.6?",
       "/plan gia-lai-2023", "giá vàng hôm nay", "/plan kon-tum-2024", "thời hạn chỉ số 1.4"]


def run_load(url: str, users: int, messages: int) -> tuple[float, float, float]:
    settings = Settings()
    settings.database.url = url
    core = build_core(settings)
    latencies: list[float] = []

    async def user(n: int) -> None:
        for i in range(messages):
            msg = Incoming(channel="bench", chat_id=f"u{n}", user_id=f"u{n}", text=MIX[(n + i) % len(MIX)])
            t0 = time.perf_counter()
            await asyncio.to_thread(core.handle, msg)
            latencies.append(time.perf_counter() - t0)

    async def everyone() -> float:
        start = time.perf_counter()
        await asyncio.gather(*(user(n) for n in range(users)))
        return time.perf_counter() - start

    wall = asyncio.run(everyone())
    core.db.dispose()
    ms = sorted(x * 1000 for x in latencies)
    return len(ms) / wall, statistics.median(ms), ms[min(len(ms) - 1, int(len(ms) * 0.99))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--postgres", help="PostgreSQL server URL (a fresh database is created and dropped)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per database; the best is reported")
    args = parser.parse_args()
    print(f"{args.users} users × {args.messages} messages, best of {args.repeat}")
    print(f"{'database':<12} {'msg/s':>8} {'p50':>10} {'p99':>10}")
    targets: list[tuple[str, str]] = []
    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        targets.append(("sqlite", f"sqlite:///{Path(tmp) / 'bench.db'}"))
        if args.postgres:
            targets.append(("postgresql", stack.enter_context(scratch_database(args.postgres))))
        for name, url in targets:
            runs = [run_load(url, args.users, args.messages) for _ in range(args.repeat)]
            rate, p50, p99 = max(runs)
            print(f"{name:<12} {rate:>8.1f} {p50:>8.1f} ms {p99:>8.1f} ms", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
