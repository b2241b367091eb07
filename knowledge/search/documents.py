"""What the index holds of one plan: each framework indicator and each of the plan's own items as a ``Document``,
field by field (name, method, evidence, the plan's own texts, the reviewed everyday wordings)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from knowledge.model import Indicator, Plan
from knowledge.normalize import fold
from knowledge.search.index import Document
from knowledge.search.intent import is_stop, kept_twins
from knowledge.search.thesaurus import bundled_descriptions
from knowledge.store import KnowledgeBase

# Everyday wordings (``described.json``) are indexed as a question's words are searched, so that the index's word
# pairs are the pairs a question asks: a question loses its stop words before its pairs are made ("chuyên mục
# chuyển đổi số trên báo" asks the pair "số báo"), so the wordings lose them too (kept: the written diacritics,
# which tell the sources' words from their false friends). The wordings are joined by a stop word, never a pair
# of a question: punctuation parts no words, and "… dịch vụ công . dân phản ánh …" made "công dân" (a citizen).
_PHRASE_JOIN = " và "


def join_phrases(phrases: Sequence[str]) -> str:
    return _PHRASE_JOIN.join(" ".join(w for w in p.split() if not is_stop(fold(w), kept)) for p in phrases
                             for kept in [kept_twins(p)])  # the stop words a question drops, the same way


def indicator_document(ind: Indicator, plan: Plan, kb: KnowledgeBase,
                       described: Mapping[tuple[str, str], Sequence[str]], texts: dict[str, str] | None = None
                       ) -> Document:
    """The indicator's texts joined per field, each one string however many entries repeat it (``texts``: the
    texts read so far for the plan; a large plan repeats its framework's wording, issue 20). Not interned: the
    index reads them and lets them go, and the process's table of interned strings would keep their places
    (it doubles, 0.9 MiB more, once full)."""
    one = (texts if texts is not None else {}).setdefault
    a = kb.assignment(plan.id, ind.code)
    body = " ".join([ind.method, " ".join(ind.variables.values()), ind.explanation])
    extra = " ".join([ind.evidence, ind.data_source, ind.notes, a.guidance if a else ""])
    said = " ".join([a.baseline, a.target, a.deadline]) if a else ""
    everyday = join_phrases(described.get((ind.framework, ind.code), ()))
    return Document(ind.framework, ind.code, ind.name,
                    {"body": one(body, body), "extra": one(extra, extra), "plan": one(said, said),
                     "everyday": one(everyday, everyday)})


def plan_documents(kb: KnowledgeBase, plan: Plan) -> list[Document]:
    """Every entry a question under ``plan`` may find: its framework's indicators, then the plan's own items
    (Ninh Thuận's targets, documents and projects, with their everyday wordings keyed by the plan)."""
    described = bundled_descriptions()
    texts: dict[str, str] = {}
    docs = [indicator_document(i, plan, kb, described, texts) for i in kb.frameworks[plan.framework].indicators]
    docs += [
        Document(plan.framework, it.code, it.name, {
            "body": it.detail, "extra": it.group, "plan": it.deadline,
            "everyday": join_phrases(described.get((plan.id, it.code), ())),
        })
        for it in plan.table_items
    ]
    return docs
