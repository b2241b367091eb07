"""A question taken apart: what is asked (the field), which codes it names, and the topic words left to search.

Officials wrap the topic in what they want to know ("mục tiêu năm 2024 của tỷ lệ hồ sơ xử lý trực tuyến là bao
nhiêu phần trăm?"). The asked-for words, years, percentages, scores and version numbers say nothing about *which*
indicator is meant, so they are taken out before the search: they can then never push a clear topic below the
refusal floor. Phrases are matched on the folded question, so "tinh diem the nao" and "tính điểm thế nào" are the
same. Every pattern is compiled once, at import.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from knowledge.lazy import lazy_compile
from knowledge.normalize import I_OR_Y, fold, normalize_tokens
from knowledge.search.asker_intro import without_intro
from knowledge.search.citizen_asks import (
    asks_errand,
    asks_exists,
    asks_how_to,
    asks_support,
    own_asks,
)
from knowledge.search.fillers import FILLER_PHRASES, POINTER_PHRASES
from knowledge.search.numbers import Numbers, read_numbers
from knowledge.search.unit_questions import read_unit_question

_WHO = ("ai", "don vi nao", "co quan nao", "so nao", "cong chuc nao", "bo phan nao", "nganh nao", "ben nao",
        "phong nao")

# What can be asked, each with the phrases that ask it (folded). A question may ask several; the first one
# written is the field the answer leads with.
FIELD_PHRASES: dict[str, tuple[str, ...]] = {
    "evidence": (
        "tai lieu kiem chung", "ho so kiem chung", "kiem chung", "minh chung", "lay so lieu tu dau",
        "lay so lieu o dau", "lay so lieu", "lay tu dau", "lay o dau", "nguon so lieu", "so lieu lay tu dau",
        "nguon du lieu", "can nop nhung gi", "can nop gi", "nop tai lieu gi", "can nhung tai lieu gi",
        "can tai lieu gi", "can nop", "nop gi", "can nhung gi",
        # "lấy dữ liệu từ nguồn nào", "số liệu lấy ở đâu": where the figure comes from
        "lay du lieu tu dau", "lay du lieu o dau", "lay du lieu tu nguon nao", "du lieu tu nguon nao",
        "so lieu tu nguon nao", "lay tu nguon nao", "tu nguon nao", "nguon nao",
        "nguon cung cap du lieu", "nguon cung cap so lieu",
    ),
    "deadline": (
        "thoi han", "han chot", "han nop", "han hoan thanh", "thoi gian hoan thanh", "thoi gian thuc hien",
        "khi nao phai xong", "khi nao phai", "khi nao", "bao gio", "deadline", "het han", "cham nhat la",
        "cham nhat", "han la", "giai doan nao", "tu nam nao den nam nao", "nam nao", "quy may", "quy i", "quy ii",
        "quy iii", "quy iv", "hang quy", "phai xong", "han",
        "truoc ngay nao", "vao ngay nao", "hoan thanh truoc", "thoi diem nao",  # "phải hoàn thành trước ngày nào"
        "chung nao", "phai lam xong",  # "chừng nào (phải) làm xong": when, said in the South
    ),
    "method": (
        "tinh diem nhu the nao", "tinh diem the nao", "tinh diem ra sao", "tinh diem", "cach tinh diem",
        "cach tinh", "cham diem", "cong thuc tinh", "cong thuc", "cach xac dinh", "phuong phap tinh",
        "duoc tinh nhu the nao", "tinh nhu the nao", "tinh the nao", "tinh ra sao", "huong dan tinh",
    ),
    "max": (
        "diem toi da", "bao nhieu diem toi da", "toi da may diem", "toi da bao nhieu diem", "duoc toi da",
        "toi da bao nhieu", "thang diem", "toi da",
        # "… thì có trọn điểm không": whether a value gets the maximum, a question of the method, never a result
        "tron diem", "full diem", "du diem",
    ),
    "loss": (
        "vi sao mat diem", "tai sao mat diem", "ly do mat diem", "mat diem vi", "mat diem do", "mat diem",
        "bi tru diem", "vi sao bi", "tai sao bi", "vi sao duoc", "tai sao duoc", "vi sao thap", "vi sao",
        "tai sao", "ly do", "khong co diem", "bi trang diem", "trang diem",  # "bị trắng điểm": none at all
    ),
    "score": (
        "dat bao nhieu diem", "duoc bao nhieu diem", "bao nhieu diem", "duoc may diem", "may diem", "dat diem",
        "duoc diem", "diem nam", "co diem", "diem",  # "điểm năm 2023 …": the year is read first, "điểm" is left
    ),
    "target": (
        "muc tieu", "chi tieu dat", "phan dau", "can dat", "phai dat", "ke hoach dat", "dat muc",
        "duoc giao chi tieu", "giao chi tieu", "chi tieu duoc giao", "chi tieu giao", "phai co bao nhieu",
        "can co bao nhieu", "phai dat bao nhieu",
    ),
    "baseline": (
        "ket qua nam", "ket qua", "da dat", "dat duoc", "hien dat", "thuc trang", "hien trang", "dat chua",
        "chua dat", "da thanh lap duoc", "thanh lap duoc", "duoc bao nhieu", "dat bao nhieu", "hoan thanh chua",
        "trien khai chua", "ban hanh chua", "co chua", "thuc te dat", "thuc te nam", "ket qua thuc te",
        "so lieu thuc te",
        "lam toi dau", "lam den dau", "toi dau roi", "den dau roi",  # "tỉnh đã làm tới đâu": how far it has come
    ),
    "owner": (
        "do ai phu trach", "ai chiu trach nhiem", "chiu trach nhiem chinh", "chiu trach nhiem", "giao cho ai",
        "giao ai", "phan cong cho ai", "ai duoc giao", "thuoc ve ai", "ai phoi hop", "don vi phoi hop",
        "don vi chu tri", "co quan chu tri", "don vi phu trach", "co quan phu trach", "co quan phoi hop",
        "do ai", "la ai", "ai lam", "ai lo",
        # "who / which unit" + a verb of leading; a bare "chủ trì" is no question (1.2's name holds it)
        *(f"{who} {verb}" for who in _WHO for verb in ("chu tri", "phu trach", "theo doi", "lam", "lo")),
        # "bên nào đứng ra (lo)": who takes it on; "ai làm chủ trì" (the one who leads); no source writes either,
        # and "bên nào", "đơn vị nào" … are read on their own
        "ai dung ra", "dung ra lo", "dung ra lam", "dung ra chu tri", "dung ra to chuc", "dung ra",
        "ai lam chu tri", "lam chu tri",
        "chu tri ai", "phu trach ai",  # "6.23 chủ trì ai?": the verb first, as chat has it
        *_WHO[1:],
    ),
}
# The README's ``intent`` contract predates the finer fields: value questions are all "result".
INTENT_OF_FIELD = {"target": "result", "baseline": "result", "score": "result", "loss": "result", "max": "method"}

# "… Sở Công Thương hay Sở Kế hoạch và Đầu tư chủ trì": which of two named units leads.
_POLITE_TAIL = r"(?:\s+(?:vay|a|ha|nhi|nhe|the|z))*\s*$"
_WHICH_OF_TWO = re.compile(r"\b(?:hay|hoac)\b.*?\s(?P<verb>chu tri|phu trach|theo doi)" + _POLITE_TAIL)
# "… công an xã hay cc vhtt làm vậy ạ": "làm", "lo" only after a unit's kind ("hay bị lỗi thì phải làm" asks a step)
_WHICH_OF_TWO_DOES = re.compile(r"\b(?:hay|hoac)\s+(?:so|ubnd|uy ban|cong an|cc|cong chuc|phong|van phong|bo phan|"
                                r"ban|cuc|trung tam)\b(?:\s+\S+){0,5}?\s(?P<verb>lam|lo)" + _POLITE_TAIL)
# "… ai lo vậy, công an xã hay VHTT", "… STTTT hay VP UBND" (six words spelled out): candidates, never the topic
_CANDIDATES_AFTER = lazy_compile(
    "".join(("(?:", "|".join(rf"(?<=\b{who} {verb})" for who in ("ai", "nao") for verb in
                             ("lo", "chu tri", "phu trach", "lam", "theo doi")), ")")) +
    r"(?:\s+(?:vay|a|ha|nhi|nhe|the))*(?:\s+\S+){1,8}?\s+(?:hay|hoac)(?:\s+\S+){1,8}?\s*$")

# Fillers that folding turns into content words ("mấy" → "may" of "máy chủ", "thì" → "thi" of "đô thị", "mình" →
# "minh" of "thông minh"): removed while the question still has its diacritics; typed without them they stay. The
# everyday ones no source writes ("lúc", "khỏi", "vẫn"…) folded into rare words ("lực", "khởi") that outweighed the
# topic ("từ lúc nộp tới lúc nhận …, khỏi phải lên cơ quan").
# "cái", "ấy", "kiểu", "chuyện" point at a thing ("cái app một chạm ấy", "chuyện người dân có tài khoản VNeID"),
# never name it; not "cái nào" (which of two), "mỗi cái", "từng cái", "hai cái" (each of them). "lắm" (very: "nhiều
# lắm", folded the "làm" of a step asked), "dạo này" (lately); "gấp lắm" whole, for the hurry it says (``fillers``)
_ACCENTED_STOP = re.compile(r"(?<!\w)(?:mấy|thì|mình|hỏi|tại|cũng|đó|hả|lúc|khỏi|xuống|luôn|nữa|hôm|vẫn|ấy|đấy|kiểu"
                            r"|nè|chuyện|đang|gấp lắm|lắm|dạo này"
                            r"|(?<!mỗi )(?<!từng )(?<!hai )(?<!2 )cái(?! nào)(?! gì))(?!\w)",
                            re.IGNORECASE)
# "mục đó", "mục này", "mục nào" (with its marks: "mức độ" folds alike) point at an item as "chỉ số" does, never the
# "chuyên mục", "danh mục", "hạng mục" of a name ("… mục đó nằm ở đâu trong kế hoạch" was read as 1.7's "chuyên mục")
# … nor a screen's menu item ("bấm vào mục nào để kết nối NCSC": how to use a tool)
_ITEM_POINTER = lazy_compile(r"(?<!chuyên )(?<!danh )(?<!hạng )(?<!tiểu )(?<!vào )(?<!chọn )(?<!bấm )(?<!nhấn )"
                             r"\bmục(?= (?:đó|này|nào|ấy|kia)\b)", re.IGNORECASE)
# "Cơ quan nào cũng …", "năm nào tỉnh cũng …": every agency, every year, never "which one" (an owner or a deadline
# asked); typed with its marks ("cũng"), since "cung" is also "cung cấp"
_EVERY = re.compile(r"(?<!\w)(?:ai|(?:cơ quan|đơn vị|sở|nơi|chỗ|năm|người|cán bộ|thôn|xã|huyện|trường)\s+nào)"
                    r"(?=(?:\s+\w+){0,2}?\s+cũng(?!\w))", re.IGNORECASE)
# Words that say nothing about which indicator is meant. Not here, although they are fillers too: words whose
# folded form is also a content word of the sources ("tai" tài khoản, "hoi" xã hội, "cung" cung cấp, "do" mức độ,
# "ha" hạ tầng, "thi" đô thị, "minh" thông minh); see _ACCENTED_STOP.
STOP_WORDS: frozenset[str] = frozenset(
    """giup em anh oi a nhe nha vay sao gi la cua ve voi ma nhu khong duoc hay nay ai nhung cac mot chua
    da nao tren o trong den va hoac bang theo rat lai roi se phai nhat cach cho nhi mi ah u""".split()
)
# Content words of the sources that fold into a stop word, kept where their marks are written: "băng rộng",
# "mã độc", "phản ánh", "một cửa", "chia sẻ", "bảo vệ", "tỷ trọng", "cập nhật", "hình ảnh", "bảng", "nhu cầu",
# "sửa chữa"; and "khổng lồ" of the everyday wordings ("dữ liệu khổng lồ": big data). The names are indexed with
# them; a question or an everyday wording that dropped them lost the word pairs the names make ("băng rộng cáp
# quang"). Not "đa" (tối đa, in every method), "nhà" (nhà nước, everywhere) nor "lai" (Gia Lai, a place).
CONTENT_TWINS = frozenset({"băng", "mã", "ánh", "cửa", "sẻ", "vệ", "trọng", "nhật", "ảnh", "bảng", "nhu", "chữa",
                           "khổng"})


# The same pairs typed without marks ("bao ve 4 lop", "phan mem chong ma doc"): no other reading of "bảo về" or "mà
# độc" makes sense, so the stop word of the pair is the content word there. Not "sửa chữa" ("đã sửa chưa?" asks
# whether it is fixed), nor "băng rộng" ("bang" may be "bằng"). Folded pair → the place of its stop word in it.
_TWIN_PAIRS: dict[tuple[str, str], int] = {
    ("ma", "doc"): 0, ("phan", "anh"): 1, ("mot", "cua"): 0, ("chia", "se"): 1, ("bao", "ve"): 1, ("ti", "trong"): 1,
    ("cap", "nhat"): 1, ("hinh", "anh"): 1, ("nhu", "cau"): 0,
}


def kept_twins(text: str) -> frozenset[str]:
    """The folded forms of ``CONTENT_TWINS`` written in ``text`` that no word of its folds the same way as a stop
    word ("bằng" and "băng" in one question: "bang" is dropped, as before); and those typed without marks inside
    their pair (``_TWIN_PAIRS``), where the question writes that word nowhere else."""
    words = _TYPED_WORD.findall(text.lower())
    twins = {normalize_tokens(w)[0] for w in words if w in CONTENT_TWINS}
    if not twins:
        return frozenset(_paired_twins(words))
    # a typed "word" may normalize to nothing ("0²"): it folds like no stop word
    return frozenset(twins - {t for w in words if w not in CONTENT_TWINS for t in normalize_tokens(w)[:1]})


def _paired_twins(words: list[str]) -> set[str]:
    """The stop words of ``_TWIN_PAIRS`` typed without marks in their pair and nowhere else in the question (one
    typed with a mark is that mark's word, "chia sẽ" a slip this does not guess at)."""
    folded = [fold(w) for w in words]
    unmarked = [folded[k + at] for k in range(len(words) - 1)
                if (at := _TWIN_PAIRS.get((folded[k], folded[k + 1]))) is not None and words[k + at] == folded[k + at]]
    return {t for t in unmarked if folded.count(t) == unmarked.count(t)}


def is_stop(token: str, kept: Collection[str] = ()) -> bool:
    """``token`` (folded) says nothing of the topic, unless it is a content twin written with its marks."""
    return token in STOP_WORDS and token not in kept


_TYPED_WORD = re.compile(r"[^\W\d_]+")


# "… được tính ở đâu", "thuộc chỉ số nào", "xếp vào đâu": which indicator holds a thing, never where to go.
_WHICH_HOLDS = re.compile(r"\b(?:duoc )?(?:tinh|tinh diem|cham diem|cham|thuoc|nam|xep|the hien|ghi nhan|phan anh"
                          r"|theo doi)"  # "… thì được theo dõi ở đâu"
                          # "… thì tính tỷ lệ ở đâu": the rate counted, where
                          r"(?: ti le| diem)?(?: vao| o)? (?:o dau|cho nao|dau)\b")
def _alternation(phrases: Collection[str]) -> re.Pattern[str]:
    """Phrases written as folded words are matched as ``normalize_tokens`` spells them: "ly do" as "li do"."""
    phrases = {" ".join(w[:-1] + "i" if I_OR_Y.fullmatch(w) else w for w in p.split()) for p in phrases}
    ordered = sorted(set(phrases), key=len, reverse=True)  # the longest phrase wins where several overlap
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in ordered) + r")\b")


