"""`dti-bot validate` lists every deadline text with its reading and names the ones it could not read."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.cli import main as cli_main
from knowledge.deadline_report import deadline_lines, deadline_rows
from knowledge.store import load_knowledge
from knowledge.validate import validate


def test_cli_json_lists_every_deadline_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["validate", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = {row["text"]: row for row in out["deadlines"]}
    kb = load_knowledge()
    assert set(rows) == {a.deadline for p in kb.plans.values() for a in p.assignments} | {
        i.deadline for p in kb.plans.values() for i in p.items}
    assert not [t for t, row in rows.items() if row["kind"] == "unparsed"]
    q4 = rows["Quý IV năm 2024"]
    assert (q4["kind"], q4["due"], len(q4["plans"]["gia-lai-2023"])) == ("period_end", "2024-12-31", 10)
    assert rows["Hàng năm"]["yearly_on"] == "31/12"
    survey = rows["Nộp tài liệu kiểm chứng trong thời hạn 15 ngày, kể từ ngày phát hành văn bản khảo sát"]
    assert survey["after"] == {"amount": 15, "unit": "day", "event": "phát hành văn bản khảo sát"}


def test_cli_text_shows_readings(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "«Quý IV năm 2024» → cuối quý IV năm 2024: 31/12/2024 [gia-lai-2023: 10]" in out
    assert "Không đọc được: 0 cách ghi." in out


def test_an_unreadable_deadline_is_named_and_warned() -> None:
    kb = load_knowledge()
    plan = kb.plans["kon-tum-2024"]
    broken = tuple(replace(a, deadline="Sớm nhất có thể") if a.code == "1.9" else a for a in plan.assignments)
    kb2 = replace(kb, plans={**kb.plans, plan.id: replace(plan, assignments=broken)})
    assert any(r.deadline.text == "Sớm nhất có thể" and r.used_by == {"kon-tum-2024": ["1.9"]}
               for r in deadline_rows(kb2))
    lines = deadline_lines(kb2)
    assert "  Không đọc được: 1 cách ghi:" in lines and "    «Sớm nhất có thể» [kon-tum-2024]" in lines
    warned = [p for p in validate(kb2) if p.code == "1.9" and "thời hạn" in p.message]
    assert len(warned) == 1 and warned[0].severity == "warning"
