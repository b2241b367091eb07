"""What-if and the input needed for the maximum or a target score."""

from __future__ import annotations

import pytest

from knowledge.rules import rule_book
from knowledge.store import load_knowledge
from scoring.model import Result
from scoring.whatif import Needed, needed_for, what_if

BOOK = rule_book(load_knowledge(), "dti-tinh")


def test_what_if_one_input_changes() -> None:
    rule = BOOK.rule("6.12")
    assert rule is not None
    change = what_if(rule, 20, {"a": 1000, "b": 200, "c": 300}, "c", 500)
    assert isinstance(change.after, Result)
    assert change.delta == pytest.approx(17.5 - 12.5)


def test_needed_for_maximum_on_threshold_rule() -> None:
    rule = BOOK.rule("6.12")
    assert rule is not None
    need = needed_for(rule, 20, {"a": 1000, "b": 200, "c": 300}, "c")
    assert isinstance(need, Needed) and need.value == 600  # (200 + 600) / 1000 = 80 %


def test_needed_for_target_on_proportional_rule() -> None:
    rule = BOOK.rule("3.3")
    assert rule is not None
    need = needed_for(rule, 10, {"a": 100, "b": 1000}, "a", target=5)
    assert isinstance(need, Needed) and need.value == 500


def test_needed_for_denominator_searches_downwards() -> None:
    rule = BOOK.rule("7.4")
    assert rule is not None
    need = needed_for(rule, 20, {"a": 50, "b": 1000}, "b")
    assert isinstance(need, Needed) and need.value == 500  # 50 / 500 = 10 %


def test_needed_for_unreachable_and_choice() -> None:
    rule = BOOK.rule("6.8")
    assert rule is not None
    assert needed_for(rule, 10, {"a": 5, "b": 10}, "a").value == 10  # type: ignore[union-attr]
    choice = BOOK.rule("1.1")
    assert choice is not None
    need = needed_for(choice, 10, {"x": "pho"}, "x")
    assert isinstance(need, Needed) and need.options == ("bi_thu_chu_tich",)