_FIELD_RE = {name: _alternation(phrases) for name, phrases in FIELD_PHRASES.items()}
# "có bao giờ … chưa", "chưa bao giờ", "không bao giờ": ever or never, not when ("xã có bao giờ tập dượt … chưa,
# làm rồi thì được mấy điểm" asks the points)
# "phần đầu tư" folds to "phan dau tu": its "phan dau" is no "phấn đấu" (a target)
# (each only in its own phrase's alternative: a look around the whole alternation is tried at every position)
_FIELD_RE["target"] = re.compile(_FIELD_RE["target"].pattern.replace(r"|phan\ dau|", r"|phan\ dau(?!\ tu\b)|"))
# "đúng hạn", "quá hạn", "trễ hạn" (on time, overdue) say how a thing is handled, a topic ("phản ánh … giải quyết
# đúng hạn" is 8.8.2's "xử lý đúng hạn"), not the deadline asked
_FIELD_RE["deadline"] = re.compile(_FIELD_RE["deadline"].pattern.replace(
    r"|bao\ gio|", r"|(?<!\bco )(?<!\bchua )(?<!\bkhong )(?<!\bko )bao\ gio|").replace(
    r"|han)", r"|(?<!\bdung )(?<!\bqua )(?<!\btre )han)"))
# Results that are the object of a verb ("số hóa kết quả giải quyết TTHC", "trả kết quả qua bưu điện") name a topic,
# never the result asked.
_FIELD_RE["baseline"] = re.compile(r"(?<!\bso hoa )(?<!\btra )(?<!\bnhan )" + _FIELD_RE["baseline"].pattern
                                   # "kết quả (giải quyết) thủ tục gửi qua bưu điện": the results a topic is about
                                   + r"(?! (?:giai quyet|thu tuc|tthc|ho so|xu li))")
