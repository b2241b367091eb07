"""The compiled rules (``scoring.compiled``) against the explaining path, on every rule of every framework: the same
score to the last bit whenever the compiled rule gives one, and ``RuleBook.value`` always the explaining path's
score, for random valid inputs and for the inputs that go wrong (zero denominators, parts above their whole, caps,
missing or unknown inputs, numbers typed as text, choices by label or by number, Min–Max without its peers)."""

from __future__ import annotations

import math
import random
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.rules import parse_rule, rule_book
from knowledge.store import load_knowledge
from scoring.batch import score_columns
from scoring.book import RuleBook
from scoring.compiled import defer, never
from scoring.engine import score_indicator, score_value
from scoring.methods import Levels, SumOf, Threshold
from scoring.model import Pending, Rejection, Result
from scoring.sample import sample_inputs
from scoring.units import UnitScorer

KB = load_knowledge()
FRAMEWORKS = ("dti-tinh", "dti-xa", "cqs-ninh-thuan")
BOOKS = {fid: rule_book(KB, fid) for fid in FRAMEWORKS}

# How a valid input can be spoiled: each keeps the inputs a mapping of names to values, as callers send them.
CHANGES = (
    *("none", "none", "drop", "extra"),
    *("zero", "huge", "tiny", "int", "text", "negative", "nan", "inf", "bool"),  # a number
    *("key", "label", "number", "word", "garbage", "unhashable"),  # an answer
    *("drop_best", "worst", "best_low", "child_score", "child_over"),  # Min–Max peers, a sum's child
    *("level", "level", "above", "above"),  # at a threshold, a part at its whole
)
NUDGES = (-1e-9, -5e-13, 0.0, 5e-13, 1e-9)  # just below, within the tolerance either side, just above


def _spoil(book: RuleBook, key: str, inputs: dict[str, Any], change: str, rng: random.Random) -> bool:
    """Apply ``change`` to a random input; True when the inputs stay in their plain form (floats and listed
    option keys, the declared names), where the compiled rule must decide by itself."""
    numbers = [n for n, v in inputs.items() if type(v) is float and 0 <= v < math.inf]
    answers = [n for n, v in inputs.items() if type(v) is str]
    if change in ("zero", "huge", "tiny") and numbers:
        inputs[rng.choice(numbers)] = {"zero": 0.0, "huge": 1e9, "tiny": 1e-300}[change]
        return True
    if change == "drop" and inputs:
        del inputs[rng.choice(sorted(inputs))]
    elif change == "extra":
        inputs["zz"] = 1.0
    elif change in ("int", "text", "negative", "nan", "inf", "bool") and numbers:
        name = rng.choice(numbers)
        value = inputs[name]
        spoilt = {"int": lambda: int(value), "text": lambda: f"{value:.0f}", "negative": lambda: -1.0 - value}
        inputs[name] = spoilt.get(change, lambda: {"nan": math.nan, "inf": math.inf, "bool": True}[change])()
        return change == "int" and value.is_integer()
    elif change in ("key", "label", "number", "word", "garbage", "unhashable") and answers:
        name = rng.choice(answers)
        choice = _choice_of(book, key, name)
        if choice is not None:
            i = rng.randrange(len(choice.options))
            opt = choice.options[i]
            inputs[name] = {
                "key": opt.key, "label": opt.label, "number": str(i + 1), "word": rng.choice(["có", "Chưa", "0"]),
                "garbage": "xyz",
                "unhashable": [opt.key],
            }[change]
            return change == "key"
    elif change == "drop_best":
        inputs.pop("best", None)
        return True
    elif change == "worst" and "best" in inputs:
        inputs["worst"] = rng.choice([0.0, inputs["best"], inputs["best"] * 2])
        return True
    elif change == "best_low" and "best" in inputs:
        inputs["best"] = 0.0
        return True
    elif change == "above" and len(numbers) > 1:
        part, whole = rng.sample(numbers, 2)  # a part at, just within or just beyond its whole (``b ≤ a``)
        inputs[part] = inputs[whole] + rng.choice(NUDGES) * max(inputs[whole], 1.0)
        return inputs[part] >= 0
    elif change == "level":
        return _at_level(book.rules[key].method, inputs, rng)
    elif change in ("child_score", "child_over"):
        return _child_score(book, key, inputs, change == "child_over", rng)
    return change == "none"


