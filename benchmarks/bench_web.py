"""The web dashboard on PostgreSQL with 10 000 member units: server time and weight of the round page, the
indicator page with 1 000+ parts, and requests per second of ``/`` served by 4 ``dti-bot web`` processes under
load from another process on 127.0.0.1 (``wrk`` when installed, else a Python client), each figure beside an
anchor measured in the same run (a static file served by the same application and processes).

    python benchmarks/bench_web.py [--units 10000] [--plan kon-tum-2024] [--runs 30] [--processes 4]
        [--seconds 10] [--url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

Targets (issue 19): round page p95 ≤ 300 ms and ≤ 200 KB with paging; indicator page with 1 000 parts ≤ 300 ms.
The data are ``bench_round_status``'s (every owed part entered, a tenth with two versions). A JSON line closes
the output.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_round_status import seed
from pg import scratch_database
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.config import Settings
from bot.core.services import make_services
from bot.db.models import Identity, Membership, Official, RoundValue, Unit
from bot.db.session import Database
from bot.services import web_login
from bot.web import review
from bot.web.app import create_app

FOCAL_UNIT = "Sở Thông tin và Truyền thông"


def focal_session(db: Database, plan: str) -> str:
    """A focal point of the plan, logged in: the session cookie's value."""
    now = datetime.now(UTC)
    with db.session() as s:
        unit = s.scalar(select(Unit.id).where(Unit.plan_id == plan, Unit.name == FOCAL_UNIT)) or s.scalar(
            select(Unit.id).where(Unit.plan_id == plan, Unit.parent_id.is_(None)).limit(1))
        person = Official(name="Đầu mối đo")
        s.add(person)
        s.flush()
        s.add(Identity(official_id=person.id, channel="bench", user_id="focal", chat_id="focal"))
        s.add(Membership(official_id=person.id, unit_id=unit, role="focal"))
        token = web_login.create_link_token(s, channel="bench", user_id="focal", plan_id=plan, now=now)
        user = web_login.redeem(s, token, now=now)
        assert user is not None
        return user.session_id


def timed(get: Callable[[], Any], runs: int) -> tuple[list[float], int]:
    get()  # warm: the process's caches (round status, who owes what) as a running server has them
    times, size = [], 0
    for _ in range(runs):
        began = time.perf_counter()
        r = get()
        times.append(time.perf_counter() - began)
        assert r.status_code == 200, r.status_code
        size = len(r.content)
    return times, size


def p95(times: list[float]) -> float:
    return sorted(times)[max(0, math.ceil(0.95 * len(times)) - 1)]


def shown(name: str, times: list[float], size: int) -> dict[str, float]:
    print(f"{name}: median {statistics.median(times) * 1000:.1f} ms, p95 {p95(times) * 1000:.1f} ms, "
          f"{size / 1024:.1f} KB")
    return {"median_ms": round(statistics.median(times) * 1000, 1), "p95_ms": round(p95(times) * 1000, 1),
            "kb": round(size / 1024, 1)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(url: str, plan: str, folder: str, port: int, processes: int) -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "DTI_DATABASE_URL": url, "DTI_BOT_PLAN": plan, "DTI_FILES_FOLDER": folder,
           "DTI_WEB_LISTEN": "127.0.0.1", "DTI_BOT_LOG_LEVEL": "WARNING"}
    exe = shutil.which("dti-bot", path=str(Path(sys.executable).parent)) or "dti-bot"
    return [subprocess.Popen([exe, "web", "--port", str(port)], env=env, stderr=subprocess.DEVNULL)
            for _ in range(processes)]


def wait_ready(base: str, cookie: str, processes: int) -> None:
    """Every process answered ``/`` once (each warms its own caches), within a deadline."""
    import httpx

    deadline = time.monotonic() + 180
    ok = 0
    while time.monotonic() < deadline and ok < processes * 4:
        try:
            r = httpx.get(base + "/", cookies={"dti_session": cookie}, timeout=60)
            ok += r.status_code == 200
        except httpx.HTTPError:
            time.sleep(0.2)
    if ok < processes * 4:
        raise SystemExit("the web processes did not start in time")


