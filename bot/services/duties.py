"""Who owes what in a round: each indicator's inputs, the unit each input belongs to, and group units
reporting through their member units.

Who gives each input is the knowledge base's (``knowledge.owners``: the plan's lead units, per-input rows such as
Gia Lai's ``6.22.a`` or Kon Tum's 6.22.1 (``input_of`` 6.22.a), a sub-indicator taking its parent's lead, and an
input the plan gives nobody falling to the indicator's lead or the plan's focal unit, "giao mặc định"). Each unit
is asked only the inputs that are its own. A group unit ("UBND các huyện, thành phố", "Các sở, ban, ngành") does
not report itself: each of its member units reports its own part (a group without members is reported by nobody,
which ``round check`` says). A unit can report for several plan units: a Sở for itself and, as a member, for
"Các sở, ban, ngành"; a district for two groups. It then owes one part per indicator, the inputs of every plan
unit it reports for, and its part counts once, for the first of them that gives the input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Unit
from bot.db.upsert import insert_ignore
from bot.services.units import group_links, unit_place
from knowledge.owners import collected_inputs, input_owners, owners, plan_book
from knowledge.units import is_group_unit
from scoring.book import RuleBook
from scoring.codes import parent_code
from scoring.numbers import NumberError, format_vn, read_number

__all__ = ["Duty", "collected_inputs", "default_indicators", "duties", "input_owners", "plan_book",
           "reporting", "unit_duties"]


@dataclass(frozen=True)
class Duty:
    """One unit asked for some inputs of one indicator. ``group`` is the group unit it reports a part for
    (None when it reports for itself); ``lead`` is the name of the plan's unit this duty comes from (the first,
    for a unit reporting for several); ``default``: those of its inputs the plan gives nobody, fallen to it."""

    indicator: str
    unit_id: int
    unit: str
    inputs: tuple[str, ...]
    lead: str
    group: str | None = None
    default: tuple[str, ...] = ()


# "của Tỉnh, thành phố", "thuộc Tỉnh": the rule data's words for the whole province, in an input's text
_PROVINCE = re.compile(r"\b(của|thuộc)\s+(?:các cơ quan, đơn vị thuộc\s+)?[Tt]ỉnh(?:,\s*thành phố)?(?![\wÀ-ỹ])")


def own_meanings(inputs: Mapping[str, str], duty: Duty) -> dict[str, str]:
    """The texts of the inputs a member unit gives for its group, naming its own level: a district is asked for
    "Tổng số hộ gia đình của huyện Đắk Hà", not "… của Tỉnh, thành phố" (its part, summed into the province's).
    Empty for a unit reporting for itself."""
    if duty.group is None:
        return {}
    own = re.sub(r"^UBND\s+", "", duty.unit)
    out = {}
    for name in duty.inputs:
        text = str(inputs.get(name, ""))
        changed = _PROVINCE.sub(lambda m: f"{m.group(1)} {own}", text)
        if changed != text:
            out[name] = changed
    return out


def shown_inputs(choices: Mapping[str, Any], values: Mapping[str, Any]) -> Mapping[str, Any]:
    """The inputs as the official reads them: a choice by its option's text ("Đã ban hành", not ``co``),
    numbers as they are (the template or the report formats them). ``choices``: the rule's
    (``input_choices``). A number typed off the usual form is shown with how it was read ("12.5 (đọc là 12,5)")."""
    return {n: choices[n].label_of(v) if n in choices and isinstance(v, str) else _as_read(v)
            for n, v in values.items()}


def _as_read(value: Any) -> Any:
    """"12.5" → "12.5 (đọc là 12,5)": a dot read as a decimal point is said so before anything is saved."""
    if not isinstance(value, str):
        return value
    try:
        read = read_number(value)
    except NumberError:
        return value
    return f"{value} (đọc là {format_vn(read.value)}{' %' if read.percent else ''})" if read.note else value


def input_choices(book: RuleBook, code: str) -> Mapping[str, Any]:
    """The choice inputs of an indicator's rule by name (none for a code without a rule)."""
    rule = book.rule(code)
    return rule.method.choices() if rule is not None else {}


def default_indicators(kb: Any, plan_id: str) -> list[str]:
    """Every indicator of the plan whose rule has inputs, in framework order: a framework row the plan assigns
    (itself or through an ancestor row)."""
    plan = kb.plans[plan_id]
    book = plan_book(kb, plan_id)
    assigned = {a.code for a in plan.assignments}
    out = []
    for key in book.maxima:
        if not collected_inputs(book.rule(key)):
            continue
        code: str | None = key.split("#")[0]
        while code is not None and code not in assigned:
            code = parent_code(code)
        if code is not None:
            out.append(key)
    return out


@dataclass(frozen=True)
class Reporter:
    """A unit that reports: a plan's unit itself, or a member unit of a group unit."""

    id: int
    name: str


@dataclass(frozen=True)
class PlanUnit:
    """A unit the plan names and the units that report for it: its member units, or itself alone (a group with
    no members: nobody). ``through_members``: it reports through member units."""

    id: int
    name: str
    reporters: tuple[Reporter, ...]
    through_members: bool = False


@dataclass(frozen=True)
class Reporting:
    """Who reports for each of the plan's units (``units``, by name), and the units reporting for two or more of
    them (``multi``: unit id → their names), whose parts must count once."""

    units: dict[str, PlanUnit]
    multi: dict[int, frozenset[str]]

    def overlapping(self, lead_sets: Iterable[frozenset[str]]) -> dict[int, frozenset[str]]:
        """The units reporting for two or more leads of one indicator (their parts are counted one by one)."""
        sets = set(lead_sets)
        return {uid: names for uid, names in self.multi.items() if any(len(names & leads) > 1 for leads in sets)}


def reporting(session: Session, plan_id: str, names: Iterable[str]) -> Reporting:
    """For each unit the plan names: the units that report for it (its member units by name, those created
    under it and those that joined it; else itself, unless it is a group). Units named by the plan but not in
    the database yet get their row (a unit with nobody registered still owes its values and shows in the
    status). Plain rows, not ORM objects: a province has thousands of member units."""
    wanted = set(names)
    query = select(Unit.id, Unit.name, Unit.parent_id, Unit.is_group).where(Unit.plan_id == plan_id)
    rows = session.execute(query).all()
    missing = sorted(wanted - {r.name for r in rows})
    for name in missing:
        session.execute(insert_ignore(session, Unit, ["plan_id", "name"], {
            "plan_id": plan_id, "name": name, "is_group": is_group_unit(name)}))
    if missing:
        rows = session.execute(query).all()
    links = group_links(session, plan_id)
    joined = {member_id for _, member_id in links}
    mine_rows = {r.id: r for r in rows if r.id in joined or (r.name in wanted and r.parent_id is not None)}
    members: dict[int, list[Reporter]] = {}
    for r in rows:
        if r.parent_id is not None:
            members.setdefault(r.parent_id, []).append(Reporter(r.id, r.name))
    for group_id, member_id in links:
        members.setdefault(group_id, []).append(Reporter(member_id, mine_rows[member_id].name))
    units: dict[str, PlanUnit] = {}
    for r in rows:
        if r.name in wanted:
            mine = members.get(r.id)
            parts = tuple(sorted(mine, key=lambda m: m.name)) if mine else () if r.is_group else (
                Reporter(r.id, r.name),)
            units[r.name] = PlanUnit(r.id, r.name, parts, bool(mine) or r.is_group)
    return Reporting(units, _multi(units, mine_rows, links))


def _multi(units: Mapping[str, PlanUnit], candidates: Mapping[int, Any], links: Iterable[tuple[int, int]]
           ) -> dict[int, frozenset[str]]:
    """The units reporting for two or more plan units: only a unit that joined a group, or a plan unit created
    under a group, can (a member unit created under its group reports for that group alone)."""
    by_id = {u.id: u for u in units.values()}
    found: dict[int, set[str]] = {}
    for uid, row in candidates.items():
        own = units.get(row.name)
        if own is not None and not own.through_members:
            found.setdefault(uid, set()).add(row.name)
        parent = by_id.get(row.parent_id) if row.parent_id is not None else None
        if parent is not None and parent.through_members:
            found.setdefault(uid, set()).add(parent.name)
    for group_id, member_id in links:
        group = by_id.get(group_id)
        if group is not None and group.through_members:
            found.setdefault(member_id, set()).add(group.name)
    return {uid: frozenset(names) for uid, names in found.items() if len(names) > 1}


def lead_inputs(owners: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Input owners turned around: each plan unit → the inputs it gives, in input order."""
    out: dict[str, list[str]] = {}
    for name, unit_names in owners.items():
        for unit_name in unit_names:
            out.setdefault(unit_name, []).append(name)
    return {k: tuple(v) for k, v in out.items()}


Shape = tuple[tuple[str, ...], str, tuple[str, ...]]  # a duty's inputs, lead and inputs given by default


@dataclass
class _PlanShapes:
    """A plan's duty shapes, kept with the plan object (a plan imported again is a new object): ``named``, every
    unit of the plan giving some input; ``shapes``, by the set of those a unit reports for, each code's shape."""

    plan: Any
    named: frozenset[str]
    shapes: dict[frozenset[str], dict[str, Shape | None]]


_SHAPES: dict[tuple[int, str], _PlanShapes] = {}


def _plan_shapes(kb: Any, plan_id: str) -> _PlanShapes:
    plan = kb.plans[plan_id]
    cached = _SHAPES.get((id(kb), plan_id))
    if cached is None or cached.plan is not plan:
        named = frozenset(n for code in plan_book(kb, plan_id).rules
                          for names in owners(kb, plan_id, code).by_input.values() for n in names)
        cached = _SHAPES[(id(kb), plan_id)] = _PlanShapes(plan, named, {})
    return cached


def _shapes(kb: Any, plan_id: str, reports_for: Iterable[str]) -> tuple[Any, dict[str, Shape | None]]:
    """The shapes of the duties of a unit reporting for the plan units ``reports_for`` (itself and/or its
    groups), by code, filled in as asked (``_shape``); only the units of the plan giving inputs count, so every
    member of a group shares them."""
    known = _plan_shapes(kb, plan_id)
    mine = frozenset(n for n in reports_for if n in known.named)
    return mine, known.shapes.setdefault(mine, {})


def _shape(kb: Any, plan_id: str, code: str, mine: frozenset[str], shapes: dict[str, Shape | None]) -> Shape | None:
    """What a unit reporting for the plan units ``mine`` owes for ``code``: every input one of them gives,
    counted for the first of them in the indicator's lead order; None: nothing."""
    if code not in shapes:
        own = owners(kb, plan_id, code)
        lead = next((lead for lead in lead_inputs(own.by_input) if lead in mine), None)
        inputs = tuple(n for n, names in own.by_input.items() if mine.intersection(names))
        shapes[code] = None if lead is None else (inputs, lead, tuple(n for n in inputs if n in own.defaults))
    return shapes[code]


def _duties_of(kb: Any, plan_id: str, codes: Iterable[str], unit_id: int, unit: str,
               reports_for: Iterable[str]) -> list[Duty]:
    """The duties, among ``codes``, of a unit reporting for the plan units ``reports_for``."""
    mine, shapes = _shapes(kb, plan_id, reports_for)
    out = []
    for code in codes:
        shape = _shape(kb, plan_id, code, mine, shapes)
        if shape is not None:
            inputs, lead, default = shape
            out.append(Duty(code, unit_id, unit, inputs, lead, None if lead == unit else lead, default))
    return out


def duties(session: Session, kb: Any, plan_id: str, indicators: Sequence[str]) -> list[Duty]:
    """Every unit's duty in a round of these indicators: per indicator, per owning unit (or each of its
    member units), the inputs it gives; a unit reporting for several of the indicator's units once."""
    found = {code: owners(kb, plan_id, code) for code in indicators}
    rep = reporting(session, plan_id, {n for o in found.values() for names in o.by_input.values() for n in names})
    out: list[Duty] = []
    for code in indicators:
        own = found[code]
        seen: set[int] = set()
        for lead, inputs in lead_inputs(own.by_input).items():
            unit = rep.units[lead]
            group = lead if unit.through_members else None
            default = tuple(n for n in inputs if n in own.defaults)
            for r in unit.reporters:
                if r.id not in rep.multi:
                    out.append(Duty(code, r.id, r.name, inputs, lead, group, default))
                elif r.id not in seen:
                    seen.add(r.id)
                    out.extend(_duties_of(kb, plan_id, [code], r.id, r.name, rep.multi[r.id]))
    return out


def unit_duties(session: Session, kb: Any, plan_id: str, indicators: Sequence[str], unit_id: int) -> list[Duty]:
    """``duties`` of one unit, without building every unit's: what /nhap asks each turn, in a province with
    hundreds of member units. The unit reports for itself when the plan names it (a group never does), and for
    each group it is a member of when the plan names the group. Its place among groups is read once per turn
    (``units.unit_place``); who owes each input is the plan's, worked out once per plan (``owners``)."""
    place = unit_place(session, unit_id)
    if place is None or place.plan_id != plan_id or place.is_group or place.has_members:
        return []  # unknown here, or a group: its members report
    return _duties_of(kb, plan_id, indicators, place.id, place.name, (place.name, *place.groups))
