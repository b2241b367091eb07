"""Which numbers in a question are indicator codes, and which are values (years, percentages, points, versions).

A number is a code only where it is one: written after "chỉ số", "chi so", "cs", "tiêu chí", "tc", "chỉ tiêu
(số)", "ct" or "mã"; or shaped like a code (6.12, also typed 6,12) when that code exists in the plan asked about and
the words around it do not make it a value ("phiên bản 3.0", "đạt 1,85%", "3,33 điểm", "18/21", "năm 2023"). A
percentage is never a code, not even after "chỉ tiêu" ("chỉ tiêu 80% hộ gia đình"). Codes typed oddly on a phone —
spaced dots ("4 . 7"), dashes ("7-1-1", "3 - 2"), repeated dots ("2..10") — are read as the code they spell when
a code word comes before them or that code exists (``code_forms``); otherwise they stay what they are (a range
"10-15%", a date).
Numbers are taken out of the text that is searched (the topic is in the words), except whole numbers that are
part of some entry's name ("kế hoạch 5 năm").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from knowledge.lazy import lazy_compile
from knowledge.normalize import fold
from knowledge.search.spoken_codes import spoken_codes

_NUMBER = re.compile(r"(?<![\w.,/])\d+(?:[.,]\d+)*(?![\w])")
_CODE_SHAPE = re.compile(r"[1-9]\d?(?:\.\d{1,2}){0,4}")  # no code starts with 0 ("… mà 0 vậy" is a score)
_BARE = re.compile(r"\s*(\d{1,2})\s*[.)]?\s*")
_MARKER = re.compile(r"\b(?:chi so|chi tieu|tieu chi|cs|tc|ct|ma so|ma)\s*(?:(?:so|thu)\s+)?[:#]?\s*$")
# "nhóm" right before a dotted number: a group of criteria, named by its code ("nhóm 1.4"), never a quantity
_GROUP_BEFORE = lazy_compile(r"\bnhom\s*$")
# A code and a joining word right before a number: the number is the next code of a list ("cs 7.2 và 7.3 …").
_LISTED = lazy_compile(r"\d\.\d{1,2}\s*(?:,|va|voi|hoac|&)\s*$")
# A number of the plan's codes followed by a join and another ("tối đa 6.16 vs 6.17", "cả 8.6 lẫn 8.7"): codes
# listed, whatever the words before or after them say of a value ("tối đa 6.16" points, "8.6 lần")
_JOINED_CODE_AFTER = lazy_compile(r"^\s*(?:,|va|voi|vs|lan|hoac|&|\+)\s*(\d+(?:[.,]\d+)+)")
_PERCENT_AFTER = re.compile(r"^\s*(?:%|phan tram)")
# Words right after a number that make it a quantity, not a code: a measure, which may have a fraction ("8,5
# điểm", "1.5 triệu"), or a count of things, which is whole ("8 xã"; so "8.7 xã" is code 8.7 followed by "xã").
# "tỷ" is a sum of money, but not in "tỷ trọng" or "tỷ lệ" ("7.1 tỷ trọng kinh tế số" names code 7.1).
_MEASURE = (r"%|/|-|–|phan tram|diem\b|d\b|lan\b|ty\b(?!\s+(?:trong|le)\b)|trieu|nghin|ngan\b|tuoi"
            r"|(?:thang|ngay|nam)\b(?!\s*\d)")
_COUNT = (r"nguoi|to\b|he thong|doanh nghiep|cuoc|ung dung|nen tang|tin\b|bai\b|truong|sinh vien|don vi|ho\b"
          r"|may\b|dich vu|hop dong|ten mien|giao dich|tai khoan|thu tuc|ho so|can bo|cong chuc|xa\b|huyen|thon|lop")
_VALUE_AFTER = lazy_compile(rf"^\s*(?:{_MEASURE}|{_COUNT})")
_MEASURE_AFTER = lazy_compile(rf"^\s*(?:{_MEASURE})")
# Words right before a number that make it a value (a version, a level, a result, a date).
_VALUE_BEFORE = lazy_compile(
    r"(?:phien ban|version|\bban|\bv|\bdat|\bduoc|khoang|\btang|\bgiam|(?<=\w )con|\bchi|\btren|\bquy|\bthang|\bngay"
    r"|muc do|cap do|muc|toi thieu|toi da|it nhat|\bgan|\bhon|\bthu|\btop|\bnam|giai doan|\btu|\bden"
    r"|-|–|/|\bso|\biso|\bkh|\bkhoan)\s*$"
)
# Codes of a plan's own items ("PL2.3", "PL3.A.II.1") and code words written against the number ("CS6.12").
_PLAN_CODE = re.compile(r"(?<![\w.])PL\d+(?:\.[A-Z0-9]+)+(?![\w.])", re.IGNORECASE)
# The words that say a code follows, as typed (with or without marks).
_CODE_WORDS = r"chỉ số|chi so|tiêu chí|tieu chi|cs|tc|ct"
_CODE_WORDS_TOO = rf"{_CODE_WORDS}|chỉ tiêu|chi tieu"  # "chỉ tiêu" too, once a number is apart from it
# a code word against the number, or joined to it by a dash, a colon or a dot ("CS6.12", "CS-4-7", "TC-6.12",
# "cs.7.8")
# Points typed against their number with "đ" ("gl 0đ", "có 2đ thôi", "có 4,75đ"): "2 điểm", a value, never a topic
# word; a decimal ("0.5d", one or two digits after its mark, as no thousands group has) with "d" too, which chat
# types for "điểm"; not money ("500.000đ"), nor a whole number with "d" ("3d")
_GLUED_POINTS = re.compile(r"(?<![\w.,])(\d{1,2})(?:[đĐ]|(?P<decimal>[.,]\d{1,2})[đĐdD])(?!\w)")
_GLUED_MARKER = re.compile(rf"\b({_CODE_WORDS})(?:\s*[-–—:.]\s*)?(?=\d)", re.IGNORECASE)
# Digits groups joined by separators other than one plain dot: "4 . 7", "7-1-1", "3 - 2", "2..10", "5 . 12 . 3".
# A dash may be typed twice or thrice, spaced or not ("8--8--2--4", "8 - - 8"), or as an em dash ("8—8—2—4").
_DASHES = r"[-–—](?:\s*[-–—]){0,2}"
_ODD_CODE = re.compile(
    rf"(?<![\w.,/—–-])\d{{1,2}}(?:\s*(?:\.{{1,3}}|{_DASHES})\s*\d{{1,2}}|_\d{{1,2}}){{1,4}}"
    r"(?![\w/]|\s*(?:\.{1,3}|[-–—,_])\s*\d)")
_SEPARATOR = re.compile(rf"\s*(?:\.{{1,3}}|{_DASHES})\s*|_")
# Right after a code word only, parts split by spaces or slashes ("chỉ số 6 12", "cs 6/8"): a code when the plan
# has it; elsewhere those are two numbers, a fraction or a date.
_MARKED_SPLIT = re.compile(
    rf"(?P<marker>\b(?:{_CODE_WORDS_TOO})\s+(?:(?:số|so|thứ|thu)\s+)?)"
    r"(?P<code>\d{1,2}(?:(?:\s+|/)\d{1,2}){1,3})(?![\w.,/])", re.IGNORECASE)
_SPLIT = lazy_compile(r"\s+|/")
_MARKER_BEFORE = re.compile(
    rf"\b(?:{_CODE_WORDS_TOO}|mã|ma)\s*(?:số|so)?\s*[:#]?\s*$", re.IGNORECASE
)
_CONTEXT = 24  # characters either side of a number that are read to classify it
_POINTS_AFTER = lazy_compile(r"^\s*(?:diem|d)\b")
# "… được có 1.6 điểm thôi": points had, a score, where "3.3 đ tối đa" names a code
_HAS_BEFORE = lazy_compile(r"\bco\s*$")
_YEAR = lazy_compile(r"(?:19|20)\d\d")
_YEAR_RANGE = lazy_compile(r"\b(?:19|20)\d\d\s*-\s*(?:19|20)\d\d\b")  # "2020-2025", "2020 - 2025"
_YEAR_WORD = lazy_compile(r"(?:\bnam|\bden|\btu|\btrong)\s*$")


# A plan item's code typed in words or spaced: "pl 2.5", "PL3 E-2", "phụ lục 2 mục 5", "phụ lục II, mục 5", "mục 10
# phụ lục I", "mục B.2 của phụ lục III" — all "PL<appendix>.<item>" (Ninh Thuận's PL2.5, PL1.10, PL3.B.2).
# "mục A-III-3": dashes between an item's parts as dots
_ITEM = r"(?P<item>[A-Za-z0-9]{1,3}(?:[.-][A-Za-z0-9]{1,3}){0,3})"
_APPENDIX = r"(?P<appendix>\d|iv|i{1,3})"
# the kinds of item each appendix lists ("chỉ tiêu 8 phụ lục 1", "dự án C.1 phụ lục III")
_ITEM_KIND = r"(?:m(?:ụ|u)c|stt|ch(?:ỉ|i) ti(?:ê|e)u|v(?:ă|a)n b(?:ả|a)n|d(?:ự|u) (?:á|a)n|nhi(?:ệ|e)m v(?:ụ|u))"
# "… (của) phụ lục I" after an item's kind and number: the appendix it is in
_OF_APPENDIX = (r"\s*,?\s+(?:(?:c(?:ủ|u)a|thu(?:ộ|o)c|trong|t(?:ạ|a)i|ở|o)\s+)?ph(?:ụ|u) l(?:ụ|u)c\s+" + _APPENDIX
                + r"(?![\w.])")
# "phụ lục I, mục 5", "Phụ lục I chỉ tiêu số 5": the appendix, then the item's kind or "số"
_APPENDIX_FIRST = (r"\bph(?:ụ|u) l(?:ụ|u)c\s+" + _APPENDIX + r"\s*,?\s*(?:(?:" + _ITEM_KIND + r"|s(?:ố|o))\s+)?"
                   r"(?:s(?:ố|o)\s+)?")
_PLAN_ITEM_FORMS = (
    re.compile(r"\bpl\s+(?P<appendix>\d)\s*\.\s*" + _ITEM + r"(?![\w.])", re.IGNORECASE),
    # "PL3 E-2", "pl3 e.2": the appendix against "PL", the item after a space (only where the plan has the item)
    re.compile(r"\bpl(?P<appendix>\d)\s+" + _ITEM + r"(?![\w.])", re.IGNORECASE),
    # "pl3-a-ii-3", "PL1-6": dashes throughout, the appendix's too
    re.compile(r"\bpl\s*(?P<appendix>\d)\s*-\s*" + _ITEM + r"(?![\w.])", re.IGNORECASE),
    re.compile(_APPENDIX_FIRST + _ITEM + r"(?![\w.])", re.IGNORECASE),
    re.compile(r"\b" + _ITEM_KIND + r"\s+(?:s(?:ố|o)\s+)?" + _ITEM + _OF_APPENDIX, re.IGNORECASE),
    # a project by its section letter alone ("dự án A-III-3", "dự án C.1"): only Appendix III lists projects
    re.compile(r"\bd(?:ự|u) (?:á|a)n\s+(?:s(?:ố|o)\s+|m(?:ụ|u)c\s+)?(?P<appendix>)"
               r"(?P<item>[A-Ha-h](?:[.-](?:[IVXivx]{1,3}|\d{1,2})){1,2})(?![\w.])"),
)
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
# Two items of one appendix: "chỉ tiêu 10 và 11 phụ lục I", "mục 3, 4 của phụ lục II", "chỉ tiêu số 1 và số 2 ở …"
_TWO_ITEMS = re.compile(r"\b" + _ITEM_KIND + r"\s+(?:s(?:ố|o)\s+)?" + _ITEM + r"\s*(?:,|\s(?:v(?:à|a)|với|voi))\s*"
                        + r"(?:s(?:ố|o)\s+)?" + _ITEM.replace("item", "second") + _OF_APPENDIX, re.IGNORECASE)
# … and after their appendix: "Phụ lục I chỉ tiêu số 5 và số 6"
_TWO_AFTER_APPENDIX = re.compile(_APPENDIX_FIRST + _ITEM + r"\s*(?:,|\s(?:v(?:à|a)|với|voi))\s*"
                                 r"(?:(?:" + _ITEM_KIND + r"|s(?:ố|o))\s+)?"  # "… mục 1 và mục 3"
                                 + _ITEM.replace("item", "second") + r"(?![\w.])", re.IGNORECASE)

# A project by its section and its number said apart ("dự án số 2 mục C phụ lục III", "phụ lục III mục C số 2",
# "mục C phụ lục III, dự án số 2"): "PL3.C.2", where the plan has it
_SECTION = r"m(?:ụ|u)c\s+(?P<section>[A-Ha-h])"
_SECTION_NUMBER = r"(?:" + _ITEM_KIND + r"\s+)?(?:s(?:ố|o)\s+)?(?P<number>\d{1,2})(?![\w.])"
_SECTIONED = (
    re.compile(r"\b" + _ITEM_KIND + r"\s+(?:s(?:ố|o)\s+)?(?P<number>\d{1,2})\s*,?\s+(?:(?:c(?:ủ|u)a|thu(?:ộ|o)c|trong|"
               r"ở|o)\s+)?" + _SECTION + _OF_APPENDIX, re.IGNORECASE),
    re.compile(r"\bph(?:ụ|u) l(?:ụ|u)c\s+" + _APPENDIX + r"\s*,?\s*" + _SECTION + r"\s*,?\s*" + _SECTION_NUMBER,
               re.IGNORECASE),
    re.compile(r"\b" + _SECTION + _OF_APPENDIX + r"\s*,?\s*" + _SECTION_NUMBER, re.IGNORECASE),
)

# A target by its number alone ("chỉ tiêu số 12 ai chủ trì"): only Appendix I lists targets ("các chỉ tiêu"), read
# so where the plan has that item and no code of that number; never a figure ("chỉ tiêu 40%", "chỉ tiêu 30 người")
_TARGET_ALONE = re.compile(r"\bch(?:ỉ|i) ti(?:ê|e)u\s+(?:s(?:ố|o)\s+)?(?P<item>\d{1,2})"
                           r"(?=\s*(?:[,.?!;:]|$)|\s+(?:ai|là|la|do|của|cua|thì|thi|về|ve|giao|có|co|hạn|han|được"
                           r"|duoc|ghi|nói|noi|nhằm|nham|đặt|dat)\b)", re.IGNORECASE)


@lru_cache(maxsize=8)
def _holds_items(codes: frozenset[str]) -> bool:
    """``codes`` hold a plan item's code ("PL2.5"): worked out once per set of codes (a plan's)."""
    return any(c.startswith("PL") for c in codes)


def plan_item_forms(text: str, known_codes: Collection[str] | None) -> str:
    """``text`` with a plan item's code typed in words written the usual way ("phụ lục 2 mục 5" → "PL2.5"), only
    where the plan has that item."""
    if known_codes is None or not _holds_items(known_codes if isinstance(known_codes, frozenset)
                                               else frozenset(known_codes)):
        return text  # a plan without items of its own (three of four): the forms below would find nothing

    def written(m: re.Match[str]) -> str:
        code = _item_code(m, "item")
        return f" {code} " if code in known_codes else m.group(0)

    def both(m: re.Match[str]) -> str:
        codes = [_item_code(m, g) for g in ("item", "second")]
        return f" {codes[0]} và {codes[1]} " if all(c in known_codes for c in codes) else m.group(0)

    def target(m: re.Match[str]) -> str:
        code = f"PL1.{m.group('item')}"
        return f" {code} " if code in known_codes and m.group("item") not in known_codes else m.group(0)

    def sectioned(m: re.Match[str]) -> str:
        appendix = m.group("appendix").lower()
        code = f"PL{_ROMAN.get(appendix, appendix)}.{m.group('section').upper()}.{m.group('number')}"
        return f" {code} " if code in known_codes else m.group(0)

    for form in _SECTIONED:
        text = form.sub(sectioned, text)
    text = _TWO_AFTER_APPENDIX.sub(both, _TWO_ITEMS.sub(both, text))
    for form in _PLAN_ITEM_FORMS:
        text = form.sub(written, text)
    return _TARGET_ALONE.sub(target, text)


def _item_code(m: re.Match[str], item: str) -> str:
    """The plan item's code a match of ``_PLAN_ITEM_FORMS`` or ``_TWO_ITEMS`` names by its group ``item``: a roman
    appendix in figures, dashes as dots; a project's section letter alone is in Appendix III."""
    appendix = m.group("appendix").lower() or "3"
    return f"PL{_ROMAN.get(appendix, appendix)}.{m.group(item).replace('-', '.').upper()}"


