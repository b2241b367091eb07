"""Unit questions inside longer messages (``knowledge/search/unit_scan.py``): the sentence asking for a list, the
units it names before its ask, or those the asker named in a sentence before ("sở mình", "hai bên"); the one a
formal request is addressed to is never the unit asked about."""

from __future__ import annotations

import pytest

from knowledge.search.unit_scan import asked_units
from tests.searchkit import shared_searcher

SEARCHER = shared_searcher()


@pytest.mark.parametrize(
    ("plan", "question", "units"),
    [
        ("kon-tum-2024", "Em là cán bộ Sở Nội vụ, chiều nay sếp hỏi năm nay sở mình phải chủ trì những chỉ số nào. "
                         "Nhờ bot liệt kê giúp em.", {"Sở Nội vụ"}),
        ("gia-lai-2023", "Kính gửi Sở Thông tin và Truyền thông, đề nghị cho biết các chỉ số do Cục Thuế tỉnh chủ trì "
                         "theo Kế hoạch 3015/KH-UBND.", {"Cục Thuế tỉnh"}),
        ("kon-tum-2024", "Công an tỉnh, NHNN chi nhánh tỉnh theo dõi những cs nào", {"Công an tỉnh",
                                                                                  "Ngân hàng Nhà nước chi nhánh tỉnh"}),
        ("gia-lai-2023", "Bưu điện tỉnh chủ trì chỉ số nào vậy, để bên anh gửi số liệu cho Sở Tài chính",
         {"Bưu điện tỉnh"}),
        ("nghia-phuong-2023", "Sáng nay xã họp, chủ tịch giao em tổng hợp phần của công an xã và công chức văn hóa xã "
                              "hội. Hai bên phải lo những chỉ số nào ạ?",
         {"Công an xã", "Công chức Văn hóa - Xã hội xã"}),
        ("kon-tum-2024", "Chị ơi em ở Bưu điện tỉnh, nghe nói bưu điện cũng được giao chủ trì chỉ số DTI. Cụ thể là "
                         "chỉ số nào vậy chị?", {"Bưu điện tỉnh"}),
    ],
)
def test_a_unit_asked_inside_a_longer_message(plan: str, question: str, units: set[str]) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "unit" and answer.unit is not None and answer.indicators
    assert set(answer.unit.split(" và ")) == units


def test_a_unit_named_only_after_the_ask_is_not_asked_about() -> None:
    resolve = SEARCHER.for_plan("gia-lai-2023").units.resolve
    assert asked_units("Công an tỉnh chủ trì chỉ số nào vậy, để bên anh còn gửi báo cáo cho Sở TTTT", resolve) == \
        (["Công an tỉnh"], "lead")


@pytest.mark.parametrize(
    "question",
    [
        "Chỉ số hộ có cáp quang do sở nào chủ trì?",  # who leads a topic: an indicator's owner
        "cáp quang thuộc chỉ số nào, bưu điện có phải chủ trì không",  # which indicator a topic is
        "Bưu điện tỉnh hôm nay mấy giờ đóng cửa?",  # no list asked
    ],
)
def test_a_message_asking_no_units_list_is_not_read_as_one(question: str) -> None:
    assert asked_units(question, SEARCHER.for_plan("kon-tum-2024").units.resolve) is None


def test_initials_may_stand_for_the_start_of_a_units_name() -> None:
    units = SEARCHER.for_plan("gia-lai-2023").units
    assert units.resolve("nhnn") == "Ngân hàng Nhà nước chi nhánh tỉnh"
    assert units.resolve("nhnn chi nhanh gia lai") == "Ngân hàng Nhà nước chi nhánh tỉnh"
    assert SEARCHER.for_plan("kon-tum-2024").units.resolve("cc") is None  # two letters start too many names


@pytest.mark.parametrize(
    "question",
    [
        "Sở Thông tin và Truyền thông chủ trì chỉ số nào về 5G?",  # which of its indicators is about a topic
        "Các chỉ số về an toàn thông tin do Sở TTTT chủ trì là gì?",
        "Sở TTTT chủ trì những chỉ số nào năm 2030?",  # a year the plan does not hold
    ],
)
def test_an_ask_about_a_topic_or_a_year_is_no_units_list(question: str) -> None:
    assert asked_units(question, SEARCHER.for_plan("kon-tum-2024").units.resolve) is None


