"""What an indicator's name is about, read from its head words: a budget row ("Kinh phí diễn tập, ứng cứu sự cố
ATTT", "Tổng chi Ngân sách nhà nước cho chính quyền số") measures money spent on a topic, not the topic. A question
about the topic that never speaks of money ("diễn tập an toàn thông tin ai làm") means the topic's own row (5.9,
the drills held), yet the budget row shares every topic word and often scores first. Such rows are demoted a little,
enough to let the topic's row lead when the two are close, never enough to hide the budget row among the offers."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from knowledge.lazy import lazy_compile
from knowledge.normalize import fold, fold_word, normalize
from knowledge.search.decide import CHOICES, CLOSE_MARGIN, OFFER_FLOOR, Decision
from knowledge.search.frequency import asks_frequency, frequency_row, own_frequency_first, phrases
from knowledge.search.index import Hit
from knowledge.search.intent import Query
from knowledge.search.per_question import remembered

# Name heads (folded) that make a row a budget row, and words (folded, whole) by which a question speaks of money.
# "chi" alone is no money word: folded, it is also "chỉ" (chỉ số, chỉ tiêu).
MONEY_HEADS = ("kinh phi ", "chi phi ", "ngan sach ", "tong chi ", "tong kinh phi ", "von ")
MONEY_WORDS = frozenset({"kinh phi", "chi phi", "ngan sach", "tien", "phi", "dau tu", "von", "dong", "ty dong",
                         "trieu", "nsnn", "chi tieu tien", "tong chi", "chi cho", "chi thuong xuyen", "kinh phi chi",
                         "kp", "tr", "ns"})  # "kp" (kinh phí), "50tr" (triệu), "ns" (ngân sách) typed short
_MONEY_WORDS_LONGEST = max(len(w.split()) for w in MONEY_WORDS)  # "chi thuong xuyen": three words
# A budget row's everyday wordings repeat its topic's ("tiền xã chi cho diễn tập ứng cứu sự cố"), so a question
# about the topic alone ("chỉ số diễn tập attt ai chủ trì") found the budget row as close as the topic's own: 0.95
# offered both; from 0.85 (with "kp" as money) to 0.7 every public question whose answer changes gets its topic's
# row alone (eight) and none is lost; 0.75, the middle.
DEMOTION = 0.75
# How close to the best a budget row must be to go first when money is surely asked (``_kind_first``): the
# topic's own row may hold more of the question's words ("tiền tỉnh bỏ ra cho các buổi tập dượt ứng phó …": 5.9
# 0.507, 5.12.4's "Kinh phí diễn tập" 0.432, 0.075 apart); yet "tỷ lệ chi ngân sách xã cho chuyển đổi số" asks
# 2.7's rate (0.753), not 6.18's total (0.654, 0.099 apart). Between the two, 0.085; from 0.15 three public and
# development answers go wrong. A frequency row keeps ``CLOSE_MARGIN``: "báo Kon Tum có chuyên mục cds chưa, mục
# tiêu mỗi tháng mấy bài" asks the newspaper's 1.6, not the broadcaster's 1.8.
MONEY_MARGIN = 0.085
BELOW = 1e-6  # a budget row kept below its topic's own row (``_below_own_topic``)


def speaks_of_money(tokens: Sequence[str]) -> bool:
    return bool(phrases(tokens, _MONEY_WORDS_LONGEST) & MONEY_WORDS)


# Words by which a question surely asks of money, folded ("kinh phí", "ngân sách"), or as typed: "tiền" ("tien" is
# also "tiến", "tiện"), unlike "phí" (also "miễn phí", "lệ phí") or "đồng" (also "cộng đồng").
SURE_MONEY_WORDS = frozenset({"kinh phi", "chi phi", "ngan sach", "nsnn", "tong chi", "kinh phi chi"})
SURE_MONEY_TYPED = frozenset({"tiền", "kinh phí", "ngân sách", "chi phí"})


def asks_of_money(tokens: Sequence[str]) -> bool:
    """The question surely speaks of money (``SURE_MONEY_WORDS``): enough to put a budget row first."""
    if phrases(tokens, 2) & SURE_MONEY_WORDS:
        return True
    typed = [t.lower() for t in tokens]
    return any(word.strip(",.?!:;") in SURE_MONEY_TYPED or " ".join(typed[i:i + 2]).strip(",.?!:;") in SURE_MONEY_TYPED
               for i, word in enumerate(typed))


def money_named(decision: Decision, query: Query) -> Decision:
    """A lone budget row refused only as barely named ("Tiền làm tuyên truyền cho người ta biết cảnh giác lừa
    đảo …": 5.12.6, "Kinh phí tuyên truyền nâng cao nhận thức ATTT"), when the question surely asks of money: its
    name's head ("Kinh phí") is what "tiền" says, so it is named, and stated. Not for an errand or a question
    whether an indicator exists, refused for what they ask."""
    if decision.status != "none" or len(decision.hits) != 1 or query.errand or query.exists:
        return decision
    hit = decision.hits[0]
    if hit.score >= OFFER_FLOOR and _budget_row(hit.doc.name) and asks_of_money(query.text.split()):
        return Decision("answer", decision.hits)
    return decision


def _kind_first(hits: list[Hit], of_kind: Callable[[Hit], bool], margin: float) -> list[Hit]:
    """Asked of money ("tiền tỉnh chi để tổ chức diễn tập … nằm ở chỉ số nào"), of a frequency ("Đài tỉnh bao
    lâu phát một lần …") or of a project ("dự án phủ sóng 5G …"), an entry of that kind (``of_kind``) within
    ``margin`` of the best is what is asked: the topic's other entries (5.9, the drills; 1.7, the programme; a
    target on the same coverage) are demoted below it, as such a row is below them when its kind is not asked."""
    best = hits[0].score
    if of_kind(hits[0]) or not any(of_kind(h) and best - h.score <= margin for h in hits[1:CHOICES]):
        return hits
    out = [h if of_kind(h) else replace(h, score=h.score * DEMOTION) for h in hits]
    return sorted(out, key=lambda h: h.score, reverse=True)


# A project named ("dự án"), folded: what a plan lists in its projects' appendix is asked. Not "đề án", a scheme
# a plan lists among the documents to issue ("Đề án phát triển thương mại điện tử": Ninh Thuận's PL2.11)
_PROJECT_WORD = lazy_compile(r"\bdu an\b")


def project_named(hits: list[Hit], text: str, kinds: Mapping[str, str]) -> list[Hit]:
    """The hits re-ranked with a project of the plan first when the question names a project and one is close to
    the best (``MONEY_MARGIN``): "dự án phủ sóng 5G toàn tỉnh làm năm nào" asks Ninh Thuận's project (PL3.A.II.6),
    not its target of the same coverage (PL1.11), which holds a little more of the words."""
    # the word first: most questions name no project, and a plan's kinds are read only when one does
    if not hits or not _PROJECT_WORD.search(fold(text)) or "project" not in kinds.values():
        return hits
    return _kind_first(hits, lambda h: kinds.get(h.doc.code) == "project", MONEY_MARGIN)


def weigh_budgets_and_frequencies(hits: list[Hit], tokens: Sequence[str], *, whole: bool = True) -> list[Hit]:
    """The hits re-ranked with budget rows demoted when the question does not speak of money, and frequency rows
    ("Tần suất … phát sóng chuyên mục …") when it asks no frequency: the row of the topic itself ("… có chuyên
    mục …") is what "loa xã đã có chương trình về chuyển đổi số chưa" asks; and one of them put first when it is
    what is surely asked and close to the best (``_kind_first``). ``whole``: ``hits`` are the whole message's, not
    a part's (``tokens`` are always the whole's): a frequency said in one half is not the other half's topic."""
    if not hits:
        return hits
    key = tuple(tokens)
    money, often, surely_money = remembered(("kinds asked", key), lambda: _kinds_asked(key))
    if surely_money:
        hits = _kind_first(hits, lambda h: _budget_row(h.doc.name), MONEY_MARGIN)
    elif often:
        hits = _kind_first(hits, lambda h: frequency_row(h.doc.name), CLOSE_MARGIN)
        hits = own_frequency_first(hits) if whole else hits
    if money and often:
        return hits
    out = [replace(h, score=h.score * DEMOTION)
           if (not money and _budget_row(h.doc.name)) or (not often and frequency_row(h.doc.name)) else h
           for h in hits]
    if not money:
        out = _below_own_topic(out)
    return sorted(out, key=lambda h: h.score, reverse=True)


def _below_own_topic(hits: list[Hit]) -> list[Hit]:
    """A budget row, money not spoken of, beside the row of its own topic ("Kinh phí diễn tập" beside "Số lượng
    các cuộc diễn tập"): the topic's row is what is asked ("tập dượt … tổ chức mấy lần"), the budget row comes
    right after it, still offered where the two are close."""
    topics = {id(h.doc): _budget_topic(h.doc.name) for h in hits if _budget_row(h.doc.name)}
    if not topics:  # most questions find no budget row
        return hits
    rows = [h for h in hits if id(h.doc) not in topics]  # ``hits``: budget rows already demoted once
    out = []
    for h in hits:
        topic = topics.get(id(h.doc), "")
        # the topic's row, named and no further below than a second demotion: a contender ("giám sát ATTT"'s
        # budget, 0.82, is not kept below "… được giám sát trực tiếp", 0.30, barely named)
        own = next((r for r in rows if topic and f" {topic} " in _spaced_name(r.doc.name) and r.grounded
                    and r.score >= h.score * DEMOTION), None)
        out.append(replace(h, score=min(h.score, own.score - BELOW)) if own is not None else h)
    return out


@lru_cache(maxsize=4096)
def _spaced_name(name: str) -> str:
    """An entry's name folded, between spaces: where a budget row's topic is looked for, once per name."""
    return f" {normalize(name)} "


@lru_cache(maxsize=4096)
def _budget_topic(name: str) -> str:
    """The first two words after a budget row's money head ("Kinh phí diễn tập, ứng cứu …": "dien tap")."""
    folded = f"{normalize(name)} "
    head = next(m for m in MONEY_HEADS if folded.startswith(m))
    return " ".join(folded[len(head):].split()[:2])


def _kinds_asked(tokens: tuple[str, ...]) -> tuple[bool, bool, bool]:
    """Whether ``tokens`` speak of money, ask a frequency, and surely ask of money: read once per question
    (``per_question``), whose every part is weighed by the message's words (``two_topics._read_half``)."""
    money = speaks_of_money(tokens)
    return money, asks_frequency(tokens), money and asks_of_money(tokens)


@lru_cache(maxsize=4096)
def _budget_row(name: str) -> bool:
    return f"{normalize(name)} ".startswith(MONEY_HEADS)


# Asked how many points or how they are given ("bao nhiêu phần trăm thì đủ điểm", "tối đa mấy điểm", "tính điểm
# ntn"): a plan's own item (Ninh Thuận's targets, documents, projects) carries no points, a criterion does.
POINTS_FIELDS = frozenset({"score", "max", "method"})
# Nor is an item a "tiêu chí": the plans call theirs "chỉ tiêu", "nhiệm vụ", "dự án" (folded, as typed)
_CRITERION_WORD = lazy_compile(r"\btieu chi\b")
# An item has no points at all: asked of points, it yields to a criterion close to it. 0.9 left three development
# questions offered the item first ("tc 30% cbcc … max mấy điểm", "kh chuyển đổi ipv6 … đc mấy đ"); 0.8 mends them
# and loses no public answer.
POINTLESS_DEMOTION = 0.8
NAMED = 0.5  # an item the question names this much is what it asks, points or none (the card says it has none)


def demote_pointless(hits: list[Hit], fields: Sequence[str], items: Collection[str], text: str = "",
                     led: Collection[str] = ()) -> list[Hit]:
    """The hits re-ranked with the plan's own items (``items``: their codes) demoted when points are asked, or
    ``text`` (the question) asks of a criterion (``POINTLESS_DEMOTION``); and the other way round, who leads asked
    where an item is among the first, the entries the plan gives no lead (``led``: the codes it does) demoted:
    Ninh Thuận's criteria lead nobody, its targets and projects do ("giấy tờ gửi qua lại giữa các cơ quan … chỉ
    tiêu này ai chủ trì": PL1.2, not the criteria 5.2.1–5.2.3 on the same papers)."""
    if not hits:
        return hits
    if POINTS_FIELDS & set(fields) or _CRITERION_WORD.search(fold(text)):
        demoted = {h.doc.code for h in hits if h.doc.code in items and h.name_cover < NAMED}
    elif "owner" in fields and any(h.doc.code in items and hits[0].score - h.score <= CLOSE_MARGIN for h in hits):
        # however much of a criterion's name the question says: it would be answered "no unit leads it"
        demoted = {h.doc.code for h in hits if h.doc.code not in items and h.doc.code not in led}
    else:
        return hits
    out = [replace(h, score=h.score * POINTLESS_DEMOTION) if h.doc.code in demoted else h for h in hits]
    return sorted(out, key=lambda h: h.score, reverse=True)


# Levels of government a name or a question speaks of ("cấp xã", "đến mức thôn, xóm"), read with the diacritics:
# folded, "tỉnh" is also "tính" (máy tính), "phường" "phương", "bản" is in every "văn bản", and "xã hội" is no level.
_LEVELS_TYPED = (
    ("province", lazy_compile(r"(?<!\w)tỉnh(?!\w)")),
    ("district", lazy_compile(r"(?<!\w)(?:huyện|thị xã)(?!\w)")),
    ("commune", lazy_compile(r"(?<!\w)(?<!thị )(?:xã|phường|thị trấn)(?!\w)(?! hội)")),
    ("village", lazy_compile(r"(?<!\w)(?:thôn|xóm|ấp|tổ dân phố|khu phố)(?!\w)")),
)
# Typed without diacritics, only the spellings no other word shares.
_LEVELS_FOLDED = (
    ("province", lazy_compile(r"\bcap tinh\b")),
    ("district", lazy_compile(r"\b(?:cap huyen|huyen)\b")),
    ("commune", lazy_compile(r"\b(?:cap xa|muc xa|o xa|cua xa|moi xa|cac xa)\b(?! hoi)")),
    ("village", lazy_compile(r"\b(?:thon|xom|to dan pho)\b")),
)
# The folded words that name a level on their own, wherever they stand (the patterns above read them in context).
LEVEL_WORDS = frozenset({"tinh", "huyen", "xa", "thon", "xom"})
LEVEL_DEMOTION = 0.85  # a row for another level than the one asked, and its group, once the asked row leads


def levels_named(text: str, places: Collection[str] = ()) -> frozenset[str]:
    """The levels of government ``text`` names, as typed (with diacritics) or, for words typed without, by the
    spellings no other word shares. A level word before a place's name ("tỉnh Gia Lai", "xã nghia phuong";
    ``places``: folded names) or a capital names that place, not a level."""
    if not _levels_in(text.lower()):  # most questions name none: the words are not read one by one
        return frozenset()
    return _levels_in(" ".join(_without_place_names(text.split(), places)).lower())


def _levels_in(low: str) -> frozenset[str]:
    found = {level for level, pattern in _LEVELS_TYPED if pattern.search(low)}
    plain = " ".join(w for w in low.split() if fold_word(w) == w)  # the words typed without diacritics
    return frozenset(found | {level for level, pattern in _LEVELS_FOLDED if pattern.search(plain)})


def _without_place_names(words: list[str], places: Collection[str]) -> Iterator[str]:
    """``words`` without those that open a place's name: a capital, or the start of a known place."""
    folded = [fold(w).lower() for w in words]
    for i, word in enumerate(words):
        if i + 1 < len(words) and (words[i + 1][:1].isupper() or _place_at(folded, i + 1, places)):
            continue
        yield word


def _place_at(folded: list[str], i: int, places: Collection[str]) -> bool:
    named = _places_by_first(places if isinstance(places, frozenset) else frozenset(places)).get(folded[i], ())
    if not named:
        return False
    rest = f"{' '.join(folded[i:i + 4])} "
    return any(rest.startswith(f"{p} ") for p in named)


@lru_cache(maxsize=8)
def _places_by_first(places: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Place names by their first word: a question's every word was tried against every place (hundreds)."""
    out: dict[str, list[str]] = {}
    for p in places:
        if p:
            out.setdefault(p.split()[0], []).append(p)
    return {first: tuple(found) for first, found in out.items()}


_LEVEL_ORDER = ("province", "district", "commune", "village")
# A level said as where a thing is done or reaches ("xã được giao lập tổ ở các thôn", "đưa xuống từng xã"): beside
# the level of who does it, the lower one is the row asked
_WHERE_LEVEL = {
    "commune": lazy_compile(r"\b(?:o|tai|den|toi|xuong|moi|tung|cac) (?:cac |tung |moi )?(?:xa|phuong)\b(?! hoi)"),
    "village": lazy_compile(r"\b(?:o|tai|den|toi|xuong|moi|tung|cac) (?:cac |tung |moi )?(?:thon|xom|lang|ap)\b"),
}


def _scoped_lower(text: str, asked: frozenset[str]) -> frozenset[str]:
    """Of two levels named, the lower when it is said as where the thing is done (``_WHERE_LEVEL``)."""
    lower = max(asked, key=_LEVEL_ORDER.index)
    where = _WHERE_LEVEL.get(lower)
    return frozenset({lower}) if where is not None and where.search(fold(text).lower()) else asked


@lru_cache(maxsize=4096)
def _name_levels(name: str) -> frozenset[str]:
    """The levels an entry's name is for (names are written with their marks: no place is read as a level, as no
    name writes one after a level word)."""
    return levels_named(name)


_LEVEL_TOKENS = LEVEL_WORDS | {"ap", "phuong", "thi", "tran"}  # with the words of "khu ấp", "phường", "thị trấn"
ALIKE = 0.6  # the share of words two names hold in common, their level words aside, to be one row per level


@lru_cache(maxsize=4096)
def _alike_but_level(a: str, b: str) -> bool:
    """Names worded alike but for their level words ("… đến cấp xã" and "… đến mức khu ấp": 6 words of 9)."""
    x, y = (set(normalize(n).split()) - _LEVEL_TOKENS for n in (a, b))
    return bool(x | y) and len(x & y) / len(x | y) >= ALIKE


# A framework's own level (``Framework.level``) as ``levels_named`` names it: the commune a commune's plan scores
OWN_LEVEL = {"xa": "commune", "tinh": "province", "huyen": "district"}


def prefer_asked_level(hits: list[Hit], text: str, places: Collection[str] = (), own: str = "") -> list[Hit]:
    """Rows of one group told apart only by their level ("Tỷ lệ CBCC … cấp tỉnh / cấp huyện / cấp xã", "Tổ công
    nghệ số … đến mức xã / đến mức thôn"): a question naming one level ("cán bộ ở xã có đủ máy tính không") asks
    that level's row, which then leads its group and its rows for other levels. ``own``: the plan's own level
    (``OWN_LEVEL``), which names the unit scored beside another level ("thôn nào cũng lập tổ … thì xã được chấm
    mấy điểm" asks the village row)."""
    asked = levels_named(text, places)
    if len(asked) > 1 and own in asked:
        asked = asked - {own}
    if len(asked) == 2:
        asked = _scoped_lower(text, asked)
    if len(asked) != 1 or len(hits) < 2:
        return hits
    family: dict[str, list[Hit]] = {}
    for h in hits:
        if "." in h.doc.code:
            family.setdefault(h.doc.code.rsplit(".", 1)[0], []).append(h)
    out = list(hits)
    for group, rows in family.items():
        named = {id(h): _name_levels(h.doc.name) for h in rows}
        match = [h for h in rows if asked <= named[id(h)]]  # one row, for that level alone
        if len(match) != 1 or named[id(match[0])] != asked:
            continue
        # the rows for other levels worded as the row asked, their levels aside (not a pillar's other rows:
        # "cán bộ xã tham gia hội nghị …" asks 2.5, which names the province and district, not 2.1 "… cấp xã")
        others = [h for h in rows if named[id(h)] and not named[id(h)] & asked
                  and _alike_but_level(h.doc.name, match[0].doc.name)]
        if not others:
            continue
        heads = [h for h in hits if h.doc.code == group]
        best = max(h.score for h in (*rows, *heads))
        lowered = {id(h) for h in (*others, *heads)}
        out = [replace(h, score=best) if h is match[0] else
               replace(h, score=h.score * LEVEL_DEMOTION) if id(h) in lowered else h for h in out]
    return sorted(out, key=lambda h: h.score, reverse=True)


# Asked how a value is scored, what it must reach or what it reached: a group row with no method, target or result
# of its own (Ninh Thuận's 5.12 "Thực hiện tiếp nhận hồ sơ, trả kết quả … qua BCCI", which only sums 5.12.1 and
# 5.12.2) holds none of it; its row found beside it does. Its short name is covered more by any question on the
# topic, so it led its own row and the asker was offered a choice whose first entry answers nothing.
HOLLOW_FIELDS = frozenset({"method", "target", "baseline"})
HOLLOW_DEMOTION = 0.85  # as a row for another level (LEVEL_DEMOTION): the row leads once the two are close
ROW_NAMED_SHARE = 0.75


def demote_hollow_groups(hits: list[Hit], fields: Sequence[str], hollow: Collection[str]) -> list[Hit]:
    """The hits re-ranked with each group in ``hollow`` (codes of groups holding none of ``HOLLOW_FIELDS``)
    demoted when such a field is asked and one of the group's own rows speaks for it (``_speaks_for``)."""
    if not hits or not HOLLOW_FIELDS & set(fields):
        return hits
    groups = {g.doc.code for g in hits if g.doc.code in hollow
              and any(_speaks_for(h, g) for h in hits if h.doc.code.startswith(g.doc.code + "."))}
    if not groups:
        return hits
    out = [replace(h, score=h.score * HOLLOW_DEMOTION) if h.doc.code in groups else h for h in hits]
    return sorted(out, key=lambda h: h.score, reverse=True)


def _speaks_for(row: Hit, group: Hit) -> bool:
    """A row found well enough to be offered, its name named by the question as its group's is: the question is
    about the row. A row found by its method's words only ("chữ ký số cá nhân" and 5.3.3's leaders' certificates,
    whose name the question never says) is not what the group was found for."""
    return row.score >= OFFER_FLOOR and row.name_cover >= group.name_cover * ROW_NAMED_SHARE


def subject_named(decision: Decision, query: Query, words_of: Callable[[str], Sequence[str]]) -> Decision:
    """Candidates refused as vague though the question says only words every one of their names holds ("trang
    ttdt xã": 6.1 "Trang TTĐT của xã đáp ứng yêu cầu …" and 1.4 "Trang TTĐT của xã có các bài viết …"): the question
    names their common subject, whatever else each name says, so they are offered. Not for a question refused
    for what it asks."""
    if decision.status != "none" or len(decision.hits) < 2 or query.asks_what_no_plan_holds or not query.tokens:
        return decision
    asked = set(query.tokens)
    if all(asked <= set(words_of(h.doc.name)) for h in decision.hits):
        return Decision("choose", decision.hits)
    return decision
