"""Who enters each input of an indicator under a plan, and how the parts of several units make the one input the
indicator is scored from.

A plan assigns an indicator to its lead units, sometimes input by input (Gia Lai's ``6.22.a`` rows; Kon Tum's 6.22.1
and 6.22.2, whose rules say ``input_of`` 6.22.a and 6.22.b); a sub-indicator without a lead of its own takes its
parent's (Kon Tum 5.12.1–5.12.6 from 5.12). An input the plan gives nobody is still owed, so it falls to someone
("giao mặc định"): to the indicator's lead when the plan assigns the other inputs one by one, and to the plan's
focal unit when nobody leads the indicator as a whole (Kon Tum's 6.22 c, Tổng chi NSNN, goes to the Sở TTTT). Only
a plan without a focal unit leaves an input with nobody (``dti-bot round check`` lists it as uncollectable).

Parts combine as the rule data says (``knowledge/data/rules``): an input in ``adds`` is summed over every unit
giving it; any other input takes, among the member units of a group, the lowest answer (``members: all``, the
default: "có" only when every member says "có") or the highest (``members: any``: one member saying "có" is
enough), and across several lead units the first lead's (``answer: lead``), the lowest (``all``) or the highest
(``any``).

Pure (the knowledge base and the rules, no database): the indicator card says it and the bot's collection
service uses it, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from knowledge.memory import release_freed_memory
from knowledge.rules import rule_book
from knowledge.units import is_group_unit
from scoring.book import RuleBook
from scoring.codes import parent_code
from scoring.engine import Rule

_BOOKS: dict[tuple[int, str], tuple[Any, RuleBook]] = {}


def plan_book(kb: Any, plan_id: str) -> RuleBook:
    """The rule book of the plan's framework, built once per knowledge base (a round scores every indicator)."""
    framework = kb.plans[plan_id].framework
    cached = _BOOKS.get((id(kb), framework))
    if cached is None or cached[0] is not kb:
        cached = _BOOKS[(id(kb), framework)] = (kb, rule_book(kb, framework))
        release_freed_memory()  # what reading the rule file freed goes back to the system (``knowledge.memory``)
    return cached[1]


def collected_inputs(rule: Rule | None) -> tuple[str, ...]:
    """The inputs a unit gives for a rule (numbers then choices), without Min–Max's ``best``/``worst``, which
    come from other provinces and not from a unit."""
    if rule is None or not rule.plain:
        return ()
    return tuple(dict.fromkeys([*rule.method.numbers(), *rule.method.choices()]))


_LEADS: dict[tuple[int, str], tuple[Any, dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]] = {}


def _plan_leads(kb: Any, plan_id: str) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """The plan's lead units by code, and by ``<indicator>.<input>`` for rows that are another indicator's
    input; worked out once per knowledge base and plan."""
    plan = kb.plans[plan_id]
    cached = _LEADS.get((id(kb), plan_id))
    if cached is not None and cached[0] is plan:  # the same plan object: a plan imported again is a new one
        return cached[1], cached[2]
    leads = {a.code: tuple(a.lead) for a in plan.assignments if a.lead}
    rows_of = {r.input_of: leads.get(r.code, ()) for r in plan_book(kb, plan_id).rules.values() if r.input_of}
    _LEADS[(id(kb), plan_id)] = (plan, leads, rows_of)
    return leads, rows_of


@dataclass(frozen=True)
class Owners:
    """The plan's units giving each input of an indicator (``by_input``, in input order; empty only when the
    plan has no focal unit to fall back on) and, among them, the inputs given by default (``defaults``: input →
    the units it fell to); ``unassigned``: the inputs the plan names nobody for, not even for the indicator as
    a whole (they fall to the focal unit)."""

    by_input: dict[str, tuple[str, ...]]
    defaults: dict[str, tuple[str, ...]]
    unassigned: tuple[str, ...] = ()


_OWNERS: dict[tuple[int, str], tuple[Any, dict[str, Owners]]] = {}


def owners(kb: Any, plan_id: str, indicator: str) -> Owners:
    """Who gives each input of ``indicator`` under the plan, the defaults included (see the module's text).
    Worked out once per plan object (what /nhap asks every turn): a plan imported again is a new object, whose
    owners are worked out anew. Callers do not change what they get."""
    plan = kb.plans[plan_id]
    cached = _OWNERS.get((id(kb), plan_id))
    if cached is None or cached[0] is not plan:
        cached = _OWNERS[(id(kb), plan_id)] = (plan, {})
    found = cached[1].get(indicator)
    if found is None:
        found = cached[1][indicator] = _owners(kb, plan_id, indicator)
    return found


