"""``dti-bot bench-search --scale N``: search on a synthetic plan N times the size of ``SCALE_PLAN`` (issue 20).

Figures, one JSON object: ``build_s`` (CPU seconds to build the plan's index, untraced), ``index_mib``
(what the built index holds, traced in a second build; ``build_peak_mib`` the most the build held at once),
``p50_ms`` / ``p99_ms`` (the question sets' provincial questions, each the median of ``repeat`` askings on the
warm index) and ``cold_p99_ms`` (the same questions asked once each right after the index is built: caches empty,
as the first questions after a start meet them), beside ``second_p99_ms`` (then asked once each again: timed like
the first pass, one asking per question, so that a busy machine's hiccups weigh the same on both). The anchor is
the same figures at ``--scale 1`` in the same run.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from knowledge.search.quality import QuestionSet
    from knowledge.store import KnowledgeBase


def scale_figures(kb: KnowledgeBase, sets: list[QuestionSet], times: int, repeat: int) -> dict[str, Any]:
    """The figures above for a synthetic plan ``times`` as large as ``SCALE_PLAN``."""
    from bot.cli.bench_search import SCALE_PLAN, latencies, percentile, synthetic_knowledge
    from knowledge.search.engine import Searcher

    big_kb, plan = synthetic_knowledge(kb, SCALE_PLAN, times)
    framework = kb.plan(SCALE_PLAN).framework
    asks = [(plan, q.text) for qs in sets for q in qs.questions if kb.plan(q.plan).framework == framework]

    gc.collect()
    began = time.process_time()  # CPU time: on a shared machine the wall clock counts the neighbours' work
    searcher = Searcher(big_kb)
    _ = searcher.for_plan(plan).index
    build_s = time.process_time() - began
    cold = latencies(searcher, asks, 1)  # the first pass: the speller's and the engine's caches empty
    second = latencies(searcher, asks, 1)
    warm = latencies(searcher, asks, repeat)
    del searcher
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    traced = Searcher(big_kb)
    _ = traced.for_plan(plan).index
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced
    return {
        "scale": times,
        "indicators": len(big_kb.frameworks["synthetic"].indicators),
        "questions": len(asks),
        "build_s": round(build_s, 3),
        "index_mib": round((held - before) / 2**20, 1),
        "build_peak_mib": round((peak - before) / 2**20, 1),
        "p50_ms": round(percentile(warm, 0.5), 3) if warm else None,
        "p99_ms": round(percentile(warm, 0.99), 3) if warm else None,
        "cold_p99_ms": round(percentile(cold, 0.99), 3) if cold else None,
        "second_p99_ms": round(percentile(second, 0.99), 3) if second else None,
    }
