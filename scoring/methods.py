"""The rule kinds found in the sources, each computing a score and, on demand, its Vietnamese explanation.

Every ``evaluate`` returns ``(score, ratio, steps)`` where ``steps`` is a function building the
explanation lines:
the computation happens once and the text is made only if someone reads it, which keeps bulk scoring
fast without
a second, explanation-free copy of the logic.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from scoring import expr
from scoring.choices import Choice, Option
from scoring.measure import EPS, Measure, reached, share_text
from scoring.model import InputRejected, ScoreWaits
from scoring.numbers import fmt_num

Values = Mapping[str, float | str]
Steps = Callable[[], list[str]]
Evaluation = tuple[float, float | None, Steps]


class Method:
    """Base of every rule kind. ``numbers``/``choices`` declare inputs so the engine can coerce and
    check them."""

    kind = ""

    def numbers(self) -> list[str]:
        return []

    def choices(self) -> dict[str, Choice]:
        return {}

    def optional(self) -> list[str]:
        return []

    def evaluate(self, v: Values, top: float, meanings: Mapping[str, str]) -> Evaluation:
        raise NotImplementedError


@dataclass(frozen=True)
class Ratio(Method):
    """``Điểm = Tỷ lệ × Điểm tối đa``."""

    measure: Measure
    kind = "ratio"

    def numbers(self) -> list[str]:
        return self.measure.names

    def evaluate(self, v: Values, top: float, meanings: Mapping[str, str]) -> Evaluation:
        n: Mapping[str, float] = v  # type: ignore[assignment]  # numbers are coerced before evaluation
        r = self.measure.checked(n, meanings)
        score = r * top if r <= 1.0 else top

        def steps() -> list[str]:
            over = " (không quá điểm tối đa)" if r * top > top else ""
            return [
                self.measure.step(n, r),
                f"Điểm = {self.measure.show(r)} × {fmt_num(top)} = {fmt_num(score)}{over}",
            ]

        return score, r, steps


@dataclass(frozen=True)
class Threshold(Method):
    """``≥ at: tối đa``; below: ``scaled`` (Tỷ lệ/at × tối đa), ``proportional`` (Tỷ lệ × tối đa) or
    ``zero``."""

    measure: Measure
    at: float
    below: str = "scaled"
    kind = "threshold"

    def numbers(self) -> list[str]:
        return self.measure.names

    def evaluate(self, v: Values, top: float, meanings: Mapping[str, str]) -> Evaluation:
        n: Mapping[str, float] = v  # type: ignore[assignment]  # numbers are coerced before evaluation
        r = self.measure.checked(n, meanings)
        if r + EPS >= self.at:
            score, how = top, "max"
        elif self.below == "scaled":
            score, how = r / self.at * top, "scaled"
        elif self.below == "proportional":
            score, how = r * top, "proportional"
        else:
            score, how = 0.0, "zero"

        def steps() -> list[str]:
            at, shown = self.measure.show(self.at), self.measure.show(r)
            tail = {
                "max": f"≥ {at} → Điểm = tối đa = {fmt_num(top)}",
                "scaled": f"< {at} → Điểm = {shown} / {at} × {fmt_num(top)} = {fmt_num(score)}",
                "proportional": f"< {at} → Điểm = {shown} × {fmt_num(top)} = {fmt_num(score)}",
                "zero": f"< {at} → Điểm = 0",
            }[how]
            return [f"{self.measure.step(n, r)} {tail}"]

        return score, r, steps


@dataclass(frozen=True)
class Levels(Method):
    """Step levels: ``Mức 1 ≥ 10 %: 100 %; Mức 2 ≥ 7 %: 70 %…`` by ratio, amount or count. ``gate``: a yes/no
    input that must be yes first (``Chưa có chuyên mục: 0 điểm``)."""

    measure: Measure
    levels: tuple[tuple[float, Fraction | float, str], ...]  # (minimum, share of max, share as written)
    otherwise: Fraction | float = 0.0
    gate: str = ""
    gate_choice: Choice | None = None
    kind = "levels"

    def numbers(self) -> list[str]:
        return self.measure.names

    def choices(self) -> dict[str, Choice]:
        return {self.gate: self.gate_choice} if self.gate and self.gate_choice else {}

    def evaluate(self, v: Values, top: float, meanings: Mapping[str, str]) -> Evaluation:
        if self.gate and self.gate_choice is not None:
            opt = self.gate_choice.option(str(v[self.gate]))
            if opt.share == 0:
                return 0.0, None, lambda: [f"{opt.label} → Điểm = 0"]
        n: Mapping[str, float] = v  # type: ignore[assignment]  # numbers are coerced before evaluation
        m = self.measure.value(n, meanings)
        for i, (minimum, share, written) in enumerate(self.levels, start=1):
            if reached(m, minimum):
                score = float(share) * top
                return (
                    score,
                    self._ratio(m),
                    lambda i=i, minimum=minimum, written=written, score=score, share=share: [
                        f"{self.measure.step(n, m)} ≥ {self.measure.show(minimum)} → Mức {i}: "
                        f"Điểm = {share_text(share, written)} × {fmt_num(top)} = {fmt_num(score)}"
                    ],
                )
        score = float(self.otherwise) * top
        lowest = self.measure.show(self.levels[-1][0])
        return (
            score,
            self._ratio(m),
            lambda: [
                f"{self.measure.step(n, m)} < {lowest} → Mức {len(self.levels) + 1}: Điểm = {fmt_num(score)}"
            ],
        )

    def _ratio(self, m: float) -> float | None:
        return m if self.measure.unit == "percent" else None


@dataclass(frozen=True)
class Chosen(Method):
    """Yes/no and choice: the answer picks a share of the maximum (``Phó Bí thư/Phó Chủ tịch: 1/2 × tối
    đa``)."""

    choice: Choice
    name: str = "x"
    kind = "choice"

    def choices(self) -> dict[str, Choice]:
        return {self.name: self.choice}

    @staticmethod
    def points(opt: Option, top: float) -> float:
        """What an answer scores: its points, or its share of the maximum; never above the maximum."""
        return min(opt.points if opt.points is not None else opt.fraction * top, top)

    def evaluate(self, v: Values, top: float, meanings: Mapping[str, str]) -> Evaluation:
        opt: Option = self.choice.option(str(v[self.name]))
        score = self.points(opt, top)

        def steps() -> list[str]:
            if opt.points is not None:
                return [f"{opt.label} → Điểm = {fmt_num(score)}"]
            if opt.share == 1:
                return [f"{opt.label} → Điểm = tối đa = {fmt_num(score)}"]
            if opt.share == 0:
                return [f"{opt.label} → Điểm = 0"]
            return [
                f"{opt.label} → Điểm = {share_text(opt.share, opt.written)} × {fmt_num(top)} "
                f"= {fmt_num(score)}"
            ]

        return score, None, steps


@dataclass(frozen=True)
class PerItem(Method):
    """``Mỗi hoạt động 1 điểm, không quá tối đa`` (``cap`` as a share of the maximum, 1 by default)."""

    each: float
    name: str = "x"
    cap: Fraction | float = 1.0
    item: str = "Số lượng"
    kind = "per_item"

    def numbers(self) -> list[str]:
        return [self.name]

    def evaluate(self, v: Values, top: float, meanings: Mapping[str, str]) -> Evaluation:
        count = float(v[self.name])
        limit = float(self.cap) * top
        raw = count * self.each
        score = min(raw, limit)
        return (
            score,
            None,
            lambda: [
                f"{self.item} = {fmt_num(count)} → {fmt_num(count)} × {fmt_num(self.each)} "
                f"= {fmt_num(raw)} điểm "
                f"(không quá {fmt_num(limit)}) → Điểm = {fmt_num(score)}"
            ],
        )


@dataclass(frozen=True)
class Part:
    label: str
    method: Method
    share: Fraction | float | None = None  # of the maximum
    points: float | None = None  # absolute, when the source gives points
    written: str = ""

    def maximum(self, top: float) -> float:
        """The part's own maximum: its points, or its share of the indicator's maximum ``top``."""
        return self.points if self.points is not None else float(self.share or 0) * top


@dataclass(frozen=True)
class Parts(Method):
    """Sums of parts: ``1/2 × tối đa`` deployed + ``1/2`` connected; ``4/5 + 1/5``; total never above
    the maximum."""

    parts: tuple[Part, ...]
    kind = "parts"

    def numbers(self) -> list[str]:
        return list(dict.fromkeys(n for p in self.parts for n in p.method.numbers()))

    def choices(self) -> dict[str, Choice]:
        out: dict[str, Choice] = {}
        for p in self.parts:
            out.update(p.method.choices())
        return out

    def evaluate(self, v: Values, top: float, meanings: Mapping[str, str]) -> Evaluation:
        done = []
        for p in self.parts:
            part_max = p.maximum(top)
            score, _, part_steps = p.method.evaluate(v, part_max, meanings)
            done.append((p, part_max, score, part_steps))
        raw = sum(d[2] for d in done)
        total = min(raw, top)

        def steps() -> list[str]:
            lines = []
            for i, (p, part_max, _, sub) in enumerate(done, start=1):
                size = (
                    fmt_num(part_max)
                    if p.points is not None
                    else (f"{share_text(p.share or 0, p.written)} × {fmt_num(top)} = {fmt_num(part_max)}")
                )
                lines.append(f"Phần {i} – {p.label} (tối đa {size}):")
                lines += [f"  {line}" for line in sub()]
            cap = f" → không quá tối đa {fmt_num(top)}" if raw > top else ""
            lines.append(
                f"Điểm = {' + '.join(fmt_num(d[2]) for d in done)} = {fmt_num(raw)}{cap}"
                + (f" → Điểm = {fmt_num(total)}" if cap else "")
            )
            return lines

        return total, None, steps


@dataclass(frozen=True)
class MinMax(Method):
    """Min–Max against other provinces: cannot come from one province's numbers. With the best peer value
    (``best``, and optionally the lowest ``worst``, 0 when not given) it is ``(giá trị − thấp nhất) /
    (cao nhất −
    thấp nhất) × tối đa``; without it the indicator waits for publication."""

    measure: Measure
    kind = "min_max"

    def numbers(self) -> list[str]:
        return self.measure.names

    def optional(self) -> list[str]:
        return ["best", "worst"]

    def evaluate(self, v: Values, top: float, meanings: Mapping[str, str]) -> Evaluation:
        n: Mapping[str, float] = v  # type: ignore[assignment]  # numbers are coerced before evaluation
        own = self.measure.value(n, meanings)
        if "best" not in v:
            raise ScoreWaits(
                f"{self.measure.step(n, own)}. Chỉ số tính theo phương pháp Min–Max so với các tỉnh, "
                "thành phố khác: không tính được từ số liệu của riêng một địa phương. "
                "Nếu biết giá trị cao nhất của các địa phương, "
                "nhập best=… (và worst=… nếu biết giá trị thấp nhất); nếu chưa, chờ Bộ TT&TT công bố.",
                own if self.measure.unit == "percent" else None,
            )
        best, worst = float(v["best"]), float(v.get("worst", 0.0))
        if best + 1e-12 < own:
            raise InputRejected(
                f"Giá trị cao nhất best = {self.measure.show(best)} nhỏ hơn giá trị của địa phương "
                f"({self.measure.show(own)}): best phải là giá trị cao nhất, kể cả địa phương này."
            )
        if worst > own + 1e-12:
            raise InputRejected(
                f"Giá trị thấp nhất worst = {self.measure.show(worst)} lớn hơn giá trị của địa "
                f"phương ({self.measure.show(own)})."
            )
        if best == worst:
            raise ScoreWaits("Giá trị cao nhất bằng giá trị thấp nhất: phương pháp Min–Max không xác định.")
        score = (own - worst) / (best - worst) * top
        ratio = own if self.measure.unit == "percent" else None
        low = "" if "worst" in v else " (không nhập giá trị thấp nhất nên lấy 0)"
        return (
            score,
            ratio,
            lambda: [
                self.measure.step(n, own),
                f"Min–Max{low}: Điểm = ({self.measure.show(own)} − {self.measure.show(worst)}) / "
                f"({self.measure.show(best)} − {self.measure.show(worst)}) × {fmt_num(top)} "
                f"= {fmt_num(score)}",
            ],
        )


@dataclass(frozen=True)
class Formula(Method):
    """A formula printed by the source (``Điểm = b/a × M/2 + c/a × M``, M = điểm tối đa), optionally full
    marks once a measure reaches a level; the result is kept within [0, tối đa]."""

    text: str
    node: expr.Node
    fn: Callable[[Mapping[str, float]], float] = field(repr=False)
    guard: Measure
    full_if: tuple[Measure, float] | None = None
    kind = "formula"

    def numbers(self) -> list[str]:
        names = [n for n in expr.names(self.node) if n != "M"]
        if self.full_if:
            names += self.full_if[0].names
        return list(dict.fromkeys(names))

    def evaluate(self, v: Values, top: float, meanings: Mapping[str, str]) -> Evaluation:
        n: Mapping[str, float] = v  # type: ignore[assignment]  # numbers are coerced before evaluation
        values = {**n, "M": top}
        self.guard.value(values, meanings)  # denominators and limits
        if self.full_if is not None:
            m, at = self.full_if
            r = m.value(n, meanings)
            if reached(r, at):
                return top, None, lambda: [f"{m.step(n, r)} ≥ {m.show(at)} → Điểm = tối đa = {fmt_num(top)}"]
        raw = self.fn(values)
        score = min(max(raw, 0.0), top)

        def steps() -> list[str]:
            pre = ""
            if self.full_if is not None:
                m, at = self.full_if
                pre = f"{m.step(n, m.value(n, meanings))} < {m.show(at)} → "
            return [
                f"{pre}Điểm = {expr.render(self.node)} = {expr.render(self.node, values)} = {fmt_num(score)}"
            ]

        return score, None, steps


@dataclass(frozen=True)
class SumOf(Method):
    """``Cộng điểm từ 5.12.1 - 5.12.6``: computed by the rule book, which knows the children's rules."""

    children: tuple[str, ...]
    kind = "sum"


@dataclass(frozen=True)
class Unscored(Method):
    """Explicitly not scored (smart-city pillar 9, rows that are inputs of another indicator…), with
    the reason."""

    reason: str
    kind = "unscored"

    def evaluate(self, v: Values, top: float, meanings: Mapping[str, str]) -> Evaluation:
        raise ScoreWaits(f"Chỉ số không được tính điểm: {self.reason}")