def _owners(kb: Any, plan_id: str, indicator: str) -> Owners:
    book = plan_book(kb, plan_id)
    leads, rows_of = _plan_leads(kb, plan_id)
    code: str | None = indicator.split("#")[0]
    whole: tuple[str, ...] = ()
    while code is not None and not whole:
        whole = leads.get(code, ())
        code = parent_code(code)
    own = {name: leads.get(f"{indicator}.{name}") or rows_of.get(f"{indicator}.{name}") or ()
           for name in collected_inputs(book.rule(indicator))}
    per_input = any(own.values())
    focal = kb.plans[plan_id].focal_point
    by_input: dict[str, tuple[str, ...]] = {}
    defaults: dict[str, tuple[str, ...]] = {}
    for name, units in own.items():
        if units:
            by_input[name] = units
        elif whole:
            by_input[name] = whole
            if per_input:  # the plan assigns the inputs one by one, and not this one
                defaults[name] = whole
        else:
            by_input[name] = (focal,) if focal else ()
            if focal:
                defaults[name] = (focal,)
    return Owners(by_input, defaults, tuple(n for n, units in own.items() if not units and not whole))


def input_owners(kb: Any, plan_id: str, indicator: str) -> dict[str, tuple[str, ...]]:
    """For each input of ``indicator``: the plan's unit names that give it, defaults included."""
    return owners(kb, plan_id, indicator).by_input


def counted_owners(rule: Rule, name: str, leads: Sequence[str]) -> tuple[str, ...]:
    """The lead units whose parts make the input: all of them for a summed input and for ``answer`` ``all`` or
    ``any``; only the first for ``answer: lead``."""
    return tuple(leads) if name in rule.adds or rule.answer != "lead" else tuple(leads[:1])


def combine_mode(rule: Rule, name: str) -> str:
    """How a group's members' parts of this input combine: ``sum``, or ``all`` / ``any`` (``Rule.members``)."""
    return "sum" if name in rule.adds else rule.members


@dataclass(frozen=True)
class InputCollection:
    """One input as the card shows it: who gives it, whether by default, how the parts of a group's members
    combine (``sum``, ``all``, ``any``), and what it is (``number``, ``yes_no``, ``choice``; ``yes`` is a yes/no
    input's "yes" option, "Đã ban hành")."""

    input: str
    description: str
    units: tuple[str, ...]
    default: bool
    combine: str
    kind: str
    yes: str = ""
    groups: tuple[str, ...] = ()  # those of ``units`` that are group units (their members each give a part)


def collection(kb: Any, plan_id: str, indicator: str) -> list[InputCollection]:
    """Every input of the indicator with who gives it and how parts combine (empty when the rule has none)."""
    rule = plan_book(kb, plan_id).rule(indicator)
    if rule is None:
        return []
    found = owners(kb, plan_id, indicator)
    choices = rule.method.choices()
    out = []
    for name, units in found.by_input.items():
        choice = choices.get(name)
        kind = "number" if choice is None else "yes_no" if choice.yes_no else "choice"
        yes = choice.options[0].label if choice is not None and choice.yes_no else ""
        out.append(InputCollection(name, rule.inputs.get(name, ""), units, name in found.defaults,
                                   combine_mode(rule, name), kind, yes, tuple(u for u in units if is_group_unit(u))))
    return out


@dataclass(frozen=True)
class CollectionLine:
    """Inputs given by the same units the same way, for one line of the card ("a, b, c, d: …, cộng lại")."""

    inputs: tuple[str, ...]
    entry: InputCollection


def collection_lines(entries: list[InputCollection]) -> list[CollectionLine]:
    """The entries folded: inputs alike in all but their name and meaning share a line, in input order."""
    lines: dict[tuple[Any, ...], list[InputCollection]] = {}
    for e in entries:
        lines.setdefault((e.units, e.default, e.combine, e.kind, e.yes, e.groups), []).append(e)
    return [CollectionLine(tuple(sorted(e.input for e in same)), same[0]) for same in lines.values()]
