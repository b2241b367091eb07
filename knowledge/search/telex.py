"""Telex leftovers repaired before a question is read: "chir soos veef dieenx taapj … ai chur trif" is "chi so ve
dien tap … ai chu tri" typed on a keyboard whose Vietnamese input was off. Only where two words or more the plan
does not know become known ones without their keys: one odd word is more likely a name or an abbreviation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.lazy import lazy_compile
from knowledge.normalize import normalize_tokens
from knowledge.search.intent import STOP_WORDS
from knowledge.search.spelling import telex_repair

if TYPE_CHECKING:
    from knowledge.search.index import SearchIndex

# A word typed in ASCII letters that may carry telex keys: a tone key at its end or after a vowel ("caps", "chir"),
# a doubled vowel or "dd", a "w" after a vowel
_TELEX_CANDIDATE = lazy_compile(r"\b(?:[A-Za-z]{2,}[sfrxj]|"
                                r"[A-Za-z]*(?:[aeiouy][sfrxj]|aa|ee|oo|dd|aw|ow|uw)[A-Za-z]*)\b")


def untelexed(text: str, index: SearchIndex) -> str:
    """``text`` with its telex leftovers repaired where two words or more ``index`` does not know become known
    ones without their telex keys; ``text`` itself otherwise."""
    words = _TELEX_CANDIDATE.findall(text)
    if len(words) < 2:
        return text
    fixed = {w: r for w in words if not _known(index, lw := w.lower()) and (r := telex_repair(lw)) != lw
             and _known(index, r)}
    if len(fixed) < 2:
        return text
    return _TELEX_CANDIDATE.sub(lambda m: fixed.get(m.group(0), m.group(0)), text)


def _known(index: SearchIndex, word: str) -> bool:
    """A word of the plan's vocabulary, or a word any question drops ("vậy"), in the spelling the index keeps."""
    folded = normalize_tokens(word)
    return len(folded) == 1 and (index.knows(folded[0]) or folded[0] in STOP_WORDS)
