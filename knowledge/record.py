"""Everything known about one code under one plan, gathered in one place.

Used by ``dti-bot show`` (its JSON is a contract) and by the bot's answer card, so that the terminal and the chat
can never disagree about an indicator.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from knowledge.assignments import InputOwner, guidance_difference, input_owners, split_variable
from knowledge.model import Assignment, Plan
from knowledge.owners import CollectionLine, InputCollection, collection, collection_lines
from knowledge.store import KnowledgeBase


@dataclass(frozen=True)
class HistoryEntry:
    record: str
    score: float | None
    max: float | None
    note: str
    label: str = ""  # "Đắk Lắk 2021", for people; ``record`` is the id, for scripts
    year: int | None = None  # the record's year (what "điểm năm 2022" picks); not in the JSON contract

    @property
    def above_max(self) -> bool:
        """A published score above its maximum: a defect of the source, shown as such, never corrected."""
        return self.score is not None and self.max is not None and self.score > self.max


@dataclass(frozen=True)
class FullRecord:
    framework: str
    code: str
    name: str
    max_points: float | None
    method: str
    variables: dict[str, str]
    lead: list[str]
    coordinating: list[str]
    deadline: str
    baseline: str
    target: str
    evidence: str
    history: list[HistoryEntry]
    plan: str
    kind: str = "indicator"
    baseline_year: int | None = None
    explanation: str = ""
    data_source: str = ""
    plan_guidance: str = ""  # the plan's own scoring guidance ("Hướng dẫn"), shown as the method when present
    framework_method: str = ""  # the framework's method, only where it differs from the plan's guidance
    notes: str = ""  # the source's note column ("Ghi chú"): definitions, caps, the layers counted
    inputs: list[InputOwner] = field(default_factory=list)  # who supplies each input, when assigned per input
    lead_text: str = ""
    coordinating_text: str = ""
    detail: str = ""
    pillar: str = ""
    duplicates: int = 1
    children: list[tuple[str, str]] = field(default_factory=list)
    # who enters each input in a collection round, by default or not, and how a group's members' parts combine
    collection: list[InputCollection] = field(default_factory=list)

    @property
    def collection_shown(self) -> list[CollectionLine]:
        """The card's "Nhập số liệu" lines, only where there is something to say: an input given by default, or
        a group unit whose members each give a part (how they add up, or whose answer counts)."""
        if not any(e.default or e.groups for e in self.collection):
            return []
        return collection_lines(self.collection)

    @property
    def method_defines_variables(self) -> bool:
        """True when the method text already spells out every variable (then listing them again is noise)."""
        compact = self.method.replace(" ", "")
        return all(f"{name}=" in compact for name in self.variables)

    @property
    def separate_explanation(self) -> str:
        """The explanation, unless the method text already contains it."""
        return "" if self.explanation in self.method else self.explanation

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for entry in data["history"]:
            entry.pop("label", None)
            entry.pop("year", None)
        data["children"] = [{"code": c, "name": n} for c, n in self.children]
        data["inputs"] = [
            {**asdict(o), "lead": list(o.lead), "coordinating": list(o.coordinating)} for o in self.inputs
        ]
        data["collection"] = [{**asdict(c), "units": list(c.units), "groups": list(c.groups)}
                              for c in self.collection]
        return data


def _history(kb: KnowledgeBase, framework: str, code: str) -> list[HistoryEntry]:
    out: list[HistoryEntry] = []
    for rec in sorted(kb.records_for(framework), key=lambda r: r.year):
        for e in rec.entries:
            if e.code == code:
                out.append(HistoryEntry(rec.id, e.score, e.max_points, e.note, f"{rec.place} {rec.year}".strip(),
                                        rec.year))
    return out


def _input_text(owners: list[InputOwner]) -> str:
    """"a (Kinh phí đầu tư …): Sở Kế hoạch và Đầu tư; phối hợp: …" — one line per input, for the card."""
    lines = []
    for o in owners:
        label = f"{o.variable} — {o.description}" if o.description else o.variable
        helpers = f"; phối hợp: {', '.join(o.coordinating)}" if o.coordinating else ""
        lines.append(f"{label}: {', '.join(o.lead) or 'chưa phân công'}{helpers}")
    return "theo từng đầu vào —\n" + "\n".join(lines)


def _descendant_leads(plan: Plan, code: str) -> str:
    """For a row the plan does not assign itself (a pillar, a group): the units leading the indicators under it,
    most indicators first ("Sở Thông tin và Truyền thông (12 chỉ số), Sở Nội vụ (2 chỉ số)")."""
    counts: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for a in plan.assignments:
        indicator = split_variable(a.code)[0]
        if not indicator.startswith(code + "."):
            continue
        for unit in a.lead:
            if (unit, indicator) not in seen:
                seen.add((unit, indicator))
                counts[unit] += 1
    if not counts:
        return ""
    units = ", ".join(f"{unit} ({n} chỉ số)" for unit, n in counts.most_common())
    return f"không phân công chung; các chỉ số trong nhóm do: {units}"


def _owners_text(plan: Plan, code: str, a: Assignment | None, owners: list[InputOwner]) -> str:
    """What the card says for "Chủ trì" when the plan names no lead for the row itself."""
    if a and (a.lead or a.lead_text):
        return a.lead_text
    if owners:
        return _input_text(owners)
    return _descendant_leads(plan, code)


def full_record(kb: KnowledgeBase, plan_id: str, code: str, occurrence: int = 0) -> FullRecord | None:
    """The record for ``code`` under ``plan_id`` (``occurrence`` picks among duplicated codes), or None."""
    plan = kb.plan(plan_id)
    fw = kb.frameworks[plan.framework]
    rows = kb.indicators(fw.id, code)
    if rows:
        ind = rows[min(occurrence, len(rows) - 1)]
        a = kb.assignment(plan_id, code)
        pillar_code = code.split(".")[0]
        pillar = kb.indicator(fw.id, pillar_code)
        guidance = a.guidance if a else ""
        owners = input_owners(kb, plan_id, code)
        return FullRecord(
            framework=fw.id,
            code=code,
            name=(a.name if a else "") or ind.name,  # an imported plan's own wording of the name
            max_points=ind.max_points,
            method=guidance or ind.method,
            variables=dict(ind.variables),
            lead=list(a.lead) if a else [],
            coordinating=list(a.coordinating) if a else [],
            deadline=a.deadline if a else "",
            baseline=a.baseline if a else "",
            target=a.target if a else "",
            evidence=ind.evidence or (a.evidence if a else ""),
            history=_history(kb, fw.id, code),
            plan=plan_id,
            baseline_year=a.baseline_year if a else None,
            explanation=ind.explanation,
            data_source=ind.data_source or (a.data_source if a else ""),
            plan_guidance=guidance,
            framework_method=ind.method if guidance_difference(guidance, ind.method) else "",
            notes=ind.notes,
            inputs=owners,
            lead_text=_owners_text(plan, code, a, owners),
            coordinating_text=a.coordinating_text if a else "",
            pillar=pillar.name if pillar and pillar is not ind else "",
            duplicates=len(rows),
            children=[(c.code, c.name) for c in kb.children(fw.id, code)],
            collection=collection(kb, plan_id, code if ind is rows[0] else f"{code}#{rows.index(ind) + 1}"),
        )
    for item in plan.items:
        if item.code == code:
            return FullRecord(
                framework=fw.id, code=code, name=item.name, max_points=None, method="", variables={},
                lead=list(item.lead), coordinating=list(item.coordinating), deadline=item.deadline,
                baseline="", target="", evidence="", history=[], plan=plan_id, kind=item.kind,
                lead_text=item.lead_text, coordinating_text=item.coordinating_text, detail=item.detail,
                pillar=item.group,
            )
    return None


def full_records(kb: KnowledgeBase, plan_id: str, code: str) -> list[FullRecord]:
    """Every record for ``code`` (several when the source duplicated the code), empty when it is unknown."""
    count = max(1, len(kb.indicators(kb.plan(plan_id).framework, code)))
    return [r for r in (full_record(kb, plan_id, code, k) for k in range(count)) if r is not None]
