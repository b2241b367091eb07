"""The self-assessment package and the quarterly report of a 10 000-unit round on PostgreSQL.

    python benchmarks/bench_package.py [--units 10000] [--files 2000] [--kb 200] [--plan kon-tum-2024]
        [--url postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--json]

The round is seeded as in ``bench_round_status.py`` (a fresh database, dropped at the end); then ``--files``
evidence files of ``--kb`` KB each (random bytes, as scans are: nothing to compress) are put in a file store in a
temporary folder and linked to as many counted values. Measured, each in a fresh ``dti-bot`` process (its own
peak RSS, ``ru_maxrss``, beside the RSS it had after loading the knowledge base): ``dti-bot package`` (target
≤ 60 s, ≤ 300 MB) and ``dti-bot report --period 2024-Q4`` (target ≤ 5 s); the anchor, in the same run: the same
files zipped by plain ``zipfile`` in a fresh process (no database, no report). ``--json`` prints one line
``{"package_seconds", "package_peak_mb", "anchor_seconds", "anchor_peak_mb", "export_seconds", "export_peak_mb",
"report_seconds", "zip_mb"}`` (the export: ``dti-bot export`` of the same round, the workbook the package holds).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pg import scratch_database
from sqlalchemy import insert, select

from benchmarks.bench_round_status import seed
from bot.db.models import EvidenceFile, RoundValue
from bot.db.session import Database
from knowledge.store import load_knowledge

NOW = datetime(2024, 11, 1, tzinfo=UTC)
# a child process: run what it is given, then print its RSS after loading the knowledge base and its peak
CHILD = """
import json, sys, time
def status(key):  # MB; VmHWM is this program's own peak (ru_maxrss keeps the parent's across exec)
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) for l in fh if l.startswith(key + ":")) / 1024
def rss():
    return status("VmRSS")
mode, args = sys.argv[1], sys.argv[2:]
if mode == "anchor":
    import zipfile
    from pathlib import Path
    base = rss()
    began = time.perf_counter()
    with zipfile.ZipFile(args[0], "w", zipfile.ZIP_STORED, allowZip64=True) as zf:
        for n, path in enumerate(sorted(Path(args[1]).glob("*/*"))):
            zf.write(path, f"minh-chung/{n}.pdf")
    code = 0
else:
    from knowledge.store import load_knowledge
    load_knowledge()
    from bot.cli import main
    base = rss()
    began = time.perf_counter()
    code = main(args)
seconds = time.perf_counter() - began
peak = status("VmHWM")
print(json.dumps({"code": code, "seconds": seconds, "base_mb": base, "peak_mb": peak}), file=sys.stderr)
"""


def child(mode: str, args: list[str], env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", CHILD, mode, *args], env=env, capture_output=True, text=True,
                          check=False)
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "{}"
    found: dict[str, float] = json.loads(last) if last.startswith("{") else {}
    if found.get("code") != 0:
        raise SystemExit(f"{mode} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return found


def evidence(db: Database, round_id: int, folder: Path, files: int, size: int, rng: random.Random) -> int:
    """``files`` random files of ``size`` bytes in a file store under ``folder``, each linked to the latest
    version of a different counted value; returns the bytes written."""
    with db.session() as s:
        latest = [v for (v,) in s.execute(select(RoundValue.latest_id).where(RoundValue.round_id == round_id))]
    rows = []
    for n, version in enumerate(rng.sample(latest, files)):
        data = rng.randbytes(size)
        digest = hashlib.sha256(data).hexdigest()
        path = folder / digest[:2] / digest
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        rows.append({"version_id": version, "path": str(path), "sha256": digest, "name": f"bien-ban-{n}.pdf",
                     "mime": "application/pdf", "size": size, "official_id": None, "created_at": NOW})
    with db.engine.begin() as conn:
        conn.execute(insert(EvidenceFile), rows)
    return files * size


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--plan", default="kon-tum-2024")
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--kb", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3, help="runs of the report (the median is shown)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    load_before = os.getloadavg()
    with scratch_database(args.url) as url, tempfile.TemporaryDirectory(prefix="bench-package-") as tmp:
        db = Database(url)
        try:
            db.upgrade()
            kb = load_knowledge()
            began = time.perf_counter()
            round_id, parts = seed(db, kb, args.plan, args.units, random.Random(7))
            folder = Path(tmp) / "files"
            written = evidence(db, round_id, folder, args.files, args.kb * 1024, random.Random(8))
            print(f"seeded {args.units} member units, {parts} parts, {args.files} evidence files of {args.kb} KB "
                  f"({written / 2**20:.0f} MB) in {time.perf_counter() - began:.1f} s")
        finally:
            db.dispose()
        env = {**os.environ, "DTI_DATABASE_URL": url, "DTI_FILES_FOLDER": str(folder)}
        for variable in ("DTI_TELEGRAM_TOKEN", "DTI_ZALO_TOKEN", "DTI_CONFIG"):
            env.pop(variable, None)
        target = Path(tmp) / "ho-so.zip"
        package = child("cli", ["package", "--plan", args.plan, "--round", str(round_id), "--zip", str(target),
                                "--json"], env)
        zip_mb = target.stat().st_size / 2**20
        target.unlink()
        anchor = child("anchor", [str(Path(tmp) / "anchor.zip"), str(folder)], env)
        export = child("cli", ["export", "--round", str(round_id), "--xlsx", str(Path(tmp) / "so-lieu.xlsx")], env)
        reports = [child("cli", ["report", "--plan", args.plan, "--period", "2024-Q4", "--docx",
                                 str(Path(tmp) / "quy.docx"), "--json"], env) for _ in range(args.runs)]
        report = sorted(reports, key=lambda r: r["seconds"])[len(reports) // 2]
    load_after = os.getloadavg()
    print(f"package (dti-bot package, {parts} parts, {args.files} files): {package['seconds']:.1f} s, peak RSS "
          f"{package['peak_mb']:.0f} MB ({package['base_mb']:.0f} MB after loading the knowledge base), zip "
          f"{zip_mb:.0f} MB  — targets ≤ 60 s, ≤ 300 MB")
    print(f"anchor (plain zipfile of the same files, stored): {anchor['seconds']:.1f} s, peak RSS "
          f"{anchor['peak_mb']:.0f} MB ({anchor['base_mb']:.0f} MB at start)")
    print(f"the workbook alone (dti-bot export, which the package calls): {export['seconds']:.1f} s, peak RSS "
          f"{export['peak_mb']:.0f} MB")
    runs = ", ".join(f"{r['seconds']:.2f}" for r in reports)
    print(f"quarterly report (dti-bot report --period 2024-Q4, each run a fresh process, cache cold): median "
          f"{report['seconds']:.2f} s of {runs}, peak RSS "
          f"{report['peak_mb']:.0f} MB — target ≤ 5 s")
    print(f"load average before {' '.join(f'{x:.1f}' for x in load_before)}, after "
          f"{' '.join(f'{x:.1f}' for x in load_after)} on {os.cpu_count()} CPUs")
    if args.json:
        print(json.dumps({"package_seconds": round(package["seconds"], 2),
                          "package_peak_mb": round(package["peak_mb"]), "anchor_seconds": round(anchor["seconds"], 2),
                          "anchor_peak_mb": round(anchor["peak_mb"]), "export_seconds": round(export["seconds"], 2),
                          "export_peak_mb": round(export["peak_mb"]), "report_seconds": round(report["seconds"], 2),
                          "zip_mb": round(zip_mb)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
