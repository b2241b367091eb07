"""How often a question asks ("mỗi tuần", "đều đặn", "mấy lần"), and the frequency rows of the frameworks ("Tần
suất … phát sóng chuyên mục …"): read by ``heads``, which weighs a topic's rows by what a question asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from knowledge.normalize import normalize
from knowledge.search.decide import CHOICES
from knowledge.search.index import Hit


def phrases(tokens: Sequence[str], longest: int) -> set[str]:
    """The folded words of ``tokens`` and their runs of up to ``longest`` words."""
    words = [_normalized(t) for t in tokens]
    return {" ".join(words[i:i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1)}


@lru_cache(maxsize=2048)
def _normalized(word: str) -> str:
    """``normalize`` of one word, kept: every candidate list of a question reads its words again (issue 20)."""
    return normalize(word)


FREQUENCY_WORDS = frozenset({"tan suat", "bao lau", "may lan", "bao nhieu lan", "lan", "hang tuan", "hang thang",
                             "moi tuan", "moi thang", "thuong xuyen", "dinh ky", "dinh ki", "deu dan", "hang ngay",
                             "moi ngay", "hang quy", "moi quy", "tuan nao", "thang nao", "ngay nao", "day co nao",
                             "lien tuc", "mot lan",
                             *(f"{how} {unit}" for how in ("may", "bao nhieu")
                               for unit in ("lan", "buoi", "tuan", "thang", "ngay", "quy", "ky"))})


def asks_frequency(tokens: Sequence[str]) -> bool:
    return bool(phrases(tokens, 3) & FREQUENCY_WORDS)


@lru_cache(maxsize=4096)
def frequency_row(name: str) -> bool:
    return normalize(name).startswith("tan suat ")


def own_frequency_first(hits: list[Hit]) -> list[Hit]:
    """How often asked, and the best is a topic's row whose frequency row ("Tần suất hệ thống truyền thanh cơ sở
    phát sóng chuyên mục …" beside "Hệ thống truyền thanh cơ sở có chuyên mục …") is among the first: the frequency
    row leads, however far below (a frequency is said in words the topic's row never holds: "tuần nào cũng có")."""
    if len(hits) < 2 or frequency_row(hits[0].doc.name):
        return hits
    topic = " ".join(normalize(hits[0].doc.name).split()[:3])
    own = next((h for h in hits[1:CHOICES] if h.grounded and frequency_row(h.doc.name)
                and normalize(h.doc.name).removeprefix("tan suat ").startswith(topic)), None)
    if own is None:
        return hits
    return [replace(own, score=hits[0].score), *(h for h in hits if h is not own)]