def test_the_ask_may_end_with_where_and_what_else_is_asked() -> None:
    resolve = SEARCHER.for_plan("gia-lai-2023").units.resolve
    assert asked_units("Mình ở UBND thành phố Pleiku, thành phố mình chủ trì chỉ số DTI nào của tỉnh?", resolve) == \
        (["UBND thành phố Pleiku"], "lead")
    assert asked_units("Sở TTTT chủ trì những chỉ số nào trong kế hoạch, kèm thời hạn", resolve) == \
        (["Sở Thông tin và Truyền thông"], "lead")


@pytest.mark.parametrize("question", ["Sở Vũ trụ và Sở Tài chính chủ trì chỉ số nào",  # a unit the plan lacks
                                      "Sở Tài chính kế hoạch chủ trì chỉ số nào"])  # a name two units fit
def test_a_unit_question_the_patterns_refused_is_not_answered_for_part_of_its_name(question: str) -> None:
    assert SEARCHER.ask("kon-tum-2024", question).status == "unknown_unit"


def test_a_plus_between_names_joins_them() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "Công an tỉnh + Cục Thuế tỉnh chủ trì cs nào")
    assert answer.status == "unit" and answer.unit == "Công an tỉnh và Cục Thuế tỉnh"
    assert SEARCHER.ask("kon-tum-2024", "chỉ số 3.3 đạt 80%+ thì được mấy điểm").status != "unit"


@pytest.mark.parametrize(
    "question",
    ["Sở Tài chính chủ trì những chỉ số nào (không tính phối hợp)?",
     "Em ở Sở Tài chính. Sở em chủ trì những chỉ số nào ạ (không tính mấy chỗ chỉ phối hợp)?",
     "Sở Tài chính chủ trì những chỉ số nào ạ, trừ mấy cái phối hợp"],
)
def test_an_aside_leaving_out_coordination_asks_what_the_unit_leads(question: str) -> None:
    answer = SEARCHER.ask("kon-tum-2024", question)
    assert (answer.status, answer.unit, answer.query.unit_role) == ("unit", "Sở Tài chính", "lead")


def test_coordination_asked_outside_an_aside_is_still_asked() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "Sở Tài chính phối hợp những chỉ số nào?")
    assert answer.query.unit_role == "coordinate"


@pytest.mark.parametrize("question", ["SNV chủ trì những chỉ số nào, sếp đang hỏi",
                                      "Mọi người ơi SNV bên mình chủ trì những chỉ số nào trong phụ lục 2 thế, "
                                      "sếp hỏi"])
def test_a_departments_short_form_starts_its_name_inside_a_message(question: str) -> None:
    """"SNV" is no kind of unit spelled out: the message was read as a topic, and "sếp" answered 1.2 outright."""
    answer = SEARCHER.ask("kon-tum-2024", question)
    assert (answer.status, answer.unit) == ("unit", "Sở Nội vụ")


def test_a_plans_number_is_no_units_short_form() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "Kính gửi bộ phận hỗ trợ DTI, đề nghị cho biết các chỉ số thành phần tại Phụ "
                                          "lục 2 Kế hoạch 419/KH-UBND mà Sở Nội vụ được giao chủ trì tham mưu.")
    assert (answer.status, answer.unit) == ("unit", "Sở Nội vụ")


def test_an_aside_in_brackets_is_no_part_of_a_unit_question() -> None:
    answer = SEARCHER.ask("gia-lai-2023", "VPUB tỉnh Gia Lai được giao chủ trì (tính cả chỉ số chủ trì cùng Sở TT&TT) "
                                          "những chỉ số nào?")
    assert (answer.status, answer.unit) == ("unit", "Văn phòng UBND tỉnh")


def test_how_a_unit_was_given_its_part_is_no_part_of_its_name() -> None:
    answer = SEARCHER.ask("ninh-thuan-2021", "Sở Y tế được giao đích danh chủ trì việc gì trong KH chuyển đổi số?")
    assert (answer.status, answer.unit) == ("unit", "Sở Y tế")
    assert [i.code for i in answer.indicators if i.leads] == ["PL3.E.1"]


def test_a_project_asked_when_is_no_unit() -> None:
    """"… của tỉnh năm nào làm" after a project's name asks when, no unit ("trung tâm" starts the project's name)."""
    answer = SEARCHER.ask("ninh-thuan-2021", "dự án trung tâm dữ liệu dự phòng của tỉnh năm nào làm v ạ")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["PL3.A.II.2"]


def test_the_level_of_the_index_after_its_name_is_no_part_of_the_question() -> None:
    answer = SEARCHER.ask("gia-lai-2023", "UBND huyện chủ trì mấy chỉ số DTI cấp tỉnh, liệt kê giúp mình")
    assert (answer.status, answer.unit) == ("unit", "UBND các huyện, thành phố")
