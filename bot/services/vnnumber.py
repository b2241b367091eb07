"""The one place value entry reads a number typed by a person.

``parse_vn_number`` is the interface collection uses; it reads Vietnamese conventions (``45.000`` is 45000,
``12,5`` is 12.5, ``1.500.000,5``, ``12,5 %`` is 0.125). The shared parser of the "answers hold up" work is being
added to ``scoring/numbers.py``; when it is merged, this function becomes a call to it (one line), and nothing
else in collection changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.500 / 1.500.000,5: dots group thousands
_PLAIN = re.compile(r"^(\d+([.,]\d+)?|[.,]\d+)$")


@dataclass(frozen=True)
class NotANumber:
    """What was typed, when it is not a number."""

    text: str


def parse_vn_number(text: str) -> float | NotANumber:
    """A number typed the Vietnamese way, or ``NotANumber``. Negative numbers are read (the checks say why
    they are refused); a trailing ``%`` divides by 100."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    percent = cleaned.endswith("%")
    cleaned = cleaned.rstrip("%")
    sign = -1.0 if cleaned.startswith("-") else 1.0
    cleaned = cleaned.lstrip("+-")
    if _GROUPED.match(cleaned):
        value = float(cleaned.replace(".", "").replace(",", "."))
    elif _PLAIN.match(cleaned):
        value = float(cleaned.replace(",", "."))
    else:
        return NotANumber(text)
    value *= sign
    return value / 100 if percent else value
