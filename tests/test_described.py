"""The per-indicator everyday vocabulary (knowledge/data/thesaurus/described.json), entry by entry: it names an
indicator that exists and the documents its method comes from (or a plan's own item and the plan's document), every
wording is its own, and the search finds the indicator (the item) from each wording alone, in a plan of its
framework (in its plan)."""

from __future__ import annotations

from typing import Any

import pytest

from knowledge.normalize import normalize
from knowledge.search.thesaurus import read_table
from knowledge.store import data_dir, load_knowledge
from tests.searchkit import shared_searcher

KB = load_knowledge()
SEARCHER = shared_searcher()
ALL_ENTRIES = read_table(data_dir() / "thesaurus" / "described.json")
ENTRIES = [e for e in ALL_ENTRIES if "framework" in e]
ITEM_ENTRIES = [e for e in ALL_ENTRIES if "plan" in e]
PLAN_OF = {p.framework: p.id for p in sorted(KB.plans.values(), key=lambda p: p.id)}
MAX_WORDS = 14
DESCRIBED_FRAMEWORKS = ("dti-tinh", "dti-xa", "cqs-ninh-thuan")


def _id(entry: dict[str, Any]) -> str:
    return f"{entry['framework']}:{entry['code']}"


def test_every_indicator_of_every_framework_is_described() -> None:
    described = {(e["framework"], e["code"]) for e in ENTRIES}
    for fw in (KB.frameworks[f] for f in DESCRIBED_FRAMEWORKS):
        missing = [i.code for i in fw.indicators if "." in i.code and (fw.id, i.code) not in described]
        assert not missing, (fw.id, missing)


def test_no_wording_is_given_to_two_indicators_of_one_framework() -> None:
    seen: dict[tuple[str, str], str] = {}
    for e in ALL_ENTRIES:
        for phrase in e["everyday"]:
            key = (e.get("framework") or e["plan"], normalize(phrase))
            assert key not in seen, f"{phrase!r}: {seen[key]} and {e['code']}"
            seen[key] = e["code"]


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_described_entry(entry: dict[str, Any]) -> None:
    """The indicator exists; the entry cites its framework, code and every source document of its method; each
    wording is short, is not the indicator's own name, and asked alone finds the indicator (or its group or a row
    of it, ``_family``) among the first three."""
    framework, code = entry["framework"], entry["code"]
    indicators = KB.indicators(framework, code)
    assert indicators, f"{framework} {code} is no indicator"
    assert entry["source"].startswith(f"{framework} {code}:")
    for source in {s for i in indicators for s in i.sources}:
        assert source in entry["source"], f"{source} is not cited"
    names = {normalize(i.name) for i in indicators}
    plan = PLAN_OF[framework]
    for phrase in entry["everyday"]:
        assert 0 < len(phrase.split()) <= MAX_WORDS and normalize(phrase) not in names, phrase
        answer = SEARCHER.ask(plan, phrase)
        found = [m.code for m in answer.matches][:3] + [m.code for m in answer.hints][:3]
        assert any(_family(code, other) for other in found), (phrase, answer.status, found)


@pytest.mark.parametrize("entry", ITEM_ENTRIES, ids=lambda e: f"{e['plan']}:{e['code']}")
def test_described_plan_item(entry: dict[str, Any]) -> None:
    """A plan's own item (Ninh Thuận's targets, documents, projects): it exists in the plan, the entry cites the
    plan's source document, and each wording asked alone finds it among the first three."""
    plan = KB.plans[entry["plan"]]
    items = [it for it in plan.table_items if it.code == entry["code"]]
    assert items, f"{entry['plan']} {entry['code']} is no item of the plan"
    assert entry["source"].startswith(f"{entry['plan']} {entry['code']}:")
    assert plan.document and "004" in entry["source"]  # Ninh Thuận's plan is source 004 (knowledge/sources)
    names = {normalize(it.name) for it in items}
    for phrase in entry["everyday"]:
        assert 0 < len(phrase.split()) <= MAX_WORDS and normalize(phrase) not in names, phrase
        answer = SEARCHER.ask(plan.id, phrase)
        found = [m.code for m in answer.matches][:3] + [m.code for m in answer.hints][:3]
        assert entry["code"] in found, (phrase, answer.status, found)


def _family(code: str, other: str) -> bool:
    """One topic: the code itself, a row of its group or the group of its row ("5.11" and "5.11.1": a group row
    and its rows are worded alike in the sources, and a wording of one may find the other first)."""
    return other == code or other.startswith(code + ".") or (code.startswith(other + ".") and "." in other)
