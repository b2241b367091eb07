"""``dti-bot bench-search --scale N --json`` (issue 20 item 4): the figures the issue names, for the large plan and
for the anchor (the plan at its own size) of the same run."""

from __future__ import annotations

import gc
import json
import tracemalloc
from pathlib import Path

import pytest

from bot.cli import main

FIELDS = {"scale", "build_s", "index_mib", "p50_ms", "p99_ms", "cold_p99_ms", "second_p99_ms"}


def test_scale_json_has_the_figures(capsys: pytest.CaptureFixture[str]) -> None:
    # one small set of provincial questions: the figures' shape is what is tested, not the sets' size (every set
    # in tests/data is 1 400 provincial questions asked four times over)
    small = str(Path(__file__).parent / "data" / "search_questions_16_pairs.tsv")
    assert main(["bench-search", "--scale", "2", "--repeat", "1", "--json", "--questions", small]) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(out) >= FIELDS and set(out["anchor"]) >= FIELDS
    assert out["scale"] == 2 and out["anchor"]["scale"] == 1
    assert out["indicators"] == 2 * out["anchor"]["indicators"]
    for figures in (out, out["anchor"]):
        assert figures["build_s"] > 0 and figures["index_mib"] > 0 and figures["questions"] > 0
        assert 0 < figures["p50_ms"] <= figures["p99_ms"]
    assert out["index_mib"] > out["anchor"]["index_mib"]  # the larger plan's index holds more
    assert len(out["load_average"]) == 3


@pytest.mark.parametrize("scale", ["0", "1001", "x", "-3"])
def test_scale_out_of_bounds_is_refused(scale: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench-search", "--scale", scale]) == 2


def test_a_plans_index_is_compact_and_leaves_the_letters_unbuilt() -> None:
    """What one plan's index holds, traced while it is built: a tuple per posting and a dict per entry held
    3.3 MiB for kon-tum-2024 (210 MiB at 100×), the flat arrays under 1 MiB. The letters signal is built only
    when it counts (``NGRAM_WEIGHT``)."""
    from knowledge.search.engine import Searcher
    from knowledge.search.index import NGRAM_WEIGHT
    from knowledge.store import load_knowledge

    searcher = Searcher(load_knowledge())
    plan = searcher.for_plan("kon-tum-2024")
    _ = plan.places, plan.thesaurus  # read before the index: not its memory
    gc.collect()
    tracemalloc.start()
    try:
        index = plan.index
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert held < 1.5 * 2**20, held
    assert searcher.ask("kon-tum-2024", "tỷ lệ hồ sơ được giải quyết trực tuyến").matches
    assert ("letters" in vars(index)) == bool(NGRAM_WEIGHT)
