"""Benchmark: value entry through the core as simulated conversations, on SQLite (and PostgreSQL with --postgres):
N member units × M indicators, messages per second, p50 and p99 per message.

The setting is Gia Lai's "Các sở, ban, ngành" made a group with N member units (each reports its own part of every
indicator the group owes), one registered official per unit. Each official, a closed loop like a person in a chat,
enters each indicator as an experienced user does: ``/nhap CODE``, all inputs at once (``a=1; b=1``), the
comment a far-off value asks for when it does, "Xác nhận", then "bỏ qua" for the evidence. Every turn locks its
conversation row, and every save locks the unit's value row and adds a version with its input rows.

The anchor (the floor), measured in the same run over the same database (before and after the project, on rounds of
another plan: a drifting load weighs on both sides), with as many messages and as many at
once: the same locks and writes in plain SQL (SQLAlchemy Core), nothing else. Each message locks its conversation
row (``SELECT … FOR UPDATE``, the row inserted first when new) and writes its state back; each save creates and
locks the unit's value row (``INSERT … ON CONFLICT DO UPDATE … RETURNING``, as the project does), inserts the
version and its input rows and points the value row at the version.

SQL statements are counted with a ``before_cursor_execute`` listener during the measured phase only, transaction
control left out (SQLite's ``BEGIN IMMEDIATE`` passes the listener, PostgreSQL's BEGIN and both databases' COMMIT
do not: leaving it out counts the same work alike on both).

    python benchmarks/bench_collect.py [--units 500] [--indicators 20] [--postgres URL [--no-sqlite]] [--json]

``--json``: one JSON line on stdout, ``{"messages", "msgs_per_s", "p99_ms", "statements_per_message",
"floor_msgs_per_s"}``, for PostgreSQL when ``--postgres`` is given (else SQLite); the table goes to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import combinations
from pathlib import Path
from typing import Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pg import scratch_database
from sqlalchemy import Engine, Table, event, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.assembly import build_core
from bot.config import Settings
from bot.core.app import Core
from bot.core.messages import Incoming, Reply
from bot.db.models import Conversation, Identity, Membership, Official, RoundValue, Unit, ValueInput, ValueVersion
from bot.db.session import make_engine
from bot.services import rounds
from bot.services.checks import check_unit_entry
from bot.services.duties import Duty, duties, plan_book
from bot.services.units import add_members, sync_plan_units

PLAN = "gia-lai-2023"
GROUP = "Các sở, ban, ngành"
FLOOR_PLAN = "kon-tum-2024"  # the floor's rounds: another plan's, so that none is the project round's previous one


def prepare(core: Core, units: int, indicators: int) -> tuple[dict[str, str], list[str], dict[str, int]]:
    """The round, the member units and their officials; returns each indicator's typed entry, the codes, and how
    many messages each entry takes (5 when the value asks for a comment, else 4)."""
    kb = core.kb
    with core.db.session() as s:
        info = rounds.open_round(s, kb, PLAN, "2024", due=date(2099, 12, 31))
        sync_plan_units(s, kb, PLAN)
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
        s.flush()  # a group without members owes nothing: its parts are asked of the members added above
        owed = [d for d in duties(s, kb, PLAN, info.indicators) if d.unit_id == added[0].id]
        found = {duty.indicator: valid_entry(s, kb, info, duty) for duty in owed}
    codes = list(found)[:indicators]
    if len(codes) < indicators:
        print(f"(the group owes {len(codes)} indicators; using those)", file=sys.stderr)
    return {c: text for c, (text, _) in found.items()}, codes, {c: 5 if asks else 4 for c, (_, asks) in found.items()}


def valid_entry(session: Any, kb: Any, info: rounds.RoundInfo, duty: Duty) -> tuple[str, bool]:
    """An entry the checks accept: choices take their first answer, numbers 1, and the wholes (found by trying
    up to two inputs at 1000) are large enough for their parts; and whether it asks for a comment."""
    rule = plan_book(kb, PLAN).rule(duty.indicator)
    choices = rule.method.choices() if rule else {}
    numbers = [n for n in duty.inputs if n not in choices]
    for size in range(3):
        for wholes in combinations(numbers, size):
            raw: dict[str, float | int | str] = {
                n: choices[n].options[0].key if n in choices else 1000 if n in wholes else 1 for n in duty.inputs}
            checked = check_unit_entry(session, kb, info, duty, raw)
            if not checked.errors:
                return "; ".join(f"{k}={v}" for k, v in raw.items()), bool(checked.confirms)
    return "; ".join(f"{n}=1" for n in duty.inputs), False


def button(replies: list[Reply], label: str) -> str | None:
    return next((b.payload for r in replies for b in r.buttons if b.label == label), None)


class Statements:
    """SQL statements an engine executes while counting (transaction control left out, see the module's text)."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.count, self.begins = engine, 0, 0

    def _seen(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip()[:5].upper() in ("BEGIN", "COMMI", "ROLLB"):
            self.begins += 1
        else:
            self.count += 1

    def __enter__(self) -> Statements:
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


@dataclass
class Run:
    """One measured phase: every message's latency, the wall time, the statements, the entries not saved."""

    latencies: list[float] = field(default_factory=list)
    wall: float = 0.0
    statements: int = 0
    failed: int = 0
    cpu: float = 0.0  # this process's CPU seconds (every thread) over the phase

    def then(self, other: Run) -> Run:
        """This run and another one of the same work, as one."""
        return Run(self.latencies + other.latencies, self.wall + other.wall, self.statements + other.statements,
                   self.failed + other.failed, self.cpu + other.cpu)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.wall

    def ms(self, q: float) -> float:
        ms = sorted(x * 1000 for x in self.latencies)
        return ms[min(len(ms) - 1, int(len(ms) * q))]


def concurrently(run: Run, units: int, codes: list[str], enter: Any) -> None:
    """Each unit's official enters every code in turn (``enter(n, code)`` in a worker thread), all units at
    once; the wall time and the process's CPU time go to ``run``."""
    async def user(n: int) -> None:
        for code in codes:
            await asyncio.to_thread(enter, n, code)

    async def everyone() -> float:
        start = time.perf_counter()
        await asyncio.gather(*(user(n) for n in range(units)))
        return time.perf_counter() - start

    cpu = time.process_time()
    run.wall = asyncio.run(everyone())
    run.cpu = time.process_time() - cpu


def run_project(core: Core, entries: dict[str, str], codes: list[str], units: int) -> tuple[Run, dict[Any, int]]:
    """The conversations through the core; also how many messages each entry took (the floor sends as many)."""
    run = Run()
    sent: dict[tuple[int, str], int] = {}

    def say(n: int, text: str = "", payload: str | None = None) -> list[Reply]:
        msg = Incoming(channel="bench", chat_id=f"u{n}", user_id=f"u{n}", text=text, payload=payload)
        t0 = time.perf_counter()
        out = core.handle(msg)
        run.latencies.append(time.perf_counter() - t0)
        return out

    def enter(n: int, code: str) -> None:
        say(n, f"/nhap {code}")
        out = say(n, entries[code])
        count = 2
        if button(out, "Nhập lại") is not None:  # a far-off value: confirmed with a comment
            out, count = say(n, "Số liệu thử của benchmark"), 3
        ok = button(out, "Xác nhận")
        if ok is None:
            say(n, "/huy")
            run.failed += 1
        else:
            out = say(n, payload=ok)
            say(n, "bỏ qua")
            run.failed += not any("Đã lưu" in r.text for r in out)
        sent[n, code] = count + 2

    with Statements(core.db.engine) as counted:
        concurrently(run, units, codes, enter)
    run.statements = counted.count
    return run, sent


def run_floor(url: str, round_id: int, unit_ids: list[int], codes: list[str], steps: dict[str, int],
              values: dict[str, dict[str, float]]) -> Run:
    """The floor: the same messages' locks and writes in plain SQL on an engine of its own (the project's
    settings: SQLite ``BEGIN IMMEDIATE``), one transaction per message, the save in the last but one."""
    engine = make_engine(url)
    insert = (postgresql if engine.dialect.name == "postgresql" else sqlite).insert
    conv, slot_t, version_t, input_t = (cast(Table, m.__table__) for m in (Conversation, RoundValue, ValueVersion,
                                                                          ValueInput))
    run = Run()

    def message(n: int, code: str, step: int, save: bool) -> None:
        who = (conv.c.channel == "floor") & (conv.c.chat_id == f"f{n}") & (conv.c.user_id == f"f{n}")
        lock = select(conv.c.id, conv.c.data).where(who).with_for_update()
        now = datetime.now(UTC)
        t0 = time.perf_counter()
        with engine.begin() as db:
            row = db.execute(lock).first()
            if row is None:
                db.execute(insert(conv).values(channel="floor", chat_id=f"f{n}", user_id=f"f{n}", state="idle",
                                               data={}, updated_at=now).on_conflict_do_nothing())
                row = db.execute(lock).one()
            if save:
                unit = unit_ids[n]
                slot = db.execute(insert(slot_t).values(round_id=round_id, indicator=code, unit_id=unit, version=0,
                                                        state="empty", late=False, updated_at=now)
                                  .on_conflict_do_update(index_elements=["round_id", "indicator", "unit_id"],
                                                         set_={"version": slot_t.c.version})
                                  .returning(slot_t.c.id, slot_t.c.version)).one()
                version = db.execute(version_t.insert().values(
                    value_id=slot.id, number=slot.version + 1, inputs=values[code], channel="floor",
                    message="", note="", on_behalf=False, late=False, state="submitted", comment="",
                    created_at=now).returning(version_t.c.id)).scalar_one()
                db.execute(input_t.insert(), [{"version_id": version, "name": k, "number": v,
                                                            "answer": None} for k, v in values[code].items()])
                db.execute(update(slot_t).where(slot_t.c.id == slot.id).values(
                    version=slot.version + 1, latest_id=version, state="submitted", updated_at=now))
            data = {"plan": PLAN, "flow": {"code": code, "step": step, "values": values[code]}}
            db.execute(update(conv).where(conv.c.id == row.id).values(state=f"collect:{step}", data=data,
                                                                     updated_at=now))
        run.latencies.append(time.perf_counter() - t0)

    def enter(n: int, code: str) -> None:
        count = steps[code]
        for step in range(count):
            message(n, code, step, save=step == count - 2)

    with Statements(engine) as counted:
        concurrently(run, len(unit_ids), codes, enter)
    run.statements = counted.count
    engine.dispose()
    return run


def numbers(entry: str) -> dict[str, float]:
    """The typed entry's inputs as the floor stores them (numbers; a choice's key stored as 1)."""
    pairs = (p.split("=", 1) for p in entry.split("; "))
    out = {}
    for k, v in pairs:
        try:
            out[k] = float(v)
        except ValueError:
            out[k] = 1.0
    return out


def measure(url: str, units: int, indicators: int) -> tuple[Run, Run, Run]:
    """The floor, the project's run, the floor again (each floor on a round of its own in the same database):
    the machine's load drifting during a run weighs on both sides alike."""
    settings = Settings()
    settings.database.url = url
    settings.bot.plan = PLAN
    core = build_core(settings)
    entries, codes, steps = prepare(core, units, indicators)
    with core.db.session() as s:
        floors = [rounds.open_round(s, core.kb, FLOOR_PLAN, p, due=date(2099, 12, 31)).id for p in ("2024", "2025")]
        group = s.scalars(select(Unit.id).where(Unit.plan_id == PLAN, Unit.name == GROUP)).one()
        members = list(s.scalars(select(Unit.id).where(Unit.parent_id == group).order_by(Unit.name)))[:units]
    values = {c: numbers(entries[c]) for c in codes}
    before = run_floor(url, floors[0], members, codes, steps, values)
    project, sent = run_project(core, entries, codes, units)
    core.db.dispose()
    if any(count != steps[code] for (_, code), count in sent.items()):
        print("(the project's entries took other numbers of messages than foreseen)", file=sys.stderr)
    after = run_floor(url, floors[1], members, codes, steps, values)
    return project, before, after


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--postgres", help="PostgreSQL server URL (a fresh database is created and dropped)")
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL (with --postgres)")
    parser.add_argument("--json", action="store_true", help="one JSON line on stdout (the table on stderr)")
    args = parser.parse_args()
    out = sys.stderr if args.json else sys.stdout
    print(f"{args.units} units × {args.indicators} indicators entered through the core; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=out)
    print(f"{'database':<12} {'run':<8} {'messages':>9} {'msg/s':>8} {'p50':>10} {'p99':>10} {'stmt/msg':>9} "
          f"{'cpu/msg':>10} {'not saved':>10}", file=out)
    figures: dict[str, Any] = {}
    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        targets = [] if args.no_sqlite else [("sqlite", f"sqlite:///{Path(tmp) / 'bench.db'}")]
        if args.postgres:
            targets.append(("postgresql", stack.enter_context(scratch_database(args.postgres))))
        for name, url in targets:
            project, before, after = measure(url, args.units, args.indicators)
            floor = before.then(after)
            for what, run in (("floor 1", before), ("project", project), ("floor 2", after), ("floor", floor)):
                print(f"{name:<12} {what:<8} {len(run.latencies):>9} {run.rate:>8.1f} {run.ms(0.5):>7.1f} ms "
                      f"{run.ms(0.99):>7.1f} ms {run.statements / len(run.latencies):>9.2f} "
                      f"{1000 * run.cpu / len(run.latencies):>7.2f} ms {run.failed:>10}",
                      file=out, flush=True)
            print(f"{'':<12} project at {project.rate / floor.rate:.0%} of the floor's msg/s (the two floor runs as "
                  f"one); load average "
                  f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=out, flush=True)
            figures = {"messages": len(project.latencies), "msgs_per_s": round(project.rate, 1),
                       "p99_ms": round(project.ms(0.99), 1),
                       "statements_per_message": round(project.statements / len(project.latencies), 2),
                       "floor_msgs_per_s": round(floor.rate, 1)}
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
