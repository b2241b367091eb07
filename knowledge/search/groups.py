"""Groups of a framework that hold nothing of their own but their rows: read once per plan, so a question found
by such a group's words can be answered by the row that holds what was asked."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from functools import cached_property
from itertools import pairwise

from knowledge.model import Plan
from knowledge.normalize import fold
from knowledge.search.decide import Decision
from knowledge.search.heads import prefer_asked_level
from knowledge.search.held_asks import RATE_ASKED
from knowledge.search.index import Document, Hit, best_of_each
from knowledge.search.pairs import join_parts, names_only_a_level
from knowledge.store import KnowledgeBase

Pairs = set[tuple[str, str]]  # pairs of neighbouring words, folded


class GroupRows:
    """The groups of ``plan``'s framework with no method of its own, and their rows (``docs``: the framework's
    entries in the search index)."""

    def __init__(self, kb: KnowledgeBase, plan: Plan, docs: Sequence[Document]) -> None:
        self.kb, self.plan, self.docs = kb, plan, docs
        self._own: dict[str, list[tuple[Document, Pairs]]] = {}

    @cached_property
    def by_code(self) -> dict[str, Document]:
        return {doc.code: doc for doc in self.docs}

    @cached_property
    def rows_of(self) -> dict[str, list[Document]]:
        """Each code that has rows of its own → its own rows' entries (one level down)."""
        parts: dict[str, list[Document]] = {}
        for doc in self.docs:
            if "." in doc.code:
                parts.setdefault(doc.code.rsplit(".", 1)[0], []).append(doc)
        return parts

    @cached_property
    def methodless(self) -> dict[str, list[Document]]:
        """Each group with no method of its own → its own rows' entries."""
        return {group: rows for group, rows in self.rows_of.items()
                if (found := self.kb.indicator(self.plan.framework, group)) is not None and not found.method.strip()}

    @cached_property
    def only_child(self) -> dict[str, Document]:
        """A group with no method of its own and one part (Ninh Thuận's 5.7 "Hoạt động kiểm tra thông qua môi
        trường số" holds only 5.7.1, which has the method and the same points) → that part's entry."""
        return {group: child for group, (child, *more) in self.methodless.items() if not more}

    @cached_property
    def hollow(self) -> frozenset[str]:
        """Groups with no method, and no target or result in the plan (``heads.demote_hollow_groups``)."""
        return frozenset(g for g in self.methodless
                         if not (a := self.kb.assignment(self.plan.id, g)) or not (a.target or a.baseline).strip())

    def leaves(self, hits: list[Hit]) -> list[Hit]:
        """Found by its words, a group with one part is answered by that part: the part says how it is scored."""
        if not any(h.doc.code in self.only_child for h in hits):
            return hits
        # the part is named as much as its own name or its group's is ("httt 4 lớp": 6.1.1's "100% HTTT … bảo vệ 4
        # lớp", found through 6.1's "mô hình 04 lớp")
        parts = (replace(h, doc=child) if (child := self.only_child.get(h.doc.code)) is not None else h for h in hits)
        return best_of_each(parts, lambda h: h.doc.code)

    def level_beside(self, text: str, code: str, places: Collection[str], own_level: str) -> Hit | None:
        """The row of another level than ``code``'s, of its group, asked in a half naming only that level ("Tiêu chí
        5.10.1 … cấp tỉnh tối đa 4 điểm, còn cấp xã thì sao?")."""
        doc = self.by_code.get(code)
        halves = [after for _, after in join_parts(text) if names_only_a_level(after)] if doc else []
        row = self.asked_row(Hit(doc, 1.0), halves[0], places, own_level) if doc and halves else None
        return row if row is not None and row.doc.code != code else None

    def own_pairs(self, group: str, words_of: Callable[[str], Sequence[str]]) -> list[tuple[Document, Pairs]]:
        """Each row of ``group`` with its pairs of neighbouring words (no figure) that neither the group's name nor
        another row's writes: the words naming that row's own subject. Read once per group."""
        if group not in self._own:
            rows = self.rows_of.get(group, [])
            pairs = [{p for p in pairwise(words_of(r.name)) if not any(w.isdigit() for w in p)} for r in rows]
            shared = set(pairwise(words_of(self.by_code[group].name))) if group in self.by_code else set()
            self._own[group] = [(row, mine - shared - set().union(*(o for o in pairs if o is not mine)))
                                for row, mine in zip(rows, pairs, strict=True)]
        return self._own[group]

    def asked_row(self, hit: Hit, text: str, places: Collection[str], own_level: str) -> Hit:
        """A group one clause found, when the message names a level in another ("Ở xã, anh em cán bộ … có được
        cấp máy tính không"): the group's row for that level (``prefer_asked_level``); a row found so, its sibling
        for the level the message names ("Ở thôn tôi … đoàn viên …; xã tính điểm …": 4.2's villages, not 4.1's
        commune, the level the plan scores); ``hit`` otherwise."""
        code = hit.doc.code
        rows = self.rows_of.get(code) or [d for d in self.rows_of.get(code.rsplit(".", 1)[0], ()) if d.code != code]
        if not rows:
            return hit
        return prefer_asked_level([hit, *(Hit(d, 0.0) for d in rows)], text, places, own_level)[0]


