"""Validation finds every known source defect in the committed data, invents none, and flags broken data."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli import main as cli_main
from knowledge.model import Assignment
from knowledge.store import KnowledgeBase, load_from
from knowledge.validate import Problem, method_amount_conflict, validate

DATA = Path(__file__).resolve().parents[1] / "knowledge" / "data"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_from(DATA)


@pytest.fixture(scope="module")
def problems(kb: KnowledgeBase) -> list[Problem]:
    return validate(kb)


def _at(problems: list[Problem], where: str, code: str) -> list[Problem]:
    return [p for p in problems if p.where == where and p.code == code]


def test_known_source_defects_are_reported(problems: list[Problem]) -> None:
    over = _at(problems, "dak-lak-2021", "5.10")
    assert len(over) == 1 and "8" in over[0].message and "5" in over[0].message
    for pillar in ("5", "6"):
        assert any("khác tổng các chỉ số con" in p.message for p in _at(problems, "dak-lak-2021", pillar)), pillar
    assert any("xuất hiện 2 lần" in p.message for p in _at(problems, "cqs-ninh-thuan", "1.1.3"))
    assert any("không có điểm tối đa" in p.message for p in _at(problems, "dti-xa", "6.7"))
    assert any("mâu thuẫn" in p.message for p in _at(problems, "dti-xa", "4.6"))
    missing_totals = {
        p.code for p in problems if p.where == "dti-xa" and "không có tổng điểm tối đa" in p.message
    }
    assert missing_totals == {"2", "4", "7", "9"}
    disagreement = _at(problems, "rules/dti-tinh", "4.9")  # Kon Tum's rule vs Decision 922 via Gia Lai
    assert len(disagreement) == 1 and "Kon Tum" in disagreement[0].message and "Gia Lai" in disagreement[0].message
    assert any("10" in p.message for p in _at(problems, "rules/dti-xa", "4.6"))
    misprint = _at(problems, "dak-lak-2021", "6.20")
    assert len(misprint) == 1 and "nguồn in mã '6.2'" in misprint[0].message
    # the commune plan's 5.3 and 5.4 read "cài đặt Công chức, chống mã độc" where the provincial names say "phòng";
    # units named in a name as the thing counted ("Đài Phát thanh" of 1.8, "UBND cấp xã" of 3.4) are no defect
    replaced = [p for p in problems if "thay nhầm" in p.message]
    assert [(p.where, p.code) for p in replaced] == [("nghia-phuong-2023", "5.3"), ("nghia-phuong-2023", "5.4")]
    assert all("«Công chức»" in p.message and "«phòng»" in p.message for p in replaced)


def test_nothing_absurd(problems: list[Problem], kb: KnowledgeBase) -> None:
    assert [p for p in problems if p.severity == "error"] == []
    daklak_totals = {p.code for p in problems if p.where == "dak-lak-2021" and "khác tổng các chỉ số con" in p.message}
    assert daklak_totals == {"5", "6"}  # pillars 1–4, 7, 8 and indicator 5.12 add up
    # every plan code and unit is known; what plans add are the places their guidance rewords the framework
    guidance = [p for p in problems if "hướng dẫn của kế hoạch" in p.message]
    focal = [p for p in problems if "đầu mối theo dõi chung" in p.message]
    replaced = [p for p in problems if "thay nhầm" in p.message]  # source defects in names (see above)
    assert [p.where for p in focal] == ["kon-tum-2024", "nghia-phuong-2023"]  # Kon Tum's is assumed
    assert not [p for p in problems if p.where in kb.plans and p not in guidance + focal + replaced]
    assert {p.where for p in guidance} == {"kon-tum-2024"}  # the only plan with a guidance column
    assert all(p.severity in {"warning", "error"} and p.message for p in problems)
    assert len(problems) - len(guidance) - len(focal) - len(replaced) < 40


def test_method_amounts() -> None:
    assert method_amount_conflict("Tỷ lệ *10 đ", 5)
    assert method_amount_conflict("Tỷ lệ * 10đ", 10) == ""
    assert method_amount_conflict("- Đã có: 1/2 Điểm tối đa - Không có: 0 điểm", 1) == ""
    assert method_amount_conflict("Có 10đ Không có 0đ", 10) == ""
    assert method_amount_conflict("- Có: 12 điểm", 10)
    assert method_amount_conflict("Mức 1: ≥ 2 tỷ: 100% điểm phần này", 2) == ""


def test_pillar_maximums_must_add_up_to_the_total(kb: KnowledgeBase) -> None:
    fw = kb.frameworks["dti-tinh"]
    broken = tuple(replace(i, max_points=150.0) if i.code == "1" else i for i in fw.indicators)
    kb2 = replace(kb, frameworks={**kb.frameworks, "dti-tinh": replace(fw, indicators=broken)})
    errors = [p for p in validate(kb2) if p.severity == "error" and p.where == "dti-tinh"]
    assert len(errors) == 1 and "1050" in errors[0].message


def test_unknown_code_and_unit_in_a_plan_are_errors(kb: KnowledgeBase) -> None:
    plan = kb.plans["kon-tum-2024"]
    extra = (Assignment(code="99.1", lead=("Sở Không Có Thật",)),)
    kb2 = replace(kb, plans={**kb.plans, plan.id: replace(plan, assignments=plan.assignments + extra)})
    errors = {(p.code, p.message.split(" ")[0]) for p in validate(kb2) if p.severity == "error"}
    assert ("99.1", "phân") in errors and ("99.1", "đơn") in errors


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["validate", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is True
    assert {"severity", "where", "code", "message"} == set(payload["problems"][0])
    assert any(p["where"] == "dak-lak-2021" and p["code"] == "5.10" for p in payload["problems"])


def test_cli_human_output_is_grouped_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "== dak-lak-2021 (bảng điểm) ==" in out
    assert "Cảnh báo [dak-lak-2021 5.10]: điểm đạt 8 lớn hơn điểm tối đa 5" in out
    assert "Tổng cộng: 0 lỗi" in out


def test_cli_fails_clearly_when_the_knowledge_base_cannot_load(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import knowledge.store

    def broken() -> KnowledgeBase:
        raise ValueError("tệp frameworks/dti-tinh.json hỏng")

    monkeypatch.setattr(knowledge.store, "load_knowledge", broken)
    assert cli_main(["validate", "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is False and "Không nạp được cơ sở tri thức" in payload["error"]
