"""Answer a question against one plan: which indicator (or which of a few), which unit, or nothing.

The decision of *how sure* we are lives here, in one place: an official must never get a confident wrong answer, so
a weak best match is offered as a choice, and a match below the floor is refused with advice on how to ask.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import cached_property, lru_cache
from itertools import chain

from knowledge.lazy import lazy_compile
from knowledge.memory import release_freed_memory
from knowledge.normalize import normalize, normalize_tokens
from knowledge.search.answers import Answer, Match
from knowledge.search.asker_intro import without_closing, without_intro
from knowledge.search.decide import ANSWER_FLOOR, ERRAND_NAME_COVER, Decision, decide, said_too_little
from knowledge.search.documents import plan_documents
from knowledge.search.groups import GroupRows, rated_row_first, row_wholly_named, rows_by_subject
from knowledge.search.heads import (
    LEVEL_DEMOTION,
    OWN_LEVEL,
    demote_hollow_groups,
    demote_pointless,
    money_named,
    prefer_asked_level,
    project_named,
    subject_named,
    weigh_budgets_and_frequencies,
)
from knowledge.search.held import PlanResults
from knowledge.search.index import Hit, SearchIndex, best_of_each
from knowledge.search.intent import Query, analyze, is_stop, kept_twins, without_negated_aside
from knowledge.search.named import named_otherwise, names_otherwise
from knowledge.search.pairs import SENTENCES, asks_each, join_parts, pair_parts, repeats_start
from knowledge.search.parent_named import told_by_group
from knowledge.search.per_question import WHOLE_FIELDS, WHOLE_TEXT, one_question, remembered
from knowledge.search.plan_units import PlanUnits
from knowledge.search.quotes import close_enough_to_quote, quoted_one
from knowledge.search.telex import untelexed
from knowledge.search.thesaurus import Thesaurus, Words, bundled_thesaurus, variants, within, written_by
from knowledge.search.two_topics import TwoTopics
from knowledge.search.unit_names import UNIT_FLOOR, place_names, plan_unit_spellings, rank_units, unit_name_pairs
from knowledge.search.unit_questions import UNITS_JOINED, WHO
from knowledge.search.unit_scan import asked_units
from knowledge.store import KnowledgeBase

__all__ = ["UNIT_FLOOR", "Answer", "Match", "PlanSearcher", "Searcher", "plan_unit_spellings", "rank_units"]



class PlanSearcher(TwoTopics):
    """Search over one plan: its framework's indicators and the plan's own items."""

    def __init__(self, kb: KnowledgeBase, plan_id: str) -> None:
        self.kb = kb
        self.plan = kb.plan(plan_id)
        self.framework = kb.frameworks[self.plan.framework]

    @cached_property
    def index(self) -> SearchIndex:
        index = SearchIndex(plan_documents(self.kb, self.plan), self.places, unit_name_pairs(self.kb))
        release_freed_memory()  # the build's garbage, freed, stays in the C heap otherwise (``knowledge.memory``)
        return index

    @cached_property
    def name_numbers(self) -> frozenset[str]:
        """Whole numbers written in names ("kế hoạch 5 năm"): topic words, not values. Computed without the index
        so that a question naming a code never pays for building it."""
        names = [i.name for i in self.framework.indicators] + [it.name for it in self.plan.table_items]
        return frozenset(t for name in names for t in normalize(name).split() if t.isdigit())

    @cached_property
    def places(self) -> frozenset[str]:
        return frozenset(place_names(self.kb))

    @cached_property
    def own_level(self) -> str:
        return OWN_LEVEL.get(self.framework.level, "")

    @cached_property
    def codes(self) -> frozenset[str]:
        """Every code a question under this plan can name (framework rows and the plan's own items)."""
        return frozenset(i.code for i in self.framework.indicators) | {it.code for it in self.plan.table_items}

    @cached_property
    def _kinds(self) -> dict[str, str]:
        return {it.code: it.kind for it in self.plan.table_items}

    @cached_property
    def units(self) -> PlanUnits:
        """The plan's units as questions name them (``plan_units``)."""
        return PlanUnits(self.kb, self.plan, self.places, self._kinds)

    def ask(self, question: str) -> Answer:
        with one_question():
            return self._ask(question)

    def _ask(self, question: str) -> Answer:
        text = without_closing(without_negated_aside(untelexed(self.thesaurus.normalize_chat(question), self.index)))
        remembered(WHOLE_TEXT, lambda: text)
        query = self._analyze(text)
        remembered(WHOLE_FIELDS, lambda: query.fields)
        if query.bare_number is not None:
            return Answer(query, "number", self.plan.id)
        answer: Answer | None = None
        if query.intent == "unit_indicators":
            typed = self._analyze(question) if text != question else query
            answer = self.units.answer(query)
            # as typed ("CC VP-TK", not "tk"), unless the chat forms written out name more units than it ("VP xã +
            # một cửa": "và")
            if typed is not query and typed.intent == "unit_indicators" and self.units.resolve(typed.unit_phrase) \
                    and not (answer.status == "unit" and " và " in (answer.unit or "")):
                query = typed
                answer = self.units.answer(query)
            # "chỉ số nào do … chủ trì" naming no unit: the text is asked; a phrase starting as units are named
            # ("… giao cho Sở Khoa học và Công nghệ") is a unit the plan does not have, and is said so
            if answer.status == "unknown_unit" and query.unit_loose \
                    and (query.unit_terse or not _UNIT_KIND.match(query.unit_phrase)):
                query = analyze(text, self.codes, self.name_numbers, self.places, units=False)
                answer = None
        if answer is not None and answer.status == "unknown_unit":
            # "Tuần sau sở họp phân công. Sở TC chủ trì những chỉ số nào …": the words of a sentence of context
            # read as the unit's name; the last sentence asks on its own
            last = self._last_sentence_unit(text)
            if last is not None:
                query, answer = last
        if (answer is None or answer.status == "unknown_unit") and not query.codes and not query.unknown_codes:
            # "Em là chuyên viên Sở Tài chính, … sở mình phải …" (a name two units fit is still asked back)
            asked = asked_units(text, self.units.resolve, self.units.near)
            if asked is not None and answer is not None and self._names_others(query.unit_phrase, asked[0]):
                asked = None  # "Sở Vũ trụ và Sở Tài chính …", "Sở Tài chính kế hoạch …", "Sở GD và Sở LĐ-TB&XH …": a
                # unit the plan lacks, or a name two units fit, stays said (never silently answered for the one found)
            if asked is not None:
                units, role = asked
                query = Query(query.text, "unit_indicators", (), (), normalize(units[0]), role)
                answer = self.units.answer_units(query, units)
        if answer is not None:
            pass
        elif query.codes:
            answer = self._code_answer(query)
            # "… chỉ số 5.4 nên mua của hãng nào": what no plan holds, the code only offered (``citizen_asks.OwnAsks``)
            if query.never_held or query.how_to or (query.document and not self.results.cite_documents(query.codes)):
                return Answer(query, "none", self.plan.id, hints=answer.matches)
            beside = self._topic_beside_code(text, query.codes[0], answer.matches[0].name) \
                if answer.status == "answer" else None
            if beside is not None:  # "trợ lý ảo cho dân và chỉ số 6.21 …": a code and a topic in words, as written
                named = [self._match(beside[0])]
                answer = Answer(query, "both", self.plan.id,
                                [*named, *answer.matches] if beside[1] else [*answer.matches, *named])
            sibling = self._groups.level_beside(text, query.codes[0], self.places, self.own_level) \
                if answer.status == "answer" else None
            if sibling is not None:  # "Tiêu chí 5.10.1 … cấp tỉnh tối đa 4 điểm, còn cấp xã thì sao?"
                answer = Answer(query, "both", self.plan.id, [*answer.matches, self._match(sibling)])
        elif query.unknown_codes:
            return Answer(query, "unknown_code", self.plan.id)
        words = Words(text)
        if answer is None:
            answer = self._text_answer(query, text, words)
        if answer.status == "none" and not query.codes:
            # "…. Sếp giao em rà soát, anh chị cho em hỏi trong kế hoạch … Sở Nội vụ chủ trì những việc gì ạ?": the
            # story refused, its last sentence or clause asks what a unit leads
            last = self._last_sentence_unit(text, asked=True)
            if last is not None:
                query, answer = last
        codes = [m.code for m in answer.matches] if answer.status in ("answer", "choose", "both") else []
        held = self.results.check(words, query.fields, query.years, codes, text, typed=bool(query.codes))
        if held is not None and not (held.spares_units and answer.status == "unit"):
            # the indicator recognised stays named (the reply says what is held for it), nothing is stated
            kept = answer.matches if held.reason not in ("other_place", "other_index", "other_codes") else []
            return Answer(query, "not_held", self.plan.id, kept, held=held)
        return answer

    def _last_sentence_unit(self, text: str, *, asked: bool = False) -> tuple[Query, Answer] | None:
        """The last sentence of a message of several (or that sentence's last clause), read alone as a unit question,
        when it names a unit. ``asked``: only a part read as asking what a unit leads is asked again (a whole
        question each: a long message refused is not read twice more for nothing)."""
        sentences = [s for s in SENTENCES.split(text) if s.strip()]
        if len(sentences) < 2:
            return None
        clauses = sentences[-1].split(", ")
        for part in (sentences[-1], *(clauses[-1:] if len(clauses) > 1 else ())):  # "…. Sếp giao em rà soát, anh
            # chị cho em hỏi … Sở X chủ trì những việc gì": its last clause
            folded = normalize(part) if asked else ""
            if asked and (not _LEADS_ASKED.search(folded) or WHO.search(folded)
                          or self._analyze(part).intent != "unit_indicators"):
                continue
            answer = self.ask(part)  # one sentence: no further recursion
            if answer.status == "unit":
                return answer.query, answer
        return None

    def _names_others(self, phrase: str, units: list[str]) -> bool:
        """The unit question's phrase names more units than ``units`` (found in it by the unit scan): words of
        other units' names, or more names joined ("Sở GD và Sở LĐ-TB&XH": "Sở GD" is none of the plan's)."""
        return self.units.names_more(phrase, units) or len(UNITS_JOINED.split(phrase)) > len(units)

    @cached_property
    def results(self) -> PlanResults:
        return PlanResults(self.kb, self.plan.id)

    def topic_words(self, question: str) -> tuple[str, ...]:
        """The words of ``question`` left to search once what it asks, its numbers, fillers and places are taken
        out: empty when it names no topic ("hạn nộp số liệu là ngày nào" names only what is asked)."""
        return self._analyze(self.thesaurus.normalize_chat(question)).tokens

    def _analyze(self, text: str) -> Query:  # once per text within a question: its halves are read again and again
        return remembered(("analyze", self.plan.id, text),
                          lambda: analyze(text, self.codes, self.name_numbers, self.places))

    def _match(self, hit: Hit) -> Match:
        kind = self._kinds.get(hit.doc.code, "indicator")
        return Match(hit.doc.framework, hit.doc.code, hit.doc.name, round(min(hit.score, 1.0), 4), kind)

    def _code_answer(self, query: Query) -> Answer:
        found = [
            Match(self.framework.id, c, ind.name, 1.0)
            for c in dict.fromkeys(query.codes)
            for ind in self.kb.indicators(self.framework.id, c)
        ]
        found += [Match(self.framework.id, it.code, it.name, 1.0, it.kind) for it in self.plan.table_items
                  if it.code in query.codes]
        if not found:
            return Answer(query, "unknown_code", self.plan.id)
        distinct = len({m.code for m in found})
        status = "answer" if len(found) == 1 else "both" if distinct == len(found) else "choose"
        return Answer(query, status, self.plan.id, found)

    def _text_answer(self, query: Query, text: str, words: Words) -> Answer:
        told = text
        text = without_intro(text)  # "em mới được giao làm đầu mối, …": never a topic of a pair, nor of wordings
        words = Words(text) if text is not told else words  # ("em ngồi tổng hợp số liệu mà …": no 6.15's words)
        parts = pair_parts(text)
        if parts is not None:  # "chỉ số A và chỉ số B": two topics, each found on its own
            # each half's first, even where its half alone would be offered as a choice or thought vague ("chỉ
            # số chữ ký số": 8.3, or 7.6's "ký hợp đồng"): two indicators were named, each half names one
            # a field asked of both ("… tối đa mấy điểm mỗi cái") is asked of each: an item without points yields
            each = [self._pair_half(part, query.fields) for part in parts]
            codes = {d.hits[0].doc.code for d in each
                     if d.hits and (d.status in ("answer", "choose") or d.hits[0].score >= ANSWER_FLOOR)}
            if len(codes) == 2:
                return Answer(query, "both", self.plan.id, [self._match(d.hits[0]) for d in each])
        hits, query = self._ranked(query, words)
        hits = weigh_budgets_and_frequencies(hits, query.text.split())
        hits = demote_pointless(hits, query.fields, self._kinds, text, self.results.led)
        hits = project_named(hits, text, self._kinds)
        hits = demote_hollow_groups(hits, query.fields, self._groups.hollow)
        hits = prefer_asked_level(hits, text, self.places, self.own_level)
        row = self._asked_row(hits[0], text) if hits and hits[0].doc.code in self._groups.rows_of else None
        if row is not None and row.doc.code != hits[0].doc.code:  # "cán bộ ở các cơ quan cấp tỉnh có máy vi tính":
            # the group 3.1 found, its rows for each level not: the row of the level named leads it
            hits = [row, *(replace(h, score=h.score * LEVEL_DEMOTION) if h is hits[0] else h
                           for h in hits if h.doc.code != row.doc.code)]
        decision = said_too_little(query.tokens, decide(hits, errand=query.errand, exists=query.exists))
        decision = subject_named(money_named(decision, query), query, search_words)
        decision = named_otherwise(decision, text, self.index, self.thesaurus)
        decision = told_by_group(decision, query.tokens, self._groups.by_code, self.index)
        decision = rated_row_first(row_wholly_named(decision, hits), text)
        decision = rows_by_subject(decision, self._groups, query.tokens, search_words)
        if decision.status != "none" and (query.personal or query.how_to  # never an indicator's ("thuế đất")
                                          or (query.errand and not self._named_as_typed(query, decision.hits[0]))):
            decision = Decision("none", decision.hits)
        both = self._second_topic(text, decision.hits[0]) if decision.status == "answer" else None
        if both is not None:  # "máy chủ và máy trạm …": the answer, and the other topic joined to it
            return Answer(query, "both", self.plan.id, [self._match(h) for h in both])
        # "A với B, mỗi cái …": each on its own; a whole refused as vague between candidates may name two ("máy chủ
        # và máy trạm đã cài …"), unless it was refused for what it asks (an errand, a household's own affair)
        vague = len(decision.hits) > 1 and not query.asks_what_no_plan_holds
        # "tỷ lệ A và tỷ lệ B …" weak as a whole: the second half repeats the first's start, two things are named
        parallel = decision.status == "none" and any(repeats_start(*p) for p in join_parts(text))
        split = decision.status in ("answer", "choose") or asks_each(text) or vague or parallel
        sure = decision.hits[0].doc.code if decision.status == "answer" else None
        pair = self._two_topics(text, decision.hits, sure) if split else None
        if pair is not None and not pair[1] and decision.status == "answer":
            pair = None  # an offer only where the whole hesitates too: sure of one, "và" joins its own words
        if pair is not None:  # "tỷ lệ hộ có cáp quang và tỷ lệ dân có smartphone": each half sure of its own
            return Answer(query, "both" if pair[1] else "choose", self.plan.id, [self._match(h) for h in pair[0]])
        both = self._two_sentences(text) if not query.asks_what_no_plan_holds else None
        if both is not None:  # "SOC của tỉnh đã triển khai thì được mấy điểm. Mức độ triển khai SOC tính sao?"
            return Answer(query, "both", self.plan.id, [self._match(h) for h in both])
        # a refusal too, of the few found well enough to be offered: "… tỷ lệ người lớn làm được vậy hiện mới 2%
        # phải không" quotes 8.3's 2023 result, which no other candidate writes
        offered = decision.hits if decision.status == "choose" else close_enough_to_quote(hits) \
            if decision.status == "none" and not query.asks_what_no_plan_holds else []
        quoted = quoted_one(text, query, offered, self._quote_readers) if offered else None
        if quoted is not None:
            return Answer(query, "answer", self.plan.id, [self._match(quoted)])
        # a message asking whether a thing counts ("… Cái đó có chấm điểm không?") too, where the clauses sure of
        # an indicator each hold most of what they say (``decide.holds_asked``)
        clause = self._one_clause(text, query.exists) if decision.status == "none" and not query.asks_of_own \
            else None
        if clause is not None and names_otherwise(clause, text, self.index, self.thesaurus):
            clause = None
        if clause is not None:  # "hôm qua họp sở nói …, giờ em phải báo cáo tỷ lệ hộ có cáp quang mà …"
            if len(clause) == 1:
                clause = [self._asked_row(clause[0], text)]
            return Answer(query, "answer" if len(clause) == 1 else "both", self.plan.id, list(map(self._match, clause)))
        found = [self._match(h) for h in decision.hits]
        if decision.status == "none":  # nothing is confident: the close ones are only hints
            return Answer(query, "none", self.plan.id, hints=found)
        return Answer(query, decision.status, self.plan.id, found)

    @property
    def _quote_readers(self) -> tuple[Callable[[str], str], ...]:
        """Where a quoted figure is looked for: the plan's row first ("chỉ tiêu 566 tổ công nghệ số": 566 is 4.2's
        target, not 4.1's), then all that is written of it, its method's thresholds with it ("chỉ tiêu từ 80% hồ sơ
        trực tuyến trở lên": 6.9's 80%)."""
        return self.results.written, self.results.texts

    def _named_as_typed(self, query: Query, hit: Hit) -> bool:
        """An errand names ``hit`` in its own words, most of its name (``ERRAND_NAME_COVER``): the everyday words a
        citizen's own errand is told in ("làm lại căn cước gắn chip cho con") rewrite to a name (8.1's "định danh
        điện tử") the question never says."""
        typed = self._search(query, self.index.false_friends(query.text))[0]
        return any(h.doc.code == hit.doc.code and h.name_cover >= ERRAND_NAME_COVER for h in typed)

    def _asked_row(self, hit: Hit, text: str) -> Hit:
        return self._groups.asked_row(hit, text, self.places, self.own_level)

    def _ranked(self, query: Query, text: str | Words) -> tuple[list[Hit], Query]:
        """The entries ranked for the question as typed and for its rewritten readings (everyday and learned
        wordings), each entry with its best score; and the query as searched."""
        unknown = self.index.false_friends(query.text)  # rewritten words are the sources' own: none is added
        hits, query = self._search(query, unknown)
        everyday, learned = self.thesaurus.found(text)
        everyday = within(everyday, self._writes)
        if everyday or learned:
            readings = variants(query.tokens, everyday, learned, search_words)
            # the official words brought in are the sources' own, whatever false friend the question also typed
            # ("phần trăm" is not "máy trạm", but the "trạm" a rewrite brings is)
            brought = {w for r in (*everyday, *learned) for a in r.alternatives for w in search_words(a)}
            hits = merge_hits([hits, *(self._search(replace(query, tokens=r), unknown - brought, asked=False)[0]
                                      for r in readings)], limit=5)
        return self._groups.leaves(hits), query

    @cached_property
    def _writes(self) -> Callable[[str], bool]:
        return written_by(self.index.knows, search_words)

    @cached_property
    def _groups(self) -> GroupRows:
        return GroupRows(self.kb, self.plan, [d for d in self.index.docs if d.framework == self.plan.framework])

    def _search(self, query: Query, unknown: frozenset[str], *, asked: bool = True) -> tuple[list[Hit], Query]:
        """The ranked entries for one reading of the question (its words, the units it names taken apart), and
        the query as searched (a unit said to lead is no topic, and makes the question an owner question);
        ``unknown``: words typed with diacritics no source writes (``SearchIndex.false_friends``); ``asked``: also
        try the asked-for words as topic words (done once, on the question as typed)."""
        joined = " ".join(query.tokens)
        if query.names_candidates:  # "X hay Y chủ trì": the units named are the candidates, not the topic
            query = replace(query, tokens=tuple(self._unit_names.sub(" ", joined).split()))
        elif self._unit_leads.search(joined):  # "giao Sở Tài chính chủ trì …": is that unit the lead?
            rest = self._unit_leads.sub(" ", joined)
            query = replace(query, tokens=tuple(rest.split()), fields=("owner", *query.fields))
        hits = _searched(self.index, tuple(query.tokens), unknown)
        # ... and only beside a topic: "xã mình ai phụ trách" names none ("xã" is in most entries), and its "trách"
        # alone would pick 4.4's "chuyên trách"
        if asked and any(w in self.index.name_words and not self.index.common(w) for w in query.asked_words) \
                and any(self.index.knows(t) and not self.index.common(t) for t in query.tokens):
            # "hạn" asks a deadline, yet 8.8.2's name says "xử lý đúng hạn": asked words may be topic words too.
            with_asked = _searched(self.index, (*query.tokens, *query.asked_words), unknown)
            if with_asked and (not hits or with_asked[0].score > hits[0].score):
                hits = with_asked
        return hits, query

    @cached_property
    def thesaurus(self) -> Thesaurus:
        return bundled_thesaurus()

    @cached_property
    def _unit_names(self) -> re.Pattern[str]:
        """Every spelling of a unit of this plan with two words or more, longest first."""
        spellings = sorted({s for s, _ in self.units.spellings if " " in s}, key=len, reverse=True)
        return re.compile(r"\b(?:" + "|".join(map(re.escape, spellings)) + r")\b" if spellings else "(?!)")

    @cached_property
    def _unit_leads(self) -> re.Pattern[str]:
        """A unit of this plan said to lead: "giao (cho) <unit>", "<unit> chủ trì / phụ trách"."""
        names = self._unit_names.pattern
        return re.compile(rf"\bgiao (?:cho )?{names}(?: (?:chu tri|phu trach))?|{names} (?:chu tri|phu trach)\b")


# What a unit leads, asked ("… Sở Nội vụ chủ trì những việc gì"; without asking who, ``WHO``): the only parts of a
# refused message read again as a unit question (``_last_sentence_unit``)
_LEADS_ASKED = lazy_compile(r"\b(?:chu tri|phu trach|dam nhan|dam nhiem|dau moi)\b.*\b(?:nao|gi|nhung|cac|may)\b")


def _searched(index: SearchIndex, tokens: tuple[str, ...], unknown: frozenset[str]) -> list[Hit]:
    """``index.search`` (five hits), once per question for the same words (``per_question``)."""
    return list(remembered(("search", tokens, unknown), lambda: index.search(tokens, limit=5, unknown=unknown)))


# How the name of a unit starts (folded): a phrase starting so is a unit, known to the plan or not.
_UNIT_KIND = lazy_compile(r"(?:so|ubnd|uy ban|phong|ban|cong chuc|cc|trung tam|dai|cong an|ngan hang|van phong|buu dien"
                        r"|bo chi huy|hoi|cuc|chi cuc|truong|doanh nghiep|cong ty|vien)\b")


@lru_cache(maxsize=4096)
def search_words(phrase: str) -> tuple[str, ...]:
    """A phrase's words as a question's are searched: folded, abbreviations spelled out, no stop words."""
    kept = kept_twins(phrase)
    return tuple(t for t in normalize_tokens(phrase) if not is_stop(t, kept))


SAME_SCORE = 1e-9  # scores closer than this are one score: sums of the same weights in another order


def merge_hits(readings: list[list[Hit]], limit: int) -> list[Hit]:
    """The best score each entry gets under any reading of the question (the question as typed first: on a tie
    it wins), best first."""
    return best_of_each(chain.from_iterable(readings), lambda h: id(h.doc), SAME_SCORE)[:limit]


class Searcher:
    """One ``PlanSearcher`` per plan, built on first use and kept."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._plans: dict[str, PlanSearcher] = {}

    def forget(self, plan_ids: list[str]) -> None:
        """Drop what was built for these plans (replaced or removed): the next question builds it anew."""
        for plan_id in plan_ids:
            self._plans.pop(plan_id, None)

    def for_plan(self, plan_id: str) -> PlanSearcher:
        if plan_id not in self._plans:
            self._plans[plan_id] = PlanSearcher(self.kb, plan_id)
        return self._plans[plan_id]

    def ask(self, plan_id: str, question: str) -> Answer:
        return self.for_plan(plan_id).ask(question)
