"""Issue 20 item 1: one turn reads its context once. A value entered through the chat (``/nhap CODE``, the inputs,
"Xác nhận", "bỏ qua") costs at most 4 SQL statements a message on average, counted the way
``benchmarks/bench_collect.py`` counts them; what a turn remembers (``bot.db.memo``) is dropped as soon as the turn
writes what it was read from; and the benchmark's ``--json`` line keeps its contract."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import select

from benchmarks import bench_collect
from bot.db.memo import peek, remembered
from bot.db.models import Identity, Membership, Official, Round, Unit
from bot.db.session import Database
from bot.services import rounds
from bot.services.officials import remove_from_unit, sender
from knowledge.store import load_knowledge

ROOT = Path(__file__).resolve().parent.parent
TARGET = 4.0  # statements per entry message (issue 20)
CONTRACT = {"messages", "msgs_per_s", "p99_ms", "statements_per_message", "floor_msgs_per_s"}


def test_an_entry_message_costs_at_most_four_statements(database_url: str) -> None:
    project, before, after = bench_collect.measure(database_url, units=3, indicators=4)
    messages = len(project.latencies)
    assert project.failed == 0 and messages >= 3 * 4 * 4
    assert project.statements / messages <= TARGET, f"{project.statements} statements for {messages} messages"
    for floor in (before, after):  # the floor sent as many messages, its own statements counted too
        assert len(floor.latencies) == messages
        assert 0 < floor.statements < project.statements


def _official(db: Database) -> tuple[int, int]:
    with db.session() as s:
        unit = Unit(plan_id="gia-lai-2023", name="Sở thử ghi nhớ")
        person = Official(name="Cán bộ thử")
        s.add_all([unit, person])
        s.flush()
        s.add(Identity(official_id=person.id, channel="test", user_id="m1", chat_id="m1"))
        s.add(Membership(official_id=person.id, unit_id=unit.id, role="official"))
        return person.id, unit.id


def test_the_sender_is_read_again_once_the_turn_changes_memberships(database_url: str) -> None:
    db = Database(database_url)
    official_id, unit_id = _official(db)
    with db.session() as s:
        first = sender(s, "test", "m1")
        assert first is not None and [m.unit.id for m in first.memberships] == [unit_id]
        assert sender(s, "test", "m1") is first  # remembered: no second read
        remove_from_unit(s, official_id, unit_id)  # a DELETE through the session
        again = sender(s, "test", "m1")
        assert again is not None and again.memberships == ()
        s.add(Membership(official_id=official_id, unit_id=unit_id, role="head"))
        s.flush()  # an ORM flush of a membership
        third = sender(s, "test", "m1")
        assert third is not None and [m.role for m in third.memberships] == ["head"]
    db.dispose()


def test_a_remembered_read_outlives_neither_an_unrelated_write_nor_the_transaction(database_url: str) -> None:
    db = Database(database_url)
    kb = load_knowledge()
    reads: list[int] = []

    def read() -> int:
        reads.append(1)
        return len(reads)

    with db.session() as s:
        assert remembered(s, ("x",), frozenset({"units"}), read) == 1
        s.add(Official(name="không liên quan"))  # another table: the read stands
        s.flush()
        assert remembered(s, ("x",), frozenset({"units"}), read) == 1
        info = rounds.open_round(s, kb, "gia-lai-2023", "2024", due=date(2099, 12, 31))
        assert rounds.find_open(s, "gia-lai-2023") == info
        rounds.close_round(s, info.id, now=rounds.end_of_day(date(2099, 1, 1), "UTC"))
        s.flush()
        assert rounds.find_open(s, "gia-lai-2023") is None  # closing wrote ``rounds``: read again
        assert s.scalar(select(Round.state).where(Round.id == info.id)) == "closed"
    with db.session() as s:
        assert peek(s, ("x",)) is None  # a new transaction remembers nothing
        assert remembered(s, ("x",), frozenset({"units"}), read) == 2
    db.dispose()


def test_bench_collect_json_prints_one_line_of_the_contract() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_collect.py"), "--units", "2",
                           "--indicators", "2", "--json"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1, done.stdout
    figures = json.loads(lines[0])
    assert set(figures) == CONTRACT
    assert figures["messages"] >= 2 * 2 * 4
    assert figures["msgs_per_s"] > 0 and figures["floor_msgs_per_s"] > 0 and figures["p99_ms"] > 0
    assert figures["statements_per_message"] > 0  # (the target is held above, on more messages per user)
    assert "floor" in done.stderr  # the table, with the floor beside the project, on stderr
