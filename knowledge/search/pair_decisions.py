"""Whether the two halves of a split question make a pair: each half's decision weighed against the other's (one
sure and one hesitating, a group and its rows). Split from ``pairs``, which only cuts text."""

from __future__ import annotations

from knowledge.search.decide import Decision, one_family
from knowledge.search.index import Hit


def _sure_and_unsure(each: list[Decision]) -> tuple[Decision, Decision] | None:
    """Of two halves' decisions, the one answered and the one offering a choice; None unless one of each."""
    statuses = [d.status for d in each]
    if sorted(statuses) != ["answer", "choose"]:
        return None
    return (each[0], each[1]) if statuses[0] == "answer" else (each[1], each[0])


def three_offered(each: list[Decision]) -> list[Hit] | None:
    """One half sure of its indicator, the other offered two: the three, in the halves' order."""
    halves = _sure_and_unsure(each)
    if halves is None:
        return None
    sure, unsure = halves
    first, second = unsure.hits[0], unsure.hits[1]
    codes = {first.doc.code, second.doc.code, sure.hits[0].doc.code}
    if len(codes) < 3 or any(related(sure.hits[0].doc.code, h.doc.code) for h in (first, second)):
        return None
    return [first, sure.hits[0], second] if unsure is each[0] else [sure.hits[0], first, second]


# The sure half of ``confirmed_by_whole`` names its indicator, most of its name: a half of a few words sure of one
# ("người dân có hài lòng | với cách giải quyết …", 0.25 of 6.14's name) is a clause of one topic split at a
# preposition, whatever the whole is sure of.
CONFIRMED_NAMED = 0.5


def confirmed_by_whole(each: list[Decision], whole: str) -> list[Hit] | None:
    """One half sure of X, the other hesitating with Y first, where the whole message is sure of Y (``whole``):
    the whole settles the half's doubt ("đài PTTH có chuyên mục riêng về CĐS | với tần suất phát sóng chuyên
    mục đó": the second half alone hesitates between the provincial station's frequency and the commune
    loudspeakers'; the whole names the station). X and Y, in the halves' order; None otherwise."""
    halves = _sure_and_unsure(each)
    if halves is None:
        return None
    sure, unsure = halves
    x, y = sure.hits[0], unsure.hits[0]
    if y.doc.code != whole or x.doc.code == whole or related(x.doc.code, y.doc.code) or x.name_cover < CONFIRMED_NAMED:
        return None
    return [y, x] if unsure is each[0] else [x, y]


def the_other(each: list[Decision], *, one_pillar: bool = False) -> list[Hit] | None:
    """Of two parallel halves ("chứng thư số cấp cho cơ quan | và cấp cho lãnh đạo"), one sure of X and the other
    hesitating between X and Y: the other asks Y, as two halves asked together ask two things. In the halves'
    order; None otherwise. ``one_pillar``: Y only if its code opens as X's does ("6.19", "6.20"; "PL1.2",
    "PL1.3"), siblings, where the halves are not known to be parallel."""
    halves = _sure_and_unsure(each)
    if halves is None:
        return None
    sure, unsure = halves
    x = sure.hits[0]
    top = unsure.hits[:2]
    if len(top) < 2 or x.doc.code not in {h.doc.code for h in top}:
        return None
    y = next(h for h in top if h.doc.code != x.doc.code)
    if related(x.doc.code, y.doc.code) or (one_pillar and x.doc.code.split(".")[0] != y.doc.code.split(".")[0]):
        return None
    if x.doc.code.startswith("PL") != y.doc.code.startswith("PL"):  # parallel halves name two of one list: never a
        return None  # criterion and a plan's own item ("in tờ rơi | và làm video clip tuyên truyền": 1.1.2's both)
    return [y, x] if unsure is each[0] else [x, y]


def sure_of_one(decision: Decision) -> bool:
    """A half of a pair names one topic: its answer, or a choice between a group and its own rows ("trung tâm SOC":
    3.5 and 3.5.1), of which the first is taken."""
    return decision.status == "answer" or (
        decision.status == "choose" and one_family([h.doc.code for h in decision.hits]))


def related(a: str, b: str) -> bool:
    """A group row and one of its rows ("8.8.3" and "8.8.3.2"): one topic worded twice, not two."""
    return a.startswith(b + ".") or b.startswith(a + ".")
