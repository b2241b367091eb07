"""Load the bundled knowledge data files into one read-only ``KnowledgeBase`` with the look-ups everyone needs.

The data ships inside the package (``knowledge/data``) so that ``pip install .`` gives a working bot without the
source documents. Loading is done once per process; the result is shared and never mutated.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from knowledge.model import (
    Assignment,
    Framework,
    Indicator,
    Plan,
    PlanItem,
    ScoreEntry,
    ScoreRecord,
    Unit,
)

T = TypeVar("T")


def data_dir() -> Path:
    """Where the bundled data files are (inside the installed package)."""
    return Path(str(resources.files("knowledge") / "data"))


@dataclass(frozen=True)
class KnowledgeBase:
    frameworks: dict[str, Framework]
    plans: dict[str, Plan]
    records: dict[str, ScoreRecord]
    units: tuple[Unit, ...]
    _by_code: dict[tuple[str, str], tuple[Indicator, ...]] = field(default_factory=dict, repr=False)
    _assign: dict[tuple[str, str], Assignment] = field(default_factory=dict, repr=False)

    def indicators(self, framework: str, code: str) -> tuple[Indicator, ...]:
        """Every row with this code (normally one; a duplicated source code gives several)."""
        return self._by_code.get((framework, code), ())

    def indicator(self, framework: str, code: str) -> Indicator | None:
        rows = self.indicators(framework, code)
        return rows[0] if rows else None

    def assignment(self, plan_id: str, code: str) -> Assignment | None:
        return self._assign.get((plan_id, code))

    def plan(self, plan_id: str) -> Plan:
        try:
            return self.plans[plan_id]
        except KeyError:
            raise KeyError(f"không có kế hoạch '{plan_id}'") from None

    def framework_of(self, plan_id: str) -> Framework:
        return self.frameworks[self.plan(plan_id).framework]

    def records_for(self, framework: str) -> list[ScoreRecord]:
        return [r for r in self.records.values() if r.framework == framework]

    def children(self, framework: str, code: str) -> list[Indicator]:
        """Direct sub-rows of a pillar or indicator, in source order."""
        return [i for i in self.frameworks[framework].indicators if i.parent == code]


def _record(cls: type[T], raw: dict[str, Any], **given: Any) -> T:
    """Build a model record from its JSON object: known keys only, lists become tuples (records are immutable),
    and each text one string in the process however often the data repeats it (``sys.intern``: an owner such as
    "Sở Thông tin và Truyền thông" is written in 290 places of the plans; issue 20)."""
    values: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name in given:
            values[f.name] = given[f.name]
        elif f.name in raw:
            value = raw[f.name]
            values[f.name] = tuple(map(_one, value)) if isinstance(value, list) else _one(value)
    return cls(**values)


def _one(value: Any) -> Any:
    return sys.intern(value) if type(value) is str else value


def _framework(raw: dict[str, Any]) -> Framework:
    indicators = tuple(
        _record(Indicator, r, framework=raw["id"], variables=dict(r.get("variables") or {})) for r in raw["indicators"]
    )
    return _record(Framework, raw, indicators=indicators)


def _plan(raw: dict[str, Any]) -> Plan:
    assignments = tuple(_record(Assignment, a) for a in raw.get("assignments", []))
    items = tuple(_record(PlanItem, i) for i in raw.get("items", []))
    return _record(Plan, raw, assignments=assignments, items=items)


def _score_record(raw: dict[str, Any]) -> ScoreRecord:
    entries = tuple(_record(ScoreEntry, e) for e in raw["entries"])
    return _record(ScoreRecord, raw, entries=entries, year=int(raw["year"]))


def _read_all(folder: Path) -> list[dict[str, Any]]:
    if not folder.is_dir():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def load_from(root: Path) -> KnowledgeBase:
    """Load every data file below ``root`` (a folder laid out as ``knowledge/data``)."""
    frameworks = {f.id: f for f in map(_framework, _read_all(root / "frameworks"))}
    plans = {p.id: p for p in map(_plan, _read_all(root / "plans"))}
    records = {r.id: r for r in map(_score_record, _read_all(root / "records"))}
    units_file = root / "units.json"
    units_raw = json.loads(units_file.read_text(encoding="utf-8"))["units"] if units_file.exists() else []
    units = tuple(_record(Unit, u) for u in units_raw)

    by_code: dict[tuple[str, str], tuple[Indicator, ...]] = {}
    for fw in frameworks.values():
        for ind in fw.indicators:
            key = (fw.id, ind.code)
            by_code[key] = (*by_code.get(key, ()), ind)
    assign = {(p.id, a.code): a for p in plans.values() for a in p.assignments}
    return KnowledgeBase(frameworks, plans, records, units, by_code, assign)


@cache
def load_knowledge() -> KnowledgeBase:
    """The bundled knowledge base, loaded once per process."""
    return load_from(data_dir())


def plan_from_dict(raw: dict[str, Any]) -> Plan:
    """A plan from its JSON object (as in ``data/plans`` or an imported plan stored by the bot)."""
    return _plan(raw)


def add_plans(kb: KnowledgeBase, plans: list[Plan]) -> None:
    """Add (or replace) plans in a loaded knowledge base, in place: the plans imported from files join the
    bundled ones for every part of the process that holds this knowledge base (chat, rounds, reminders). A
    replaced plan's new assignments go in before the ones it dropped go out, so that a reader meanwhile never
    misses one the plan still has."""
    for plan in plans:
        old = kb.plans.get(plan.id)
        kb._assign.update({(plan.id, a.code): a for a in plan.assignments})
        kb.plans[plan.id] = plan
        if old is not None:
            kept = {a.code for a in plan.assignments}
            for a in old.assignments:
                if a.code not in kept:
                    kb._assign.pop((plan.id, a.code), None)


def remove_plans(kb: KnowledgeBase, plan_ids: list[str]) -> None:
    """Take plans (imported ones no longer stored) out of a loaded knowledge base, in place."""
    for plan_id in plan_ids:
        old = kb.plans.pop(plan_id, None)
        for a in old.assignments if old is not None else ():
            kb._assign.pop((plan_id, a.code), None)
