"""Imported plans in the database: stored whole (``--apply``) and added to the knowledge base at start, so a plan
imported from a file is answered, collected and reminded like the bundled ones; a running bot takes in a plan
imported (or imported again) meanwhile within ``ImportedPlans.every`` seconds, without a restart."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import ImportedPlan
from knowledge.model import Plan
from knowledge.store import KnowledgeBase, add_plans, plan_from_dict, remove_plans


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


CHECK_SECONDS = 10.0


class ImportedPlans:
    """Keeps a process's knowledge base in step with the ``imported_plans`` table: ``refresh`` (at the start of
    every turn) reads the table's revision — each plan's id and import time, a few rows — at most every
    ``every`` seconds, and only when it moved loads the plans added or imported again and takes out the ones
    no longer stored (``forget`` is told their ids, for what was built from them: the search's indexes)."""

    def __init__(self, kb: KnowledgeBase, forget: Callable[[list[str]], None] = lambda ids: None, *,
                 every: float | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.kb = kb
        self.forget = forget
        self.every = CHECK_SECONDS if every is None else every
        self.clock = clock
        self.installed: dict[str, datetime] = {}
        self._checked: float | None = None
        self._lock = threading.Lock()

    def refresh(self, session: Session, *, force: bool = False) -> list[str]:
        """Bring the knowledge base up to the table; the ids of the plans added, replaced or removed."""
        now = self.clock()
        if not force and self._checked is not None and now - self._checked < self.every:
            return []
        with self._lock:
            if not force and self._checked is not None and now - self._checked < self.every:
                return []  # another thread has just done it
            self._checked = now
            stored = {i: at for i, at in session.execute(select(ImportedPlan.id, ImportedPlan.imported_at))}
            if stored == self.installed:
                return []
            changed = [i for i, at in stored.items() if self.installed.get(i) != at]
            gone = [i for i in self.installed if i not in stored]
            found = session.scalars(select(ImportedPlan.data).where(ImportedPlan.id.in_(changed))) if changed else ()
            plans = [plan_from_dict(data) for data in found]
            add_plans(self.kb, [p for p in plans if p.framework in self.kb.frameworks])
            remove_plans(self.kb, gone)
            self.forget([*changed, *gone])
            self.installed = stored
            return [*changed, *gone]


def install(session: Session, kb: KnowledgeBase) -> list[str]:
    """Add every stored imported plan to ``kb`` (in place), once (a CLI command); the ids added."""
    return ImportedPlans(kb).refresh(session, force=True)
