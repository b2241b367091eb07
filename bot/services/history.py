"""An indicator's score across years: the rounds of this plan and of the plans it continues (``plan_links``,
written by ``dti-bot plan rollover --apply``: kon-tum-2025 continues kon-tum-2024), oldest first. Shown by
``/diem MÃ`` and drawn by ``/bieudo MÃ``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bot.db.models import PlanLink

MAX_YEARS = 20  # plans walked back at most (and a loop of links, written by hand, ends)


@dataclass(frozen=True)
class YearScore:
    plan_id: str
    period: str
    score: float | None

    @property
    def label(self) -> str:
        return self.period if self.period[:4] in self.plan_id else f"{self.plan_id} · {self.period}"


def plan_chain(session: Session, plan_id: str) -> list[str]:
    """``plan_id`` and the plans it continues, oldest first."""
    chain = [plan_id]
    while len(chain) < MAX_YEARS:
        link = session.get(PlanLink, chain[-1])
        if link is None or link.previous_id in chain:
            break
        chain.append(link.previous_id)
    return chain[::-1]


def indicator_years(session: Session, kb: Any, plan_id: str, code: str) -> list[YearScore]:
    """The indicator's score in every round of the plan and of the plans it continues (a plan the knowledge base
    no longer has is skipped), oldest first. ``bot.services.reports`` (and with it matplotlib and numpy, for its
    charts) is imported here, when a score is asked for, not when a bot process starts."""
    from bot.services.reports import indicator_history

    out: list[YearScore] = []
    for plan in plan_chain(session, plan_id):
        if plan not in kb.plans:
            continue
        out += [YearScore(plan, period, score) for period, score in indicator_history(session, kb, plan, code)]
    return out
