"""A round's status: each indicator's parts by unit, the inputs summed from them, its score, the pillar sums
and the total; each unit's owed, submitted and late counts.

Parts combine as the rule data says: inputs that add up (counts, money: ``adds``) are summed over the units that
give them; for the others (yes/no, levels, choices) ``answer: lead`` takes the lead unit's answer (a lead that is
a group with members: every member must agree, as below) and ``answer: all`` takes the lowest answer (yes only if
all say yes). Only submitted and approved versions count. An indicator's ``score`` stays None until every input
is there. One query reads every part of the round, so the whole round is computed in one pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Membership, Official, RoundValue, Unit, ValueVersion
from bot.services.duties import Duty, duties, input_owners, plan_book, unassigned
from bot.services.rounds import RoundInfo, aware
from bot.services.values import COUNTED
from scoring.book import RuleBook
from scoring.engine import Rule
from scoring.methods import SumOf
from scoring.model import Rejection, Result


@dataclass(frozen=True)
class Part:
    """One unit's part of one indicator: its latest version (``version`` None when nothing entered)."""

    unit: str
    unit_id: int
    inputs: dict[str, Any]
    state: str
    version: int | None
    by: str | None
    at: datetime | None
    late: bool
    group: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "inputs": self.inputs, "state": self.state, "version": self.version,
                "by": self.by, "at": aware(self.at).isoformat() if self.at else None, "late": self.late}


@dataclass(frozen=True)
class IndicatorStatus:
    code: str
    name: str
    inputs: dict[str, Any]  # the combined inputs the score is computed from (only those already there)
    score: float | None
    max: float | None
    state: str  # empty | partial | submitted | returned | approved
    parts: list[Part]
    missing: list[str] = field(default_factory=list)  # inputs not there yet
    unassigned: list[str] = field(default_factory=list)  # inputs the plan gives nobody
    problem: str = ""  # why the summed inputs cannot be scored (a part larger than its whole…)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "inputs": self.inputs, "score": self.score, "max": self.max,
                "state": self.state, "parts": [p.to_json() for p in self.parts], "missing": self.missing,
                "unassigned": self.unassigned, "problem": self.problem}


@dataclass(frozen=True)
class UnitStatus:
    name: str
    unit_id: int
    owed: int
    submitted: int
    late: int
    registered: bool

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "owed": self.owed, "submitted": self.submitted, "late": self.late,
                "registered": self.registered}


@dataclass(frozen=True)
class SumStatus:
    code: str
    score: float
    max: float | None
    complete: bool

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "score": self.score, "max": self.max, "complete": self.complete}


@dataclass(frozen=True)
class RoundStatus:
    round: RoundInfo
    indicators: list[IndicatorStatus]
    units: list[UnitStatus]
    pillars: list[SumStatus]
    total: SumStatus

    def to_json(self) -> dict[str, Any]:
        total = self.total.to_json()
        del total["code"]
        return {"round": self.round.to_json(), "indicators": [i.to_json() for i in self.indicators],
                "units": [u.to_json() for u in self.units], "pillars": [p.to_json() for p in self.pillars],
                "total": total}


Row = tuple[str, int, int, str, dict[str, Any] | None, bool | None, datetime | None, str | None]


def _rows(session: Session, round_id: int) -> dict[tuple[str, int], Row]:
    """Every part of the round with its latest version, in one query."""
    query = (
        select(RoundValue.indicator, RoundValue.unit_id, RoundValue.version, RoundValue.state, ValueVersion.inputs,
               ValueVersion.late, ValueVersion.created_at, Official.name)
        .outerjoin(ValueVersion, (ValueVersion.value_id == RoundValue.id)
                   & (ValueVersion.number == RoundValue.version))
        .outerjoin(Official, Official.id == ValueVersion.official_id)
        .where(RoundValue.round_id == round_id)
    )
    return {(r[0], r[1]): tuple(r) for r in session.execute(query)}


def _lowest(rule: Rule, name: str, values: list[Any]) -> Any:
    """The lowest answer: the smallest number, or the option worth least (``khong`` before ``co``)."""
    choice = rule.method.choices().get(name)
    if choice is None:
        return min(values)

    def worth(key: Any) -> float:
        opt = choice.option(str(key))
        return opt.points if opt.points is not None else opt.fraction

    return min(values, key=worth)


