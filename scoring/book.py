"""A framework's rules together: sums of sub-indicators, pillars and the total, each with maximum and
points lost.

The rule book joins the framework's rows (codes, maxima, which row is under which) with the rules, so that
``Cộng điểm từ 5.12.1 - 5.12.6`` can be computed and a pillar is the sum of its direct indicators.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from scoring.codes import FrameworkRows, parent_code
from scoring.compiled import Fast, compile_sum, never
from scoring.engine import RawInputs, Rule, effective_max, score_indicator
from scoring.methods import SumOf
from scoring.model import Outcome, Pending, Rejection, Result
from scoring.numbers import NumberError, fmt_num, read_number


def split_key(key: str) -> tuple[str, int]:
    """``1.1.3#2`` → (``1.1.3``, 2); ``6.12`` → (``6.12``, 1)."""
    code, _, occ = key.partition("#")
    return code, int(occ) if occ.isdigit() and int(occ) > 0 else 1


class Total(NamedTuple):
    """A pillar's or the framework's sum: the score so far, the maximum, and which parts are not scored yet.
    A named tuple: immutable and cheap, as it is made for every pillar of every unit scored."""

    code: str
    score: float
    max_points: float | None
    parts: dict[str, float]
    waiting: tuple[str, ...] = ()

    @property
    def lost(self) -> float | None:
        return None if self.max_points is None else self.max_points - self.score

    @property
    def complete(self) -> bool:
        return not self.waiting


