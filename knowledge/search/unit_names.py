"""Units as a plan names them and as people type them: the spellings a question is matched against.

Moved out of ``engine`` (which re-exports what callers use): a plan's unit spellings (the registry's, the members a
group names in brackets, the forms of ``typed_units``), the place names that never identify anything, and the fuzzy
ranking of a typed phrase against them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING

from knowledge.assignments import sub_units
from knowledge.lazy import lazy_compile, lazy_module
from knowledge.model import Plan
from knowledge.normalize import normalize
from knowledge.search.typed_units import typed_forms, unambiguous
from knowledge.store import KnowledgeBase

if TYPE_CHECKING:
    from rapidfuzz import fuzz
else:  # imported on the first comparison: a question naming a code makes none
    fuzz = lazy_module("rapidfuzz.fuzz")

UNIT_FLOOR = 80.0  # rapidfuzz similarity (0..100) a unit name must reach
UNIT_NEAR = 75.0  # another unit this close (and within UNIT_LEAD of the best) makes the name ambiguous
UNIT_LEAD = 10.0
_CONTRADICTED = 60.0  # the most a spelling the typed words contradict may score (``compatible``)


_PLACE = re.compile(r"\b(?:tỉnh|xã|huyện|thành phố|tại)\s+((?:[A-ZĐÂ][\wÀ-ỹ]*)(?:\s+[A-ZĐÂ][\wÀ-ỹ]*)*)")


def place_names(kb: KnowledgeBase) -> set[str]:
    """Folded place names the knowledge base mentions (plans, records, units): words that never identify an
    indicator ("Gia Lai", "Kon Tum", "Pleiku"), so a question may name its place without losing its topic."""
    texts = [p.name for p in kb.plans.values()] + [p.short_name for p in kb.plans.values()]
    texts += [u.name for u in kb.units]
    places = {normalize(r.place) for r in kb.records.values()}
    places |= {normalize(m.group(1)) for t in texts for m in _PLACE.finditer(t)}
    return {p for p in places if p}


def unit_name_pairs(kb: KnowledgeBase) -> set[str]:
    """Each two neighbouring words of a unit's name the knowledge base knows, folded: words together, where a
    question holds them ("em ở Sở Văn hóa, Thể thao và Du lịch"), even if no entry of a plan does."""
    names = [normalize(u.name).split() for u in kb.units]
    return {f"{a} {b}" for words in names for a, b in pairwise(words)}


def plan_unit_spellings(kb: KnowledgeBase, plan: Plan) -> list[tuple[str, str]]:
    """(normalised spelling, canonical name) for every unit a plan names as lead or coordinating: every
    spelling the registry knows for it (a unit the registry lacks is matched by its own name), then the forms
    people type for them (``typed_units``: "stttt", "viettel")."""
    named = {u for a in plan.assignments for u in (*a.lead, *a.coordinating)}
    named |= {u for it in plan.items for u in (*it.lead, *it.coordinating)}
    # a unit named in brackets as the part of another doing the work ("Sở TT&TT (Trung tâm CNTT&TT)")
    cells = [c for a in plan.assignments for c in (a.lead_text, a.coordinating_text)]
    cells += [c for it in plan.items for c in (it.lead_text, it.coordinating_text)]
    named |= {u for cell in cells for u in sub_units(cell)}
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


_MEMBERS = lazy_compile(r"\(([^()]*,[^()]*)\)")


def named_members(spelling: str) -> list[str]:
    """The members a source names in brackets after a group ("Các doanh nghiệp viễn thông (Viettel Kon Tum, Viễn
    thông Kon Tum, FPT Kon Tum)"): asked about by their own names, they find the group's indicators."""
    return [m.strip() for found in _MEMBERS.findall(spelling) for m in found.split(",") if m.strip()]


def unit_similarity(phrase: str, spelling: str, *, loose: bool = False) -> float:
    """How close a typed (normalised) phrase is to a (normalised) unit spelling, 0..100. ``loose`` also counts
    a phrase whose words are all in the spelling ("so thong tin" in "so thong tin va truyen thong"): good for
    suggesting names, never for taking one without asking. A spelling the phrase contradicts (``compatible``)
    stays below ``UNIT_FLOOR`` unless loose: "công chức tài chính" is 89 % like "công chức địa chính"."""
    score = max(fuzz.ratio(phrase, spelling), fuzz.token_sort_ratio(phrase, spelling))
    if loose:
        return max(score, fuzz.token_set_ratio(phrase, spelling))
    if score <= _CONTRADICTED:  # the check below only matters for a spelling that could be taken
        return score
    return score if compatible(phrase, spelling) else _CONTRADICTED


# Words a typed unit name may carry that its spellings leave out ("sở tài chính tỉnh", "các công chức xã").
_SPARE = frozenset({"tinh", "xa", "huyen", "thanh", "pho", "cua", "o", "ben", "cac", "nhung", "don", "vi", "co",
                    "quan", "va", "nguoi"})
LEVELS = frozenset({"tinh", "huyen", "xa"})  # spare, unless the spelling is of another level
_VOWEL = lazy_compile(r"[aeiouy]")


# A unit that is a part of another one, named after it ("Văn phòng UBND tỉnh"): the part must be named.
_PART_OF = ("van phong", "phong", "bo phan", "trung tam", "chi cuc", "to")


