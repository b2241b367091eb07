"""The knowledge base's vocabulary: frameworks of indicators, plans that assign them, published score records.

These are plain immutable records so that the search index, the bot and the scoring engine can share one loaded
knowledge base without any of them being able to change it. The JSON data files under ``knowledge/data`` map onto
these one to one (see ``knowledge/data/SCHEMA.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scoring.codes import parent_code


@dataclass(frozen=True, slots=True)
class Indicator:
    """One row of a framework: a pillar (code without a dot) or an indicator / sub-indicator."""

    framework: str
    code: str
    name: str
    max_points: float | None = None
    method: str = ""
    variables: dict[str, str] = field(default_factory=dict)
    explanation: str = ""
    evidence: str = ""
    data_source: str = ""
    notes: str = ""
    sources: tuple[str, ...] = ()
    # The code of the sibling whose merged cell (method, maximum, note) this row shares: its maximum is that
    # one shared maximum, counted once in sums (Ninh Thuận 5.8.2 shares 5.8.1's cell).
    merged_with: str = ""

    @property
    def parent(self) -> str | None:
        return parent_code(self.code)

    @property
    def is_pillar(self) -> bool:
        return "." not in self.code


@dataclass(frozen=True, slots=True)
class Framework:
    """A set of indicators scored together (provincial DTI, commune DTI, Ninh Thuận's criteria)."""

    id: str
    name: str
    level: str
    authority: str
    indicators: tuple[Indicator, ...]
    total_max: float | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    """What a plan says about one indicator: who leads, who helps, by when, from where to where."""

    code: str
    lead: tuple[str, ...] = ()
    coordinating: tuple[str, ...] = ()
    lead_text: str = ""
    coordinating_text: str = ""
    deadline: str = ""
    baseline: str = ""
    baseline_year: int | None = None
    target: str = ""
    guidance: str = ""
    evidence: str = ""
    data_source: str = ""
    name: str = ""  # the indicator's name as this plan words it, where that differs from the framework's


@dataclass(frozen=True, slots=True)
class PlanItem:
    """A plan entry that is not a framework indicator (Ninh Thuận's targets, documents to issue, projects)."""

    kind: str  # "target" | "document" | "project"
    code: str  # e.g. "PL1.3", "PL2.11", "PL3.B.2"
    name: str
    lead: tuple[str, ...] = ()
    coordinating: tuple[str, ...] = ()
    lead_text: str = ""
    coordinating_text: str = ""
    deadline: str = ""
    detail: str = ""
    group: str = ""


@dataclass(frozen=True, slots=True)
class Plan:
    """A province's or commune's plan assigning a framework's indicators to units."""

    id: str
    framework: str
    name: str
    document: str
    issued: str
    assignments: tuple[Assignment, ...]
    items: tuple[PlanItem, ...] = ()
    notes: str = ""
    short_name: str = ""  # what a chat shows: "KH 419/KH-UBND tỉnh Kon Tum (2024)"
    focal_point: str = ""  # the plan's overall focal unit ("đầu mối theo dõi chung", who gathers the data)
    focal_point_source: str = ""  # where the focal point comes from: the source's words, or why it is assumed

    @property
    def label(self) -> str:
        return self.short_name or self.name or self.id

    @property
    def table_items(self) -> tuple[PlanItem, ...]:
        """The items that are rows of the plan's appendices (searched, listed per unit); the tasks its text sets
        (kind ``task``: Gia Lai's VI.2) are tasks only, not something a question about indicators finds."""
        return tuple(i for i in self.items if i.kind != "task")


@dataclass(frozen=True, slots=True)
class ScoreEntry:
    code: str
    score: float | None
    max_points: float | None
    note: str = ""
    printed_code: str = ""  # the code as the source prints it, when that differs from ``code`` (a source defect)


@dataclass(frozen=True, slots=True)
class ScoreRecord:
    """Published scores of one place for one year, as printed (defects included)."""

    id: str
    framework: str
    place: str
    year: int
    entries: tuple[ScoreEntry, ...]
    published_total: float | None = None


@dataclass(frozen=True, slots=True)
class Unit:
    """A canonical unit (Sở, UBND, Báo…) and every spelling the sources use for it."""

    name: str
    aliases: tuple[str, ...] = ()
    short: str = ""
