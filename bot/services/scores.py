"""Scores for chat answers: an indicator's, a pillar's or the plan's score from the latest values of the round,
set against the plan's own last result and target and the published records, where points are lost, and what
the total would be if one indicator reached a level.

The round's status is computed once and kept in a small in-process cache keyed by the round and a fingerprint
of its value rows (the newest change, the newest version id): any new version, return or approval
changes the fingerprint, so the next question recomputes. Asking is then one small aggregate query.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import RoundValue, Unit, UnitGroup
from bot.services import rounds as round_service
from bot.services.duties import plan_book
from bot.services.rounds import RoundInfo
from bot.services.status import IndicatorStatus, RoundStatus, add_sums, round_status
from knowledge.normalize import fold
from scoring.book import RuleBook
from scoring.model import Pending
from scoring.whatif import Needed, needed_for

_CACHE: dict[int, tuple[tuple[Any, ...], RoundStatus]] = {}
_LOCK = threading.Lock()
CACHE_ROUNDS = 16  # rounds kept; the oldest entry goes first


def fingerprint(session: Session, round_id: int) -> tuple[Any, ...]:
    """What changes whenever a value of the round does: every new part row, version, return or approval moves
    ``updated_at`` and every version moves ``latest_id``. Two index look-ups (migration 0006), not a count of a
    round's hundred thousand rows."""
    newest = session.scalar(select(func.max(RoundValue.updated_at)).where(RoundValue.round_id == round_id))
    latest = session.scalar(select(func.max(RoundValue.latest_id)).where(RoundValue.round_id == round_id))
    return newest, latest


def membership_mark(session: Session, plan_id: str) -> tuple[Any, ...]:
    """What changes whenever a unit joins a group of the plan or a member unit is added: who owes what, so which
    indicators are complete (a score must not stand while a new member has not given its part)."""
    newest_unit = session.scalar(select(func.max(Unit.id)).where(Unit.plan_id == plan_id))
    joined = session.scalar(select(func.count()).select_from(UnitGroup).join(Unit, Unit.id == UnitGroup.group_id)
                            .where(Unit.plan_id == plan_id))
    return newest_unit, joined


def cached_status(session: Session, kb: Any, info: RoundInfo) -> RoundStatus:
    """The round's status without the parts (scores, sums, counts), recomputed only after a value changed."""
    key = (info.plan, info.period, info.due, info.state, *fingerprint(session, info.id),  # ids repeat across
           *membership_mark(session, info.plan))  # databases
    with _LOCK:
        hit = _CACHE.get(info.id)
    if hit is not None and hit[0] == key:
        return hit[1]
    status = round_status(session, kb, info, parts=False)
    with _LOCK:
        _CACHE[info.id] = (key, status)
        while len(_CACHE) > CACHE_ROUNDS:
            del _CACHE[next(iter(_CACHE))]
    return status


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()


def current_round(session: Session, plan_id: str) -> RoundInfo | None:
    """The open round of the plan, else its latest one."""
    return round_service.find_open(session, plan_id) or round_service.latest_round(session, plan_id)


@dataclass(frozen=True)
class Reference:
    """A score to compare with: a published record (``own`` when it is this plan's province) or the plan's
    own stated result."""

    label: str
    score: float | None
    own: bool

    def difference(self, score: float | None) -> float | None:
        return None if score is None or self.score is None else score - self.score


@dataclass(frozen=True)
class ScoreLine:
    """One answer: what was asked (``kind`` indicator | pillar | total), its score now, maximum, the
    indicators still without a score under it, and what to compare with."""

    kind: str
    code: str
    name: str
    score: float | None
    max: float | None
    waiting: list[str]
    references: list[Reference]
    baseline: str = ""
    target: str = ""
    pending: str = ""  # why there is no score though the values are in (bounds not published…)
    problem: str = ""
    missing_inputs: list[str] = field(default_factory=list)
    baseline_year: int | None = None  # the year of the plan's last result, when the plan says it


def _pending_reason(book: RuleBook, ind: IndicatorStatus) -> str:
    if ind.score is not None or ind.missing or ind.problem:
        return ""
    outcome = book.score(ind.code, ind.inputs)
    return outcome.reason if isinstance(outcome, Pending) else ""


def _is_own(kb: Any, plan_id: str, place: str) -> bool:
    plan = kb.plan(plan_id)
    return fold(place) in fold(f"{plan.name} {plan.short_name}")


