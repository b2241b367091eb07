"""A small ranked index over one plan's indicators (and the plan's own items), built once per plan.

Why not plain fuzzy string matching: Vietnamese is written in syllables, and the syllables that carry meaning
("cap quang", "ho gia dinh") are drowned by the ones that appear everywhere ("chuyen doi so", "ty le"). So each
indicator is scored by how much of the question's *informative* vocabulary (syllables and syllable pairs weighted
by inverse document frequency) it contains, field by field (the name counts most), plus how much of the
indicator's own name the question covers. rapidfuzz corrects typed words that are not in the vocabulary.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz import fuzz, process

from knowledge.normalize import is_code, normalize_tokens

# How much a term found only in a field counts, relative to the name.
FIELD_WEIGHTS: dict[str, float] = {"name": 1.0, "body": 0.45, "extra": 0.3}
_TYPO_CUTOFF = 80.0
NAME_WEIGHT = 0.3  # how much covering the indicator's own name counts beside covering the question
IDF_POWER = 2.0  # rare syllables decide; common ones ("chuyen doi so") barely count


@dataclass(frozen=True, slots=True)
class Document:
    """What the index knows of one searchable entry."""

    framework: str
    code: str
    name: str
    fields: dict[str, str]  # field name (see FIELD_WEIGHTS) → raw text


@dataclass(frozen=True, slots=True)
class Hit:
    doc: Document
    score: float


def terms(tokens: Sequence[str]) -> list[str]:
    """Syllables plus adjacent syllable pairs (pairs carry most of the meaning in Vietnamese)."""
    words = [t for t in tokens if not is_code(t)]
    return words + [f"{a}_{b}" for a, b in pairwise(words)]


class SearchIndex:
    def __init__(self, docs: Iterable[Document]) -> None:
        self.docs: list[Document] = list(docs)
        self._fields: list[dict[str, set[str]]] = []
        self._name_terms: list[Counter[str]] = []
        df: Counter[str] = Counter()
        for doc in self.docs:
            per_field = {f: set(terms(normalize_tokens(text))) for f, text in doc.fields.items()}
            per_field["name"] = set(terms(normalize_tokens(doc.name)))
            self._fields.append(per_field)
            self._name_terms.append(Counter(per_field["name"]))
            df.update(set().union(*per_field.values()))
        n = max(len(self.docs), 1)
        self._idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        self._max_idf = math.log((n + 1) / 0.5)
        self._vocabulary = sorted(t for t in df if "_" not in t and len(t) >= 3)
        # term → list of (doc index, best field weight), for scoring only the docs that share a term
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for i, per_field in enumerate(self._fields):
            best: dict[str, float] = {}
            for field, field_terms in per_field.items():
                weight = FIELD_WEIGHTS.get(field, FIELD_WEIGHTS["extra"])
                for t in field_terms:
                    if weight > best.get(t, 0.0):
                        best[t] = weight
            for t, weight in best.items():
                self._postings.setdefault(t, []).append((i, weight))

    def idf(self, term: str) -> float:
        return self._idf.get(term, self._max_idf)

    def correct(self, tokens: Sequence[str]) -> list[str]:
        """Replace typed words that are not in the vocabulary by the closest word that is (typo tolerance)."""
        out: list[str] = []
        for tok in tokens:
            if tok in self._idf or is_code(tok) or len(tok) < 4:
                out.append(tok)
                continue
            best = process.extractOne(tok, self._vocabulary, scorer=fuzz.ratio, score_cutoff=_TYPO_CUTOFF)
            out.append(best[0] if best else tok)
        return out

    def search(self, tokens: Sequence[str], limit: int = 5) -> list[Hit]:
        """Rank documents for already-normalised question tokens (stop words removed)."""
        # A word pair no document contains is an accident of word order, not evidence against any document;
        # an unknown single word does count against every document (that is what refuses off-topic questions).
        query = [t for t in terms(self.correct(tokens)) if "_" not in t or t in self._idf]
        if not query:
            return []
        weights = {t: self.idf(t) ** IDF_POWER for t in set(query)}
        total = sum(weights.values())
        gained: dict[int, float] = {}
        for t, w in weights.items():
            for i, field_weight in self._postings.get(t, ()):
                gained[i] = gained.get(i, 0.0) + w * field_weight
        hits: list[Hit] = []
        for i, gain in gained.items():
            coverage = gain / total
            name_terms = self._name_terms[i]
            name_mass = sum(self.idf(t) ** IDF_POWER for t in name_terms) or 1.0
            name_cover = sum(self.idf(t) ** IDF_POWER for t in name_terms if t in weights) / name_mass
            hits.append(Hit(self.docs[i], (1 - NAME_WEIGHT) * coverage + NAME_WEIGHT * name_cover))
        hits.sort(key=lambda h: (-h.score, _code_key(h.doc.code)))
        return hits[:limit]


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in code.replace("PL", "").split("."))
