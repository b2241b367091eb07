"""What is being asked: the method, the owner, the deadline, the evidence, the result — or which indicators a unit
leads. Phrases are matched on the normalised (folded) question, so "tinh diem the nao" and "tính điểm thế nào" are
the same. The phrases that only say *what kind* of answer is wanted are removed before the indicator search so
that they do not pull towards indicators whose method text happens to contain them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.normalize import find_codes, normalize

# Checked in this order: the first intent with a matching phrase wins.
INTENT_PHRASES: list[tuple[str, tuple[str, ...]]] = [
    ("evidence", (
        "tai lieu kiem chung", "ho so kiem chung", "kiem chung", "minh chung", "lay so lieu tu dau",
        "lay so lieu o dau", "lay so lieu", "lay tu dau", "lay o dau", "nguon so lieu", "so lieu lay tu dau",
        "nguon du lieu",
        "can nop nhung gi", "can nop gi", "nop tai lieu gi", "can nhung tai lieu gi", "can tai lieu gi",
    )),
    ("deadline", (
        "thoi han", "han chot", "han nop", "han hoan thanh", "thoi gian hoan thanh", "khi nao phai",
        "khi nao", "bao gio", "deadline", "het han", "cham nhat la", "cham nhat",
    )),
    ("method", (
        "tinh diem nhu the nao", "tinh diem the nao", "tinh diem ra sao", "tinh diem", "cach tinh diem",
        "cach tinh", "cham diem", "cong thuc tinh", "cong thuc", "cach xac dinh", "phuong phap tinh",
        "duoc tinh nhu the nao", "tinh nhu the nao", "tinh the nao", "tinh ra sao", "huong dan tinh",
        "diem toi da", "bao nhieu diem toi da",
    )),
    ("result", (
        "ket qua nam", "ket qua", "dat bao nhieu diem", "duoc bao nhieu diem", "bao nhieu diem", "diem nam",
        "muc tieu", "chi tieu dat", "mat diem", "bi tru diem", "vi sao mat diem", "ly do mat diem",
    )),
    ("owner", (
        "do ai phu trach", "ai phu trach", "ai chu tri", "ai theo doi", "ai lam", "ai chiu trach nhiem",
        "don vi nao chu tri", "don vi nao phu trach", "don vi nao theo doi", "co quan nao chu tri",
        "co quan nao phu trach", "don vi nao", "co quan nao", "bo phan nao", "giao cho ai", "phan cong cho ai",
        "ai duoc giao", "thuoc ve ai", "ai phoi hop", "don vi phoi hop", "don vi chu tri",
    )),
]

_UNIT_QUESTION = re.compile(
    r"^(?P<unit>.+?)\s+(?:chiu trach nhiem|chu tri|phu trach|theo doi|phoi hop|duoc giao|dam nhiem|quan ly|lam)"
    r"\s+(?:(?:nhung|cac|bao nhieu|may)\s+)?"
    r"(?:(?:chi so|tieu chi|chi tieu|viec|nhiem vu|noi dung)(?:\s+thanh phan)?(?:\s+(?:nao|gi))?|nao|gi)\s*$"
)
_ROLE_COORDINATE = re.compile(r"\bphoi hop\b")

# Phrases and words that say nothing about which indicator is meant.
STOP_PHRASES: tuple[str, ...] = (
    "chi so thanh phan", "chi so chinh", "chi so", "tieu chi", "cho biet", "cho hoi", "xin hoi", "vui long",
    "lam the nao", "nhu the nao", "the nao", "ra sao", "la gi", "bao lau mot lan", "bao lau 1 lan", "may lan",
    "bao lau",
)
STOP_WORDS: frozenset[str] = frozenset(
    """giup toi minh em anh oi a nhe nha vay sao gi la cua ve voi thi ma nhu khong duoc hay nay do ai nhung cac
    mot chua da hoi nao tren o tai trong den va hoac bang theo cung rat lai roi se phai nhat cach cho""".split()
)


@dataclass(frozen=True, slots=True)
class Query:
    """A question taken apart: its intent, the codes written in it, the words left to search with."""

    text: str
    intent: str  # method | owner | deadline | evidence | result | unit_indicators | lookup
    codes: tuple[str, ...]
    tokens: tuple[str, ...]
    unit_phrase: str = ""
    unit_role: str = "lead"


def _strip_phrase(text: str, phrase: str) -> str:
    return re.sub(rf"\b{re.escape(phrase)}\b", " ", text)


def analyze(question: str) -> Query:
    folded = normalize(question)
    codes = tuple(find_codes(question))

    unit_match = _UNIT_QUESTION.match(folded)
    if unit_match and not codes:
        role = "coordinate" if _ROLE_COORDINATE.search(folded[unit_match.end("unit"):]) else "lead"
        return Query(question, "unit_indicators", (), (), unit_match.group("unit").strip(), role)

    intent = "lookup"
    rest = folded
    for name, phrases in INTENT_PHRASES:
        found = [p for p in phrases if re.search(rf"\b{re.escape(p)}\b", rest)]
        if found:
            intent = name
            for p in sorted(found, key=len, reverse=True):
                rest = _strip_phrase(rest, p)
            break
    for phrase in STOP_PHRASES:
        rest = _strip_phrase(rest, phrase)
    tokens = tuple(t for t in rest.split() if t not in STOP_WORDS and t not in codes)
    return Query(question, intent, codes, tokens)