def _at_level(method: Any, inputs: dict[str, Any], rng: random.Random) -> bool:
    """A measure ``x`` or ``a/b`` put at a threshold or level, or a hair's breadth either side of it."""
    if isinstance(method, Threshold):
        at = method.at
    elif isinstance(method, Levels):
        at = rng.choice(method.levels)[0]
    else:
        return True
    names = method.measure.names
    if len(names) == 1 and names[0] in inputs:
        inputs[names[0]] = max(at + rng.choice(NUDGES), 0.0)
    elif len(names) == 2 and all(n in inputs for n in names):
        part, whole = (names if method.measure.text.replace(" ", "") == f"{names[0]}/{names[1]}" else names[::-1])
        inputs[whole] = rng.choice([1.0, 3.0, 7.0, 1000.0])
        inputs[part] = max((at + rng.choice(NUDGES)) * inputs[whole], 0.0)
    return True


def _choice_of(book: RuleBook, key: str, name: str) -> Any:
    rule = book.rules[key]
    if isinstance(rule.method, SumOf):
        child, _, name = name.rpartition(".")
        rule = book.rules.get(child, rule)
    return rule.method.choices().get(name)


def _child_score(book: RuleBook, key: str, inputs: dict[str, Any], over: bool, rng: random.Random) -> bool:
    """A sum given one child's score instead of the child's inputs (``5.12.1=5``), within its maximum or not."""
    rule = book.rules[key]
    if not isinstance(rule.method, SumOf):
        return True
    child = rng.choice(rule.method.children)
    for name in [n for n in inputs if n.startswith(child + ".")]:
        del inputs[name]
    top = book.max_of(child) or 0.0
    inputs[child] = top * 1.5 + 1 if over else rng.uniform(0, top)
    return not over


def _agree(book: RuleBook, key: str, inputs: dict[str, Any], plain: bool) -> None:
    fast = book.fast(key)
    found = fast(inputs)
    outcome = book.score(key, inputs)
    expected = outcome.score if isinstance(outcome, Result) else None
    if found is not None:
        assert isinstance(outcome, Result), (key, inputs, found, outcome)
        assert found == outcome.score, (key, inputs, found, outcome)
    if fast is never:
        assert expected is None, (key, inputs, outcome)
    elif plain and expected is not None and fast is not defer:
        assert found is not None, f"{key}: the compiled rule left plain inputs to the explaining path: {inputs}"
    value = book.value(key, inputs)
    assert value == expected or (value != value and expected != expected), (key, inputs, value, outcome)


@pytest.mark.parametrize("framework", FRAMEWORKS)
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), changes=st.lists(st.sampled_from(CHANGES), max_size=3))
def test_compiled_rules_agree_with_the_explaining_path(framework: str, seed: int, changes: list[str]) -> None:
    """Every rule of the framework (sums and rows not scored too) on inputs drawn from the seed, spoilt by the
    changes."""
    book = BOOKS[framework]
    for key, rule in book.rules.items():
        rng = random.Random(f"{seed} {key}")
        inputs: dict[str, Any] = sample_inputs(book, key, rng) if rule.scored else {}
        plain = all([_spoil(book, key, inputs, change, rng) for change in changes])
        _agree(book, key, inputs, plain)


