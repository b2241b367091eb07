"""The index is asked once per question for the same words, and asked again by the next question (issue 20)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from knowledge.search.engine import Searcher
from knowledge.search.index import SearchIndex
from knowledge.store import load_knowledge

QUESTION = ("Doanh nghiệp đóng thuế qua mạng, bấm trên máy là xong khỏi lên chi cục thuế, cái này ai theo dõi và năm "
            "2023 được con số bao nhiêu?")


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[tuple[object, ...]]]:
    counted: Counter[tuple[object, ...]] = Counter()
    real = SearchIndex.search

    def search(self: SearchIndex, tokens, limit=5, unknown=()):  # type: ignore[no-untyped-def]
        counted[(tuple(tokens), limit, frozenset(unknown))] += 1
        return real(self, tokens, limit, unknown)

    monkeypatch.setattr(SearchIndex, "search", search)
    yield counted


def test_one_question_searches_the_same_words_once(searches: Counter[tuple[object, ...]]) -> None:
    searcher = Searcher(load_knowledge())
    answer = searcher.ask("kon-tum-2024", QUESTION)
    assert answer.matches and answer.matches[0].code == "7.7"
    assert searches and max(searches.values()) == 1  # its whole, halves and second topic read the same words
    first = sum(searches.values())
    searcher.ask("kon-tum-2024", QUESTION)
    assert sum(searches.values()) == 2 * first  # nothing kept from one question for the next


def test_one_question_reads_the_same_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its halves and clauses are read again by several readings of the whole: each text once per question, and
    again by the next question."""
    import knowledge.search.engine as engine

    counted: Counter[str] = Counter()
    real = engine.analyze

    def analyze(text, *args, **kwargs):  # type: ignore[no-untyped-def]
        counted[text] += 1
        return real(text, *args, **kwargs)

    monkeypatch.setattr(engine, "analyze", analyze)
    searcher = Searcher(load_knowledge())
    long = ("Tuần trước có mấy anh bưu điện xuống tổ dân phố, đi từng nhà dán một cái mã QR nhỏ lên cổng, nói là để "
            "sau này shipper, xe cứu thương hay người lạ tìm đúng nhà mình trên bản đồ. Vậy việc cấp cái mã cho từng "
            "hộ như thế thuộc chỉ số nào, ai chủ trì?")
    searcher.ask("gia-lai-2023", long)
    assert counted and max(counted.values()) == 1
    first = sum(counted.values())
    searcher.ask("gia-lai-2023", long)
    assert sum(counted.values()) == 2 * first