# Every word of a row's name said ("App di động" in "dân gửi phản ánh qua app trên điện thoại, tỉnh đã công khai
# kênh đó chưa"): the question names that row of the group it is sure of, not the group as a whole
ROW_WHOLLY_NAMED = 0.99


def row_wholly_named(decision: Decision, hits: Sequence[Hit]) -> Decision:
    """A group answered, the one row of it among ``hits`` whose whole name the question says answered instead, at
    the group's score: the group's words and the row's are both named, so the row is what is asked. Only where
    the group is sure: a question hesitating is not made sure by a row ("… gửi góp ý qua app nhắn tin …" names
    two channels)."""
    if decision.status != "answer":
        return decision
    group = decision.hits[0]
    rows = [h for h in hits if h.doc.code.startswith(group.doc.code + ".") and h.grounded
            and h.name_cover >= ROW_WHOLLY_NAMED]
    return Decision("answer", [replace(rows[0], score=group.score)]) if len(rows) == 1 else decision


def rated_row_first(decision: Decision, text: str) -> Decision:
    """A choice led by a group whose name sets no rate, a rate asked ("phải được bao nhiêu phần trăm hồ sơ trả qua
    bưu điện mới có điểm"): the first of its rows that sets one ("20% kết quả … được trả qua dịch vụ BCCI") leads
    the choice, which stays a choice."""
    if decision.status != "choose" or _sets_rate(decision.hits[0].doc.name) or not RATE_ASKED.search(fold(text)):
        return decision
    group = decision.hits[0].doc.code
    row = next((h for h in decision.hits if h.doc.code.startswith(group + ".") and _sets_rate(h.doc.name)), None)
    if row is None:
        return decision
    return Decision("choose", [row, *(h for h in decision.hits if h is not row)])


def _sets_rate(name: str) -> bool:
    return "%" in name or fold(name).startswith(("ty le", "ti le"))


def rows_by_subject(decision: Decision, groups: GroupRows, said: Sequence[str],
                    words_of: Callable[[str], Sequence[str]]) -> Decision:
    """A group found for a question that names the subject of one of its rows, or of two, by words only that row's
    name writes ("chữ ký số cấp cho các cơ quan nhà nước": 5.3.2's "CQNN", not 5.3.3's "cán bộ lãnh đạo"): that
    row answered, at the group's score, where the group was sure; both rows offered where two are named ("… cho cơ
    quan và cho lãnh đạo"). Only where the decision's first two candidates are of that group; ``said``: the
    question's words."""
    if decision.status not in ("answer", "choose"):
        return decision
    group = decision.hits[0].doc.code
    rows = groups.methodless.get(group, []) if "." in group else []  # a group led, no pillar
    family = {group, *(r.code for r in rows)}
    if len(rows) < 2 or any(h.doc.code not in family for h in decision.hits[:2]):
        return decision
    asked = set(pairwise(said))
    named = [row for row, own in groups.own_pairs(group, words_of) if own & asked]
    lead = decision.hits[0].score
    if len(named) == 1 and decision.status == "answer":  # a group the question is sure of, not a hesitation
        return Decision("answer", [Hit(named[0], lead)])
    if len(named) == 2:
        return Decision("choose", [Hit(named[0], lead), Hit(named[1], lead)])
    return decision
