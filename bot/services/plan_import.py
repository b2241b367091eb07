"""Imported plans in the database: stored whole (``--apply``) and added to the knowledge base at start, so a plan
imported from a file is answered, collected and reminded like the bundled ones."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import ImportedPlan
from knowledge.model import Plan
from knowledge.store import KnowledgeBase, add_plans, plan_from_dict


def store_plan(session: Session, plan: Plan, source: str, now: datetime) -> bool:
    """Store (or replace) the imported plan; True when it replaced an earlier import of the same id."""
    row = session.get(ImportedPlan, plan.id)
    data: dict[str, Any] = asdict(plan)
    if row is None:
        session.add(ImportedPlan(id=plan.id, framework=plan.framework, label=plan.name, source=source, data=data,
                                 imported_at=now))
        return False
    row.framework, row.label, row.source, row.data, row.imported_at = plan.framework, plan.name, source, data, now
    return True


def install(session: Session, kb: KnowledgeBase) -> list[str]:
    """Add every stored imported plan to ``kb`` (in place); the ids added."""
    plans = [plan_from_dict(r.data) for r in session.scalars(select(ImportedPlan).order_by(ImportedPlan.id))]
    add_plans(kb, [p for p in plans if p.framework in kb.frameworks])
    return [p.id for p in plans]
