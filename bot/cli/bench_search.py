"""``dti-bot bench-search [--questions TSV]``: search quality and speed on a question set, as figures.

Prints top-1 / top-3 accuracy for indicator questions, exact-set accuracy for unit questions, correct refusals for
questions nothing answers, per-question latency p50/p99, and the knowledge base's load time and memory.
"""

from __future__ import annotations

import argparse
import csv
import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli import args as arg
from bot.config import Settings

if TYPE_CHECKING:  # imported where used: building the CLI parser must stay cheap for every other command
    from knowledge.model import Indicator
    from knowledge.search.engine import Searcher
    from knowledge.store import KnowledgeBase

DEFAULT_QUESTIONS = Path(__file__).resolve().parents[2] / "tests" / "data" / "eval_questions.tsv"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--questions", type=arg.input_file(), default=str(DEFAULT_QUESTIONS),
                        help=f"tệp TSV câu hỏi (mặc định {DEFAULT_QUESTIONS})")
    parser.add_argument("--repeat", type=arg.count(1, 1000), default=20, help="số lần lặp để đo độ trễ (mặc định 20)")
    parser.add_argument("--verbose", action="store_true", help="in từng câu trả lời sai")


@dataclass
class Tally:
    indicator: int = 0
    top1: int = 0
    top3: int = 0
    direct: int = 0
    unit: int = 0
    unit_exact: int = 0
    none: int = 0
    refused: int = 0
    misses: list[str] = field(default_factory=list)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def evaluate(rows: list[dict[str, str]], searcher: Searcher) -> Tally:
    t = Tally()
    for row in rows:
        answer = searcher.ask(row["plan"], row["question"])
        expected = {c for c in row["expected"].split("|") if c}
        codes = [m.code for m in answer.matches]
        if row["kind"] == "indicator":
            t.indicator += 1
            hit1 = bool(codes) and codes[0] in expected
            t.top1 += hit1
            t.top3 += bool(expected & set(codes[:3]))
            t.direct += hit1 and answer.status == "answer"
            if not hit1:
                t.misses.append(f"{row['question']!r}: {answer.status} {codes[:3]} ≠ {sorted(expected)}")
        elif row["kind"] == "unit_indicators":
            t.unit += 1
            leads = {i.code for i in answer.indicators if i.role == "lead"}
            t.unit_exact += leads == expected
            if leads != expected:
                t.misses.append(f"{row['question']!r}: {answer.unit} {sorted(leads)} ≠ {sorted(expected)}")
        else:
            t.none += 1
            refused = answer.status in ("none", "unknown_code", "unknown_unit")
            t.refused += refused
            if not refused:
                t.misses.append(f"{row['question']!r}: không từ chối ({answer.status} {codes[:3]})")
    return t


def synthetic_knowledge(kb: KnowledgeBase, plan_id: str, times: int = 10) -> tuple[KnowledgeBase, str]:
    """A copy of ``kb`` with one more plan, ``times`` as large as ``plan_id``: every indicator repeated with a
    distinct code and a distinct name ending, and the plan's assignments with them. Measures how search time
    grows with the size of a plan; nobody answers from it."""
    from knowledge.store import KnowledgeBase

    plan = kb.plan(plan_id)
    framework = kb.frameworks[plan.framework]

    def code(c: str, k: int) -> str:
        return c if k == 0 else f"{c}.{90 + k}"

    indicators = tuple(
        replace(i, framework="synthetic", code=code(i.code, k), name=i.name if k == 0 else f"{i.name} (bản {k})")
        for k in range(times) for i in framework.indicators
    )
    assignments = tuple(replace(a, code=code(a.code, k)) for k in range(times) for a in plan.assignments)
    synthetic_framework = replace(framework, id="synthetic", indicators=indicators)
    synthetic_plan = replace(plan, id="synthetic", framework="synthetic", assignments=assignments, items=())
    by_code: dict[tuple[str, str], tuple[Indicator, ...]] = {}
    for ind in indicators:
        by_code[("synthetic", ind.code)] = (*by_code.get(("synthetic", ind.code), ()), ind)
    by_code.update(kb._by_code)
    assign = dict(kb._assign) | {("synthetic", a.code): a for a in assignments}
    big = KnowledgeBase({**kb.frameworks, "synthetic": synthetic_framework}, {**kb.plans, "synthetic": synthetic_plan},
                        kb.records, kb.units, by_code, assign)
    return big, "synthetic"


