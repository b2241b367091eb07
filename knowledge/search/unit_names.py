"""Units as a plan names them and as people type them: the spellings a question is matched against.

Moved out of ``engine`` (which re-exports what callers use): a plan's unit spellings (the registry's, the members a
group names in brackets, the forms of ``typed_units``), the place names that never identify anything, and the fuzzy
ranking of a typed phrase against them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz

from knowledge.model import Plan
from knowledge.normalize import normalize
from knowledge.search.typed_units import typed_forms, unambiguous
from knowledge.store import KnowledgeBase

UNIT_FLOOR = 80.0  # rapidfuzz similarity (0..100) a unit name must reach


_PLACE = re.compile(r"\b(?:tỉnh|xã|huyện|thành phố|tại)\s+((?:[A-ZĐÂ][\wÀ-ỹ]*)(?:\s+[A-ZĐÂ][\wÀ-ỹ]*)*)")


def place_names(kb: KnowledgeBase) -> set[str]:
    """Folded place names the knowledge base mentions (plans, records, units): words that never identify an
    indicator ("Gia Lai", "Kon Tum", "Pleiku"), so a question may name its place without losing its topic."""
    texts = [p.name for p in kb.plans.values()] + [p.short_name for p in kb.plans.values()]
    texts += [u.name for u in kb.units]
    places = {normalize(r.place) for r in kb.records.values()}
    places |= {normalize(m.group(1)) for t in texts for m in _PLACE.finditer(t)}
    return {p for p in places if p}


def plan_unit_spellings(kb: KnowledgeBase, plan: Plan) -> list[tuple[str, str]]:
    """(normalised spelling, canonical name) for every unit a plan names as lead or coordinating: every
    spelling the registry knows for it (a unit the registry lacks is matched by its own name), then the forms
    people type for them (``typed_units``: "stttt", "viettel")."""
    named = {u for a in plan.assignments for u in (*a.lead, *a.coordinating)}
    named |= {u for it in plan.items for u in (*it.lead, *it.coordinating)}
    spellings: list[tuple[str, str]] = []
    members: list[tuple[str, str]] = []
    for unit in kb.units:
        if unit.name in named:
            written = {unit.name, unit.short, *unit.aliases}
            spellings += [(normalize(s), unit.name) for s in written if s]
            members += [(normalize(m), unit.name) for s in written for m in named_members(s)]
    spellings += [(normalize(n), n) for n in named if n not in {u.name for u in kb.units}]
    # typed forms of a unit's own names first: "viettel" is Viettel Gia Lai before it is a member of a group
    places = place_names(kb)
    known = {s for s, _ in spellings}
    out = spellings + [m for m in members if m[0] not in known]
    for source in (spellings, members):
        typed = unambiguous((form, name) for spelling, name in source for form in typed_forms(spelling, places))
        out += [(form, name) for form, name in typed if form not in known]
        known |= {form for form, _ in typed}
    return out


_MEMBERS = re.compile(r"\(([^()]*,[^()]*)\)")


def named_members(spelling: str) -> list[str]:
    """The members a source names in brackets after a group ("Các doanh nghiệp viễn thông (Viettel Kon Tum, Viễn
    thông Kon Tum, FPT Kon Tum)"): asked about by their own names, they find the group's indicators."""
    return [m.strip() for found in _MEMBERS.findall(spelling) for m in found.split(",") if m.strip()]


def unit_similarity(phrase: str, spelling: str, *, loose: bool = False) -> float:
    """How close a typed (normalised) phrase is to a (normalised) unit spelling, 0..100. ``loose`` also counts
    a phrase whose words are all in the spelling ("so thong tin" in "so thong tin va truyen thong"): good for
    suggesting names, never for taking one without asking."""
    score = max(fuzz.ratio(phrase, spelling), fuzz.token_sort_ratio(phrase, spelling))
    return max(score, fuzz.token_set_ratio(phrase, spelling)) if loose else score


def rank_units(phrase: str, spellings: Iterable[tuple[str, str]], *, loose: bool = False) -> list[tuple[str, float]]:
    """Every unit of ``spellings`` ((normalised spelling, name) pairs) with its best similarity to the
    normalised ``phrase``, best first. Callers decide what is close enough (``UNIT_FLOOR`` for a sure match)."""
    if not phrase:
        return []
    best: dict[str, float] = {}
    for spelling, name in spellings:
        score = unit_similarity(phrase, spelling, loose=loose)
        if score > best.get(name, -1.0):
            best[name] = score
    return sorted(best.items(), key=lambda item: (-item[1], item[0]))
