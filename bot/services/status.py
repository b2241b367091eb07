"""A round's status: each indicator's parts by unit, the inputs summed from them, its score, the pillar sums
and the total; each unit's owed, submitted and late counts.

Parts combine as the rule data says: inputs that add up (counts, money: ``adds``) are summed over the units that
give them; for the others (yes/no, levels, choices) ``answer: lead`` takes the lead unit's answer (a lead that is
a group with members: every member must agree, as below) and ``answer: all`` takes the lowest answer (yes only if
all say yes). Only submitted and approved versions count. An indicator's ``score`` stays None until every input
is there.

A province can have thousands of member units, so the database does the adding: each version's inputs are also
rows (``value_inputs``), and one grouped query gives, per indicator, reporting plan unit and input, how many parts
count, their sum, their smallest number and the distinct answers (``tallies``). The parts themselves are read
only when they are to be listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.db.models import Membership, Official, RoundValue, Unit, ValueInput, ValueVersion
from bot.services.duties import input_owners, lead_inputs, plan_book, reporters
from bot.services.rounds import RoundInfo, aware
from bot.services.values import COUNTED
from scoring.book import RuleBook
from scoring.engine import Rule
from scoring.methods import SumOf
from scoring.model import Rejection


@dataclass(frozen=True)
class Part:
    """One unit's part of one indicator: its latest version (``version`` None when nothing entered)."""

    unit: str
    inputs: dict[str, Any]
    state: str
    version: int | None
    by: str | None
    at: datetime | None
    late: bool

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


@dataclass
class Tally:
    """The counted parts of one input from the units reporting for one plan unit."""

    count: int = 0
    total: float = 0.0
    least: float | None = None
    answers: set[str] = field(default_factory=set)


Tallies = Mapping[tuple[str, str], Tally]  # (plan unit name, input) → tally, for one indicator



def tallies(session: Session, round_id: int, names: Mapping[int, str]) -> dict[str, dict[tuple[str, str], Tally]]:
    """Indicator → (plan unit, input) → tally of the counted parts, added up by the database. ``names`` maps
    the ids of the plan units that report (a group, or a unit reporting for itself) to their names."""
    out: dict[str, dict[tuple[str, str], Tally]] = {}
    owner = func.coalesce(Unit.parent_id, Unit.id)
    query = (
        select(RoundValue.indicator, owner, ValueInput.name, ValueInput.answer, func.count(),
               func.sum(ValueInput.number), func.min(ValueInput.number))
        .join(Unit, Unit.id == RoundValue.unit_id)
        .join(ValueInput, ValueInput.version_id == RoundValue.latest_id)
        .where(RoundValue.round_id == round_id, RoundValue.state.in_(COUNTED))
        .group_by(RoundValue.indicator, owner, ValueInput.name, ValueInput.answer)
    )
    for indicator, owner_id, key, answer, count, total, least in session.execute(query):
        name = names.get(owner_id)
        if name is None:
            continue  # a unit the round no longer asks (moved since it entered)
        tally = out.setdefault(indicator, {}).setdefault((name, key), Tally())
        tally.count += count
        if answer is None:
            tally.total += float(total)
            tally.least = float(least) if tally.least is None else min(tally.least, float(least))
        else:
            tally.answers.add(answer)
    return out


def _lowest(rule: Rule, name: str, tally: Tally) -> Any:
    """The lowest answer: the smallest number, or the option worth least (``khong`` before ``co``)."""
    choice = rule.method.choices().get(name)
    if choice is None or not tally.answers:
        return tally.least

    def worth(key: str) -> float:
        opt = choice.option(key)
        return opt.points if opt.points is not None else opt.fraction

    return min(tally.answers, key=worth)


def combine(rule: Rule, owners: Mapping[str, tuple[str, ...]], expected: Mapping[str, int], found: Tallies
            ) -> tuple[dict[str, Any], list[str]]:
    """The indicator's inputs from its units' counted parts, and the inputs still missing. ``expected``: how many
    units report for each plan unit; ``found``: the tallies of what they entered."""
    combined: dict[str, Any] = {}
    missing: list[str] = []
    for name, leads in owners.items():
        if name not in rule.adds and rule.answer == "lead":
            leads = leads[:1]
        tallies_ = [found.get((lead, name), Tally()) for lead in leads]
        if not leads or any(t.count < expected.get(lead, 1) for t, lead in zip(tallies_, leads, strict=True)):
            missing.append(name)
        elif name in rule.adds:
            combined[name] = sum(t.total for t in tallies_)
        else:
            merged = Tally(sum(t.count for t in tallies_), 0.0,
                           min((t.least for t in tallies_ if t.least is not None), default=None),
                           set().union(*(t.answers for t in tallies_)))
            combined[name] = _lowest(rule, name, merged)
    return combined, missing


def _state(states: Mapping[str, int], owed: int) -> str:
    entered = {s for s, n in states.items() if n and s != "empty"}
    if not entered:
        return "empty"
    if "returned" in entered:
        return "returned"
    done = sum(n for s, n in states.items() if s in COUNTED)
    if done < owed or not entered <= set(COUNTED):
        return "partial"
    return "approved" if entered == {"approved"} else "submitted"


def add_sums(book: RuleBook, scores: dict[str, float]) -> None:
    """Rows that are sums of sub-indicators (5.12 = 5.12.1 + … + 5.12.6), deepest first, added to ``scores``
    when every child has a score."""
    sums = [k for k, r in book.rules.items() if isinstance(r.method, SumOf)]
    for key in sorted(sums, key=lambda k: -k.count(".")):
        children = book.rules[key].method.children  # type: ignore[attr-defined]
        if all(c in scores for c in children):
            total = book.value(key, {c: scores[c] for c in children})
            if total is not None:
                scores[key] = total


