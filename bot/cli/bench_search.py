"""``dti-bot bench-search [--questions TSV]… [--json]``: search quality and speed on question sets, as figures.

For each set (every ``--questions`` given, by default every ``*.tsv`` of ``tests/data``) and for each category of
its questions: top-1 / top-3 on indicator questions, pairs with both codes in the top three, unit questions whose
set of led indicators is exact, refusals where nothing answers; then the in-process latency per question (p50,
p99), the same questions on a synthetic plan ``SCALE`` times larger, and the knowledge base's load time and memory.
``--json`` prints one JSON object per set, one per line.

The pieces are separate functions (reading and scoring in ``knowledge.search.quality``, timing in ``latencies``,
the large plan in ``synthetic_knowledge`` / ``scale_latencies``), so another mode — another plan size, another
set — is a new caller of them, not a rewrite.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli import args as arg
from bot.config import Settings
from knowledge.search.quality import Counts, QuestionSet, QuestionSetError, Tally, evaluate, read_question_set

if TYPE_CHECKING:  # imported where used: building the CLI parser must stay cheap for every other command
    from knowledge.model import Indicator
    from knowledge.search.engine import Searcher
    from knowledge.store import KnowledgeBase

__all__ = ["DEFAULT_QUESTIONS", "Tally", "default_sets", "evaluate"]

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
DEFAULT_QUESTIONS = DATA / "eval_questions.tsv"  # the shared sample; every set of DATA is measured by default
SCALE = 10  # the synthetic plan is this many times the size of kon-tum-2024
SCALE_PLAN = "kon-tum-2024"


def default_sets() -> list[Path]:
    return sorted(DATA.glob("*.tsv"))


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--questions", type=arg.input_file(), action="append",
                        help=f"tệp TSV câu hỏi, có thể lặp lại (mặc định mọi tệp *.tsv trong {DATA})")
    parser.add_argument("--repeat", type=arg.count(1, 1000), default=20, help="số lần lặp để đo độ trễ (mặc định 20)")
    parser.add_argument("--json", action="store_true", help="in mỗi bộ câu hỏi một đối tượng JSON trên một dòng")
    parser.add_argument("--verbose", action="store_true", help="in từng câu trả lời sai")
    parser.add_argument("--scale", type=arg.count(1, 1000),
                        help="chỉ đo tốc độ và bộ nhớ trên kế hoạch tổng hợp lớn gấp N lần (kèm mốc N = 1)")


@dataclass
class Timing:
    p50: float
    p99: float
    count: int

    def to_json(self) -> dict[str, float | int]:
        return {"p50_ms": round(self.p50, 3), "p99_ms": round(self.p99, 3), "questions": self.count}


@dataclass
class SetReport:
    questions: QuestionSet
    tally: Tally
    latency: Timing | None
    scaled: Timing | None = None
    scaled_size: int = 0
    extra: dict[str, Any] = field(default_factory=dict)  # load time, memory: the same for every set

    def to_json(self) -> dict[str, Any]:
        t = self.tally
        return {
            "set": self.questions.name,
            "questions": len(self.questions.questions),
            **t.to_json(),
            "categories": {name: c.to_json() for name, c in sorted(t.categories.items())},
            "latency": self.latency.to_json() if self.latency else None,
            "scaled": {"times": SCALE, "indicators": self.scaled_size, **self.scaled.to_json()} if self.scaled
            else None,
            **self.extra,
            "misses": t.misses,
        }


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latencies(searcher: Searcher, asks: Sequence[tuple[str, str]], repeat: int) -> list[float]:
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


def timing(values: list[float]) -> Timing | None:
    return Timing(statistics.median(values), percentile(values, 0.99), len(values)) if values else None


def synthetic_knowledge(kb: KnowledgeBase, plan_id: str, times: int = SCALE) -> tuple[KnowledgeBase, str]:
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


def scale_latencies(kb: KnowledgeBase, qs: QuestionSet, times: int, repeat: int) -> tuple[Timing | None, int]:
    """The set's provincial questions asked of a synthetic plan ``times`` as large as ``SCALE_PLAN``."""
    from knowledge.search.engine import Searcher

    big_kb, big_plan = synthetic_knowledge(kb, SCALE_PLAN, times)
    big = Searcher(big_kb)
    _ = big.for_plan(big_plan).index
    tinh = [(big_plan, q.text) for q in qs.questions if kb.plan(q.plan).framework == kb.plan(SCALE_PLAN).framework]
    return timing(latencies(big, tinh, repeat)), len(big_kb.frameworks["synthetic"].indicators)


def _load(searcher_of: Callable[[KnowledgeBase], Searcher]) -> Searcher:
    from knowledge.store import data_dir, load_from

    kb = load_from(data_dir())
    searcher = searcher_of(kb)
    for plan_id in kb.plans:
        _ = searcher.for_plan(plan_id).index
    return searcher


