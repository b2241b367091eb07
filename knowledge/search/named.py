"""An indicator the question names by its kind of name ("chỉ số tỷ lệ thôn được phủ sóng 4G …", "tiêu chí tỷ lệ
hộ gia đình có địa chỉ số …"): the words of that name are what the asker takes the indicator to be called. An
entry holding none of several of them is another indicator, found by the rest of the question ("thôn" of 4.2's
community teams, "trường học" of 4.13's schools), and stating it would be a confident wrong answer: the plan has
no indicator of that name, and the entry is only offered (``decide``'s hint).

The words of the name are read from the pointer up to where the question goes on to ask (a field word, a place,
a year, punctuation), so the context around it names nothing here. Only words the entry could hold count: a
word the plan's index knows as a topic word (not one most entries hold), or a word no entry of the plan holds at
all ("4g" under Kon Tum). Typed words the speller repairs are read repaired.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from knowledge.lazy import lazy_compile
from knowledge.normalize import fold, is_code, normalize_tokens
from knowledge.search.decide import Decision
from knowledge.search.index import terms
from knowledge.search.intent import is_stop

if TYPE_CHECKING:
    from knowledge.search.index import Document, Hit, SearchIndex
    from knowledge.search.thesaurus import Rewrite, Thesaurus

# "chỉ số (về) tỷ lệ …", "tiêu chí số lượng …", "cs ty le …": the pointer and the start of an indicator's own name
_NAMING = lazy_compile(r"(?:^|\b(?:chi so|tieu chi|chi tieu|cs|tc)\s+(?:ve\s+)?)(?=(?:ti le|ty le|so luong)\b)")
# How such a name starts, folded ("tỷ lệ", "tỉ lệ", "số lượng")
_NAME_STARTS = ("ty le", "ti le", "so luong")
_JOINED = lazy_compile(r",|\s(?:va|voi|hoac|lan|cung)\s")  # folded: a sentence of two topics
# Where the name ends: the question goes on to ask a field, a place, a year, who
_ENDS = frozenset("""cua o tai trong nam thi do la ai may bao bn bnhieu diem max toi han muc ket nguon hien hay
    the nhu ntn sao gi giao dat phai can chiu ben va voi hoac thuc lay""".split())
# Ends only before these: "bao nhiêu", "bao giờ", "bao lâu", "mục tiêu", "kết quả", "thực tế" ask; "báo chí",
# "chuyên mục", "kết nối", "thực hiện" are words of names
_ENDS_BEFORE = {"bao": frozenset({"nhieu", "gio", "lau"}), "muc": frozenset({"tieu"}), "ket": frozenset({"qua"}),
                "thuc": frozenset({"te"}),  # "thực tế": the result asked
                "lay": frozenset({"du", "so", "tu", "o"})}  # "lấy dữ liệu từ nguồn nào": where the figure comes from
# ... and not before these: "máy tính", "máy chủ" fold to the "may" of "mấy" (how many), and name things
_NOT_ENDS_BEFORE = {"may": frozenset({"tinh", "chu", "tram", "moc", "in", "quet", "anh", "vi"})}
_STOPS = lazy_compile(r"[?!;:()]|\.(?!\w)")  # not a comma: "tỷ lệ thôn, làng …" is one name; nor ".vn"
_LONGEST = 10  # words of a name read at most
# An entry lacking this many of the name's words (or word pairs) is not the indicator named. On the public questions
# the right entries lack 0–2 of the names quoted, the entries of names no plan has 3–12. At 3, three held-back sets
# (27, 49, 54, summary lines only) each lost a right answer, turned into a hint; at 4 two of them did not, and two
# development refusals (set 55, three lacking) are answered again: a name paraphrased in its own words is the
# asker's too, so the margin is kept on the side of answering.
LACKING = 4


def named_words(question: str) -> list[str]:
    """The folded words of the indicator name ``question`` writes after "chỉ số"/"tiêu chí", or none."""
    return quoted_name(question)[0]


def quoted_name(question: str) -> tuple[list[str], bool]:
    """``named_words``, and whether a pointer word ("chỉ số", "tiêu chí", "cs") introduced them; a name that opens
    a sentence of one topic (no join, no comma: "Tỷ lệ hộ gia đình có địa chỉ số ở Ninh Thuận được mấy điểm") is
    quoted too, without one."""
    folded_whole = fold(question)
    if not any(start in folded_whole for start in _NAME_STARTS):  # most questions quote no name: no word read
        return [], False
    for sentence in _STOPS.split(question):
        folded = " ".join(normalize_tokens(sentence))
        found = _NAMING.search(folded)
        if found is None:
            continue
        pointed = bool(found.group(0))
        plain = fold(sentence)
        if not pointed and (_JOINED.search(plain) or sum(plain.count(start) for start in _NAME_STARTS) > 1):
            continue  # "tỷ lệ DN dùng hợp đồng điện tử, DN nộp thuế …", "tỷ lệ A còn tỷ lệ B …": two topics
        words: list[str] = []
        named = folded[found.end():].split()[:_LONGEST]
        for word, after in zip(named, [*named[1:], ""], strict=True):
            if (word in _ENDS and after in _ENDS_BEFORE.get(word, (after,))
                    and after not in _NOT_ENDS_BEFORE.get(word, ())) or word.isdigit() or is_code(word):
                break  # a year, a code, a figure: the name has ended
            words.append(word)
        return words[2:], pointed  # "tỷ lệ", "số lượng": every such name starts so
    return [], False


def lacking(index: SearchIndex, doc: Document, words: Sequence[str], rewrites: Sequence[Rewrite] = ()) -> list[str]:
    """The words of a name (``named_words``) ``doc`` does not hold that could tell it from another entry; a word of
    an everyday or learned wording (``rewrites``) whose official words ``doc`` holds is held ("chỉ số tỷ lệ dân
    dùng smartphone": 3.1 holds "điện thoại thông minh"), as the search itself reads it."""
    said = {key for r in rewrites if any(all(index.holds(doc, w) for w in folded if not is_stop(w))
                                         for _, folded in r.official_keys) for key in r.keys}
    return [t for t in telling_terms(index, index.correct(words))
            if not index.holds(doc, t) and not said.issuperset(t.split("_"))]


def telling_terms(index: SearchIndex, words: Sequence[str]) -> list[str]:
    """The words and word pairs of ``words`` that could tell one entry from another: no stop word in them, and
    not held by most entries ("công", "khai" of every "triển khai")."""
    return [t for t in terms(words) if not any(map(is_stop, t.split("_"))) and not index.common(t)]


def named_otherwise(decision: Decision, question: str, index: SearchIndex, thesaurus: Thesaurus) -> Decision:
    """``decision`` refused, its entries only offered, where every one of them lacks ``LACKING`` words of the
    indicator name the question writes."""
    if decision.status == "none" or not names_otherwise(decision.hits, question, index, thesaurus):
        return decision
    return Decision("none", decision.hits)


def names_otherwise(hits: Sequence[Hit], question: str, index: SearchIndex, thesaurus: Thesaurus) -> bool:
    """The question names an indicator (``named_words``) every one of ``hits`` lacks ``LACKING`` words of; also
    what a clause of it found ("Chỉ số Tỷ lệ sinh viên tốt nghiệp …, … của xã giao cho ai": the commune's
    officials trained, 4.5, found by its last clause, is no indicator of that name)."""
    if not hits:
        return False
    words, pointed = quoted_name(question)
    if not pointed:  # a sentence opening with the name: typed fast, its words the index does not know are no proof
        words = [w for w in words if index.knows(w)]
    if len(words) < LACKING:
        return False
    everyday, learned = thesaurus.found(question)
    return all(len(lacking(index, h.doc, words, [*everyday, *learned])) >= LACKING for h in hits)
