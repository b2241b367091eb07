"""What a plan holds about results, and whether a question asks for something it does not hold.

Officials ask for years and results the sources never give ("điểm năm 2023 của Gia Lai ở chỉ số 1.4" — Gia Lai's
table is of 2022; "kết quả chấm điểm bộ tiêu chí của Ninh Thuận năm 2022" — Ninh Thuận's plan has no results at
all). Answering with the card, or a list, would look like an answer; the search says instead what is not held and
what is. Results are the plan's own last result (its year: ``Assignment.baseline_year``) and the published score
tables of its framework (place and year); a question naming one of those places asks for that place's, and one
naming no place asks for the plan's own place (another place's result of that year is listed, not stated).

A question naming a province no source is about ("kế hoạch DTI của tỉnh Bình Định") is not answered from the
plans of other provinces either (the places a question names: ``held_places``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cached_property

from knowledge.lazy import lazy_compile
from knowledge.normalize import fold
from knowledge.search.held_asks import (
    AMOUNT_ASKED,
    BY_YEAR,
    COMPARED,
    COUNT_ASKED,
    DATA_OF_YEAR,
    DEADLINE_SAID,
    DONE_YET,
    FIGURE_ASKED,
    FOR_POINTS,
    MEASURE_ASKED,
    OTHER_INDEX,
    OTHER_INDEX_NAMES,
    PERIOD_ASKED,
    PLACE_KINDS,
    RATE_ASKED,
    REASON_ASKED,
    SAID_YEAR,
    SPENT_ASKED,
    SUBGROUP_ASKED,
    THINGS_COUNTED,
    WAGE,
    WHICH_PLACE,
    asks_how_many,
    asks_rank,
    money_asked,
    plain,
    price_asked,
)
from knowledge.search.held_kinds import Held, Result, counts_nothing, listed, only_rates
from knowledge.search.held_places import (
    DEPARTMENT,
    PlanPlaces,
    asker_place,
)
from knowledge.search.thesaurus import Words
from knowledge.store import KnowledgeBase

RESULT_FIELDS = frozenset({"baseline", "score", "loss"})

# An amount of money written in an entry's texts (folded): "≥ 2 tỷ", "50tr", "(tỷ đồng)", "1,5 triệu đồng".
_MONEY_FIGURE = lazy_compile(r"\d[\d.,]*\s*(?:ty|trieu|tr|dong|nghin)\b")
_MONEY_HELD = lazy_compile(_MONEY_FIGURE.pattern + r"|\b(?:ty|trieu) dong\b")


# A published rank a plan's notes write: "<what> 62/63" (the place's overall rank, then each pillar's).
_RANK_HELD = lazy_compile(r"([^,;:()]{3,60}?)\s+(\d{1,2}/63)\b")
_YEARS = lazy_compile(r"\b(20\d\d)\b")
_DOCUMENT_NUMBER = lazy_compile(r"\b\d+/(?:19|20)\d\d/")  # "20/2020/qd-ttg", folded
_ONGOING = lazy_compile(r"\bcac nam tiep theo\b|\bhang nam\b")  # a plan's name saying it goes on past its year
_YEAR = lazy_compile(r"\bnăm (\d{4})\b", re.IGNORECASE)
_THEN = lazy_compile(r"\bthi\b")
_POINTS_SAID = lazy_compile(r"\b(?:diem|mat|tru|thap|kem)\b")  # a reason of points asked: lost, low, taken off


# What a plan assigns for its own place: asked of another province, a plan of that province would answer.
_PLAN_FIELDS = frozenset({"owner", "deadline", "target"})
# What the card answers whatever else a message asks ("vì sao mất điểm, ai chủ trì"): the card is given.
_CARD_FIELDS = frozenset({"owner", "deadline", "evidence", "method", "max"})


class PlanResults:
    """The results one plan can answer with, per code, and the places its sources are about."""

    def __init__(self, kb: KnowledgeBase, plan_id: str) -> None:
        self.kb = kb
        self.plan = kb.plan(plan_id)
        self.places = PlanPlaces(kb, self.plan)

    @cached_property
    def led(self) -> frozenset[str]:
        """The codes the plan gives a lead unit (Ninh Thuận's criteria have none, its own items do)."""
        return frozenset(a.code for a in self.plan.assignments if a.lead) | {
            it.code for it in self.plan.table_items if it.lead}

    @cached_property
    def _scored_on_other_codes(self) -> dict[str, str]:
        """Places (folded) whose score records are on another framework's codes than this plan's, each with that
        framework's name: a code asked of them is not this plan's code."""
        own = {fold(r.place) for r in self.kb.records_for(self.plan.framework)}
        return {fold(r.place): self.kb.frameworks[r.framework].name for r in self.kb.records.values()
                if r.framework != self.plan.framework and fold(r.place) not in own}

    def results(self, code: str) -> list[Result]:
        out: list[Result] = []
        a = self.kb.assignment(self.plan.id, code)
        if a is not None and a.baseline:
            out.append(Result(f"Kết quả {a.baseline_year or 'trước'} (kế hoạch)", self.places.province, a.baseline_year,
                              a.baseline))
        for record in sorted(self.kb.records_for(self.plan.framework), key=lambda r: r.year):
            for e in record.entries:
                if e.code == code and e.score is not None:
                    top = f"/{e.max_points:g}" if e.max_points is not None else ""
                    out.append(Result(f"{record.place} {record.year}", fold(record.place), record.year,
                                      f"{e.score:g}{top}".replace(".", ","), scored=True, note=e.note))
        return out

    def _reasons(self, codes: Sequence[str], places: set[str], years: set[int], points: bool) -> Held | None:
        """A reason asked of ``codes`` that no score table gives for the places and years asked (any, where none
        is named: "vì sao 1.1 mất điểm" is answered with Đắk Lắk's reason, said as Đắk Lắk's), or of anything but
        points (``points``: the question speaks of them; "tại sao IOC phải dừng thử nghiệm" is no points lost): not
        held, with every score the sources hold and the reasons they write, each under its place. None when a note
        answers."""
        held = [(c, r) for c in codes for r in self.results(c)]
        if points and any(r.note for _, r in held
                          if (not places or r.place in places) and (not years or r.year in years)):
            return None
        said = [(label, f"{value} (lý do mất điểm: {r.note})" if r.note else value)
                for (label, value), (_, r) in zip(listed(held, codes), held, strict=True)]
        return Held("no_reason", ", ".join(str(y) for y in sorted(years)), said)

    def written(self, code: str, *, deadline: bool = True) -> str:
        """What the plan's row writes for ``code``: its deadline (unless not ``deadline``), target and last
        result."""
        a = self.kb.assignment(self.plan.id, code)
        return f"{a.deadline if deadline else ''} {a.target} {a.baseline}" if a is not None else ""

    def texts(self, code: str) -> str:
        """Everything the plan and its framework write for one code (or plan item), folded."""
        parts = [self.written(code)]
        for ind in self.kb.indicators(self.plan.framework, code):
            parts += [ind.name, ind.method, ind.explanation, *ind.variables.values()]
        parts += [f"{it.name} {it.detail} {it.deadline}" for it in self.plan.items if it.code == code]
        return fold(" ".join(parts))

    def cite_documents(self, codes: Iterable[str]) -> bool:
        """Some of ``codes`` cites a document by its number ("Quyết định số 20/2020/QĐ-TTg"): a number asked of it
        may be there to read."""
        return any(_DOCUMENT_NUMBER.search(self.texts(c)) for c in codes)

    @staticmethod
    def _asks_money(text: str | Words, question: str) -> bool:
        """An amount of money is asked: a money phrase, or a wage ("lương", its marks typed: "luong" may be
        "lượng") in a question of how much ("Lương chuyên viên … được bao nhiêu một tháng")."""
        if money_asked().matches(text):
            return True
        return bool(WAGE.search(unicodedata.normalize("NFC", question))) and bool(COUNT_ASKED.search(plain(text)))

    def _no_amount(self, codes: Sequence[str]) -> Held:
        """No amount held for ``codes``; ``asked`` "levels" where one of them writes amounts that earn points
        (5.11.2's "50tr; 25tr; 10 tr"): the reply says only those are written, never that no amount is."""
        return Held("no_amount", "levels" if any(self._about_money(c, figure=True) for c in codes) else "", [])

    def _about_money(self, code: str, *, figure: bool = False) -> bool:
        """The entry counts money: it writes an amount, or (unless ``figure``, an amount spent is asked) an input
        in money ("a = kinh phí … (tỷ đồng)"), whose method answers how much is needed."""
        return bool((_MONEY_FIGURE if figure else _MONEY_HELD).search(self.texts(code)))

    def _targets(self, code: str, years: set[int]) -> bool:
        """The plan gives ``code`` a target for one of ``years``, or writes one of them for it. A target whose
        deadline or text writes years is a target of those years (of the span they make: "2021-2025"); Kon Tum's
        "50%" of 2024 is no target of 2030."""
        if any(str(y) in self.texts(code) for y in years):
            return True
        a = self.kb.assignment(self.plan.id, code)
        if a is not None and a.baseline_year and any(y <= a.baseline_year for y in years):
            return True  # "năm 2023 đạt 98% rồi, năm nay phấn đấu bao nhiêu": the year is the result's, said beside
        if a is None or not a.target:
            return False
        written = [int(y) for y in _YEARS.findall(f"{a.deadline} {a.target}")]
        first, last = (min(written), max(written)) if written else self.span
        return any(first <= y <= last for y in years)

    @cached_property
    def span(self) -> tuple[int, int]:
        """The years a target with no year of its own ("80%", "Hàng năm") is a target of: from the plan's year to
        the last year anything in it writes, or on without end for a plan "… năm 2023 và các năm tiếp theo"
        (Kon Tum's 2024 plan writes 2024 and 2025 and nothing of 2030)."""
        issued = _YEARS.search(self.plan.issued)
        first = int(issued.group(1)) if issued else 0
        if _ONGOING.search(fold(self.plan.name)):
            return first, 9999
        texts = [f"{a.deadline} {a.target}" for a in self.plan.assignments]
        texts += [f"{it.name} {it.detail} {it.deadline}" for it in self.plan.items]
        years = [int(y) for y in _YEARS.findall(" ".join(texts))]
        return first, max([first, *years])

    @cached_property
    def _assigned(self) -> frozenset[str]:
        return frozenset(a.code for a in self.plan.assignments) | {it.code for it in self.plan.items}

    def outside(self, code: str) -> bool:
        """The plan assigns indicators, but nothing of ``code``'s branch: not the code, a part of it, nor what it is
        a part of below its pillar (Kon Tum's appendix has no pillar 9, "Đô thị thông minh"). The indicator is then
        not in the plan at all, which a card saying "chưa phân công" would not make plain: the reply says so, with
        the framework's row (its name and points)."""
        if not self.plan.assignments:
            return False  # a plan that assigns nothing by code (Ninh Thuận's criteria): its own answers say so
        parts = code.split(".")
        branch = {".".join(parts[:n]) for n in range(2, len(parts) + 1)}
        return code not in self._above and not branch & self._assigned

    @cached_property
    def _above(self) -> frozenset[str]:
        """Every code an assigned code is a part of ("6" and "6.22" of "6.22.1"): whether something below a code is
        assigned is then one look-up, not a walk over every assigned code (thousands in a large plan, issue 20)."""
        return frozenset(".".join(parts[:n]) for parts in (c.split(".") for c in self._assigned)
                         for n in range(1, len(parts)))

    def _framework_row(self, code: str) -> tuple[str, str]:
        found = self.kb.indicator(self.plan.framework, code)
        if found is None:
            return (code, "")
        top = f"tối đa {found.max_points:g} điểm" if found.max_points is not None else ""
        return (f"{code} {found.name} ({self.kb.framework_of(self.plan.id).name})", top)

    def _unassigned(self, code: str) -> bool:
        """``code`` is a criterion of a plan that assigns none by code (Ninh Thuận's plan assigns its own items,
        not its framework's criteria): no lead unit, no deadline is written for it anywhere."""
        items = {it.code for it in self.plan.items}
        return not self.plan.assignments and code not in items \
            and self.kb.indicator(self.plan.framework, code) is not None

    def targets_held(self, code: str) -> list[tuple[str, str]]:
        a = self.kb.assignment(self.plan.id, code)
        if a is None or not a.target:
            return []
        return [(f"Chỉ tiêu {code}" + (f" ({a.deadline})" if a.deadline else ""), a.target)]

    @cached_property
    def ranks(self) -> list[tuple[str, str]]:
        """The published ranks the plan's notes write (label, "62/63"), the year written before them kept in the
        first label: what a ranking question is told the plan does hold."""
        notes = self.plan.notes
        out: list[tuple[str, str]] = []
        for m in _RANK_HELD.finditer(notes):
            label = m.group(1).strip()
            if not out:
                year = _YEAR.findall(notes[:m.start()])
                label = f"{label} (năm {year[-1]})" if year else label
            out.append((label, m.group(2)))
        return out

    @cached_property
    def any_results(self) -> bool:
        return bool(self.kb.records_for(self.plan.framework)) or any(a.baseline for a in self.plan.assignments)

    def check(self, text: str | Words, fields: Sequence[str], years: Iterable[int], codes: Sequence[str],
              question: str = "", *, typed: bool = False) -> Held | None:
        """Why ``text`` (asking ``fields`` for ``years`` of ``codes``) is not answered from this plan, or None;
        ``question``: the question as typed, capitals kept (``text`` may be its words only); ``typed``: the codes
        were typed, not found by words."""
        nothing_asked = not fields  # no field asked in words: a count of things, if any, is what is asked
        words = plain(text)  # folded once: every phrase below is read from it
        # how many, asked as "bao nhiêu", "số lượng" or "mấy" ("đã có mấy hệ thống … rồi")
        count_asked = bool(COUNT_ASKED.search(words) or asks_how_many(question))
        asked_folded = fold(question)  # the question as typed, folded ("" when only its words were given)
        as_typed = asked_folded or words  # what the phrases read as typed are read from
        named = self.places.places_named(question or text)  # as typed: a year after a name is read there
        foreign = [p for p in named if fold(p) not in self.places.known_places and not asker_place(question, p)]
        if foreign:
            return Held("other_place", foreign[0], [(self.plan.label, "")])
        commune = self.places.other_commune(question or text)
        if commune and not asker_place(question, commune):
            return Held("other_place", commune, [(self.plan.label, "")])
        district = self.places.other_district(question or text)
        if district and asker_place(question, district):
            district = ""  # "Tôi ở … thị xã Ayun Pa. Chỉ số 8.3 … tỉnh được mấy điểm": who asks, not what
        if district and (any(f in RESULT_FIELDS for f in fields) or count_asked
                         or DONE_YET.search(words)):
            return Held("sub_place", district, [(self.plan.label, "")])  # "huyện Chư Sê đạt bao nhiêu %"
        which = WHICH_PLACE.search(as_typed)
        if which and codes and not _THEN.search(as_typed[which.end():]):
            # "thôn nào chưa có tổ công nghệ số": one figure per village is held nowhere ("xã nào đã … thì đếm ở
            # chỉ số nào" is a condition: whichever commune)
            return Held("sub_place", f"từng {PLACE_KINDS[which.group(1)]}", [(self.plan.label, "")])
        elsewhere = [p for p in named if self.places.own_places and fold(p) not in self.places.own_places]
        if elsewhere and any(f in _PLAN_FIELDS for f in fields):  # "Tỉnh Quảng Ngãi giao ai chủ trì 3.3"
            return Held("place_of_other_plan", elsewhere[0], [(self.plan.label, "")])
        scored_apart = [p for p in named if fold(p) in self._scored_on_other_codes]
        if scored_apart and fields[:1] and fields[0] in RESULT_FIELDS:  # "Đắk Lắk chỉ số 5.10 sao được 8 điểm",
            # asked in Ninh Thuận's plan: Đắk Lắk's scores are on the provincial DTI's codes, not this plan's
            # criteria; a result asked first ("ai chủ trì số điểm phục vụ … ở Gia Lai" asks an owner)
            framework = self._scored_on_other_codes[fold(scored_apart[0])]
            return Held("other_codes", scored_apart[0], [(self.plan.label, ""), (framework, "")])
        other_index = OTHER_INDEX.search(words)
        if other_index:  # "tiêu chí số 8 trong bộ nông thôn mới": not the plan's 8
            return Held("other_index", OTHER_INDEX_NAMES[other_index.group(0)], [(self.plan.label, "")])
        if asks_rank(text, len({fold(p) for p in named})):
            return Held("ranking", ", ".join(str(y) for y in sorted(set(years))), self.ranks)
        # a result asked in words ("kết quả", "thực tế … đạt"), not a count read as one
        result_asked = tuple(fields[:1]) == ("baseline",) and "target" not in fields
        wanted = set(years)
        # a year to compare with ("cần số năm 2022 để so với năm 2023"): what the asker has, not what is asked
        compared = {int(y) for y in COMPARED.findall(as_typed)}
        wanted = wanted - compared or wanted
        by_year = {int(y) for y in BY_YEAR.findall(asked_folded)} & wanted
        if by_year and (not fields or fields == ("baseline",)) and min(by_year) > self.span[0]:
            fields = ("target",)  # "đến 2030 kinh tế số chiếm bao nhiêu": a year to reach is a target's
        elif wanted and not fields and (count_asked or DATA_OF_YEAR.search(asked_folded)):
            fields = ("baseline",)  # "năm 2021 xã có bao nhiêu người …", "năm 2022 tổ chức mấy cuộc": a count of
            # that year is a result
        # the sum spent ("năm nay xã chi hết bao nhiêu tiền cho giám sát ATTT"), not one that earns points: the
        # entry's levels (5.11.2's "50tr; 25tr; 10 tr") say what earns points, only a result would say what was spent
        # (a year asked is read below, with what the score tables hold of it)
        spent = not wanted and SPENT_ASKED.search(words) and not FOR_POINTS.search(words)
        if codes and self._asks_money(text, question) and (
                price_asked().matches(text) or not any(self._about_money(c) for c in codes)
                or (spent and not any(_MONEY_FIGURE.search(fold(r.value)) for c in codes for r in self.results(c)))):
            return self._no_amount(codes)
        measure = MEASURE_ASKED.search(words)
        unit = (measure.group(1) or "mbps") if measure else ""  # a speed asked bare is one in Mbps
        if codes and measure and not any(unit in self.texts(c).split() for c in codes):
            return Held("no_measure", unit, [])  # "bao nhiêu km cáp quang": no source writes km
        department = DEPARTMENT.search(unicodedata.normalize("NFC", question)) if question else None
        if department and (any(f in RESULT_FIELDS for f in fields) or count_asked):
            return Held("sub_place", department.group("name"), [(self.plan.label, "")])  # "… của Sở Y tế đạt …"
        subgroup = SUBGROUP_ASKED.search(as_typed)
        if subgroup and codes and (count_asked or RATE_ASKED.search(words)):
            return Held("subgroup", subgroup.group(0), [])  # "trong 8713 người … có bao nhiêu người là nữ"
        period = PERIOD_ASKED.search(as_typed)
        if period and codes and not DEADLINE_SAID.search(as_typed) \
                and (any(f in RESULT_FIELDS for f in fields) or count_asked
                     or FIGURE_ASKED.search(words)):
            # "tỷ lệ hồ sơ trực tuyến quý I/2024 đạt bao nhiêu": a year's results are all the sources hold
            return Held("period", period.group(0), listed([(c, r) for c in codes for r in self.results(c)], codes))
        if codes and all(self.outside(c) for c in codes):  # whatever is asked: the plan has no such indicator
            return Held("not_in_plan", ", ".join(codes), [self._framework_row(c) for c in codes])
        if typed and fields[:1] in (("owner",), ("deadline",)) and all(self._unassigned(c) for c in codes):
            # "Ai chủ trì tiêu chí 6.2.1" where the plan assigns no criterion: not held, said with what the source
            # has (typed codes only: "cơ quan nào cũng …", "bỏ hẳn" read as an owner or a deadline asked of words)
            return Held("not_assigned", fields[0], [self._framework_row(c) for c in codes])
        if codes and REASON_ASKED.search(as_typed) and not _CARD_FIELDS.intersection(fields):
            reasons = self._reasons(codes, {fold(p) for p in named} & self.places.known_places, wanted,
                                    bool(_POINTS_SAID.search(as_typed)))
            if reasons is not None:
                return reasons
        if wanted and codes and "target" in fields[:1] and not any(self._targets(c, wanted) for c in codes):
            return Held("no_target", ", ".join(str(y) for y in sorted(wanted)),
                        [t for c in codes for t in self.targets_held(c)])
        # a past year or the present said in words, no year written: a result of some year is asked
        said = bool(codes and not wanted and SAID_YEAR.search(as_typed))
        if said and not self.any_results and (any(f in RESULT_FIELDS for f in fields)
                                              or (not fields and count_asked)):
            return Held("no_results", "", [])  # "6.7 năm ngoái xã mình đạt bao nhiêu", "hiện có bao nhiêu trạm 5G"
        # a count asked with no year is of the present too ("Gia Lai có bao nhiêu doanh nghiệp đang dùng …")
        # ... and so is one said of the present as a result ("hiện Gia Lai đã thành lập được bao nhiêu tổ …")
        now = (said and (nothing_asked or tuple(fields) == ("baseline",))) or (
            codes and not wanted and not typed and nothing_asked)
        own = [(c, r) for c in codes for r in self.results(c) if r.place == self.places.province] if now or said else []
        held_now = own if now else []
        if held_now and THINGS_COUNTED.search(words):
            # "số tổ công nghệ số hiện có ở Gia Lai là bao nhiêu tổ": the score tables give points, never the count
            if all(r.scored for _, r in held_now):
                return Held("score_only", "", listed(held_now, codes))
            if all(r.scored or only_rates(r.value) for _, r in held_now) and not RATE_ASKED.search(words):
                # "bao nhiêu hộ": the plan has "98%" (not "bao nhiêu người … được mấy phần trăm")
                return Held("rate_only", "", listed(held_now, codes))
        if said and codes and not own and (any(f in RESULT_FIELDS for f in fields)
                                           or (nothing_asked and count_asked)):
            # "hiện nay có bao nhiêu hộ đã có địa chỉ số" where the plan and the score tables hold no figure of
            # that entry for the place: said so, with the targets the plan sets for it
            return Held("no_result", "", [t for c in codes for t in self.targets_held(c)])
        if not wanted or not any(f in RESULT_FIELDS for f in fields):
            return None  # "được mấy điểm" with no year may ask what the method gives: the card answers it
        if not self.any_results:
            return Held("no_results", ", ".join(str(y) for y in sorted(wanted)), [])
        if not codes:
            return None
        places = {fold(p) for p in named} & self.places.known_places
        holds = [(c, r) for c in codes for r in self.results(c)]
        # no place named: the plan's own place is asked ("kết quả năm 2022 của 3.3" in Kon Tum's plan is not Gia
        # Lai's 2022 score; that one is listed, with its place, among what the sources hold)
        fits = [(c, r) for c, r in holds if r.year in wanted and r.place in (places or {self.places.province})]
        # a year the row writes only as its deadline ("Năm 2025") holds no result of that year asked in words:
        # "thực tế năm 2025 đạt bao nhiêu" is not answered by the target to reach by then
        counted, summed = THINGS_COUNTED.search(words), AMOUNT_ASKED.search(words)
        if fits and nothing_asked and all(r.scored for _, r in fits) and (counted or summed):
            # "năm 2022 Gia Lai có bao nhiêu doanh nghiệp công nghệ số", "… chi bao nhiêu tỷ đồng cho ATTT": nothing
            # else asked but the count or the sum, which a score table never writes
            return Held("score_only", ", ".join(str(y) for y in sorted(wanted)), listed(fits, codes),
                        sum_asked=not counted)
        if fits and summed and not counted and not any(self._about_money(c, figure=True) for c, _ in fits):
            # "6.22 đạt 1,85% rồi, vậy Kon Tum chi cho chính quyền số năm 2023 bao nhiêu tỷ": the result is a rate,
            # the entry has its inputs in "tỷ đồng" but writes no amount; of the entries with a result that year
            # ("năm 2023 tỉnh chi tổng cộng bao nhiêu tỷ đồng cho ATTT": 5.12's "Đạt", not 5.12.4's threshold)
            return self._no_amount(codes)
        if fits and nothing_asked and counted and all(r.scored or counts_nothing(r.value) for _, r in fits) \
                and not RATE_ASKED.search(words):
            return Held("rate_only", ", ".join(str(y) for y in sorted(wanted)), listed(fits, codes))
        if fits or any(str(y) in self.written(c, deadline=not result_asked) for c in codes for y in wanted):
            return None  # a result of that year, or a year the plan writes for it ("Đến 2025, … thêm 185 Tổ")
        # a year the row sets as its deadline: what is to be reached by then is held, and said beside the results
        aimed = [t for c in codes for y in wanted if str(y) in self.written(c) for t in self.targets_held(c)]
        return Held("year", ", ".join(str(y) for y in sorted(wanted)),
                    listed(holds, codes) + list(dict.fromkeys(aimed)))
