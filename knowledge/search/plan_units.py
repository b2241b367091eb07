"""The units a plan names, read from what a question types: which unit it is, or which few it may be, and what
that unit leads and coordinates in the plan (``engine`` asks; ``unit_names`` holds the spelling rules).

One per plan searcher: it remembers the phrases it resolved (bounded, phrases come from users).
"""

from __future__ import annotations

import re
from functools import cached_property

from knowledge.assignments import unit_roles
from knowledge.lazy import lazy_compile
from knowledge.model import Plan
from knowledge.normalize import normalize
from knowledge.search.answers import Answer, UnitIndicator
from knowledge.search.intent import Query
from knowledge.search.unit_names import (
    LEVELS,
    UNIT_FLOOR,
    UNIT_LEAD,
    UNIT_NEAR,
    are_initials,
    joined_initials,
    plan_unit_spellings,
    rank_units,
    same_body,
    written_apart,
)
from knowledge.search.unit_questions import UNITS_JOINED
from knowledge.store import KnowledgeBase

_LEVEL_END = lazy_compile(rf"\s+(?:{'|'.join(sorted(LEVELS))})$")  # "công chức địa chính xã": a level ends a name
_ANOTHER_LEVEL = LEVELS | {"cac", "cap", "thanh", "pho"}  # words after a whole name that name a level, not more
_OF_LEVEL = lazy_compile(r"\s+cua\s+(xa|huyen|tinh)$")  # "bộ phận một cửa của xã": the post "… xã"
# "1 cửa": the one-stop section written with a digit, as on its signs ("bộ phận 1 cửa", "cc 1 cửa")
_ONE_STOP = lazy_compile(r"\b1 cua\b")
_LOCAL_PLACE = lazy_compile(r"(?:tp|thanh pho|thi xa|huyen) \w")  # "tp pleiku", "huyện Chư Sê": folded
_RESOLVED_KEPT = 512  # unit phrases remembered per plan (bounded: phrases come from users)
# Words of many units' names that name none of them ("Sở Tài chính tỉnh", "các huyện, thành phố"): their kinds,
# levels, and words a question says around a name ("là", "có", "phụ trách")
_GENERIC = frozenset({"so", "tinh", "xa", "huyen", "thanh", "pho", "cac", "va", "cua", "tai", "o", "cap", "ubnd",
                      "uy", "ban", "nhan", "dan", "la", "co", "phu", "trach", "phong", "bo", "phan", "cong", "chuc",
                      "cc", "don", "vi", "quan", "ben", "van"})
_UNIT_JOIN = lazy_compile(r"\s+(?:va|hoac|cung|voi)\s+|\s*,\s*")


