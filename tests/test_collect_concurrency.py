"""Two sessions entering for the same unit at once lose nothing: every entry becomes its own version, numbered
in turn, on SQLite and on PostgreSQL; through the service in two threads, and through the chat flow in two bot
processes (``tests/race_worker.py collect``)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.assembly import build_core
from bot.config import Settings
from bot.db.session import Database
from bot.services import rounds, values
from knowledge.store import load_knowledge
from tests.flowkit import register_official
from tests.test_collect_services import unit_id
from tests.test_race import PROCESSES, run_workers

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


CHAT_EACH = 8
ENTRIES = ("6.22=a", "8.6=x")  # Sở Kế hoạch và Đầu tư's input a of 6.22 and x of 8.6


@pytest.mark.xdist_group(PROCESSES)
def test_two_officials_of_one_unit_typing_at_once_in_two_processes_lose_nothing(
        settings: Settings, tmp_path: Path) -> None:
    """The chat flow (/nhap, the value, "Xác nhận", "bỏ qua") typed by two officials of the same unit, each in
    its own bot process, for the same indicators at the same time: every confirmed entry is its own version,
    numbered 1, 2, 3… without a gap or a repeat, and nobody gets an apology."""
    settings.bot.plan = "gia-lai-2023"
    core = build_core(settings)
    with core.db.session() as s:
        r = rounds.open_round(s, KB, "gia-lai-2023", "2024", due=date(2024, 12, 31))
    unit = register_official(core, "gia-lai-2023", "Sở Kế hoạch và Đầu tư", "u1")
    register_official(core, "gia-lai-2023", "Sở Kế hoạch và Đầu tư", "u2")
    results = run_workers([["collect", settings.database.url, str(tmp_path), user, str(CHAT_EACH), *ENTRIES]
                           for user in ("u1", "u2")])
    assert [(x["apologies"], x["unexpected"]) for x in results] == [(0, [])] * 2
    for entry in ENTRIES:
        code, name = entry.split("=")
        confirmed = [(value, number) for x in results for c, value, number in x["saved"] if c == code]
        assert len(confirmed) == 2 * CHAT_EACH
        with core.db.session() as s:
            kept = values.history(s, r.id, unit, code)
        assert [v.number for v in kept] == list(range(1, 2 * CHAT_EACH + 1))  # unique and consecutive
        assert sorted((v.inputs[name], v.number) for v in kept) == sorted((float(v), n) for v, n in confirmed)
        assert {v.channel for v in kept} == {"test"} and len({v.official_id for v in kept}) == 2
    core.db.dispose()