# "quản lý đồ đạc", "xử lý đó" fold to "… li do …": no reason asked
_FIELD_RE["loss"] = re.compile(re.sub(r"(?<=[|:])li\\ do", lambda _: r"(?<!\bquan )(?<!\bxu )(?<!\btri )li\ do",
                                      _FIELD_RE["loss"].pattern))
# "điểm đến", "điểm du lịch", "điểm tham quan": a place to visit, never the points asked
_FIELD_RE["score"] = re.compile(_FIELD_RE["score"].pattern + r"(?! (?:den|du lich|tham quan)\b)")
# "địa chỉ số" (a digital address, 8.4) folds to "dia chi so": its "chi so" points at no indicator
_POINTER_RE = re.compile(r"(?<!\bdia )" + _alternation(POINTER_PHRASES).pattern)
# The plan looked in, ending the question ("ngành y tế có dự án gì trong kế hoạch không"; not "… trong kế hoạch hành
# động năm", a plan's name), or assigning ("kế hoạch tỉnh giao sở nào làm"; not "ban hành kế hoạch"): no topic
_IN_THE_PLAN = re.compile(r"\btrong (?:ke hoach|kh)(?: (?:so )?\d+)?(?: nay)?"
                          r"(?= (?:khong|ko|a|vay|nhi|nhe|ha|chua)\b|\s*$)"
                          r"|(?<!ban hanh )(?<!xay dung )(?<!lap )(?<!trien khai )\b(?:ke hoach|kh)(?: (?:so )?\d+)?"
                          r"(?: (?:tinh|xa|huyen))?(?= (?:giao|phan cong)\b)"
                          # "Trong kế hoạch chuyển đổi số của tỉnh có giao việc này cho ai": the plan, its name said
                          r"|\btrong (?:ke hoach|kh)(?: (?:so )?\d+)?(?: (?:chuyen doi so|cds|dti))?"
                          r"(?: (?:cua )?(?:tinh|xa|huyen))?(?: nay)?(?= co (?:giao|phan cong)\b)")
