"""`dti-bot round open|status|close`: the JSON contract field by field, and refusals with a clear message."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.db.models import OutboxMessage
from bot.db.session import Database
from bot.services import values
from knowledge.store import load_knowledge
from tests.flowkit import register_official
from tests.test_collect_services import unit_id

KB = load_knowledge()
NOW = datetime(2024, 12, 1, 3, tzinfo=UTC)  # the CLI's clock in these tests: dates are checked against its day


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator:  # type: ignore[type-arg]
    monkeypatch.setenv("DTI_DATABASE_URL", database_url)
    monkeypatch.setattr("bot.core.services.system_clock", lambda: NOW)

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
    # issue 15: a date no one can mean is refused (it used to be stored and stop every reminder)
    for due, words in (("0001-01-01", "năm 1 nằm ngoài khoảng"), ("2023-11-30", "đã qua: chỉ nhận ngày từ 01/12/2023"),
                       ("2029-12-02", "quá xa: chỉ nhận ngày từ 01/12/2023 đến 01/12/2029")):
        code, far = cli("round", "open", "--plan", "gia-lai-2023", "--period", "2025", "--due", due, "--json")
        assert code == 2 and words in far["error"], far
    code, both = cli("round", "open", "--plan", "gia-lai-2023", "--period", "2025", "--due", "2025-01-15",
                     "--letter-date", "2025-01-01", "--json")
    assert code == 2 and "Chỉ cho một trong hai" in both["error"]
    code, letter = cli("round", "open", "--plan", "nghia-phuong-2023", "--period", "2031", "--letter-date",
                       "2031-01-01", "--json")
    assert code == 2 and "Ngày văn bản khảo sát 01/01/2031 quá xa" in letter["error"]
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
    waiting = next(i for i in st["indicators"] if i["code"] == "1.4")
    assert waiting["score"] is None and waiting["parts"][0]["version"] is None
    assert waiting["parts"][0]["on_behalf"] is False and part["on_behalf"] is False
    assert ind["combine"] == {"a": "sum", "b": "sum", "c": "sum"} and ind["default_owners"] == []
    grouped = next(i for i in st["indicators"] if i["code"] == "6.12")  # its groups have no members yet
    assert grouped["parts"] == [] and grouped["missing"] == ["b", "c", "a"] and grouped["score"] is None
    unit = next(u for u in st["units"] if u["name"] == "Sở Tài chính")
    assert set(unit) >= {"name", "owed", "submitted", "late"} and unit["submitted"] >= 1 and unit["late"] == 1
    assert [p["code"] for p in st["pillars"]] == [str(n) for n in range(1, 10)]
    six = next(p for p in st["pillars"] if p["code"] == "6")
    assert set(six) >= {"code", "score", "max"} and six["score"] == 10 and six["max"] == 200
    assert st["total"]["score"] == 10 and st["total"]["max"] == 1000
    code, wrong = cli("round", "close", "--plan", "kon-tum-2024", "--round", str(opened["id"]), "--json")
    assert code == 2 and "thuộc kế hoạch gia-lai-2023" in wrong["error"]  # never the round of another plan
    code, closed = cli("round", "close", "--round", str(opened["id"]), "--json")
    assert code == 0 and closed["state"] == "closed"
    code, text = cli("round", "status", "--round", str(opened["id"]))
    assert code == 0 and "đã đóng" in text and "Sở Tài chính: đã nộp 1/" in text


def test_grant_lets_one_unit_enter_into_a_closed_round(cli, database_url: str) -> None:  # type: ignore[no-untyped-def]
    _, opened = cli("round", "open", "--plan", "gia-lai-2023", "--period", "2024", "--due", "2024-12-15", "--json")
    code, refused = cli("round", "grant", "--round", str(opened["id"]), "--unit", "Sở Tài chính", "--reason", "x",
                        "--json")
    assert code == 2 and "đang mở" in refused["error"]
    cli("round", "close", "--round", str(opened["id"]))
    db = Database(database_url)
    tc = register_official(db, "gia-lai-2023", "Sở Tài chính", "u1")
    kh = unit_id(db, "gia-lai-2023", "Sở Kế hoạch và Đầu tư")
    code, missing = cli("round", "grant", "--plan", "gia-lai-2023", "--unit", "Sở Tài chính", "--json")
    assert code == 2 and "--reason" in missing["error"]
    code, unknown = cli("round", "grant", "--plan", "gia-lai-2023", "--unit", "Sở Không Có", "--reason", "x", "--json")
    assert code == 2 and "Không xác định được đơn vị" in unknown["error"]
    code, granted = cli("round", "grant", "--plan", "gia-lai-2023", "--unit", "tài chính", "--indicator", "6.22",
                        "--until", "2025-01-31", "--reason", "Chờ số liệu Kho bạc", "--json")
    assert code == 0 and granted["unit"] == "Sở Tài chính" and granted["indicator"] == "6.22"
    assert (granted["until"], granted["notified"]) == ("2025-01-31", 1)
    for until in ("2024-11-30", "2030-01-01"):  # issue 15: the past, and more than five years ahead
        code, refused = cli("round", "grant", "--plan", "gia-lai-2023", "--unit", "tài chính", "--until", until,
                            "--reason", "x", "--json")
        assert code == 2 and "Ngày hết hạn nhập bổ sung" in refused["error"], refused
    code, default = cli("round", "grant", "--round", str(opened["id"]), "--unit", "Sở Kế hoạch và Đầu tư",
                        "--reason", "Mới có cán bộ", "--json")
    assert code == 0 and default["until"] > NOW.date().isoformat() and default["notified"] == 0
    now = NOW
    with db.session() as s:
        assert values.submit(s, KB, opened["id"], tc, "6.22", {"b": 1, "c": 100}, now=now).number == 1
        assert values.submit(s, KB, opened["id"], kh, "6.22", {"a": 1}, now=now).number == 1
        notice = s.scalars(select(OutboxMessage)).one()
    assert notice.chat_id == "u1" and "Chờ số liệu Kho bạc" in notice.body["text"]
    db.dispose()


def test_export_and_package_refuse_a_round_or_a_file_they_cannot_have(cli) -> None:  # type: ignore[no-untyped-def]
    """The two commands that write a round's file share one path (``write_for_round``): an unknown round, a round
    of another plan and a file the system will not let them write are each refused with exit status 2."""
    _, opened = cli("round", "open", "--plan", "gia-lai-2023", "--period", "2024", "--due", "2024-12-15", "--json")
    for command, option, name in (("export", "--xlsx", "x.xlsx"), ("package", "--zip", "x.zip")):
        code, missing = cli(command, "--plan", "gia-lai-2023", "--round", "999", option, f"/tmp/{name}", "--json")
        assert code == 2 and "999" in missing["error"], missing
        code, other = cli(command, "--plan", "kon-tum-2024", "--round", str(opened["id"]), option, f"/tmp/{name}",
                          "--json")
        assert code == 2 and "không phải kon-tum-2024" in other["error"], other
        code, unwritable = cli(command, "--plan", "gia-lai-2023", option, f"/proc/{name}", "--json")
        assert code == 2 and f"không ghi được tệp /proc/{name}" in unwritable["error"], unwritable