def combine(rule: Rule, owners: dict[str, tuple[str, ...]], parts: Sequence[tuple[Duty, dict[str, Any] | None]]
            ) -> tuple[dict[str, Any], list[str]]:
    """The indicator's inputs from its units' counted parts, and the inputs still missing. ``parts`` pairs each
    duty with its counted values (None when nothing counts yet)."""
    combined: dict[str, Any] = {}
    missing: list[str] = []
    for name, names in owners.items():
        if not names:
            missing.append(name)
            continue
        relevant = [(d, v) for d, v in parts if name in d.inputs]
        if name not in rule.adds and rule.answer == "lead":
            relevant = [(d, v) for d, v in relevant if d.lead == names[0]]
        given = [v[name] for _, v in relevant if v is not None and name in v]
        if not relevant or len(given) < len(relevant):
            missing.append(name)
        elif name in rule.adds:
            combined[name] = float(sum(given))
        else:
            combined[name] = given[0] if len(given) == 1 else _lowest(rule, name, given)
    return combined, missing


def _state(parts: Sequence[Part]) -> str:
    states = {p.state for p in parts}
    if not parts or states <= {"empty"}:
        return "empty"
    if "returned" in states:
        return "returned"
    if states == {"approved"}:
        return "approved"
    if states <= set(COUNTED):
        return "submitted"
    return "partial"


def _sums(book: RuleBook, scores: dict[str, float]) -> None:
    """Rows that are sums of sub-indicators (5.12 = 5.12.1 + … + 5.12.6), deepest first, added to ``scores``
    when every child has a score."""
    sums = [k for k, r in book.rules.items() if isinstance(r.method, SumOf)]
    for key in sorted(sums, key=lambda k: -k.count(".")):
        rule = book.rules[key]
        children = rule.method.children  # type: ignore[attr-defined]
        if all(c in scores for c in children):
            outcome = book.score(key, {c: scores[c] for c in children})
            if isinstance(outcome, Result):
                scores[key] = outcome.score


def round_status(session: Session, kb: Any, info: RoundInfo) -> RoundStatus:
    book = plan_book(kb, info.plan)
    framework = kb.frameworks[book.id]
    names = {ind.code: ind.name for ind in framework.indicators}
    all_duties = duties(session, kb, info.plan, info.indicators)
    rows = _rows(session, info.id)
    gaps = unassigned(kb, info.plan, info.indicators)
    by_indicator: dict[str, list[Duty]] = {}
    for d in all_duties:
        by_indicator.setdefault(d.indicator, []).append(d)
    unit_counts: dict[int, list[int]] = {}
    unit_names: dict[int, str] = {}
    scores: dict[str, float] = {}
    indicators = []
    for code in info.indicators:
        rule = book.rule(code)
        assert rule is not None
        parts: list[Part] = []
        counted: list[tuple[Duty, dict[str, Any] | None]] = []
        for d in by_indicator.get(code, ()):
            row = rows.get((code, d.unit_id))
            counts = unit_counts.setdefault(d.unit_id, [0, 0, 0])
            unit_names[d.unit_id] = d.unit
            counts[0] += 1
            if row is None or row[2] == 0:
                parts.append(Part(d.unit, d.unit_id, {}, "empty", None, None, None, False, d.group))
                counted.append((d, None))
                continue
            _, _, version, state, values, late, at, by = row
            parts.append(Part(d.unit, d.unit_id, dict(values or {}), state, version, by, at, bool(late), d.group))
            counts[1] += state in COUNTED
            counts[2] += bool(late) and state in COUNTED
            counted.append((d, values if state in COUNTED else None))
        combined, missing = combine(rule, input_owners(kb, info.plan, code), counted)
        score, problem = None, ""
        if not missing:
            outcome = book.score(code, combined)
            if isinstance(outcome, Result):
                score = scores[code] = outcome.score
            elif isinstance(outcome, Rejection):
                problem = outcome.reason
        indicators.append(IndicatorStatus(code, names.get(code.split("#")[0], ""), combined, score,
                                          book.max_of(code), _state(parts), parts, missing, gaps.get(code, []),
                                          problem))
    _sums(book, scores)
    pillars = []
    for pillar in book.pillars():
        total = book.sum_of(pillar, scores)
        pillars.append(SumStatus(pillar, total.score, total.max_points, total.complete))
    whole = book.total([book.sum_of(p.code, scores) for p in pillars])
    registered = _registered(session, info.plan)
    units = [UnitStatus(unit_names[u], u, c[0], c[1], c[2], u in registered) for u, c in unit_counts.items()]
    units.sort(key=lambda u: u.name)
    return RoundStatus(info, indicators, units, pillars, SumStatus("", whole.score, whole.max_points,
                                                                   whole.complete))


def _registered(session: Session, plan_id: str) -> set[int]:
    """The plan's units with at least one official registered."""
    found = session.execute(
        select(Membership.unit_id).join(Unit, Unit.id == Membership.unit_id).where(Unit.plan_id == plan_id)
        .distinct()
    )
    return {r[0] for r in found}