def compatible(phrase: str, spelling: str) -> bool:
    """No word of the phrase is missing from the spelling (a typo of one letter in a word of four letters or more
    is the word; initials, having no vowel, are not judged; a place level may be added, not another one), and a
    unit that is part of another is not taken for it ("ủy ban nhân dân tỉnh" is not "văn phòng ủy ban nhân dân
    tỉnh"); a department may be named by its field alone ("tài chính" for "Sở Tài chính")."""
    typed, written = phrase.split(), spelling.split()
    if not typed or not written:
        return False

    def found(word: str, among: list[str]) -> bool:
        return word in among or (len(word) >= 4 and any(_one_edit(word, w) for w in among))

    initialled = _initialled(typed, {w for w in written if not _VOWEL.search(w)})  # "công chức" of "cc tckt"
    levels = LEVELS & set(written)
    spare = _SPARE - (LEVELS - levels) if levels else _SPARE  # "ubnd tỉnh" is no "ubnd các huyện"
    level = next((i for i, w in enumerate(typed[:-1]) if w in LEVELS and i > 0), len(typed))
    words_found = all(i in initialled or i > level or w in spare or not _VOWEL.search(w) or found(w, written)
                      for i, w in enumerate(typed))  # after "xã", "huyện", "tỉnh": a place's name ("xã Đăk Blà")
    part = next((h for h in _PART_OF if spelling.startswith(h + " ")), None)
    return words_found and (part is None or f" {part} " in f" {phrase} ")


def _initialled(typed: list[str], initials: set[str]) -> set[int]:
    """Positions of typed words that a spelling's initials stand for ("cong chuc" for "cc")."""
    out: set[int] = set()
    for i in range(len(typed)):
        for j in range(i + 2, min(len(typed), i + 6) + 1):
            if "".join(w[0] for w in typed[i:j]) in initials:
                out |= set(range(i, j))
    return out


def same_body(a: str, b: str) -> bool:
    """A section and its officials ("Bộ phận Một cửa xã", "Công chức Bộ phận Một cửa xã"): one name holds the
    other whole, so the two are no choice to ask about."""
    x, y = f" {normalize(a)} ", f" {normalize(b)} "
    return x in y or y in x


def joined_initials(phrase: str) -> list[str]:
    """``phrase`` (folded) with two neighbouring initials joined, each way: "cc vp tk" (typed "CC VP-TK") is also
    "cc vptk", the sources' "CC VPTK". A word with no vowel is initials: every Vietnamese syllable has one."""
    words = phrase.split()
    return [" ".join([*words[:i], words[i] + words[i + 1], *words[i + 2:]]) for i in range(len(words) - 1)
            if not _VOWEL.search(words[i]) and not _VOWEL.search(words[i + 1])]


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one letter changed, added or dropped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


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


# Words of a unit's name that say which post it is no more than its other words do: left out of its initials.
_NOT_INITIALLED = frozenset({"va", "xa", "huyen", "tinh", "cua", "cac", "x", "h", "t"})


def are_initials(word: str) -> bool:
    """One word without a vowel: initials typed as such ("vptk", "tckt")."""
    return " " not in word and not _VOWEL.search(word)


def name_initials(spelling: str) -> str:
    """The initials of a (normalised) unit name, initials typed as such kept whole: "cc tckt" and "cong chuc tai
    chinh ke toan xa" are both "cctckt", "cong chuc tai chinh va ke hoach" is "cctckh". A level is no initial,
    nor its letter typed for it ("UBND h." is a district's committee, "UBND cấp huyện")."""
    return "".join(w if not _VOWEL.search(w) else w[0] for w in spelling.split() if w not in _NOT_INITIALLED)


def same_post(typed: str, written: str) -> bool:
    """The typed phrase and a lead cell may name one post: unless their initials are as many and differ, in a
    word one says and the other replaces ("cc tckt" is not "Công chức Tài chính và Kế hoạch", cctckh). Names of
    unequal length are one written short or long ("Các sở, ngành" and "Các sở, ban, ngành"; "công chức tài
    chính" for both finance posts), never judged."""
    a, b = name_initials(typed), name_initials(written)
    if len(a) % 2 == 0 and a[:len(a) // 2] == a[len(a) // 2:]:
        a = a[:len(a) // 2]  # a name said in full and in its initials ("… tài chính kế toán xã (CC TCKT)"): once
    return len(a) != len(b) or a == b


def written_apart(typed: str, cells: dict[str, str], spellings: Iterable[str]) -> dict[str, str]:
    """Code → the plan's name for the unit, for the rows whose lead cell names it by a name the question's own
    words do not fit.

    A plan may write one post two ways: Nghĩa Phương's commune finance official is "CC TCKT" on most rows and
    "Công chức Tài chính và Kế hoạch" on 2.6–2.9; the registry takes both for one unit, so that someone owns each
    row in a round. Asked "CC TCKT chủ trì những chỉ số nào", the rows written so are the answer and the others
    are listed apart under the name the plan writes: the registry's reading is said, never passed off as the
    plan's words. ``cells``: code → the lead cell as written, for the rows the unit leads; only a cell that is one
    of ``spellings`` (the unit's normalised spellings) is judged, never one naming other units too. Nothing is set
    apart when the typed name fits no cell ("kế toán xã"), or fits them all."""
    own = set(spellings)
    # each distinct cell read once: a plan writes one lead cell on many rows (thousands in a large plan, issue 20)
    folded = {cell: normalize(cell) for cell in set(cells.values())}
    fitting = {cell: same_post(typed, plain) for cell, plain in folded.items() if plain in own}
    judged = {code: cell for code, cell in cells.items() if cell in fitting}
    fits = {code: fitting[cell] for code, cell in judged.items()}
    if not any(fits.values()) or all(fits.values()):
        return {}
    return {code: judged[code] for code, fit in fits.items() if not fit}
