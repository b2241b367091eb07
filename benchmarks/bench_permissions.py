"""Benchmark: the cost of one permission check (``bot.core.permissions.require``) as a turn pays it: inside the
turn's open transaction (a fresh session each time, so nothing is cached from the check before), for an allowed
check (the member's own unit) and a refused one (another unit: the reason is rendered too). Prints the median
and p99 per check and the statements each check runs.

    python benchmarks/bench_permissions.py [--db URL] [--checks 2000]

Default database: a temporary SQLite file. For PostgreSQL give an empty database's URL (its tables are created).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event

from bot.core.messages import Incoming
from bot.core.permissions import VALUES_ENTER, Denied, require
from bot.db.session import Database
from bot.services.officials import add_membership, ensure_official
from bot.services.units import choose_unit
from knowledge.store import load_knowledge

PLAN = "kon-tum-2024"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="SQLAlchemy URL (default: a temporary SQLite file)")
    parser.add_argument("--checks", type=int, default=2000)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    db = Database(args.db or f"sqlite:///{folder.name}/bench.db")
    db.upgrade()
    kb = load_knowledge()
    with db.session() as s:
        own, other = (choose_unit(s, kb, PLAN, name).unit for name in ("Sở Nội vụ", "Sở Tài chính"))
        assert own is not None and other is not None
        add_membership(s, ensure_official(s, "bench", "u1", "u1", "Bench"), own.id, "official")
    statements = [0]
    event.listen(db.engine, "before_cursor_execute", lambda *_: statements.__setitem__(0, statements[0] + 1))
    msg = Incoming(channel="bench", chat_id="u1", user_id="u1")
    for label, unit in (("allowed", own.id), ("refused", other.id)):
        times: list[float] = []
        for _ in range(args.checks):
            with db.session() as s:
                s.connection()  # the turn's transaction is open already when a handler checks
                statements[0] = 0
                start = time.perf_counter()
                with contextlib.suppress(Denied):
                    require(s, msg, VALUES_ENTER, plan_id=PLAN, unit_id=unit)
                times.append(time.perf_counter() - start)
                queries = statements[0]
        times.sort()
        print(f"{db.engine.dialect.name} {label}: median {statistics.median(times) * 1e3:.2f} ms, "
              f"p99 {times[int(len(times) * 0.99) - 1] * 1e3:.2f} ms per check, "
              f"{queries} statements")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
