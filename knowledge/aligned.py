"""Equivalent wordings learned from the sources themselves, by aligning the ways they word one indicator.

The same indicator is written by several documents: Gia Lai's extraction of Decision 922 (002), Kon Tum's plan
(000) and Đắk Lắk's score table (003) word the provincial indicators each their own way ("đến mức thôn, xóm" /
"đến mức khu ấp"); the commune framework (001) words the provincial indicator it mirrors for a commune ("Triển
khai nền tảng trợ lý ảo…" / "Sử dụng nền tảng trợ lý ảo…"). Aligning two wordings word by word, what one replaces
in the other, between words both share, is a pair of equivalent terms. Built by ``python -m knowledge.build``
into ``data/thesaurus/learned.json`` (with where each pair comes from) and used by the search both ways.

Kept only when the pair is a real substitution: anchored by shared words, one to four words a side, neither side
only function words, numbers or administrative levels ("tỉnh" ~ "xã" is the level, not a synonym), and neither
side a word the other wording also has elsewhere (a word that merely moved is no synonym).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from knowledge.model import Indicator
from knowledge.normalize import fold

_WORD = re.compile(r"\w+")
MAX_SIDE = 4
CROSS_SIMILARITY = 0.5  # share of words two frameworks' names must have in common to be the same indicator
# Words that never make a side on their own: function words, and the administrative levels a commune's wording
# puts where a province's says "tỉnh".
FUNCTION_WORDS = frozenset(
    "cac cua va hoac la co cho ve voi tren trong den tu theo duoc da nhung mot so luong ty le muc do".split()
)
LEVELS = frozenset("tinh xa huyen thanh pho tp trung uong quoc gia cap thon".split())


@dataclass(frozen=True, order=True)
class AlignedPair:
    a: str
    b: str
    framework: str
    code: str
    sources: tuple[str, str]  # where each side is written ("000", "002", or "dti-tinh 6.19" for the other row)

    def to_json(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "framework": self.framework, "code": self.code,
                "sources": list(self.sources)}


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def _content(side: Sequence[str]) -> bool:
    return not all(w in FUNCTION_WORDS or w in LEVELS or w.isdigit() for w in side) and not any(
        w.isdigit() for w in side)


def substitutions(first: str, second: str) -> Iterator[tuple[str, str]]:
    """What ``second`` writes in place of words of ``first`` (accented, lower case), between shared words."""
    wa, wb = _words(first), _words(second)
    fa, fb = [fold(w) for w in wa], [fold(w) for w in wb]
    ops = difflib.SequenceMatcher(None, fa, fb, autojunk=False).get_opcodes()
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "replace" or not (1 <= i2 - i1 <= MAX_SIDE and 1 <= j2 - j1 <= MAX_SIDE):
            continue
        anchored = (k > 0 and ops[k - 1][0] == "equal") or (k + 1 < len(ops) and ops[k + 1][0] == "equal")
        side_a, side_b = fa[i1:i2], fb[j1:j2]
        if not anchored or not _content(side_a) or not _content(side_b):
            continue
        moved = set(side_a) & set(fb[:j1] + fb[j2:]) or set(side_b) & set(fa[:i1] + fa[i2:])
        if not moved:
            yield " ".join(wa[i1:i2]), " ".join(wb[j1:j2])


def _similarity(a: str, b: str) -> float:
    sa, sb = set(fold(a).split()), set(fold(b).split())
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def aligned_pairs(wordings: Mapping[tuple[str, str], Mapping[str, str]],
                  mirrors: Iterable[tuple[Indicator, Sequence[Indicator]]] = ()) -> list[AlignedPair]:
    """``wordings``: (framework, code) → source id → the name that source writes; ``mirrors``: (an indicator of
    one framework, the indicators of the framework it mirrors), matched by pillar and name."""
    found: set[AlignedPair] = set()
    for (framework, code), by_source in wordings.items():
        sources = sorted(by_source)
        for x, first in enumerate(sources):
            for second in sources[x + 1:]:
                for a, b in substitutions(by_source[first], by_source[second]):
                    found.add(AlignedPair(a, b, framework, code, (first, second)))
    for ind, others in mirrors:
        same_pillar = [o for o in others if o.code.split(".")[0] == ind.code.split(".")[0] and "." in o.code]
        best = max(same_pillar, key=lambda o: _similarity(o.name, ind.name), default=None)
        if best is None or _similarity(best.name, ind.name) < CROSS_SIMILARITY:
            continue
        for a, b in substitutions(best.name, ind.name):
            found.add(AlignedPair(a, b, ind.framework, ind.code, (f"{best.framework} {best.code}", ind.framework)))
    unique: dict[frozenset[str], AlignedPair] = {}
    for pair in sorted(found):
        unique.setdefault(frozenset({fold(pair.a), fold(pair.b)}), pair)
    return sorted(unique.values())


def learned_json(pairs: Sequence[AlignedPair]) -> dict[str, Any]:
    return {
        "about": "Equivalent wordings learned by aligning how the sources word one indicator (knowledge/aligned.py); "
                 "generated by python -m knowledge.build, do not edit.",
        "entries": [p.to_json() for p in pairs],
    }
