"""Who owes what in a round: each indicator's inputs, the unit each input belongs to, and group units
reporting through their member units.

The plan names an indicator's lead units; a sub-indicator with no lead of its own (Kon Tum 5.12.1–5.12.6) takes
its parent's. An input can belong to another unit than its indicator: Gia Lai assigns ``6.22.a`` (and
``5.12.1.a``…) as rows of their own, Kon Tum's 6.22.1 and 6.22.2 are rows whose rule says ``input_of`` 6.22.a
and 6.22.b. Each unit is asked only the inputs that are its own. A unit with member units (``units.parent_id``:
the districts under "UBND các huyện, thành phố") does not report itself: each member reports its own part.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Unit
from bot.db.upsert import insert_ignore
from knowledge.rules import rule_book
from scoring.book import RuleBook
from scoring.codes import parent_code
from scoring.engine import Rule
from scoring.numbers import NumberError, format_vn, read_number


@dataclass(frozen=True)
class Duty:
    """One unit asked for some inputs of one indicator. ``group`` is the group unit it reports a part for
    (None when it reports for itself); ``lead`` is the name of the plan's unit this duty comes from."""

    indicator: str
    unit_id: int
    unit: str
    inputs: tuple[str, ...]
    lead: str
    group: str | None = None


def collected_inputs(rule: Rule | None) -> tuple[str, ...]:
    """The inputs a unit gives for a rule (numbers then choices), without Min–Max's ``best``/``worst``, which
    come from other provinces and not from a unit."""
    if rule is None or not rule.plain:
        return ()
    return tuple(dict.fromkeys([*rule.method.numbers(), *rule.method.choices()]))


_BOOKS: dict[tuple[int, str], tuple[Any, RuleBook]] = {}


def plan_book(kb: Any, plan_id: str) -> RuleBook:
    """The rule book of the plan's framework, built once per knowledge base (a round scores every indicator)."""
    framework = kb.plans[plan_id].framework
    cached = _BOOKS.get((id(kb), framework))
    if cached is None or cached[0] is not kb:
        cached = _BOOKS[(id(kb), framework)] = (kb, rule_book(kb, framework))
    return cached[1]


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


def _leads(kb: Any, plan_id: str) -> dict[str, tuple[str, ...]]:
    return {a.code: tuple(a.lead) for a in kb.plans[plan_id].assignments if a.lead}


_OWNERS: dict[tuple[int, str], tuple[Any, dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]] = {}


def _plan_leads(kb: Any, plan_id: str) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """The plan's lead units by code, and by ``<indicator>.<input>`` for rows that are another indicator's
    input; worked out once per knowledge base and plan."""
    cached = _OWNERS.get((id(kb), plan_id))
    if cached is not None and cached[0] is kb:
        return cached[1], cached[2]
    leads = _leads(kb, plan_id)
    rows_of = {r.input_of: leads.get(r.code, ()) for r in plan_book(kb, plan_id).rules.values() if r.input_of}
    _OWNERS[(id(kb), plan_id)] = (kb, leads, rows_of)
    return leads, rows_of


def input_owners(kb: Any, plan_id: str, indicator: str) -> dict[str, tuple[str, ...]]:
    """For each input of ``indicator``: the plan's unit names that give it (empty when the plan names
    nobody: Kon Tum's 6.22 c)."""
    book = plan_book(kb, plan_id)
    leads, rows_of = _plan_leads(kb, plan_id)
    code: str | None = indicator.split("#")[0]
    lead: tuple[str, ...] = ()
    while code is not None and not lead:
        lead = leads.get(code, ())
        code = parent_code(code)
    owners = {}
    for name in collected_inputs(book.rule(indicator)):
        own = f"{indicator}.{name}"
        owners[name] = leads.get(own) or rows_of.get(own) or lead
    return owners


@dataclass(frozen=True)
class Reporter:
    """A unit that reports: a plan's unit itself, or a member unit of a group unit."""

    id: int
    name: str


