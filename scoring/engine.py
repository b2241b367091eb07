"""Score one indicator from its inputs: check the inputs, run the rule, wrap the outcome.

This is the one entry point every caller uses (CLI, chat, benchmark, record checks), so input checking
— missing,
unknown, negative, not a number, not one of the choices — is written once, here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from scoring.compiled import compile_rule, never
from scoring.methods import Method, SumOf, Unscored
from scoring.model import Disagreement, InputRejected, Outcome, Pending, Rejection, Result, ScoreWaits
from scoring.numbers import NumberError, fmt_num, read_number

RawInputs = Mapping[str, float | int | str]


@dataclass(frozen=True)
class Rule:
    """One indicator's rule as data: the method, the named inputs with their meaning, and where it comes from.

    ``max_points`` is set only where the framework gives no maximum and the method itself implies one (commune
    6.7 ``Tỷ lệ * 10đ``); the framework's maximum otherwise wins. ``occurrence`` tells duplicated source codes
    apart.
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
    # Collection: inputs whose parts from several units add up (counts, money); how the others combine across
    # the lead units (``lead``: the first lead's answer counts; ``all``: every lead must say yes, the lowest
    # answer counts; ``any``: one lead saying yes is enough, the highest answer counts) and across the member
    # units of a lead that is a group (``members``: ``all`` or ``any``, the same two ways); and for a row that is
    # only another indicator's input (Kon Tum 6.22.1), which one (``6.22.a``).
    adds: frozenset[str] = frozenset()
    answer: str = "lead"
    input_of: str = ""
    members: str = "all"

    @cached_property
    def declared(self) -> tuple[list[str], dict[str, Any], list[str], frozenset[str], frozenset[str]]:
        """The method's numbers, choices, optional inputs, all known names and the numeric ones — once
        per rule."""
        numbers, choices, optional = self.method.numbers(), self.method.choices(), self.method.optional()
        numeric = frozenset(numbers) | frozenset(optional)
        return numbers, choices, optional, numeric | frozenset(choices), numeric

    @cached_property
    def quick_check(self) -> Any:
        """A compiled test that raw inputs are already exactly right (the declared names, floats ≥ 0 for
        numbers, text for choices): then ``coerce`` only copies them. Generated from the same declarations
        ``coerce`` checks; anything else takes the full path with its messages."""
        numbers, choices, optional, _, _ = self.declared
        if optional or self.defaults or not all(n.isidentifier() for n in [*numbers, *choices]):
            return None
        tests = [f"type(r[{n!r}]) is float and 0.0 <= r[{n!r}] < INF" for n in numbers]
        tests += [f"type(r[{n!r}]) is str" for n in choices]
        source = f"lambda r: r.keys() == K and {' and '.join(tests) or 'True'}"
        return eval(
            compile(source, "<inputs>", "eval"),
            {
                "__builtins__": {},
                "type": type,
                "float": float,
                "str": str,
                "INF": math.inf,
                "K": frozenset(numbers) | frozenset(choices),
            },
        )

    def compiled(self, top: float | None) -> Callable[[RawInputs], float | None]:
        """This rule with maximum ``top`` as one compiled function of its inputs giving the score or None
        (``scoring.compiled``): made once per maximum, for callers that need only the number."""
        found = self._compiled.get(top)
        if found is None:
            found = self._compiled[top] = compile_rule(self, top)
        return found

    @cached_property
    def _compiled(self) -> dict[float | None, Callable[[RawInputs], float | None]]:
        return {}

    @cached_property
    def plain(self) -> bool:
        """Scored by its own inputs (not a sum of sub-indicators, not unscored)."""
        return not isinstance(self.method, Unscored | SumOf)

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


def _bad_number(rule: Rule, name: str, value: object, number: float | None) -> str:
    if number is None or math.isnan(number) or math.isinf(number):
        return f"{name} = '{value}' không phải là số ({_meaning(rule, name)})."
    return f"{name} = {fmt_num(number)} là số âm: số lượng, kinh phí không thể âm ({_meaning(rule, name)})."


def coerce(rule: Rule, raw: RawInputs) -> dict[str, float | str]:
    """Inputs checked and typed, defaults filled in; raises ``InputRejected`` naming the input and the
    problem."""
    quick = rule.quick_check
    if quick is not None and type(raw) is dict and quick(raw):
        return dict(raw)
    numbers, choices, optional, known, numeric = rule.declared
    values: dict[str, float | str] = {}
    inf = math.inf
    for name, value in raw.items():
        if type(value) is float and name in numeric and 0.0 <= value < inf:
            values[name] = value  # the common case, checked in one line
            continue
        if name not in known:
            listed = ", ".join(f"{n} ({_meaning(rule, n)})" for n in [*numbers, *choices, *optional])
            raise InputRejected(
                f"Chỉ số {rule.code} không có đầu vào '{name}'. Các đầu vào: {listed or 'không có'}."
            )
        if name in choices:
            values[name] = str(value)
            continue
        kind = type(value)
        if kind is float or kind is int:
            number: float | None = float(value)
        else:
            try:
                number = read_number(str(value)).fraction
            except NumberError as exc:
                raise InputRejected(f"{name}: {exc.message} ({_meaning(rule, name)})") from None
        if number is None or not 0 <= number < math.inf:
            raise InputRejected(_bad_number(rule, name, value, number))
        values[name] = number
    if rule.defaults:
        for name, value in rule.defaults.items():
            values.setdefault(name, value)
    if len(values) < len(numbers) + len(choices) or any(n not in values for n in numbers):
        missing = [n for n in [*numbers, *choices] if n not in values]
        if missing:
            listed = "; ".join(f"{n}: {_meaning(rule, n)}" for n in missing)
            raise InputRejected(f"Thiếu đầu vào cho chỉ số {rule.code} — {listed}.")
    # choice answers are checked where they are read (a wrong answer is rejected with the accepted list)
    return values


def score_indicator(rule: Rule, max_points: float | None, inputs: RawInputs) -> Outcome:
    """Score one indicator. ``max_points`` is the framework's maximum (``None`` when the source gives
    none)."""
    top = max_points if max_points is not None else rule.max_points
    if not rule.plain:
        if isinstance(rule.method, Unscored):
            return Pending(rule.code, top, f"Chỉ số không được tính điểm: {rule.method.reason}")
        children = ", ".join(getattr(rule.method, "children", ()))
        return Rejection(
            rule.code,
            f"Chỉ số {rule.code} là tổng các chỉ số con ({children}): hãy tính qua bộ quy tắc (RuleBook).",
        )
    if top is None:
        return Pending(
            rule.code, None, f"Nguồn không cho điểm tối đa của chỉ số {rule.code}: chưa tính được điểm."
        )
    try:
        values = coerce(rule, inputs)
        score, ratio, steps = rule.method.evaluate(values, top, rule.inputs)
    except InputRejected as exc:
        return Rejection(rule.code, exc.reason)
    except ScoreWaits as exc:
        return Pending(rule.code, top, exc.reason, exc.ratio)
    return Result(rule.code, score, top, values, ratio, steps)


def score_value(rule: Rule, max_points: float | None, inputs: RawInputs) -> float | None:
    """The score ``score_indicator`` would give (None when it gives no ``Result``), by the rule's compiled form
    (``scoring.compiled``) and by the explaining path only for the inputs that form leaves to it: for callers
    that need only the number, many times (what-if searches)."""
    fast = rule.compiled(max_points if max_points is not None else rule.max_points)
    found = fast(inputs)
    if found is not None or fast is never:
        return found
    outcome = score_indicator(rule, max_points, inputs)
    return outcome.score if type(outcome) is Result else None