PartRow = tuple[Any, str, int, str | None, datetime | None, bool]  # inputs, state, version, by, at, late


def entered_parts(session: Session, round_id: int) -> list[Any]:
    """Every part entered in the round with its latest version: rows of indicator, unit id, inputs, state,
    version, by, at, late (``PartRow`` after the first two), in one query; plain rows through the connection,
    as a province's round has a hundred thousand of them."""
    query = (
        select(RoundValue.indicator, RoundValue.unit_id, ValueVersion.inputs, RoundValue.state, RoundValue.version,
               Official.name, ValueVersion.created_at, RoundValue.late)
        .join(ValueVersion, ValueVersion.id == RoundValue.latest_id)
        .outerjoin(Official, Official.id == ValueVersion.official_id)
        .where(RoundValue.round_id == round_id)
    )
    return list(session.connection().execute(query).all())


def _entered(session: Session, round_id: int) -> tuple[dict[str, dict[str, int]], dict[int, tuple[int, int]]]:
    """Per indicator the parts by state; per unit its counted parts and how many of them were late."""
    states: dict[str, dict[str, int]] = {}
    for indicator, state, n in session.execute(
        select(RoundValue.indicator, RoundValue.state, func.count()).where(RoundValue.round_id == round_id)
        .group_by(RoundValue.indicator, RoundValue.state)
    ):
        states.setdefault(indicator, {})[state] = n
    late = func.sum(case((RoundValue.late, 1), else_=0))
    per_unit = {
        unit: (n, int(lates or 0))
        for unit, n, lates in session.execute(
            select(RoundValue.unit_id, func.count(), late)
            .where(RoundValue.round_id == round_id, RoundValue.state.in_(COUNTED))
            .group_by(RoundValue.unit_id)
        )
    }
    return states, per_unit


def round_status(session: Session, kb: Any, info: RoundInfo, *, parts: bool = True) -> RoundStatus:
    """The whole round. ``parts=False`` leaves each indicator's part list empty (the scores and counts are the
    same): what a summary needs, without reading every part of thousands of units."""
    book = plan_book(kb, info.plan)
    names = {ind.code: ind.name for ind in kb.frameworks[book.id].indicators}
    names.update({a.code: a.name for a in kb.plan(info.plan).assignments if a.name})  # the plan's own wording
    owners = {code: input_owners(kb, info.plan, code) for code in info.indicators}
    units = reporters(session, info.plan, {n for per in owners.values() for ns in per.values() for n in ns})
    found = tallies(session, info.id, {u.id: lead for lead, u in units.items()})
    states, per_unit = _entered(session, info.id)
    listed = {(r[0], r[1]): r[2:] for r in entered_parts(session, info.id)} if parts else {}
    owed_by_lead: dict[str, int] = {}  # indicators asked of each plan unit (each of its reporters owes them)
    scores: dict[str, float] = {}
    indicators = []
    for code in info.indicators:
        rule = book.rule(code)
        assert rule is not None
        leads = lead_inputs(owners[code])
        for lead in leads:
            owed_by_lead[lead] = owed_by_lead.get(lead, 0) + 1
        owing = sum(len(units[lead].reporters) for lead in leads)
        combined, missing = combine(rule, owners[code], {lead: len(units[lead].reporters) for lead in leads},
                                    found.get(code, {}))
        score, problem = None, ""
        if not missing:
            score = book.value(code, combined)  # the compiled rule: only the number is needed here
            if score is not None:
                scores[code] = score
            else:
                outcome = book.score(code, combined)  # why not: the explaining path says
                problem = outcome.reason if isinstance(outcome, Rejection) else ""
        shown = [_named(listed.get((code, r.id)), r.name) for lead in leads for r in units[lead].reporters
                 ] if parts else []
        gaps = [n for n, ls in owners[code].items() if not ls]
        indicators.append(IndicatorStatus(code, names.get(code.split("#")[0], ""), combined, score,
                                          book.max_of(code), _state(states.get(code, {}), owing), shown,
                                          missing, gaps, problem))
    add_sums(book, scores)
    pillars = [book.sum_of(p, scores) for p in book.pillars()]
    whole = book.total(pillars)
    registered = _registered(session, info.plan)
    owed: dict[int, tuple[str, int]] = {}
    for lead, n in owed_by_lead.items():
        for r in units[lead].reporters:
            name, before = owed.get(r.id, (r.name, 0))
            owed[r.id] = (name, before + n)
    unit_rows = [UnitStatus(name, uid, n, *per_unit.get(uid, (0, 0)), uid in registered)
                 for uid, (name, n) in owed.items()]
    return RoundStatus(info, indicators, sorted(unit_rows, key=lambda u: u.name),
                       [SumStatus(p.code, p.score, p.max_points, p.complete) for p in pillars],
                       SumStatus("", whole.score, whole.max_points, whole.complete))


def _named(row: PartRow | None, unit: str) -> Part:
    if row is None:
        return Part(unit, {}, "empty", None, None, None, False)
    return Part(unit, row[0] or {}, *row[1:])


def _registered(session: Session, plan_id: str) -> set[int]:
    """The plan's units with at least one official registered."""
    found = session.execute(
        select(Membership.unit_id).join(Unit, Unit.id == Membership.unit_id).where(Unit.plan_id == plan_id)
        .distinct()
    )
    return {r[0] for r in found}
