"""/tiendo for a round of 10 000 member units on PostgreSQL: the focal point's summary screen through the core.

    python benchmarks/bench_progress.py [--units 10000] [--plan kon-tum-2024] [--runs 60]
        [--url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

A fresh database is created on the server (and dropped at the end), seeded as ``bench_round_status`` does (the
plan's group units get ``--units`` member units between them, every unit enters every indicator it owes); a focal
point is registered. Timed: ``/tiendo`` as the focal point sends it (the whole turn through the core: permissions,
conversation state, the summary, the rendering) twice per run: with the round unchanged since the last /tiendo
(the summary comes from the in-process cache after a few index look-ups), and right after a value was approved
(the summary is recomputed from the parts; who owes what stays cached). The anchor, in the same run: a plain SQL
count of the round's parts. Target: ≤ 300 ms p99. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_round_status import seed
from pg import scratch_database
from sqlalchemy import select, text

from bot.assembly import build_core
from bot.config import Settings
from bot.core.messages import Incoming
from bot.db.models import Identity, Membership, Official, RoundValue, Unit
from bot.db.session import Database
from bot.services import values
from knowledge.store import load_knowledge

FOCAL_UNIT = "Sở Thông tin và Truyền thông"


def percentile(times: list[float], p: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def register_focal(db: Database, plan: str) -> None:
    with db.session() as s:
        unit = s.scalar(select(Unit.id).where(Unit.plan_id == plan, Unit.name == FOCAL_UNIT))
        if unit is None:
            unit = Unit(plan_id=plan, name=FOCAL_UNIT)
            s.add(unit)
            s.flush()
            unit = unit.id
        person = Official(name="Đầu mối")
        s.add(person)
        s.flush()
        s.add(Identity(official_id=person.id, channel="bench", user_id="focal", chat_id="focal"))
        s.add(Membership(official_id=person.id, unit_id=unit, role="focal"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--plan", default="kon-tum-2024")
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    with scratch_database(args.url) as url:
        db = Database(url)
        db.upgrade()
        kb = load_knowledge()
        began = time.perf_counter()
        round_id, parts = seed(db, kb, args.plan, args.units, random.Random(7))
        register_focal(db, args.plan)
        print(f"seeded {args.units} member units, {parts} parts in {time.perf_counter() - began:.1f} s")
        db.dispose()
        settings = Settings()
        settings.database.url = url
        settings.bot.plan = args.plan
        core = build_core(settings)
        try:
            msg = Incoming(channel="bench", chat_id="focal", user_id="focal", text="/tiendo")
            t0 = time.perf_counter()
            first = core.handle(msg)[0].text  # cold: who owes what and every unit counted
            cold = time.perf_counter() - t0
            assert "Tiến độ đợt" in first, first
            tiendo, changed, anchor = [], [], []
            with core.db.session() as s:
                parts_in = s.execute(select(RoundValue.unit_id, RoundValue.indicator)
                                     .where(RoundValue.round_id == round_id, RoundValue.state == "submitted")).all()
            picks = random.Random(11).sample(parts_in, args.runs)
            for unit_id, code in picks:
                t0 = time.perf_counter()
                core.handle(msg)  # nothing changed since the last /tiendo
                tiendo.append(time.perf_counter() - t0)
                with core.db.session() as s:  # the focal point approves a value (not timed)...
                    values.approve(s, round_id, unit_id, code, by=None, now=datetime.now(UTC))
                t0 = time.perf_counter()
                core.handle(msg)  # ...and /tiendo is asked again: the summary is recomputed
                changed.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                with core.db.session() as s:
                    s.execute(text("SELECT count(*) FROM round_values WHERE round_id = :r"), {"r": round_id}).scalar()
                anchor.append(time.perf_counter() - t0)
        finally:
            core.db.dispose()
        load = os.getloadavg()
        figures = {"units": args.units, "parts": parts, "runs": args.runs, "cold_first_ms": round(cold * 1000, 1),
                   "tiendo_p50_ms": round(statistics.median(tiendo) * 1000, 1),
                   "tiendo_p99_ms": round(percentile(tiendo, 99) * 1000, 1),
                   "after_change_p50_ms": round(statistics.median(changed) * 1000, 1),
                   "after_change_p99_ms": round(percentile(changed, 99) * 1000, 1),
                   "mixed_p99_ms": round(percentile(tiendo + changed, 99) * 1000, 1),
                   "anchor_count_p50_ms": round(statistics.median(anchor) * 1000, 1),
                   "anchor_count_p99_ms": round(percentile(anchor, 99) * 1000, 1),
                   "target_p99_ms": 300, "load": [round(x, 2) for x in load], "cpus": os.cpu_count()}
        print(f"/tiendo (summary screen, through the core), round unchanged: p50 {figures['tiendo_p50_ms']} ms, "
              f"p99 {figures['tiendo_p99_ms']} ms (target ≤ 300 ms)")
        print(f"/tiendo right after a value was approved (summary recomputed): p50 {figures['after_change_p50_ms']} "
              f"ms, p99 {figures['after_change_p99_ms']} ms; both together p99 {figures['mixed_p99_ms']} ms")
        print(f"the first /tiendo after start (nothing kept yet): {figures['cold_first_ms']} ms")
        print(f"anchor, plain SQL count of the round's {parts} parts: p50 {figures['anchor_count_p50_ms']} ms, "
              f"p99 {figures['anchor_count_p99_ms']} ms")
        print(f"load average while measuring: {' '.join(f'{x:.1f}' for x in load)} on {os.cpu_count()} CPUs")
        print(first.splitlines()[1])
        print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
