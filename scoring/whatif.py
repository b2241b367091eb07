"""What-if questions: how the score moves if one input changes, and what input reaches the maximum or a
target.

Both are answered by running the same engine on changed inputs — never by a separate formula per rule
kind — so
they stay right for every kind, including printed formulas and sums of parts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from scoring import expr
from scoring.engine import RawInputs, Rule, coerce, score_indicator
from scoring.model import InputRejected, Outcome, Rejection, Result
from scoring.numbers import fmt_num, parse_number

_STEPS = 70


@dataclass(frozen=True)
class WhatIf:
    before: Outcome
    after: Outcome

    @property
    def delta(self) -> float | None:
        if isinstance(self.before, Result) and isinstance(self.after, Result):
            return self.after.score - self.before.score
        return None


@dataclass(frozen=True)
class Needed:
    """The value of ``name`` needed to reach ``target`` (``value`` None when no value of that input reaches
    it; ``options`` for a choice input). ``message`` says it in Vietnamese."""

    name: str
    target: float
    value: float | None
    options: tuple[str, ...]
    best_score: float | None
    message: str


def what_if(rule: Rule, max_points: float | None, inputs: RawInputs, name: str, value: float | str) -> WhatIf:
    """The score before and after setting one input to a new value."""
    return WhatIf(
        score_indicator(rule, max_points, inputs), score_indicator(rule, max_points, {**inputs, name: value})
    )


def _score(
    rule: Rule, top: float | None, inputs: Mapping[str, float | int | str], name: str, t: float | str
) -> float | None:
    out = score_indicator(rule, top, {**inputs, name: t})
    return out.score if isinstance(out, Result) else None


def needed_for(
    rule: Rule, max_points: float | None, inputs: RawInputs, name: str, target: float | None = None
) -> Needed | Rejection:
    """The least (or, for a denominator, the largest) value of input ``name`` giving at least
    ``target`` points
    (the maximum by default), other inputs unchanged."""
    base = score_indicator(rule, max_points, inputs)
    top = base.max_points if not isinstance(base, Rejection) else max_points
    goal = float(target if target is not None else (top or 0.0))
    choices = rule.method.choices()
    if name in choices:
        hits = tuple(
            o.key
            for o in choices[name].options
            if (_score(rule, max_points, inputs, name, o.key) or -1) >= goal - 1e-9
        )
        msg = (
            f"Để đạt {fmt_num(goal)} điểm, {name} cần là: {', '.join(hits)}."
            if hits
            else f"Không lựa chọn nào của {name} đạt {fmt_num(goal)} điểm với các đầu vào còn lại."
        )
        return Needed(name, goal, None, hits, None, msg)
    if name not in rule.method.numbers():
        return Rejection(rule.code, f"Chỉ số {rule.code} không có đầu vào số '{name}'.")
    try:
        current = float(coerce(rule, {**inputs, name: inputs.get(name, 0)}).get(name, 0.0))
    except InputRejected:
        current = parse_number(str(inputs.get(name, 0))) or 0.0
    integral = float(current).is_integer()
    now = _score(rule, max_points, inputs, name, current)
    if now is not None and now >= goal - 1e-9:
        return Needed(
            name,
            goal,
            current,
            (),
            now,
            f"Đã đạt {fmt_num(now)} ≥ {fmt_num(goal)} điểm với {name} = {fmt_num(current)}.",
        )
    up = _search_up(rule, max_points, inputs, name, goal, max(current, 1.0))
    if up is not None:
        value = math.ceil(up - 1e-9) if integral else up
        if integral and (_score(rule, max_points, inputs, name, value) or -1) < goal - 1e-9:
            value = up
        return Needed(
            name,
            goal,
            value,
            (),
            goal,
            f"Cần {name} ≥ {fmt_num(value)} để đạt {fmt_num(goal)} điểm ({rule.inputs.get(name, '')}).",
        )
    down = _search_down(rule, max_points, inputs, name, goal, current)
    if down is not None:
        value = math.floor(down + 1e-9) if integral and down >= 1 else down
        return Needed(
            name,
            goal,
            value,
            (),
            goal,
            f"Cần {name} ≤ {fmt_num(value)} để đạt {fmt_num(goal)} điểm ({rule.inputs.get(name, '')}).",
        )
    return Needed(
        name,
        goal,
        None,
        (),
        now,
        f"Thay đổi riêng {name} không đạt được {fmt_num(goal)} điểm; cần thay đổi các đầu vào khác.",
    )


def _search_up(
    rule: Rule, top: float | None, inputs: RawInputs, name: str, goal: float, start: float
) -> float | None:
    lo, hi = 0.0, start
    for _ in range(_STEPS):
        s = _score(rule, top, inputs, name, hi)
        if s is None:  # e.g. the part became larger than its whole: the answer, if any, lies below
            break
        if s >= goal - 1e-9:
            return _bisect(rule, top, inputs, name, goal, lo, hi, rising=True)
        lo, hi = hi, hi * 2
    else:
        return None
    # find the largest valid value below hi, then check whether it reaches the goal
    valid, bad = lo, hi
    for _ in range(_STEPS):
        mid = (valid + bad) / 2
        if _score(rule, top, inputs, name, mid) is None:
            bad = mid
        else:
            valid = mid
    for edge in (bad, valid):  # ``bad`` may be exactly valid (part == whole)
        s = _score(rule, top, inputs, name, edge)
        if s is not None and s >= goal - 1e-9:
            return _bisect(rule, top, inputs, name, goal, lo, edge, rising=True)
    return None


def _search_down(
    rule: Rule, top: float | None, inputs: RawInputs, name: str, goal: float, start: float
) -> float | None:
    """For inputs the score falls with (denominators): the largest value still reaching the goal."""
    lo = start * 1e-9
    if _score(rule, top, inputs, name, lo) is None:  # too small to be valid (e.g. a whole below its part)
        bad, good = lo, start
        for _ in range(_STEPS):
            mid = (bad + good) / 2
            bad, good = (mid, good) if _score(rule, top, inputs, name, mid) is None else (bad, mid)
        lo = good
    s = _score(rule, top, inputs, name, lo)
    if s is None or s < goal - 1e-9:
        return None
    return _bisect(rule, top, inputs, name, goal, lo, start, rising=False)


def _bisect(
    rule: Rule,
    top: float | None,
    inputs: RawInputs,
    name: str,
    goal: float,
    lo: float,
    hi: float,
    rising: bool,
) -> float:
    """Rising: least value reaching the goal in (lo, hi]. Falling: largest value reaching it in [lo, hi)."""
    for _ in range(_STEPS):
        mid = (lo + hi) / 2
        s = _score(rule, top, inputs, name, mid)
        ok = s is not None and s >= goal - 1e-9
        if rising:
            lo, hi = (lo, mid) if ok else (mid, hi)
        else:
            lo, hi = (mid, hi) if ok else (lo, mid)
    return hi if rising else lo


@dataclass(frozen=True)
class FromRate:
    """An indicator scored as if its measured share were ``rate``: the inputs assumed to give it (the whole 100,
    the part ``rate`` × 100, any other term 0) and the engine's outcome for them."""

    rate: float
    inputs: dict[str, float]
    outcome: Outcome


