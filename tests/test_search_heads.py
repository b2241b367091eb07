"""A budget row ("Kinh phí diễn tập, ứng cứu sự cố ATTT") is not the answer to a question about its topic that
never speaks of money (issue 17: "chỉ số về diễn tập an toàn thông tin ai làm" answered 5.12.4 where 5.9 is meant)."""

from __future__ import annotations

import pytest

from knowledge.search.engine import Searcher
from knowledge.search.heads import speaks_of_money
from knowledge.store import load_knowledge

SEARCHER = Searcher(load_knowledge())


def codes(question: str) -> list[str]:
    return [m.code for m in SEARCHER.ask("kon-tum-2024", question).matches]


def test_the_topic_row_leads_when_money_is_not_asked() -> None:
    assert codes("chỉ số về diễn tập an toàn thông tin ai làm")[:2] == ["5.9", "5.12.4"]


@pytest.mark.parametrize("question", ["kinh phí diễn tập an toàn thông tin ai làm",
                                      "tiền chi cho diễn tập an toàn thông tin ai lo"])
def test_the_budget_row_leads_when_money_is_asked(question: str) -> None:
    assert codes(question)[0] == "5.12.4"


@pytest.mark.parametrize(("text", "money"), [
    ("chỉ số 5.9 ai chủ trì", False), ("chi so dien tap", False), ("chỉ tiêu diễn tập", False),
    ("kinh phí diễn tập", True), ("bao nhiêu tiền", True), ("ngan sach cho cntt", True),
])
def test_money_is_read_from_whole_words_not_from_chi(text: str, money: bool) -> None:
    assert speaks_of_money(text.split()) is money
