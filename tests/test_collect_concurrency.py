"""Two sessions entering for the same unit at once lose nothing: every entry becomes its own version, numbered
in turn, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

from bot.db.session import Database
from bot.services import rounds, values
from knowledge.store import load_knowledge
from tests.test_collect_services import unit_id

KB = load_knowledge()
NOW = datetime(2024, 11, 1, tzinfo=UTC)
EACH = 15


def test_two_sessions_entering_for_one_unit_lose_nothing(database_url: str) -> None:
    db = Database(database_url)
    db.upgrade()
    with db.session() as s:
        r = rounds.open_round(s, KB, "gia-lai-2023", "2024", due=date(2024, 12, 31))
    unit = unit_id(db, "gia-lai-2023", "Sở Kế hoạch và Đầu tư")
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def enter(worker: int) -> None:
        own = Database(database_url)  # its own engine and connections, as another process would have
        try:
            start.wait()
            for i in range(EACH):
                with own.session() as s:
                    values.submit(s, KB, r.id, unit, "6.22", {"a": float(worker * 1000 + i)}, now=NOW)
        except BaseException as exc:
            failures.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=enter, args=(w,)) for w in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with db.session() as s:
        kept = values.history(s, r.id, unit, "6.22")
    assert [v.number for v in kept] == list(range(1, 2 * EACH + 1))
    assert sorted(v.inputs["a"] for v in kept) == sorted(float(w * 1000 + i) for w in (1, 2) for i in range(EACH))
    db.dispose()
