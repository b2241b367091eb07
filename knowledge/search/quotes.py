"""Figures a question quotes: officials name an indicator by its number ("chỉ tiêu 566 tổ công nghệ số", "tỷ lệ
người lớn … mới 2%"), the target or last result its plan row writes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from knowledge.lazy import lazy_compile
from knowledge.search.decide import CHOICES
from knowledge.search.index import Hit
from knowledge.search.intent import Query

# A candidate found this well, below the offer floor, is answered when it alone writes a figure the question quotes
QUOTED_FLOOR = 0.25
# A figure quoted: two digits at least, or a decimal ("566", "28,58"); a lone digit only as a percentage ("mới 2%")
_QUOTE = lazy_compile(r"(?<![\w.,])\d{2,}(?:[.,]\d+)?(?![\w])|(?<![\w.,])\d[.,]\d+(?![\w.,])"
                      r"|(?<![\w.,])\d(?=\s?%)")


def quoted_numbers(text: str) -> frozenset[str]:
    """The figures ``text`` writes, a decimal comma read as a point."""
    return frozenset(n.replace(",", ".") for n in _QUOTE.findall(text))


def quoted_one(text: str, query: Query, found: Sequence[Hit], readers: Sequence[Callable[[str], str]]) -> Hit | None:
    """Of ``found``, the one whose texts have a figure the question quotes, when only one of them writes it; each
    of ``readers`` (code → what is written of it: the plan's row first, then all that is written) tried in turn.
    Years and codes are no quote."""
    numbers = quoted_numbers(text) - {str(y) for y in query.years} - set(query.codes)
    if not numbers:
        return None
    for written in readers:
        holders = [h for h in found if numbers & quoted_numbers(written(h.doc.code))]
        if len(holders) == 1:
            return holders[0]
    return None


def close_enough_to_quote(ranked: Sequence[Hit]) -> list[Hit]:
    """The few found well enough for a quoted figure to pick one of them (``QUOTED_FLOOR``)."""
    return [h for h in ranked[:CHOICES] if h.grounded and h.score >= QUOTED_FLOOR]