def code_forms(text: str, known_codes: Collection[str] | None) -> str:
    """``text`` with codes typed oddly written the usual way ("chỉ số 5 . 12 . 3" → "chỉ số 5.12.3", "cs 6-22-1"
    → "cs 6.22.1", "ct 2..10" → "ct 2.10"): when a code word comes right before, or the code exists in the plan
    (``known_codes``). Anything else is left as typed: "10-15%" stays a range, "15-12" a day."""
    return _code_forms(text, known_codes)[0]


def _code_forms(text: str, known_codes: Collection[str] | None) -> tuple[str, set[str], set[str]]:
    """``code_forms``, the codes it wrote from dots typed oddly ("3..6", "4 . 7"): no value is typed so (a
    decimal has one dot between digits), so they are codes whatever word follows ("3..6 điểm tối đa"); and those it
    wrote from dashes, which may still be a range ("1-2 nền tảng")."""
    dotted: set[str] = set()
    dashed: set[str] = set()

    def joined(m: re.Match[str]) -> str:
        code = ".".join(_SEPARATOR.split(m.group(0)))
        marked = _MARKER_BEFORE.search(text, 0, m.start()) is not None
        known = known_codes is not None and code in known_codes
        if (marked or known) and _CODE_SHAPE.fullmatch(code):
            if "." in m.group(0) and m.group(0) != code:  # typed oddly, not a plain "3.6"
                dotted.add(code)
            if any(dash in m.group(0) for dash in "-–—"):
                dashed.add(code)
            return code
        return m.group(0)

    def split(m: re.Match[str]) -> str:
        code = ".".join(_SPLIT.split(m.group("code")))
        # "chỉ tiêu 6/8 xã": 6 of 8; three parts or more are no count ("chỉ tiêu 7 1 1 điểm tối đa")
        counted = code.count(".") < 2 and _VALUE_AFTER.match(fold(m.string[m.end():m.end() + _CONTEXT]))
        known = known_codes is not None and code in known_codes
        return m.group("marker") + code if known and not counted else m.group(0)

    return _MARKED_SPLIT.sub(split, _ODD_CODE.sub(joined, text)), dotted, dashed


