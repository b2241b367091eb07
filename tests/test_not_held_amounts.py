"""Amounts of money and yearly targets the plans do not write are refused, saying what the plan holds; where the
sources write an amount or a target, the question is answered."""

from __future__ import annotations

import pytest

from tests.searchkit import shared_searcher

SEARCHER = shared_searcher()


@pytest.mark.parametrize(
    ("plan", "question", "reason"),
    [
        ("kon-tum-2024", "tổ công nghệ số cộng đồng ở thôn được phụ cấp bao nhiêu tiền", "no_amount"),
        ("gia-lai-2023", "chính sách thuê chuyên gia chuyển đổi số trả mức lương bao nhiêu triệu", "no_amount"),
        # a wage ("lương", marks typed) asked how much: no phrase of money needed
        ("kon-tum-2024", "cán bộ bộ phận chuyển đổi số của Sở TTTT lương được bao nhiêu", "no_amount"),
        ("gia-lai-2023", "giá cước internet cáp quang hộ gia đình bao nhiêu", "no_amount"),  # a price
        # a price, though the entry counts money spent ("Kinh phí giám sát ATTT")
        ("kon-tum-2024", "thuê dịch vụ giám sát an toàn thông tin giá bao nhiêu tiền một năm", "no_amount"),
        # a fee to pay ("mất phí", "phí duy trì")
        ("nghia-phuong-2023", "nộp hồ sơ khai sinh qua mạng ở xã có mất phí không", "no_amount"),
        ("kon-tum-2024", "phí duy trì tên miền .vn của doanh nghiệp mỗi năm là bao nhiêu", "no_amount"),
        ("kon-tum-2024", "tỉnh đã kéo được mấy km cáp quang về các hộ", "no_measure"),  # no length is written
        ("kon-tum-2024", "internet cáp quang hộ gia đình tốc độ bao nhiêu Mbps", "no_measure"),
        ("kon-tum-2024", "đường truyền số liệu chuyên dùng của xã tốc độ bao nhiêu", "no_measure"),  # a bare speed
        ("nghia-phuong-2023", "năm 2026 xã được giao chỉ tiêu bao nhiêu hộ có cáp quang", "no_target"),
        # Kon Tum's target for 6.12 is 2024's: none is given for 2030
        ("kon-tum-2024", "Năm 2030 Kon Tum phải đạt bao nhiêu phần trăm hồ sơ xử lý trực tuyến?", "no_target"),
        # a count asked of a year is a result of that year, though no result word is written
        ("nghia-phuong-2023", "Năm 2021 xã có bao nhiêu người có tài khoản định danh điện tử?", "no_results"),
        ("gia-lai-2023", "Năm 2019 Gia Lai có bao nhiêu tổ công nghệ số cộng đồng?", "year"),
        # an amount spent in a year, where the entry has only an input "(tỷ đồng)" and a rate as its result
        ("kon-tum-2024", "tỷ lệ chi cho chính quyền số năm 2023 đạt rồi, vậy tỉnh chi bao nhiêu tỷ đồng", "no_amount"),
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
        # how much is needed: the method's input in "tỷ đồng" answers it
        ("kon-tum-2024", "chi cho chính quyền số bao nhiêu tỷ đồng thì đủ điểm", "6.22"),
        ("nghia-phuong-2023", "kinh phí diễn tập an toàn thông tin của xã bao nhiêu triệu thì đạt", "5.11.4"),
        ("nghia-phuong-2023", "xã chi bao nhiêu tiền cho tuyên truyền an toàn thông tin thì được trọn điểm", "5.11.6"),
        ("kon-tum-2024", "chỉ tiêu được giao cho tỷ lệ hộ gia đình có cáp quang năm 2024", "3.3"),
        ("kon-tum-2024", "số lượng cán bộ chuyên trách chuyển đổi số là bao nhiêu", "4.5"),  # "lượng" is no wage
        ("kon-tum-2024", "Năm 2024 Kon Tum có bao nhiêu phần trăm hồ sơ xử lý trực tuyến?", "6.12"),
        # the year is the result's, said beside the target asked
        ("kon-tum-2024", "địa chỉ số của hộ gia đình năm 2023 đạt 98% rồi, năm nay phấn đấu bao nhiêu", "8.4"),
    ],
)
def test_written_is_answered(plan: str, question: str, code: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status in ("answer", "choose") and code in [m.code for m in answer.matches]


def test_a_target_of_another_year_says_the_target_the_plan_gives() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "mục tiêu năm 2027 của tỷ lệ hồ sơ xử lý trực tuyến")
    assert answer.held is not None and answer.held.reason == "no_target"
    assert answer.held.holds == [("Chỉ tiêu 6.12 (2024)", "50%")]


def test_a_wage_is_an_amount() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "Lương của tổ công nghệ số cộng đồng bao nhiêu?")
    assert answer.status == "not_held" and answer.held is not None and answer.held.reason == "no_amount"
    counted = SEARCHER.ask("kon-tum-2024", "so luong to cong nghe so cong dong bao nhieu")  # số lượng, not lương
    assert counted.status != "not_held"


@pytest.mark.parametrize(
    ("plan", "question"),
    [("nghia-phuong-2023", "năm nay xã chi hết bao nhiêu tiền cho tập huấn an toàn thông tin vậy chị"),
     # 5.12's 2023 result is "Đạt"; 5.12.1's levels in money are no sum spent
     ("kon-tum-2024", "năm 2023 tỉnh chi tổng cộng bao nhiêu tỷ đồng cho an toàn thông tin"),
     ("ninh-thuan-2021", "kinh phí dự án du lịch thông minh là bao nhiêu")],  # a project's cost: no source writes
)
def test_a_sum_spent_is_held_nowhere(plan: str, question: str) -> None:
    """The levels of a budget entry ("50tr; 25tr; 10 tr") say what earns points; what was spent no source writes."""
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "not_held" and answer.held is not None and answer.held.reason == "no_amount"


def test_amounts_that_earn_points_are_said_to_be_all_the_plan_writes() -> None:
    """5.11.2 writes "50tr; 25tr; 10 tr", levels that earn points: the reply never says it writes no amount."""
    from bot.render import Renderer

    answer = SEARCHER.ask("nghia-phuong-2023", "năm nay xã chi hết bao nhiêu tiền cho giám sát an toàn thông tin")
    assert answer.held is not None and answer.held.reason == "no_amount" and answer.held.asked == "levels"
    text, _ = Renderer().render("not_held", h=answer.held, plan="KH 41", codes=["5.11.2"])
    assert "các mức kinh phí dùng để tính điểm" in text and "không ghi số tiền nào" not in text
    plain = SEARCHER.ask("kon-tum-2024", "tổ công nghệ số cộng đồng ở thôn được phụ cấp bao nhiêu tiền")
    assert plain.held is not None and plain.held.asked == ""  # 4.2 writes no money at all