# The set of indicators itself as the scope, its pointer word gone ("… trong Bộ (tiêu chí) chuyển đổi Chính quyền số",
# "… thuộc bộ (chỉ số) DTI cấp tỉnh"): no topic. Not "trong bộ phận …": a name of the set follows "bộ".
_IN_THE_SET = re.compile(r"\b(?:trong|thuoc|cua|theo)\s+bo(?=\s+(?:danh gia|chuyen doi|dti|cap)\b)(?:\s+danh gia)?"
                         r"(?:\s+chuyen doi(?: chinh quyen)? so)?(?:\s+dti)?(?:\s+(?:cap )?(?:tinh|xa))?\b")
# "tc"/"ct" opening a question that names no unit and no code ("tc PayGov đc mấy điểm") is the code word itself;
# elsewhere it may be a unit's short form ("Sở TC") or a company ("ct Viettel"), and stays. After the asker's "hỏi"
# ("e hỏi tc PayGov …", "cho em hỏi tc …", whose marked "hỏi" is gone) it still opens the question.
_LEADING_CODE_WORD = re.compile(r"^\s*(?:cho\s+(?:(?:em|toi|minh)\s+)?(?:hoi\s+)?"
                                r"|(?:(?:em|toi|minh)\s+)?(?:xin\s+)?hoi\s+)?(?:tc|ct)\b")
