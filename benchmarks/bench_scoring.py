"""Benchmark: score a whole province's communes — the commune framework (dti-xa) for 10 000 communes with random
valid inputs — and print the scoring time beside a flat loop doing the same arithmetic, measured in the same run.
Target: the project's scoring ≤ 3× the flat loop.

    python benchmarks/bench_scoring.py [--units 10000] [--framework dti-xa] [--seed 1] [--explaining] [--json]

What is timed, over the same inputs (each unit a dict ``{indicator: {input: value}}``, generated in batches outside
the timed sections; the two take turns on every batch so that a busy machine slows both alike):

- ``seconds``: the project's fast path, ``scoring.units.UnitScorer``: per unit every indicator's score by its
  compiled rule (inputs checked: the declared names, numbers ≥ 0, no zero denominator, no part above its whole,
  listed answers), each pillar's sum and the total, returned as a ``UnitScores`` per unit.
- ``flat_loop_seconds`` (dti-xa only; null for another framework): ``_flat_xa_unit`` below, the same 75 formulas
  written out by hand in plain Python, one statement per indicator — ratio × maximum never above it, thresholds
  and levels with the rules' 1e-12 tolerance, the capped ratio, Min–Max against the given best value, parts,
  yes/no and choice answers — then the pillars' sums and the total, returned per unit as (scores, pillars,
  total). It checks nothing: the inputs are known valid. Its sum of totals must equal the project's.
- also printed: the same pairs through ``scoring.batch.score_columns`` (numpy) with the inputs already as columns
  (numbers as float64 arrays, answers as lists; building them from the units' dicts is timed apart), and, with
  ``--explaining``, the explaining path (``RuleBook.score`` with its ``Result`` per indicator, ``sum_of``,
  ``total``), the one that builds explanations. No hand-written numpy anchor is kept.

``--json`` prints only one line: ``{"pairs", "seconds", "flat_loop_seconds"}``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from knowledge.rules import rule_book
from knowledge.store import load_knowledge
from scoring.book import RuleBook
from scoring.model import Pending
from scoring.sample import sample_inputs
from scoring.units import UnitScorer

BATCH = 500
Unit = dict[str, dict[str, Any]]

_CHOICE_1_6 = {"tuan": 10.0, "tuan_thang": 5.0, "duoi": 0.0}


def _flat_xa_unit(u: Unit) -> tuple[list[float | None], list[float], float]:
    """dti-xa by hand (maxima from the framework, formulas from ``knowledge/data/rules/dti-xa.json``)."""
    v = u["1.1"]; s1_1 = 10.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["1.2"]; s1_2 = (5.0 if v["x1"] == "co" else 0.0) + (5.0 if v["x2"] == "co" else 0.0)  # noqa: E702
    v = u["1.3"]; r = v["a"] / v["b"]; s1_3 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["1.4"]; x = v["x"]  # noqa: E702
    s1_4 = (0.0 if v["y"] == "khong" else 10.0 if x + 1e-12 >= 20 else 5.0 if x + 1e-12 >= 10
            else 2.5 if x + 1e-12 >= 1 else 0.0)
    v = u["1.5"]; s1_5 = 10.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["1.6"]; s1_6 = _CHOICE_1_6[v["x"]]  # noqa: E702
    v = u["2.1"]; s2_1 = 5.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["2.2"]; s2_2 = 5.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["2.3"]; s2_3 = 10.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["2.4"]; s2_4 = 10.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["2.5"]; r = v["a"] / v["b"]; s2_5 = r * 20 if r <= 1.0 else 20  # noqa: E702
    v = u["2.6"]; s2_6 = 10.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["2.7"]; s2_7 = 10.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["2.8"]; s2_8 = 10.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["2.9"]; s2_9 = 10.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["3.1"]; r = v["a"] / v["b"]; s3_1 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["3.2"]; r = v["a"] / v["b"]; s3_2 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["3.3"]; r = v["a"] / v["b"]; s3_3 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["3.4"]; s3_4 = 10.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["3.5"]; r = v["a"] / v["b"]; r = 1.0 if r > 1 else r; s3_5 = r * 20  # noqa: E702
    v = u["3.6"]; r = v["a"] / v["b"]; s3_6 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["4.1"]; s4_1 = 10.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["4.2"]; r = v["a"] / v["b"]; s4_2 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["4.3"]; s4_3 = v["a"] / v["b"] / v["best"] * 10  # noqa: E702
    v = u["4.4"]; s4_4 = v["a"] / v["b"] / v["best"] * 10  # noqa: E702
    v = u["4.5"]; r = v["a"] / v["b"]; s4_5 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["4.6"]; r = v["a"] / v["b"]; s4_6 = r * 5 if r <= 1.0 else 5  # noqa: E702
    v = u["5.1"]; s5_1 = 10.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["5.2"]; r = v["a"] / v["b"]; s5_2 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["5.3"]; r = v["a"] / v["b"]; s5_3 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["5.4"]; r = v["a"] / v["b"]; s5_4 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["5.5"]; r = v["a"] / v["b"]; s5_5 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["5.6"]; r = v["a"] / v["b"]; s5_6 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["5.7"]; r = v["a"] / v["b"]; s5_7 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["5.8"]; r = v["a"] / v["b"]; s5_8 = r * 5 if r <= 1.0 else 5  # noqa: E702
    v = u["5.9"]; s5_9 = 5.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["5.10"]; r = v["a"] / v["b"]; s5_10 = r * 10 if r <= 1.0 else 10  # noqa: E702
    # 5.11 adds 5.11.1–5.11.6, five of which are not scored: it has no score
    v = u["6.1"]; s6_1 = (8.0 if v["x1"] == "co" else 0.0) + (2.0 if v["x2"] == "co" else 0.0)  # noqa: E702
    v = u["6.2"]; s6_2 = (2.5 if v["x1"] == "co" else 0.0) + (2.5 if v["x2"] == "co" else 0.0)  # noqa: E702
    v = u["6.3"]; r = v["a"] / v["b"]; s6_3 = r * 5 if r <= 1.0 else 5  # noqa: E702
    v = u["6.4"]; r = v["a"] / v["b"]; s6_4 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["6.5"]; r = v["a"] / v["b"]; s6_5 = 10 if r + 1e-12 >= 1.0 else 0.0  # noqa: E702
    v = u["6.6"]; r = v["a"] / v["b"]; s6_6 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["6.7"]; r = v["a"] / v["b"]; s6_7 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["6.8"]; r = (v["c"] + v["d"]) / (v["a"] + v["b"]); s6_8 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["6.9"]; r = v["a"] / v["b"]; s6_9 = 10 if r + 1e-12 >= 0.8 else r * 10  # noqa: E702
    v = u["6.10"]; r = (v["a"] + v["b"]) / (v["c"] + v["d"]); s6_10 = r * 5 if r <= 1.0 else 5  # noqa: E702
    v = u["6.11"]; r = v["a"] / v["b"]; s6_11 = r * 5 if r <= 1.0 else 5  # noqa: E702
    v = u["6.12"]; s6_12 = 10.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["6.13"]; s6_13 = 10.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["6.14"]; s6_14 = (5.0 if v["x1"] == "co" else 0.0) + (5.0 if v["x2"] == "co" else 0.0)  # noqa: E702
    v = u["6.15"]; s6_15 = 10.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["6.16"]; s6_16 = 10.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["6.17"]; s6_17 = 10.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["6.18"]; r = v["a"] / v["b"]; s6_18 = 10 if r + 1e-12 >= 0.01 else r / 0.01 * 10  # noqa: E702
    v = u["7.1"]; r = v["a"] / v["b"]; s7_1 = 20 if r + 1e-12 >= 0.2 else r / 0.2 * 20  # noqa: E702
    v = u["7.2"]; r = v["a"] / v["b"]; s7_2 = 20 if r + 1e-12 >= 0.05 else r / 0.05 * 20  # noqa: E702
    v = u["7.3"]; r = v["a"] / v["b"]; s7_3 = 10 if r + 1e-12 >= 0.1 else r / 0.1 * 10  # noqa: E702
    v = u["7.4"]; r = v["a"] / v["b"]; s7_4 = 10 if r + 1e-12 >= 0.1 else r / 0.1 * 10  # noqa: E702
    v = u["7.5"]; r = v["a"] / v["b"]; s7_5 = 10 if r + 1e-12 >= 0.5 else r / 0.5 * 10  # noqa: E702
    v = u["7.6"]; r = v["a"] / v["b"]; s7_6 = 10 if r + 1e-12 >= 0.8 else r / 0.8 * 10  # noqa: E702
    v = u["7.7"]; r = v["a"] / v["b"]; s7_7 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["7.8"]; r = v["a"] / v["b"]; s7_8 = 10 if r + 1e-12 >= 0.5 else r / 0.5 * 10  # noqa: E702
    v = u["7.9"]; r = v["a"] / v["b"]; s7_9 = 10 if r + 1e-12 >= 0.05 else r / 0.05 * 10  # noqa: E702
    v = u["7.10"]; r = v["a"] / v["b"]; s7_10 = r * 10 if r <= 1.0 else 10  # noqa: E702
    v = u["7.11"]; r = v["a"] / v["b"]; s7_11 = 10 if r + 1e-12 >= 0.0025 else r / 0.0025 * 10  # noqa: E702
    v = u["7.12"]; r = v["a"] / v["b"]; s7_12 = 10 if r + 1e-12 >= 0.0025 else r / 0.0025 * 10  # noqa: E702
    v = u["8.1"]; r = v["a"] / v["b"]; s8_1 = r * 20 if r <= 1.0 else 20  # noqa: E702
    v = u["8.2"]; r = v["a"] / v["b"]; s8_2 = 20 if r + 1e-12 >= 0.8 else r / 0.8 * 20  # noqa: E702
    v = u["8.3"]; r = v["a"] / v["b"]; s8_3 = 20 if r + 1e-12 >= 0.5 else r / 0.5 * 20  # noqa: E702
    v = u["8.4"]; r = v["a"] / v["b"]; s8_4 = r * 20 if r <= 1.0 else 20  # noqa: E702
    v = u["8.5"]; r = v["a"] / v["b"]; s8_5 = 10 if r + 1e-12 >= 0.7 else r / 0.7 * 10  # noqa: E702
    v = u["8.6"]; s8_6 = 20.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["8.7"]; s8_7 = 20.0 if v["x"] == "co" else 0.0  # noqa: E702
    v = u["8.8"]; s8_8 = v["x"] * 1.0; s8_8 = 20.0 if s8_8 > 20.0 else s8_8  # noqa: E702
    scores: list[float | None] = [
        s1_1, s1_2, s1_3, s1_4, s1_5, s1_6,
        s2_1, s2_2, s2_3, s2_4, s2_5, s2_6, s2_7, s2_8, s2_9,
        s3_1, s3_2, s3_3, s3_4, s3_5, s3_6,
        s4_1, s4_2, s4_3, s4_4, s4_5, s4_6,
        s5_1, s5_2, s5_3, s5_4, s5_5, s5_6, s5_7, s5_8, s5_9, s5_10, None,
        s6_1, s6_2, s6_3, s6_4, s6_5, s6_6, s6_7, s6_8, s6_9, s6_10, s6_11, s6_12, s6_13, s6_14, s6_15, s6_16,
        s6_17, s6_18,
        s7_1, s7_2, s7_3, s7_4, s7_5, s7_6, s7_7, s7_8, s7_9, s7_10, s7_11, s7_12,
        s8_1, s8_2, s8_3, s8_4, s8_5, s8_6, s8_7, s8_8,
    ]  # fmt: skip
    pillars = [
        s1_1 + s1_2 + s1_3 + s1_4 + s1_5 + s1_6,
        s2_1 + s2_2 + s2_3 + s2_4 + s2_5 + s2_6 + s2_7 + s2_8 + s2_9,
        s3_1 + s3_2 + s3_3 + s3_4 + s3_5 + s3_6,
        s4_1 + s4_2 + s4_3 + s4_4 + s4_5 + s4_6,
        s5_1 + s5_2 + s5_3 + s5_4 + s5_5 + s5_6 + s5_7 + s5_8 + s5_9 + s5_10,
        s6_1 + s6_2 + s6_3 + s6_4 + s6_5 + s6_6 + s6_7 + s6_8 + s6_9 + s6_10 + s6_11 + s6_12 + s6_13 + s6_14
        + s6_15 + s6_16 + s6_17 + s6_18,
        s7_1 + s7_2 + s7_3 + s7_4 + s7_5 + s7_6 + s7_7 + s7_8 + s7_9 + s7_10 + s7_11 + s7_12,
        s8_1 + s8_2 + s8_3 + s8_4 + s8_5 + s8_6 + s8_7 + s8_8,
        0.0,  # pillar 9 (smart city) is not scored for communes
    ]
    return scores, pillars, sum(pillars)


def _compiled(scorer: UnitScorer, batch: list[Unit]) -> tuple[float, list[list[float | None]]]:
    done = list(scorer.score_all(batch))
    return sum(d.total for d in done), [d.scores for d in done]


def _flat(batch: list[Unit]) -> float:
    return sum([_flat_xa_unit(u)[2] for u in batch])


def _explaining(book: RuleBook, batch: list[Unit], pillars: list[str]) -> float:
    total = 0.0
    for unit in batch:
        outcomes = {k: book.score(k, inputs) for k, inputs in unit.items()}
        total += book.total([book.sum_of(p, outcomes) for p in pillars]).score
    return total


def _column(values: list[Any]) -> Any:
    """Numbers as a float64 array, answers as they are: the form columns come in from a query."""
    import numpy as np

    return np.array(values) if all(type(v) is float for v in values) else values


def _columns(book: RuleBook, keys: list[str], columns: dict[str, dict[str, list[Any]]], pillars: list[str]) -> Any:
    """The same scores, pillars and totals over columns (numpy): one array per indicator."""
    import numpy as np

    from scoring.batch import score_columns

    scores = {k: score_columns(book, k, columns[k]) for k in keys}
    present = {k: np.where(np.isnan(s), 0.0, s) for k, s in scores.items()}  # no score adds nothing, as sum_of
    zero = np.zeros(len(scores[keys[0]]))
    sums = [sum((present[c] for c in book.children.get(p, ()) if c in present), zero) for p in pillars]
    return sum(sums, zero)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--framework", default="dti-xa")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explaining", action="store_true", help="also time the explaining path")
    parser.add_argument("--json", action="store_true", help="print one JSON line only")
    args = parser.parse_args()
    if not 1 <= args.units <= 1_000_000:
        parser.error("--units must be between 1 and 1 000 000")

    book = rule_book(load_knowledge(), args.framework)
    keys = [k for k, r in book.rules.items() if r.scored and k.count(".") == 1]  # sums score their own children
    pillars = book.pillars()
    scorer = UnitScorer(book, keys)
    flat = args.framework == "dti-xa"
    rng = random.Random(args.seed)

    seconds = flat_seconds = columns_seconds = build_seconds = explaining_seconds = gen_seconds = 0.0
    checksum = flat_checksum = columns_checksum = explaining_checksum = 0.0
    kinds: Counter[str] = Counter()
    done = 0
    while done < args.units:
        n = min(BATCH, args.units - done)
        t0 = time.perf_counter()
        batch = [{k: sample_inputs(book, k, rng) for k in keys} for _ in range(n)]
        gen_seconds += time.perf_counter() - t0
        for turn in (0, 1) if done // BATCH % 2 == 0 else (1, 0):  # take turns at going first
            t0 = time.perf_counter()
            if turn == 0:
                total, scores = _compiled(scorer, batch)
                seconds += time.perf_counter() - t0
                checksum += total
            elif flat:
                flat_checksum += _flat(batch)
                flat_seconds += time.perf_counter() - t0
        t0 = time.perf_counter()
        columns = {k: {name: _column([u[k][name] for u in batch]) for name in batch[0][k]} for k in keys}
        t1 = time.perf_counter()
        columns_checksum += sum(_columns(book, keys, columns, pillars).tolist())
        t2 = time.perf_counter()
        build_seconds += t1 - t0
        columns_seconds += t2 - t1
        if args.explaining:
            t0 = time.perf_counter()
            explaining_checksum += _explaining(book, batch, pillars)
            explaining_seconds += time.perf_counter() - t0
        for unit, unit_scores in zip(batch, scores, strict=True):  # what the missing scores are (not timed)
            for key, score in zip(keys, unit_scores, strict=True):
                kinds["scored" if score is not None else type(book.score(key, unit[key])).__name__] += 1
        done += n

    pairs = args.units * len(keys)
    if args.json:
        print(json.dumps({"pairs": pairs, "seconds": round(seconds, 4),
                          "flat_loop_seconds": round(flat_seconds, 4) if flat else None}))
        return 0 if kinds["Rejection"] == 0 else 1

    tracemalloc.start()
    _compiled(scorer, batch)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"framework: {args.framework}, units: {args.units}, indicators per unit: {len(keys)} "
          f"(incl. sums of sub-indicators), pillars: {len(pillars)}, pairs: {pairs}")
    print(f"scored: {kinds['scored']}, pending: {kinds[Pending.__name__]}, rejected: {kinds['Rejection']} "
          "(rejected must be 0: inputs are valid)")
    print(f"scoring time: {seconds:.3f} s ({seconds / args.units * 1e6:.0f} µs per unit, "
          f"{seconds / pairs * 1e6:.2f} µs per indicator) — compiled rules, whole units (scoring.units)")
    if flat:
        ratio = seconds / flat_seconds
        print(f"flat loop (the same formulas by hand, plain Python, no checks): {flat_seconds:.3f} s → "
              f"{ratio:.2f}× (target ≤ 3×: {'OK' if ratio <= 3 else 'MISSED'})")
    else:
        print("flat loop: written for dti-xa only")
    print(f"columns (numpy, scoring.batch.score_columns, pillars and totals as arrays): {columns_seconds:.3f} s "
          f"(building the columns from the units' dicts, not included: {build_seconds:.3f} s)")
    if args.explaining:
        print(f"explaining path (RuleBook.score with a Result each, sum_of, total): {explaining_seconds:.3f} s "
              f"({explaining_seconds / seconds:.1f}× the compiled path)")
    else:
        print("explaining path: not timed (add --explaining)")
    print(f"input generation (not timed above): {gen_seconds:.3f} s")
    print(f"memory: peak {peak / 1e6:.1f} MB allocated while scoring one batch of {BATCH} units (tracemalloc, "
          f"measured in a separate pass because tracing slows Python down); max RSS of the process: {rss_mb:.0f} MB")
    same = [c for c in (flat_checksum if flat else None, columns_checksum,
                        explaining_checksum if args.explaining else None) if c is not None]
    agree = all(abs(c - checksum) <= 1e-9 * abs(checksum) for c in same)  # Python ≥ 3.12 sums floats exactly
    print(f"checksum (sum of totals): {checksum:.6f}; the other paths: "
          f"{', '.join(f'{c:.6f}' for c in same)} ({'equal' if agree else 'DIFFERENT'})")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if kinds["Rejection"] == 0 and agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
