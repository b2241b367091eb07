"""Issue 20 item 6: after a plan's index is built, the C heap's free pages go back to the system (glibc's
``malloc_trim``), and nothing is tried where the C library is another one."""

from __future__ import annotations

import os
import sys

import pytest

from knowledge import memory


@pytest.fixture(autouse=True)
def _fresh() -> object:
    memory._malloc_trim.cache_clear()
    yield
    memory._malloc_trim.cache_clear()


def test_glibc_linux_finds_malloc_trim() -> None:
    if not sys.platform.startswith("linux") or not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):
        pytest.skip("glibc only")
    assert memory._malloc_trim() is not None
    memory.release_freed_memory()


def test_another_system_or_c_library_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert memory._malloc_trim() is None
    memory._malloc_trim.cache_clear()
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "confstr", lambda name: None)  # musl: no glibc version
    assert memory._malloc_trim() is None
    memory.release_freed_memory()  # does nothing, raises nothing


def test_building_an_index_gives_back_what_it_freed(monkeypatch: pytest.MonkeyPatch) -> None:
    from knowledge.search import engine
    from knowledge.store import load_knowledge

    calls: list[int] = []
    monkeypatch.setattr(engine, "release_freed_memory", lambda: calls.append(1))
    searcher = engine.Searcher(load_knowledge()).for_plan("ninh-thuan-2021")
    assert searcher.index is searcher.index
    assert calls == [1]


def test_reading_a_rule_book_gives_back_what_it_freed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bot reads each framework's rule book once (the last load of a start, after the indexes): what parsing its
    file freed goes back too, once per book."""
    from knowledge import owners
    from knowledge.store import data_dir, load_from

    calls: list[int] = []
    monkeypatch.setattr(owners, "release_freed_memory", lambda: calls.append(1))
    kb = load_from(data_dir())  # a knowledge base of its own: no book of it is cached yet
    assert owners.plan_book(kb, "gia-lai-2023") is owners.plan_book(kb, "kon-tum-2024")  # one framework, one book
    assert calls == [1]
