"""Benchmark: value entry through the core as simulated conversations, on SQLite (and PostgreSQL with --postgres):
N member units × M indicators, messages per second, p50 and p99 per message.

The setting is Gia Lai's "Các sở, ban, ngành" made a group with N member units (each reports its own part of every
indicator the group owes), one registered official per unit. Each official, a closed loop like a person in a chat,
enters each indicator as an experienced user does: ``/nhap CODE``, all inputs at once (``a=1; b=1``), the
comment a far-off value asks for when it does, "Xác nhận", then "bỏ qua" for the evidence. Every turn locks its
conversation row, and every save locks the unit's value row and adds a version with its input rows.

    python benchmarks/bench_collect.py [--units 500] [--indicators 20] [--postgres URL [--no-sqlite]]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pg import scratch_database

from bot.assembly import build_core
from bot.config import Settings
from bot.core.app import Core
from bot.core.messages import Incoming, Reply
from bot.db.models import Identity, Membership, Official, Unit
from bot.services import rounds
from bot.services.duties import Duty, duties, plan_book
from bot.services.units import add_members
from bot.services.values import check_unit_entry

PLAN = "gia-lai-2023"
GROUP = "Các sở, ban, ngành"


def prepare(core: Core, units: int, indicators: int) -> tuple[dict[str, str], list[str]]:
    """The round, the member units and their officials; returns each indicator's typed entry and the codes."""
    kb = core.kb
    with core.db.session() as s:
        info = rounds.open_round(s, kb, PLAN, "2024", due=date(2099, 12, 31))
        owed = [d for d in duties(s, kb, PLAN, info.indicators) if d.unit == GROUP]
        group = s.query(Unit).filter_by(plan_id=PLAN, name=GROUP).one()
        group.is_group = True
        s.flush()
        added, _ = add_members(s, group.id, [f"Đơn vị thử {n:04d}" for n in range(units)])
        for n, unit in enumerate(added):
            person = Official(name=f"Cán bộ {n}")
            s.add(person)
            s.flush()
            s.add(Identity(official_id=person.id, channel="bench", user_id=f"u{n}", chat_id=f"u{n}"))
            s.add(Membership(official_id=person.id, unit_id=unit.id, role="official"))
        entries = {duty.indicator: valid_entry(s, kb, info, duty) for duty in owed}
    codes = list(entries)[:indicators]
    if len(codes) < indicators:
        print(f"(the group owes {len(codes)} indicators; using those)")
    return entries, codes


def valid_entry(session: Any, kb: Any, info: rounds.RoundInfo, duty: Duty) -> str:
    """An entry the checks accept: choices take their first answer, numbers 1, and the wholes (found by trying
    up to two inputs at 1000) are large enough for their parts."""
    rule = plan_book(kb, PLAN).rule(duty.indicator)
    choices = rule.method.choices() if rule else {}
    numbers = [n for n in duty.inputs if n not in choices]
    for size in range(3):
        for wholes in combinations(numbers, size):
            raw: dict[str, float | int | str] = {
                n: choices[n].options[0].key if n in choices else 1000 if n in wholes else 1 for n in duty.inputs}
            if not check_unit_entry(session, kb, info, duty, raw).errors:
                return "; ".join(f"{k}={v}" for k, v in raw.items())
    return "; ".join(f"{n}=1" for n in duty.inputs)


def button(replies: list[Reply], label: str) -> str | None:
    return next((b.payload for r in replies for b in r.buttons if b.label == label), None)


def run_load(url: str, units: int, indicators: int) -> tuple[int, float, float, float, int]:
    settings = Settings()
    settings.database.url = url
    settings.bot.plan = PLAN
    core = build_core(settings)
    entries, codes = prepare(core, units, indicators)
    latencies: list[float] = []
    failed = 0

    def say(n: int, text: str = "", payload: str | None = None) -> list[Reply]:
        msg = Incoming(channel="bench", chat_id=f"u{n}", user_id=f"u{n}", text=text, payload=payload)
        t0 = time.perf_counter()
        out = core.handle(msg)
        latencies.append(time.perf_counter() - t0)
        return out

    def enter(n: int, code: str) -> bool:
        say(n, f"/nhap {code}")
        out = say(n, entries[code])
        if button(out, "Nhập lại") is not None:  # a far-off value: confirmed with a comment
            out = say(n, "Số liệu thử của benchmark")
        ok = button(out, "Xác nhận")
        if ok is None:
            say(n, "/huy")
            return False
        out = say(n, payload=ok)
        say(n, "bỏ qua")
        return any("Đã lưu" in r.text for r in out)

    async def user(n: int) -> None:
        nonlocal failed
        for code in codes:
            if not await asyncio.to_thread(enter, n, code):
                failed += 1

    async def everyone() -> float:
        start = time.perf_counter()
        await asyncio.gather(*(user(n) for n in range(units)))
        return time.perf_counter() - start

    wall = asyncio.run(everyone())
    core.db.dispose()
    ms = sorted(x * 1000 for x in latencies)
    return len(ms), len(ms) / wall, statistics.median(ms), ms[min(len(ms) - 1, int(len(ms) * 0.99))], failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--postgres", help="PostgreSQL server URL (a fresh database is created and dropped)")
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL (with --postgres)")
    args = parser.parse_args()
    print(f"{args.units} units × {args.indicators} indicators entered through the core")
    print(f"{'database':<12} {'messages':>9} {'msg/s':>8} {'p50':>10} {'p99':>10} {'not saved':>10}")
    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        targets = [] if args.no_sqlite else [("sqlite", f"sqlite:///{Path(tmp) / 'bench.db'}")]
        if args.postgres:
            targets.append(("postgresql", stack.enter_context(scratch_database(args.postgres))))
        for name, url in targets:
            count, rate, p50, p99, failed = run_load(url, args.units, args.indicators)
            print(f"{name:<12} {count:>9} {rate:>8.1f} {p50:>7.1f} ms {p99:>7.1f} ms {failed:>10}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
