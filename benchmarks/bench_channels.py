"""Benchmark: N simulated users × M messages through the Telegram channel (real PTB application against the Bot
API emulator, tests/e2e/emulator.js), and the same load through the core alone, so the channel's cost shows.

Each user is a closed loop: send a question, wait until the whole answer has arrived, send the next. Latency is
measured from the user's send to the last message of the answer. Throughput is messages answered per second of
wall time. The core-alone run calls ``Core.handle`` with the same concurrency, through the same thread pool.

    python benchmarks/bench_channels.py [--users 200] [--messages 20] [--rate-limit]

Without ``--rate-limit`` the channel runs without PTB's AIORateLimiter, to show the channel's own cost; with it,
throughput is capped near Telegram's 30 messages per second by design. The bot, the simulated users and the
emulator share this machine (and the bot and users share one Python process), so the figures are upper bounds
on the channel's cost, not a capacity plan. Needs Node and ``npm ci --prefix tests/e2e``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
from tg_emulator import BotThread, Emulator

from bot.assembly import build_core
from bot.channels.split import split_message
from bot.channels.telegram import MAX_MESSAGE, TelegramChannel
from bot.config import Settings
from bot.core.app import Core
from bot.core.messages import Incoming

QUESTIONS = [
    "Chỉ số 3.3 tính điểm như thế nào?",
    "Ai chủ trì chỉ số 1.6?",
    "giá vàng hôm nay",
    "/help",
]


@dataclass
class Result:
    name: str
    latencies: list[float]
    wall: float

    def line(self) -> str:
        ms = sorted(x * 1000 for x in self.latencies)
        p50 = statistics.median(ms)
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
        rate = len(ms) / self.wall
        return f"{self.name:<34} {len(ms):>6} {self.wall:>8.1f} s {rate:>9.1f}/s {p50:>9.1f} ms {p99:>9.1f} ms"


def expected_pieces(core: Core) -> dict[str, int]:
    """How many Telegram messages each question's answer takes (asked once, off any channel)."""
    counts = {}
    for q in QUESTIONS:
        replies = core.handle(Incoming(channel="probe", chat_id="probe", user_id="probe", text=q))
        counts[q] = sum(len(split_message(r.html, MAX_MESSAGE, html=True)) for r in replies)
    return counts


async def core_alone(core: Core, users: int, messages: int) -> Result:
    latencies: list[float] = []

    async def user(n: int) -> None:
        for m in range(messages):
            msg = Incoming(channel="bench", chat_id=f"c{n}", user_id=f"u{n}", text=QUESTIONS[m % len(QUESTIONS)])
            start = time.perf_counter()
            await asyncio.to_thread(core.handle, msg)
            latencies.append(time.perf_counter() - start)

    start = time.perf_counter()
    await asyncio.gather(*(user(n) for n in range(users)))
    return Result("core alone (Core.handle)", latencies, time.perf_counter() - start)


async def through_telegram(
    emulator: Emulator, token: str, pieces: dict[str, int], users: int, messages: int, name: str
) -> Result:
    latencies: list[float] = []
    arrived: dict[int, asyncio.Queue[float]] = defaultdict(asyncio.Queue)
    done = asyncio.Event()

    async with httpx.AsyncClient(
        base_url=emulator.url, timeout=60, limits=httpx.Limits(max_connections=users + 10)
    ) as http:

        async def poll() -> None:
            while not done.is_set():
                response = await http.post("/_test/botMessages", json={"token": token, "timeout": 1})
                now = time.perf_counter()
                for stored in response.json()["result"]:
                    arrived[int(stored["message"]["chat_id"])].put_nowait(now)

        async def user(n: int) -> None:
            chat_id = 10_000 + n
            person = {"id": chat_id, "is_bot": False, "first_name": f"Người dùng {n}"}
            for m in range(messages):
                question = QUESTIONS[m % len(QUESTIONS)]
                start = time.perf_counter()
                await http.post(
                    "/sendMessage",
                    json={
                        "botToken": token,
                        "from": person,
                        "chat": {"id": chat_id, "type": "private"},
                        "date": int(time.time()),
                        "text": question,
                    },
                )
                last = start
                for _ in range(pieces[question]):
                    last = await asyncio.wait_for(arrived[chat_id].get(), timeout=120)
                latencies.append(last - start)

        poller = asyncio.create_task(poll())
        start = time.perf_counter()
        await asyncio.gather(*(user(n) for n in range(users)))
        wall = time.perf_counter() - start
        done.set()
        await poller
    return Result(name, latencies, wall)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--rate-limit", action="store_true", help="with PTB's AIORateLimiter (production setup)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings()
        settings.database.url = f"sqlite:///{tmp}/bench.db"
        core = build_core(settings)
        pieces = expected_pieces(core)
        print(f"{args.users} người dùng × {args.messages} tin; số tin mỗi câu trả lời: {pieces}")
        print(f"{'':<34} {'tin':>6} {'thời gian':>10} {'thông lượng':>11} {'p50':>12} {'p99':>12}")
        print(asyncio.run(core_alone(core, args.users, args.messages)).line())

        emulator = Emulator()
        try:
            settings.telegram.token = emulator.new_token()
            settings.telegram.base_url = emulator.bot_api_url
            bot = BotThread(lambda: TelegramChannel(settings.telegram, core, rate_limit=args.rate_limit)).start()
            try:
                name = "Telegram " + ("(AIORateLimiter)" if args.rate_limit else "(không giới hạn tốc độ)")
                result = asyncio.run(
                    through_telegram(emulator, settings.telegram.token, pieces, args.users, args.messages, name)
                )
                print(result.line())
            finally:
                bot.stop()
        finally:
            emulator.stop()
            core.db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