class PlanUnits:
    """The units of one plan: ``kinds`` are its own items' kinds (a "task" is no indicator a unit leads)."""

    def __init__(self, kb: KnowledgeBase, plan: Plan, places: frozenset[str], kinds: dict[str, str]) -> None:
        self.kb, self.plan, self.places, self._kinds = kb, plan, places, kinds
        self._resolved: dict[str, str | None] = {}
        self._last_rows: tuple[str, tuple[UnitIndicator, ...]] | None = None  # the unit read last and its rows

    @cached_property
    def spellings(self) -> list[tuple[str, str]]:
        """(normalised spelling, canonical unit) for every unit the plan names (``plan_unit_spellings``)."""
        return plan_unit_spellings(self.kb, self.plan)

    @cached_property
    def text(self) -> str:
        """Every spelling of a unit of this plan, each between spaces: where a joining word may be a name's."""
        return " | ".join(f" {spelling} " for spelling, _ in self.spellings)

    @cached_property
    def _place_names(self) -> str:
        return "|".join(map(re.escape, sorted(self.places, key=len, reverse=True))) or "(?!)"

    @cached_property
    def _place_suffix(self) -> re.Pattern[str]:
        return re.compile(rf"(?:\s+(?:tinh|xa|huyen|thanh pho|tai))?\s+(?:{self._place_names})\s*$")

    @cached_property
    def _place_only(self) -> re.Pattern[str]:
        return re.compile(rf"\s+(?:{self._place_names})\s*$")

    def resolve(self, phrase: str) -> str | None:
        """Cached: a question may name the same unit in two readings (as typed, and with chat forms written)."""
        if phrase not in self._resolved:
            if len(self._resolved) >= _RESOLVED_KEPT:
                self._resolved.clear()
            self._resolved[phrase] = self._resolve(phrase)
        return self._resolved[phrase]

    def _resolve(self, phrase: str) -> str | None:
        """The canonical unit a typed phrase names, or None when no unit is close enough. A phrase ending with a
        place ("Sở Tài chính tỉnh Kon Tum") is also tried without it; the unit's own name may hold a place
        ("Báo Kon Tum"), so both are tried."""
        if not phrase:
            return None
        phrase = _ONE_STOP.sub("mot cua", phrase)
        candidates = {phrase, self._place_suffix.sub("", phrase).strip(), self._place_only.sub("", phrase).strip()}
        # the sources write "CC" and "Công chức" both: "CC TCKT", "Công chức Địa chính xã"
        candidates |= {f"cong chuc {typed[3:]}" for typed in candidates if typed.startswith("cc ")}
        candidates |= {f"cc {typed[10:]}" for typed in candidates if typed.startswith("cong chuc ")}
        # a commune's section called a room ("phòng một cửa xã": Bộ phận Một cửa xã)
        candidates |= {f"bo phan {typed[6:]}" for typed in candidates if typed.startswith("phong ")}
        # officials call a post's holder "cán bộ" as often as "công chức"; "… của xã" is the post "… xã"
        candidates |= {f"cong chuc {typed[7:]}" for typed in candidates if typed.startswith("can bo ")}
        # "người phụ trách …": the post named by what it is in charge of
        candidates |= {typed[6:] for typed in candidates if typed.startswith("nguoi phu trach ")}
        # a town or a district named alone ("tp Pleiku chủ trì chỉ số nào"): its people's committee, which leads
        candidates |= {f"uy ban nhan dan {typed}" for typed in candidates if _LOCAL_PLACE.match(typed)}
        # a commune post by its initials alone ("VP-TK", "vptk"): the plan writes "CC VPTK"
        candidates |= {f"cc {typed}" for typed in candidates if are_initials(typed)}
        candidates |= {_OF_LEVEL.sub(r" \1", typed) for typed in candidates}
        candidates |= {joined for typed in list(candidates) for joined in joined_initials(typed)}
        candidates.discard("")
        rankings = [rank_units(typed, self.spellings) for typed in sorted(candidates)]
        # the reading that fits best of those sure of one unit ("cc vhtt xã" is, its "công chức vhtt xã" half fits
        # two posts); if none is, the best, which is then asked back
        sure = [r for r in rankings if self._sure(r) is not None]
        ranked = max(sure or rankings, key=lambda r: r[0][1] if r else 0.0, default=[])
        sure_one = self._sure(ranked) if ranked and ranked[0][1] >= UNIT_FLOOR else None
        # close to two units by its letters, a name may still start one unit's name alone ("Sở GD")
        return sure_one or self._by_prefix(candidates)

    @staticmethod
    def _sure(ranked: list[tuple[str, float]]) -> str | None:
        """The first of ``ranked`` when it is close enough and no other unit nearly as close makes the name
        ambiguous ("công chức văn hóa": Văn hóa - Xã hội or Văn hóa - Thông tin): asked back, never guessed."""
        if not ranked or ranked[0][1] < UNIT_FLOOR:
            return None
        close = len(ranked) > 1 and ranked[1][1] >= UNIT_NEAR and ranked[0][1] - ranked[1][1] < UNIT_LEAD \
            and not same_body(ranked[0][0], ranked[1][0])
        return None if close and ranked[0][1] < 100 else ranked[0][0]

    def near(self, phrase: str) -> list[str]:
        """Units close to a phrase that names none for sure, best first: offered, never taken."""
        return [n for n, score in rank_units(phrase, self.spellings, loose=True) if score >= UNIT_NEAR][:3]

    def _by_prefix(self, typed: set[str]) -> str | None:
        """A unit named by the start of its name ("Sở Giáo dục" for "Sở Giáo dục và Đào tạo"): at least three
        words, and only when they start one unit's name, never two."""
        found = {
            canonical
            for phrase in typed if len(phrase.split()) >= 3
            for spelling, canonical in self.spellings if spelling.startswith(phrase + " ")
        }
        if not found:  # a department by its field, "Sở" left out ("bên giáo dục": Sở Giáo dục và Đào tạo)
            found = {canonical for phrase in typed if len(phrase.split()) >= 2
                     for spelling, canonical in self.spellings
                     if spelling == f"so {phrase}" or spelling.startswith(f"so {phrase} ")}
        if not found:  # a whole name and more ("công chức địa chính xây dựng": the post's longer title)
            found = {canonical for phrase in typed for spelling, canonical in self.spellings
                     if _whole_name_and_more(phrase, spelling)}
        if not found:  # a commune's post by its field ("kế toán xã": Công chức Tài chính - Kế toán xã)
            found = {canonical for phrase in typed for spelling, canonical in self.spellings
                     if _post_by_field(phrase, spelling)}
        if not found:  # the start of a name with initials for some of its words ("NHNN", "Sở GD", "NHNN chi nhánh")
            found = {canonical for phrase in typed for spelling, canonical in self.spellings
                     if _initialled_start(phrase.split(), spelling.split())}
        if not found:  # a place for its people's committee ("thành phố Pleiku": UBND thành phố Pleiku)
            found = {canonical for phrase in typed for spelling, canonical in self.spellings
                     if spelling in (f"uy ban nhan dan {phrase}", f"ubnd {phrase}")}
        return found.pop() if len(found) == 1 else None

    def names_more(self, phrase: str, units: list[str]) -> bool:
        """``phrase`` holds words of other units' names than ``units``' ("so vu tru va so tai chinh": "vu" of "Sở Nội
        vụ"): it names more than those units, so they are not all it asks."""
        theirs = {w for spelling, name in self.spellings if name in units for w in spelling.split()}
        return bool((set(phrase.split()) - theirs) & self._name_words)

    @cached_property
    def _name_words(self) -> frozenset[str]:
        """The words of the plan's unit names that tell a unit apart: not its kind, level or place."""
        places = {w for place in self.places for w in place.split()}
        return frozenset(w for spelling, _ in self.spellings for w in spelling.split()) - _GENERIC - places

    def staff_of(self, unit: str) -> str:
        """A section that leads nothing, asked what it leads, answered by its officials' unit when the plan names
        them as the lead ("Bộ phận Một cửa xã" coordinates; "CC Một cửa", "Công chức Bộ phận Một cửa xã", leads
        6.5–6.11)."""
        if any(r.role == "lead" for r in self.indicators(unit)):
            return unit
        own = normalize(unit)
        staff = [name for spelling, name in self.spellings
                 if spelling == f"cong chuc {own}" and any(r.role == "lead" for r in self.indicators(name))]
        return staff[0] if len(set(staff)) == 1 else unit

    def indicators(self, unit: str) -> list[UnitIndicator]:
        """Input assignments ("6.22.b") come back as their indicator with the input letters (knowledge.assignments).
        A plan's tasks (kind "task": a duty every lead unit owns, such as writing its own detailed plan) are not
        indicators the unit leads: the tasks' own command lists them."""
        last = self._last_rows  # one answer asks it twice of a unit (``staff_of``, then ``answer``): read once
        if last is not None and last[0] == unit:
            return list(last[1])
        rows = tuple(UnitIndicator(r.code, r.name, r.role, r.inputs, r.shared)
                     for r in unit_roles(self.kb, self.plan, unit) if self._kinds.get(r.code) != "task")
        self._last_rows = (unit, rows)
        return list(rows)

    def answer(self, query: Query) -> Answer:
        parts = UNITS_JOINED.split(query.unit_phrase)
        joined = [self.resolve(p.strip()) for p in parts] if len(parts) > 1 else []
        # "Sở KH&ĐT và Sở GD-ĐT": two units, though the first is a whole name the phrase starts with
        unit = None if joined and None not in joined else self.resolve(query.unit_phrase)
        if unit is not None and unit in joined:  # "Sở GD và Sở LĐ-TB&XH": the whole read as the one unit found,
            unit = None  # the other unknown; never answered for one of the two
        if unit is not None and len(parts) == 1 and not self._written(query.unit_phrase):
            # "VP xã + một cửa": no kind after the join, yet two units each named whole; the whole only came
            # close to one of them
            each = [self.resolve(p.strip()) for p in _UNIT_JOIN.split(query.unit_phrase)]
            if len(each) > 1 and None not in each and len(set(each)) == len(each):
                return self.answer_units(query, [u for u in each if u])
        if unit is not None:
            return self.answer_units(query, [unit])
        # "Phân hiệu ĐH Đà Nẵng và Cao đẳng Kon Tum chủ trì …": several units, each named whole
        units = joined if joined and None not in joined else \
            [self.resolve(p.strip()) for p in _UNIT_JOIN.split(query.unit_phrase)]
        if len(units) < 2 or None in units:
            return Answer(query, "unknown_unit", self.plan.id, near_units=self.near(query.unit_phrase))
        return self.answer_units(query, [u for u in units if u])

    def _written(self, phrase: str) -> bool:
        """``phrase`` is a unit's name as the plan writes it (its "và" is the name's own: "Sở Giáo dục và Đào tạo")."""
        return phrase in self._spelled

    @cached_property
    def _spelled(self) -> frozenset[str]:
        return frozenset(spelling for spelling, _ in self.spellings)

    def answer_units(self, query: Query, units: list[str]) -> Answer:
        """What ``units`` (canonical names, resolved) lead or coordinate (``query.unit_role``)."""
        if len(units) == 1:
            unit = self.staff_of(units[0]) if query.unit_role == "lead" else units[0]
            own = self.indicators(unit)
            cells = {a.code: a.lead_text for a in self.plan.assignments if unit in a.lead}
            spellings = [s for s, name in self.spellings if name == unit]
            # the unit's own place said after its name ("… Kế hoạch xã Nghĩa Phương") is no word of its name
            moved = written_apart(self._place_suffix.sub("", query.unit_phrase), cells, spellings)
            kept = [r for r in own if r.role != "lead" or r.code not in moved]
            listed: dict[str, list[UnitIndicator]] = {}
            for r in own:
                if r.role == "lead" and r.code in moved:
                    listed.setdefault(moved[r.code], []).append(r)
            return Answer(query, "unit", self.plan.id, unit=unit, indicators=kept, apart=listed)
        named = list(dict.fromkeys(units))
        rows = {(r.code, r.role): r for u in named for r in self.indicators(u)}  # plan order kept per unit
        return Answer(query, "unit", self.plan.id, unit=" và ".join(named), indicators=list(rows.values()))


