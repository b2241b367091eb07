"""What a plan assigns, read at the level people ask about: indicators, not the rows the source happens to use.

Some plans assign units to the *inputs* of an indicator rather than to the indicator (Gia Lai 3015 gives each
variable row of 6.22 and 5.12.1 its own lead: ``6.22.a`` → Sở Kế hoạch và Đầu tư, ``6.22.b`` → Sở Tài chính).
Those codes are not indicators: ``show`` does not know them and a unit's list must not offer them. This module
turns them back into "indicator 6.22, input b" for the card and for unit answers, and compares a plan's own
scoring guidance with its framework's method (Kon Tum rewrites some of Decision 922's texts), so the bot can
show both where they differ and validation can list every such place.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from knowledge.model import Plan
from knowledge.store import KnowledgeBase
from knowledge.textclean import split_explanation
from knowledge.units import SAME_UNITS

# "6.22.a": an indicator code followed by one lowercase letter naming one of its variables.
_VARIABLE_CODE = re.compile(r"(?P<code>\d+(?:\.\d+)*)\.(?P<letter>[a-z])")


def split_variable(code: str) -> tuple[str, str]:
    """``("6.22", "a")`` for an input assignment code ``6.22.a``; ``(code, "")`` for anything else."""
    match = _VARIABLE_CODE.fullmatch(code)
    return (match["code"], match["letter"]) if match else (code, "")


@dataclass(frozen=True)
class InputOwner:
    """Who supplies one input (variable) of an indicator, as a plan assigns it."""

    variable: str
    description: str
    lead: tuple[str, ...]
    coordinating: tuple[str, ...]
    deadline: str = ""


def input_owners(kb: KnowledgeBase, plan_id: str, code: str) -> list[InputOwner]:
    """The plan's per-input assignments of indicator ``code`` (empty when the plan assigns the indicator whole)."""
    plan = kb.plan(plan_id)
    indicator = kb.indicator(plan.framework, code)
    variables = indicator.variables if indicator else {}
    out: list[InputOwner] = []
    for a in plan.assignments:
        head, letter = split_variable(a.code)
        if letter and head == code:
            out.append(InputOwner(letter, variables.get(letter, ""), a.lead, a.coordinating, a.deadline))
    return out


@dataclass(frozen=True)
class UnitRole:
    """One line of a unit's answer: an indicator (or plan item) it leads or helps with, and through which inputs."""

    code: str
    name: str
    role: str  # "lead" | "coordinate"
    inputs: tuple[str, ...] = ()  # variable letters when the plan assigns the unit inputs, not the indicator
    shared: str = ""  # the other name of the unit the row is given under (``units.SAME_UNITS``), if only under it


# A unit of the one written before it, named in brackets as the one doing the work ("Sở Thông tin và Truyền thông
# (Trung tâm Công nghệ thông tin và Truyền thông)"): not an abbreviation ("(Sở TT&TT)"), nor a list of members
# ("(Viettel Kon Tum, Viễn thông Kon Tum, …)", ``unit_names.named_members``).
_SUB_UNIT = re.compile(r"\(((?:Trung tâm|Chi cục|Phòng|Văn phòng|Ban|Cục|Đài|Viện)\s[^(),;]{8,})\)")


def sub_units(cell: str) -> tuple[str, ...]:
    """The units a lead or coordinating cell names in brackets as its own part doing the work (``_SUB_UNIT``)."""
    return tuple(m.strip() for m in _SUB_UNIT.findall(cell))


def _role(unit: str, lead: tuple[str, ...], coordinating: tuple[str, ...], also: str = "") -> tuple[str, str] | None:
    """The role of ``unit`` in a row, and ``also`` when the row gives it only under that other name."""
    for role, cell in (("lead", lead), ("coordinate", coordinating)):
        if unit in cell:
            return role, ""
        if also and also in cell:
            return role, also
    return None


