"""A round's status: each indicator's parts by unit, the inputs combined from them (``bot.services.parts``: summed,
or the members' and leads' answers as the rule data says), its score, the pillar sums and the total; each unit's
owed, submitted and late counts. An indicator's ``score`` stays None until every input is there.

The parts themselves are read only when they are to be listed: a province's round has a hundred thousand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.db.models import Membership, Official, RoundValue, Unit, ValueVersion
from bot.services.duties import Reporting, lead_inputs, plan_book, reporting
from bot.services.parts import Tally, combine, counted_elsewhere, tallies
from bot.services.rounds import RoundInfo, aware
from bot.services.values import COUNTED
from knowledge.owners import Owners, combine_mode, owners
from scoring.book import RuleBook
from scoring.methods import SumOf
from scoring.model import Rejection

__all__ = ["IndicatorStatus", "Part", "RoundStatus", "SumStatus", "Tally", "UnitStatus", "combine", "round_status"]


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
    on_behalf: bool = False  # entered for the unit by a focal point or an admin ("nhập thay"; ``by`` is who)

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "inputs": self.inputs, "state": self.state, "version": self.version,
                "by": self.by, "at": aware(self.at).isoformat() if self.at else None, "late": self.late,
                "on_behalf": self.on_behalf}


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
    unassigned: list[str] = field(default_factory=list)  # inputs the plan gives nobody (they fall by default)
    problem: str = ""  # why the summed inputs cannot be scored (a part larger than its whole…)
    combine: dict[str, str] = field(default_factory=dict)  # input → how parts combine: sum, all or any
    default_owners: dict[str, str] = field(default_factory=dict)  # input → the unit it fell to ("giao mặc định")

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "inputs": self.inputs, "score": self.score, "max": self.max,
                "state": self.state, "parts": [p.to_json() for p in self.parts], "missing": self.missing,
                "unassigned": self.unassigned, "problem": self.problem, "combine": self.combine,
                "default_owners": [{"input": n, "unit": u} for n, u in self.default_owners.items()]}


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


PartRow = tuple[Any, str, int, str | None, datetime | None, bool, bool]  # inputs, state, version, by, at, late,
# on behalf


def entered_parts(session: Session, round_id: int) -> list[Any]:
    """Every part entered in the round with its latest version: rows of indicator, unit id, inputs, state,
    version, by, at, late, on behalf (``PartRow`` after the first two), in one query; plain rows through the
    connection, as a province's round has a hundred thousand of them."""
    query = (
        select(RoundValue.indicator, RoundValue.unit_id, ValueVersion.inputs, RoundValue.state, RoundValue.version,
               Official.name, ValueVersion.created_at, RoundValue.late, ValueVersion.on_behalf)
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
    found_owners = {code: owners(kb, info.plan, code) for code in info.indicators}
    by_input = {code: o.by_input for code, o in found_owners.items()}
    rep = reporting(session, info.plan, {n for per in by_input.values() for ns in per.values() for n in ns})
    leads_of = {code: lead_inputs(per) for code, per in by_input.items()}
    overlapping = rep.overlapping(frozenset(leads) for leads in leads_of.values())
    found = tallies(session, info.id, rep, overlapping, by_input)
    states, per_unit = _entered(session, info.id)
    listed = {(r[0], r[1]): r[2:] for r in entered_parts(session, info.id)} if parts else {}
    scores: dict[str, float] = {}
    indicators = []
    for code in info.indicators:
        rule = book.rule(code)
        assert rule is not None
        leads = leads_of[code]
        expected = {lead: len(rep.units[lead].reporters) for lead in leads}
        combined, missing = combine(rule, by_input[code], expected, found.get(code, {}),
                                    counted_elsewhere(by_input[code], overlapping))
        score, problem = None, ""
        if not missing:
            score = book.value(code, combined)  # the compiled rule: only the number is needed here
            if score is not None:
                scores[code] = score
            else:
                outcome = book.score(code, combined)  # why not: the explaining path says
                problem = outcome.reason if isinstance(outcome, Rejection) else ""
        shown = [_named(listed.get((code, r.id)), r.name) for r in _reporters(rep, leads)] if parts else []
        owing = sum(expected.values()) - sum(len(ids.intersection(leads)) - 1 for ids in overlapping.values()
                                             if len(ids.intersection(leads)) > 1)
        own = found_owners[code]
        indicators.append(IndicatorStatus(
            code, names.get(code.split("#")[0], ""), combined, score, book.max_of(code),
            _state(states.get(code, {}), owing), shown, missing, list(own.unassigned), problem,
            {n: combine_mode(rule, n) for n in own.by_input}, _defaults(own)))
    add_sums(book, scores)
    pillars = [book.sum_of(p, scores) for p in book.pillars()]
    whole = book.total(pillars)
    registered = registered_units(session, info.plan)
    unit_rows = [UnitStatus(name, uid, n, *per_unit.get(uid, (0, 0)), uid in registered)
                 for uid, (name, n) in _owed(rep, leads_of.values(), overlapping).items()]
    return RoundStatus(info, indicators, sorted(unit_rows, key=lambda u: u.name),
                       [SumStatus(p.code, p.score, p.max_points, p.complete) for p in pillars],
                       SumStatus("", whole.score, whole.max_points, whole.complete))


def owed_by_unit(session: Session, kb: Any, info: RoundInfo) -> dict[int, tuple[str, int]]:
    """Unit id → (name, how many of the round's indicators it owes): the unit counts of ``round_status`` without
    reading a part or scoring anything (the progress summary, asked at every /tiendo)."""
    by_input = {code: owners(kb, info.plan, code).by_input for code in info.indicators}
    rep = reporting(session, info.plan, {n for per in by_input.values() for ns in per.values() for n in ns})
    leads_of = [lead_inputs(per) for per in by_input.values()]
    overlapping = rep.overlapping(frozenset(leads) for leads in leads_of)
    return _owed(rep, leads_of, overlapping)


def _reporters(rep: Reporting, leads: Mapping[str, Any]) -> list[Any]:
    """The units reporting for an indicator's leads, each once, in lead order."""
    seen: dict[int, Any] = {}
    for lead in leads:
        for r in rep.units[lead].reporters:
            seen.setdefault(r.id, r)
    return list(seen.values())


def _defaults(own: Owners) -> dict[str, str]:
    return {name: ", ".join(units) for name, units in own.defaults.items()}


def _owed(rep: Reporting, indicator_leads: Any, overlapping: Mapping[int, frozenset[str]]
          ) -> dict[int, tuple[str, int]]:
    """Unit id → (name, how many of the round's indicators it owes): each plan unit's count given to every unit
    reporting for it, a unit reporting for two units of one indicator owing it once."""
    per_lead: dict[str, int] = {}
    lead_sets = [frozenset(leads) for leads in indicator_leads]
    for leads in lead_sets:
        for lead in leads:
            per_lead[lead] = per_lead.get(lead, 0) + 1
    owed: dict[int, tuple[str, int]] = {}
    for lead, n in per_lead.items():
        for r in rep.units[lead].reporters:
            if r.id in overlapping:
                owed[r.id] = (r.name, sum(1 for leads in lead_sets if leads & overlapping[r.id]))
            else:
                name, before = owed.get(r.id, (r.name, 0))
                owed[r.id] = (name, before + n)
    return owed


def _named(row: PartRow | None, unit: str) -> Part:
    if row is None:
        return Part(unit, {}, "empty", None, None, None, False)
    return Part(unit, row[0] or {}, *row[1:6], bool(row[6]))


def registered_units(session: Session, plan_id: str) -> set[int]:
    """The plan's units with at least one official registered."""
    found = session.execute(
        select(Membership.unit_id).join(Unit, Unit.id == Membership.unit_id).where(Unit.plan_id == plan_id)
        .distinct()
    )
    return {r[0] for r in found}