def load(base: str, path: str, cookie: str, seconds: int) -> tuple[float, str]:
    """Requests per second of ``path`` from a separate process: wrk (2 threads, 16 connections), else Python."""
    wrk = shutil.which("wrk")
    if wrk:
        out = subprocess.run([wrk, "-t2", "-c16", f"-d{seconds}s", "-H", f"Cookie: dti_session={cookie}",
                              base + path], capture_output=True, text=True, check=True).stdout
        found = re.search(r"Requests/sec:\s+([\d.]+)", out)
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        if errors:
            raise SystemExit(f"wrk saw {errors.group(1)} failed responses on {path}")
        assert found, out
        return float(found.group(1)), "wrk -t2 -c16"
    code = ("import httpx,sys,time,concurrent.futures as f\n"
            "b,p,c,s=sys.argv[1],sys.argv[2],sys.argv[3],float(sys.argv[4])\n"
            "def w():\n n=0;e=time.monotonic()+s\n with httpx.Client(cookies={'dti_session':c}) as h:\n"
            "  while time.monotonic()<e:\n   assert h.get(b+p).status_code==200;n+=1\n return n\n"
            "with f.ThreadPoolExecutor(8) as x: print(sum(x.map(lambda _: w(), range(8)))/s)\n")
    out = subprocess.run([sys.executable, "-c", code, base, path, cookie, str(seconds)], capture_output=True,
                         text=True, check=True).stdout
    return float(out.strip()), "python httpx, 8 threads"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--plan", default="kon-tum-2024")
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    result: dict[str, Any] = {"units": args.units}
    with scratch_database(args.url) as url, tempfile.TemporaryDirectory() as folder:
        db = Database(url)
        try:
            db.upgrade()
            settings = Settings()
            settings.database.url, settings.bot.plan, settings.files.folder = url, args.plan, folder
            services = make_services(settings)
            began = time.perf_counter()
            round_id, parts = seed(db, services.kb, args.plan, args.units, random.Random(7))
            print(f"seeded {args.units} member units, {parts} parts in {time.perf_counter() - began:.1f} s")
            cookie = focal_session(db, args.plan)
            with db.session() as s:
                code, most = s.execute(select(RoundValue.indicator, func.count()).where(
                    RoundValue.round_id == round_id).group_by(RoundValue.indicator)
                    .order_by(func.count().desc()).limit(1)).one()
            client = TestClient(create_app(settings, services, db))
            client.cookies.set("dti_session", cookie)
            runs = args.runs
            anchor = shown("anchor: a static file from the same application", *timed(
                lambda: client.get("/static/favicon.svg"), runs))
            first = shown("round page 1 (25 units × every indicator)", *timed(lambda: client.get("/"), runs))
            last = shown("round page 200, state filter", *timed(
                lambda: client.get("/", params={"page": "200", "state": "submitted"}), runs))
            named = shown("round page, unit name filter", *timed(
                lambda: client.get("/", params={"unit": "thành viên 12"}), runs))
            paged = shown(f"indicator {code} ({most} parts), one page of {review.PAGE_PARTS}", *timed(
                lambda: client.get(f"/i/{code}"), runs))
            review.PAGE_PARTS = 1000
            whole = shown(f"indicator {code}: 1 000 parts on one page", *timed(
                lambda: client.get(f"/i/{code}"), max(5, runs // 3)))
            result.update(anchor=anchor, round_first=first, round_last=last, round_named=named,
                          indicator_paged=paged, indicator_1000=whole, indicator_parts=most)
            print("targets: round page p95 ≤ 300 ms and ≤ 200 KB; indicator with 1 000 parts ≤ 300 ms")

            port = free_port()
            base = f"http://127.0.0.1:{port}"
            procs = serve(url, args.plan, folder, port, args.processes)
            try:
                wait_ready(base, cookie, args.processes)
                static_rps, tool = load(base, "/static/favicon.svg", cookie, args.seconds)
                home_rps, _ = load(base, "/", cookie, args.seconds)
            finally:
                for p in procs:
                    p.terminate()
                for p in procs:
                    p.wait(timeout=30)
            print(f"{args.processes} processes, load from {tool}: / {home_rps:.0f} requests/s; anchor (static "
                  f"file, same processes) {static_rps:.0f} requests/s")
            result.update(processes=args.processes, rps_home=round(home_rps, 1), rps_anchor=round(static_rps, 1),
                          load_tool=tool)
            loadavg = " ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"load average while measuring: {loadavg} on {os.cpu_count()} CPUs")
            result["loadavg"] = loadavg
            print(json.dumps({"bench": "web", **result}, ensure_ascii=False))
        finally:
            db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
