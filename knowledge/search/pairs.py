"""Two topics in one message: where a question joins them ("chỉ số A và chỉ số B", "A với B", "… cấp huyện và
cấp xã") and how each half gets the words the other half left implied.

Split from ``intent`` (which reads what one topic asks): these functions only cut text, the engine decides whether
each half is an answer of its own.
"""

from __future__ import annotations

import re

from knowledge.lazy import lazy_compile
from knowledge.normalize import fold_word, normalize
from knowledge.search.heads import LEVEL_WORDS

# "… chỉ số A và chỉ số B …": a conjunction right before a second pointer word joins two topics.
_POINTERS = r"(?:chỉ số|chi so|tiêu chí|tieu chi|chỉ tiêu|chi tieu|cs|tc)\b"
_PAIR = lazy_compile(r"\s*(?:,\s*(?:còn|con)\b|,|\bvà\b|\bva\b|\bvới\b|\bvoi\b|\bhoặc\b|\bhoac\b|\bcùng\b)\s+(?="
                     + _POINTERS + ")", re.IGNORECASE)  # ", còn tiêu chí B …" too
_POINTER = lazy_compile(r"\b" + _POINTERS, re.IGNORECASE)


def points_at_one(text: str) -> bool:
    """``text`` has a word pointing at an indicator ("chỉ số …", "tiêu chí …", "cs …"): it names one of its own."""
    return bool(_POINTER.search(text))


def pair_parts(text: str) -> tuple[str, str] | None:
    """The two topics of "… chỉ số A và chỉ số B": the text before the joining word and after it; None when the
    question names one topic (or more than two). After a bare comma, what comes first names a topic only with a
    pointer word of its own ("chỉ số A, chỉ số B"): "em đang làm báo cáo cho xã, cs … ai chủ trì" is context."""
    found = list(_PAIR.finditer(text))
    if len(found) != 1:
        return None
    before, after = text[:found[0].start()], text[found[0].end():]
    if found[0].group(0).strip() == "," and not _POINTER.search(before):
        return None
    # "… đang rà lại phần dịch vụ công. Chỉ số A và chỉ số B …": the sentences before the first topic's are context
    before = next((s for s in reversed(SENTENCES.split(before)) if s.strip()), "")
    return (before, after) if before.strip() and after.strip() else None


# A message's sentences (``pair_parts``, ``TwoTopics._two_sentences``, the engine's last sentence of a unit question)
SENTENCES = lazy_compile(r"[.?!;]+\s+|[.?!;]+$")


# A joining word: "máy chủ và máy trạm …", "… cấp xã và đến khu ấp": two topics may share the rest of the sentence.
# Not "với": it is mostly a preposition ("kết nối với NCSC", "họp với huyện"), unless the question asks of each
# ("máy chủ với máy trạm …, mỗi cái bao nhiêu").
# A clause starting "còn …" ("… được mấy điểm. Còn diễn tập thì sao?") or ", cả … (nữa)" ("số doanh nghiệp công nghệ
# số, cả doanh nghiệp nền tảng số nữa") brings a second topic too.
# "còn" before a verb or a count is "still" ("… chưa? còn thiếu bao nhiêu nhóm"): no second topic.
_STILL = r"thiếu|thieu|lại|lai|bao|mấy|may|phải|phai|được|duoc|chưa|chua|đang|dang|nợ|no"
_CLAUSE = (rf"\s*[,.;?!]\s*(?:(?:còn|con)(?!\s+(?:{_STILL})\b)|cả|(?:một|mot)\s+(?:cái|cai|loại|loai)"
           # "…, rồi tần suất phát sóng chuyên mục đó": and then a second topic
           rf"|(?:rồi|roi)(?!\s+(?:{_STILL})\b)"
           # "…; tiện thể cho hỏi …", "… chưa? Tiện hỏi luôn …", "…; đồng thời …", "…, ngoài ra …": by the way
           r"|(?:(?:tiện|tien)\s+(?:thể|the)|đồng thời|dong thoi|ngoài ra|ngoai ra)"
           r"(?:\s+(?:cho\s+)?(?:(?:em|tôi|toi|mình|minh)\s+)?(?:hỏi|hoi)(?:\s+(?:thêm|them|luôn|luon))?)?"
           r"|(?:tiện|tien)\s+(?:hỏi|hoi)(?:\s+(?:luôn|luon|thêm|them))?)\s+")