def load_figures() -> tuple[Searcher, dict[str, Any]]:
    """A fresh searcher with every plan's index built, its load time (without tracemalloc, which slows loading
    several times over) and its peak memory (a separate load)."""
    from knowledge.search.engine import Searcher

    start = time.perf_counter()
    searcher = _load(Searcher)
    load_ms = (time.perf_counter() - start) * 1000
    tracemalloc.start()
    _load(Searcher)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return searcher, {"load_ms": round(load_ms), "memory_mib": round(peak / 1024 / 1024, 1)}


def measure(qs: QuestionSet, searcher: Searcher, repeat: int, extra: dict[str, Any]) -> SetReport:
    tally = evaluate(qs.questions, searcher)
    gc.collect()
    gc.freeze()  # the loaded index is permanent: the collector need not walk it again while timing
    asked = latencies(searcher, [(q.plan, q.text) for q in qs.questions], repeat)
    scaled, size = scale_latencies(searcher.kb, qs, SCALE, max(1, repeat // 4))
    return SetReport(qs, tally, timing(asked), scaled, size, extra)


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} = {100 * a / b:.1f}%" if b else "—"


def _count_lines(c: Counts, indent: str) -> list[str]:
    lines = []
    if c.indicator:
        lines.append(f"{indent}Chỉ số  top-1: {_pct(c.top1, c.indicator)}   top-3: {_pct(c.top3, c.indicator)}"
                     f"   trả lời thẳng: {_pct(c.direct, c.indicator)}")
    if c.pair:
        lines.append(f"{indent}Cặp chỉ số  cả hai trong top-3: {_pct(c.pair_both, c.pair)}")
    if c.unit:
        lines.append(f"{indent}Đơn vị  đúng trọn bộ: {_pct(c.unit_exact, c.unit)}")
    if c.none:
        lines.append(f"{indent}Ngoài phạm vi  từ chối đúng: {_pct(c.refused, c.none)}")
    return lines


def text_report(r: SetReport, repeat: int, verbose: bool) -> str:
    lines = [f"Bộ câu hỏi {r.questions.name}: {len(r.questions.questions)} câu ({r.questions.path})"]
    lines += _count_lines(r.tally, "  ")
    if any(q.category for q in r.questions.questions):
        for name, c in sorted(r.tally.categories.items()):
            lines.append(f"  [{name}]")
            lines += _count_lines(c, "    ")
    if r.latency:
        lines.append(f"  Độ trễ mỗi câu: p50 {r.latency.p50:.2f} ms   p99 {r.latency.p99:.2f} ms"
                     f"   ({r.latency.count} câu, trung vị của {repeat} lần mỗi câu)")
    if r.scaled:
        lines.append(f"  Kế hoạch tổng hợp lớn gấp {SCALE} ({r.scaled_size} chỉ số): p50 {r.scaled.p50:.2f} ms"
                     f"   p99 {r.scaled.p99:.2f} ms   ({r.scaled.count} câu)")
    if verbose:
        lines += [f"    sai: {miss}" for miss in r.tally.misses]
    return "\n".join(lines)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.store import load_knowledge

    paths: list[Path] = args.questions or default_sets()
    repeat = min(max(1, args.repeat), 1000)
    try:
        sets = [read_question_set(p, load_knowledge().plans) for p in paths]
    except QuestionSetError as exc:
        print(f"Không đọc được bộ câu hỏi: {exc}")
        return 2
    if not sets:
        print(f"Không có bộ câu hỏi nào trong {DATA}")
        return 2
    if args.scale:
        return _scale(args, sets, repeat)
    searcher, extra = load_figures()
    for qs in sets:
        report = measure(qs, searcher, repeat, extra)
        print(json.dumps(report.to_json(), ensure_ascii=False) if args.json else text_report(report, repeat,
                                                                                              args.verbose))
    if not args.json:
        print(f"Nạp cơ sở tri thức + chỉ mục: {extra['load_ms']} ms (đo không bật tracemalloc)"
              f"   bộ nhớ đỉnh: {extra['memory_mib']} MiB (lần nạp riêng)")
    return 0


def _scale(args: argparse.Namespace, sets: list[QuestionSet], repeat: int) -> int:
    """``--scale N``: the large plan's figures, then the anchor (the plan at its own size) from the same run."""
    import os

    from bot.cli.search_scale import scale_figures
    from knowledge.store import load_knowledge

    kb = load_knowledge()
    big = scale_figures(kb, sets, args.scale, max(1, repeat // 4))
    anchor = scale_figures(kb, sets, 1, repeat)
    load = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        print(json.dumps({**big, "anchor": anchor, "load_average": load}, ensure_ascii=False))
        return 0
    for f in (big, anchor):
        print(f"Kế hoạch gấp {f['scale']} ({f['indicators']} chỉ số): dựng chỉ mục {f['build_s']:.2f} s, "
              f"{f['index_mib']} MiB (đỉnh {f['build_peak_mib']} MiB); p50 {f['p50_ms']} ms, p99 {f['p99_ms']} ms, "
              f"lượt đầu p99 {f['cold_p99_ms']} ms, lượt hai p99 {f['second_p99_ms']} ms ({f['questions']} câu)")
    print(f"Tải trung bình: {' '.join(map(str, load))}")
    return 0
