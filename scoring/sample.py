"""Random valid inputs for any rule: used by the property tests and the benchmark (10 000 communes).

Generated from the rule itself — the names it reads, its choices, its ``part ≤ whole`` limits — so
every rule kind
in the data, present or future, gets inputs without a hand-written generator per indicator.
"""

from __future__ import annotations

import random
from typing import Any

from scoring.book import RuleBook
from scoring.engine import Rule
from scoring.measure import Limit, Measure
from scoring.methods import Formula, Levels, Method, MinMax, Parts, SumOf, Threshold

Inputs = dict[str, float | str]


def _limits(method: Method) -> list[Limit]:
    if isinstance(method, Parts):
        return [lim for p in method.parts for lim in _limits(p.method)]
    found: list[Limit] = []
    for attr in ("measure", "guard"):
        m = getattr(method, attr, None)
        if isinstance(m, Measure):
            found += list(m.limits)
    if isinstance(method, Formula) and method.full_if is not None:
        found += list(method.full_if[0].limits)
    return found


def _repair(values: dict[str, float], limits: list[Limit]) -> None:
    """Scale parts down until every ``part ≤ whole`` holds."""
    for _ in range(3):
        for lim in limits:
            part, whole = lim.part_fn(values), lim.whole_fn(values)
            if part > whole and part > 0:
                factor = whole / part
                from scoring.expr import names

                for n in names(lim.part):
                    if n in values and n not in names(lim.whole):
                        values[n] = values[n] * factor


def sample_rule(rule: Rule, rng: random.Random, peers: bool = True) -> Inputs:
    """Valid inputs for one (non-sum) rule. ``peers``: add the best peer value for Min–Max rules."""
    method = rule.method
    numbers: dict[str, float] = {}
    for name in method.numbers():
        if rng.random() < 0.1:
            numbers[name] = 0.0
        else:
            numbers[name] = float(rng.randint(1, 2000)) if rng.random() < 0.7 else rng.uniform(0.01, 50)
    for name, value in rule.defaults.items():
        numbers.setdefault(name, value)
    _nonzero_denominators(method, numbers)
    _repair(numbers, _limits(method))
    out: Inputs = dict(numbers)
    for name, choice in method.choices().items():
        out[name] = rng.choice(choice.options).key
    if isinstance(method, MinMax) and peers:
        own = method.measure.fn(numbers)
        out["best"] = own + rng.uniform(0.01, 2.0) * (abs(own) + 0.01)
    if isinstance(method, Threshold | Levels) and rng.random() < 0.3:
        _near_threshold(method, numbers, out, rng)
    return out


def _nonzero_denominators(method: Method, values: dict[str, float]) -> None:
    measures: list[Any] = []
    if isinstance(method, Parts):
        for p in method.parts:
            _nonzero_denominators(p.method, values)
        return
    for attr in ("measure", "guard"):
        m = getattr(method, attr, None)
        if isinstance(m, Measure):
            measures.append(m)
    for m in measures:
        for node, fn in m.denominators:
            if fn(values) == 0:
                from scoring.expr import names

                for n in names(node):
                    values[n] = max(values.get(n, 0.0), 1.0)


def _near_threshold(
    method: Threshold | Levels, values: dict[str, float], out: Inputs, rng: random.Random
) -> None:
    """Move a simple ``a/b`` (or ``x``) measure onto or next to a threshold, where mistakes hide."""
    m = method.measure
    target = method.at if isinstance(method, Threshold) else rng.choice(method.levels)[0]
    names = m.names
    if m.is_single:
        out[names[0]] = target * rng.choice((0.999, 1.0, 1.001))
    elif m.text.replace(" ", "") in ("a/b", "b/a") and m.over == "reject" and target <= 1:
        num, den = (names[0], names[1])
        values_den = values[den] or 1.0
        out[den] = values_den
        out[num] = min(values_den, round(values_den * target) + rng.choice((-1, 0, 1)))
        out[num] = max(float(out[num]), 0.0)


def sample_inputs(book: RuleBook, key: str, rng: random.Random, peers: bool = True) -> Inputs:
    """Valid inputs for one indicator of a rule book; a sum gets its children's inputs prefixed by
    their codes."""
    rule = book.rules[key]
    if isinstance(rule.method, SumOf):
        out: Inputs = {}
        for child in rule.method.children:
            child_rule = book.rules.get(child)
            if child_rule is None or not child_rule.scored:
                continue
            for name, value in sample_inputs(book, child, rng, peers).items():
                out[f"{child}.{name}"] = value
        return out
    return sample_rule(rule, rng, peers)