def _value_after_marker(code: str, after: str, known_codes: Collection[str] | None) -> bool:
    """After a code word, the number is still a value when a percentage follows, or when it is no code of the
    plan and a unit of count follows."""
    if _PERCENT_AFTER.match(after) or after.startswith("/"):  # "chỉ tiêu 80%", "chỉ tiêu 6/8 xã": a share
        return True
    if known_codes is None or code in known_codes:
        return False
    # a count is whole, and a thousands group has three digits: "chỉ số 4.7 xã mình" is an unknown code 4.7
    return bool(_MEASURE_AFTER.match(after)) or ("." not in code and bool(_VALUE_AFTER.match(after)))


def _fraction_of_known_code(raw: str, known_codes: Collection[str] | None) -> bool:
    """"8.7" before a count of things ("cs 8.6 và 8.7 xã …") cannot be a count, which is whole, and a thousands
    group has three digits: when the plan has that code, it is the code."""
    return known_codes is not None and "." in raw and raw in known_codes


@dataclass(frozen=True, slots=True)
class Numbers:
    rest: str  # the question with every number (and a year's "năm", a code's "cs") blanked out
    codes: tuple[str, ...] = ()
    unknown_marked: tuple[str, ...] = ()  # after a code word but not in the plan: "chỉ số 9.9"
    unknown_loose: tuple[str, ...] = ()  # dotted like a code, not in the plan, no code word
    years: tuple[int, ...] = ()
    bare: int | None = None
    points: bool = False  # a number of points is written ("được 15 điểm"): the question is about a score


