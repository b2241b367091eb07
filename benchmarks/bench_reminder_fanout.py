"""Reminder fan-out through the Telegram emulator: N officials' reminders planned by the reminder job of a real
`dti-bot run` process and delivered by its outbox sender through TelegramDeliverer and PTB's AIORateLimiter (30
messages/s overall, Telegram's limit). Prints messages per second, duplicates and losses counted from what the
emulator received; then the same with a SIGKILL when half is sent and a restart (the restarted process proves the
killed one dead and takes back at once the rows it was sending, without waiting for the claims' 5-minute lease: at
most those are duplicated).

    python benchmarks/bench_reminder_fanout.py [--people 2000] [--database-url URL]   (default: a SQLite file)

Needs Node and the emulator (`cd tests/e2e && npm ci`). Target: ≥ 28 messages/s, 0 duplicates, 0 lost.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "e2e"))

from fanout import Fanout, run_fanout
from tg_emulator import Emulator


def show(label: str, done: Fanout, killed: bool) -> None:
    print(f"{label}: {done.people} reminders in {done.elapsed:.1f} s = {done.rate:.1f} messages/s; "
          f"received {sum(done.received.values())}, duplicates {done.duplicates}, lost {done.lost}"
          + (f"; in flight at the kill {done.in_flight_at_kill}, resent {done.resent}" if killed else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--database-url", default="", help="an empty PostgreSQL database (default: SQLite file)")
    args = parser.parse_args()
    emulator = Emulator()
    try:
        for label, kill_at in (("straight", None), ("kill -9 at half, restart", 0.5)):
            with tempfile.TemporaryDirectory() as tmp:
                url = args.database_url
                if url:
                    from bot.db.models import Base
                    from bot.db.session import Database

                    db = Database(url)
                    Base.metadata.drop_all(db.engine)
                    with db.engine.begin() as conn:
                        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
                    db.dispose()
                show(label, run_fanout(emulator, Path(tmp), args.people, kill_at=kill_at, database_url=url),
                     kill_at is not None)
    finally:
        emulator.stop()


if __name__ == "__main__":
    main()
