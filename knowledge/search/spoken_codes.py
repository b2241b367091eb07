"""Codes said in words, as officials type what they would say aloud: "sáu chấm mười lăm" is 6.15, "năm chấm chín
chấm hai" is 5.9.2, "tam cham sau" (no marks) is 8.6. "Chấm" (dot) between number words is what makes a code: a
number word alone is a count or a year's "năm", never a code. A decimal is spoken the same way ("bảy chấm năm phần
trăm"), so a spoken code is written in digits only where the plan has that code or a code word stands before it,
and the number reader then decides, as for typed digits, whether it is a code or a value."""

from __future__ import annotations

import re
from collections.abc import Collection

from knowledge.lazy import lazy_compile
from knowledge.normalize import fold

# Folded number words ("một" and "mốt" fold alike). After "mười"/"mươi", 4 is also "tư", 5 "lăm"/"nhăm".
_UNITS = {"khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9}
_AFTER_TEN = {**_UNITS, "tu": 4, "lam": 5, "nham": 5}
_UNIT = "|".join(_UNITS)
_LAST = "|".join(_AFTER_TEN)
# one number up to 99: "sáu", "mười", "mười lăm", "hai mươi hai"
_SPOKEN = rf"(?:(?:{_UNIT})\s+muoi(?:\s+(?:{_LAST}))?|muoi(?:\s+(?:{_LAST}))?|(?:{_UNIT}))"
_SPOKEN_CODE = lazy_compile(rf"(?<!\w){_SPOKEN}(?:\s+cham\s+{_SPOKEN}){{1,3}}(?!\w)")
_CODE_WORD_BEFORE = lazy_compile(r"\b(?:chi so|tieu chi|chi tieu|cs|tc|ct|ma so|ma)\s*(?:so\s+)?[:#]?\s*$")


def spoken_number(words: str) -> int:
    """The value of one spoken number up to 99 (``_SPOKEN``), folded words separated by spaces."""
    parts = words.split()
    if "muoi" not in parts:
        return _UNITS[parts[0]]
    at = parts.index("muoi")
    tens = _UNITS[parts[0]] if at else 1
    return tens * 10 + (_AFTER_TEN[parts[at + 1]] if at + 1 < len(parts) else 0)


def spoken_codes(text: str, known_codes: Collection[str] | None) -> str:
    """``text`` with each code said in words written in digits, where the plan (``known_codes``) has it or a code
    word comes right before it ("chỉ số chín chấm chín": read, then found unknown); anything else as typed."""
    folded = fold(text)
    if "cham" not in folded or len(folded) != len(text):  # most questions say no "chấm"
        return text
    out, last = [], 0
    for m in _SPOKEN_CODE.finditer(folded):
        code = ".".join(str(spoken_number(p)) for p in re.split(r"\s+cham\s+", m.group(0)))
        marked = _CODE_WORD_BEFORE.search(folded, 0, m.start()) is not None
        if marked or (known_codes is not None and code in known_codes):
            out += [text[last:m.start()], code]
            last = m.end()
    return "".join(out) + text[last:] if out else text
