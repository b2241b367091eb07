"""Calibrate the search's refusal floor on a question set: ``python benchmarks/calibrate_search.py [TSV…]``.

For every question the text search decides (no code, no unit, nothing refused for data not held), the best score
of a grounded entry, and whether that entry is right (indicator questions) or the question is one nothing answers
(``none``). Prints both distributions and the floor that refuses every such ``none`` question with a margin:
``max(best score of a none question) + MARGIN``. Run it on the development half only
(``tests/data/search_questions_3_dev.tsv`` and ``…_5_dev.tsv``, the default); the held-back halves must never
inform the floor.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from knowledge.search.decide import ANSWER_FLOOR, OFFER_FLOOR
from knowledge.search.engine import Searcher
from knowledge.search.quality import read_question_set
from knowledge.store import load_knowledge

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
DEV = [DATA / "search_questions_3_dev.tsv", DATA / "search_questions_5_dev.tsv"]  # the development halves only
MARGIN = 0.065  # room for a held-back question nothing answers scoring above the development half's highest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", nargs="*", type=Path, default=DEV)
    args = parser.parse_args()
    kb = load_knowledge()
    searcher = Searcher(kb)
    right, wrong, refusals = [], [], []
    for path in args.questions:
        for q in read_question_set(path, kb.plans).questions:
            plan = searcher.for_plan(q.plan)
            answer = plan.ask(q.text)
            if answer.status not in ("answer", "choose", "none") or answer.query.codes:
                continue
            text = plan.thesaurus.normalize_chat(q.text)
            hits = [h for h in plan._ranked(plan._analyze(text), text)[0] if h.grounded]
            best = hits[0].score if hits else 0.0
            if q.kind == "none":
                refusals.append((best, q.text))
            elif q.kind == "indicator":
                (right if hits and hits[0].doc.code in q.expected else wrong).append((best, q.text))
    print(f"nothing answers ({len(refusals)}):")
    for s, t in sorted(refusals, reverse=True):
        print(f"  {s:.3f}  {t}")
    print(f"right first ({len(right)}), lowest ten:")
    for s, t in sorted(right)[:10]:
        print(f"  {s:.3f}  {t}")
    print(f"wrong first ({len(wrong)}):")
    for s, t in sorted(wrong, reverse=True):
        print(f"  {s:.3f}  {t}")
    floor = round(max((s for s, _ in refusals), default=0.0) + MARGIN, 2)
    lost = sum(1 for s, _ in right if s < floor)
    print(f"floor = highest 'none' score + {MARGIN} = {floor:.2f}: refuses {lost} of {len(right)} right answers; "
          f"now OFFER_FLOOR = {OFFER_FLOOR}, ANSWER_FLOOR = {ANSWER_FLOOR}")


if __name__ == "__main__":
    main()
