"""Indicator codes and the shape of a framework as the scoring engine sees it.

The engine needs only a framework's rows (code and maximum) and its total maximum; it declares that shape here
as protocols so that ``scoring`` never imports ``knowledge`` (the knowledge base's dataclasses satisfy them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

_CHUNKS = re.compile(r"(\d+)")


def parent_code(code: str) -> str | None:
    """The pillar or indicator a code belongs to: ``6.22.1`` → ``6.22``, ``6`` → ``None``."""
    head, sep, _ = code.rpartition(".")
    return head if sep else None


def code_order(code: str) -> tuple[tuple[int, int, str], ...]:
    """The sort key of a code read the way people read it: numbers as numbers, so ``1.9`` comes before ``1.10``
    and ``6.3`` before ``6.22`` (``6.22#a`` after ``6.22``). The one key every list of codes is sorted by."""
    return tuple((0, int(chunk), "") if chunk.isdigit() else (1, 0, chunk)
                 for chunk in _CHUNKS.split(code) if chunk)


class Row(Protocol):
    """One framework row: a pillar (code without a dot) or an indicator."""

    @property
    def code(self) -> str: ...

    @property
    def max_points(self) -> float | None: ...


class FrameworkRows(Protocol):
    """What a rule book is built over: the framework id, its rows in order, and its total maximum."""

    @property
    def id(self) -> str: ...

    @property
    def indicators(self) -> Sequence[Row]: ...

    @property
    def total_max(self) -> float | None: ...


class PublishedEntry(Protocol):
    """One printed row of a published score table."""

    @property
    def code(self) -> str: ...

    @property
    def score(self) -> float | None: ...

    @property
    def max_points(self) -> float | None: ...


class PublishedTable(Protocol):
    """A published score table: its rows as printed and the printed total."""

    @property
    def entries(self) -> Sequence[PublishedEntry]: ...

    @property
    def published_total(self) -> float | None: ...
