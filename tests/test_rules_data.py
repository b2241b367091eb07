"""The rules data against the knowledge base: nothing silently missing, each framework's key rules as
the sources
print them, and the source disagreements listed for validation."""

from __future__ import annotations

import pytest

from knowledge.rules import all_rules, load_rules, rule_book
from knowledge.store import load_knowledge
from scoring.checks import rule_problems
from scoring.model import Pending, Result

KB = load_knowledge()
FRAMEWORKS = ("dti-tinh", "dti-xa", "cqs-ninh-thuan")


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_indicator_has_a_rule_or_is_marked_unscored(framework: str) -> None:
    book = rule_book(KB, framework)
    rows = [k for k in book.maxima if "." in k.split("#")[0]]
    assert rows, "the framework has indicators"
    missing = [k for k in rows if book.rule(k) is None]
    assert missing == []
    assert set(book.rules) <= set(book.maxima), "no rule for a code the framework lacks"


def test_smart_city_pillar_is_explicitly_unscored() -> None:
    book = rule_book(KB, "dti-tinh")
    for code in ("9.1", "9.2", "9.3"):
        rule = book.rule(code)
        assert rule is not None and not rule.scored
        assert isinstance(book.score(code, {}), Pending)


def test_rule_problems_list_disagreements_and_nothing_unruled() -> None:
    problems = rule_problems(KB, all_rules())
    messages = {(w, c): m for w, c, m in problems}
    assert "Tỷ lệ/50%" in messages[("rules/dti-tinh", "4.9")]
    assert "Tỷ lệ *10 đ" in messages[("rules/dti-xa", "4.6")]
    assert not [p for p in problems if "chưa có quy tắc" in p[2]]


def test_rule_problems_report_an_indicator_without_rule() -> None:
    rules = {fid: list(load_rules(fid)) for fid in FRAMEWORKS}
    rules["dti-tinh"] = [r for r in rules["dti-tinh"] if r.code != "6.12"]
    problems = rule_problems(KB, rules)
    assert ("rules/dti-tinh", "6.12") in {(w, c) for w, c, _ in problems}


def test_dti_tinh_4_9_follows_decision_922_not_kon_tum() -> None:
    out = rule_book(KB, "dti-tinh").score("4.9", {"a": 25, "b": 100})
    assert isinstance(out, Result) and out.score == pytest.approx(0.25 * 5)  # not 25 %/50 % × 5


def test_commune_4_6_never_exceeds_its_maximum() -> None:
    out = rule_book(KB, "dti-xa").score("4.6", {"a": 100, "b": 100})
    assert isinstance(out, Result) and out.score == 5


def test_duplicated_ninh_thuan_code_is_scored_per_row() -> None:
    book = rule_book(KB, "cqs-ninh-thuan")
    first = book.score("1.1.3", {"e": 2, "a": 5, "b": 10, "c": 10, "d": 20})
    second = book.score("1.1.3#2", {"x": "có"})
    assert isinstance(first, Result) and first.score == pytest.approx(2 + 0.5 * 3)
    assert isinstance(second, Result) and second.score == 2


def test_sum_of_sub_indicators_from_children_inputs_and_given_scores() -> None:
    book = rule_book(KB, "dti-tinh")
    out = book.score(
        "5.12",
        {
            "5.12.1.a": 0.3,
            "5.12.1.b": 0.2,
            "5.12.1.c": 5,
            "5.12.2": 2,
            "5.12.3.x": 1,
            "5.12.4.x": 0.5,
            "5.12.5.x": 0,
            "5.12.6.x": 3,
        },
    )
    assert isinstance(out, Result)
    assert out.score == pytest.approx(5 + 2 + 1.4 + 0.6 + 0 + 2)
    assert out.max_points == 15


def test_sum_waits_when_a_child_cannot_be_scored() -> None:
    out = rule_book(KB, "dti-xa").score("5.11", {"5.11.1": 5})
    assert isinstance(out, Pending) and "5.11.2" in out.reason


def test_pillar_and_total_from_indicator_scores() -> None:
    book = rule_book(KB, "dti-tinh")
    scores = {f"1.{i}": 10.0 for i in range(1, 11)}
    pillar = book.sum_of("1", scores)
    assert pillar.score == 100 and pillar.max_points == 100 and pillar.lost == 0 and pillar.complete
    partial = book.sum_of("2", {"2.1": 5.0})
    assert partial.score == 5 and len(partial.waiting) == 10
    total = book.total([pillar, partial])
    assert total.score == 105 and total.max_points == 1000 and not total.complete
