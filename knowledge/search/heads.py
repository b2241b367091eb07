"""What an indicator's name is about, read from its head words: a budget row ("Kinh phí diễn tập, ứng cứu sự cố
ATTT", "Tổng chi Ngân sách nhà nước cho chính quyền số") measures money spent on a topic, not the topic. A question
about the topic that never speaks of money ("diễn tập an toàn thông tin ai làm") means the topic's own row (5.9,
the drills held), yet the budget row shares every topic word and often scores first. Such rows are demoted a little,
enough to let the topic's row lead when the two are close, never enough to hide the budget row among the offers."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from itertools import pairwise

from knowledge.normalize import normalize
from knowledge.search.index import Hit

# Name heads (folded) that make a row a budget row, and words (folded, whole) by which a question speaks of money.
# "chi" alone is no money word: folded, it is also "chỉ" (chỉ số, chỉ tiêu).
MONEY_HEADS = ("kinh phi ", "chi phi ", "ngan sach ", "tong chi ", "von ")
MONEY_WORDS = frozenset({"kinh phi", "chi phi", "ngan sach", "tien", "phi", "dau tu", "von", "dong", "ty dong",
                         "trieu", "nsnn", "chi tieu tien", "tong chi", "chi cho", "chi thuong xuyen", "kinh phi chi"})
DEMOTION = 0.95


def speaks_of_money(tokens: Sequence[str]) -> bool:
    words = [normalize(t) for t in tokens]
    singles = set(words)
    pairs = {f"{a} {b}" for a, b in pairwise(words)}
    return bool((singles | pairs) & MONEY_WORDS)


def demote_unasked_budgets(hits: list[Hit], tokens: Sequence[str]) -> list[Hit]:
    """The hits re-ranked with budget rows demoted when the question does not speak of money."""
    if not hits or speaks_of_money(tokens):
        return hits
    out = [replace(h, score=h.score * DEMOTION) if f"{normalize(h.doc.name)} ".startswith(MONEY_HEADS) else h
           for h in hits]
    return sorted(out, key=lambda h: h.score, reverse=True)


# Asked how many points ("bao nhiêu phần trăm thì đủ điểm", "tối đa mấy điểm"): a plan's own item (Ninh Thuận's
# targets, documents, projects) carries no points, a criterion does.
POINTS_FIELDS = frozenset({"score", "max"})
POINTLESS_DEMOTION = 0.9  # more than a budget's: an item has no points at all, a budget row has its own
NAMED = 0.5  # an item the question names this much is what it asks, points or none (the card says it has none)


def demote_pointless(hits: list[Hit], fields: Sequence[str], items: Collection[str]) -> list[Hit]:
    """The hits re-ranked with the plan's own items (``items``: their codes) demoted when points are asked
    (``POINTLESS_DEMOTION``)."""
    if not hits or not POINTS_FIELDS & set(fields):
        return hits
    out = [replace(h, score=h.score * POINTLESS_DEMOTION) if h.doc.code in items and h.name_cover < NAMED else h
           for h in hits]
    return sorted(out, key=lambda h: h.score, reverse=True)
