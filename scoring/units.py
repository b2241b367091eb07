"""Score whole units at once: every indicator of a unit, its pillars' sums and its total, for thousands of units.

One function per framework and set of indicators is generated from the compiled rules (``scoring.compiled``):
each rule's lines inlined one after another, so scoring a unit is one call, not one per indicator. It gives the
numbers the rule book gives — ``RuleBook.value`` for each indicator, ``sum_of`` for each pillar, ``total`` — and
leaves any input the compiled lines do not take to ``RuleBook.value``, one indicator at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from scoring.book import RuleBook
from scoring.compiled import Source, make, never, rule_lines
from scoring.engine import RawInputs, effective_max

Unit = Mapping[str, RawInputs]  # indicator key → its inputs (a sum's children's inputs prefixed by their codes)


class UnitScores(NamedTuple):
    """One unit's scores: each indicator's in the scorer's order (None: no score), each pillar's sum in the
    framework's order (indicators without a score are left out, as ``RuleBook.sum_of`` does), and the total."""

    scores: list[float | None]
    pillars: list[float]
    total: float


def _present(scores: Iterable[float | None]) -> float:
    return sum([s for s in scores if s is not None])


class UnitScorer:
    """Scores units given as ``{indicator key: inputs}`` on the indicators ``keys`` (a key missing from a unit
    has no score there)."""

    def __init__(self, book: RuleBook, keys: Sequence[str]) -> None:
        self.book = book
        self.keys = list(keys)
        index = {key: i for i, key in enumerate(self.keys)}
        scored = [book.fast(key) is not never for key in self.keys]
        self.pillars = [
            [index[c] for c in book.children.get(p, ()) if c in index and scored[index[c]]] for p in book.pillars()
        ]
        self._unit = self._compile(scored)

    def score(self, unit: Unit) -> UnitScores:
        """One unit."""
        return self._unit(unit)

    def score_all(self, units: Iterable[Unit]) -> Iterator[UnitScores]:
        """Many units, one after another."""
        return map(self._unit, units)

    def _slow(self, unit: Unit) -> UnitScores:
        """A unit lacking some indicator's inputs: each indicator through ``RuleBook.value``."""
        value = self.book.value
        scores = [None if (r := unit.get(key)) is None else value(key, r) for key in self.keys]
        pillars = [_present(scores[i] for i in members) for members in self.pillars]
        return UnitScores(scores, pillars, sum(pillars))

    def _compile(self, scored: list[bool]) -> Callable[[Unit], UnitScores]:
        book, src = self.book, Source("raise GiveUp")
        calls: dict[str, object] = {}
        src.emit("def unit(u):", 0)
        src.emit("try:", 1)
        src.emit("bad = False", 2)
        for i, key in enumerate(self.keys):
            target = f"s{i}"
            if not scored[i]:
                src.emit(f"{target} = None", 2)
                continue
            src.emit(f"r = u[{key!r}]", 2)
            src.emit("try:", 2)
            rule = book.rules[key]
            if not rule_lines(src, rule, effective_max(rule, book.maxima.get(key)), target, 3):
                calls[f"F{i}"] = book.fast(key)  # a sum, or a rule left to the explaining path
                src.emit(f"{target} = F{i}(r)", 3)
                src.emit(f"if {target} is None: raise GiveUp", 3)
            src.emit("except GIVE_UP:", 2)
            src.emit(f"{target} = VALUE({key!r}, r)", 3)
            src.emit(f"if {target} is None: bad = True", 3)
        src.emit("except KeyError:", 1)  # the unit lacks an indicator
        src.emit("return SLOW(u)", 2)
        sums = [f"({''.join(f's{i}, ' for i in members)})" for members in self.pillars]
        src.emit(f"pillars = [{', '.join(f'PRESENT({s})' for s in sums)}] if bad else [", 1)
        src.emit(", ".join(f"sum({s})" for s in sums), 2)
        src.emit("]", 1)
        src.emit(f"return UNIT([{', '.join(f's{i}' for i in range(len(self.keys)))}], pillars, sum(pillars))", 1)
        unit: Callable[[Unit], UnitScores] = make(
            src,
            "unit",
            f"<units of {book.id}>",
            KeyError=KeyError,
            VALUE=book.value,
            SLOW=self._slow,
            PRESENT=_present,
            UNIT=UnitScores,
            **calls,
        )
        return unit
