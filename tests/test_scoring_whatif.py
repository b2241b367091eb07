"""What-if and the input needed for the maximum or a target score."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.rules import rule_book
from knowledge.store import load_knowledge
from scoring.model import Rejection, Result
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


def test_a_rate_is_scored_by_the_engine_with_the_inputs_it_assumes() -> None:
    """Issue 17: "nếu 6.12 đạt 80%" gave 16/20 (80 % of the points); a rate of 80 % scores 20/20."""
    from scoring.model import Pending
    from scoring.whatif import FromRate, score_from_rate

    book = BOOK
    got = score_from_rate(book.rule("6.12"), book.maxima["6.12"], 0.8)
    assert isinstance(got, FromRate) and got.outcome.score == 20
    assert got.inputs == {"a": 100.0, "b": 80.0, "c": 0.0}
    half = score_from_rate(book.rule("3.3"), book.maxima["3.3"], 0.6)
    assert isinstance(half, FromRate) and half.outcome.score == pytest.approx(6.0) and half.inputs["b"] == 100
    assert isinstance(score_from_rate(book.rule("4.5"), book.maxima["4.5"], 0.3).outcome, Pending)  # Min-Max
    assert isinstance(score_from_rate(book.rule("1.5"), book.maxima["1.5"], 0.5), Rejection)  # not a share
    assert isinstance(score_from_rate(book.rule("3.3"), book.maxima["3.3"], 1.5), Rejection)


@given(st.floats(min_value=0, max_value=1))
def test_the_assumed_inputs_give_the_rate(rate: float) -> None:
    from scoring.whatif import FromRate, score_from_rate

    book = BOOK
    for code in ("6.12", "6.11", "6.13", "3.3", "8.2"):
        rule = book.rule(code)
        got = score_from_rate(rule, book.maxima[code], rate)
        assert isinstance(got, FromRate)
        assert rule.method.measure.fn(got.inputs) == pytest.approx(rate)  # type: ignore[attr-defined]
