"""Round status with 10 000 units' values on PostgreSQL: the time to compute the whole round's scores.

    python benchmarks/bench_round_status.py [--units 10000] [--plan kon-tum-2024] [--runs 5]
        [--url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

A fresh database is created on the server (and dropped at the end); the plan's group units ("Các sở, ban, ngành",
"UBND các huyện, thành phố", "UBND cấp xã") get ``--units`` member units between them, every unit the plan names
enters every indicator it owes (checked values, one version each, a tenth of them with a second version), and
``round_status`` — every part read, parts summed, every indicator scored, pillars and total — is timed. Target:
≤ 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pg import scratch_database
from sqlalchemy import insert, select, text

from bot.db.models import RoundValue, Unit, ValueInput, ValueVersion
from bot.db.session import Database
from bot.services import rounds
from bot.services.duties import Duty, duties, plan_book
from bot.services.status import round_status
from knowledge.store import load_knowledge
from scoring.model import Result

GROUPS = {"Các sở, ban, ngành": 0.2, "UBND các huyện, thành phố": 0.3, "UBND cấp xã": 0.5}
NOW = datetime(2024, 11, 1, tzinfo=UTC)


def entries(book: Any, code: str, inputs: tuple[str, ...], rng: random.Random) -> list[dict[str, Any]]:
    """A few valid entries for one duty (the engine accepts them when the unit gives every input)."""
    rule = book.rule(code)
    choices = rule.method.choices()
    found: list[dict[str, Any]] = []
    for _ in range(200):
        vals: dict[str, Any] = {}
        for name in inputs:
            if name in choices:
                vals[name] = rng.choice(choices[name].options).key
            else:
                vals[name] = float(rng.randint(1, 1000))
        if set(inputs) >= set(rule.method.numbers()) and not isinstance(book.score(code, vals), Result):
            continue
        found.append(vals)
        if len(found) == 8:
            break
    return found or [{n: 1.0 for n in inputs}]


def seed(db: Database, kb: Any, plan: str, units: int, rng: random.Random) -> tuple[int, int]:
    """Member units, an open round, and every owed part entered; returns (round id, parts)."""
    with db.session() as s:
        info = rounds.open_round(s, kb, plan, "2024", due=date(2024, 12, 31), now=NOW)
        duties(s, kb, plan, info.indicators)  # the units the plan names get their rows
        groups = {u.name: u.id for u in s.scalars(select(Unit).where(Unit.plan_id == plan))}
        rows = []
        for group, share in GROUPS.items():
            for i in range(int(units * share)):
                rows.append({"plan_id": plan, "name": f"{group} — thành viên {i + 1}", "parent_id": groups[group],
                             "is_group": False, "created_at": NOW})
        s.execute(insert(Unit), rows)
        owed: list[Duty] = duties(s, kb, plan, info.indicators)
    book = plan_book(kb, plan)
    samples: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = {}
    slots, versions, inputs = [], [], []
    for n, d in enumerate(owed, start=1):
        key = (d.indicator, d.inputs)
        if key not in samples:
            samples[key] = entries(book, d.indicator, d.inputs, rng)
        numbers = (1, 2) if rng.random() < 0.1 else (1,)
        late = rng.random() < 0.05
        for number in numbers:
            entry = rng.choice(samples[key])
            versions.append({"id": len(versions) + 1, "value_id": n, "number": number, "inputs": entry,
                             "score": None, "channel": "telegram", "official_id": None, "message": "", "note": "",
                             "late": late, "state": "submitted", "comment": "", "created_at": NOW})
            inputs.extend({"version_id": len(versions), "name": k,
                           "number": v if isinstance(v, float) else None,
                           "answer": None if isinstance(v, float) else v} for k, v in entry.items())
        slots.append({"id": n, "round_id": info.id, "indicator": d.indicator, "unit_id": d.unit_id,
                      "version": numbers[-1], "latest_id": len(versions), "state": "submitted", "late": late,
                      "updated_at": NOW})
    with db.engine.begin() as conn:
        for table, rows in ((RoundValue, slots), (ValueVersion, versions), (ValueInput, inputs)):
            for start in range(0, len(rows), 20000):
                conn.execute(insert(table), rows[start:start + 20000])
        conn.execute(text("ANALYZE"))
    return info.id, len(slots)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--plan", default="kon-tum-2024")
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database (its name is printed) to explore it")
    args = parser.parse_args()
    with scratch_database(args.url, keep=args.keep) as url:
        db = Database(url)
        try:
            db.upgrade()
            kb = load_knowledge()
            began = time.perf_counter()
            round_id, parts_count = seed(db, kb, args.plan, args.units, random.Random(7))
            print(f"seeded {args.units} member units, {parts_count} parts in {time.perf_counter() - began:.1f} s")
            for parts, what in ((False, "scores (every indicator, pillars, total, unit counts)"),
                                (True, f"full status listing all {parts_count} parts")):
                times, cpu = [], []
                for _ in range(args.runs):
                    began, began_cpu = time.perf_counter(), time.process_time()
                    with db.session() as s:
                        status = round_status(s, kb, rounds.get_round(s, round_id), parts=parts)
                    times.append(time.perf_counter() - began)
                    cpu.append(time.process_time() - began_cpu)
                print(f"{what}: best {min(times):.3f} s, median {statistics.median(times):.3f} s, "
                      f"worst {max(times):.3f} s; client CPU median {statistics.median(cpu):.3f} s")
            scored = sum(1 for i in status.indicators if i.score is not None)
            print(f"plan {args.plan}: {len(status.indicators)} indicators ({scored} scored), "
                  f"{len(status.units)} units, total {status.total.score:.2f}/{status.total.max} "
                  "(target for the scores: ≤ 1 s)")
            load = " ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"load average while measuring: {load} on {os.cpu_count()} CPUs")
        finally:
            db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