@pytest.mark.parametrize("framework", FRAMEWORKS)
@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), top=st.one_of(st.none(), st.sampled_from([0.0, 1.0, 7.5, 20.0, 100])))
def test_compiled_rules_with_any_maximum(framework: str, seed: int, top: float | None) -> None:
    """``score_value`` for a maximum the framework does not give (what-if, a rule without a framework row)."""
    book = BOOKS[framework]
    for key, rule in book.rules.items():
        if not rule.plain:
            continue
        inputs = sample_inputs(book, key, random.Random(f"{seed} {key}"))
        outcome = score_indicator(rule, top, inputs)
        expected = outcome.score if isinstance(outcome, Result) else None
        assert score_value(rule, top, inputs) == expected, (key, inputs)
        found = rule.compiled(top if top is not None else rule.max_points)(inputs)
        assert found is None or found == expected, (key, inputs)


AB = {"a": "phần", "b": "tổng", "c": "c", "y": "có chuyên mục"}


@pytest.mark.parametrize(
    ("raw", "inputs", "score"),
    [
        ({"kind": "ratio", "ratio": "a/b"}, {"a": 1.0, "b": 0.0}, "Mẫu số b bằng 0"),
        ({"kind": "ratio", "ratio": "a/b"}, {"a": 5.0, "b": 4.0}, "lớn hơn"),
        ({"kind": "ratio", "ratio": "a/b", "over": "cap"}, {"a": 5.0, "b": 4.0}, 10.0),
        ({"kind": "ratio", "ratio": "a/b"}, {"a": 1.0}, "Thiếu đầu vào"),
        ({"kind": "ratio", "ratio": "a/b"}, {"a": "45.000", "b": "90.000"}, 5.0),
        ({"kind": "per_item", "each": 3, "cap": "1/2", "inputs": {"x": "x"}}, {"x": 4.0}, 5.0),
        ({"kind": "yes_no"}, {"x": "Có"}, 10.0),
        ({"kind": "yes_no"}, {"x": "đã có rồi"}, 10.0),
        ({"kind": "yes_no"}, {"x": "có lẽ"}, 10.0),
        ({"kind": "yes_no"}, {"x": "?"}, "không khớp"),
        (
            {"kind": "levels", "measure": "a", "levels": [[2, 1], [1, "1/2"]], "gate": "y"},
            {"a": 0.0, "y": "khong"},
            0.0,
        ),
        ({"kind": "min_max", "measure": "a/b"}, {"a": 1.0, "b": 2.0}, "Min–Max"),
        ({"kind": "min_max", "measure": "a/b"}, {"a": 1.0, "b": 2.0, "best": 0.5, "worst": 0.5}, "không xác định"),
        (
            {"kind": "formula", "formula": "min(c, 3) + a/b*M", "limits": [["a", "b"]]},
            {"a": 1.0, "b": 2.0, "c": 9.0},
            8.0,
        ),
        ({"kind": "threshold", "ratio": "(a+c)/b", "at": 0.8}, {"a": 0.7, "c": 0.1, "b": 1.0}, 10.0),  # 0.7999…
    ],
)
def test_edge_cases_go_to_the_explaining_path_or_agree(raw: dict[str, Any], inputs: dict[str, Any], score: Any) -> None:
    raw = {"code": "t", "inputs": {**AB, "x": "x"}, **raw}
    rule = parse_rule(raw)
    outcome = score_indicator(rule, 10, inputs)
    if isinstance(score, str):
        assert isinstance(outcome, Rejection | Pending) and score in outcome.reason
        assert rule.compiled(10)(inputs) is None and score_value(rule, 10, inputs) is None
    else:
        assert isinstance(outcome, Result) and outcome.score == score
        assert score_value(rule, 10, inputs) == score


def test_choices_by_key_are_compiled_lookups() -> None:
    """The option keys a form stores (``bi_thu_chu_tich``, with underscores) are decided without the explaining
    path; a label typed by a person is matched by it."""
    rule = BOOKS["dti-tinh"].rules["1.1"]
    fast = rule.compiled(10)
    assert fast({"x": "bi_thu_chu_tich"}) == 10 and fast({"x": "pho"}) == 5
    assert fast({"x": "Trưởng ban là phó bí thư/phó chủ tịch tỉnh, thành phố"}) is None
    assert score_value(rule, 10, {"x": "Trưởng ban là phó bí thư/phó chủ tịch tỉnh, thành phố"}) == 5