# "cùng" or "còn" with no comma joins when a measure follows ("tỷ lệ A cùng tỷ lệ B", "tỷ lệ A còn tỷ lệ B")
_MEASURE_JOIN = r"\s+(?:cùng|cung|còn|con)\s+(?=(?:tỷ lệ|tỉ lệ|ty le|ti le|số lượng|so luong)\b)"
_JOIN = lazy_compile(r"\s+(?:và|va|hoặc|hoac|lẫn)\s+|" + _CLAUSE + "|" + _MEASURE_JOIN, re.IGNORECASE)
_JOIN_EACH = lazy_compile(r"\s+(?:và|va|hoặc|hoac|lẫn|với|voi)\s+|" + _CLAUSE + "|" + _MEASURE_JOIN, re.IGNORECASE)
_EACH = lazy_compile(r"\b(?:moi|tung) (?:cai|thu|loai|chi so|tieu chi|ben)\b|\bca (?:hai|2)\b|\blan luot\b"
                   r"|\b(?:hai|2) (?:cai|chi so|tieu chi|viec|thu)\b")
MAX_JOINS = 3  # a sentence with more joining words is a list or a name, not two topics


def asks_each(text: str) -> bool:
    """The question asks of each of several things ("mỗi cái", "từng loại", "cả hai", "lần lượt")."""
    return bool(_EACH.search(normalize(text)))


def join_parts(text: str) -> list[tuple[str, str]]:
    """Every split of ``text`` at one joining word into (before, after), both with words, first join first; empty
    when there is none or too many. Whether a split names two indicators is for the search to say (``engine``):
    "Sở Thông tin và Truyền thông" is split too, and its halves then find no second indicator."""
    each = asks_each(text)
    splits = _split_at(_JOIN_EACH if each else _JOIN, text)
    if each:  # "với" is mostly a preposition: its splits after those at "và" ("kết nối CSDL với LGSP | và với NGSP")
        at_with = set(_split_at(_WITH, text))
        anded = set(_split_at(_AND, text))
        splits.sort(key=lambda split: split in at_with and bool(anded))
    splits += [(before, after) for before, after in _split_at(_OR, text) if repeats_start(before, after)]
    if not each:  # asked of each, ``_JOIN_EACH`` has split at "với" already
        splits += [(before, after) for before, after in _split_at(_WITH, text)
                   if repeats_start(before, after, opening=True)]
    return splits


# "hay" (or) joins two topics only where the second repeats the first's words ("trợ lý ảo cho dân hay trợ lý ảo cho
# cán bộ"), and so does "với" ("trợ lý ảo cho dân với trợ lý ảo cho cán bộ": no "with" repeats what it joins);
# elsewhere it joins two answers to one ("hài lòng hay không hài lòng", "cục thuế hay sở tài chính"), or is "often"
# ("hay bị lỗi").
_OR = lazy_compile(r"\s+hay\s+", re.IGNORECASE)


# "với" joins where what it repeats opens the first topic, a pointer word aside ("(chỉ số) trợ lý ảo cho dân với trợ
# lý ảo …"), not a noun said again later in a sentence ("tỉnh có trung tâm trực canh … chưa, đã nối với trung tâm
# của quốc gia")
_FOLDED_POINTERS = ("chi so", "tieu chi", "chi tieu", "cs", "tc")  # the words pointing at an indicator, folded
_OPENING_POINTER = lazy_compile(r"^(?:(?:" + "|".join(_FOLDED_POINTERS) + r")(?: ve)? )?")


def repeats_start(before: str, after: str, opening: bool = False) -> bool:
    """``after``'s first two words are said in ``before`` too, in a row (``opening``: at its start, after a
    pointer word if any)."""
    said = normalize(before)
    first, second = (_OPENING_POINTER.sub("", said) if opening else said).split(), normalize(after).split()[:2]
    return len(second) == 2 and any(first[i:i + 2] == second for i in range(1 if opening else len(first) - 1))


