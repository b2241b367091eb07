"""How sure the search is: answer, offer a few, or refuse — decided in one place, from the ranked entries.

An official must never get a confident wrong answer, so a best match is stated only above ``ANSWER_FLOOR`` and
when nothing else is close to it; between the floors, the close ones are offered as a choice (one alone is stated:
a list of one asks nothing); below ``OFFER_FLOOR`` nothing is offered and the question is refused with advice.
An entry the question barely names ("grounded" false) is never stated, only offered.

The offer floor is calibrated on the development half of the independent question set
(``tests/data/search_questions_3_dev.tsv``) with ``python benchmarks/calibrate_search.py``: the highest best score
of its questions that nothing answers (0.315, "Hướng dẫn đăng ký kết hôn trực tuyến ở Pleiku") plus a margin of
0.065 = 0.38. Any floor from 0.36 to 0.38 gives the same answers on every set; the top of that range leaves the
most room for a held-back question nothing answers. The answer floor is issue 8's (0.45).

With the per-indicator everyday vocabulary indexed (issue 17, round 2) the questions nothing answers score higher,
so the floor alone no longer separates them on the development sets (``calibrate_search.py`` on 3_dev + 5_dev:
the highest such question, 0.643, asks an amount of a project the plan names; right answers start at 0.378). The
floor stays 0.38 and one rule was added instead: a lone weak candidate (below the answer floor) whose name the
question barely touches is offered as a hint, not stated — what the near-domain questions of the older sets get.

Round 3: a citizen's own errand ("làm căn cước ở đâu", ``citizen_asks._ERRAND``) is stated or offered only when the
question names most of an indicator's name; close candidates that are one group and its rows are offered, never
refused as vague. A floor of 0.44 was tried (3_dev + 5_dev: highest question nothing answers 0.429, lowest right
answer 0.456) and withdrawn: the new set's development half (6_dev) has right answers from 0.38.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from knowledge.search.index import Hit
from knowledge.search.spelling import SYLLABLE

ANSWER_FLOOR = 0.45  # below this the best match is never presented as the answer
OFFER_FLOOR = 0.38  # below this nothing is offered at all (calibrated, see above)
CLOSE_MARGIN = 0.06  # candidates this close to the best one are offered as choices
CHOICES = 3
# Candidates that tie while the question names little of any of them ("xã có bao nhiêu hộ dân": three indicators
# about households, none named) mean the question asks something none of them holds: refused, with them offered.
VAGUE_NAME_COVER = 0.25
# An errand ("mua điện thoại thông minh ở đâu rẻ") is answered only when the question names an indicator, most of
# its name: no question of the development sets asks an errand of an indicator it names less.
ERRAND_NAME_COVER = 0.5
# A question whether the plan has an indicator about a thing ("có chỉ số nào về wifi ở nhà văn hóa thôn không")
# names that thing: an entry holding less than this share of the question is about something else, and a "yes,
# this one" would be a confident wrong answer; it is offered as a hint. On the development sets, the entries
# found for things no indicator counts held 0.63–0.74 of such questions, right entries 0.74–1.0. An entry the
# question names most of (``ERRAND_NAME_COVER``) is what it asks about, whatever else it holds.
EXISTS_COVER = 0.72
# A question of this many search words or fewer ("sai rồi", "mấy giờ rồi", "không liên quan") says too little to
# be stated an entry whose name holds none of it: its one or two words are ones an entry's method or notes happen
# to use ("sai" in 2.6's, "giờ" in 5.6's, "liên quan" a sliver of 6.3's "liên thông"), and a reply in chat was
# answered with the whole card. Every short question of the question sets answered right is named by its entry
# (name cover 0.056 and above: "botnet"); those replies, 0.006 and below. A term that is no Vietnamese syllable
# ("ipv6", in 6.1's method only) has one sense, and names the entry that uses it wherever it does.
SHORT_WORDS = 2
SHORT_NAME_COVER = 0.03


@dataclass(frozen=True)
class Decision:
    status: str  # answer | choose | none
    hits: list[Hit] = field(default_factory=list)  # for "none": what may be offered as a hint, never stated


def decide(ranked: Sequence[Hit], *, errand: bool = False, exists: bool = False) -> Decision:
    """``errand``: the question asks how to run a citizen's errand (``citizen_asks._ERRAND``): what it finds is stated
    or offered only when the question names it (``ERRAND_NAME_COVER``), else it is a hint. ``exists``: the
    question asks whether an indicator about a thing exists (``citizen_asks._EXISTS``): stated or offered only when
    it holds most of the question (``EXISTS_COVER``)."""
    decision = _decide(ranked)
    if errand and decision.status != "none" and decision.hits[0].name_cover < ERRAND_NAME_COVER:
        return Decision("none", decision.hits)
    if exists and decision.status != "none" and not holds_asked(decision.hits[0]):
        return Decision("none", decision.hits)  # "… có tính vào chỉ số nộp thuế điện tử không"
    return decision


def holds_asked(hit: Hit) -> bool:
    """``hit`` is what a question whether such an indicator exists asks about: it holds most of the question
    (``EXISTS_COVER``), or the question names most of its name (``ERRAND_NAME_COVER``)."""
    return hit.coverage >= EXISTS_COVER or hit.name_cover >= ERRAND_NAME_COVER


def said_too_little(tokens: Sequence[str], decision: Decision) -> Decision:
    """``decision`` for a short question, refused with its best entry as a hint when that entry's name holds none
    of the question (``SHORT_WORDS``, ``SHORT_NAME_COVER``) and the question is ordinary words."""
    if (decision.status == "answer" and len(tokens) <= SHORT_WORDS and decision.hits[0].name_cover < SHORT_NAME_COVER
            and all(SYLLABLE.fullmatch(t) for t in tokens)):
        return Decision("none", decision.hits)
    return decision


def _decide(ranked: Sequence[Hit]) -> Decision:
    outranked = bool(ranked) and not ranked[0].grounded  # an entry barely named came first: state nothing
    hits = [h for h in ranked if h.grounded]
    if not hits or hits[0].score < OFFER_FLOOR:
        return Decision("none")
    best = hits[0].score
    close = [h for h in hits if best - h.score <= CLOSE_MARGIN][:CHOICES]
    if best >= ANSWER_FLOOR and len(close) == 1 and not outranked:
        return Decision("answer", close)
    if len(close) == 1:  # a weak lone match: offer it with the runners-up, never state it
        close = [h for h in hits[:CHOICES] if h.score >= OFFER_FLOOR]
    if len(close) == 1 and close[0].name_cover < VAGUE_NAME_COVER:
        return Decision("none", close)  # weak, alone, and barely named: offered as a hint, never stated
    if len(close) == 1:  # nothing else to choose from: a list of one would only ask "yes?"
        return Decision("answer", close)
    if all(h.name_cover < VAGUE_NAME_COVER for h in close) and not one_group([h.doc.code for h in close]):
        return Decision("none", close)
    return Decision("choose", _rows_first(close))


def _rows_first(close: list[Hit]) -> list[Hit]:
    """A group offered first, with its own rows: a row holding more of the question than the group comes before
    it. The group's short name ("Chữ ký điện tử, chữ ký số") is covered more by any question on it; the row says
    what was asked ("lãnh đạo … USB ký số": 5.3.3, the leaders' certificates)."""
    head = close[0]
    rows = [h for h in close[1:] if h.doc.code.startswith(head.doc.code + ".")
            and (h.coverage > head.coverage or h.name_cover > head.name_cover)]
    if not rows:
        return close
    rows.sort(key=lambda h: -h.coverage)
    return [*rows, *(h for h in close if h not in rows)]


def one_family(codes: Sequence[str]) -> bool:
    """A group row and its own rows ("5.12", "5.12.1"): one topic the question is about, worded alike in the
    sources (the group's name says little of any row's), so offered as a choice, not refused as vague."""
    head = min(codes, key=len)
    return len(codes) > 1 and all(c == head or c.startswith(head + ".") for c in codes)


def one_group(codes: Sequence[str]) -> bool:
    """``one_family``, or rows of one group without it ("5.12.1", "5.12.2", once their group, holding nothing
    asked, yields: ``heads.demote_hollow_groups``). A pillar ("5") is no such group: its rows are many topics."""
    parents = {c.rsplit(".", 1)[0] for c in codes}
    return one_family(codes) or (len(codes) > 1 and len(parents) == 1 and "." in next(iter(parents)))
