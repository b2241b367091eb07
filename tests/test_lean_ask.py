"""Issue 20 item 2: ``dti-bot ask`` answers through the search capability alone, so it must not load the database
layer, the migrations, the xlsx reader, numpy, the charts or a channel's stack. Checked on ``sys.modules`` of a
fresh process after the ask (deterministic, not a timing), for the database URLs a deployment uses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.config_checks import DATABASES, database_url_problem

HEAVY = ("sqlalchemy", "alembic", "openpyxl", "numpy", "matplotlib", "telegram", "starlette", "uvicorn")

_PROBE = """
import json, sys
from bot.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": sorted({m.split('.')[0] for m in sys.modules})}))
"""


def _ask_in_fresh_process(tmp_path: Path, url: str, *argv: str) -> tuple[int, set[str], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTI_")}
    env["DTI_DATABASE_URL"] = url
    env["DTI_FILES_FOLDER"] = str(tmp_path / "files")
    done = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=False,
                          cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    last = json.loads(done.stdout.strip().splitlines()[-1])
    return int(last["code"]), set(last["loaded"]), done.stdout


@pytest.mark.parametrize("url", [
    "sqlite:///dti-bot.db",
    "postgresql+psycopg://dti:secret@127.0.0.1:5432/dti?connect_timeout=3",
])
@pytest.mark.parametrize("argv", [
    ["ask", "Chỉ số 3.3 tính điểm như thế nào?"],
    ["ask", "--json", "Sở Giáo dục và Đào tạo phụ trách chỉ số nào"],
    ["ask", "--plan", "nghia-phuong-2023", "chi so 1.1"],
])
def test_ask_imports_none_of_the_heavy_packages(tmp_path: Path, url: str, argv: list[str]) -> None:
    code, loaded, out = _ask_in_fresh_process(tmp_path, url, *argv)
    assert code == 0
    assert "Chỉ số" in out or "chỉ số" in out  # it did answer
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    assert not (tmp_path / "dti-bot.db").exists()  # and touched no database


def test_the_probe_sees_heavy_imports(tmp_path: Path) -> None:
    """The check can fail: a command that opens the database does load SQLAlchemy."""
    code, loaded, _ = _ask_in_fresh_process(tmp_path, f"sqlite:///{tmp_path / 'x.db'}", "db", "upgrade")
    assert code == 0 and "sqlalchemy" in loaded and "alembic" in loaded


_URL_CHARS = st.sampled_from(list("sqlitepostgr+:/@?[]=&.%-_ 0123456789abcdefABCDEF\n:#"))
_URL_HEADS = st.sampled_from(["sqlite://", "sqlite+pysqlite://", "postgresql://", "postgresql+psycopg://",
                              "postgresql+x y://", "mysql://", "sqlite:", ""])


@given(head=_URL_HEADS, tail=st.text(_URL_CHARS, max_size=40))
def test_database_url_shortcut_agrees_with_sqlalchemy(head: str, tail: str) -> None:
    """The URL check accepts the usual URLs without SQLAlchemy: it must accept exactly what SQLAlchemy would."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    url = head + tail
    try:
        expected = make_url(url).get_backend_name() in DATABASES
    except (ArgumentError, ValueError):
        expected = False
    assert (database_url_problem(url) is None) == expected, url


def test_a_question_naming_a_code_reads_only_the_chat_forms() -> None:
    """The everyday table (2 000 forms) is read when a question needs it: a code question never does."""
    from knowledge.search.engine import Searcher
    from knowledge.search.thesaurus import load_thesaurus
    from knowledge.store import load_knowledge

    searcher = Searcher(load_knowledge())
    plan = searcher.for_plan("kon-tum-2024")
    plan.thesaurus = load_thesaurus()  # a fresh one, not the process's shared copy
    assert plan.ask("chi so 3.3").matches[0].code == "3.3"
    built = vars(plan.thesaurus)
    assert "_chat" in built and "_everyday" not in built and "_learned" not in built
    plan.ask("hộ có cáp quang")
    assert "_everyday" in vars(plan.thesaurus)


@pytest.mark.parametrize("argv", [["ask", "chi so 3.3"], ["ask", "--json", "--plan", "gia-lai-2023", "chỉ số 1.4"]])
def test_a_code_question_loads_no_fuzzy_matcher_and_no_toml_reader(tmp_path: Path, argv: list[str]) -> None:
    """A question naming a code compares no words (rapidfuzz is imported on the first comparison) and, with no
    configuration file, reads no TOML."""
    code, loaded, _ = _ask_in_fresh_process(tmp_path, "sqlite:///dti-bot.db", *argv)
    assert code == 0
    assert loaded.isdisjoint({"rapidfuzz", "tomllib"}), sorted(loaded & {"rapidfuzz", "tomllib"})


def test_lazy_patterns_are_the_patterns_they_name() -> None:
    import re

    from knowledge.lazy import lazy_compile, lazy_module

    source, flags = r"\bnăm (\d{4})\b", re.IGNORECASE
    lazy, real = lazy_compile(source, flags), re.compile(source, flags)
    assert lazy.pattern == real.pattern and "search" not in vars(lazy)  # ``pattern`` compiles nothing
    text = "Kết quả NĂM 2023, năm 2024"
    assert lazy.findall(text) == real.findall(text) == ["2023", "2024"]
    assert lazy.sub("#", text) == real.sub("#", text)
    assert (lazy.flags, lazy.groups, repr(lazy)) == (real.flags, real.groups, repr(real))
    assert lazy.search("x") is None
    assert lazy_module("json").dumps([1]) == "[1]"
