"""`dti-bot round open|status|close`: the JSON contract field by field, and refusals with a clear message."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.cli import main
from bot.db.session import Database
from bot.services import values
from knowledge.store import load_knowledge
from tests.test_collect_services import unit_id

KB = load_knowledge()


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator:  # type: ignore[type-arg]
    monkeypatch.setenv("DTI_DATABASE_URL", database_url)

    def run(*argv: str) -> tuple[int, object]:
        code = main(list(argv))
        out = capsys.readouterr()
        text = out.out if out.out.strip() else out.err
        try:
            return code, json.loads(text)
        except json.JSONDecodeError:
            return code, text

    yield run


def test_open_with_due_or_letter_date_and_refusals(cli) -> None:  # type: ignore[no-untyped-def]
    code, opened = cli("round", "open", "--plan", "gia-lai-2023", "--period", "2024", "--due", "2024-12-15", "--json")
    assert code == 0
    assert {k: opened[k] for k in ("plan", "period", "due", "state")} == {
        "plan": "gia-lai-2023", "period": "2024", "due": "2024-12-15", "state": "open"}
    assert isinstance(opened["id"], int) and "6.22" in opened["indicators"]
    code, again = cli("round", "open", "--plan", "gia-lai-2023", "--period", "2024", "--due", "2024-12-20", "--json")
    assert code == 2 and "đang mở" in again["error"]
    code, commune = cli("round", "open", "--plan", "nghia-phuong-2023", "--period", "2024-Q3",
                        "--letter-date", "2024-07-01", "--json")
    assert code == 0 and commune["due"] == "2024-07-16" and commune["letter_date"] == "2024-07-01"
    code, bad = cli("round", "open", "--plan", "gia-lai-2023", "--period", "2025", "--due", "15/12/2025", "--json")
    assert code == 2 and "YYYY-MM-DD" in bad["error"]
    code, text = cli("round", "open", "--plan", "khong-co", "--period", "2025", "--due", "2025-12-15")
    assert code == 2 and "Không có kế hoạch" in text
    code, missing = cli("round", "status", "--round", "999", "--json")
    assert code == 2 and "999" in missing["error"]


def test_status_json_contract_field_by_field(cli, database_url: str) -> None:  # type: ignore[no-untyped-def]
    _, opened = cli("round", "open", "--plan", "gia-lai-2023", "--period", "2024", "--due", "2024-12-15", "--json")
    db = Database(database_url)
    kh = unit_id(db, "gia-lai-2023", "Sở Kế hoạch và Đầu tư")
    tc = unit_id(db, "gia-lai-2023", "Sở Tài chính")
    with db.session() as s:
        at = datetime(2024, 12, 20, tzinfo=UTC)
        values.submit(s, KB, opened["id"], kh, "6.22", {"a": "1.500"}, now=at)
        values.submit(s, KB, opened["id"], tc, "6.22", {"b": "500", "c": "100.000"}, now=at)
    db.dispose()
    code, st = cli("round", "status", "--plan", "gia-lai-2023", "--json")
    assert code == 0
    assert set(st) >= {"round", "indicators", "units", "pillars", "total"}
    assert st["round"] == {"id": opened["id"], "plan": "gia-lai-2023", "period": "2024", "due": "2024-12-15",
                           "state": "open"}
    ind = next(i for i in st["indicators"] if i["code"] == "6.22")
    assert set(ind) >= {"code", "name", "inputs", "score", "max", "state", "parts"}
    assert ind["name"] and ind["inputs"] == {"a": 1500.0, "b": 500.0, "c": 100000.0}
    assert (ind["score"], ind["max"], ind["state"]) == (10, 10, "submitted")
    part = next(p for p in ind["parts"] if p["unit"] == "Sở Tài chính")
    assert set(part) >= {"unit", "inputs", "state", "version", "by", "at", "late"}
    assert part["inputs"] == {"b": 500.0, "c": 100000.0} and part["version"] == 1 and part["late"] is True
    assert part["by"] is None and part["at"].startswith("2024-12-20T00:00:00")
    waiting = next(i for i in st["indicators"] if i["code"] == "6.12")
    assert waiting["score"] is None and waiting["parts"][0]["version"] is None
    unit = next(u for u in st["units"] if u["name"] == "Sở Tài chính")
    assert set(unit) >= {"name", "owed", "submitted", "late"} and unit["submitted"] >= 1 and unit["late"] == 1
    assert [p["code"] for p in st["pillars"]] == [str(n) for n in range(1, 10)]
    six = next(p for p in st["pillars"] if p["code"] == "6")
    assert set(six) >= {"code", "score", "max"} and six["score"] == 10 and six["max"] == 200
    assert st["total"]["score"] == 10 and st["total"]["max"] == 1000
    code, closed = cli("round", "close", "--round", str(opened["id"]), "--json")
    assert code == 0 and closed["state"] == "closed"
    code, text = cli("round", "status", "--round", str(opened["id"]))
    assert code == 0 and "đã đóng" in text and "Sở Tài chính: đã nộp 1/" in text