def _split_at(join: re.Pattern[str], text: str) -> list[tuple[str, str]]:
    """Every (before, after) of ``text`` at one match of ``join``, both with words; none past ``MAX_JOINS``."""
    joins = list(join.finditer(text))
    if not joins or len(joins) > MAX_JOINS:
        return []
    out = [(text[:m.start()].strip(), text[m.end():].strip()) for m in joins]
    return [(a, b) for a, b in out if a and b]


_WITH_WORDS = ("với", "voi")
_WITH = lazy_compile(r"\s+(?:" + "|".join(_WITH_WORDS) + r")\s+", re.IGNORECASE)
_AND = lazy_compile(r"\s+(?:và|va)\s+", re.IGNORECASE)


def with_parts(text: str) -> list[tuple[str, str]]:
    """Splits of ``text`` at "với" where no "each" is asked ("hợp đồng điện tử với nộp thuế điện tử tính điểm thế
    nào"): two topics only if each half names its own indicator well (``engine``), since "với" also means "with"
    ("kết nối với cổng quốc gia"), and is "with" surely before a place's level bare ("họp qua màn hình với huyện,
    tỉnh": whom, not a second topic). Asked of each, ``join_parts`` already splits there."""
    if asks_each(text):
        return []
    return [(a, b) for a, b in _split_at(_WITH, text) if not _BARE_LEVEL.match(normalize(b))]


# "với trung ương" too; not "với xã hội", no level
_BARE_LEVEL = lazy_compile(r"(?:huyen|tinh|xa(?! hoi)|thon|trung uong)\b")


# A list of two items: numbered or lettered ("1) … 2) …", "a) … b) …"), dashes opening the list or following a
# colon ("- A - B: ai phối hợp", "Em cần 2 cái: - A - B …"), or two parted by a semicolon after a colon; a dash
# inside a sentence joins a name ("Văn hóa - Thông tin"), and an em dash before the question asks of the list ("…
# 2) B — ai phối hợp?").
_NUMBERED = lazy_compile(r"(?:^|\s)(?:\d|[a-eA-E])\)\s+")
_BULLETS_OPEN = lazy_compile(r"(?:^|:)\s*[-–•]\s+")
_BULLET = lazy_compile(r"\s+[-–•]\s+")


def list_parts(text: str) -> list[tuple[str, str]]:
    """The two items of a list of two (``_NUMBERED``, ``_BULLETS_OPEN``), the question after the second kept with
    it; none for a list of another length or no list."""
    marks = list(_NUMBERED.finditer(text))
    if len(marks) == 2:
        items = [text[marks[0].end():marks[1].start()], text[marks[1].end():]]
    else:
        opened = _BULLETS_OPEN.search(text)
        items = _BULLET.split(text[opened.end():]) if opened else []
        if not opened and ":" in text:  # "Cho em loại văn bản của: A; B": semicolons after a colon
            items = text.split(":", 1)[1].split(";")
    items = [item.strip(" ,;.?") for item in items]
    return [(items[0], items[1])] if len(items) == 2 and all(items) else []


_COMMA = lazy_compile(r"\s*[,;]\s+")


def comma_parts(text: str) -> list[tuple[str, str]]:
    """Splits of ``text`` at a comma where both halves start with one word ("máy chủ, máy trạm cài phòng chống mã độc",
    "kế hoạch 5 năm, kế hoạch hằng năm"): two topics only if each half names its own indicator well (``engine``),
    since a comma mostly ends a clause ("… đủ chưa, chấm sao?") or lists the words of one name ("phòng, chống mã
    độc"). Halves that start otherwise are not read at all: each reading is a whole search."""
    return [(a, b) for a, b in _split_at(_COMMA, text) if (first := _first_word(a)) and
            (first == _first_word(b) or _initials_again(a, b) or said_alike(a, b))]


def said_alike(before: str, after: str) -> bool:
    """The two halves say the same three words after their subjects ("công chức được tập huấn …, người lao động
    được tập huấn …"): written alike, two subjects of one predicate."""
    first, second = normalize(before).split()[1:6], normalize(after).split()[1:6]
    runs = {tuple(first[i:i + 3]) for i in range(len(first) - 2)}
    return any(tuple(second[i:i + 3]) in runs for i in range(len(second) - 2))


