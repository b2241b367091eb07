"""The quantity a rule looks at: a ratio such as ``(b+c)/a`` or one amount/count ``x``, checked before use.

Checking lives here because every rule kind that reads a ratio needs the same guarantees: no
denominator of 0, and
a part never larger than its whole (households with fibre above all households is a typing error, not a
score).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from scoring import expr
from scoring.model import InputRejected
from scoring.numbers import fmt_num, fmt_pct

Values = Mapping[str, float | str]
Fn = Callable[[Mapping[str, float]], float]
_EPS = 1e-12
EPS = _EPS


@dataclass(frozen=True)
class Limit:
    """``part ≤ whole`` for the inputs a ratio divides (``b+c ≤ a``)."""

    part: expr.Node
    whole: expr.Node
    part_fn: Fn = field(repr=False)
    whole_fn: Fn = field(repr=False)

    @classmethod
    def of(cls, part: str | expr.Node, whole: str | expr.Node) -> Limit:
        p = expr.parse(part) if isinstance(part, str) else part
        w = expr.parse(whole) if isinstance(whole, str) else whole
        return cls(p, w, expr.compile_expr(p), expr.compile_expr(w))


@dataclass(frozen=True)
class Measure:
    """What is measured. ``unit``: ``percent`` (a share), ``number`` (e.g. average trainings per person),
    ``amount`` (money, ``unit_label`` says which), ``count``. ``over``: what to do when the ratio exceeds 1 —
    ``reject`` (a share cannot), ``cap`` (the source says take 1), ``allow`` (not a share)."""

    text: str
    node: expr.Node
    fn: Fn = field(repr=False)
    label: str = "Tỷ lệ"
    unit: str = "percent"
    unit_label: str = ""
    over: str = "reject"
    limits: tuple[Limit, ...] = ()
    denominators: tuple[tuple[expr.Node, Fn], ...] = field(default=(), repr=False)
    names: list[str] = field(default_factory=list, repr=False, compare=False)
    fast: Callable[[Mapping[str, float]], float | None] | None = field(
        default=None, repr=False, compare=False
    )

    @classmethod
    def of(
        cls,
        text: str,
        label: str = "Tỷ lệ",
        unit: str = "percent",
        unit_label: str = "",
        over: str = "reject",
        limits: list[tuple[str, str]] | None = None,
    ) -> Measure:
        node = expr.parse(text)
        divs = expr.divisions(node)
        if limits is None:
            # A share: its numerator cannot exceed its denominator (top-level division only).
            top = node if isinstance(node, expr.BinOp) and node.op == "/" else None
            found: tuple[Limit, ...] = (
                (Limit.of(top.left, top.right),) if top is not None and over == "reject" else ()
            )
        else:
            found = tuple(Limit.of(p, w) for p, w in limits)
        dens = tuple((d.right, expr.compile_expr(d.right)) for d in divs if not isinstance(d.right, expr.Num))
        if unit not in ("percent", "number", "amount", "count"):
            raise expr.ExprError(f"đơn vị '{unit}' không hợp lệ")
        if over not in ("reject", "cap", "allow"):
            raise expr.ExprError(f"cách xử lý tỷ lệ vượt 1 '{over}' không hợp lệ")
        fast = _compile_checked(node, [d for d, _ in dens], found, over == "cap")
        return cls(
            text,
            node,
            expr.compile_expr(node),
            label,
            unit,
            unit_label,
            over,
            found,
            dens,
            expr.names(node),
            fast,
        )

    @property
    def is_single(self) -> bool:
        return isinstance(self.node, expr.Name)

    def checked(self, v: Mapping[str, float], meanings: Mapping[str, str]) -> float:
        """``value`` with the compiled checks tried first (one call for the common, valid case)."""
        quick = self.fast(v) if self.fast is not None else None
        return quick if quick is not None else self.value(v, meanings)

    def value(self, v: Mapping[str, float], meanings: Mapping[str, str]) -> float:
        """The checked value; raises ``InputRejected`` with a reason a person can act on."""
        if self.fast is not None:
            quick = self.fast(v)
            if quick is not None:
                return quick
        for node, fn in self.denominators:
            if fn(v) == 0:
                shown = expr.render(node)
                who = "; ".join(f"{n}: {meanings[n]}" for n in expr.names(node) if n in meanings)
                raise InputRejected(f"Mẫu số {shown} bằng 0 ({who}): không thể tính {self.label.lower()}.")
        for lim in self.limits:
            part, whole = lim.part_fn(v), lim.whole_fn(v)
            if part > whole + _EPS:
                p, w = expr.render(lim.part), expr.render(lim.whole)
                hint = "; ".join(
                    f"{n}: {meanings[n]}"
                    for n in expr.names(lim.part) + expr.names(lim.whole)
                    if n in meanings
                )
                raise InputRejected(
                    f"{p} = {fmt_num(part)} lớn hơn {w} = {fmt_num(whole)}: "
                    f"phần không thể lớn hơn tổng ({hint})."
                )
        value = self.fn(v)
        if self.over == "cap" and value > 1:
            return 1.0
        return value

    def show(self, value: float) -> str:
        """The value in its unit: ``50 %``, ``1,5 tỷ đồng``, ``25``."""
        if self.unit == "percent":
            return fmt_pct(value)
        if self.unit_label:
            return f"{fmt_num(value)} {self.unit_label}"
        return fmt_num(value)

    def step(self, v: Mapping[str, float], value: float) -> str:
        """``Tỷ lệ = (200 + 300) / 1000 = 50 %`` (or ``Số tin, bài = 25``)."""
        if self.is_single:
            return f"{self.label} = {self.show(value)}"
        capped = " (vượt 100 %, nguồn quy định lấy 100 %)" if self.over == "cap" and self.fn(v) > 1 else ""
        return f"{self.label} = {expr.render(self.node, v)} = {self.show(value)}{capped}"


def _compile_checked(
    node: expr.Node, dens: list[expr.Node], limits: tuple[Limit, ...], cap: bool
) -> Callable[[Mapping[str, float]], float | None]:
    """One compiled function doing every check and the computation: ``None`` when a check fails (the slow path
    then finds which one and says why). Same checks as ``Measure.value``, generated from the same trees."""
    tests = [f"{expr.to_python(d)} == 0" for d in dens]
    tests += [f"{expr.to_python(lim.part)} > {expr.to_python(lim.whole)} + {_EPS!r}" for lim in limits]
    body = expr.to_python(node)
    value = f"min({body}, 1.0)" if cap else body
    source = f"lambda v: None if ({' or '.join(tests)}) else {value}" if tests else f"lambda v: {value}"
    checked: Callable[[Mapping[str, float]], float | None] = expr.compile_source(source)
    return checked


def reached(value: float, threshold: float) -> bool:
    """``value ≥ threshold`` tolerant of binary rounding (``0.7`` computed as ``7/10`` still reaches 70 %)."""
    return value + _EPS >= threshold


def share_text(share: Fraction | float, given: str = "") -> str:
    """A share of the maximum as the sources write it: ``1/2``, ``4/5``, ``70 %``."""
    if given:
        return given
    if isinstance(share, Fraction):
        return f"{share.numerator}/{share.denominator}" if share.denominator != 1 else str(share.numerator)
    return fmt_pct(share)