def _initialled_start(typed: list[str], written: list[str]) -> bool:
    """``typed`` is the start of ``written``, word for word or a word of initials for as many words ("nhnn":
    "ngan hang nha nuoc …"; "nhnn chi nhanh": "ngan hang nha nuoc chi nhanh …"), with initials of three words or
    more at least once (two letters, "cc", start too many names; after a word written out, "sở gd", they do not,
    nor where the words written out after them end the whole name: "bđ tỉnh", "ca tỉnh"), and two written words
    at least."""
    at, initialled = 0, False
    whole = len(typed) >= 2 and _spelled_to_end(typed[1:], written)
    for word in typed:
        if at < len(written) and word == written[at]:
            at += 1
        elif (len(word) >= 3 or (len(word) == 2 and (at or whole))) and are_initials(word) \
                and "".join(w[0] for w in written[at:at + len(word)]) == word:
            at, initialled = at + len(word), True
        else:
            return False
    return initialled and at >= 2


def _spelled_to_end(words: list[str], written: list[str]) -> bool:
    """``words`` are the last words of ``written``, written out."""
    return len(words) < len(written) and written[len(written) - len(words):] == words


def _post_by_field(phrase: str, spelling: str) -> bool:
    """``phrase`` ("kế toán xã", "văn phòng xã") names, its level aside, two words or more of the field of a post
    the plan writes as "Công chức <field>" ("cong chuc tai chinh ke toan xa")."""
    field, words = _LEVEL_END.sub("", spelling).removeprefix("cong chuc "), _LEVEL_END.sub("", phrase).split()
    return spelling.startswith("cong chuc ") and len(words) >= 2 and f" {' '.join(words)} " in f" {field} "


def _whole_name_and_more(phrase: str, spelling: str) -> bool:
    """``phrase`` starts with the whole of a unit's name of four words or more (its level aside) and goes on with
    words that name no other level ("công chức địa chính xây dựng"; "UBND tỉnh" is no "UBND huyện" and more)."""
    stem, words = _LEVEL_END.sub("", spelling).split(), phrase.split()
    return len(stem) >= 4 and words[:len(stem)] == stem and not _ANOTHER_LEVEL & set(words[len(stem):])