_FILLER_RE = _alternation(FILLER_PHRASES)
_SPACES = re.compile(r"\s+")
_POINTS_WORD = lazy_compile(r"\b(?:ghi |duoc |dat |chi )?diem\b")


@dataclass(frozen=True, slots=True)
class Query:
    """A question taken apart: its intent, the codes written in it, the words left to search with."""

    text: str
    intent: str  # method | owner | deadline | evidence | result | unit_indicators | lookup
    codes: tuple[str, ...]
    tokens: tuple[str, ...]
    unit_phrase: str = ""
    unit_role: str = "lead"
    fields: tuple[str, ...] = ()  # every field asked, in the order written (method, owner, target, score…)
    unknown_codes: tuple[str, ...] = ()  # written as a code (after "chỉ số", or dotted alone) but not in the plan
    years: tuple[int, ...] = ()
    bare_number: int | None = None  # the whole message is one small number ("5"): a pillar or an indicator?
    asked_words: tuple[str, ...] = ()  # the words taken out as asking a field ("han" may be a topic word too)
    names_candidates: bool = False  # "… X hay Y chủ trì": the units named are the candidates, not the topic
    unit_loose: bool = False  # the unit came after the indicators: not a unit of the plan → read as a topic
    unit_terse: bool = False  # only "<phrase> chủ trì": a topic whatever it starts with, unless a unit of the plan
    errand: bool = False  # a citizen's own errand is asked (where, how long, which papers), no field (``citizen_asks``)
    personal: bool = False  # a household's own affair the plans never hold (``citizen_asks``): refused, hints only
    never_held: bool = False  # a phone, a vendor, an opinion… (``own_asks``): refused even of a code
    document: bool = False  # a document's number or day (``own_asks``): of a code, if its texts cite none
    how_to: bool = False  # how to do a citizen's step ("cách đăng ký tài khoản định danh"): refused, hints only
    exists: bool = False  # whether the plan has an indicator about a thing ("có chỉ số nào về … không")

    @property
    def asks_what_no_plan_holds(self) -> bool:
        """Refused, or only hinted at, for what it asks whatever it finds: a citizen's errand, a household's own
        affair, how to do a step, whether an indicator about a thing exists (``decide``)."""
        return self.exists or self.asks_of_own

    @property
    def asks_of_own(self) -> bool:
        """Refused whatever it finds, in every part: a citizen's errand, a household's own affair, a step's how."""
        return self.errand or self.personal or self.how_to

    @property
    def field(self) -> str:
        return self.fields[0] if self.fields else "lookup"


