"""What the engine returns: a score with its explanation, a rejection of impossible inputs, or a wait.

Three outcomes, never a made-up number: ``Result`` when the score follows from the inputs,
``Rejection`` when the
inputs cannot be true (a denominator of 0, more fibre households than households…), ``Pending`` when the score
depends on data no single province has (Min–Max against other provinces) or the indicator is not scored
at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple


class InputRejected(Exception):
    """Raised inside the engine for impossible inputs; turned into a ``Rejection`` at the API boundary."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ScoreWaits(Exception):
    """Raised inside the engine when the score cannot be known yet; turned into a ``Pending``."""

    def __init__(self, reason: str, ratio: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.ratio = ratio


class Result(NamedTuple):
    """A computed score. ``score`` is unrounded; ``explanation`` is built only when someone reads it.

    A named tuple rather than a dataclass: it is immutable and much cheaper to create, which matters when a
    province scores every indicator of thousands of communes."""

    code: str
    score: float
    max_points: float
    inputs: Mapping[str, float | str]
    ratio: float | None
    explain: Callable[[], list[str]]

    @property
    def lost(self) -> float:
        """Points lost against the maximum."""
        return self.max_points - self.score

    @property
    def steps(self) -> list[str]:
        return self.explain()

    @property
    def explanation(self) -> str:
        return "\n".join(self.explain())

    def to_json(self, framework: str) -> dict[str, Any]:
        return {
            "framework": framework,
            "code": self.code,
            "score": self.score,
            "max": self.max_points,
            "lost": self.lost,
            "inputs": dict(self.inputs),
            "ratio": self.ratio,
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class Rejection:
    """Inputs that cannot be scored, with the reason in Vietnamese."""

    code: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"error": self.reason, "code": self.code}


@dataclass(frozen=True, slots=True)
class Pending:
    """No score yet: the reason says what is missing (peer provinces' values, or the indicator is not
    scored)."""

    code: str
    max_points: float | None
    reason: str
    ratio: float | None = None

    def to_json(self, framework: str) -> dict[str, Any]:
        return {
            "framework": framework,
            "code": self.code,
            "score": None,
            "max": self.max_points,
            "ratio": self.ratio,
            "pending": self.reason,
            "explanation": self.reason,
        }


Outcome = Result | Rejection | Pending


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Two sources disagree on this indicator's rule or maximum; validation lists it."""

    source: str
    text: str