def _initials_again(before: str, after: str) -> bool:
    """``after`` starts with initials typed in capitals that ``before`` writes too ("tỷ lệ DN dùng hợp đồng điện
    tử, DN nộp thuế điện tử": written alike from "DN"); a word of any other kind repeats too often by chance."""
    head = after.split()[:1]
    return bool(head) and len(head[0]) >= 2 and head[0].isupper() and head[0] in before.split()[1:]


def _first_word(text: str) -> str:
    return next(iter(normalize(text).split()), "")


# Where a topic's own words end and what it shares with the one before begins ("kinh phí chi thường xuyên | từ
# ngân sách cho kinh tế số"), folded.
_SHARED_FROM = frozenset({"từ", "cho", "của", "trong", "tại", "về", "ở"})
# What starts a predicate both halves share ("máy chủ và máy trạm đã cài phòng, chống mã độc"): an aspect word or
# "có" or "phải" ("… phải đáp ứng yêu cầu kỹ thuật"), typed with its marks ("đa" of "tối đa" and "cơ" are none), or
# "duoc", which folds from nothing else
_PREDICATE = frozenset({"đã", "đang", "được", "bị", "chưa", "có", "phải", "duoc"})


_SHARED_FROM_FOLDED = frozenset(map(normalize, _SHARED_FROM))  # "tu" may be "từ"


def _linking(word: str, before: str = "") -> bool:
    """A linking word as typed; without marks, any word that folds to one ("tu" may be "từ"), unless the word
    before makes it the end of another word (``before``: "dau tu" is "đầu tư", "bao ve" "bảo vệ")."""
    low = word.lower()
    if low in _SHARED_FROM:
        return True
    return low in _SHARED_FROM_FOLDED and normalize(low) == low and normalize(before) not in _ENDS_WORD.get(low, ())


# Unmarked linking words that end a word after these: "đầu tư", "bảo vệ", "phòng vệ"
_ENDS_WORD = {"tu": frozenset({"dau"}), "ve": frozenset({"bao", "phong"})}


def _links_in(words: list[str]) -> bool:
    return any(_linking(w, words[i - 1] if i else "") for i, w in enumerate(words))


def starts_linked(after: str) -> bool:
    """The second half starts with a linking word ("… về CĐS | và về ATTT mạng", "… với LGSP | và với NGSP"): it
    continues the first's head, and alone ("về ATTT mạng") names the head's topic no more than the pillar its words
    recall."""
    first = after.split()[:1]
    return bool(first) and (_linking(first[0]) or first[0].lower() in _WITH_WORDS)


def starts_predicate(after: str) -> bool:
    """The second half starts with a predicate word as typed ("… và có tính năng mạng xã hội")."""
    first = after.split()[:1]
    return bool(first) and first[0].lower() in _PREDICATE


