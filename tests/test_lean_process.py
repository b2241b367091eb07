"""Issue 20 item 6: a bot process holds what it uses. Started on a database already migrated, with every plan
asked about (search index and rule book built), it has not loaded Alembic (nor Mako and Pygments with it),
openpyxl, numpy, matplotlib, the holiday calendars, http, nor a channel's or the web page's libraries: each comes
when its work does (a migration, a form, a chart, a reminder, a workbook, a channel or the page started). Checked
on ``sys.modules`` of a fresh process: deterministic, unlike a memory figure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.db.session import Database, newest_migration

# http: with urllib.request, what xml.sax.saxutils brought to every bot for the workbook writer's sheet names
LATER = ("alembic", "mako", "pygments", "openpyxl", "numpy", "matplotlib", "holidays", "telegram", "http",
         # a channel's (httpx: Zalo's client and Telegram's; apscheduler: Telegram's job queue) and the web page's
         "httpx", "apscheduler", "tornado", "starlette", "uvicorn")
# our own modules (and the standard library's they bring) that one command needs, imported when it runs: the form
# workbooks with the XML parser (/mau), the periodic report's .docx, the package (/hoso), the web link, "Nhắc
# ngay", the wording comparison of a full record (issue 20: 1.1 MiB of a bot process); a round's scores with the
# what-if engine, its progress, the asker's own round (/diem, /tiendo and their questions: 0.3 MiB more)
WHEN_ASKED = ("bot.reports", "knowledge.importers", "xml", "pyexpat", "bot.services.periodic",
              "bot.services.package", "bot.services.web_login", "bot.services.remind", "difflib",
              "bot.services.scores", "bot.services.status", "bot.services.progress", "bot.services.personal",
              "bot.services.history", "scoring.whatif")

_BOT = """
import json, sys
from bot.assembly import build_core
from bot.config import Settings
from bot.services.duties import plan_book
settings = Settings()
settings.database.url, settings.files.folder = sys.argv[1], sys.argv[2]
core = build_core(settings)
for plan in core.services.kb.plans:
    assert core.services.searcher.ask(plan, "chỉ số 1.1 tính điểm thế nào").matches
    core.services.searcher.ask(plan, "tỷ lệ hồ sơ được giải quyết trực tuyến")  # a topic: the index is built
    assert "index" in vars(core.services.searcher.for_plan(plan))
    plan_book(core.services.kb, plan)
core.db.dispose()
print(json.dumps(sorted(sys.modules)))
"""


def _loaded(url: str, folder: Path) -> set[str]:
    done = subprocess.run([sys.executable, "-c", _BOT, url, str(folder)], capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def _packages(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_a_bot_process_loads_only_what_it_uses(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    first = _loaded(url, tmp_path)  # migrates the new database: Alembic is needed this once
    assert "alembic" in _packages(first)
    again = _loaded(url, tmp_path)
    assert _packages(again).isdisjoint(LATER), sorted(_packages(again) & set(LATER))
    # the probe sees what a bot does load (rapidfuzz is not among them: it comes with the first word repaired or
    # unit name compared, which these questions never need)
    assert {"sqlalchemy", "jinja2"} <= _packages(again)
    early = sorted(m for m in again if m in WHEN_ASKED or m.startswith(tuple(f"{p}." for p in WHEN_ASKED)))
    assert not early, early
    # only its own database's dialect: SQLAlchemy's PostgreSQL package brings every PostgreSQL driver's dialect
    assert "sqlalchemy.dialects.sqlite" in again
    assert not {m for m in again if m.startswith("sqlalchemy.dialects.postgresql")}


def test_newest_migration_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    from bot.db.session import alembic_config

    assert newest_migration() == ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


@pytest.mark.parametrize("found", ["0001", "9999", None])
def test_a_database_not_at_the_newest_migration_is_upgraded_by_alembic(tmp_path: Path, found: str | None) -> None:
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}")
    try:
        assert not db.at_head()  # no table yet
        db.upgrade()
        assert db.at_head()
        with db.engine.begin() as conn:
            if found is None:
                conn.execute(text("DELETE FROM alembic_version"))
            else:
                conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": found})
        assert not db.at_head()
    finally:
        db.dispose()
