"""Checks on the values a unit enters, before anything is saved, each with its reason in Vietnamese.

Two severities, as DHIS2 has: ``error`` (not a number, negative, not a whole number where a count is asked, a part
larger than its whole where the rule makes the ratio at most 100 %) — the input is asked again; ``confirm`` (a
part larger than its whole where the rule allows it, a value far from the unit's previous one or from the plan's
2023 result) — accepted only when the user confirms with a comment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.services.vnnumber import NotANumber, parse_vn_number
from scoring import expr
from scoring.choices import normalize
from scoring.engine import Rule
from scoring.measure import Measure
from scoring.methods import Method, Parts
from scoring.model import InputRejected
from scoring.numbers import fmt_num, fmt_pct

# A value more than this many times the reference (or less than its inverse) is "far".
OUTLIER_FACTOR = 3.0
# Words that make a "Số…"/"Tổng số…" input money, a rate or points rather than a count, matched as whole words
# ("chi" alone is not one of them: it is also "chỉ đạo", "địa chỉ", "tiêu chí").
_NOT_COUNTS = re.compile(r"\b(?:kinh phi|ty dong|trieu dong|ngan sach|chi cho|chi thuong xuyen|tong chi|gia tri|grdp"
                         r"|ty le|ty trong)\b|\bdiem\b(?! phuc vu)")
_COUNT_START = ("so ", "tong so ", "tong dan so", "dan so")
_BRACKETS = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class Check:
    """One problem with one input. ``kind``: not_number, negative, not_whole, not_a_choice, part_over_whole,
    over_whole_allowed, far_from_previous, far_from_baseline."""

    input: str
    kind: str
    severity: str  # "error" | "confirm"
    message: str


@dataclass
class Checked:
    """Typed values (numbers as floats, choices as their option key) and the problems found."""

    values: dict[str, float | str] = field(default_factory=dict)
    problems: list[Check] = field(default_factory=list)

    @property
    def errors(self) -> list[Check]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def confirms(self) -> list[Check]:
        return [p for p in self.problems if p.severity == "confirm"]


def is_count(meaning: str) -> bool:
    """A count ("Số lượng…", "Tổng số hồ sơ…") must be a whole number; money and rates need not."""
    said = normalize(_BRACKETS.sub(" ", meaning))  # "(mỗi cái 1 điểm)" says how it scores, not what it is
    return said.startswith(_COUNT_START) and _NOT_COUNTS.search(said) is None


def measures(method: Method) -> list[Measure]:
    """Every measured quantity of a method (a ``parts`` rule has one per part)."""
    if isinstance(method, Parts):
        return [m for p in method.parts for m in measures(p.method)]
    found = getattr(method, "measure", None)
    return [found] if isinstance(found, Measure) else []


def read_value(rule: Rule, name: str, raw: float | int | str) -> float | str | Check:
    """One input typed by a person → its value, or the ``error`` check saying why not."""
    meaning = rule.inputs.get(name, name)
    choices = rule.method.choices()
    if name in choices:
        try:
            return choices[name].option(str(raw)).key
        except InputRejected as exc:
            return Check(name, "not_a_choice", "error", exc.reason)
    number = float(raw) if isinstance(raw, int | float) else parse_vn_number(str(raw))
    if isinstance(number, NotANumber) and is_count(meaning):
        # a count cannot be 1,2: "1.200" is then only twelve hundred
        whole = parse_vn_number(str(raw), whole=True)
        number = whole if not isinstance(whole, NotANumber) else number
    if isinstance(number, NotANumber):
        return Check(name, "not_number", "error", f"{name}: {number.message} ({meaning}).")
    if number < 0:
        return Check(name, "negative", "error", f"{name} = {fmt_num(number)} là số âm: {meaning} không thể âm.")
    if is_count(meaning) and number != int(number):
        return Check(name, "not_whole", "error",
                     f"{name} = {fmt_num(number)} phải là số nguyên ({meaning} là số đếm).")
    return number


def _limits(rule: Rule, values: Mapping[str, float | str]) -> list[Check]:
    numbers = {k: v for k, v in values.items() if isinstance(v, float)}
    out = []
    for measure in measures(rule.method):
        if measure.over != "reject" and measure.unit == "percent" and set(measure.names) <= numbers.keys():
            # a share the rule lets exceed 100 % (capped or allowed): possible, but worth a second look
            try:
                ratio = measure.fn(numbers)
            except ZeroDivisionError:
                ratio = 0.0
            if ratio > 1 + 1e-12:
                why = _meanings(rule, set(measure.names))
                out.append(Check(measure.names[0], "over_whole_allowed", "confirm",
                                 f"{measure.label} = {expr_text(measure, numbers)} vượt 100 %: quy tắc cho phép "
                                 f"nhưng hiếm gặp, xin kiểm tra lại và xác nhận ({why})."))
        for lim in measure.limits:
            names = {*expr.names(lim.part), *expr.names(lim.whole)}
            if not names <= numbers.keys():
                continue  # another unit gives the rest: checked on the summed values
            part, whole = lim.part_fn(numbers), lim.whole_fn(numbers)
            if part <= whole + 1e-12:
                continue
            text = f"{expr.render(lim.part)} = {fmt_num(part)} lớn hơn {expr.render(lim.whole)} = {fmt_num(whole)}"
            out.append(Check(expr.names(lim.part)[0], "part_over_whole", "error",
                             f"{text}: phần không thể lớn hơn tổng ({_meanings(rule, names)})."))
    return out


def expr_text(measure: Measure, numbers: Mapping[str, float]) -> str:
    """``(b+c)/a`` with the numbers put in, as the score's explanation writes it."""
    return f"{expr.render(measure.node, numbers)} = {fmt_pct(measure.fn(numbers))}"