SCORERS = {fid: UnitScorer(book, [k for k, r in book.rules.items() if r.scored]) for fid, book in BOOKS.items()}


@pytest.mark.parametrize("framework", FRAMEWORKS)
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), spoilt=st.integers(0, 4), missing=st.booleans())
def test_units_score_as_the_rule_book_does(framework: str, seed: int, spoilt: int, missing: bool) -> None:
    """A whole unit in one call: each indicator as ``RuleBook.value`` (sums and their rows both), each pillar as
    ``sum_of``, the total as ``total`` — to the last bit, with some indicators spoilt (left to the explaining
    path) and, sometimes, one missing."""
    book, scorer, rng = BOOKS[framework], SCORERS[framework], random.Random(seed)
    unit = {k: sample_inputs(book, k, rng) for k in scorer.keys}
    for key in rng.sample(scorer.keys, spoilt):
        _spoil(book, key, unit[key], rng.choice(CHANGES), rng)
    if missing:
        del unit[rng.choice(scorer.keys)]
    got = scorer.score(unit)
    outcomes = {k: book.score(k, v) for k, v in unit.items()}
    assert got.scores == [o.score if isinstance(o := outcomes.get(k), Result) else None for k in scorer.keys]
    pillars = [book.sum_of(p, outcomes) for p in book.pillars()]
    assert got.pillars == [p.score for p in pillars]
    assert got.total == book.total(pillars).score
    assert list(scorer.score_all([unit, unit])) == [got, got]


ROW_CHANGES = tuple(c for c in CHANGES if c not in ("drop", "extra", "drop_best", "worst", "child_score", "child_over"))


@pytest.mark.parametrize("framework", FRAMEWORKS)
@settings(max_examples=8, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    whole=st.sampled_from(["none", "none", "drop", "extra", "drop_best", "worst", "child_score", "child_over"]),
    arrays=st.booleans(),
)
def test_batches_score_each_unit_as_the_rule_book_does(framework: str, seed: int, whole: str, arrays: bool) -> None:
    """``score_columns`` over every rule: each row the score ``RuleBook.value`` gives its unit (NaN for none),
    with some rows spoilt and, sometimes, the whole batch spoilt alike (a column missing or extra, Min–Max
    without its peers or with the lowest value); numbers as lists or as float64 arrays."""
    book = BOOKS[framework]
    for key, rule in book.rules.items():
        rng = random.Random(f"{seed} {key}")
        units = [sample_inputs(book, key, rng) if rule.scored else {} for _ in range(12)]
        for unit in rng.sample(units, 5):
            _spoil(book, key, unit, rng.choice(ROW_CHANGES), rng)
        for unit in units:  # the same change in every unit: the same random choices
            _spoil(book, key, unit, whole, random.Random(f"{seed} {key} all"))
        units = [u for u in units if u.keys() == units[0].keys()]
        if not units[0]:
            continue  # not scored: no inputs, no columns
        columns: dict[str, Any] = {n: [u[n] for u in units] for n in units[0]}
        for name, column in columns.items():
            if arrays and all(type(v) is float for v in column):
                columns[name] = np.array(column)
        got = score_columns(book, key, columns)
        expected = [book.value(key, u) for u in units]
        for g, e, u in zip(got.tolist(), expected, units, strict=True):
            assert (g != g and e is None) or g == e, (key, u, g, e)


def test_scoring_imports_no_numpy() -> None:
    """numpy loads only when a batch is scored: the compiled rules, whole units and the batch module do not
    import it (the ``ask`` command must stay lean)."""
    code = (
        "import sys, scoring.batch, scoring.units, scoring.compiled, scoring.book, knowledge.rules; "
        "print('numpy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
