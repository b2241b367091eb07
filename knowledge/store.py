"""Load the bundled knowledge data files into one read-only ``KnowledgeBase`` with the look-ups everyone needs.

The data ships inside the package (``knowledge/data``) so that ``pip install .`` gives a working bot without the
source documents. Loading is done once per process; the result is shared and never mutated.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

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


def _tuple(values: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(values or ())


def _indicator(framework: str, raw: dict[str, Any]) -> Indicator:
    return Indicator(
        framework=framework,
        code=raw["code"],
        name=raw["name"],
        max_points=raw.get("max_points"),
        method=raw.get("method", ""),
        variables=dict(raw.get("variables") or {}),
        explanation=raw.get("explanation", ""),
        evidence=raw.get("evidence", ""),
        data_source=raw.get("data_source", ""),
        notes=raw.get("notes", ""),
        sources=_tuple(raw.get("sources")),
    )


def _framework(raw: dict[str, Any]) -> Framework:
    fid = raw["id"]
    return Framework(
        id=fid,
        name=raw["name"],
        level=raw.get("level", ""),
        authority=raw.get("authority", ""),
        total_max=raw.get("total_max"),
        indicators=tuple(_indicator(fid, r) for r in raw["indicators"]),
    )


def _assignment(raw: dict[str, Any]) -> Assignment:
    return Assignment(
        code=raw["code"],
        lead=_tuple(raw.get("lead")),
        coordinating=_tuple(raw.get("coordinating")),
        lead_text=raw.get("lead_text", ""),
        coordinating_text=raw.get("coordinating_text", ""),
        deadline=raw.get("deadline", ""),
        baseline=raw.get("baseline", ""),
        baseline_year=raw.get("baseline_year"),
        target=raw.get("target", ""),
        guidance=raw.get("guidance", ""),
        evidence=raw.get("evidence", ""),
        data_source=raw.get("data_source", ""),
    )


def _item(raw: dict[str, Any]) -> PlanItem:
    return PlanItem(
        kind=raw["kind"],
        code=raw["code"],
        name=raw["name"],
        lead=_tuple(raw.get("lead")),
        coordinating=_tuple(raw.get("coordinating")),
        lead_text=raw.get("lead_text", ""),
        coordinating_text=raw.get("coordinating_text", ""),
        deadline=raw.get("deadline", ""),
        detail=raw.get("detail", ""),
        group=raw.get("group", ""),
    )


def _plan(raw: dict[str, Any]) -> Plan:
    return Plan(
        id=raw["id"],
        framework=raw["framework"],
        name=raw.get("name", ""),
        document=raw.get("document", ""),
        issued=raw.get("issued", ""),
        notes=raw.get("notes", ""),
        short_name=raw.get("short_name", ""),
        assignments=tuple(_assignment(a) for a in raw.get("assignments", [])),
        items=tuple(_item(i) for i in raw.get("items", [])),
    )


def _record(raw: dict[str, Any]) -> ScoreRecord:
    return ScoreRecord(
        id=raw["id"],
        framework=raw["framework"],
        place=raw.get("place", ""),
        year=int(raw["year"]),
        published_total=raw.get("published_total"),
        entries=tuple(
            ScoreEntry(code=e["code"], score=e.get("score"), max_points=e.get("max_points"), note=e.get("note", ""))
            for e in raw["entries"]
        ),
    )


def _read_all(folder: Path) -> list[dict[str, Any]]:
    if not folder.is_dir():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def load_from(root: Path) -> KnowledgeBase:
    """Load every data file below ``root`` (a folder laid out as ``knowledge/data``)."""
    frameworks = {f.id: f for f in map(_framework, _read_all(root / "frameworks"))}
    plans = {p.id: p for p in map(_plan, _read_all(root / "plans"))}
    records = {r.id: r for r in map(_record, _read_all(root / "records"))}
    units_file = root / "units.json"
    units_raw = json.loads(units_file.read_text(encoding="utf-8"))["units"] if units_file.exists() else []
    units = tuple(Unit(name=u["name"], aliases=_tuple(u.get("aliases")), short=u.get("short", "")) for u in units_raw)

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
