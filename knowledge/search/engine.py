"""Answer a question against one plan: which indicator (or which of a few), which unit, or nothing.

The decision of *how sure* we are lives here, in one place: an official must never get a confident wrong answer, so
a weak best match is offered as a choice, and a match below the floor is refused with advice on how to ask.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz

from knowledge.model import Indicator, Plan
from knowledge.normalize import normalize
from knowledge.search.index import Document, Hit, SearchIndex
from knowledge.search.intent import Query, analyze
from knowledge.store import KnowledgeBase

# Calibrated on questions written for the purpose (tests/test_search_quality.py), not on the eval sample.
ANSWER_FLOOR = 0.45  # below this the best match is never presented as the answer
OFFER_FLOOR = 0.42  # below this nothing is offered at all
CLOSE_MARGIN = 0.04  # candidates this close to the best one are offered as choices
UNIT_FLOOR = 80.0  # rapidfuzz similarity (0..100) a unit name must reach


@dataclass(frozen=True, slots=True)
class Match:
    framework: str
    code: str
    name: str
    score: float
    kind: str = "indicator"  # indicator | target | document | project


@dataclass(frozen=True, slots=True)
class UnitIndicator:
    code: str
    name: str
    role: str  # lead | coordinate


@dataclass(frozen=True)
class Answer:
    """The outcome of a question. ``status`` says how to present it:

    ``answer`` (one match), ``choose`` (several close matches), ``none`` (nothing confident),
    ``unknown_code`` (a code that does not exist in this framework), ``unit`` (a unit's indicators),
    ``unknown_unit`` (a unit question naming no known unit)."""

    query: Query
    status: str
    plan_id: str
    matches: list[Match] = field(default_factory=list)
    unit: str | None = None
    indicators: list[UnitIndicator] = field(default_factory=list)

    @property
    def intent(self) -> str:
        if self.status in ("none", "unknown_code", "unknown_unit"):
            return "unknown"
        return self.query.intent


def _doc_for(ind: Indicator, plan: Plan, kb: KnowledgeBase) -> Document:
    a = kb.assignment(plan.id, ind.code)
    body = " ".join([ind.method, " ".join(ind.variables.values()), ind.explanation])
    extra = " ".join([ind.evidence, ind.data_source, a.guidance if a else "", a.target if a else ""])
    return Document(ind.framework, ind.code, ind.name, {"body": body, "extra": extra})


def plan_unit_spellings(kb: KnowledgeBase, plan: Plan) -> list[tuple[str, str]]:
    """(normalised spelling, canonical name) for every unit a plan names as lead or coordinating: every
    spelling the registry knows for it (a unit the registry lacks is matched by its own name)."""
    named = {u for a in plan.assignments for u in (*a.lead, *a.coordinating)}
    named |= {u for it in plan.items for u in (*it.lead, *it.coordinating)}
    spellings: list[tuple[str, str]] = []
    for unit in kb.units:
        if unit.name in named:
            spellings += [(normalize(s), unit.name) for s in {unit.name, unit.short, *unit.aliases} if s]
    spellings += [(normalize(n), n) for n in named if n not in {u.name for u in kb.units}]
    return spellings


def unit_similarity(phrase: str, spelling: str, *, loose: bool = False) -> float:
    """How close a typed (normalised) phrase is to a (normalised) unit spelling, 0..100. ``loose`` also counts
    a phrase whose words are all in the spelling ("so thong tin" in "so thong tin va truyen thong"): good for
    suggesting names, never for taking one without asking."""
    score = max(fuzz.ratio(phrase, spelling), fuzz.token_sort_ratio(phrase, spelling))
    return max(score, fuzz.token_set_ratio(phrase, spelling)) if loose else score


def rank_units(phrase: str, spellings: Iterable[tuple[str, str]], *, loose: bool = False) -> list[tuple[str, float]]:
    """Every unit of ``spellings`` ((normalised spelling, name) pairs) with its best similarity to the
    normalised ``phrase``, best first. Callers decide what is close enough (``UNIT_FLOOR`` for a sure match)."""
    if not phrase:
        return []
    best: dict[str, float] = {}
    for spelling, name in spellings:
        score = unit_similarity(phrase, spelling, loose=loose)
        if score > best.get(name, -1.0):
            best[name] = score
    return sorted(best.items(), key=lambda item: (-item[1], item[0]))


class PlanSearcher:
    """Search over one plan: its framework's indicators and the plan's own items."""

    def __init__(self, kb: KnowledgeBase, plan_id: str) -> None:
        self.kb = kb
        self.plan = kb.plan(plan_id)
        self.framework = kb.frameworks[self.plan.framework]

    @cached_property
    def index(self) -> SearchIndex:
        docs = [_doc_for(i, self.plan, self.kb) for i in self.framework.indicators]
        docs += [
            Document(self.framework.id, it.code, it.name, {"body": it.detail, "extra": it.group})
            for it in self.plan.items
        ]
        return SearchIndex(docs)

    @cached_property
    def _kinds(self) -> dict[str, str]:
        return {it.code: it.kind for it in self.plan.items}

    @cached_property
    def _units(self) -> list[tuple[str, str]]:
        return plan_unit_spellings(self.kb, self.plan)

    def ask(self, question: str) -> Answer:
        query = analyze(question)
        if query.intent == "unit_indicators":
            return self._unit_answer(query)
        if query.codes:
            return self._code_answer(query)
        return self._text_answer(query)

    def _match(self, hit: Hit) -> Match:
        kind = self._kinds.get(hit.doc.code, "indicator")
        return Match(hit.doc.framework, hit.doc.code, hit.doc.name, round(min(hit.score, 1.0), 4), kind)

    def _code_answer(self, query: Query) -> Answer:
        found = [
            Match(self.framework.id, c, ind.name, 1.0)
            for c in dict.fromkeys(query.codes)
            for ind in self.kb.indicators(self.framework.id, c)
        ]
        if not found:
            return Answer(query, "unknown_code", self.plan.id)
        return Answer(query, "answer" if len(found) == 1 else "choose", self.plan.id, found)

    def _text_answer(self, query: Query) -> Answer:
        hits = self.index.search(query.tokens, limit=5)
        if not hits or hits[0].score < OFFER_FLOOR:
            return Answer(query, "none", self.plan.id)
        best = hits[0].score
        close = [h for h in hits if best - h.score <= CLOSE_MARGIN][:3]
        matches = [self._match(h) for h in close]
        if best >= ANSWER_FLOOR and len(close) == 1:
            return Answer(query, "answer", self.plan.id, matches)
        if len(close) == 1:  # a weak lone match: offer it with the runners-up, never state it
            matches = [self._match(h) for h in hits[:3] if h.score >= OFFER_FLOOR]
        return Answer(query, "choose", self.plan.id, matches)

    def resolve_unit(self, phrase: str) -> str | None:
        """The canonical unit a typed phrase names, or None when no unit is close enough."""
        ranked = rank_units(phrase, self._units)
        return ranked[0][0] if ranked and ranked[0][1] >= UNIT_FLOOR else None

    def unit_indicators(self, unit: str) -> list[UnitIndicator]:
        out: list[UnitIndicator] = []
        for a in self.plan.assignments:
            role = "lead" if unit in a.lead else "coordinate" if unit in a.coordinating else None
            if role:
                ind = self.kb.indicator(self.framework.id, a.code)
                out.append(UnitIndicator(a.code, ind.name if ind else "", role))
        for it in self.plan.items:
            role = "lead" if unit in it.lead else "coordinate" if unit in it.coordinating else None
            if role:
                out.append(UnitIndicator(it.code, it.name, role))
        return out

    def _unit_answer(self, query: Query) -> Answer:
        unit = self.resolve_unit(query.unit_phrase)
        if unit is None:
            return Answer(query, "unknown_unit", self.plan.id)
        return Answer(query, "unit", self.plan.id, unit=unit, indicators=self.unit_indicators(unit))


class Searcher:
    """One ``PlanSearcher`` per plan, built on first use and kept."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._plans: dict[str, PlanSearcher] = {}

    def for_plan(self, plan_id: str) -> PlanSearcher:
        if plan_id not in self._plans:
            self._plans[plan_id] = PlanSearcher(self.kb, plan_id)
        return self._plans[plan_id]

    def ask(self, plan_id: str, question: str) -> Answer:
        return self.for_plan(plan_id).ask(question)
