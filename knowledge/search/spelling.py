"""Repairs for words typed on a phone that are not in the index's vocabulary.

Three kinds, tried in this order because each is more of a guess than the one before:

1. Telex leftovers: a Vietnamese keyboard in the wrong mode leaves its keys in the word ("chir tieeu" for "chỉ
   tiêu", "ddinhf" for "định"): doubled vowels and "dd" stand for a hat or a stroke, a final s/f/r/x/j for a tone.
2. Run-together syllables ("chuyendoiso"): split into known syllables, fewest pieces first.
3. Two neighbouring letters swapped ("tragn" for "trang"), when one swap alone lands on a known word.
4. Ordinary typos: the closest known word by edit similarity (rapidfuzz).

Each repair is accepted only when it lands on words the index knows, so an unknown word stays unknown (and keeps
counting against every document: that is what refuses off-topic questions).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Container, Mapping, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from knowledge.lazy import lazy_compile, lazy_module
from knowledge.normalize import I_OR_Y

if TYPE_CHECKING:
    from rapidfuzz import fuzz, process
else:  # imported on the first comparison: a question naming a code makes none
    fuzz, process = lazy_module("rapidfuzz.fuzz"), lazy_module("rapidfuzz.process")

TYPO_CUTOFF = 80.0
_DIGITS_OR_LETTERS = lazy_compile(r"\d+|[a-z]+")
_DOUBLED = lazy_compile(r"([aeo])\1|(d)d")
_DROPPED_N = lazy_compile(r"[aeiouy]g$")
_MIN_PIECE = 2
_MAX_PIECES = 5
# A Vietnamese syllable as folded (no marks, "đ" → "d"): an initial consonant, then a rhyme. A word of another shape
# is a short form or a term of one sense ("SNV", "ipv6", "botnet").
_RHYMES = (
    "a ac ach ai am an ang anh ao ap at au ay e ec ech em en eng enh eo ep et eu i ia ich iec iem ien ieng iep "
    "iet ieu im in inh ip it iu o oa oac oach oai oam oan oang oanh oao oap oat oay oc oe oen oeo oet oi om on "
    "ong ooc oong op ot u ua uan uang uanh uat uay uc ue uech uen uenh ueo uet ui um un ung uo uoc uoi uom uon "
    "uong uop uot uou up ut uu uy uya uych uyen uyet uynh uyt uyu y yem yen yet yeu"
).split()
SYLLABLE = lazy_compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?(?:"
                        + "|".join(sorted(_RHYMES, key=len, reverse=True)) + ")")


def telex_repair(word: str) -> str:
    """``word`` with telex keys removed ("tieeu" → "tieu", "ddinhf" → "dinh", "tyr" → "ty"); may be unchanged."""
    out = _DOUBLED.sub(lambda m: m.group(1) or m.group(2), word.replace("w", ""))
    if len(out) > 2 and out[-1] in "sfrxj" and re.search(r"[aeiouy]", out[:-1]):
        out = out[:-1]
    return out


def segment(word: str, vocabulary: Container[str]) -> list[str] | None:
    """Split a run-together word into the fewest known syllables of at least two letters, or None."""
    n = len(word)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(max(0, end - 7), end - _MIN_PIECE + 1):
            head = best[start]
            piece = word[start:end]
            if head is not None and piece in vocabulary and len(head) < _MAX_PIECES:
                candidate = [*head, piece]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    found = best[n]
    return found if found and len(found) >= 2 else None


class _Pieces:
    """What a run-together word may be made of: a known word or a short form. Asked of both, not a set of both,
    which was a second copy of each index's vocabulary (issue 20)."""

    __slots__ = ("_expansions", "_known")

    def __init__(self, known: frozenset[str], expansions: Mapping[str, str]) -> None:
        self._known, self._expansions = known, expansions

    def __contains__(self, piece: object) -> bool:
        return piece in self._known or piece in self._expansions


