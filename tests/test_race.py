"""Several bot processes on one database, all at once: one turn per conversation at a time means no update is
lost (a counter incremented by every process ends at the sum) and nobody gets an apology (two first messages of a
new user do not collide). On SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.db.models import Conversation
from bot.db.session import Database

WORKERS = 4
ROUNDS = 30
ROOT = Path(__file__).resolve().parents[1]
# The tests that start several bot processes at once (each group of them saturates both cores) run one after the
# other on one xdist worker, first in the run (tests/conftest.py), rather than two storms at once.
PROCESSES = "bot-processes"


def run_workers(argvs: list[list[str]], timeout: float = 300) -> list[dict[str, Any]]:
    """Start one ``race_worker.py`` process per argument list, let them all go at the same moment (each says
    ``ready`` once its core is built), and return the JSON line each printed last."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, str(ROOT / "tests" / "race_worker.py"), *argv], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for argv in argvs]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready", proc.communicate()[1][-2000:]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=timeout)
        assert proc.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


@pytest.mark.xdist_group(PROCESSES)
def test_processes_hammering_the_same_users_lose_nothing(database_url: str) -> None:
    Database(database_url).upgrade()
    results = run_workers([["hammer", database_url, str(ROUNDS)]] * WORKERS)
    assert [r["apologies"] for r in results] == [0] * WORKERS
    db = Database(database_url)
    with db.session() as s:
        rows = {(c.user_id): c for c in s.scalars(select(Conversation).where(Conversation.channel == "race"))}
    assert rows["shared"].data["count"] == WORKERS * ROUNDS  # every increment kept
    assert rows["shared"].data["plan"] in ("gia-lai-2023", "kon-tum-2024")
    assert {u: rows[u].data["count"] for u in rows if u != "shared"} == {f"new{i}": WORKERS for i in range(ROUNDS)}
    db.dispose()
