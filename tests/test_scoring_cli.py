"""`dti-bot score`: the JSON contract, exit statuses, and the record check."""

from __future__ import annotations

import json

import pytest

from bot.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(["score", *argv])
    return status, capsys.readouterr().out


def test_score_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "--framework", "dti-tinh", "--json", "6.12", "a=1000", "b=200", "c=300")
    data = json.loads(out)
    assert status == 0
    assert {"framework", "code", "score", "max", "inputs", "ratio", "explanation"} <= set(data)
    assert data["framework"] == "dti-tinh" and data["code"] == "6.12"
    assert data["score"] == 12.5 and data["max"] == 20 and data["ratio"] == 0.5
    assert data["inputs"] == {"a": 1000, "b": 200, "c": 300}
    assert data["explanation"].endswith("= 12,5")


@pytest.mark.parametrize(
    "argv",
    [
        ("6.12", "a=0", "b=0", "c=0"),
        ("3.3", "a=1200", "b=1000"),
        ("3.3", "a=-1", "b=1000"),
        ("3.3", "a=5"),
        ("3.3", "a5"),
        ("99.9", "a=1"),
    ],
)
def test_invalid_input_exit_2_with_json_error(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    status, out = run(capsys, "--framework", "dti-tinh", "--json", *argv)
    assert status == 2
    assert json.loads(out)["error"]


def test_min_max_without_peers_is_pending(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "--framework", "dti-tinh", "--json", "4.11", "a=10", "b=100")
    assert status == 3
    data = json.loads(out)
    assert data["score"] is None and "Min–Max" in data["explanation"]


def test_record_check(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "--record", "dak-lak-2021", "--json")
    data = json.loads(out)
    assert status == 0
    assert set(data["mismatches"]) == {"5", "6"}
    assert any(e["code"] == "5.10" for e in data["indicators"])


def test_text_output_is_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "--framework", "dti-tinh", "6.12", "a=1000", "b=200", "c=300")
    assert status == 0 and "12,5 / 20 điểm" in out
