"""Two topics in one message, read by the plan's searcher: where the sentence splits ("A và B", "A với B", "A, B",
"… Còn B thì sao?"), how each half is read (with what the halves share), and whether the halves name two
indicators, one each, or only offer them. The splitting of text is ``pairs``; this is the part that searches.

A mixin of ``PlanSearcher``: it reads halves with the searcher's own ranking, so a half is read exactly as a
question would be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from knowledge.normalize import normalize
from knowledge.search.asker_intro import only_intro
from knowledge.search.clauses import CLAUSE_WORDS, NEGATED, agreed, asked_over_told, asks, clauses_of
from knowledge.search.decide import ANSWER_FLOOR, Decision, decide, holds_asked
from knowledge.search.heads import demote_pointless, prefer_asked_level, weigh_budgets_and_frequencies
from knowledge.search.index import Hit
from knowledge.search.intent import Query
from knowledge.search.pair_decisions import confirmed_by_whole, related, sure_of_one, the_other, three_offered
from knowledge.search.pairs import (
    FAMILY_HALF_WORDS,
    JOINS,
    NAMED_COMMA,
    NAMED_WITH,
    SENTENCES,
    asks_each,
    comma_parts,
    join_parts,
    list_parts,
    names_only_a_level,
    parallel_tail,
    points_at_one,
    repeats_start,
    said_alike,
    starts_linked,
    starts_predicate,
    with_parts,
    with_shared_head,
    with_shared_tail,
)
from knowledge.search.per_question import WHOLE_ASKS_EACH, WHOLE_FIELDS, WHOLE_TEXT, remembered
from knowledge.search.quotes import close_enough_to_quote, quoted_one

if TYPE_CHECKING:
    from knowledge.search.index import SearchIndex
    from knowledge.search.plan_units import PlanUnits
    from knowledge.search.thesaurus import Words

# At most this many halves are read for one question: each is a search with its readings, and a sentence of many
# clauses would otherwise cost ten (the in-process p99, issue 17's ≤ 5 ms). Four, a split and its two shared
# readings, changed no answer of the question sets then. Six was tried (2026-12-04): it let a comma's split be read
# after the joins inside a half ("Số lượng doanh nghiệp nền tảng số, | tỷ lệ DN nhỏ và vừa …: cách tính và cơ quan
# phối hợp"), two development pairs more, and took a held set's p99 from 4.3–4.5 ms to 5.2–5.4 ms (three runs
# each, in turn): withdrawn.
MAX_HALVES = 4
# A message's clauses read one by one (``_each_part``), one more than a sentence's halves: five clauses each naming
# something ("Tôi là công chức … ở huyện Ninh Phước. Xã tôi …, nhưng … . Cho hỏi cái tỷ lệ …, … có bị trừ không?")
MAX_CLAUSES = 5
# A clause of a message asking whether a thing counts names its indicator by this share of its name at least, or it
# only asks ("tỉnh có tính điểm cơ quan làm như vậy không": 0.01 of 5.4.2's name, the words of any agency's work);
# the clauses of the development sets naming what they ask held 0.13–0.7.
EXISTS_CLAUSE_NAMES = 0.1
# The half beside a typed code names its own indicator by a good part of its name: "trợ lý ảo phục vụ người dân"
# holds 0.62 of 6.19's, "tỷ lệ hộ gia đình có cáp quang" 0.44 of 3.3's; what is said of the code's indicator holds
# little of any ("thời hạn hoàn thành": 0.11 of 8.8.2's "xử lý đúng hạn, hoàn thành"; "Sở Nội vụ": none of 1.9's)
CODE_BESIDE_NAMED = 0.3
# How a question is split at each kind of join, and the folded joining words a name may hold there.
_SPLITTERS = {"join": (join_parts, JOINS), "comma": (comma_parts, ((),)), "with": (with_parts, (("voi",),)),
              "list": (list_parts, ((),))}


class TwoTopics:
    """What ``PlanSearcher`` provides the methods below."""

    if TYPE_CHECKING:
        @property
        def index(self) -> SearchIndex: ...

        @property
        def units(self) -> PlanUnits: ...

        @property
        def places(self) -> frozenset[str]: ...

        @property
        def own_level(self) -> str: ...

        def _analyze(self, text: str) -> Query: ...

        @property
        def _kinds(self) -> dict[str, str]: ...

        @property
        def _quote_readers(self) -> tuple[Callable[[str], str], ...]: ...

        def _ranked(self, query: Query, text: str | Words) -> tuple[list[Hit], Query]: ...

        def _search(self, query: Query, unknown: frozenset[str], *,
                    asked: bool = True) -> tuple[list[Hit], Query]: ...

    def _pair_half(self, part: str, fields: tuple[str, ...]) -> Decision:
        """A half of "chỉ số A và chỉ số B" decided, the field asked of both weighed in it; a half sure of nothing
        yet quoting a figure one close candidate writes ("… và chỉ tiêu 60% dữ liệu quản lý được số hóa": PL1.7's
        name opens with its 60%) names that one."""
        half = self._analyze(part)
        ranked = demote_pointless(self._ranked(half, part)[0], fields, self._kinds, part)
        decision = decide(ranked)
        offered = close_enough_to_quote(ranked) if decision.status == "none" else []
        quoted = quoted_one(part, half, offered, self._quote_readers) if offered else None
        return Decision("answer", [quoted]) if quoted is not None else decision

    def _second_topic(self, text: str, best: Hit) -> list[Hit] | None:
        """For a question with joining words whose best answer is one half's own best, the other half's best
        when it is another indicator scoring above the answer floor (first of its half even where its half
        alone would be offered as a choice: "máy chủ" alone is close to two): two topics in one sentence, the
        best first, or as written where the second half repeats the first's start ("trợ lý ảo cho dân với trợ lý
        ảo cho cán bộ": two things named alike, the order the asker gave them)."""
        least = 1 if asks_each(text) else 2  # "ISO 27001 với bảo vệ 4 lớp, mỗi cái …": a half of one word is a topic
        for parts in self._splits(text, _names([best])):
            written = repeats_start(*parts)
            # the first half with the end both share, the second with the start ("… cấp huyện và cấp xã")
            parts = (with_shared_tail(*parts) or parts[0], with_shared_head(*parts) or parts[1])
            queries = [self._analyze(part) for part in parts]
            if any(len(q.tokens) < least for q in queries):  # "cho em hỏi với ạ, …": one half names no topic
                continue
            each = [decide(self._search(q, self.index.false_friends(part))[0])
                    for q, part in zip(queries, parts, strict=True)]
            if all(d.hits for d in each):
                codes = [d.hits[0].doc.code for d in each]
                if best.doc.code in codes and len(set(codes)) == 2 and not related(*codes):
                    other = each[1 - codes.index(best.doc.code)].hits[0]  # first of its half, if not alone
                    if other.score >= ANSWER_FLOOR:
                        return [other, best] if written and codes[1] == best.doc.code else [best, other]
        return None

    def _topic_beside_code(self, text: str, code: str, name: str) -> tuple[Hit, bool] | None:
        """An indicator named in words beside one typed by its code ("trợ lý ảo phục vụ người dân và chỉ số 6.21
        … do ai chủ trì"; "Chỉ số 8.1 do … đúng không. Chỉ số … thì ai chủ trì?"), and whether it is written first:
        at a join (not one inside the code's own ``name``) or between two sentences that ask, the half without the
        code read alone (``_beside``). A half naming no topic ("… và mục tiêu năm 2025") leaves the code alone."""
        names = f" {normalize(name)} "
        for before, after in (*self._splits(text, names), *self._splits(text, names, at="with")):
            halves = [(half, self._analyze(half)) for half in (before, after)]
            with_code = [code in q.codes for _, q in halves]
            if sum(with_code) != 1:
                continue
            found = self._beside(*halves[with_code.index(False)], code)
            if found is not None:
                return found, not with_code[0]
        # two sentences that ask, the one without the code pointing at an indicator of its own: read that one alone
        sentences = [x for x in SENTENCES.split(text) if x.strip()]
        typed = [code in x.replace(" ", "") for x in sentences]
        if len(sentences) == 2 and typed.count(True) == 1 and points_at_one(sentences[typed.index(False)]) \
                and all(map(asks, sentences)):
            other = sentences[typed.index(False)]
            found = self._beside(other, self._analyze(other), code)
            return (found, typed[1]) if found is not None else None
        return None

    def _beside(self, half: str, query: Query, code: str) -> Hit | None:
        """The indicator ``half``, read alone, is sure of, named well, and not ``code``'s nor its group's or row's."""
        if query.codes or query.unknown_codes or len(query.tokens) < 2:
            return None
        decision = decide(self._ranked(query, half)[0])
        hit = decision.hits[0] if decision.status == "answer" else None
        return hit if hit is not None and hit.name_cover >= CODE_BESIDE_NAMED and not related(hit.doc.code, code) \
            and hit.doc.code != code else None

    def _two_topics(self, text: str, found: list[Hit], whole: str | None = None) -> tuple[list[Hit], bool] | None:
        """Two indicators asked in one sentence, neither first of the whole ("ai lo diễn tập an toàn thông tin và
        ai lo kinh phí diễn tập": the whole is sure of the budget row only; "hộ có cáp quang và dân có smartphone":
        the whole hesitates between the two smartphone rows): split at a joining word, each half read with its
        everyday wordings; both halves sure of an indicator, two unrelated ones, make a pair (at "với" or a
        comma, each half must name its indicator well). A join inside the name of what the whole found ("nhỏ và
        vừa") or of a unit is no split. ``whole``: the code the whole message is sure of, if any
        (``confirmed_by_whole``)."""
        least = 1 if asks_each(text) else 2
        read: dict[str, tuple[Query, Decision]] = {}  # the halves read, each once (``_half``)
        offer: tuple[list[Hit], bool] | None = None
        names = _names(found)
        for split in self._splits(text, names, at="list"):  # "1) A 2) B", "- A - B": a list names its items
            pair = self._pair_of(split, 1, read, whole=whole)
            if pair is not None and pair[1]:
                return pair
        for split in self._splits(text, names):
            pair = self._pair_of(split, least, read, whole=whole)
            if pair is not None and pair[1]:
                return pair
            offer = offer or pair
        named = [(split, NAMED_WITH) for split in self._splits(text, names, at="with")]  # "A với B", "A, B": each
        named += [(split, NAMED_WITH if said_alike(*split) else NAMED_COMMA)  # half names its own; halves said
                  for split in self._splits(text, names, at="comma")]  # alike are two topics as surely as at "với"
        for split, share in named:
            pair = self._pair_of(split, 2, read, named=share, whole=whole)
            if pair is not None:
                return pair
        return offer

    def _splits(self, text: str, names: str, *, at: str = "join") -> Iterator[tuple[str, str]]:
        """``join_parts`` (``at="comma"``: ``comma_parts``, ``"with"``: ``with_parts``) of ``text`` but those whose
        joining word or comma is inside a name: of what was found (``names``, made by ``_names``: "nhỏ và vừa",
        "Người đứng đầu Tỉnh, thành phố", "Mức độ hài lòng với việc xử lý phản ánh") or of a unit ("Sở Kế hoạch và
        Đầu tư")."""
        splits, joins = _SPLITTERS[at]
        for split in splits(text):
            last, first = normalize(split[0]).split()[-1:], normalize(split[1]).split()[:1]
            # the join dropped too: a name written without it ("Đài Phát thanh - Truyền hình", typed "… và …"); not
            # a word said twice ("số doanh nghiệp công nghệ số | với số doanh nghiệp …": "số số" is in no name),
            # nor a second half starting a predicate ("bầu cử điện tử | và có tính năng …": "điện tử có" is in
            # "Cổng TTĐT có chức năng …", the name of the first)
            bare = ((),) if last != first and not starts_predicate(split[1]) else ()
            arounds = [f" {' '.join([*last, *join, *first])} " for join in (*joins, *bare)]
            if not any(around in names or around in self.units.text for around in arounds):
                yield split

    def _pair_of(self, split: tuple[str, str], least: int, read: dict[str, tuple[Query, Decision]],
                 named: float = 0.0, whole: str | None = None) -> tuple[list[Hit], bool] | None:
        """The two indicators of a sentence split in two, each half alone or, if not, the first half given the
        end both share ("kinh phí đầu tư | và kinh phí chi thường xuyên từ ngân sách cho kinh tế số"), and whether
        both halves are sure; joined by "và", one half sure and the other hesitating between two make an offer
        of the three ("nhà có mạng cáp quang và dân có smartphone": 3.3 or 7.8, and 3.1), never a statement."""
        tail, head = with_shared_tail(*split), with_shared_head(*split)
        offer: list[Hit] | None = None
        # halves that share a head or an end are parallel, which says two topics whatever joins them: the share of
        # each name asked at "với" or a comma is for the bare split only ("máy tính cho cán bộ huyện với cán bộ xã")
        readings = [(split, named), *([((tail, split[1]), 0.0)] if tail else []),
                    *([((split[0], head), 0.0)] if head else [])]
        if head and starts_linked(split[1]):  # "tỷ lệ CCVC … về CĐS | và về ATTT mạng": the head's second first
            readings.insert(0, readings.pop())
        cut = parallel_tail(*split)
        if cut is not None:  # "hôm qua họp sở nói năm nay phải đẩy số hộ có cáp quang | với số hộ có địa chỉ số"
            readings.append(((cut, split[1]), named))
        if head and names_only_a_level(split[1]):  # "… cấp xã | cấp thôn tính điểm …": the bare half names no topic
            readings = [((tail or split[0], head), 0.0)]
        hesitant: tuple[list[Hit], bool] | None = None
        for parts, share in readings:
            halves = [self._half(part, read) for part in parts]
            if any((len(q.tokens) < least and not self._named_by_one_word(q, d)) or q.codes for q, d in halves):
                continue
            each = [d for _, d in halves]
            if offer is None and not share:
                offer = three_offered(each)
            # a half offered a group and its rows names that group only if it says more than a word or two
            # ("thanh toán và nhận kết quả trên mạng mức 4" is one topic, 5.8.2, not 3.7 and 5.12)
            if all(sure_of_one(d) and (d.status == "answer" or len(q.tokens) >= FAMILY_HALF_WORDS)
                   and d.hits[0].name_cover >= share for q, d in halves):
                # joined by "và", a half offered a group and its rows takes the first of them unrelated to the
                # other half's ("thanh toán trực tuyến": 3.7 or 3.7.1, beside "… qua nền tảng quốc gia": 3.7.2);
                # at "với" or a comma, where the split itself is in doubt, only each half's first
                offered = 1 if share else None
                pairs = ((a, b) for a in each[0].hits[:offered] for b in each[1].hits[:offered])
                pair = next(((a, b) for a, b in pairs if a.doc.code != b.doc.code
                             and not related(a.doc.code, b.doc.code)), None)
                # a half hesitating between a group and its rows may be told by a reading yet to come, given the
                # head both share ("Dân phản ánh qua Zalo: … đúng hạn | và mức độ hài lòng": 8.8.3.3, not 8.8.3)
                if pair is not None and len(readings) > 1 and any(d.status != "answer" for d in each):
                    hesitant = hesitant or (list(pair), True)
                elif pair is not None:
                    return list(pair), True
            confirmed = confirmed_by_whole(each, whole) if whole is not None else None
            if confirmed is not None and all(h.name_cover >= share for h in confirmed):
                return confirmed, True
            # parallel halves ("cấp cho cơ quan | và cấp cho lãnh đạo"), or two things of one pillar said to be asked
            # ("trợ lý ảo phục vụ dân | với trợ lý ảo cho cán bộ, hai cái này …"): the bare split is in doubt otherwise
            bare = parts is split
            other = the_other(each, one_pillar=bare) if not bare or self._asks_each() else None
            if other is not None:
                return other, True
        if hesitant is not None:
            return hesitant
        return (offer, False) if offer is not None else None

    def _asks_each(self, part: str = "") -> bool:
        """The whole message asks of each thing it names (``asks_each``), read once per question."""
        said = remembered(WHOLE_TEXT, lambda: part)
        return remembered(WHOLE_ASKS_EACH, lambda: asks_each(said))

    def _named_by_one_word(self, query: Query, decision: Decision) -> bool:
        """A half of one word that few entries hold, sure of one of them ("SMEdx | và doanh nghiệp nhỏ và vừa …"):
        a name, a topic of its own though a word alone is mostly not."""
        return len(query.tokens) == 1 and self.index.rare(query.tokens[0]) and decision.status == "answer"

    def _half(self, part: str, read: dict[str, tuple[Query, Decision]], limit: int = MAX_HALVES, *,
              clause: bool = False) -> tuple[Query, Decision]:
        """A half of a split question read and decided, once per question (``read``: the halves read so far, at
        most ``limit``): the halves of one question recur in its several splits ("A, B và C"), and reading one is
        a whole search."""
        found = read.get(part)
        if found is None and len(read) >= limit:  # a long sentence's later splits: bounded, not read
            return Query(part, "lookup", (), ()), Decision("none")
        if found is None:
            found = read[part] = remembered(("half", part, clause), lambda: self._read_half(part, clause))
        return found

    def _read_half(self, part: str, clause: bool = False) -> tuple[Query, Decision]:
        """``clause``: a clause of a message, not a half of a pair: a frequency asked in another clause ("…
        Vậy phải phát mấy ngày một lần?") is of its topic, where the other half of a pair names its own."""
        query = self._analyze(part)
        if not query.tokens and not query.codes:  # "… | cả hai mấy điểm": a half naming nothing is not searched
            return query, Decision("none")
        # a half naming a level asks that level's row, as a whole question does ("… cấp xã lẫn cấp thôn"); and a
        # budget or frequency row is weighed by what the message says, as the whole is: a message naming no money
        # ("Xã có bao giờ tập dượt tình huống bị tin tặc tấn công chưa, …") asks the drills, 5.9, not their budget,
        # 5.11.4, in every part; one naming it in one part ("Tiền in tờ rơi …, … thì chi mức bao nhiêu") may ask a
        # budget row in another. The half's own words alone lost two held-back answers (sets 11, 31).
        said = remembered(WHOLE_TEXT, lambda: part)
        weighed = weigh_budgets_and_frequencies(self._ranked(query, part)[0], said.split(), whole=clause)
        # points asked of each ("tiêu chí A và B, mỗi cái tối đa mấy điểm") are asked of each half: a plan's own
        # item, which has none, yields to a criterion as it does for the whole. Not where the message does not ask
        # of each: a clause of context is read alone ("…; tiêu chí này chấm bao nhiêu điểm" asks of another)
        if self._asks_each(part):
            fields = (*remembered(WHOLE_FIELDS, lambda: query.fields), *query.fields)
            weighed = demote_pointless(weighed, fields, self._kinds, part)
        ranked = prefer_asked_level(weighed, part, self.places, self.own_level)
        return query, decide(ranked)

    def _one_clause(self, text: str, exists: bool = False) -> list[Hit] | None:
        """A message whose whole was refused, of several clauses around one question ("hôm qua họp sở nói tỉnh bị
        trừ điểm phần hạ tầng, giờ em phải báo cáo tỷ lệ hộ có cáp quang mà không biết ai chủ trì"): the
        indicator of the one clause sure of one, or the two of the one clause sure of a pair ("… phải đẩy số hộ có
        cáp quang với số hộ có địa chỉ số, giờ em phải báo cáo 2 cái này mà …"), when every other clause finds
        nothing to offer or leans to the same. A pillar is no such indicator: a clause that names one in passing
        ("… làm thêm việc bảo mật mạng") speaks of a field of work, and the message, refused as a whole, asked of
        something in it."""
        each = self._each_part(clauses_of(text))
        if each is None:
            return None
        sure: list[tuple[list[Hit], bool]] = []  # with whether its clause asks
        leaning: list[tuple[str, ...]] = []  # what the clauses not sure of anything lean to
        for clause, query, decision in each:
            asking = asks(clause)
            if NEGATED.match(normalize(clause)):  # "…, không in giấy nữa, …": what is no longer done names nothing
                continue
            # a clause of a figure alone ("đạt 50% là đủ điểm …") names no topic, whatever name writes the figure
            if _sure(decision) and "." in decision.hits[0].doc.code and _named(query):
                if exists and decision.hits[0].name_cover < EXISTS_CLAUSE_NAMES:  # "…; tỉnh có tính điểm cơ quan
                    leaning.append((decision.hits[0].doc.code,))  # làm như vậy không?": it leans, what
                    continue  # counts is said elsewhere
                if exists and not holds_asked(decision.hits[0]):  # asked whether it counts: a near thing
                    if query.exists:
                        return None
                    leaning.append((decision.hits[0].doc.code,))  # a clause of context around the one
                    continue  # asking
                sure.append((decision.hits[:1], asking))
                continue
            pair = self._two_topics(clause, decision.hits)
            if pair is not None and pair[1]:
                sure.append((pair[0], asking))
            elif decision.status != "none":
                # … one offering a choice leans to each of it ("… làm việc trên phần mềm chung của tỉnh": 3.5 or 6.13)
                leaning.append(tuple(h.doc.code for h in decision.hits))
        return agreed(sure, leaning) or asked_over_told(sure, leaning)

    def _two_sentences(self, text: str) -> list[Hit] | None:
        """Two indicators named in two sentences of one message ("SOC của tỉnh đã triển khai thì được mấy điểm.
        Mức độ triển khai SOC tính sao?", "Số lượng sự cố đã phát hiện. Số lượng sự cố đã xử lý. Hai cái này …"):
        each of two sentences sure of its own, unrelated indicator, every other sentence naming nothing, and the
        message asking of each, or both sentences asking (a sentence of context names what it mentions, not what
        is asked: "Sếp vừa hỏi về cáp quang. Chỉ số smartphone ai chủ trì?")."""
        sentences = SENTENCES.split(text)
        if not asks_each(text) and sum(map(asks, sentences)) < 2:
            return None  # two sentences asking, or the message asking of each, or no pair: none read for nothing
        each = self._each_part(sentences)
        if each is None or any(d.status != "none" and not _sure(d) for _, _, d in each):
            return None
        sure = [(sentence, d.hits[0]) for sentence, _, d in each if _sure(d)]
        if len(sure) != 2:
            return None
        (first, a), (second, b) = sure
        if a.doc.code == b.doc.code or related(a.doc.code, b.doc.code):
            return None
        if not asks_each(text) and not (asks(first) and asks(second)):
            return None
        return [a, b]

    def _each_part(self, parts: list[str]) -> list[tuple[str, Query, Decision]] | None:
        """Each part of a message (its clauses or sentences; those of fewer than ``CLAUSE_WORDS`` words left out)
        read and decided; None for fewer than two or more than ``MAX_CLAUSES`` parts, or where one is refused for
        what it asks or asks what a unit leads, which refuses the message."""
        kept = [p for p in parts if len(p.split()) >= CLAUSE_WORDS and not only_intro(p)]
        if len(kept) > MAX_CLAUSES:  # "…, ai chủ trì, ai phối hợp?": a clause asking a field alone names nothing
            kept = [p for p in kept if self._analyze(p).tokens]
        # the asker's introduction and one clause more ("em ngồi tổng hợp số liệu kinh tế số mà rối quá 🤯 tỷ trọng
        # …"): that clause is the question, the introduction's words no part of it
        introduced = len(kept) == 1 and any(only_intro(p) for p in parts)
        if not (2 <= len(kept) <= MAX_CLAUSES or introduced):
            return None
        read: dict[str, tuple[Query, Decision]] = {}
        each = []
        for part in kept:
            query, decision = self._half(part, read, MAX_CLAUSES, clause=True)
            if query.asks_of_own or query.intent == "unit_indicators":
                return None
            each.append((part, query, decision))
        return each


def _named(query: Query) -> bool:
    """A part names a topic: two words of it at least that are no figure."""
    return sum(not t.isdigit() for t in query.tokens) >= 2


def _sure(decision: Decision) -> bool:
    """A part's decision states one indicator, above the answer floor."""
    return decision.status == "answer" and decision.hits[0].score >= ANSWER_FLOOR


def _names(found: list[Hit]) -> str:
    """The names of ``found``, folded, each between spaces: where a join may be a name's own."""
    return " ".join(f" {normalize(h.doc.name)} " for h in found)
