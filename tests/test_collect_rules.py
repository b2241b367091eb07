"""The collection facts in the rules data: which inputs add up, whose answer counts, which rows are another
indicator's input — declared for every rule that has inputs, and checked when the rules load."""

from __future__ import annotations

import json

import pytest

from bot.services.duties import collected_inputs, default_indicators
from knowledge.rules import RuleDataError, load_rules, parse_rule, rule_book, rules_dir
from knowledge.store import load_knowledge
from knowledge.units import is_group_unit

KB = load_knowledge()
FRAMEWORKS = ("dti-tinh", "dti-xa", "cqs-ninh-thuan")


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_rule_with_inputs_says_which_add_up(framework: str) -> None:
    raw = json.loads((rules_dir() / f"{framework}.json").read_text(encoding="utf-8"))
    by_code = {(r["code"], r.get("occurrence", 1)): r for r in raw}
    for rule in load_rules(framework):
        if not collected_inputs(rule):
            continue
        entry = by_code[(rule.code, rule.occurrence)]
        assert "adds" in entry, f"{framework} {rule.code}: 'adds' missing (no silent default)"
        others = set(collected_inputs(rule)) - rule.adds
        assert ("answer" in entry) == bool(others), f"{framework} {rule.code}: 'answer' iff some input does not add"


def test_counts_and_money_add_up_rates_and_answers_do_not() -> None:
    rules = {r.key: r for r in load_rules("dti-tinh")}
    assert rules["6.12"].adds == {"a", "b", "c"} and rules["5.12.1"].adds == {"a", "b", "c"}
    assert rules["2.1"].adds == frozenset() and rules["2.1"].answer == "lead"
    assert rules["1.9"].answer == "all"  # led by groups: every member must have done it
    assert "a" not in {r.key: r for r in load_rules("cqs-ninh-thuan")}["5.12.1"].adds  # "Tỷ lệ %" does not add


def test_input_rows_point_at_an_existing_input() -> None:
    book = rule_book(KB, "dti-tinh")
    pointed = {r.code: r.input_of for r in book.rules.values() if r.input_of}
    assert pointed == {"6.22.1": "6.22.a", "6.22.2": "6.22.b"}
    for target in pointed.values():
        code, _, name = target.rpartition(".")
        assert name in collected_inputs(book.rule(code))


@pytest.mark.parametrize(("extra", "message"), [
    ({"adds": ["z"]}, "không phải đầu vào số"),
    ({"answer": "most"}, "'lead', 'all' hoặc 'any'"),
    ({"input_of": "622a"}, "<mã chỉ số>.<đầu vào>"),
    ({"members": "most"}, "'members' phải là 'all' hoặc 'any'"),
    ({"adds": ["a", "b"], "members": "any"}, "'members' chỉ dùng khi có đầu vào không cộng"),
])
def test_malformed_collection_data_is_refused(extra: dict[str, object], message: str) -> None:
    raw = {"code": "9.9", "kind": "ratio", "ratio": "a/b", "inputs": {"a": "Số A", "b": "Tổng số B"}, **extra}
    with pytest.raises(RuleDataError, match=message):
        parse_rule(raw, "dti-tinh")


def test_every_plan_has_indicators_to_collect() -> None:
    for plan in KB.plans:
        if KB.plans[plan].framework in FRAMEWORKS and KB.plans[plan].assignments:
            assert default_indicators(KB, plan), plan


def test_how_members_answers_combine_is_in_the_rule_data() -> None:
    """Unwritten, a group's members combine their answers the strict way (``all``: "có" only if every member says
    "có"); the rules where one member's answer is the province's say ``any``, and every rule a group leads with
    an answer that does not add says which, written out."""
    book = rule_book(KB, "dti-tinh")
    written = {code: book.rules[code].members for code in ("1.9", "1.10", "2.10", "4.1", "4.2", "6.4", "6.5")}
    assert written == {"1.9": "all", "1.10": "all", "2.10": "any", "4.1": "all", "4.2": "all", "6.4": "any",
                       "6.5": "any"}
    assert book.rules["6.4"].answer == book.rules["6.5"].answer == "any"  # one lead's channel is the province's
    raw = json.loads((rules_dir() / "dti-tinh.json").read_text(encoding="utf-8"))
    explicit = {r["code"] for r in raw if "members" in r}
    for plan in ("kon-tum-2024", "gia-lai-2023"):
        for a in KB.plans[plan].assignments:
            rule = book.rules.get(a.code)
            if rule and rule.plain and any(is_group_unit(u) for u in a.lead) and set(
                    collected_inputs(rule)) - rule.adds:
                assert a.code in explicit, (plan, a.code)
    assert parse_rule({"code": "9.9", "kind": "yes_no", "inputs": {"x": "Có hay không"}}).members == "all"
