"""Checks on the values a unit enters, before anything is saved, each with its reason in Vietnamese: the one
implementation behind /nhap, /mau and ``values.submit`` (``check_unit_entry``).

Two severities, as DHIS2 has: ``error`` (not a number, negative, not a whole number where a count is asked, a part
larger than its whole where the rule makes the ratio at most 100 %) — the input is asked again; ``confirm`` (a
part larger than its whole where the rule allows it, a value far from a reference) — accepted only when the user
confirms with a comment. The references, nearest first: the value the unit already entered in this round (a form
row 155 where 15,5 was entered), else its value in the plan's previous round; and, when the unit has no value in a
previous round, the plan's last result (a district's 0,15 % against the province's 52,97 %).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from bot.db.memo import plain_read
from bot.db.models import Round, RoundValue, ValueVersion
from bot.services.duties import Duty, own_meanings, plan_book
from bot.services.rounds import ROUND_COLUMNS, RoundInfo, remember_round
from bot.services.vnnumber import NotANumber, parse_vn_number
from scoring import expr
from scoring.choices import normalize
from scoring.engine import Rule
from scoring.measure import Measure
from scoring.methods import Method, Parts
from scoring.model import InputRejected
from scoring.numbers import fmt_num, fmt_pct

COUNTED = ("submitted", "approved")  # states whose values count towards the score
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
    current: Mapping[str, object] | None = None,
    baseline_year: int | None = None,
    meanings: Mapping[str, str] | None = None,
) -> Checked:
    """Check one unit's entry for one indicator. ``current``: what the unit already entered in this round;
    ``previous``: its values last round; ``baseline_ratio``: the plan's last result as a ratio (of
    ``baseline_year``), compared when this entry alone gives the whole ratio; ``meanings``: the inputs' texts
    as this unit reads them (a district's "của huyện …"), default the rule's."""
    if meanings:
        rule = replace(rule, inputs={**rule.inputs, **meanings})
    checked = Checked()
    for name, value in raw.items():
        got = read_value(rule, name, value)
        if isinstance(got, Check):
            checked.problems.append(got)
        else:
            checked.values[name] = got
    checked.problems.extend(_limits(rule, checked.values))
    for name, value in checked.values.items():
        far = _far_from(name, value, current, "giá trị đã nhập trong đợt này") if current else None
        if far is None and not (current and name in current):
            far = _far_from(name, value, previous, "giá trị kỳ trước")
        if far is not None:
            checked.problems.append(far)
    if baseline_ratio is not None and not checked.errors:
        checked.problems.extend(_far_from_baseline(rule, checked, baseline_ratio, baseline_year))
    return checked


def _far_from(name: str, value: float | str, reference: Mapping[str, object] | None, what: str) -> Check | None:
    before = (reference or {}).get(name)
    if not isinstance(value, float) or not isinstance(before, int | float) or isinstance(before, bool):
        return None
    if not _far(value, float(before)):
        return None
    kind = "far_from_current" if what.endswith("đợt này") else "far_from_previous"
    return Check(name, kind, "confirm", f"{name} = {fmt_num(value)} khác xa {what} ({fmt_num(float(before))}): "
                                        "xin kiểm tra lại, nếu đúng hãy xác nhận và ghi chú lý do.")


def _far_from_baseline(rule: Rule, checked: Checked, baseline: float, year: int | None) -> list[Check]:
    out = []
    for measure in measures(rule.method):
        if measure.is_single or not set(measure.names) <= checked.values.keys():
            continue
        try:
            ratio = measure.value({k: v for k, v in checked.values.items() if isinstance(v, float)}, rule.inputs)
        except InputRejected:
            continue
        if _far(ratio, baseline):
            result = f"kết quả năm {year} của kế hoạch" if year else "kết quả lần trước của kế hoạch"
            out.append(Check(
                measure.names[0], "far_from_baseline", "confirm",
                f"{measure.label} = {fmt_pct(ratio)} khác xa {result} ({fmt_pct(baseline)}): xin kiểm tra lại, "
                "nếu đúng hãy xác nhận và ghi chú lý do."))
    return out


# ------------------------------------------------------------------------------------------ a unit's entry


def check_unit_entry(
    session: Session, kb: Any, info: RoundInfo, duty: Duty, raw: Mapping[str, float | int | str],
    references: References | None = None,
) -> Checked:
    """The checks on an entry for this unit's duty, against its references (see the module's docstring): what
    /nhap shows before the summary, what /mau lists per row, what ``submit`` enforces. ``references``: read with
    the round (``entry_read``) by a caller that had to read it anyway; else read here."""
    rule = plan_book(kb, info.plan).rule(duty.indicator)
    assert rule is not None
    refs = references if references is not None else read_references(session, info, duty.unit_id, duty.indicator)
    previous = refs.previous
    ratio, year = (None, None)
    if previous is None and set(duty.inputs) >= set(rule.inputs):
        ratio, year = plan_baseline(kb, info.plan, duty.indicator)
    checked = check_entry(
        rule,
        {k: v for k, v in raw.items() if k in duty.inputs},
        current=refs.current,
        previous=previous,
        baseline_ratio=ratio,
        baseline_year=year,
        meanings=own_meanings(rule.inputs, duty),
    )
    for name in (n for n in raw if n not in duty.inputs):
        checked.problems.append(Check(name, "not_owed", "error",
                                      f"Đơn vị không được giao đầu vào '{name}' của chỉ số {duty.indicator}; "
                                      f"các đầu vào của đơn vị: {', '.join(duty.inputs)}."))
    return checked


@dataclass(frozen=True)
class References:
    """What an entry is compared with: ``current``, the inputs of the unit's latest version of this part in this
    round (not a returned one: the focal point found it wrong, a correction far from it is what was asked for);
    ``previous``, its counted inputs in the plan's previous round (the round opened before, by id)."""

    current: dict[str, Any] | None
    previous: dict[str, Any] | None


