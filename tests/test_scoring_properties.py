"""Properties over every rule of every framework with random valid inputs (hypothesis drives the
randomness)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.rules import parse_rule, rule_book
from knowledge.store import load_knowledge
from scoring.engine import score_indicator
from scoring.model import Pending, Result
from scoring.numbers import last_number
from scoring.sample import sample_inputs

KB = load_knowledge()
BOOKS = {fid: rule_book(KB, fid) for fid in ("dti-tinh", "dti-xa", "cqs-ninh-thuan")}
KEYS = [(fid, key) for fid, book in BOOKS.items() for key, rule in book.rules.items() if rule.scored]


@pytest.mark.parametrize(("framework", "key"), KEYS)
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_score_within_zero_and_max_and_explained(framework: str, key: str, seed: int) -> None:
    book = BOOKS[framework]
    inputs = sample_inputs(book, key, random.Random(seed))
    out = book.score(key, inputs)
    if isinstance(out, Pending):  # sums whose children cannot all be scored (commune 5.11)
        return
    assert isinstance(out, Result), out
    assert -1e-9 <= out.score <= out.max_points + 1e-9
    final = last_number(out.explanation.splitlines()[-1])
    assert final is not None and final == pytest.approx(round(out.score, 2), abs=0.0051)


RATIO_RULES = [
    parse_rule({"code": "p", "kind": "ratio", "ratio": "a/b", "inputs": {"a": "a", "b": "b"}}),
    parse_rule({"code": "t", "kind": "threshold", "ratio": "a/b", "at": 0.8, "inputs": {"a": "a", "b": "b"}}),
    parse_rule(
        {
            "code": "l",
            "kind": "levels",
            "measure": "a/b",
            "levels": [[0.1, 1], [0.07, 0.7], [0.03, 0.3]],
            "inputs": {"a": "a", "b": "b"},
        }
    ),
    parse_rule({"code": "z", "kind": "all_or_nothing", "ratio": "a/b", "inputs": {"a": "a", "b": "b"}}),
]


@pytest.mark.parametrize("rule", RATIO_RULES, ids=lambda r: r.kind)
@given(b=st.integers(min_value=1, max_value=10**6), data=st.data())
def test_ratio_rule_never_decreases_when_numerator_grows(rule: object, b: int, data: st.DataObject) -> None:
    a1 = data.draw(st.integers(min_value=0, max_value=b))
    a2 = data.draw(st.integers(min_value=a1, max_value=b))
    s1 = score_indicator(rule, 10, {"a": a1, "b": b})  # type: ignore[arg-type]
    s2 = score_indicator(rule, 10, {"a": a2, "b": b})  # type: ignore[arg-type]
    assert isinstance(s1, Result) and isinstance(s2, Result)
    assert s2.score >= s1.score


@given(b=st.integers(min_value=1, max_value=10**6), data=st.data())
def test_explanation_final_number_equals_score(b: int, data: st.DataObject) -> None:
    a = data.draw(st.integers(min_value=0, max_value=b))
    out = score_indicator(RATIO_RULES[1], 20, {"a": a, "b": b})
    assert isinstance(out, Result)
    assert last_number(out.explanation) == pytest.approx(round(out.score, 2), abs=0.0051)
