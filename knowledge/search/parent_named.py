"""Rows of different groups told apart by their groups' names.

A framework repeats one row under several groups: Kon Tum's 8.8.1.3, 8.8.2.3 and 8.8.3.3 are all "Tin nhắn trên
các nền tảng liên lạc (Zalo, Messenger...)", under "Công bố công khai kênh tiếp nhận phản ánh", "Tỷ lệ phản ánh
được xử lý đúng hạn" and "Mức độ hài lòng …". A question about the row ("tỉnh đã công khai kênh nhận phản ánh qua
Zalo chưa") finds the three alike, and would be offered a choice although it names one group: its words that
only one candidate's group name holds (none of the other candidates' names, nor their groups') say which row is
meant. Two such words or word pairs ("kênh", "công_khai") are asked for, and none most entries hold ("công",
"khai" of every "triển khai"), so that one shared word never decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from knowledge.normalize import fold
from knowledge.search.decide import Decision
from knowledge.search.index import Document, SearchIndex, terms
from knowledge.search.named import telling_terms

TELLING_WORDS = 2  # words or pairs of the question only one candidate's group name holds


def told_by_group(decision: Decision, tokens: Sequence[str], docs: Mapping[str, Document],
                  index: SearchIndex) -> Decision:
    """``decision``'s choice answered with the one row whose group name alone holds ``TELLING_WORDS`` of the
    question's topic words (``tokens``), when each candidate is a row of a different group; ``decision`` else."""
    if decision.status != "choose" or len(decision.hits) < 2:
        return decision
    codes = [h.doc.code for h in decision.hits]
    parents = [c.rsplit(".", 1)[0] for c in codes if "." in c]
    if len(set(parents)) != len(codes) or any(p not in docs for p in parents):
        return decision
    if any(p in codes for p in parents):  # a candidate is another's group (8.8.2 beside 8.8.2.2): the row's words
        return decision  # and its group's are one name, none tells them apart
    asked = set(telling_terms(index, tokens))
    own = [_words(h.doc.name) & asked for h in decision.hits]
    group = [_words(docs[p].name) & asked for p in parents]
    telling = []
    for i, h in enumerate(decision.hits):
        others = set().union(*(own[j] | group[j] for j in range(len(codes)) if j != i))
        if len(group[i] - own[i] - others) >= TELLING_WORDS:
            telling.append(h)
    return Decision("answer", telling) if len(telling) == 1 else decision


def _words(name: str) -> set[str]:
    return set(terms(fold(name).split()))