def _meanings(rule: Rule, names: set[str]) -> str:
    return "; ".join(f"{n}: {rule.inputs[n]}" for n in sorted(names) if n in rule.inputs)


def _far(value: float, reference: float) -> bool:
    if reference <= 0:
        return False
    return value > reference * OUTLIER_FACTOR or value < reference / OUTLIER_FACTOR


def check_entry(
    rule: Rule,
    raw: Mapping[str, float | int | str],
    *,
    previous: Mapping[str, object] | None = None,
    baseline_ratio: float | None = None,
) -> Checked:
    """Check one unit's entry for one indicator. ``previous``: the unit's values last round; ``baseline_ratio``:
    the plan's 2023 result as a ratio (compared when this entry alone gives the whole ratio)."""
    checked = Checked()
    for name, value in raw.items():
        got = read_value(rule, name, value)
        if isinstance(got, Check):
            checked.problems.append(got)
        else:
            checked.values[name] = got
    checked.problems.extend(_limits(rule, checked.values))
    for name, value in checked.values.items():
        before = (previous or {}).get(name)
        if isinstance(value, float) and isinstance(before, int | float) and _far(value, float(before)):
            checked.problems.append(Check(
                name, "far_from_previous", "confirm",
                f"{name} = {fmt_num(value)} khác xa giá trị kỳ trước ({fmt_num(float(before))}): "
                "xin kiểm tra lại, nếu đúng hãy xác nhận và ghi chú lý do."))
    if baseline_ratio is not None and not checked.errors:
        for measure in measures(rule.method):
            if measure.is_single or not set(measure.names) <= checked.values.keys():
                continue
            try:
                ratio = measure.value({k: v for k, v in checked.values.items() if isinstance(v, float)},
                                      rule.inputs)
            except InputRejected:
                continue
            if _far(ratio, baseline_ratio):
                checked.problems.append(Check(
                    measure.names[0], "far_from_baseline", "confirm",
                    f"{measure.label} = {fmt_pct(ratio)} khác xa kết quả năm 2023 của kế hoạch "
                    f"({fmt_pct(baseline_ratio)}): xin kiểm tra lại, nếu đúng hãy xác nhận và ghi chú lý do."))
    return checked


def baseline_ratio(text: str) -> float | None:
    """The plan's 2023 result when it is a percentage ("28,58%", "đạt 1,85%") → 0.2858; else None."""
    import re

    found = re.search(r"(\d+(?:[.,]\d+)?)\s*%", text)
    if not found:
        return None
    value = parse_vn_number(found.group(1))
    return None if isinstance(value, NotANumber) else value / 100
