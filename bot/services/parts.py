"""Adding up a round's parts: each plan unit's counted parts of each input, tallied by the database, and the one
input an indicator is scored from, combined as its rule says.

Inputs that add up (counts, money: the rule's ``adds``) are summed over the units that give them. For the others
(yes/no, levels, choices, a rate) the member units of a group give the group's answer by ``members`` (``all``:
the lowest answer, "có" only if every member says "có"; ``any``: the highest, one "có" is enough), then the lead
units by ``answer`` (``lead``: the first lead's; ``all``: the lowest; ``any``: the highest). Only submitted and
approved versions count; an input is missing until every unit that owes it has given its part, and a group with
no member units never gives one.

A province can have thousands of member units, so the database adds: each version's inputs are also rows
(``value_inputs``), and grouped queries give, per indicator, plan unit and input, how many parts count, their
sum, their smallest and largest numbers and the distinct answers. A unit reporting for two units of one
indicator (a Sở for itself and for "Các sở, ban, ngành") is read part by part instead, and counted once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import RoundValue, Unit, UnitGroup, ValueInput
from bot.services.duties import Reporting
from bot.services.values import COUNTED
from knowledge.owners import counted_owners
from scoring.engine import Rule


@dataclass
class Tally:
    """The counted parts of one input from the units reporting for one plan unit."""

    count: int = 0
    total: float = 0.0
    least: float | None = None
    answers: set[str] = field(default_factory=set)
    most: float | None = None

    def add(self, count: int, total: float | None, least: float | None, most: float | None,
            answer: str | None) -> None:
        self.count += count
        if answer is not None:
            self.answers.add(answer)
        elif least is not None and most is not None:
            self.total += float(total or 0.0)
            self.least = float(least) if self.least is None else min(self.least, float(least))
            self.most = float(most) if self.most is None else max(self.most, float(most))


Tallies = Mapping[tuple[str, str], Tally]  # (plan unit name, input) → tally, for one indicator


def tallies(session: Session, round_id: int, rep: Reporting, overlapping: Mapping[int, frozenset[str]],
            owners: Mapping[str, Mapping[str, tuple[str, ...]]]) -> dict[str, dict[tuple[str, str], Tally]]:
    """Indicator → (plan unit, input) → tally of the round's counted parts: of units reporting for themselves,
    of a group's members created under it and of the units that joined it, added up by the database; the parts
    of ``overlapping`` units one by one, each counted for the first unit giving the input (``owners``:
    indicator → input → the plan units giving it, in order)."""
    out: dict[str, dict[tuple[str, str], Tally]] = {}
    alone = {u.id: name for name, u in rep.units.items() if not u.through_members}
    groups = {u.id: name for name, u in rep.units.items() if u.through_members}
    by_parent = (Unit, Unit.id == RoundValue.unit_id)
    by_link = (UnitGroup, UnitGroup.member_id == RoundValue.unit_id)
    for owner, names, joins in ((RoundValue.unit_id, alone, ()), (Unit.parent_id, groups, (by_parent,)),
                                (UnitGroup.group_id, groups, (by_link,))):
        if not names:
            continue
        query = select(RoundValue.indicator, owner, ValueInput.name, ValueInput.answer, func.count(),
                       func.sum(ValueInput.number), func.min(ValueInput.number), func.max(ValueInput.number))
        for table, on in joins:
            query = query.join(table, on)
        query = (query.join(ValueInput, ValueInput.version_id == RoundValue.latest_id)
                 .where(RoundValue.round_id == round_id, RoundValue.state.in_(COUNTED), owner.in_(list(names)))
                 .group_by(RoundValue.indicator, owner, ValueInput.name, ValueInput.answer))
        if overlapping:
            query = query.where(RoundValue.unit_id.notin_(list(overlapping)))
        for indicator, owner_id, key, answer, count, total, least, most in session.execute(query):
            out.setdefault(indicator, {}).setdefault((names[owner_id], key), Tally()).add(
                count, total, least, most, answer)
    if overlapping:
        _add_one_by_one(session, round_id, overlapping, owners, out)
    return out


def _add_one_by_one(session: Session, round_id: int, overlapping: Mapping[int, frozenset[str]],
                    owners: Mapping[str, Mapping[str, tuple[str, ...]]],
                    out: dict[str, dict[tuple[str, str], Tally]]) -> None:
    """The counted parts of units reporting for two units of one indicator, each input counted for the first
    of the units giving it that the unit reports for."""
    query = (select(RoundValue.indicator, RoundValue.unit_id, ValueInput.name, ValueInput.number, ValueInput.answer)
             .join(ValueInput, ValueInput.version_id == RoundValue.latest_id)
             .where(RoundValue.round_id == round_id, RoundValue.state.in_(COUNTED),
                    RoundValue.unit_id.in_(list(overlapping))))
    for indicator, unit_id, key, number, answer in session.execute(query):
        lead = next((lead for lead in owners.get(indicator, {}).get(key, ()) if lead in overlapping[unit_id]), None)
        if lead is not None:
            out.setdefault(indicator, {}).setdefault((lead, key), Tally()).add(1, number, number, number, answer)


def counted_elsewhere(owners: Mapping[str, tuple[str, ...]], overlapping: Mapping[int, frozenset[str]]
                      ) -> dict[tuple[str, str], int]:
    """(plan unit, input) → how many of the units reporting for it give that input for an earlier unit of the
    indicator (their part counts there): the plan unit waits for that many fewer parts."""
    out: dict[tuple[str, str], int] = {}
    for names in overlapping.values():
        for name, leads in owners.items():
            for lead in [lead for lead in leads if lead in names][1:]:
                out[(lead, name)] = out.get((lead, name), 0) + 1
    return out


def _extreme(rule: Rule, name: str, values: Iterable[Any], mode: str) -> Any:
    """The lowest (``all``) or the highest (``any``) of some answers or numbers: an option by what it is worth
    (``khong`` below ``co``), a number by itself."""
    choice = rule.method.choices().get(name)

    def worth(value: Any) -> float:
        if choice is None:
            return float(value)
        opt = choice.option(value)
        return opt.points if opt.points is not None else opt.fraction

    present = [v for v in values if v is not None]
    return (max if mode == "any" else min)(present, key=worth) if present else None


def combine(rule: Rule, owners: Mapping[str, tuple[str, ...]], expected: Mapping[str, int], found: Tallies,
            less: Mapping[tuple[str, str], int] | None = None) -> tuple[dict[str, Any], list[str]]:
    """The indicator's inputs from its units' counted parts, and the inputs still missing. ``expected``: how many
    units report for each plan unit (0: a group without members, which never gives its part); ``found``: the
    tallies of what they entered; ``less``: parts counted for an earlier unit (``counted_elsewhere``)."""
    combined: dict[str, Any] = {}
    missing: list[str] = []
    for name, leads in owners.items():
        counted = counted_owners(rule, name, leads)
        parts = [(lead, found.get((lead, name), Tally())) for lead in counted]
        if not counted or any(expected.get(lead, 1) == 0 for lead in counted) or any(
                t.count < expected.get(lead, 1) - (less or {}).get((lead, name), 0) for lead, t in parts):
            missing.append(name)
        elif name in rule.adds:
            combined[name] = sum(t.total for _, t in parts)
        else:
            answers = [_extreme(rule, name, t.answers or (t.least, t.most), rule.members) for _, t in parts
                       if t.count]
            combined[name] = _extreme(rule, name, answers, "any" if rule.answer == "any" else "all")
    return combined, missing
