"""Character trigrams of the entries' names, beside the words: a misspelt or run-together question still shares
most of its letters, in order, with the name it means ("cap quangg", "chuyendoiso", "hồ sơ trưc tuyến").

Each name is a set of trigrams of its folded text with its word boundaries (" ca", "cap", "ap "); a trigram counts
by its inverse document frequency, so the letters of "chuyển đổi số", in every name, count for little. The score
is the share of the question's trigram weight the name holds, 0..1 (a share of the question, not a cosine: a cosine
favours short names, and siblings differ mostly in length). Only trigrams few names share are walked, so a
question costs a few hundred dictionary look-ups, then one set intersection per name found that way.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

N = 3
COMMON_SHARE = 6  # a trigram in more than one name out of this many is not walked (it still counts in the norm)


def trigrams(text: str) -> set[str]:
    padded = f" {' '.join(text.split())} "
    return {padded[i:i + N] for i in range(len(padded) - N + 1)}


class NgramIndex:
    def __init__(self, names: Sequence[str]) -> None:
        """``names``: each entry's name, folded (normalised tokens joined by spaces)."""
        grams = [trigrams(name) for name in names]
        df: Counter[str] = Counter(g for gs in grams for g in gs)
        n = max(len(names), 1)
        self._idf = {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}
        self._unseen = math.log((n + 1) / 0.5)
        self._cap = max(2, n // COMMON_SHARE)
        self._postings: dict[str, list[int]] = {}
        for i, gs in enumerate(grams):
            for g in gs:
                if df[g] <= self._cap:
                    self._postings.setdefault(g, []).append(i)
        self._grams = [frozenset(gs) for gs in grams]
        self._weight = {g: idf ** 2 for g, idf in self._idf.items()}

    def scores(self, text: str) -> dict[int, float]:
        """Entry index → the share of ``text``'s trigram weight its name holds, for entries sharing a rare one."""
        grams = trigrams(text)
        if not grams:
            return {}
        found: set[int] = set()
        for g in grams:
            found.update(self._postings.get(g, ()))
        weight = self._weight
        total = sum(weight.get(g, self._unseen ** 2) for g in grams)
        return {i: sum(weight[g] for g in grams & self._grams[i]) / total for i in found}