class Speller:
    """Repairs query words against one index's vocabulary; results are cached (questions repeat words).
    ``expansions``: short forms a run-together word may contain ("congdvc"), spelled out when found; ``kept``: pairs
    of words ("the thao") that are words together although the vocabulary lacks them: a word typed beside its pair
    is never repaired into another ("thao" of "Sở Văn hóa, Thể thao và Du lịch", one swap from the "thoa" of "thỏa
    thuận"), while "thao thuan" still is."""

    def __init__(self, vocabulary: Collection[str], expansions: Mapping[str, str] | None = None,
                 kept: Collection[str] = ()) -> None:
        self._known = frozenset(vocabulary)
        self._kept = frozenset(kept)
        self._expansions = dict(expansions or {})
        # a syllable also in its other spelling ("ky" for the "ki" the index keeps, see normalize.I_OR_Y)
        y_forms = {w[:-1] + "y": w for w in self._known if w.endswith("i") and I_OR_Y.fullmatch(w[:-1] + "y")}
        self._expansions = {**y_forms, **self._expansions}
        self._pieces = _Pieces(self._known, self._expansions)
        self._choices = sorted(w for w in self._known if len(w) >= 3)
        self.repair = lru_cache(maxsize=4096)(self._repair)

    def _spelled(self, pieces: Sequence[str]) -> tuple[str, ...]:
        return tuple(w for p in pieces for w in self._expansions.get(p, p).split())

    def _repair(self, word: str) -> tuple[str, ...]:
        if word in self._known or len(word) < 3:
            return (word,)
        if not word.isalpha():  # "5nam": a number run into a word
            parts = _DIGITS_OR_LETTERS.findall(word)
            if len(parts) > 1 and all(p.isdigit() or p in self._pieces for p in parts):
                return self._spelled(parts)
            return (word,)
        fixed = telex_repair(word)
        if fixed in self._known:
            return (fixed,)
        # no Vietnamese syllable ends in a vowel and "g": the "n" of "ng" was dropped ("trag" → "trang"), which a
        # four-letter word, too short for the typo match below, gets no other way
        if _DROPPED_N.search(word) and f"{word[:-1]}ng" in self._known:
            return (f"{word[:-1]}ng",)
        pieces = segment(word, self._pieces) if len(word) >= 4 else None
        if pieces is None and fixed != word and len(fixed) >= 4:
            pieces = segment(fixed, self._pieces)
        if pieces:
            return self._spelled(pieces)
        swapped = self._swapped(word) if len(word) >= 4 else None
        if swapped:
            return (swapped,)
        if len(word) >= 5:  # a four-letter word is one letter from too many others ("tien" → "thien")
            best = process.extractOne(word, self._choices, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
            if best:
                return (best[0],)
        return (word,)

    def _swapped(self, word: str) -> str | None:
        """The one known word ``word`` becomes by swapping two neighbouring letters, the commonest slip of thumbs
        on a phone ("tragn" → "trang"), or None when none or several do. The edit match below scores a swap no
        better than a dropped letter ("tragn" is as near "tran" as "trang"), so it must come first."""
        found = {w for k in range(len(word) - 1) if word[k] != word[k + 1]
                 and (w := word[:k] + word[k + 1] + word[k] + word[k + 2:]) in self._known}
        return found.pop() if len(found) == 1 else None

    def correct(self, tokens: Sequence[str]) -> list[str]:
        repaired = [self.repair(tok) for tok in tokens]
        if self._kept and any(r != (tok,) for r, tok in zip(repaired, tokens, strict=True)):
            # only where a word would change are the kept pairs looked for: the words of one stay as typed
            typed = {w for pair in map(" ".join, pairwise(tokens)) if pair in self._kept for w in pair.split()}
            repaired = [(tok,) if tok in typed else r for r, tok in zip(repaired, tokens, strict=True)]
        return [piece for r in repaired for piece in r]
