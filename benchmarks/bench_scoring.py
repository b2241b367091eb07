"""Benchmark: score a whole province's communes — the commune framework (dti-xa) for 10 000 communes
with random
valid inputs — and print the scoring time and memory. Target: under 2 s on the project machine.

    python benchmarks/bench_scoring.py [--units 10000] [--framework dti-xa] [--seed 1]

Inputs are generated in batches outside the timed section (generation is not what is measured); the
timer covers
scoring every indicator, summing the pillars and the total, as a caller would.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from knowledge.rules import rule_book
from knowledge.store import load_knowledge
from scoring.model import Pending, Result
from scoring.sample import sample_inputs

BATCH = 500


def _score_units(book: object, batch: list[dict[str, dict[str, float | str]]], pillars: list[str]) -> float:
    total = 0.0
    for unit in batch:
        outcomes = {k: book.score(k, inputs) for k, inputs in unit.items()}  # type: ignore[attr-defined]
        total += book.total([book.sum_of(p, outcomes) for p in pillars]).score  # type: ignore[attr-defined]
    return total


def _memory_of_one_batch(book: object, keys: list[str], pillars: list[str], rng: random.Random) -> int:
    batch = [{k: sample_inputs(book, k, rng) for k in keys} for _ in range(BATCH)]  # type: ignore[arg-type]
    tracemalloc.start()
    _score_units(book, batch, pillars)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--framework", default="dti-xa")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    book = rule_book(load_knowledge(), args.framework)
    keys = [k for k, r in book.rules.items() if r.scored and "." in k]
    top_level = [k for k in keys if k.count(".") == 1]  # sums score their own children
    pillars = book.pillars()
    rng = random.Random(args.seed)

    kinds: Counter[type] = Counter()
    score_seconds = gen_seconds = 0.0
    checksum = 0.0
    done = 0
    while done < args.units:
        n = min(BATCH, args.units - done)
        t0 = time.perf_counter()
        batch = [{k: sample_inputs(book, k, rng) for k in top_level} for _ in range(n)]
        t1 = time.perf_counter()
        for unit in batch:
            outcomes = {k: book.score(k, inputs) for k, inputs in unit.items()}
            checksum += book.total([book.sum_of(p, outcomes) for p in pillars]).score
            kinds.update(map(type, outcomes.values()))  # counted in C: the harness stays out of the way
        t2 = time.perf_counter()
        gen_seconds += t1 - t0
        score_seconds += t2 - t1
        done += n
    scored, pending = kinds[Result], kinds[Pending]
    rejected = sum(kinds.values()) - scored - pending
    peak = _memory_of_one_batch(book, top_level, pillars, random.Random(args.seed))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    per_unit = len(top_level)
    print(
        f"framework: {args.framework}, units: {args.units}, indicators per unit: {per_unit} "
        f"(incl. sums of sub-indicators), pillars: {len(pillars)}"
    )
    print(
        f"scored: {scored}, pending: {pending}, rejected: {rejected} (rejected must be 0: inputs are valid)"
    )
    print(
        f"scoring time: {score_seconds:.3f} s ({score_seconds / max(args.units, 1) * 1e6:.0f} µs per unit, "
        f"{score_seconds / max(scored + pending, 1) * 1e6:.2f} µs per indicator)"
    )
    print(f"input generation (not timed above): {gen_seconds:.3f} s")
    print(
        f"memory: peak {peak / 1e6:.1f} MB allocated while scoring one batch of {BATCH} units (tracemalloc, "
        "measured in a separate pass because tracing slows Python down); "
        f"max RSS of the process: {rss_mb:.0f} MB"
    )
    print(f"checksum (sum of totals): {checksum:.2f}")
    print(f"target < 2 s: {'OK' if score_seconds < 2 else 'MISSED'}")
    return 0 if rejected == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
