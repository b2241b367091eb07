"""One searcher per test process for the tests that only ask it questions.

Each search test module had its own ``Searcher(load_knowledge())`` (and some a new one per test), so every test
process built each plan's index once per module: some 40 builds of 0.07 s a process where 4 give the same answers
(as the bot holds one per process). A test that looks at how an index is built or held (``test_search_scale``,
``test_memory_trim``, ``test_lean_*``), or changes what builds it (a monkeypatched weight), keeps a searcher of its
own.
"""

from __future__ import annotations

from functools import cache

from knowledge.search.engine import PlanSearcher, Searcher
from knowledge.store import KnowledgeBase, load_knowledge


class _SharedSearcher(Searcher):
    """A ``Searcher`` that builds a plan's search again when the knowledge base's plans are no longer the very ones
    it was built with: another test in the process imported a plan into the shared knowledge base, or took one out
    (a plan's name brings place names, which every plan's index reads)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__(kb)
        self._built_with: dict[str, tuple[object, ...]] = {}

    def for_plan(self, plan_id: str) -> PlanSearcher:
        plans = tuple(self.kb.plans.values())
        seen = self._built_with.get(plan_id)
        if seen is None or len(seen) != len(plans) or any(a is not b for a, b in zip(seen, plans, strict=True)):
            self.forget([plan_id])
            self._built_with[plan_id] = plans
        return super().for_plan(plan_id)


@cache
def shared_searcher() -> Searcher:
    """The process's searcher over the bundled knowledge base (``load_knowledge()``, itself one per process)."""
    return _SharedSearcher(load_knowledge())