def analyze(question: str, known_codes: Collection[str] | None = None,
            topic_numbers: Collection[str] = (), places: Collection[str] = (), *, units: bool = True) -> Query:
    """Take ``question`` apart. ``known_codes``: the codes of the plan asked about (None: any code-shaped
    number with dots is taken as a code, which is all a caller without a plan can do); ``topic_numbers``: see
    ``read_numbers``; ``places``: folded place names, never part of a topic ("tỉnh Gia Lai")."""
    typed = _ITEM_POINTER.sub("chỉ số", question) if "mục " in question.lower() else question
    numbers: Numbers = read_numbers(_ACCENTED_STOP.sub(" ", _EVERY.sub(" ", typed)), known_codes, topic_numbers)
    if numbers.bare is not None:
        return Query(question, "lookup", (), (), bare_number=numbers.bare)
    folded = " ".join(normalize_tokens(numbers.rest))

    asked_of = _trailing_place(tuple(sorted(places))).sub("", folded) if places else folded
    unit, read = read_unit_question(question, asked_of, codes=bool(numbers.codes), units=units)
    folded = read if unit is not None or read != asked_of else folded
    if unit is not None:  # "Sở Tài chính chủ trì những chỉ số nào", "chỉ số nào do … chủ trì"
        phrase, role, how = unit
        return Query(question, "unit_indicators", (), (), phrase, role, unit_loose=how != "sure",
                     unit_terse=how == "terse")

    topic = without_intro(numbers.rest)
    if topic is not numbers.rest:  # "Tôi là công an xã, …": who asks is no part of the topic
        folded = " ".join(normalize_tokens(topic))
    # "… thì tính ở đâu": which indicator holds it, a pointer like "thuộc chỉ số nào", no topic words
    rest = _WHICH_HOLDS.sub(" ", _LEADING_CODE_WORD.sub(" ", _POINTER_RE.sub(" ", folded)))
    rest = _IN_THE_PLAN.sub(" ", rest) if " trong " in rest or " giao" in rest else rest
    rest = _IN_THE_SET.sub(" ", rest) if " bo " in f"{rest} " else rest
    if " hay " in rest or " hoac " in rest:  # most questions name no candidates: no scan
        rest = _CANDIDATES_AFTER.sub(" ", rest)
    which = _WHICH_OF_TWO.search(rest) or _WHICH_OF_TWO_DOES.search(rest)
    if which:
        rest = rest[:which.start("verb")] + " ai " + which.group("verb")  # read as "… ai chủ trì"
    if places:
        rest = _SPACES.sub(" ", _place_pattern(frozenset(places)).sub(" ", rest))
    rest = _without_guess(rest)
    found: list[tuple[int, str]] = []
    asked: list[str] = []
    for name, pattern in _FIELD_RE.items():
        matches = list(pattern.finditer(rest))
        if matches:
            found.append((matches[0].start(), name))
            asked += [w for m in matches for w in m.group(0).split()]
            rest = pattern.sub(" ", rest)
    rest = _FILLER_RE.sub(" ", rest)
    if not found and not numbers.codes and _TARGET_POINTER.search(folded):
        found.append((0, "target"))  # "năm 2025 chỉ tiêu hộ có cáp quang là bao nhiêu": no code follows "chỉ tiêu"
    fields = tuple(name for _, name in sorted(found))
    if numbers.points and not fields:  # "… năm 2022 ghi 100 điểm là sao": a question about the score
        fields = ("score",)
        rest = _POINTS_WORD.sub(" ", rest)
    intent = INTENT_OF_FIELD.get(fields[0], fields[0]) if fields else "lookup"
    kept = kept_twins(question)
    tokens = tuple(t for t in _SPACES.split(rest) if t and not is_stop(t, kept))
    # A dotted number that is no code of the plan is only reported as an unknown code when nothing else was asked.
    unknown = numbers.unknown_marked + (() if tokens else numbers.unknown_loose)
    own = own_asks(folded, question)
    return Query(question, intent, numbers.codes, tokens, fields=fields, unknown_codes=unknown,
                 years=numbers.years, asked_words=tuple(w for w in asked if w not in STOP_WORDS),
                 names_candidates=which is not None,
                 errand=(not fields and asks_errand(_WHICH_HOLDS.sub(" ", folded))) or asks_support(folded),
                 personal=own.personal, never_held=own.never_held, document=own.document,
                 how_to=asks_how_to(folded, question),
                 exists=asks_exists(folded))


