"""The memory of a bot process after loading every plan, beside the anchor ``python -c "import rapidfuzz"``.

    python benchmarks/bench_memory.py [--runs 3] [--json]

A bot process here is what ``dti-bot run`` holds before its first message and once every plan has been asked
about: the core built on a database already migrated (as on every start but the first after an update), the
knowledge base and the imported plans, every handler, and for each plan its search index and its rule book (a
question naming a code never builds the index, so each plan is also asked about a topic; before 2026-12-03 it was
not, and the figures of that time left the four indexes out).
The bot runs as ``scripts/run.sh`` starts it, ``PYTHONOPTIMIZE=2`` (no docstrings, no asserts); the same process
with docstrings kept (``PYTHONOPTIMIZE=0``) is measured in turn beside it, so what the setting saves is seen.
Each is a fresh process (its resident set read from /proc/self/status at the end, and its peak); medians of
``--runs``, the anchor measured in turn with them. Target (issue 20): ≤ 60 MiB. ``--json`` adds one line
``{"rss_mib", "peak_mib", "anchor_rss_mib", "docstrings_kept_rss_mib"}``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BOT = """
import json, sys
from bot.assembly import build_core
from bot.config import Settings
from bot.services.duties import plan_book
settings = Settings()
settings.database.url, settings.files.folder = sys.argv[1], sys.argv[2]
core = build_core(settings)
for plan in core.services.kb.plans:
    core.services.searcher.ask(plan, "chỉ số 1.1 tính điểm thế nào")
    core.services.searcher.ask(plan, "tỷ lệ hồ sơ được giải quyết trực tuyến")  # a topic: the index is built
    assert "index" in vars(core.services.searcher.for_plan(plan)), plan
    plan_book(core.services.kb, plan)
"""
ANCHOR = "import rapidfuzz\n"
REPORT = """
status = {k: int(v.split()[0]) / 1024 for k, v in (l.split(":", 1) for l in open("/proc/self/status"))
          if k in ("VmRSS", "VmHWM")}
print(json.dumps({"rss": status["VmRSS"], "peak": status["VmHWM"],
                  "heavy": sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[3].split(",")))}))
"""
HEAVY = "alembic,mako,pygments,openpyxl,numpy,matplotlib,holidays,telegram,starlette,uvicorn"


def run(code: str, url: str, folder: str, optimize: str = "0") -> dict[str, float | list[str]]:
    done = subprocess.run([sys.executable, "-c", "import json, sys\n" + code + REPORT, url, folder, HEAVY],
                          capture_output=True, text=True, check=True, cwd=ROOT,
                          env={**os.environ, "PYTHONOPTIMIZE": optimize})
    result: dict[str, float | list[str]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bot.db"
        subprocess.run([sys.executable, "-m", "bot.cli", "db", "upgrade"], env={**os.environ, "DTI_DATABASE_URL": url},
                       check=True, capture_output=True, cwd=ROOT)
        bots, kept, anchors = [], [], []
        for _ in range(args.runs):
            bots.append(run(BOT, url, folder, optimize="2"))  # as scripts/run.sh starts the bot
            kept.append(run(BOT, url, folder))
            anchors.append(run(ANCHOR, url, folder))
    rss = statistics.median(float(b["rss"]) for b in bots)  # type: ignore[arg-type]
    peak = statistics.median(float(b["peak"]) for b in bots)  # type: ignore[arg-type]
    kept_rss = statistics.median(float(b["rss"]) for b in kept)  # type: ignore[arg-type]
    anchor = statistics.median(float(a["rss"]) for a in anchors)  # type: ignore[arg-type]
    print(f"bot process after loading every plan, as scripts/run.sh starts it (PYTHONOPTIMIZE=2): RSS {rss:.1f} MiB "
          f"(peak {peak:.1f} MiB; target ≤ 60 MiB); heavy packages loaded: "
          f"{', '.join(bots[0]['heavy']) or 'none'}")  # type: ignore[arg-type]
    print(f"the same process with docstrings and asserts kept (PYTHONOPTIMIZE=0): RSS {kept_rss:.1f} MiB")
    print(f"anchor, python -c 'import rapidfuzz': RSS {anchor:.1f} MiB; ratio {rss / anchor:.1f}×")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    if args.json:
        print(json.dumps({"rss_mib": round(rss, 1), "peak_mib": round(peak, 1), "anchor_rss_mib": round(anchor, 1),
                          "docstrings_kept_rss_mib": round(kept_rss, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