_PREVIOUS_ROUND = aliased(Round, name="previous_round")


def _references(round_id: Any, plan_id: Any) -> tuple[Any, Any]:
    """The two references of the unit ``:unit_id``'s part ``:indicator`` as scalar subqueries, for a round given
    by parameters or by the enclosing query's row."""
    def inputs(round_of: Any, states: Any) -> Any:
        return (select(ValueVersion.inputs).join(RoundValue, RoundValue.latest_id == ValueVersion.id)
                .where(RoundValue.round_id == round_of, RoundValue.indicator == bindparam("indicator"),
                       RoundValue.unit_id == bindparam("unit_id"), states).limit(1).scalar_subquery())

    before = (select(func.max(_PREVIOUS_ROUND.id))
              .where(_PREVIOUS_ROUND.plan_id == plan_id, _PREVIOUS_ROUND.id < round_id).correlate(Round)
              .scalar_subquery())
    return (inputs(round_id, ValueVersion.state != "returned"), inputs(before, ValueVersion.state.in_(COUNTED)))


@cache
def _references_query() -> Select[Any]:
    return select(*_references(bindparam("round_id"), bindparam("plan_id")))


@cache
def _entry_query(lock: bool) -> Select[Any]:
    current, previous = _references(Round.id, Round.plan_id)
    query = (select(*ROUND_COLUMNS, current.label("current"), previous.label("previous"))
             .where(Round.id == bindparam("round_id")))
    return query.with_for_update(read=True, of=Round) if lock else query


def read_references(session: Session, info: RoundInfo, unit_id: int, indicator: str) -> References:
    """The entry's references (one statement)."""
    row = plain_read(session, _references_query(), {"round_id": info.id, "plan_id": info.plan, "unit_id": unit_id,
                                                "indicator": indicator}).one()
    return References(_dict(row[0]), _dict(row[1]))


def entry_read(session: Session, round_id: int, unit_id: int, indicator: str, *, lock: bool = False
               ) -> tuple[RoundInfo, References] | None:
    """The round and the references of a unit's entry in it, in one statement (what each step of /nhap and
    every save read); ``lock``: the round row ``FOR SHARE`` (a save: the round cannot close under it). None when
    there is no such round. The round is remembered for the turn (``rounds.get_round``)."""
    row = plain_read(session, _entry_query(lock), {"round_id": round_id, "unit_id": unit_id, "indicator": indicator}
                          ).first()
    if row is None:
        return None
    info = RoundInfo.of(row)
    remember_round(session, info)
    return info, References(_dict(row.current), _dict(row.previous))


def _dict(value: Any) -> dict[str, Any] | None:
    return dict(value) if value is not None else None


def plan_baseline(kb: Any, plan_id: str, indicator: str) -> tuple[float | None, int | None]:
    """The plan's last result for the indicator as a ratio, and its year, when it is a percentage."""
    for a in kb.plans[plan_id].assignments:
        if a.code == indicator and a.baseline:
            return baseline_ratio(a.baseline), a.baseline_year
    return None, None


def baseline_ratio(text: str) -> float | None:
    """The plan's last result when it is a percentage ("28,58%", "đạt 1,85%") → 0.2858; else None."""
    found = re.search(r"(\d+(?:[.,]\d+)?)\s*%", text)
    if not found:
        return None
    value = parse_vn_number(found.group(1))
    return None if isinstance(value, NotANumber) else value / 100