# An aside saying what the topic is not, between brackets, commas or dashes ("tiền đầu tư (không phải tiền chi thường
# xuyên)", "chi hằng năm, không phải vốn đầu tư, cho …", "(chưa tính dưới thôn)"): its words
# name the indicator beside the one asked. Closed: at a question's end "…, không tính điểm à" is what it asks.
_NEGATED_ASIDE = lazy_compile(r"[(,–—]\s*(?:chứ\s+|chu\s+)?(?:không|khong|ko|hông|chưa|chua)\s+"
                              r"(?:phải|phai|tính|tinh|kể|ke)\s[^,()–—.;:?!]*[),–—]", re.IGNORECASE)


def without_negated_aside(text: str) -> str:
    """``text`` without the asides saying what its topic is not (``_NEGATED_ASIDE``), a comma kept for each, and
    without what the topic is done instead of (``_INSTEAD``)."""
    if "(" in text or "," in text or "–" in text or "—" in text:
        text = _NEGATED_ASIDE.sub(", ", text)
    if "ch" in text:
        text = _BUT_NOT.sub("", text)
    return _INSTEAD.sub(" ", text) if "thay v" in text.lower() else text


# "… tổ ở cấp xã chứ không phải tổ ở thôn.": what the topic is not, said to the clause's end without a comma
_BUT_NOT = lazy_compile(r"\s(?:chứ|chu)\s+(?:không|khong|ko)\s+(?:phải|phai)\s[^,()–—.;:?!]*(?=[,()–—.;:?!]|$)",
                        re.IGNORECASE)


