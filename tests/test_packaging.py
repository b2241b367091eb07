"""`pip install .` (not only an editable install) must give a working bot: data, templates and migrations are
package data. Checked on the wheel pip builds from this checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_carries_data_templates_and_migrations(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
         str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("dti_bot-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "knowledge" / "data").rglob("*.json"):
        assert path.relative_to(ROOT).as_posix() in names
    for path in (ROOT / "bot" / "templates").glob("*.j2"):
        assert path.relative_to(ROOT).as_posix() in names
    for path in (ROOT / "bot" / "db" / "migrations").rglob("*.py"):
        assert path.relative_to(ROOT).as_posix() in names
    assert "bot/db/migrations/script.py.mako" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "dti-bot = bot.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_fresh_clone_carries_sources_and_question_set() -> None:
    """The knowledge base is rebuilt, checked and benchmarked from files in the repository, not from ../shared."""
    from bot.cli.bench_search import DEFAULT_QUESTIONS
    from knowledge import build

    assert build.DEFAULT_SEEDS == ROOT / "knowledge" / "sources"
    readme = (build.DEFAULT_SEEDS / "README.md").read_text(encoding="utf-8")
    seeds = sorted(p.name for p in build.DEFAULT_SEEDS.glob("*.txt"))
    assert [name[:3] for name in seeds] == ["000", "001", "002", "003", "004"]
    assert all(name in readme for name in seeds)
    assert DEFAULT_QUESTIONS == ROOT / "tests" / "data" / "eval_questions.tsv"
    assert DEFAULT_QUESTIONS.read_text(encoding="utf-8").startswith("plan\tquestion\tkind\texpected")
    assert build.main(["--check"]) == 0
