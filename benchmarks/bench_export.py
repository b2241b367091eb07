"""The round's Excel export (``dti-bot export``) on a round of 10 000 member units, as a whole process: wall time
and peak RSS, beside the anchor — the same process without the export (the same imports, the knowledge base, the
database opened and the round found, nothing written).

    python benchmarks/bench_export.py [--units 10000] [--plan kon-tum-2024] [--runs 3] [--keep] [--json]
        [--url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

The round is seeded as in ``bench_round_status.py`` in a scratch database (dropped at the end unless ``--keep``).
Each process is measured by the operating system (GNU time: wall time and peak resident set), medians of
``--runs``. Target (issue 20): peak RSS ≤ 150 MB. ``--json`` adds one line ``{"parts", "export_s", "export_mb",
"anchor_s", "anchor_mb"}``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pg import scratch_database

from benchmarks.bench_round_status import seed
from bot.db.session import Database
from knowledge.store import load_knowledge

# The anchor: what ``dti-bot export`` does before the report (imports, knowledge, database, round), no report.
ANCHOR = """
import sys
from zoneinfo import ZoneInfo
from bot.cli import build_parser
from bot.cli.common import open_database
from bot.cli.round import find_round
from bot.config import load_settings
from bot.services.reports import report
from knowledge.store import load_knowledge
args = build_parser(sys.argv[1:]).parse_args(sys.argv[1:])
settings = load_settings(None)
kb = load_knowledge()
db = open_database(settings)
with db.session() as session:
    info = find_round(args, session)
db.dispose()
"""
# The export as it was before issue 20 (``former_export.py``), in the same process as the anchor's.
FORMER = ANCHOR.replace("db.dispose()", """    from pathlib import Path
    from benchmarks.former_export import former_report
    Path(sys.argv[-1]).write_bytes(former_report(session, kb, info, ZoneInfo(settings.bot.timezone)))
db.dispose()""")


def measure(command: list[str], env: dict[str, str], folder: str) -> tuple[float, float]:
    """Wall seconds and peak resident set (MB) of one run of ``command``, as GNU time reads them from the
    operating system. Not ``wait4`` from here: a child's peak starts at its parent's size when it is started, and
    this process holds the seeded round."""
    report = Path(folder) / "time.txt"
    done = subprocess.run(["/usr/bin/time", "-o", str(report), "-f", "%e %M", *command], env=env, check=False,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:5])} failed: {done.stderr[-2000:]}")
    wall, kib = report.read_text().split()[-2:]
    return float(wall), int(kib) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--plan", default="kon-tum-2024")
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database (its name is printed)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--former", action="store_true",
                        help="also time the former export (all versions loaded and sorted in Python)")
    args = parser.parse_args()
    env_path = {"PYTHONPATH": str(Path(__file__).resolve().parents[1])}  # benchmarks.former_export for --former
    with scratch_database(args.url, keep=args.keep) as url, tempfile.TemporaryDirectory() as folder:
        db = Database(url)
        db.upgrade()
        try:
            _, parts = seed(db, load_knowledge(), args.plan, args.units, random.Random(7))
        finally:
            db.dispose()
        env = {**os.environ, **env_path, "DTI_DATABASE_URL": url, "DTI_FILES_FOLDER": folder}
        words = ["export", "--plan", args.plan, "--xlsx", str(Path(folder) / "bao-cao.xlsx")]
        export, anchor, before = [], [], []
        for _ in range(args.runs):  # in turn, so that a change in the machine's load falls on each
            export.append(measure([sys.executable, "-m", "bot.cli", *words], env, folder))
            anchor.append(measure([sys.executable, "-c", ANCHOR, *words], env, folder))
            if args.former:
                before.append(measure([sys.executable, "-c", FORMER, *words], env, folder))
        size = (Path(folder) / "bao-cao.xlsx").stat().st_size
    e_s, e_mb = (statistics.median(x) for x in zip(*export, strict=True))
    a_s, a_mb = (statistics.median(x) for x in zip(*anchor, strict=True))
    print(f"export of {args.units} units' round ({parts} parts, {size // 1024} KB): median wall {e_s:.2f} s, "
          f"peak RSS {e_mb:.0f} MB (target ≤ 150 MB)")
    print(f"anchor, the same process without the export: median wall {a_s:.2f} s, peak RSS {a_mb:.0f} MB")
    if before:
        b_s, b_mb = (statistics.median(x) for x in zip(*before, strict=True))
        print(f"the former export (loaded, then sorted): median wall {b_s:.2f} s, peak RSS {b_mb:.0f} MB "
              f"(this one takes {e_s / b_s:.2f}× its time)")
    print(f"export's own share: {e_s - a_s:.2f} s, {e_mb - a_mb:.0f} MB; runs {args.runs} each, in turn")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    if args.json:
        print(json.dumps({"parts": parts, "export_s": round(e_s, 3), "export_mb": round(e_mb, 1),
                          "anchor_s": round(a_s, 3), "anchor_mb": round(a_mb, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
