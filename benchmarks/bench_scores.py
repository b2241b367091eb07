"""Score lookups, charts and the Excel export on a round of 10 000 units' values on PostgreSQL.

    python benchmarks/bench_scores.py [--units 10000] [--plan kon-tum-2024] [--lookups 200]
        [--url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

The round is built as in ``bench_round_status.py`` (a fresh database, dropped at the end). Measured: chat lookups
through the whole core (/diem, a pillar, the total, an indicator, where points are lost, a what-if) once the
round's scores are cached — p50/p99, target p99 ≤ 50 ms; the first lookup (cache cold) and the first after a new
value version (cache invalidated); the pillar, progress and history charts (target ≤ 300 ms each); and the
round's workbook (target ≤ 5 s), also with every part's inputs distinct (nothing repeats).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, make_url, select, text, update

from benchmarks.bench_round_status import seed
from bot.assembly import build_core
from bot.config import Settings
from bot.core.messages import Incoming
from bot.db.models import Identity, Membership, Official, RoundValue, Unit
from bot.reports import charts
from bot.services import history as history_service
from bot.services import reports, rounds, scores
from bot.services.reports import every_version
from knowledge.store import load_knowledge

QUESTIONS = ["/diem", "/diem 3", "điểm tổng của tỉnh hiện tại", "điểm chỉ số 3.1 bao nhiêu",
             "trụ cột 6 được bao nhiêu điểm", "mất điểm ở đâu", "nếu 3.1 đạt 80 % thì tổng điểm bao nhiêu"]


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        out.append(time.perf_counter() - began)
    return out


def ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--plan", default="kon-tum-2024")
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--lookups", type=int, default=200)
    args = parser.parse_args()
    server = make_url(args.url)
    name = f"dti_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    settings = Settings()
    settings.database.url = server.set(database=name).render_as_string(hide_password=False)
    settings.bot.plan = args.plan
    core = build_core(settings)
    try:
        kb = load_knowledge()
        began = time.perf_counter()
        round_id, parts = seed(core.db, kb, args.plan, args.units, random.Random(7))
        print(f"seeded {args.units} member units, {parts} parts in {time.perf_counter() - began:.1f} s")
        with core.db.session() as s:  # the askers: officials of the plan (its scores are for its members)
            unit = s.scalars(select(Unit.id).where(Unit.plan_id == args.plan).order_by(Unit.id)).first()
            for n in range(50):
                person = Official(name=f"Cán bộ {n}")
                s.add(person)
                s.flush()
                s.add(Identity(official_id=person.id, channel="bench", user_id=str(n), chat_id=str(n)))
                s.add(Membership(official_id=person.id, unit_id=unit, role="official"))
        counter = iter(range(10**9))

        def ask(question: str) -> None:
            n = next(counter)
            core.handle(Incoming(channel="bench", chat_id=str(n % 50), user_id=str(n % 50), text=question))

        cold = timed(lambda: ask("/diem"), 1)[0]
        print(f"first lookup (round's scores computed, cache cold): {cold * 1000:.0f} ms")
        by_kind: dict[str, list[float]] = {q: [] for q in QUESTIONS}
        for i in range(args.lookups):
            question = QUESTIONS[i % len(QUESTIONS)]
            by_kind[question].extend(timed(partial(ask, question), 1))
        times = [t for ts in by_kind.values() for t in ts]
        for question, ts in by_kind.items():
            print(f"  {question!r}: p50 {ms(ts, 0.5):.1f} ms, max {max(ts) * 1000:.1f} ms")
        print(f"lookups through the core, cached ({len(times)} over {len(QUESTIONS)} kinds): "
              f"p50 {ms(times, 0.5):.1f} ms, p99 {ms(times, 0.99):.1f} ms, max {max(times) * 1000:.1f} ms "
              f"(target p99 ≤ 50 ms)")
        with core.db.session() as s:
            s.execute(update(RoundValue).where(RoundValue.id == 1).values(updated_at=datetime.now(UTC)))
        again = timed(lambda: ask("/diem"), 1)[0]
        print(f"first lookup after a new value version (cache invalidated, recomputed): {again * 1000:.0f} ms")

        with core.db.session() as s:
            info = rounds.get_round(s, round_id)
            status = scores.cached_status(s, kb, info)
            history = history_service.indicator_history(s, kb, args.plan, "3.1")
        bars = reports.pillar_bars(kb, status)
        for what, fn in (
            ("pillar chart", lambda: charts.pillar_chart(bars, "Điểm các trụ cột – đợt 2024")),
            ("progress chart (the units furthest behind)",
             lambda: charts.completeness_chart(reports.progress(status), "Tiến độ nộp số liệu đợt 2024")),
            ("history chart", lambda: charts.history_chart(history, "Chỉ số 3.1", 10)),
        ):
            charts.pillar_chart(bars, "khởi động")  # matplotlib's first figure loads fonts
            t = timed(fn, 5)
            print(f"{what}: median {statistics.median(t) * 1000:.0f} ms, worst {max(t) * 1000:.0f} ms "
                  f"(target ≤ 300 ms)")

        def export() -> None:
            with core.db.session() as s:
                data = reports.report(s, kb, rounds.get_round(s, round_id))
            sizes.append(len(data))

        with core.db.session() as s:
            t = timed(lambda: every_version(s, round_id), 3)
        print(f"reading every part of the round (the export's first step): median {statistics.median(t):.2f} s")
        sizes: list[int] = []
        t = timed(export, 3)
        print(f"export of the round ({parts} parts, {sizes[-1] // 1024} KB): median {statistics.median(t):.2f} s, "
              f"worst {max(t):.2f} s (target ≤ 5 s)")
        with core.db.session() as s:  # no two parts alike: every inputs text parsed, formatted and escaped anew
            s.execute(text("UPDATE value_versions SET inputs = json_build_object('a', id * 1.5, 'b', id, "
                           "'c', 'lựa chọn ' || id)"))
        t = timed(export, 3)
        print(f"export with every part's inputs distinct: median {statistics.median(t):.2f} s, "
              f"worst {max(t):.2f} s (target ≤ 5 s)")
        print(f"load average while measuring: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    finally:
        core.db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