def _joined_codes(code: str, after: str, known_codes: Collection[str] | None) -> bool:
    """``code`` and the number joined after it are both codes of the plan (``_JOINED_CODE_AFTER``)."""
    listed = _JOINED_CODE_AFTER.match(after)
    return listed is not None and known_codes is not None and code in known_codes \
        and listed.group(1).replace(",", ".") in known_codes


def _points(glued: re.Match[str]) -> str:
    decimal = glued.group("decimal")
    return f"{glued.group(1)}{',' + decimal[1:] if decimal else ''} điểm"


def read_numbers(question: str, known_codes: Collection[str] | None = None,
                 topic_numbers: Collection[str] = ()) -> Numbers:
    """``topic_numbers``: whole numbers that are part of some entry's name ("kế hoạch 5 năm", "mô hình 4 lớp"):
    those stay in the text as topic words."""
    text = _GLUED_MARKER.sub(r"\1 ", unicodedata.normalize("NFC", question))  # "CS-6.12" → "CS 6.12"
    text = _GLUED_POINTS.sub(_points, text)  # "0đ" → "0 điểm", "0.5d" → "0,5 điểm"
    text = spoken_codes(text, known_codes)  # "sáu chấm mười lăm" → "6.15"
    text, dotted, dashed = _code_forms(plan_item_forms(text, known_codes), known_codes)
    plan_codes = [m.group(0).upper() for m in _PLAN_CODE.finditer(text)]
    items = tuple(c for c in plan_codes if known_codes is not None and c in known_codes)
    text = _PLAN_CODE.sub(" ", text) if items else text
    bare = _BARE.fullmatch(text)
    if bare:
        return Numbers("", bare=int(bare.group(1)))
    folded = fold(text)
    if len(folded) != len(text):  # folding changed the length (rare letters): work on the folded text
        text = folded
    blank = list(text)
    codes: list[str] = []
    marked: list[str] = []
    loose: list[str] = []
    years: list[int] = []
    pointed: list[tuple[str, int, int]] = []  # a code of the plan written before "điểm" ("3.3 đ tối đa")
    points = False
    for m in _NUMBER.finditer(folded):
        raw = m.group(0)
        start = m.start()
        window = max(0, start - _CONTEXT)  # only the words next to a number decide (and long texts stay linear)
        before, after = folded[window:start], folded[m.end():m.end() + _CONTEXT]
        code = raw.replace(",", ".")
        marker = _MARKER.search(before)
        if code in dotted or _joined_codes(code, after, known_codes):  # "3..6 điểm tối đa", "6.16 vs 6.17"
            codes.append(code)
        elif marker and _value_after_marker(code, after, known_codes):
            pass  # "chỉ tiêu 80%", "chỉ tiêu 50 doanh nghiệp": a percentage or a count, never a code
        elif marker and _CODE_SHAPE.fullmatch(code):
            start = window + marker.start()
            if known_codes is None or code in known_codes:
                codes.append(code)
            else:
                marked.append(code)
        elif _YEAR.fullmatch(raw) and raw in topic_numbers and _YEAR_RANGE.search(folded, max(0, start - 6),
                                                                      min(len(folded), m.end() + 6)):
            continue  # "nghị quyết cđs 2020-2025": a period an entry's name writes, no year asked
        elif _YEAR.fullmatch(raw):
            years.append(int(raw))
            word = _YEAR_WORD.search(before)
            start = window + word.start() if word else start
        elif raw in topic_numbers:
            continue
        elif raw.count(".") >= 2 and _CODE_SHAPE.fullmatch(raw):  # 5.12.3 is no quantity, whatever follows
            if known_codes is None or raw in known_codes:
                codes.append(raw)
            else:
                loose.append(raw)
        elif _VALUE_BEFORE.search(before) or _MEASURE_AFTER.match(after) or (
                _VALUE_AFTER.match(after) and (code in dashed or not _fraction_of_known_code(raw, known_codes))):
            if _POINTS_AFTER.match(after) and not _VALUE_BEFORE.search(before) and not _HAS_BEFORE.search(before) \
                    and _fraction_of_known_code(raw, known_codes):
                if _LISTED.search(before):  # "cs 7.2 và 7.3 điểm tối đa": the second of two codes
                    codes.append(code)
                    blank[start:m.end()] = " " * (m.end() - start)
                    continue
                pointed.append((code, start, m.end()))  # "3.3 đ tối đa": the code, unless the question has another
                continue
            points = points or bool(_POINTS_AFTER.match(after))
        elif "." in raw or "," in raw:
            if not _CODE_SHAPE.fullmatch(code):
                pass
            elif known_codes is None:
                if "." in raw:
                    codes.append(code)
            elif code in known_codes:
                codes.append(code)
            elif "." in raw:  # "nhóm 1.4 gồm những tiêu chí nào": a group of criteria is a code written
                (marked if _GROUP_BEFORE.search(before) else loose).append(code)
        blank[start:m.end()] = " " * (m.end() - start)
    if not codes and not items and len(pointed) == 1:
        codes.append(pointed[0][0])
    elif pointed:
        points = True  # another code is asked about: "… được 3.3 điểm" is its score
    for _, start, end in pointed:
        blank[start:end] = " " * (end - start)
    found = tuple(dict.fromkeys((*items, *codes)))
    return Numbers("".join(blank), found, tuple(marked), tuple(loose), tuple(years), points=points)
