"""A plan imported again (``dti-bot import-plan --apply`` while the bot runs) changes who leads its indicators at
once: the lead units worked out per plan are not kept from the plan it replaced (a stale copy refused a unit
the new plan gives an indicator to, with "không được giao nhập số liệu")."""

from __future__ import annotations

from dataclasses import replace

from knowledge.owners import owners
from knowledge.store import add_plans, data_dir, load_from

PLAN, CODE = "kon-tum-2024", "3.3"


def test_owners_follow_a_plan_imported_again() -> None:
    kb = load_from(data_dir())  # a knowledge base of its own: the process's shared one stays as it is
    before = owners(kb, PLAN, CODE).by_input
    assert before and all("Sở Khoa học và Công nghệ" not in units for units in before.values())
    plan = kb.plans[PLAN]
    again = replace(plan, assignments=tuple(
        replace(a, lead=("Sở Khoa học và Công nghệ",)) if a.code == CODE else a for a in plan.assignments))
    add_plans(kb, [again])
    after = owners(kb, PLAN, CODE).by_input
    assert after and all(units == ("Sở Khoa học và Công nghệ",) for units in after.values()), after