def score_from_rate(rule: Rule, max_points: float | None, rate: float) -> FromRate | Rejection:
    """What the rule gives when its share (``part / whole``) is ``rate`` (0.8 for "đạt 80 %"), computed by the
    engine on inputs chosen to give that share; refused for a rule whose quantity is no share of two inputs
    (an amount, a choice, several measures)."""
    measure = getattr(rule.method, "measure", None)
    node = getattr(measure, "node", None)
    if rule.method.choices() or measure is None or measure.unit != "percent" or not (
            isinstance(node, expr.BinOp) and node.op == "/"):
        return Rejection(rule.code, f"Chỉ số {rule.code} không tính điểm theo một tỷ lệ: hãy hỏi theo số liệu.")
    if not 0 <= rate <= 1:
        return Rejection(rule.code, "Tỷ lệ phải từ 0 đến 100 %.")
    whole, part = expr.names(node.right), expr.names(node.left)
    inputs = {n: 0.0 for n in rule.method.numbers()}
    if not whole or not part or set(whole) & set(part):
        return Rejection(rule.code, f"Chỉ số {rule.code} không tính điểm theo một tỷ lệ: hãy hỏi theo số liệu.")
    inputs[whole[0]] = 100.0
    inputs[part[0]] = rate * 100
    if abs(measure.fn(inputs) - rate) > 1e-9:
        return Rejection(rule.code, f"Không suy ra được số liệu cho tỷ lệ này của chỉ số {rule.code}.")
    return FromRate(rate, inputs, score_indicator(rule, max_points, inputs))
