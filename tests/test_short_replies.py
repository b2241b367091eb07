"""Short chat replies ("sai rồi", "xong rồi") are no questions about an indicator whose method happens to use their
one word; a short question naming an indicator, or using a term of one sense ("ipv6", in 6.1's method only), is still
answered (``decide.said_too_little``)."""

from __future__ import annotations

import pytest

from tests.searchkit import shared_searcher


@pytest.mark.parametrize(("plan", "reply"), [("kon-tum-2024", "sai rồi"), ("gia-lai-2023", "mấy giờ rồi"),
                                              ("nghia-phuong-2023", "vậy là xong rồi hả"),
                                              ("nghia-phuong-2023", "không liên quan"),
                                              ("kon-tum-2024", "tuyệt vời")])
def test_a_short_reply_is_not_answered_with_a_card(plan: str, reply: str) -> None:
    answer = shared_searcher().ask(plan, reply)
    assert answer.status == "none"
    assert answer.hints  # what came close is still offered, never stated


@pytest.mark.parametrize(("plan", "question", "code"), [("kon-tum-2024", "botnet", "5.5"),
                                                         ("gia-lai-2023", "smedx", "7.4"),
                                                         ("nghia-phuong-2023", "loa", "1.5"),
                                                         ("kon-tum-2024", "cs ve ip v6 ai lam", "6.1")])
def test_a_short_question_naming_an_indicator_is_answered(plan: str, question: str, code: str) -> None:
    answer = shared_searcher().ask(plan, question)
    assert answer.status == "answer" and [m.code for m in answer.matches] == [code]
