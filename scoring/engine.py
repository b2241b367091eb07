"""Score one indicator from its inputs: check the inputs, run the rule, wrap the outcome.

This is the one entry point every caller uses (CLI, chat, benchmark, record checks), so input checking — missing,
unknown, negative, not a number, not one of the choices — is written once, here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from scoring.methods import Method, SumOf, Unscored
from scoring.model import Disagreement, InputRejected, Outcome, Pending, Rejection, Result, ScoreWaits
from scoring.numbers import fmt_num, parse_number

RawInputs = Mapping[str, float | int | str]


@dataclass(frozen=True)
class Rule:
    """One indicator's rule as data: the method, the named inputs with their meaning, and where it comes from.

    ``max_points`` is set only where the framework gives no maximum and the method itself implies one (commune 6.7
    ``Tỷ lệ * 10đ``); the framework's maximum otherwise wins. ``occurrence`` tells duplicated source codes apart.
    """

    code: str
    method: Method
    inputs: dict[str, str] = field(default_factory=dict)
    max_points: float | None = None
    defaults: dict[str, float] = field(default_factory=dict)
    note: str = ""
    source: str = ""
    disagreements: tuple[Disagreement, ...] = ()
    occurrence: int = 1

    @property
    def kind(self) -> str:
        return self.method.kind

    @property
    def scored(self) -> bool:
        return not isinstance(self.method, Unscored)

    @property
    def key(self) -> str:
        """``1.1.3`` or, for the second row with a duplicated code, ``1.1.3#2``."""
        return self.code if self.occurrence == 1 else f"{self.code}#{self.occurrence}"


def effective_max(rule: Rule, framework_max: float | None) -> float | None:
    return framework_max if framework_max is not None else rule.max_points


def _meaning(rule: Rule, name: str) -> str:
    if name == "best":
        return "giá trị cao nhất của các địa phương (Min–Max)"
    if name == "worst":
        return "giá trị thấp nhất của các địa phương (Min–Max, mặc định 0)"
    return rule.inputs.get(name, "")


def coerce(rule: Rule, raw: RawInputs) -> dict[str, float | str]:
    """Inputs checked and typed, defaults filled in; raises ``InputRejected`` naming the input and the problem."""
    method = rule.method
    numbers, choices, optional = method.numbers(), method.choices(), method.optional()
    known = set(numbers) | set(choices) | set(optional)
    values: dict[str, float | str] = {}
    for name, value in raw.items():
        if name not in known:
            listed = ", ".join(f"{n} ({_meaning(rule, n)})" for n in [*numbers, *choices, *optional])
            raise InputRejected(f"Chỉ số {rule.code} không có đầu vào '{name}'. Các đầu vào: {listed or 'không có'}.")
        if name in choices:
            values[name] = str(value)
            continue
        number = float(value) if isinstance(value, int | float) else parse_number(str(value))
        if number is None or math.isnan(number) or math.isinf(number):
            raise InputRejected(f"{name} = '{value}' không phải là số ({_meaning(rule, name)}).")
        if number < 0:
            raise InputRejected(f"{name} = {fmt_num(number)} là số âm: số lượng, kinh phí không thể âm "
                                f"({_meaning(rule, name)}).")
        values[name] = number
    for name, value in rule.defaults.items():
        values.setdefault(name, value)
    missing = [n for n in [*numbers, *choices] if n not in values]
    if missing:
        listed = "; ".join(f"{n}: {_meaning(rule, n)}" for n in missing)
        raise InputRejected(f"Thiếu đầu vào cho chỉ số {rule.code} — {listed}.")
    for name, choice in choices.items():
        choice.option(str(values[name]))  # rejects an answer that is not one of the options
    return values


def score_indicator(rule: Rule, max_points: float | None, inputs: RawInputs) -> Outcome:
    """Score one indicator. ``max_points`` is the framework's maximum (``None`` when the source gives none)."""
    top = effective_max(rule, max_points)
    if isinstance(rule.method, Unscored):
        return Pending(rule.code, top, f"Chỉ số không được tính điểm: {rule.method.reason}")
    if isinstance(rule.method, SumOf):
        return Rejection(rule.code, f"Chỉ số {rule.code} là tổng các chỉ số con "
                                    f"({', '.join(rule.method.children)}): hãy tính qua bộ quy tắc (RuleBook).")
    if top is None:
        return Pending(rule.code, None, f"Nguồn không cho điểm tối đa của chỉ số {rule.code}: chưa tính được điểm.")
    try:
        values = coerce(rule, inputs)
        score, ratio, steps = rule.method.evaluate(values, top, rule.inputs)
    except InputRejected as exc:
        return Rejection(rule.code, exc.reason)
    except ScoreWaits as exc:
        return Pending(rule.code, top, exc.reason, exc.ratio)
    return Result(rule.code, score, top, values, ratio, steps)