def unit_roles(kb: KnowledgeBase, plan: Plan, unit: str) -> list[UnitRole]:
    """Every indicator and plan item ``unit`` leads or coordinates in ``plan``, in plan order, under its own name
    or its other one (``SAME_UNITS``: the districts are "UBND các huyện, thành phố" and "các địa phương").

    Input assignments (``6.22.b``, ``6.22.c``) are folded into their indicator, once per role, with the letters
    kept, so the answer names codes that ``show`` knows ("6.22 … (đầu vào b, c)")."""
    also = SAME_UNITS.get(unit, "")
    order: list[tuple[str, str]] = []
    inputs: dict[tuple[str, str], list[str]] = {}
    names: dict[str, str] = {}
    shared: dict[tuple[str, str], str] = {}
    for a in plan.assignments:
        found = _role(unit, (*a.lead, *sub_units(a.lead_text)), (*a.coordinating, *sub_units(a.coordinating_text)),
                      also)
        if found is None:
            continue
        role = found[0]
        code, letter = split_variable(a.code)
        key = (code, role)
        if key not in inputs:
            order.append(key)
            inputs[key] = []
            shared[key] = found[1]
            ind = kb.indicator(plan.framework, code)
            names[code] = ind.name if ind else ""
        if letter and letter not in inputs[key]:
            inputs[key].append(letter)
    every = _input_letters(plan)
    # a unit leading every input of an indicator ("5.12.1.a", "5.12.1.b": both Sở TT&TT's) leads the indicator
    out = [UnitRole(code, names[code], role, () if role == "lead" and set(letters) == every.get(code) else letters,
                    shared[(code, role)])
           for code, role in order for letters in [tuple(inputs[(code, role)])]]
    for item in plan.table_items:
        found = _role(unit, (*item.lead, *sub_units(item.lead_text)),
                      (*item.coordinating, *sub_units(item.coordinating_text)), also)
        if found:
            out.append(UnitRole(item.code, item.name, found[0], shared=found[1]))
    return out


def _input_letters(plan: Plan) -> dict[str, set[str]]:
    """Indicator code → the letters of the inputs the plan assigns one by one (none for most indicators)."""
    out: dict[str, set[str]] = {}
    for a in plan.assignments:
        code, letter = split_variable(a.code)
        if letter:
            out.setdefault(code, set()).add(letter)
    return out


# ---- a plan's own guidance against the framework's method ----------------------------------------------------

_WORD = re.compile(r"[^\s;:.,!?()\[\]\-+*×/=<>≥≤%\"'“”]+")
_CONTEXT = 3  # words shown before a difference, to say where it is


def _fold(word: str) -> str:
    """A word as compared: no case, no diacritics, đ = d ("CDS" and "CĐS" are one word, "Tỉnh" and "tỉnh" too)."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def guidance_difference(guidance: str, method: str) -> str:
    """Where a plan's guidance says something else than the framework's method, in Vietnamese ("" when they agree).

    Words are compared without case, diacritics, spacing and punctuation, so only wording counts. The answer
    quotes the first differing words of each side with a little context ("kế hoạch ghi «… thôn xóm …», bộ chỉ
    số ghi «… khu ấp …»"), enough for a person to see the change without reading both texts. The plan's
    "Giải thích" is left out: frameworks keep it apart from the method. An empty side is no disagreement."""
    ours_text = split_explanation(guidance)[0]
    if not ours_text.strip() or not method.strip():
        return ""
    ours, theirs = _WORD.findall(ours_text), _WORD.findall(method)
    ours_key, theirs_key = [_fold(w) for w in ours], [_fold(w) for w in theirs]
    if ours_key == theirs_key:
        return ""
    import difflib  # here: the search imports this module for ``unit_roles`` (issue 20, a process's memory)

    matcher = difflib.SequenceMatcher(a=ours_key, b=theirs_key, autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    tag, i1, i2, j1, j2 = changes[0]
    where = f" (sau «{' '.join(ours[max(0, i1 - _CONTEXT) : i1])}»)" if i1 else " (ở đầu)"
    if tag == "insert":
        first = f"kế hoạch không có «{_words(theirs[j1:j2])}» của bộ chỉ số{where}"
    elif tag == "delete":
        first = f"kế hoạch thêm «{_words(ours[i1:i2])}»{where}"
    else:
        first = f"kế hoạch ghi «{_words(ours[i1:i2])}», bộ chỉ số ghi «{_words(theirs[j1:j2])}»{where}"
    more = f"; và {len(changes) - 1} chỗ khác" if len(changes) > 1 else ""
    return first + more


def _words(words: list[str]) -> str:
    """At most 12 words, with an ellipsis when cut."""
    return " ".join(words[:12]) + (" …" if len(words) > 12 else "")
