"""A criterion or figure of another index or programme than the plans' (the new-rural criteria, PCI, PAPI, PAR
Index, SIPAS, OCOP) is refused as not held, naming it, and never answered with the plan's row of the same number."""

from __future__ import annotations

import pytest

from bot.render import Renderer
from tests.searchkit import shared_searcher

SEARCHER = shared_searcher()


@pytest.mark.parametrize(
    ("plan", "question", "index"),
    [
        ("nghia-phuong-2023", "xã em đạt tiêu chí 8 về thông tin và truyền thông của bộ tiêu chí nông thôn mới chưa",
         "bộ tiêu chí nông thôn mới"),
        ("kon-tum-2024", "tieu chi so 5 nong thon moi la gi", "bộ tiêu chí nông thôn mới"),
        ("gia-lai-2023", "chỉ số 1.1 trong PAR Index của tỉnh được mấy điểm", "chỉ số cải cách hành chính (PAR Index)"),
        ("kon-tum-2024", "chỉ số năng lực cạnh tranh của tỉnh năm 2023 xếp thứ mấy",
         "chỉ số năng lực cạnh tranh cấp tỉnh (PCI)"),
        ("ninh-thuan-2021", "bao nhiêu sản phẩm OCOP của tỉnh đã lên sàn thương mại điện tử",
         "chương trình OCOP (mỗi xã một sản phẩm)"),
    ],
)
def test_another_index_is_not_held(plan: str, question: str, index: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "not_held" and answer.held is not None
    assert answer.held.reason == "other_index" and answer.held.asked == index
    assert answer.matches == []  # the plan's 8, 5 or 1.1 is not what was asked


def test_the_reply_names_the_other_index() -> None:
    answer = SEARCHER.ask("nghia-phuong-2023", "tiêu chí số 8 nông thôn mới xã đạt chưa")
    assert answer.held is not None
    text, html = Renderer().render("not_held", h=answer.held, plan="Kế hoạch 41/KH-UBND", codes=[])
    assert "không có bộ tiêu chí nông thôn mới" in text and "chỉ số chuyển đổi số" in text
    assert "nông thôn mới" in html


@pytest.mark.parametrize(("plan", "question"), [
    ("ninh-thuan-2021", "Đắk Lắk chỉ số 5.10 sao được 8 điểm vậy?"),
    ("nghia-phuong-2023", "Đắk Lắk năm 2021 chỉ số 1.4 được mấy điểm"),
])
def test_a_score_of_a_place_scored_on_other_codes_is_not_this_plans_code(plan: str, question: str) -> None:
    """Đắk Lắk's published scores are on the provincial DTI's codes: "5.10" asked of it in Ninh Thuận's plan is not
    Ninh Thuận's criterion 5.10, which is neither stated nor scored; the reply says which codes its scores use."""
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "not_held" and answer.held is not None
    assert (answer.held.reason, answer.held.asked, answer.matches) == ("other_codes", "Đắk Lắk", [])
    text, html = Renderer().render("not_held", h=answer.held, plan="KH", codes=[])
    assert "DTI cấp tỉnh" in text and "/plan" in html


def test_a_score_of_a_place_scored_on_the_plans_own_codes_is_answered() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "Đắk Lắk chỉ số 5.10 sao được 8 điểm vậy?")
    assert answer.status == "answer" and answer.matches[0].code == "5.10"
