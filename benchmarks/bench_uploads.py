"""Benchmark: the crafted uploads of issue 15 through the core, on a SQLite file database.

For each file: the time from the message to the answer, the peak memory of the process, and the latency of
another user's /help sent over and over from a second thread while the upload is handled (the channels run
turns in threads, ``asyncio.to_thread``; before the fix the upload's turn held SQLite's write lock while it read
the file, and /help waited up to 30 s and got the apology). Each file runs in a fresh process, so that its peak
memory is its own: ``ru_maxrss`` of ``getrusage`` (the process's resident high-water mark, which includes the
knowledge base and the core: the figure before the upload is printed beside it). The idle /help latency, measured
in the same process just before, is the anchor. The other user sends /help every 50 ms.

Files (built by ``tests/crafted_xlsx.py``, kept in ``--keep DIR`` if given):
  identical  a form with 1 000 000 identical rows (about 0.4 MB)
  strings    a form with a 300 MB shared-strings part (about 0.7 MB)
  many       a form with 3 000 000 rows (about 0.2 MB)
  rows       a form with 60 000 numbered rows (7.5 MB unzipped: refused while its rows are streamed)
  limit      a real form at exactly the 5 MB limit: 300 filled rows and a picture
  widest     the largest sheet the limits let through: 1 997 rows of 12 cells of random text (4.6 MB)

    python benchmarks/bench_uploads.py [--cases identical strings many rows limit widest] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import crafted_xlsx as crafted  # noqa: E402

PLAN = "gia-lai-2023"
UNIT = "Sở Tài chính"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CASES = ("identical", "strings", "many", "rows", "limit", "widest")


def build(case: str, path: Path) -> Path:
    from bot.reports.forms import FORM_LIMITS

    if case == "identical":
        return crafted.identical_rows(path, 1_000_000)
    if case == "strings":
        return crafted.huge_shared_strings(path, 300)
    if case == "many":
        return crafted.bare_rows(path, 3_000_000)
    if case == "rows":
        return crafted.numbered_rows(path, 60_000)
    if case == "limit":
        rows = [crafted.value_row("6.22", "1.200", 3), crafted.value_row("6.22", 5, 4)]
        rows += [crafted.value_row(f"90.{n}", n, n + 4) for n in range(1, 299)]
        sheet = b"".join(crafted.sheet_xml(rows))
        return crafted.padded_form(path, FORM_LIMITS.file_bytes, parts={crafted.SHEET_PART: sheet})
    if case == "widest":
        return crafted.wide_rows(path, 1997, 12, 260)
    raise ValueError(case)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(case: str, path: Path, workdir: Path) -> dict[str, object]:
    """One upload in this process, with another user's /help running meanwhile."""
    from bot.assembly import build_core
    from bot.config import Settings
    from bot.core.messages import FileRef, Incoming
    from bot.services import rounds
    from knowledge.store import load_knowledge
    from tests.flowkit import register_official

    settings = Settings()
    settings.database.url = f"sqlite:///{workdir / 'bench.db'}"
    settings.files.folder = str(workdir / "files")
    settings.bot.plan = PLAN
    core = build_core(settings)
    with core.db.session() as s:
        rounds.open_round(s, load_knowledge(), PLAN, "2024", due=date.today() + timedelta(days=30))
    register_official(core, PLAN, UNIT, "u1")

    def help_once() -> tuple[float, float]:
        started = time.perf_counter()
        core.handle(Incoming("bench", "u2", "u2", text="/help"))
        return started, time.perf_counter()

    idle = [end - start for start, end in (help_once() for _ in range(30))]
    before = rss_mb()
    calls: list[tuple[float, float]] = []
    done = threading.Event()

    def other_user() -> None:  # a user typing very fast: a /help every 50 ms
        while not done.wait(0.05):
            calls.append(help_once())

    helper = threading.Thread(target=other_user)
    helper.start()
    time.sleep(0.3)
    upload = Incoming("test", "u1", "u1", file=FileRef(path.name, str(path), XLSX, path.stat().st_size))
    start = time.perf_counter()
    replies = core.handle(upload)
    end = time.perf_counter()
    done.set()
    helper.join()
    during = [e - s for s, e in calls if e > start and s < end]
    core.db.dispose()
    first = replies[0].text.splitlines() if replies else [""]
    return {
        "case": case, "file_bytes": path.stat().st_size, "seconds": round(end - start, 3),
        "peak_rss_mb": round(rss_mb(), 1), "rss_before_mb": round(before, 1),
        "help_idle_p50_ms": round(statistics.median(idle) * 1000, 1),
        "help_during_count": len(during),
        "help_during_p50_ms": round(statistics.median(during) * 1000, 1) if during else None,
        "help_during_max_ms": round(max(during) * 1000, 1) if during else None,
        "answer": " / ".join(first[:2])[:160], "attachments": len(replies[0].files) if replies else 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument("--keep", type=Path, help="folder to keep the crafted files in")
    parser.add_argument("--child", nargs=3, metavar=("CASE", "FILE", "WORKDIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        case, file, workdir = args.child
        print(json.dumps(child(case, Path(file), Path(workdir)), ensure_ascii=False))
        return 0
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for case in args.cases:
            made = time.perf_counter()
            path = build(case, folder / f"{case}.xlsx")
            print(f"built {path.name}: {path.stat().st_size:,} bytes in {time.perf_counter() - made:.1f} s",
                  file=sys.stderr)
            workdir = Path(tempfile.mkdtemp(dir=tmp))
            run = subprocess.run([sys.executable, __file__, "--child", case, str(path), str(workdir)],
                                 capture_output=True, text=True, check=True, cwd=ROOT)
            results.append(json.loads(run.stdout.strip().splitlines()[-1]))
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    print(f"{'case':<10} {'file':>10} {'answer s':>9} {'peak MB':>8} {'before':>7} {'/help idle':>11} "
          f"{'/help during p50/max (n)':>26}  answer")
    for r in results:
        during = (f"{r['help_during_p50_ms']}/{r['help_during_max_ms']} ms ({r['help_during_count']})"
                  if r["help_during_count"] else "— (0)")
        print(f"{r['case']:<10} {r['file_bytes']:>10,} {r['seconds']:>9} {r['peak_rss_mb']:>8} "
              f"{r['rss_before_mb']:>7} {str(r['help_idle_p50_ms']) + ' ms':>11} {during:>26}  {r['answer'][:70]}")
    print(f"load average {' '.join(load)}; {os.cpu_count()} CPUs")
    print(json.dumps({"benchmark": "uploads", "load": load, "results": results}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