# What the topic replaces ("họp qua màn hình thay vì đi họp trực tiếp thì …", "đóng thuế qua app thay vì ra chi
# cục"): the old way, never the indicator asked, up to where the question goes on or the clause ends
_INSTEAD = lazy_compile(r"\s(?:thay vì|thay vi)\s[^,.;?!—–()]*?"
                        r"(?=\s(?:thì|thi|thế|the|có|co|được|duoc|đc|dc)\s|[,.;?!—–()]|$)", re.IGNORECASE)


@lru_cache(maxsize=16)
def _trailing_place(places: tuple[str, ...]) -> re.Pattern[str]:
    """A place the question ends with ("Sở Y tế chủ trì chỉ số nào ở Kon Tum"): where, not who or what."""
    names = "|".join(re.escape(p) for p in sorted(places, key=len, reverse=True))
    return re.compile(rf"\s+(?:o|tai|cua)\s+(?:(?:tinh|xa|huyen|thanh pho|tp)\s+)?(?:{names})"
                      r"(?:\s+(?:vay|a|ah|nhe|nha))*\s*$")


# The asker's own guess at the answer, after the question ("… ai chủ trì vậy, nghe nói là nhà mạng hả", "… hạn khi
# nào, hình như tháng 12"): its words name the answer, not the topic.
_GUESS = lazy_compile(r"\b(?:nghe noi|hinh nhu|co phai|phai khong|phai ko|dung khong|dung ko|chac la)\b"
                      # "… ai chủ trì vậy a, bên viettel hả": a side named last, the answer guessed
                      r"|\bben(?: \w+){1,6}?(?: (?:ha|a|ah|nhi|chu|phai khong))?\s*$")


def _without_guess(rest: str) -> str:
    """``rest`` cut before a guess that follows a field asked; a guess before it is part of the question ("có phải
    nộp minh chứng không")."""
    if _GUESS.search(rest) is None:  # most questions guess nothing: no field need be looked for
        return rest
    asked = [m.end() for pattern in _FIELD_RE.values() for m in [pattern.search(rest)] if m]
    guess = _GUESS.search(rest, min(asked)) if asked else None
    return rest[:guess.start()] if guess else rest


# "chỉ tiêu" is a code's pointer ("chỉ tiêu 3.3") or, with no code, the target asked ("chỉ tiêu năm nay là bao nhiêu")
_TARGET_POINTER = lazy_compile(r"\bchi tieu\b")


@lru_cache(maxsize=16)
def _place_pattern(places: frozenset[str]) -> re.Pattern[str]:
    names = "|".join(map(re.escape, sorted(places, key=len, reverse=True)))
    return re.compile(rf"\b(?:tinh |xa |huyen |thanh pho )?(?:{names})\b")
