"""A round opened for 2 000 registered officials on PostgreSQL: the time to queue its announcement.

    python benchmarks/bench_announce.py [--officials 2000] [--plan kon-tum-2024] [--runs 5]
        [--url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

A fresh database is created on the server (and dropped at the end); the plan's group units ("Các sở, ban, ngành",
"UBND các huyện, thành phố", "UBND cấp xã") get member units, one registered official each (with a Telegram
chat), ``--officials`` in all. Each run opens a round (another period each time) and times what /modot and
``dti-bot round open`` do after opening it: who owes what (``duties``), the units' officials, the messages
rendered (once per unit) and queued in the outbox under their keys, committed (``announce.round_opened`` +
``announce.queue``). The anchor, in the same run: a plain bulk insert of the same rows into the outbox (other
keys), committed. Target: ≤ 2 s. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pg import scratch_database
from sqlalchemy import func, insert, select

from bot.db.models import Identity, Membership, Official, OutboxMessage, Unit
from bot.db.session import Database
from bot.render import Renderer
from bot.services import announce, rounds
from bot.services.duties import duties
from knowledge.store import load_knowledge

GROUPS = {"Các sở, ban, ngành": 0.2, "UBND các huyện, thành phố": 0.3, "UBND cấp xã": 0.5}
NOW = datetime(2024, 11, 1, 2, tzinfo=UTC)
PERIODS = ("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2024-H1", "2024-H2", "2025", "2025-Q1", "2025-Q2")


def seed(db: Database, kb: object, plan: str, officials: int) -> None:
    """Member units under the plan's group units, one official with a chat each."""
    with db.session() as s:
        first = rounds.open_round(s, kb, plan, "2023", due=date(2024, 12, 16), now=NOW)
        duties(s, kb, plan, first.indicators)  # the units the plan names get their rows
        rounds.close_round(s, first.id, now=NOW)
        groups = {u.name: u.id for u in s.scalars(select(Unit).where(Unit.plan_id == plan))}
        rows = [{"plan_id": plan, "name": f"{group} — thành viên {i + 1}", "parent_id": groups[group],
                 "is_group": False, "created_at": NOW}
                for group, share in GROUPS.items() for i in range(int(officials * share))]
        s.execute(insert(Unit), rows)
        members = s.scalars(select(Unit.id).where(Unit.plan_id == plan, Unit.parent_id.is_not(None))
                            .order_by(Unit.id)).all()
        people = s.execute(insert(Official).returning(Official.id),
                           [{"name": f"Cán bộ {n}", "active": True, "created_at": NOW} for n in range(len(members))]
                           ).scalars().all()
        s.execute(insert(Identity), [{"official_id": p, "channel": "telegram", "user_id": str(100000 + p),
                                      "chat_id": str(100000 + p)} for p in people])
        s.execute(insert(Membership), [{"official_id": p, "unit_id": u, "role": "official", "created_at": NOW}
                                       for p, u in zip(people, members, strict=True)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--plan", default="kon-tum-2024")
    parser.add_argument("--officials", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with scratch_database(args.url) as url:
        db = Database(url)
        try:
            db.upgrade()
            kb = load_knowledge()
            renderer = Renderer()
            seed(db, kb, args.plan, args.officials)
            announced, anchor, queued = [], [], 0
            for period in PERIODS[:args.runs]:
                with db.session() as s:
                    info = rounds.open_round(s, kb, args.plan, period, due=date(2024, 12, 16), now=NOW)
                began = time.perf_counter()
                with db.session() as s:
                    notices = announce.round_opened(s, kb, info)
                    queued = announce.queue(s, renderer, notices, NOW)
                announced.append(time.perf_counter() - began)
                with db.session() as s:
                    rows = [{**{c: getattr(r, c) for c in ("channel", "chat_id", "body", "status", "attempts",
                                                           "next_attempt_at", "created_at")}, "key": "anchor:" + r.key}
                            for r in s.scalars(select(OutboxMessage).where(
                                OutboxMessage.key.like(f"open:{info.id}:%")))]
                began = time.perf_counter()
                with db.session() as s:
                    s.execute(insert(OutboxMessage), rows)
                anchor.append(time.perf_counter() - began)
                with db.session() as s:
                    rounds.close_round(s, info.id, now=NOW)
            with db.session() as s:
                units = s.scalar(select(func.count(func.distinct(Membership.unit_id))))
            load = os.getloadavg()
            figures = {"officials": args.officials, "units_told": units, "messages_per_round": queued,
                       "runs": len(announced), "announce_median_s": round(statistics.median(announced), 3),
                       "announce_max_s": round(max(announced), 3),
                       "anchor_bulk_insert_median_s": round(statistics.median(anchor), 3),
                       "anchor_bulk_insert_max_s": round(max(anchor), 3), "target_s": 2.0,
                       "load": [round(x, 2) for x in load], "cpus": os.cpu_count()}
            assert queued == args.officials or queued > 0, queued
            print(f"round opened for {args.officials} officials ({queued} messages queued per round): median "
                  f"{figures['announce_median_s']} s, worst {figures['announce_max_s']} s (target ≤ 2 s)")
            print(f"anchor, plain bulk insert of the same {len(rows)} rows: median "
                  f"{figures['anchor_bulk_insert_median_s']} s, worst {figures['anchor_bulk_insert_max_s']} s")
            print(f"load average while measuring: {' '.join(f'{x:.1f}' for x in load)} on {os.cpu_count()} CPUs")
            print(json.dumps(figures, ensure_ascii=False))
        finally:
            db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
