"""Each rule compiled once into one plain Python function of its raw inputs that returns the score, and nothing
else: no explanation, no result object, no dispatch through the rule kinds at every call.

The explaining path (``score_indicator``: check the inputs, evaluate the method, a ``Result`` whose steps are
shown to people) stays the one a person reads. This one is for callers that need only the number, many times
over: a round's status, the score cache, what-if searches, thousands of units. It is generated from the same rule
objects — the same expression trees, the constants computed by the same expressions — so a score agrees to the
last bit, and a property test (``tests/test_scoring_compiled.py``) holds the two together on every rule of every
framework.

A compiled rule gives up rather than guess. For inputs not in their plain form (numbers as floats ≥ 0, choice
answers as listed, exactly the declared names) and for inputs the explaining path rejects or makes wait, it
returns None: ``RuleBook.value`` then asks the explaining path, which knows the reason and reads "45.000".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from scoring import expr
from scoring.measure import EPS, Measure
from scoring.methods import Chosen, Formula, Levels, Method, MinMax, Parts, PerItem, Ratio, Threshold

if TYPE_CHECKING:
    from scoring.engine import Rule

Fast = Callable[[Mapping[str, Any]], float | None]


def never(inputs: Mapping[str, Any]) -> None:
    """The compiled form of a rule that gives no score whatever its inputs (not scored, no maximum, a sum
    waiting for rows that are not scored): the explaining path says why, and callers that need only the number
    need not ask it."""
    return None


def defer(inputs: Mapping[str, Any]) -> None:
    """The compiled form of a rule left whole to the explaining path."""
    return None


class GiveUp(Exception):
    """Raised by a rule's lines inlined in a larger function (``scoring.units``): leave this one to the
    explaining path."""


# what ends a compiled rule's attempt: a missing name, an unlisted or unhashable answer, a huge int, a check
GIVE_UP = (KeyError, TypeError, OverflowError, GiveUp)


class _Absent:
    """Marks an optional or defaulted input that was not given (``None`` could be a given, wrong value)."""


ABSENT = _Absent()


def _number(value: Any) -> float | None:
    """An input as ``coerce`` accepts it without reading text: a float in [0, ∞), or an int made one; None for
    anything else (text, a negative, NaN), left to the explaining path."""
    if type(value) is int:
        value = float(value)
    if type(value) is float and 0.0 <= value < math.inf:
        return value
    return None


class Source:
    """Code being generated: its lines, its constants, the local variable holding each input of the rule at hand,
    and what giving up is (``return None`` in a rule's function; ``break`` out of a rule's block in a unit's)."""

    def __init__(self, fail: str = "return None") -> None:
        self.lines: list[str] = []
        self.consts: dict[str, object] = {}
        self.local: dict[str, str] = {}
        self.temps = 0
        self.fail = fail

    def emit(self, line: str, depth: int) -> None:
        self.lines.append("    " * depth + line)

    def fresh(self) -> str:
        self.temps += 1
        return f"t{self.temps}"

    def const(self, value: object) -> str:
        """A finite number as its literal (``repr`` of a float reads back the same float), anything else (a
        table of answers) as a name bound when the function is made."""
        if isinstance(value, int | float) and type(value) is not bool and math.isfinite(value):
            return repr(value)
        name = f"K{len(self.consts)}"
        self.consts[name] = value
        return name

    def code(self, node: expr.Node) -> str:
        return expr.to_python(node, self.local.__getitem__)

    def numbers_check(self, names: Sequence[str], depth: int) -> None:
        """The inputs in ``names`` are floats in [0, ∞) (one test for all, ``1e999`` being ∞), else each is
        made one as ``coerce`` would (an int becomes its float) or the rule gives up."""
        if not names:
            return
        tests = [f"type({n}) is float" for n in names] + [f"0.0 <= {n} < 1e999" for n in names]
        self.emit(f"if not ({' and '.join(tests)}):", depth)
        for n in names:
            self.emit(f"{n} = NUMBER({n})", depth + 1)
        self.emit(f"if {' or '.join(f'{n} is None' for n in names)}: {self.fail}", depth + 1)

    def checks(self, m: Measure, depth: int) -> None:
        """No denominator 0, no part above its whole: else give up (the explaining path says which)."""
        tests = [f"{self.code(node)} == 0" for node, _ in m.denominators]
        tests += [f"{self.code(lim.part)} > {self.code(lim.whole)} + {EPS!r}" for lim in m.limits]
        if tests:
            self.emit(f"if {' or '.join(tests)}: {self.fail}", depth)

    def measure(self, m: Measure, depth: int) -> str:
        """``Measure.value``, checked and capped at 1 where the source says so: the variable holding it."""
        self.checks(m, depth)
        if m.is_single and m.over != "cap":
            return self.code(m.node)
        var = self.fresh()
        self.emit(f"{var} = {self.code(m.node)}", depth)
        if m.over == "cap":
            self.emit(f"if {var} > 1: {var} = 1.0", depth)
        return var

    def least(self, var: str, limit: str, depth: int) -> None:
        """``var = min(var, limit)``, as ``min`` decides ties, without a call."""
        self.emit(f"if {limit} < {var}: {var} = {limit}", depth)


def _ratio(src: Source, method: Ratio, top: float, target: str, depth: int) -> None:
    r, t = src.measure(method.measure, depth), src.const(top)
    src.emit(f"{target} = {r} * {t} if {r} <= 1.0 else {t}", depth)


def _threshold(src: Source, method: Threshold, top: float, target: str, depth: int) -> None:
    r, t, at = src.measure(method.measure, depth), src.const(top), src.const(method.at)
    below = {"scaled": f"{r} / {at} * {t}", "proportional": f"{r} * {t}"}.get(method.below, "0.0")
    src.emit(f"{target} = {t} if {r} + {EPS!r} >= {at} else {below}", depth)


def _levels(src: Source, method: Levels, top: float, target: str, depth: int) -> None:
    if method.gate and method.gate_choice is not None:
        src.emit(f"if {src.const(gate_closed(method))}[{src.local[method.gate]}]:", depth)
        src.emit(f"{target} = 0.0", depth + 1)
        src.emit("else:", depth)
        depth += 1
    m = src.measure(method.measure, depth)
    for i, (minimum, share, _) in enumerate(method.levels):
        src.emit(f"{'if' if i == 0 else 'elif'} {m} + {EPS!r} >= {src.const(minimum)}:", depth)
        src.emit(f"{target} = {src.const(float(share) * top)}", depth + 1)
    src.emit("else:", depth)
    src.emit(f"{target} = {src.const(float(method.otherwise) * top)}", depth + 1)


def answer_points(method: Chosen, top: float) -> dict[str, float]:
    """Each listed answer's score (``Choice.answers``): a table instead of matching and computing per call."""
    return {said: method.points(opt, top) for said, opt in method.choice.answers().items()}


def gate_closed(method: Levels) -> dict[str, bool]:
    """Each listed answer to the gate: whether it closes it (``Chưa có chuyên mục``: 0 points, nothing read)."""
    assert method.gate_choice is not None
    return {said: opt.share == 0 for said, opt in method.gate_choice.answers().items()}


def _chosen(src: Source, method: Chosen, top: float, target: str, depth: int) -> None:
    src.emit(f"{target} = {src.const(answer_points(method, top))}[{src.local[method.name]}]", depth)


def _per_item(src: Source, method: PerItem, top: float, target: str, depth: int) -> None:
    src.emit(f"{target} = {src.local[method.name]} * {src.const(method.each)}", depth)
    src.least(target, src.const(float(method.cap) * top), depth)


def _parts(src: Source, method: Parts, top: float, target: str, depth: int) -> None:
    scores = []
    for p in method.parts:
        scores.append(src.fresh())
        _method(src, p.method, p.maximum(top), scores[-1], depth)
    src.emit(f"{target} = sum(({', '.join(scores)},))", depth)
    src.least(target, src.const(top), depth)


def _min_max(src: Source, method: MinMax, top: float, target: str, depth: int) -> None:
    own = src.measure(method.measure, depth)
    if "best" not in src.local:  # not an input here (a part of a rule): the indicator always waits
        src.emit(src.fail, depth)
        return
    best, worst = src.local["best"], src.fresh()
    src.emit(f"if {best} is ABSENT: {src.fail}", depth)
    src.emit(f"{worst} = 0.0 if {src.local['worst']} is ABSENT else {src.local['worst']}", depth)
    src.emit(f"if {best} + 1e-12 < {own} or {worst} > {own} + 1e-12 or {best} == {worst}: {src.fail}", depth)
    src.emit(f"{target} = ({own} - {worst}) / ({best} - {worst}) * {src.const(top)}", depth)


def _formula(src: Source, method: Formula, top: float, target: str, depth: int) -> None:
    inputs_only = dict(src.local)
    src.local["M"] = src.const(top)
    src.checks(method.guard, depth)
    if method.full_if is not None:
        m, at = method.full_if
        src.local, with_m = inputs_only, src.local  # the full-marks measure reads the inputs only
        r = src.measure(m, depth)
        src.local = with_m
        src.emit(f"if {r} + {EPS!r} >= {src.const(at)}:", depth)
        src.emit(f"{target} = {src.const(top)}", depth + 1)
        src.emit("else:", depth)
        depth += 1
    src.emit(f"{target} = {src.code(method.node)}", depth)
    src.emit(f"if 0.0 > {target}: {target} = 0.0", depth)  # max(raw, 0.0)
    src.least(target, src.const(top), depth)
    src.local = inputs_only


_KINDS: dict[type, Callable[[Source, Any, float, str, int], None]] = {
    Ratio: _ratio,
    Threshold: _threshold,
    Levels: _levels,
    Chosen: _chosen,
    PerItem: _per_item,
    Parts: _parts,
    MinMax: _min_max,
    Formula: _formula,
}


def _method(src: Source, method: Method, top: float, target: str, depth: int) -> None:
    """Lines that put the method's score into ``target``, or give up where the explaining path would reject
    or wait."""
    _KINDS[type(method)](src, method, top, target, depth)


def _inputs(src: Source, rule: Rule, depth: int) -> None:
    """Read and check every declared input into its local variable, as ``coerce`` would accept it."""
    numbers, choices, optional, known, _ = rule.declared
    if optional or rule.defaults:
        src.emit(f"if not r.keys() <= {src.const(known)}: {src.fail}", depth)
    else:
        src.emit(f"if len(r) != {len(known)}: {src.fail}", depth)
    for name in numbers:
        var = src.local[name]
        if name in rule.defaults:
            src.emit(f"{var} = r.get({name!r}, ABSENT)", depth)
            src.emit(f"if {var} is ABSENT: {var} = {src.const(rule.defaults[name])}", depth)
        else:
            src.emit(f"{var} = r[{name!r}]", depth)
    src.numbers_check([src.local[name] for name in numbers], depth)
    for name in choices:
        src.emit(f"{src.local[name]} = r[{name!r}]", depth)
    for name in optional:
        var = src.local[name]
        src.emit(f"{var} = r.get({name!r}, ABSENT)", depth)
        src.emit(f"if {var} is not ABSENT:", depth)
        src.numbers_check([var], depth + 1)


def rule_lines(src: Source, rule: Rule, top: float | None, target: str, depth: int) -> bool:
    """Lines reading the rule's inputs from ``r`` and putting its score into ``target``, or giving up; False
    (and no lines) for a rule that cannot be compiled: no maximum, not scored, a sum (the rule book compiles
    sums: ``compile_sum``), or one name both a number and a choice."""
    numbers, choices, optional, _, _ = rule.declared
    names = [*numbers, *choices, *optional]
    if top is None or type(rule.method) not in _KINDS or len(set(names)) != len(names):
        return False
    src.local = {name: f"_{i}" for i, name in enumerate(names)}
    _inputs(src, rule, depth)
    _method(src, rule.method, top, target, depth)
    return True


def make(src: Source, name: str, where: str, **names: Any) -> Any:
    """The function ``name`` defined by the generated lines, which see only what they need."""
    space: dict[str, Any] = {
        "__builtins__": {},
        "len": len,
        "type": type,
        "float": float,
        "sum": sum,
        "min": min,
        "max": max,
        "GIVE_UP": GIVE_UP,
        "GiveUp": GiveUp,
        "ABSENT": ABSENT,
        "NUMBER": _number,
        **src.consts,
        **names,
    }
    exec(compile("\n".join(src.lines), where, "exec"), space)  # only generated, whitelisted code
    return space[name]


def compile_rule(rule: Rule, top: float | None) -> Fast:
    """The rule with maximum ``top`` (the framework's, else the rule's own) as one function of its raw inputs:
    the score the explaining path would give, or None (see the module's docstring)."""
    src = Source()
    src.emit("def score(r):", 0)
    src.emit("try:", 1)
    if not rule_lines(src, rule, top, "s", 2):
        plain = top is not None and type(rule.method) in _KINDS
        return defer if plain else never
    src.emit("return s", 2)
    src.emit("except GIVE_UP:", 1)
    src.emit("return None", 2)
    fn: Fast = make(src, "score", f"<rule {rule.key}>")
    return fn


def compile_sum(children: Sequence[tuple[str, float | None, Fast]], top: float | None) -> Fast:
    """A sum of sub-indicators (``Cộng điểm từ 5.12.1 - 5.12.6``) from ``(child, child's maximum, child's
    compiled rule)``: each child's score given (``5.12.1=5``) or computed from its own inputs prefixed by its code
    (``5.12.1.a=0.3``), added in order and kept within ``top``, as ``RuleBook`` does."""
    if top is None:
        return never
    direct = frozenset(c for c, _, _ in children)
    prefixes = tuple(f"{c}." for c in direct)

    def score(r: Mapping[str, Any]) -> float | None:
        for name in r:
            if name not in direct and not name.startswith(prefixes):
                return None  # an input of no child
        parts: list[float] = []
        for child, child_max, fn in children:
            given = r.get(child, ABSENT)
            if given is ABSENT:
                prefix = child + "."
                got = fn({k[len(prefix) :]: v for k, v in r.items() if k.startswith(prefix)})
                if got is None:
                    return None
                parts.append(got)
            elif type(given) is float and given >= 0.0 and (child_max is None or given <= child_max + 1e-9):
                parts.append(given)
            else:
                return None
        raw = sum(parts)
        return top if top < raw else raw

    return score