@dataclass(frozen=True)
class PlanUnit:
    """A unit the plan names, and the units that report for it: its member units, or itself alone."""

    id: int
    name: str
    reporters: tuple[Reporter, ...]


def reporters(session: Session, plan_id: str, names: Iterable[str]) -> dict[str, PlanUnit]:
    """For each unit the plan names: the units that report for it (its member units by name, else itself).
    Units named by the plan but not registered yet get their row (a unit with nobody registered still owes its
    values and shows in the status). Plain rows, not ORM objects: a province has thousands of member units."""
    wanted = set(names)
    query = select(Unit.id, Unit.name, Unit.parent_id).where(Unit.plan_id == plan_id)
    rows = session.execute(query).all()
    missing = sorted(wanted - {r.name for r in rows})
    for name in missing:
        session.execute(insert_ignore(session, Unit, ["plan_id", "name"], {"plan_id": plan_id, "name": name,
                                                                          "is_group": False}))
    if missing:
        rows = session.execute(query).all()
    members: dict[int, list[Reporter]] = {}
    for r in rows:
        if r.parent_id is not None:
            members.setdefault(r.parent_id, []).append(Reporter(r.id, r.name))
    out = {}
    for r in rows:
        if r.name in wanted:
            parts = tuple(sorted(members.get(r.id, ()), key=lambda m: m.name)) or (Reporter(r.id, r.name),)
            out[r.name] = PlanUnit(r.id, r.name, parts)
    return out


def lead_inputs(owners: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Input owners turned around: each plan unit → the inputs it gives, in input order."""
    out: dict[str, list[str]] = {}
    for name, unit_names in owners.items():
        for unit_name in unit_names:
            out.setdefault(unit_name, []).append(name)
    return {k: tuple(v) for k, v in out.items()}


def duties(session: Session, kb: Any, plan_id: str, indicators: Sequence[str]) -> list[Duty]:
    """Every unit's duty in a round of these indicators: per indicator, per owning unit (or each of its
    member units), the inputs it gives."""
    owners = {code: input_owners(kb, plan_id, code) for code in indicators}
    units = reporters(session, plan_id, {n for per in owners.values() for names in per.values() for n in names})
    out: list[Duty] = []
    for code in indicators:
        for lead, inputs in lead_inputs(owners[code]).items():
            plan_unit = units[lead]
            group = lead if plan_unit.reporters[0].id != plan_unit.id else None
            out.extend(Duty(code, r.id, r.name, inputs, lead, group) for r in plan_unit.reporters)
    return out


def unit_duties(session: Session, kb: Any, plan_id: str, indicators: Sequence[str], unit_id: int) -> list[Duty]:
    """``duties`` of one unit, without building every unit's: what /nhap asks each turn, in a province with
    hundreds of member units. The unit reports for itself when the plan names it and it has no members, and for
    its group when the plan names the group."""
    row = session.execute(select(Unit.id, Unit.name, Unit.parent_id).where(Unit.id == unit_id,
                                                                         Unit.plan_id == plan_id)).first()
    if row is None or session.scalar(select(Unit.id).where(Unit.parent_id == unit_id).limit(1)) is not None:
        return []  # unknown here, or a group: its members report
    group = session.scalar(select(Unit.name).where(Unit.id == row.parent_id)) if row.parent_id else None
    out: list[Duty] = []
    for code in indicators:
        for lead, inputs in lead_inputs(input_owners(kb, plan_id, code)).items():
            if lead == row.name:
                out.append(Duty(code, row.id, row.name, inputs, lead, None))
            elif group is not None and lead == group:
                out.append(Duty(code, row.id, row.name, inputs, lead, group))
    return out


def unassigned(kb: Any, plan_id: str, indicators: Sequence[str]) -> dict[str, list[str]]:
    """Inputs nobody is asked for (the plan names no unit): shown so the focal point can see the gap."""
    out = {}
    for code in indicators:
        missing = [name for name, units in input_owners(kb, plan_id, code).items() if not units]
        if missing:
            out[code] = missing
    return out
