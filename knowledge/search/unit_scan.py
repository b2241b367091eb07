"""What a unit leads, asked inside a longer message: "Em là chuyên viên Sở Tài chính Kon Tum, sáng nay họp … sở
mình phải chủ trì những chỉ số DTI nào. Anh chị liệt kê giúp em với ạ.", "Công an tỉnh, NHNN chi nhánh tỉnh phụ
trách cs nào", "… phần của bộ phận một cửa và công chức VHXH. Hai bên chủ trì những chỉ số nào, …".

The patterns of ``unit_questions`` read a question that is nothing but the ask; officials wrap it in who they are
and why they ask. So the message is read sentence by sentence: the sentence asking for a list of indicators a unit
leads (``_ASKS``), the units it names before its ask, or, where it names none ("sở mình", "hai bên"), those of the
nearest sentence before it that names some. A unit is found where a word may start a unit's name (``_STARTS``), as
the longest run of words from there the plan's resolver takes for one unit. Read only when the patterns found no
unit question: each try is a resolve.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from knowledge.lazy import lazy_compile
from knowledge.normalize import normalize_tokens
from knowledge.search.spelling import SYLLABLE
from knowledge.search.unit_questions import ASK_TAIL, WHO, asks_coordinate

_VERB = r"(?:chu tri|phu trach|lo|theo doi|dam nhan|dam nhiem|duoc giao|phan cong|om|tham muu)"
_POINTER = r"(?:chi so|cs|chi tieu|ct|tieu chi|tc|nhiem vu)(?:\s+(?:dti|thanh phan|chuyen doi so|cds))?"
_LIST = r"(?:nhung|cac|may|bao nhieu|het|toan bo|danh muc|danh sach|ds|liet ke)"
# A sentence asking which indicators a unit leads: "chủ trì những chỉ số DTI nào", "phải lo mấy chỉ số", "các
# chỉ số (…) mà Sở Nội vụ được giao chủ trì", "toàn bộ chỉ số sở được giao chủ trì", "chỉ số nào do … chủ trì"
_ASKS = lazy_compile(
    rf"\b{_VERB}\b(?:\s+\w+){{0,4}}?\s+(?:{_LIST}\s+)?{_POINTER}\b(?:\s+\w+){{0,3}}?\s+(?:nao|gi)\b"
    rf"|\b{_VERB}\b(?:\s+\w+){{0,4}}?\s+{_LIST}\s+{_POINTER}\b"
    rf"|\b{_LIST}\s+{_POINTER}\b(?:\s+\w+){{0,20}}?\s+{_VERB}\b"
    rf"|\b{_POINTER}\s+nao\b(?:\s+\w+){{0,3}}?\s+(?:do|giao cho)\s+(?:\w+\s+){{1,12}}?{_VERB}\b"
)
# "các chỉ số về an toàn thông tin do … chủ trì": which of its indicators is about a topic, a question about the
# topic (the plan may hold none), not the unit's list; after the ask, its clause holds nothing but ``ASK_TAIL``
_TOPIC_IN = lazy_compile(r"\b(?:ve|lien quan|linh vuc|mang)\b")
# "… được giao chủ trì chỉ số DTI của tỉnh. Cụ thể là chỉ số nào?": the ask split over two sentences
_SAID = lazy_compile(rf"\b{_VERB}\b(?:\s+\w+){{0,4}}?\s+{_POINTER}\b")
_WHICH = lazy_compile(rf"\b{_POINTER}\s+nao\b")
# Where a message's sentences end (the comma parts a sentence's clauses, kept for where a unit's name ends)
_SENTENCES = re.compile(r"[.?!;\n]+")
_SEGMENTS = re.compile(r"\s*[,:]\s*")
# "Kính gửi Ban Chỉ đạo, …": the one addressed, never the unit asked about
_ADDRESSED = lazy_compile(r"^\s*(?:k[íi]nh\s+)?g[ửu]i\b[^,]*,", re.IGNORECASE)
# The first word of a unit's name, folded ("Sở …", "UBND …", "Công an …", "CC …", "Đài …", "Viettel …")
_STARTS = frozenset({
    "so", "ubnd", "uy", "cong", "cc", "phong", "van", "vp", "dai", "bao", "buu", "trung", "doanh", "bo", "ban",
    "cuc", "ngan", "nhnn", "viettel", "vnpt", "mobifone", "fpt", "truong", "phan", "hiep",
})
# Words no unit's name holds: a run of words that may name one stops there
_NOT_NAME = frozenset({  # not "nội" (Sở Nội vụ), "hội" (Xã hội), "cơ" (cơ quan), "đảng"
    "chu", "phu", "duoc", "phai", "la", "thi", "ma", "do", "cho", "de", "lo", "theo", "can", "se", "nghe", "em",
    "anh", "minh", "toi", "nhung", "may", "nao", "gi", "vay", "a", "oi",
})


def _may_start(word: str) -> bool:
    """``word`` may start a unit's name: a kind of unit (``_STARTS``), or a department's short form, no Vietnamese
    syllable ("SNV", "STC", "SKHĐT": the plan's resolver knows which are units; not any short form: "KH-UBND" of
    a plan's number is no unit)."""
    return word in _STARTS or (word[0] == "s" and 3 <= len(word) <= 6 and word.isalpha()
                               and not SYLLABLE.fullmatch(word))


MAX_NAME_WORDS = 9  # the longest unit name a plan writes, in words, and a place after it
_JOIN = frozenset({"va", "voi", "hoac", "cung"})


def asked_units(question: str, resolve: Callable[[str], str | None],
                near: Callable[[str], list[str]] = lambda _: []) -> tuple[list[str], str] | None:
    """The units ``question`` asks the indicators of, and the role asked ("lead" or "coordinate"); None when it
    asks no such list, or names no unit ``resolve`` knows. ``near``: the units close to a phrase that names none
    for sure (``PlanUnits.near``): a name two units fit ("công chức văn hóa") is never read as a shorter one."""
    # "Kính gửi Sở TT&TT, đề nghị cho biết …": the one addressed is no unit asked about
    sentences = [s for s in _SENTENCES.split(_ADDRESSED.sub("", question, count=1)) if s.strip()]
    read = [(" ".join(normalize_tokens(s)), s) for s in sentences]
    for at, (folded, typed) in enumerate(read):
        ask = _ASKS.search(folded)
        if ask is None and at and _SAID.search(read[at - 1][0]):
            ask = _WHICH.search(folded)  # the list asked of what the sentence before said a unit leads
        if ask is None or WHO.search(folded) or _TOPIC_IN.search(ask.group(0)) \
                or not ASK_TAIL.match(_clause_rest(typed, ask.end())):
            continue
        role = "coordinate" if asks_coordinate(folded) else "lead"
        units = _units(sentences[at], resolve, near, before=ask.end())
        for typed in reversed(sentences[:at]):  # "sở mình", "hai bên": the units said before
            if units:
                break
            units = _units(typed, resolve, near)
        units = units or _named_after(sentences[at], ask.end(), resolve, near)
        return (units, role) if units else None
    return None


# What may follow a unit named after the ask: "Chủ trì cs nào vậy, Bưu điện tỉnh ấy?"
_AFTER_NAME = frozenset({"ay", "a", "nhe", "nha", "day", "do", "vay", "ha", "nhi", "the"})


def _named_after(sentence: str, at: int, resolve: Callable[[str], str | None],
                 near: Callable[[str], list[str]]) -> list[str]:
    """The unit a clause after the ask's (folded position ``at``) is nothing but ("…, Bưu điện tỉnh ấy?"); a clause
    saying more ("…, để gửi Sở Tài chính") names someone else."""
    for start, words in _folded_segments(sentence):
        if start < at:
            continue
        found = list(_named(words, resolve, near))
        if len(found) == 1 and found[0][0] is not None and found[0][1] == 0:
            unit = found[0][0]
            rest = [w for w in words if w not in _AFTER_NAME]
            if resolve(" ".join(rest)) == unit:
                return [unit]
    return []


def _clause_rest(sentence: str, at: int) -> str:
    """The folded words of ``sentence`` from folded position ``at`` to the end of the clause holding it (a comma
    ends one: "…, để bên anh còn gửi báo cáo" is another clause)."""
    for start, words in _folded_segments(sentence):
        folded = " ".join(words)
        if at <= start + len(folded):
            return folded[max(at - start, 0):]
    return ""


def _units(sentence: str, resolve: Callable[[str], str | None], near: Callable[[str], list[str]],
           before: int | None = None) -> list[str]:
    """The units ``sentence`` names (before folded position ``before``, where its ask ends), in order, once each."""
    found = [unit for start, words in _folded_segments(sentence) for unit, at in _named(words, resolve, near)
             if before is None or start + len(" ".join(words[:at])) < before]
    if None in found:  # "Sở GD và Sở LĐ-TB&XH …": a name listed beside the others names no unit of the plan;
        return []  # answering for the others alone would be a confident half answer
    return list(dict.fromkeys(u for u in found if u is not None))


def _folded_segments(sentence: str) -> Iterator[tuple[int, list[str]]]:
    """Each clause of ``sentence`` (parted at commas and colons) as its folded words, with where they start in the
    folded sentence, which has no commas: positions found in the one are positions in the other."""
    start = 0
    for segment in _SEGMENTS.split(sentence):
        words = normalize_tokens(segment)
        if words:
            yield start, words
            start += len(" ".join(words)) + 1


def _named(words: list[str], resolve: Callable[[str], str | None],
           near: Callable[[str], list[str]]) -> Iterator[tuple[str | None, int]]:
    """Each unit the words name and the word it starts at: from a word that may start a name, the longest run
    ``resolve`` takes for a unit, up to a word no name holds or a join before another name. A run joined to
    another name ("Sở GD | và Sở …") that names no unit is None."""
    i = 0
    while i < len(words):
        if not _may_start(words[i]):
            i += 1
            continue
        end = i + 1
        while end < len(words) and end - i < MAX_NAME_WORDS and words[end] not in _NOT_NAME \
                and not (words[end] in _JOIN and end + 1 < len(words) and _may_start(words[end + 1])):
            end += 1
        # a shorter run names one of the units close to the whole run, if any is ("công chức văn hóa" is Văn
        # hóa - Thông tin or Văn hóa - Xã hội, asked back, never the "công chức …" of another post)
        whole, close = end, set(near(" ".join(words[i:end])))
        unit = None
        while end > i and unit is None:
            unit = resolve(" ".join(words[i:end]))
            if unit is not None and end < whole and close and unit not in close:
                unit = None
            end -= 1 if unit is None else 0
        if unit is not None:
            yield unit, i
            i = end
        else:
            # a listed name none of the plan's ("Sở GD | và Sở …"), with no other name starting inside it ("phần
            # của | công an xã và …" is "công an xã")
            if whole < len(words) and words[whole] in _JOIN and whole - i >= 2 \
                    and not any(w in _STARTS for w in words[i + 1:whole]):
                yield None, i
            i += 1
