"""Amounts of money and yearly targets the plans do not write are refused, saying what the plan holds; where the
sources write an amount or a target, the question is answered."""

from __future__ import annotations

import pytest

from knowledge.search.engine import Searcher
from knowledge.store import load_knowledge

SEARCHER = Searcher(load_knowledge())


@pytest.mark.parametrize(
    ("plan", "question", "reason"),
    [
        ("kon-tum-2024", "tổ công nghệ số cộng đồng ở thôn được phụ cấp bao nhiêu tiền", "no_amount"),
        ("gia-lai-2023", "chính sách thuê chuyên gia chuyển đổi số trả mức lương bao nhiêu triệu", "no_amount"),
        ("nghia-phuong-2023", "năm 2026 xã được giao chỉ tiêu bao nhiêu hộ có cáp quang", "no_target"),
    ],
)
def test_not_written_is_refused(plan: str, question: str, reason: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "not_held" and answer.held is not None and answer.held.reason == reason
    assert answer.matches  # the indicator recognised stays named


@pytest.mark.parametrize(
    ("plan", "question", "code"),
    [
        ("kon-tum-2024", "kinh phí giám sát an toàn thông tin bao nhiêu tỷ thì được điểm tối đa", "5.12.2"),
        ("nghia-phuong-2023", "kinh phí diễn tập an toàn thông tin của xã bao nhiêu triệu thì đạt", "5.11.4"),
        ("kon-tum-2024", "chỉ tiêu được giao cho tỷ lệ hộ gia đình có cáp quang năm 2024", "3.3"),
    ],
)
def test_written_is_answered(plan: str, question: str, code: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status in ("answer", "choose") and code in [m.code for m in answer.matches]
