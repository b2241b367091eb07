"""Patterns and modules a module names when it is imported but builds on first use, so that a process pays only
for what it reaches: ``dti-bot ask`` about a code never compiles the patterns of pairs, unit names, deadlines
written as dates or a source's markup, nor imports rapidfuzz (issue 20: the ``ask`` command's CPU).

What is named this way behaves as the pattern or the module itself once used: the first attribute asked for
compiles (imports) it, and each attribute is then this object's own, with no further indirection.
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType
from typing import Any, cast


class _LazyPattern:
    """``re.compile(pattern, flags)`` done on first use of any attribute but ``pattern`` (which composes other
    patterns at import without compiling this one)."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:  # only for what this object does not hold yet
        value = getattr(re.compile(self.pattern, self._flags), name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return repr(re.compile(self.pattern, self._flags))


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern compiled the first time it is used (``search``, ``sub``, …); the same pattern as
    ``re.compile(pattern, flags)`` in every respect its users rely on, but it cannot be given to ``re.*``
    functions in place of a pattern (call its methods)."""
    return cast(re.Pattern[str], _LazyPattern(pattern, flags))


class _LazyModule:
    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, name: str) -> Any:
        value = getattr(importlib.import_module(self._name), name)
        setattr(self, name, value)
        return value


def lazy_module(name: str) -> ModuleType:
    """The module ``name``, imported the first time one of its attributes is used."""
    return cast(ModuleType, _LazyModule(name))
