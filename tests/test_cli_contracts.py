"""The JSON of `ask` and `show` is a contract other tools read: field names and types are checked exactly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_ask_json_indicator(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "ask", "--json", "Chỉ số 3.3 tính điểm như thế nào?")
    assert isinstance(out, dict)
    assert out["intent"] == "method"
    assert out["matches"][0] == {"framework": "dti-tinh", "code": "3.3", "name": out["matches"][0]["name"],
                                 "score": 1.0}
    assert "3.3" in out["text"]


def test_ask_json_fuzzy_scores_are_ranked_and_bounded(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "ask", "--json", "kinh phi an toan thong tin")
    assert isinstance(out, dict)
    scores = [m["score"] for m in out["matches"]]
    assert scores and scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)
    assert set(out["matches"][0]) == {"framework", "code", "name", "score"}


def test_ask_json_unit(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "ask", "--json", "Sở Giáo dục và Đào tạo phụ trách chỉ số nào")
    assert isinstance(out, dict)
    assert out["intent"] == "unit_indicators"
    assert out["unit"] == {"name": "Sở Giáo dục và Đào tạo"}
    assert {i["role"] for i in out["indicators"]} <= {"lead", "coordinate"}
    assert any(i["role"] == "lead" for i in out["indicators"])


def test_ask_json_unit_lists_inputs_it_leads_apart(capsys: pytest.CaptureFixture[str]) -> None:
    """Gia Lai's 6.22 names no lead, its inputs b and c name Sở Tài chính: 6.22 is under ``inputs``, not led."""
    out = run_json(capsys, "ask", "--plan", "gia-lai-2023", "--json", "Sở Tài chính chủ trì những chỉ số nào")
    assert isinstance(out, dict)
    assert all(set(i) == {"code", "role"} for i in out["indicators"])
    assert "6.22" not in {i["code"] for i in out["indicators"] if i["role"] == "lead"}
    assert out["inputs"] == [{"code": "6.22", "letters": ["b", "c"]}]


def test_ask_json_unknown_has_no_matches(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "ask", "--json", "giá vàng hôm nay")
    assert isinstance(out, dict)
    assert out["intent"] == "unknown" and out["matches"] == []
    assert "Không tìm thấy" in out["text"]


def test_ask_other_plan(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "ask", "--plan", "nghia-phuong-2023", "--json", "chi so 1.1")
    assert isinstance(out, dict)
    assert out["matches"][0]["framework"] == "dti-xa"


def test_ask_unknown_plan_fails_clearly(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--plan", "khong-co", "x"]) == 2
    assert "Không có kế hoạch 'khong-co'" in capsys.readouterr().err


SHOW_FIELDS = {"framework", "code", "name", "max_points", "method", "variables", "lead", "coordinating",
               "deadline", "baseline", "target", "evidence", "history"}


def test_show_json_fields(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "show", "--json", "3.3")
    assert isinstance(out, dict)
    assert set(out) >= SHOW_FIELDS
    assert out["framework"] == "dti-tinh" and out["code"] == "3.3"
    assert isinstance(out["max_points"], (int, float))
    assert isinstance(out["variables"], dict) and out["variables"]
    assert all(isinstance(u, str) for u in out["lead"] + out["coordinating"])
    records = {h["record"] for h in out["history"]}
    assert {"dak-lak-2021", "gia-lai-2022"} <= records
    assert all(set(h) == {"record", "score", "max", "note"} for h in out["history"])


def test_show_unknown_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "9.99"]) == 1
    assert "Không có chỉ số '9.99'" in capsys.readouterr().err


def test_installed_entry_point_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "bot.cli", "show", "1.1"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "Chỉ số 1.1." in done.stdout


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path: Path) -> None:
    """``dti-bot ask … | head -1``: the pipe closes before the answer is written; the command ends quietly."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTI_")}
    env["DTI_DATABASE_URL"] = f"sqlite:///{tmp_path}/bot.db"
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "ask", "chỉ số 3.3"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=tmp_path, env=env)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before a word is written
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert "Traceback" not in errors and "BrokenPipe" not in errors, errors
