"""What a question gets: the indicators it matched, a unit's rows, or why nothing is stated (``engine`` answers).

Kept apart from the search so that the pieces that build answers (``engine``, ``plan_units``) and those that show
them (the bot's handlers, ``quality``) share one definition.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.search.held_kinds import Held
from knowledge.search.intent import Query


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
    inputs: tuple[str, ...] = ()  # the indicator's input letters, when the plan assigns inputs rather than it
    shared: str = ""  # the unit's other name the plan gives the row under ("Các địa phương"), said beside it

    @property
    def leads(self) -> bool:
        """The unit leads the indicator itself. Leading only some of its inputs ("6.22.b, c" in Gia Lai's plan,
        whose 6.22 row names no lead) is supplying data for it, said apart (``supplies``)."""
        return self.role == "lead" and not self.inputs

    @property
    def supplies(self) -> bool:
        """The unit leads inputs of the indicator, not the indicator (see ``leads``)."""
        return self.role == "lead" and bool(self.inputs)


@dataclass(frozen=True)
class Answer:
    """The outcome of a question. ``status`` says how to present it:

    ``answer`` (one match), ``choose`` (several close matches), ``both`` (two indicators asked in one message),
    ``none`` (nothing confident), ``unknown_code`` (a code that does not exist in this framework), ``unit`` (a
    unit's indicators), ``unknown_unit`` (a unit question naming no known unit), ``number`` (a bare number: which
    pillar or indicator is meant must be asked, never guessed), ``not_held`` (a year, a result or a place the
    plans do not hold: ``held`` says what they do hold)."""

    query: Query
    status: str
    plan_id: str
    matches: list[Match] = field(default_factory=list)
    unit: str | None = None
    indicators: list[UnitIndicator] = field(default_factory=list)
    held: Held | None = None
    hints: list[Match] = field(default_factory=list)  # refused, yet these came close: offered, never stated
    near_units: list[str] = field(default_factory=list)  # ``unknown_unit``: units close to the name, offered
    # ``unit``: rows the unit leads under a name the plan writes otherwise than the question ("Công chức Tài chính
    # và Kế hoạch" beside "CC TCKT"): that name → its rows, listed apart (``unit_names.written_apart``)
    apart: dict[str, list[UnitIndicator]] = field(default_factory=dict)

    @property
    def intent(self) -> str:
        if self.status in ("none", "unknown_code", "unknown_unit", "number", "not_held"):
            return "unknown"
        return self.query.intent

    @property
    def field(self) -> str:
        """What was asked (method, max, owner, deadline, evidence, baseline, target, score, loss, lookup)."""
        return self.query.field