def references(kb: Any, plan_id: str, code: str) -> list[Reference]:
    """The published records of the plan's framework for ``code`` ("" = the total), this plan's province
    first; another province's record is named as such."""
    framework = kb.plan(plan_id).framework
    out = []
    for record in kb.records_for(framework):
        own = _is_own(kb, plan_id, record.place)
        if code:
            score = next((e.score for e in record.entries if e.code == code), None)
        else:
            pillars = [e.score for e in record.entries if "." not in e.code]
            score = record.published_total if record.published_total is not None else (
                sum(s for s in pillars if s is not None) if pillars and None not in pillars else None)
        label = f"{record.place} {record.year}" if own else f"{record.place} {record.year} (tỉnh khác, tham khảo)"
        out.append(Reference(label, score, own))
    return sorted(out, key=lambda r: not r.own)


def _scored(book: RuleBook, ind: IndicatorStatus) -> bool:
    return ind.code not in book.unscored


def lookup(kb: Any, status: RoundStatus, code: str = "") -> ScoreLine | None:
    """The score of an indicator, a pillar ("6") or the whole plan (""); None when the round lacks it."""
    plan_id = status.round.plan
    book = plan_book(kb, plan_id)
    framework = kb.frameworks[book.id]
    names = {i.code: i.name for i in framework.indicators}
    if not code:
        waiting = [i.code for i in status.indicators if i.score is None and _scored(book, i)]
        return ScoreLine("total", "", framework.name, status.total.score, status.total.max, waiting,
                         references(kb, plan_id, ""))
    pillar = next((p for p in status.pillars if p.code == code), None)
    if pillar is not None:
        waiting = [i.code for i in status.indicators if i.code.split(".")[0] == code and i.score is None
                   and _scored(book, i)]
        return ScoreLine("pillar", code, names.get(code, ""), pillar.score, pillar.max, waiting,
                         references(kb, plan_id, code))
    ind = next((i for i in status.indicators if i.code == code), None)
    if ind is None:
        return None
    assignment = kb.assignment(plan_id, code)
    return ScoreLine("indicator", code, ind.name, ind.score, ind.max, [code] if ind.score is None else [],
                     references(kb, plan_id, code),
                     assignment.baseline if assignment else "", assignment.target if assignment else "",
                     _pending_reason(book, ind), ind.problem, list(ind.missing),
                     assignment.baseline_year if assignment else None)


@dataclass(frozen=True)
class Loss:
    code: str
    name: str
    score: float
    max: float
    lead: str
    deadline: str
    needed: list[str]

    @property
    def lost(self) -> float:
        return self.max - self.score


def losses(kb: Any, status: RoundStatus) -> list[Loss]:
    """Scored indicators below their maximum, most points lost first (what is needed is filled by
    ``with_needed`` for the ones shown)."""
    out = []
    for ind in status.indicators:
        if ind.score is None or ind.max is None or ind.max - ind.score < 1e-9:
            continue
        a = kb.assignment(status.round.plan, ind.code)
        out.append(Loss(ind.code, ind.name, ind.score, ind.max, a.lead_text if a else "", a.deadline if a else "",
                        []))
    return sorted(out, key=lambda x: (-x.lost, x.code))


def with_needed(kb: Any, status: RoundStatus, loss: Loss) -> Loss:
    """The loss with, per input, what value reaches the maximum with the others unchanged."""
    book = plan_book(kb, status.round.plan)
    rule = book.rule(loss.code)
    ind = next(i for i in status.indicators if i.code == loss.code)
    if rule is None or not rule.plain:
        return loss
    found = []
    for name in [*rule.method.numbers(), *rule.method.choices()]:
        got = needed_for(rule, book.maxima.get(loss.code), ind.inputs, name)
        if isinstance(got, Needed) and (got.value is not None or got.options):
            found.append(got.message)
    return Loss(loss.code, loss.name, loss.score, loss.max, loss.lead, loss.deadline, found)


@dataclass(frozen=True)
class WhatIfTotal:
    code: str
    before: float | None
    after: float
    max: float | None
    total_before: float
    total_after: float
    total_max: float | None


def what_if_total(kb: Any, status: RoundStatus, code: str, points: float) -> WhatIfTotal | None:
    """The total if indicator ``code`` scored ``points`` (the others as they are now)."""
    ind = next((i for i in status.indicators if i.code == code), None)
    if ind is None:
        return None
    book = plan_book(kb, status.round.plan)
    top = ind.max
    points = min(points, top) if top is not None else points
    scores = {i.code: i.score for i in status.indicators if i.score is not None}
    scores[code] = points
    add_sums(book, scores)  # a sum row (5.12) above the changed indicator follows it
    scores[code] = points
    pillars = [book.sum_of(p, scores) for p in book.pillars()]
    whole = book.total(pillars)
    return WhatIfTotal(code, ind.score, points, top, status.total.score, whole.score, status.total.max)