def _latencies(searcher: Searcher, asks: list[tuple[str, str]], repeat: int) -> list[float]:
    """Per question, the median of ``repeat`` timings (ms): a busy machine's scheduling hiccups are not the
    search's latency, and a percentile over questions says which questions are slow."""
    out: list[float] = []
    for plan_id, question in asks:
        times: list[float] = []
        for _ in range(max(1, repeat)):
            t0 = time.perf_counter()
            searcher.ask(plan_id, question)
            times.append((time.perf_counter() - t0) * 1000)
        out.append(statistics.median(times))
    return out


def _load(searcher_of: Callable[[KnowledgeBase], Searcher]) -> Searcher:
    from knowledge.store import data_dir, load_from

    kb = load_from(data_dir())
    searcher = searcher_of(kb)
    for plan_id in kb.plans:
        _ = searcher.for_plan(plan_id).index
    return searcher


def run(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.search.engine import Searcher

    if not args.questions.is_file():
        print(f"Không tìm thấy tệp câu hỏi {args.questions}")
        return 2
    with args.questions.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))

    start = time.perf_counter()  # timed without tracemalloc, which slows loading several times over
    searcher = _load(Searcher)
    load_s = time.perf_counter() - start
    tracemalloc.start()
    _load(Searcher)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    tally = evaluate(rows, searcher)
    gc.collect()
    gc.freeze()  # the loaded index is permanent: the collector need not walk it again while timing
    latencies = _latencies(searcher, [(r["plan"], r["question"]) for r in rows], args.repeat)
    big_kb, big_plan = synthetic_knowledge(searcher.kb, "kon-tum-2024")
    big = Searcher(big_kb)
    _ = big.for_plan(big_plan).index
    tinh = [(big_plan, r["question"]) for r in rows if searcher.kb.plan(r["plan"]).framework == "dti-tinh"]
    big_latencies = _latencies(big, tinh, max(1, args.repeat // 4))
    long_text = " ".join(r["question"] for r in rows)[:2000]  # a pasted report: many questions in one message
    long_latencies = _latencies(searcher, [(rows[0]["plan"], long_text)] if rows else [], args.repeat)

    def pct(a: int, b: int) -> str:
        return f"{a}/{b} = {100 * a / b:.1f}%" if b else "—"

    print(f"Câu hỏi: {len(rows)} ({args.questions})")
    print(f"Chỉ số  top-1: {pct(tally.top1, tally.indicator)}   top-3: {pct(tally.top3, tally.indicator)}"
          f"   trả lời thẳng (không cần chọn): {pct(tally.direct, tally.indicator)}")
    print(f"Đơn vị  đúng trọn bộ: {pct(tally.unit_exact, tally.unit)}")
    print(f"Ngoài phạm vi  từ chối đúng: {pct(tally.refused, tally.none)}")
    print(f"Độ trễ mỗi câu: p50 {statistics.median(latencies):.2f} ms   p99 {_percentile(latencies, 0.99):.2f} ms"
          f"   ({len(latencies)} câu, trung vị của {args.repeat} lần mỗi câu)")
    if big_latencies:
        size = len(big_kb.frameworks["synthetic"].indicators)
        print(f"Kế hoạch tổng hợp lớn gấp 10 ({size} chỉ số): p50 {statistics.median(big_latencies):.2f} ms"
              f"   p99 {_percentile(big_latencies, 0.99):.2f} ms   ({len(big_latencies)} câu)")
    if long_latencies:
        print(f"Văn bản {len(long_text)} ký tự: {long_latencies[0]:.2f} ms (trung vị của {args.repeat} lần)")
    print(f"Nạp cơ sở tri thức + chỉ mục: {load_s * 1000:.0f} ms (đo không bật tracemalloc)"
          f"   bộ nhớ đỉnh: {peak / 1024 / 1024:.1f} MiB (lần nạp riêng)")
    if args.verbose:
        for miss in tally.misses:
            print("  sai:", miss)
    return 0