@dataclass
class RuleBook:
    """Rules of one framework keyed like ``6.12`` (or ``1.1.3#2`` for a duplicated code's second row)."""

    framework: FrameworkRows
    rules: dict[str, Rule]
    maxima: dict[str, float | None] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    _fast: dict[str, Fast] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def build(cls, framework: FrameworkRows, rules: Sequence[Rule]) -> RuleBook:
        maxima: dict[str, float | None] = {}
        children: dict[str, list[str]] = {}
        seen: dict[str, int] = {}
        for ind in framework.indicators:
            seen[ind.code] = seen.get(ind.code, 0) + 1
            key = ind.code if seen[ind.code] == 1 else f"{ind.code}#{seen[ind.code]}"
            maxima[key] = ind.max_points
            parent = parent_code(ind.code)
            if parent is not None:
                children.setdefault(parent, []).append(key)
        return cls(framework, {r.key: r for r in rules}, maxima, children)

    @property
    def id(self) -> str:
        return self.framework.id

    def pillars(self) -> list[str]:
        return [k for k in self.maxima if "." not in k and "#" not in k]

    def max_of(self, key: str) -> float | None:
        rule = self.rules.get(key)
        framework_max = self.maxima.get(key)
        return effective_max(rule, framework_max) if rule is not None else framework_max

    def rule(self, key: str) -> Rule | None:
        return self.rules.get(key)

    def fast(self, key: str) -> Fast:
        """The indicator compiled into one function of its inputs giving its score, or None where the explaining
        path must decide (``scoring.compiled``); compiled on first use, once per book."""
        found = self._fast.get(key)
        if found is None:
            found = self._fast[key] = self._compile(key)
        return found

    def _compile(self, key: str) -> Fast:
        rule = self.rules.get(key)
        if rule is None:
            return never
        if isinstance(rule.method, SumOf):
            children = rule.method.children
            if any(c in self.unscored for c in children):
                return never  # it waits for rows that are never scored
            return compile_sum([(c, self.max_of(c), self.fast(c)) for c in children], self.max_of(key))
        return rule.compiled(effective_max(rule, self.maxima.get(key)))

    def value(self, key: str, inputs: RawInputs) -> float | None:
        """The indicator's score alone, as ``score`` would give it (None when that is no ``Result``): the
        compiled rule, and the explaining path only for inputs the compiled rule leaves to it."""
        fast = self.fast(key)
        found = fast(inputs)
        if found is not None or fast is never:
            return found
        outcome = self.score(key, inputs)
        return outcome.score if type(outcome) is Result else None

    def score(self, key: str, inputs: RawInputs) -> Outcome:
        """Score one indicator; a sum of sub-indicators takes each child's score (``5.12.1=5``) or the child's
        own inputs prefixed by its code (``5.12.1.a=0.3``)."""
        rule = self.rules.get(key)
        if rule is not None and rule.plain:
            return score_indicator(rule, self.maxima.get(key), inputs)
        code = split_key(key)[0] if "#" in key else key
        if rule is None:
            if key not in self.maxima:
                return Rejection(code, f"Bộ chỉ số {self.id} không có chỉ số {key}.")
            return Pending(code, self.maxima.get(key), f"Chưa có quy tắc tính điểm cho chỉ số {key}.")
        if isinstance(rule.method, SumOf):
            return self._sum(rule, inputs)
        return score_indicator(rule, self.maxima.get(key), inputs)

    def _sum(self, rule: Rule, inputs: RawInputs) -> Outcome:
        top = self.max_of(rule.key)
        known = set(rule.method.children)  # type: ignore[attr-defined]
        stray = [n for n in inputs if n not in known and not any(n.startswith(c + ".") for c in known)]
        if stray:
            return Rejection(
                rule.code,
                f"Chỉ số {rule.code} là tổng của {', '.join(sorted(known))}; đầu vào "
                f"'{stray[0]}' không thuộc chỉ số con nào (dùng 5.12.1=điểm hoặc 5.12.1.a=…).",
            )
        scores: dict[str, float] = {}
        details: list[Result | float] = []  # made into text only when the explanation is read
        waiting: list[str] = []
        for child in rule.method.children:  # type: ignore[attr-defined]
            if child in self.unscored:
                waiting.append(child)
                continue
            child_max = self.max_of(child)
            if child in inputs:
                value = inputs[child]
                try:
                    given = value if isinstance(value, float | int) else read_number(str(value)).value
                except NumberError as exc:
                    return Rejection(rule.code, f"Điểm của {child}: {exc.message}")
                if given < 0 or (child_max is not None and given > child_max + 1e-9):
                    return Rejection(
                        rule.code,
                        f"Điểm của {child} = {fmt_num(given)} nằm ngoài [0, {fmt_num(child_max or 0)}].",
                    )
                scores[child] = given
                details.append(given)
                continue
            prefix = child + "."
            sub = {k[len(prefix) :]: v for k, v in inputs.items() if k.startswith(prefix)}
            outcome = self.score(child, sub)
            if isinstance(outcome, Rejection):
                return Rejection(rule.code, f"{child}: {outcome.reason}")
            if isinstance(outcome, Pending):
                waiting.append(child)
                continue
            scores[child] = outcome.score
            details.append(outcome)
        if waiting or top is None:
            why = f"chưa tính được {', '.join(waiting)}" if waiting else "nguồn không cho điểm tối đa"
            return Pending(rule.code, top, f"Chỉ số {rule.code} = tổng các chỉ số con; {why}.")
        raw = sum(scores.values())
        total = min(raw, top)

        def steps() -> list[str]:
            cap = f" → không quá tối đa {fmt_num(top)}" if raw > top else ""
            lines = [
                f"{child}: {fmt_num(d)} (điểm đã nhập)"
                if isinstance(d, float)
                else f"{child}: {' | '.join(d.steps)}"
                for child, d in zip(scores, details, strict=True)
            ]
            return [
                *lines,
                f"Điểm = {' + '.join(fmt_num(s) for s in scores.values())} = {fmt_num(total)}{cap}",
            ]

        return Result(rule.code, total, top, dict(inputs), None, steps)

    def sum_of(self, code: str, scores: Mapping[str, float | Outcome | None]) -> Total:
        """A pillar (or any row) as the sum of its direct children's scores; children without a score are
        listed as waiting instead of being counted as 0."""
        parts: dict[str, float] = {}
        waiting: list[str] = []
        for child in self.children.get(code, ()):
            value = scores.get(child)
            if type(value) is Result:
                parts[child] = value.score
            elif isinstance(value, int | float):
                parts[child] = float(value)
            elif child not in self.unscored:
                waiting.append(child)
        return Total(code, sum(parts.values()), self.max_of(code), parts, tuple(waiting))

    @cached_property
    def unscored(self) -> frozenset[str]:
        """Rows explicitly not scored: never counted as waiting."""
        return frozenset(k for k, r in self.rules.items() if not r.scored)

    def total(self, pillars: Sequence[Total]) -> Total:
        """The framework's total from its pillars."""
        parts = {p.code: p.score for p in pillars}
        waiting = tuple(w for p in pillars for w in p.waiting)
        return Total("", sum(parts.values()), self.framework.total_max, parts, waiting)
