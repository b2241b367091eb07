"""Vietnamese number formatting, in one place: decimal comma, two decimals at most, percentages.

Scores are kept unrounded everywhere; rounding happens only here, when a number is shown to a person.
"""

from __future__ import annotations

import math
import re

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)$")


def fmt_num(value: float, decimals: int = 2) -> str:
    """``12.5`` → ``12,5``; ``1000`` → ``1000``; ``0.6667`` → ``0,67``. No thousands separator (avoids
    ``1.000``
    being read as one)."""
    if math.isinf(value) or math.isnan(value):
        return str(value)
    rounded = round(value, decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    text = f"{rounded:.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def fmt_pct(ratio: float, decimals: int = 2) -> str:
    """A ratio as a percentage: ``0.5`` → ``50 %``."""
    return f"{fmt_num(ratio * 100, decimals)} %"


def parse_number(text: str) -> float | None:
    """A number typed by a person: ``12,5``, ``12.5`` or ``10%`` (→ 0.1); ``None`` when it is not a
    plain number."""
    cleaned = text.strip().replace(" ", "")
    percent = cleaned.endswith("%")
    cleaned = cleaned.rstrip("%")
    if not _NUMBER.match(cleaned):
        return None
    value = float(cleaned.replace(",", "."))
    return value / 100 if percent else value


def last_number(text: str) -> float | None:
    """The last number in a text (used by tests: an explanation's final number must equal the score)."""
    found = re.findall(r"-?\d+(?:,\d+)?", text)
    return float(found[-1].replace(",", ".")) if found else None