def _word_by_word(before: str, after: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """Both halves' words as typed and folded, each typed word one folded word."""
    # each typed word folded alone, so that one stays one ("DVCTT" is not spelled out); a dash or a lone mark
    # between words ("Phát thanh - Truyen hình", "bn %") is no word of either
    before_typed = [w for w in before.split() if _word_of(w)]
    typed = [w for w in after.split() if _word_of(w)]
    return before_typed, [_word_of(w) for w in before_typed], typed, [_word_of(w) for w in typed]


def _word_of(typed: str) -> str:
    """A typed word folded, its marks of punctuation gone ("số," → "so"); "" for none."""
    return "".join(_WORD_CHARS.findall(fold_word(typed)))


_WORD_CHARS = lazy_compile(r"\w+")


_LEVEL_LEAD = frozenset({"cap", "muc", "o", "tai"})  # "cấp xã", "đến mức thôn", "ở thôn"


def _level_at(folded: list[str], i: int) -> int:
    """How many words make a level at ``folded[i]`` ("ở cấp huyện" 3, "cấp xã", "ở thôn" 2, "xã" 1, a public
    service's "mức (độ) 3" 2 or 3, else 0)."""
    if i + 2 < len(folded) and folded[i] in ("o", "tai") and folded[i + 1] == "cap" and folded[i + 2] in LEVEL_WORDS:
        return 3
    if i + 1 < len(folded) and folded[i] in _LEVEL_LEAD and folded[i + 1] in LEVEL_WORDS:
        return 2
    if i + 1 < len(folded) and folded[i] == "muc":
        k = i + 2 if folded[i + 1] == "do" else i + 1
        return k - i + 1 if k < len(folded) and folded[k] in _SERVICE_LEVELS else 0
    return 1 if i < len(folded) and folded[i] in LEVEL_WORDS else 0


_SERVICE_LEVELS = frozenset({"1", "2", "3", "4"})  # "dịch vụ công mức 3 và mức 4"


def names_only_a_level(after: str) -> bool:
    """The second half starts with a level ("… cấp xã và cấp thôn tính điểm ra sao"): it is the first's topic at
    another level, never a topic of its own."""
    return bool(_level_at(normalize(after).split(), 0))


def with_shared_head(before: str, after: str) -> str | None:
    """``after`` given the start of ``before`` when it names only another level ("máy tính cho cán bộ cấp huyện
    và cấp xã tính điểm ra sao": the second is "máy tính cho cán bộ cấp xã tính điểm ra sao"): it starts with a
    level, and ``before`` names one, the last of which it replaces; or when it starts with the linking word that
    ends ``before``'s head (``_shared_head_up_to``). None otherwise."""
    before_typed, first, typed, folded = _word_by_word(before, after)
    n = _level_at(folded, 0)
    if not n:
        return _shared_head_up_to(before_typed, first, typed) or _after_colon(before, after)
    at = next((i for i in reversed(range(len(first))) if _level_at(first, i)
               and not (i > 0 and _level_at(first, i - 1) >= 2)), None)
    if at is None or at == 0:
        return None
    m = _level_at(first, at)
    return " ".join([*before_typed[:at], *typed[:n], *before_typed[at + m:], *typed[n:]])


def _after_colon(before: str, after: str) -> str | None:
    """``after`` given the topic ``before`` puts ahead of a colon ("Phản ánh qua Cổng dịch vụ công: tỷ lệ xử lý
    đúng hạn và mức độ hài lòng": the second is "Phản ánh qua Cổng dịch vụ công: mức độ hài lòng")."""
    head, colon, _ = before.partition(":")
    return f"{head}: {after}" if colon and head.strip() and ":" not in after else None


def _shared_head_up_to(before_typed: list[str], first: list[str], typed: list[str]) -> str | None:
    """The second half given the first's head up to the word it starts with: the linking word that ends that head
    ("chữ ký số cho cơ quan và cho lãnh đạo": "chữ ký số cho lãnh đạo"), or a word of it the second repeats
    ("máy tính cho cán bộ huyện với cán bộ xã": "máy tính cho cán bộ xã")."""
    if not typed:
        return None
    link = normalize(typed[0])
    if _linking(typed[0]):
        at = next((i for i, w in enumerate(first) if i > 0 and w == link), None)
    else:  # "máy tính cho cán bộ huyện với cán bộ xã": the head up to the word the second repeats
        # the last time it is said ("cho hỏi 2 cái trợ lý ảo: cái cho dân và cái cho công chức")
        at = next((i for i in reversed(range(2, len(first))) if first[i] == link and len(link) > 1), None)
    return " ".join([*before_typed[:at], *typed]) if at is not None else None


def with_shared_tail(before: str, after: str) -> str | None:
    """``before`` given the end of ``after`` when the two are parallel ("kinh phí đầu tư và (kinh phí) chi thường
    xuyên từ ngân sách cho kinh tế số": the first is "kinh phí đầu tư từ ngân sách cho kinh tế số"): the second's
    own words end at a linking word, and the first has no end of its own (from the word the second starts with,
    when it repeats one). None otherwise."""
    before_typed, first, typed, folded = _word_by_word(before, after)
    if not folded:
        return None
    if _links_in(before_typed[first.index(folded[0]) if folded[0] in first else 0:]):
        return None  # the first half has its own end ("trợ lý ảo cho dân và trợ lý ảo cho công chức")
    level = _level_at(folded, 0)
    if level and any(_level_at(first, i) for i in range(1, len(first))):
        # "tỷ lệ DVCTT mức 3 | và mức 4 có phát sinh hồ sơ": the second's own words are its level
        return f"{before} {' '.join(typed[level:])}" if level < len(typed) else None
    # a predicate word ends the second's own words only where they are as long as the first's from the word
    # both start with ("máy chủ | máy trạm đã cài …"; not "sự cố phát hiện | sự cố đã xử lý")
    own = len(first) - first.index(folded[0]) if folded[0] in first else 0
    cut = next((i for i, w in enumerate(typed) if i > 0 and (_linking(w, typed[i - 1])
                                                              or (i == own and w.lower() in _PREDICATE))), None)
    pointer = _pointer_length(first)
    if cut is None and own and own == len(first) - pointer <= SHORT_NAME and own < len(typed) \
            and folded[0] == first[pointer]:
        # a short name and one written alike ("(chỉ tiêu) máy chủ, | máy trạm cài phần mềm diệt virus"): the
        # second's own words are as many as the first's, what follows is both's
        cut = own
    if not own and not any(w.lower() in _PREDICATE for w in before_typed):
        # two names, the first without a predicate of its own, share the second's ("Báo Gia Lai | và Đài PTTH có
        # chuyên mục riêng về chuyển đổi số"): the second's own words end at its first predicate word
        said = next((i for i, w in enumerate(typed) if i > 0 and w.lower() in _PREDICATE), None)
        cut = said if said is not None and (cut is None or said < cut) else cut
    return f"{before} {' '.join(typed[cut:])}" if cut is not None else None


SHORT_NAME = 3  # words of a first half that is only a name ("máy chủ", "cổng dữ liệu mở")
_POINTER_WORDS = tuple(tuple(p.split()) for p in (*_FOLDED_POINTERS, "ct"))  # "ct" too, before a first name


def _pointer_length(folded: list[str]) -> int:
    """How many of the folded words open with a word pointing at an indicator ("chỉ tiêu máy chủ": 2)."""
    return next((len(p) for p in _POINTER_WORDS if tuple(folded[:len(p)]) == p and len(folded) > len(p)), 0)


# A first half this many times longer than the second holds more than its topic ("hôm qua họp sở nói năm nay phải
# đẩy số hộ có cáp quang | với số hộ có địa chỉ số"): two things asked together are written alike, so its topic is
# read from its last words: from the last place it repeats the word the second half starts with ("số hộ có …"),
# else as many as the second half has; at least ``PARALLEL_LEAST`` of them.
PARALLEL_RATIO = 2
PARALLEL_LEAST = 3


def parallel_tail(before: str, after: str) -> str | None:
    """The end of a long ``before`` written like ``after`` (see ``PARALLEL_RATIO``); None where ``before`` is not
    that long or ``after`` too short to name a topic."""
    words, wanted = before.split(), len(after.split())
    if wanted < PARALLEL_LEAST or len(words) < PARALLEL_RATIO * wanted:
        return None
    folded = [_word_of(w) for w in words]
    start = _word_of(after.split()[0])
    at = max((i for i, w in enumerate(folded) if w == start and i > 0), default=None)
    if at is not None and len(words) - at >= PARALLEL_LEAST:
        return " ".join(words[at:])
    tail = words[-wanted:]
    # a topic starts with a word of its own, never a linking one ("tỷ lệ vừa lòng | của doanh nghiệp | với thủ tục
    # online" is one topic: "của doanh nghiệp" names none)
    return None if _linking(tail[0]) else " ".join(tail)


# A half of "A với B" (or of "A, B") names its indicator well: this much of its name (by weight). "hợp đồng điện
# tử" covers 0.39 of 7.6's name, "dịch vụ công" 0.67 of 8.8.1.1's, "hồ sơ trực tuyến" 0.28 of 6.11's. 0.35 until
# the second pair probes (set 17): at "với" 0.15 found "tài khoản ngân hàng với có chữ ký số" and changed no
# answer of any other set; at a comma 0.15 made a pair of "chữ ký số ai chủ trì vậy, nghe nói là nhà mạng hả", so
# a comma, which mostly ends a clause, keeps 0.25.
NAMED_WITH = 0.15
FAMILY_HALF_WORDS = 3  # a half that hesitates between a group and its rows names it only with this many words
NAMED_COMMA = 0.25
# the joining words of ``join_parts``, folded
JOINS = (("va",), ("hoac",), ("lan",), ("voi",), ("con",), ("ca",), ("mot", "cai"), ("mot", "loai"), ("cung",))
