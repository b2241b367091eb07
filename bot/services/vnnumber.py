"""The one place value entry reads a number typed by a person: the shared Vietnamese reader of
``scoring.numbers`` (``45.000`` is 45000, ``12,5`` is 12.5, ``12,5 %`` is 0.125; ``1.200`` or ``12.5`` are refused
with both readings offered, except for counts, where a single group of three digits can only be thousands)."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.numbers import NumberError, read_number


@dataclass(frozen=True)
class NotANumber:
    """What was typed, when it is not one number, and why (Vietnamese, with the readings when ambiguous)."""

    text: str
    message: str = ""


def parse_vn_number(text: str, *, whole: bool = False) -> float | NotANumber:
    """A number typed the Vietnamese way (a percentage as its fraction), or ``NotANumber``. Negative numbers are
    read (the checks say why they are refused); ``whole`` for counts."""
    try:
        number = read_number(text.replace("\u00a0", " "), whole=whole)
    except NumberError as exc:
        return NotANumber(text, exc.message)
    return number.fraction
