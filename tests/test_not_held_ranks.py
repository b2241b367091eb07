"""A rank among places is asked of plans that rank nobody: refused, saying which published ranks a plan's notes
write; the words of a rank inside a topic ("người đứng đầu tỉnh", "dừng thử nghiệm") ask none."""

from __future__ import annotations

import pytest

from knowledge.search.held_asks import asks_rank
from tests.searchkit import shared_searcher

SEARCHER = shared_searcher()


@pytest.mark.parametrize(
    ("plan", "question"),
    [
        ("kon-tum-2024", "Tỉnh nào đứng đầu cả nước về chuyển đổi số?"),
        ("kon-tum-2024", "Kon Tum xếp hạng mấy về hạ tầng số"),
        ("kon-tum-2024", "thu hang chi so ha tang so cua kon tum"),
        ("kon-tum-2024", "tỉnh nào có tỷ lệ hộ gia đình có cáp quang cao nhất cả nước"),
        ("kon-tum-2024", "Kon Tum tăng bao nhiêu bậc so với năm trước"),
        ("kon-tum-2024", "so sánh điểm DTI của Kon Tum với Gia Lai"),
        ("nghia-phuong-2023", "xã nào dẫn đầu huyện về chuyển đổi số"),
        ("gia-lai-2023", "top 10 tỉnh DTI cao nhất"),
    ],
)
def test_a_rank_is_refused(plan: str, question: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "not_held" and answer.held is not None and answer.held.reason == "ranking"


def test_the_ranks_a_plan_writes_are_what_it_holds() -> None:
    answer = SEARCHER.ask("gia-lai-2023", "Nhận thức số của Gia Lai xếp thứ mấy?")
    assert answer.held is not None and answer.held.reason == "ranking"
    assert ("Gia Lai xếp hạng (năm 2022)", "62/63") in answer.held.holds
    assert ("Hạ tầng số", "34/63") in answer.held.holds
    kon_tum = SEARCHER.ask("kon-tum-2024", "Kon Tum đứng thứ mấy trong cả nước về DTI")
    assert kon_tum.held is not None and kon_tum.held.holds == []


@pytest.mark.parametrize(
    ("plan", "question", "code"),
    [
        ("kon-tum-2024", "Người đứng đầu tỉnh có là trưởng ban chỉ đạo không", "1.1"),
        ("kon-tum-2024", "Trung tâm điều hành thông minh IOC dừng thử nghiệm thì liên quan chỉ số nào", "6.15"),
        ("kon-tum-2024", "tỉnh có tỷ lệ cao nhất thì được mấy điểm ở chỉ số cán bộ chuyên trách chuyển đổi số",
         "4.5"),
        ("kon-tum-2024", "so sánh tỷ lệ hồ sơ xử lý trực tuyến với mục tiêu", "6.12"),
    ],
)
def test_rank_words_inside_a_topic_ask_no_rank(plan: str, question: str, code: str) -> None:
    assert not asks_rank(question)
    answer = SEARCHER.ask(plan, question)
    assert answer.status != "not_held" and code in [m.code for m in answer.matches]
