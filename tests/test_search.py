"""Search quality on questions written for these tests (not the eval sample): each must find its indicator,
unit questions must return the unit's exact set, and nothing off-topic may ever be stated as an answer."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from knowledge.search.engine import Searcher
from knowledge.search.quality import REFUSALS
from tests.searchkit import shared_searcher

QUESTIONS = Path(__file__).parent / "data" / "search_questions.tsv"


def _rows(kind: str) -> list[dict[str, str]]:
    with QUESTIONS.open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh, delimiter="\t") if r["kind"] == kind]


@pytest.fixture(scope="module")
def searcher() -> Searcher:
    return shared_searcher()


@pytest.mark.parametrize("row", _rows("indicator"), ids=lambda r: r["question"])
def test_indicator_question_finds_its_indicator(searcher: Searcher, row: dict[str, str]) -> None:
    answer = searcher.ask(row["plan"], row["question"])
    expected = set(row["expected"].split("|"))
    assert answer.matches, f"nothing found for {row['question']!r}"
    assert answer.matches[0].code in expected, [(m.code, m.score) for m in answer.matches]


@pytest.mark.parametrize("row", _rows("unit_indicators"), ids=lambda r: r["question"])
def test_unit_question_returns_the_exact_set(searcher: Searcher, row: dict[str, str]) -> None:
    answer = searcher.ask(row["plan"], row["question"])
    assert answer.status == "unit"
    assert {i.code for i in answer.indicators if i.role == "lead"} == set(row["expected"].split("|"))


@pytest.mark.parametrize("row", _rows("none"), ids=lambda r: r["question"])
def test_off_topic_is_never_stated_as_an_answer(searcher: Searcher, row: dict[str, str]) -> None:
    answer = searcher.ask(row["plan"], row["question"])
    assert answer.status != "answer", [(m.code, m.score) for m in answer.matches]
    assert answer.intent == "unknown" or answer.status == "choose"


def test_most_off_topic_questions_are_refused_outright(searcher: Searcher) -> None:
    rows = _rows("none")
    refused = sum(searcher.ask(r["plan"], r["question"]).status in REFUSALS for r in rows)
    assert refused / len(rows) >= 0.9


def test_typos_still_find_the_indicator(searcher: Searcher) -> None:
    for typo in ("ty le ho gia dinh co ket noi internet cap quag", "tỷ lệ hộ gia đình có kết nói ỉnternet cáp quang"):
        assert searcher.ask("kon-tum-2024", typo).matches[0].code == "3.3"


def test_close_candidates_are_offered_not_chosen(searcher: Searcher) -> None:
    answer = searcher.ask("kon-tum-2024", "kinh phí an toàn thông tin")
    assert answer.status == "choose" and len(answer.matches) >= 2
    assert all(m.code.startswith("5.12") for m in answer.matches)


def test_coordinating_role_is_separate(searcher: Searcher) -> None:
    answer = searcher.ask("kon-tum-2024", "Sở Nội vụ phụ trách những chỉ số nào?")
    roles = {i.role for i in answer.indicators}
    assert answer.unit == "Sở Nội vụ" and roles == {"lead", "coordinate"}


def test_unknown_unit_is_said(searcher: Searcher) -> None:
    answer = searcher.ask("kon-tum-2024", "Sở Vũ trụ chủ trì những chỉ số nào?")
    assert answer.status == "unknown_unit" and answer.intent == "unknown"
