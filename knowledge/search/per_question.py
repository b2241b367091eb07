"""What one question has already worked out, kept while it is answered and dropped after it.

A question is read whole, then by its halves, clauses and sentences, and each reading searches the index again:
the same words recur ("… chi cục thuế, cái này ai theo dõi và năm 2023 …": 10 searches, 6 of them different), and a
short message's clauses are its sentences. Nothing is kept from one question for the next: a benchmark asking a
question again measures it again, and memory does not grow with traffic (issue 20)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

# The key under which the message asked is kept, as read before any part of it is: a part's reading may depend on
# the whole (``two_topics._read_half``)
WHOLE_TEXT = ("whole text",)
# … the fields it asks ("… mỗi cái tối đa mấy điểm": points, asked of each half), and whether it asks of each
WHOLE_FIELDS = ("whole fields",)
WHOLE_ASKS_EACH = ("whole asks each",)

_MEMO: ContextVar[dict[Hashable, Any] | None] = ContextVar("per_question", default=None)


@contextmanager
def one_question() -> Iterator[None]:
    """Keep what is worked out until the outermost question is answered (a question asking a part of itself again,
    its last sentence, shares the memo)."""
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, once per question for ``key``; outside a question, every time."""
    memo = _MEMO.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    found: T = memo[key]
    return found
