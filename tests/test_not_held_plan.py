"""What a plan does not hold is said, with what it does hold: an indicator its appendix leaves out altogether (Kon
Tum's 2024 plan has no pillar 9), and a target of a year past the plan's own years; "chỉ tiêu" with no code after
it asks for the target."""

from __future__ import annotations

import pytest

from bot.render import Renderer
from knowledge.search.held import PlanResults
from knowledge.search.held_kinds import counts_nothing, only_rates
from knowledge.store import load_knowledge
from tests.searchkit import shared_searcher

KB = load_knowledge()
SEARCHER = shared_searcher()
KT, GL, NP = "kon-tum-2024", "gia-lai-2023", "nghia-phuong-2023"


@pytest.mark.parametrize("question", ["Chỉ số 9.2 ai chủ trì?", "cs 9.1 do sở nào phụ trách", "9.3 hạn khi nào",
                                      "9.1 tính điểm thế nào", "chỉ số 9.2"])
def test_an_indicator_the_plan_leaves_out_is_said_to_be_outside_it(question: str) -> None:
    answer = SEARCHER.ask(KT, question)
    assert answer.status == "not_held" and answer.held is not None and answer.held.reason == "not_in_plan"
    label, top = answer.held.holds[0]
    assert label.startswith(answer.held.asked) and "Đô thị thông minh" in label and top == "tối đa 0 điểm"


@pytest.mark.parametrize(("plan", "question", "code"), [
    (GL, "9.1 ai chủ trì", "9.1"),  # Gia Lai's plan assigns pillar 9
    (NP, "9.1 ai chủ trì", "9.1"),
    (GL, "8.8.1.2 ai chủ trì", "8.8.1.2"),  # a part of 8.8, which the plan assigns
])
def test_what_the_plan_or_its_framework_holds_is_answered(plan: str, question: str, code: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "answer" and [m.code for m in answer.matches] == [code]


def test_the_years_a_target_without_a_year_covers() -> None:
    assert PlanResults(KB, KT).span == (2024, 2025)  # the plan's year to the last year it writes
    assert PlanResults(KB, GL).span[1] > 2100  # "… năm 2023 và các năm tiếp theo": on without end


@pytest.mark.parametrize(("plan", "question", "held"), [
    (KT, "đến 2030 tỉnh phải có bao nhiêu phần trăm hộ dùng cáp quang", "no_target"),
    (KT, "năm 2025 chỉ tiêu hộ gia đình có cáp quang là bao nhiêu", None),
    (GL, "chỉ tiêu năm 2030 hộ gia đình có cáp quang là bao nhiêu", "no_target"),  # Gia Lai gives 3.3 none
])
def test_a_yearly_target_is_a_target_of_the_plans_years(plan: str, question: str, held: str | None) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.query.fields[:1] == ("target",)
    assert (answer.held.reason if answer.held else None) == held
    assert [m.code for m in answer.matches] == ["3.3"]


def test_the_refusal_names_the_plan_and_what_it_holds() -> None:
    answer = SEARCHER.ask(KT, "Chỉ số 9.2 ai chủ trì?")
    text, html = Renderer().render("not_held", h=answer.held, plan=KB.plan(KT).label, codes=["9.2"])
    assert "Kế hoạch 419/KH-UBND tỉnh Kon Tum (2024) không có 9.2" in text
    assert "• 9.2 Ban hành kiến trúc ICT phát triển Đô thị thông minh" in text
    assert "Kon Tum (2024) không có 9.2" in html


@pytest.mark.parametrize(("plan", "question", "held"), [
    (KT, "kết quả năm 2022 của chỉ số 3.3", "year"),  # Kon Tum's own 2022 result: no source has it
    (KT, "năm 2021 chỉ số 3.3 được mấy điểm", "year"),
    (KT, "điểm Gia Lai năm 2022 của chỉ số 3.3", None),  # another place, named: its table answers
    (GL, "năm 2022 chỉ số 3.3 được mấy điểm", None),  # the plan's own place
])
def test_a_result_year_with_no_place_is_the_plans_own_place(plan: str, question: str, held: str | None) -> None:
    answer = SEARCHER.ask(plan, question)
    assert (answer.held.reason if answer.held else None) == held
    assert [m.code for m in answer.matches] == ["3.3"]
    if held:
        assert ("Gia Lai 2022", "5,01/10") in answer.held.holds  # what the sources hold is listed, with its place


@pytest.mark.parametrize(("question", "held"), [
    ("năm 2022 tỉnh có mấy hộ gia đình có cáp quang", "year"),  # "mấy" asks how many, as "bao nhiêu" does
    ("năm 2022 tỉnh có bao nhiêu hộ gia đình có cáp quang", "year"),
    ("năm 2022 mấy hộ gia đình này có cáp quang không", None),  # "mấy … này": these households, no count
])
def test_how_many_of_a_year_asks_that_years_result(question: str, held: str | None) -> None:
    answer = SEARCHER.ask(KT, question)
    assert (answer.held.reason if answer.held else None) == held
    assert [m.code for m in answer.matches][:1] == ["3.3"]


@pytest.mark.parametrize(("plan", "question", "held"), [
    ("ninh-thuan-2021", "đến 2030 kinh tế số chiếm bao nhiêu GRDP", "no_target"),  # the plan's target is 2025's
    ("ninh-thuan-2021", "đến 2025 kinh tế số chiếm bao nhiêu GRDP", None),
    (KT, "đến năm 2030 tỉnh có bao nhiêu hộ dùng cáp quang", "no_target"),
])
def test_a_year_to_reach_asks_a_target(plan: str, question: str, held: str | None) -> None:
    answer = SEARCHER.ask(plan, question)
    assert (answer.held.reason if answer.held else None) == held and answer.matches


@pytest.mark.parametrize(("question", "asked"), [("Ai chủ trì tiêu chí 5.7.1?", "owner"),
                                                 ("tiêu chí 3.4.1 hạn hoàn thành khi nào", "deadline")])
def test_an_owner_or_deadline_of_a_criterion_a_plan_assigns_none_of_is_not_held(question: str, asked: str) -> None:
    """Ninh Thuận's plan assigns its own items, not its framework's criteria: "chưa phân công" on a card would read
    as a gap to fill; the reply says the plan assigns none, with the criterion's row."""
    answer = SEARCHER.ask("ninh-thuan-2021", question)
    assert answer.status == "not_held" and answer.held is not None and answer.held.reason == "not_assigned"
    assert answer.held.asked == asked and answer.matches
    text, _ = Renderer().render("not_held", h=answer.held, plan=KB.plan("ninh-thuan-2021").label,
                                codes=[m.code for m in answer.matches])
    assert ("không phân công đơn vị chủ trì" if asked == "owner" else "không giao thời hạn hoàn thành") in text
    assert answer.matches[0].code in text


@pytest.mark.parametrize(("plan", "question", "asked"), [
    (NP, "xã có 6 thôn, thôn nào chưa có tổ công nghệ số cộng đồng", "từng thôn"),
    (KT, "huyện nào chưa đạt tỷ lệ hộ gia đình có cáp quang", "từng huyện"),
    (NP, "những thôn nào ở xã mình đã có tổ công nghệ số cộng đồng", "từng thôn"),  # where they are, said between
])
def test_which_village_or_district_is_not_held(plan: str, question: str, asked: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.held is not None and (answer.held.reason, answer.held.asked) == ("sub_place", asked)
    text, _ = Renderer().render("not_held", h=answer.held, plan=KB.plan(plan).label, codes=[])
    assert text.rstrip().endswith(f"không tách riêng cho {asked}.")


def test_whichever_commune_in_a_condition_is_no_place_asked() -> None:
    answer = SEARCHER.ask(KT, "xã nào đã kéo đường truyền số liệu chuyên dùng về trụ sở thì đếm ở chỉ số nào")
    assert answer.status == "answer" and answer.matches[0].code == "3.4"


def test_a_plan_item_and_an_asked_method_are_still_answered() -> None:
    assert SEARCHER.ask("ninh-thuan-2021", "100% phủ sóng mạng di động 4G/5G do sở nào chủ trì").status == "answer"
    assert SEARCHER.ask("ninh-thuan-2021", "tiêu chí 5.7.1 tính điểm thế nào").status == "answer"


@pytest.mark.parametrize("question", ["Điểm năm 2022 của huyện Chư Prông ở chỉ số chữ ký số là bao nhiêu?",
                                      "huyện Đăk Tô đạt bao nhiêu % hộ có cáp quang",
                                      # whether it is done yet, of a district: no plan breaks a status down
                                      "huyện Chư Prông đã có tổ công nghệ số cộng đồng ở các thôn chưa"])
def test_a_districts_result_is_not_held_by_a_provinces_plan(question: str) -> None:
    answer = SEARCHER.ask(GL if "Chư" in question else KT, question)
    assert answer.status == "not_held" and answer.held is not None and answer.held.reason == "sub_place"
    assert answer.held.asked.startswith("huyện ")
    text, _ = Renderer().render("not_held", h=answer.held, plan=KB.plan(GL).label, codes=[])
    assert f"không tách riêng cho {answer.held.asked}" in text and "/plan" not in text


def test_a_district_named_in_a_units_question_or_without_a_count_asked_is_no_refusal() -> None:
    assert SEARCHER.ask(GL, "UBND huyện Chư Prông chủ trì chỉ số nào").status in ("unit", "unknown_unit")
    assert SEARCHER.ask(KT, "huyện Đăk Tô có chuyên mục chuyển đổi số trên đài truyền thanh không").status != "not_held"


@pytest.mark.parametrize(("plan", "question", "reason", "asked"), [
    ("nghia-phuong-2023", "xa Nghia Ha ben canh dc bn diem cs 6.9 a", "other_place", "xã Nghia Ha"),
    (GL, "huyen Chu Se dat bn % ho so truc tuyen", "sub_place", "huyện Chu Se"),
])
def test_a_place_typed_without_marks_is_still_another_place(plan: str, question: str, reason: str,
                                                            asked: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "not_held" and answer.held is not None
    assert (answer.held.reason, answer.held.asked) == (reason, asked) and answer.matches == []


def test_an_unmarked_kind_before_one_capitalised_word_or_the_own_commune_is_no_place() -> None:
    assert SEARCHER.ask("nghia-phuong-2023", "xa Nghia Phuong dc bn diem cs 6.9").status == "answer"
    assert SEARCHER.ask(KT, "hop tu xa Zoom co tinh diem ko").status != "not_held"


def test_which_village_is_highest_is_a_ranking_no_plan_holds() -> None:
    answer = SEARCHER.ask("nghia-phuong-2023", "Thôn nào ở Nghĩa Phương có tỷ lệ hộ kéo cáp quang cao nhất?")
    assert answer.status == "not_held" and answer.held is not None and answer.held.reason == "ranking"


@pytest.mark.parametrize(("plan", "question", "asked"), [
    ("nghia-phuong-2023", "Thôn 3 có bao nhiêu hộ có điện thoại thông minh?", "thôn 3"),
    (GL, "Kết quả chỉ số danh tính số của riêng thành phố Pleiku năm 2022 là bao nhiêu?", "thành phố Pleiku"),
])
def test_a_villages_or_a_citys_own_figure_is_not_held(plan: str, question: str, asked: str) -> None:
    """A plan holds its own place's figures; "UBND thành phố Pleiku" being one of its units changes nothing."""
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "not_held" and answer.held is not None
    assert (answer.held.reason, answer.held.asked) == ("sub_place", asked)
    text, _ = Renderer().render("not_held", h=answer.held, plan=KB.plan(plan).label, codes=[])
    assert f"không tách riêng cho {asked}" in text


def test_a_village_named_in_a_units_question_or_a_topic_is_no_refusal() -> None:
    assert SEARCHER.ask("nghia-phuong-2023", "tổ công nghệ số cộng đồng thôn tính điểm thế nào").status == "answer"
    assert SEARCHER.ask(GL, "UBND thành phố Pleiku chủ trì chỉ số nào").status in ("unit", "unknown_unit")


def test_a_year_after_cap_quang_nam_typed_without_marks_is_no_province() -> None:
    """"cap quang nam 2022" is "cáp quang năm 2022", not Quảng Nam; "Hà Nam 2022", with its marks, is a province."""
    answer = SEARCHER.ask(GL, "cho e hoi cs ho gia dinh co cap quang nam 2022 gl dc may diem a")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["3.3"]
    held = SEARCHER.ask(GL, "Hà Nam 2022 được mấy điểm chỉ số 3.3").held
    assert held is not None and held.reason == "other_place"


def test_one_departments_own_figure_is_not_held_but_a_department_asking_is_answered() -> None:
    answer = SEARCHER.ask(KT, "Tỷ lệ hồ sơ trực tuyến quý I/2024 của Sở Y tế Kon Tum đạt bao nhiêu?")
    assert answer.status == "not_held" and answer.held is not None
    assert (answer.held.reason, answer.held.asked) == ("sub_place", "Sở Y tế Kon Tum")
    assert SEARCHER.ask(KT, "Em ở Sở Y tế, tỷ lệ hồ sơ trực tuyến của tỉnh đạt bao nhiêu?").status != "not_held"
    assert SEARCHER.ask(KT, "Sở Y tế chủ trì chỉ số nào").status in ("unit", "unknown_unit")


@pytest.mark.parametrize("question", ["Chỉ số 4.2 năm ngoái xã mình được mấy điểm?", "cs 6.9 nam roi dat bn vay",
                                      "tiêu chí 3.1 năm vừa qua xã đạt kết quả thế nào"])
def test_a_past_year_said_in_words_asks_a_result_a_plan_without_results_does_not_hold(question: str) -> None:
    answer = SEARCHER.ask(NP, question)
    assert answer.status == "not_held" and answer.held is not None and answer.held.reason == "no_results"
    text, _ = Renderer().render("not_held", h=answer.held, plan=KB.plan(NP).label, codes=[answer.matches[0].code])
    assert f"{KB.plan(NP).label} không có kết quả hay điểm chấm nào: nguồn chỉ có chỉ tiêu" in text


def test_a_past_year_said_in_words_of_a_plan_with_results_is_answered_with_its_card() -> None:
    assert SEARCHER.ask(KT, "Chỉ số 6.12 năm ngoái tỉnh đạt bao nhiêu?").status == "answer"  # its 2023 result


@pytest.mark.parametrize(("plan", "question"), [
    ("ninh-thuan-2021", "hiện nay tỉnh có bao nhiêu cán bộ lãnh đạo có chứng thư số"),
    (NP, "đến nay xã có bao nhiêu tổ công nghệ số cộng đồng"),
])
def test_the_present_said_in_words_asks_a_result_a_plan_without_results_does_not_hold(plan: str,
                                                                                     question: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "not_held" and answer.held is not None and answer.held.reason == "no_results"


@pytest.mark.parametrize(("plan", "question"), [
    ("ninh-thuan-2021", "tiêu chí 5.3.3 thực hiện thế nào, bao nhiêu điểm"),  # "thực hiện" says no time
    (KT, "hiện nay tỷ lệ hộ gia đình có cáp quang là bao nhiêu"),  # a plan with results: its card
])
def test_doing_or_a_plan_holding_results_is_no_such_refusal(plan: str, question: str) -> None:
    assert SEARCHER.ask(plan, question).status == "answer"


def test_a_count_of_things_of_a_year_only_a_score_table_holds_is_not_held_and_the_points_are_said() -> None:
    answer = SEARCHER.ask(GL, "Năm 2022 tỉnh có bao nhiêu doanh nghiệp công nghệ số?")
    assert answer.status == "not_held" and answer.held is not None and answer.held.reason == "score_only"
    assert answer.held.holds == [("Gia Lai 2022", "7,41/20")]
    text, html = Renderer().render("not_held", h=answer.held, plan=KB.plan(GL).label, codes=["7.2"])
    assert "Không có số lượng năm 2022 của 7.2" in text and "• Gia Lai 2022: 7,41/20 điểm" in text
    assert "Gia Lai 2022: 7,41/20 điểm" in html


@pytest.mark.parametrize("question", ["Năm 2022 tỉnh có bao nhiêu doanh nghiệp công nghệ số, được mấy điểm?",
                                      "chỉ số 7.2 năm 2022 được bao nhiêu điểm"])
def test_points_asked_beside_the_count_are_answered_from_the_score_table(question: str) -> None:
    assert SEARCHER.ask(GL, question).status == "answer"


def test_a_city_named_as_its_province_is_still_a_part_of_the_province() -> None:
    city = SEARCHER.ask(KT, "Tỷ lệ hộ có cáp quang ở thành phố Kon Tum năm 2023 đạt bao nhiêu?")
    assert city.status == "not_held" and city.held is not None and city.held.reason == "sub_place"
    assert city.held.asked == "thành phố Kon Tum"
    assert SEARCHER.ask(KT, "Tỷ lệ hộ có cáp quang ở tỉnh Kon Tum năm 2023 đạt bao nhiêu?").status == "answer"


def test_a_count_of_things_now_that_only_a_score_table_holds_is_not_held_but_a_plans_own_result_answers() -> None:
    answer = SEARCHER.ask(GL, "Hiện tỉnh có bao nhiêu doanh nghiệp công nghệ số?")
    assert answer.status == "not_held" and answer.held is not None and answer.held.reason == "score_only"
    assert answer.held.holds == [("Gia Lai 2022", "7,41/20")]  # its own place's points only, not Đắk Lắk's
    text, _ = Renderer().render("not_held", h=answer.held, plan=KB.plan(GL).label, codes=["7.2"])
    assert text.startswith("Không có số lượng của 7.2 trong")
    assert SEARCHER.ask(KT, "Hiện tỉnh có bao nhiêu doanh nghiệp công nghệ số?").status == "answer"  # 23 in 2023


@pytest.mark.parametrize(("question", "status"), [
    # the year asked is 2022; 2023 is what the asker compares it with
    ("Tỷ lệ hộ gia đình có cáp quang năm 2022 là bao nhiêu? Em cần số này để so với năm 2023", "not_held"),
    ("Kết quả 2023 của chỉ số 3.3 so với năm 2022 thế nào", "answer"),
    # "số liệu năm 2021" asks that year's figure, which Kon Tum's plan (2023 results) does not hold
    ("cho xin số liệu năm 2021 về tỷ lệ hộ gia đình có cáp quang", "not_held"),
    ("số liệu năm 2023 của chỉ số 3.3", "answer"),
])
def test_a_year_compared_with_is_not_the_year_asked(question: str, status: str) -> None:
    answer = SEARCHER.ask(KT, question)
    assert answer.status == status and answer.matches[0].code == "3.3"
    if status == "not_held":
        assert answer.held is not None and answer.held.reason == "year"


@pytest.mark.parametrize(("question", "reason"), [
    ("Năm 2022 tỉnh chi bao nhiêu tỷ đồng cho kinh phí an toàn thông tin?", "score_only"),  # a sum: points only
    ("Năm 2022 kinh phí chung chi cho an toàn thông tin được bao nhiêu điểm?", None),  # the points: answered
])
def test_a_sum_of_money_of_a_year_only_a_score_table_holds_is_not_held(question: str, reason: str | None) -> None:
    answer = SEARCHER.ask(GL, question)
    assert (answer.held.reason if answer.held else None) == reason


def test_a_sum_not_held_is_said_to_be_a_sum_not_a_count() -> None:
    answer = SEARCHER.ask(GL, "Năm 2022 tỉnh chi bao nhiêu tỷ đồng cho kinh phí an toàn thông tin?")
    assert answer.held is not None and answer.held.sum_asked
    text, _ = Renderer().render("not_held", h=answer.held, plan=KB.plan(GL).label, codes=["5.12"])
    assert text.startswith("Không có số tiền năm 2022 của 5.12") and "không ghi số tiền đã chi" in text
    assert "số lượng" not in text and "đếm" not in text


def test_what_is_held_for_several_entries_names_each_entry() -> None:
    # two rows' points of one table, "Gia Lai 2022" twice, would not say which is which
    answer = SEARCHER.ask(GL, "Năm 2022 tỉnh chi bao nhiêu tỷ đồng cho kinh phí an toàn thông tin?")
    assert answer.held is not None and len(answer.held.holds) == 2
    assert all(label.split()[0] in ("5.12", "5.12.1") for label, _ in answer.held.holds)


def test_a_count_asked_where_the_plan_holds_only_a_rate_is_not_held_and_the_rate_is_said() -> None:
    answer = SEARCHER.ask(KT, "Hiện nay có bao nhiêu hộ gia đình đã có địa chỉ số?")
    assert answer.status == "not_held" and answer.held is not None and answer.held.reason == "rate_only"
    assert answer.matches[0].code == "8.4" and answer.held.holds == [("Kết quả 2023 (kế hoạch)", "98%")]
    text, html = Renderer().render("not_held", h=answer.held, plan=KB.plan(KT).label, codes=["8.4"])
    assert text.startswith("Không có số lượng của 8.4") and "nguồn chỉ ghi tỷ lệ" in text and "98%" in html
    assert text.rstrip().endswith("Gõ 8.4 để xem cách tính và phân công.")  # the card, a word away


@pytest.mark.parametrize("question", [
    "hiện nay tỷ lệ hộ có địa chỉ số là bao nhiêu",  # the rate is what is asked
    "bao nhiêu người dân đã có VNeID so với tổng dân số, Kon Tum năm 2023 được mấy phần trăm?",
])
def test_a_rate_asked_beside_a_count_is_answered(question: str) -> None:
    assert SEARCHER.ask(KT, question).status == "answer"


@pytest.mark.parametrize(("value", "rates"), [("98%", True), ("Đạt 45,6 %", True), ("12.000 hộ (98%)", False),
                                              ("Đã triển khai", False), ("23", False)])
def test_only_rates_holds_no_count(value: str, rates: bool) -> None:
    assert only_rates(value) is rates


@pytest.mark.parametrize(("value", "nothing"), [("98%", True), ("Đã lập chuyên trang", True), ("23", False),
                                                ("12.000 hộ (98%)", False)])
def test_a_result_in_wordscounts_nothing(value: str, nothing: bool) -> None:
    assert counts_nothing(value) is nothing


def test_a_count_of_a_year_whose_result_is_in_words_is_not_held() -> None:
    # Kon Tum's 2023 result for 1.4 is "Đã lập chuyên trang": no number of articles
    answer = SEARCHER.ask(KT, "năm 2023 chuyên trang chuyển đổi số của tỉnh có tất cả bao nhiêu tin bài")
    assert answer.held is not None and answer.held.reason == "rate_only"
    text, _ = Renderer().render("not_held", h=answer.held, plan=KB.plan(KT).label, codes=["1.4"])
    assert "nguồn chỉ ghi kết quả bằng lời." in text and "• Kết quả 2023 (kế hoạch): Đã lập chuyên trang" in text
    # the minimum the method asks is no result: answered
    assert SEARCHER.ask(KT, "chuyên trang cấp tỉnh phải đăng tối thiểu bao nhiêu tin bài").status == "answer"


@pytest.mark.parametrize("question", ["hiện nay chỉ số 7.11 đạt bao nhiêu", "7.11 hiện đạt bao nhiêu rồi"])
def test_a_result_of_now_no_source_holds_for_the_place_is_not_held(question: str) -> None:
    answer = SEARCHER.ask(KT, question)
    assert answer.status == "not_held" and answer.held is not None and answer.held.reason == "no_result"
    text, _ = Renderer().render("not_held", h=answer.held, plan=KB.plan(KT).label, codes=["7.11"])
    assert "không ghi kết quả hiện nay nào của 7.11" in text and "Gõ 7.11" in text
    assert SEARCHER.ask(KT, "hiện nay chỉ số 3.3 đạt bao nhiêu").status == "answer"  # a plan's result: its card


@pytest.mark.parametrize(("plan", "question", "reason"), [
    # no year, no "hiện nay": a count asked is of the present all the same
    (GL, "Gia Lai có bao nhiêu doanh nghiệp đang dùng hợp đồng điện tử?", "score_only"),
    (KT, "Bao nhiêu người dân đã có tài khoản VNeID rồi?", "rate_only"),
    # a share ("bao nhiêu phần"), a sum ("bao nhiêu ngân sách"): no count of things
    (KT, "Kinh tế số chiếm bao nhiêu phần của cả nền kinh tế tỉnh?", None),
    (KT, "Tỉnh có quy định mỗi năm phải chi tối thiểu bao nhiêu ngân sách cho chuyển đổi số chưa?", None),
    (KT, "Hiện tỉnh có bao nhiêu doanh nghiệp công nghệ số?", None),  # the plan's result is a count: 23
    # the present said, a result asked ("đã … được"): still a count of things only score tables hold as points
    (GL, "Hiện Gia Lai đã lập được bao nhiêu tổ công nghệ số cộng đồng ở thôn?", "score_only"),
    # what there is now or so far, said otherwise: "có tổng cộng", "đang có", "đã … được bao nhiêu … rồi"
    (NP, "Tổ công nghệ số cộng đồng của xã có tổng cộng bao nhiêu người?", "no_results"),
    ("ninh-thuan-2021", "Chương trình đào tạo kỹ năng lãnh đạo số đã đào tạo được bao nhiêu người rồi?", "no_results"),
    (KT, "Dân kéo cáp quang về nhà được bao nhiêu hộ rồi?", "rate_only"),
    (NP, "xã mình có bao nhiêu hộ kéo cáp quang về nhà rồi", "no_results"),  # "có bao nhiêu … rồi"
    # "đến giờ", "tới bây giờ": so far, as "đến nay"
    ("ninh-thuan-2021", "Dự án y tế thông minh đến giờ làm được bao nhiêu phần trăm khối lượng?", "no_results"),
    ("ninh-thuan-2021", "Dự án y tế thông minh tới bây giờ làm được bao nhiêu phần trăm?", "no_results"),
    # "mấy" asks how many as "bao nhiêu" does
    (NP, "Tính tới giờ xã đã có mấy hệ thống thông tin được phê duyệt hồ sơ cấp độ rồi?", "no_results"),
    # "bao nhiêu vậy" counts nothing: the plan's rate answers it
    (KT, "máy trạm cài phòng chống mã độc hiện đạt được bao nhiêu vậy", None),
])
def test_a_count_asked_with_no_year_is_of_the_present(plan: str, question: str, reason: str | None) -> None:
    answer = SEARCHER.ask(plan, question)
    assert (answer.held.reason if answer.held else None) == reason and answer.matches


@pytest.mark.parametrize("question", [
    "Tôi ở phòng Văn hóa - Thông tin thị xã Ayun Pa, theo dõi xã hội số. Chỉ số 8.3 năm 2022 tỉnh được mấy điểm?",
    "Em là công chức huyện Chư Sê, cho em hỏi năm 2022 chỉ số 8.3 của tỉnh được bao nhiêu điểm",
])
def test_where_the_asker_works_is_not_the_place_asked_of_when_the_province_is(question: str) -> None:
    answer = SEARCHER.ask(GL, question)
    assert answer.status == "answer" and answer.matches[0].code == "8.3"


def test_a_district_asker_asking_of_the_district_and_a_town_are_still_not_held() -> None:
    mine = SEARCHER.ask(GL, "Em ở huyện Krông Pa, huyện em năm 2022 tỷ lệ hồ sơ xử lý trực tuyến đạt bao nhiêu")
    assert mine.held is not None and (mine.held.reason, mine.held.asked) == ("sub_place", "huyện Krông Pa")
    town = SEARCHER.ask(GL, "Thị xã An Khê năm 2022 tỷ lệ hồ sơ trực tuyến đạt bao nhiêu")
    # a town ("thị xã") is a district: no "xã An Khê" read inside it
    assert town.held is not None and (town.held.reason, town.held.asked) == ("sub_place", "thị xã An Khê")


@pytest.mark.parametrize(("plan", "question"), [
    (KT, "tỷ lệ hồ sơ xử lý trực tuyến quý I năm 2024 của tỉnh đạt bao nhiêu"),
    (NP, "Quý II/2023 xã có bao nhiêu người có tài khoản định danh điện tử"),
    (KT, "cho em xin con số quý III/2023 về hộ gia đình có cáp quang"),
    (GL, "tinh den thang 6 ty le dvctt toan trinh dat bn"),
    (NP, "Tháng 6/2023 trang thông tin điện tử của xã đăng được bao nhiêu tin bài về chuyển đổi số"),  # a month
    (KT, "Quý I năm nay Chủ tịch UBND tỉnh chủ trì mấy cuộc họp về chuyển đổi số"),  # "mấy cuộc": how many
])
def test_a_figure_of_a_quarter_or_a_month_is_not_held(plan: str, question: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "not_held" and answer.held is not None and answer.held.reason == "period"
    text, _ = Renderer().render("not_held", h=answer.held, plan=KB.plan(plan).label, codes=[answer.matches[0].code])
    assert "không ghi số liệu theo quý hay theo tháng" in text


@pytest.mark.parametrize("question", [
    "Sắp họp giao ban quý IV. Chỉ số 6.12: mục tiêu năm 2024 của tỉnh là bao nhiêu?",  # a meeting's quarter
    "chỉ số 6.12 hạn quý IV năm 2024 phải đạt bao nhiêu",  # a deadline
])
def test_a_quarter_said_as_context_or_a_deadline_is_no_period_asked(question: str) -> None:
    answer = SEARCHER.ask(KT, question)
    assert answer.held is None or answer.held.reason != "period"


@pytest.mark.parametrize(("plan", "question"), [
    (KT, "trong số người được tập huấn kỹ năng số năm 2023 có bao nhiêu người là nữ"),
    (NP, "người trên 60 tuổi ở xã có điện thoại thông minh chiếm bao nhiêu phần trăm"),
])
def test_a_part_of_the_people_counted_by_sex_or_age_is_not_held(plan: str, question: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.held is not None and answer.held.reason == "subgroup"
    text, _ = Renderer().render("not_held", h=answer.held, plan=KB.plan(plan).label, codes=[answer.matches[0].code])
    assert "không tách số liệu" in text and "theo giới tính hay độ tuổi" in text


def test_a_deadline_asked_la_nam_nao_is_no_sex_and_a_village_most_is_a_rank() -> None:
    # "hạn là năm nào" folds to "han la nam nao": no "là nam" (male) asked
    answer = SEARCHER.ask(KT, "tk dinh danh dien tu cua dan dc bao nhieu % r a, han la nam nao")
    assert answer.held is None or answer.held.reason != "subgroup"
    ranked = SEARCHER.ask(NP, "thôn nào trong xã có nhiều người dùng điện thoại thông minh nhất")
    assert ranked.held is not None and ranked.held.reason == "ranking"


def test_a_province_is_never_read_across_a_comma() -> None:
    """"… thôi ha, tinh điểm theo min max" is "thôi hả, tính điểm": no "Hà Tĩnh" across the comma; a thesaurus
    wording may still span a list's comma ("trường CĐ, ĐH")."""
    answer = SEARCHER.ask(KT, "so su co da phat hien trong cqnn dc 0 diem thoi ha, tinh diem theo min max dung ko")
    assert answer.held is None and [m.code for m in answer.matches][:1] == ["5.10"]
    held = SEARCHER.ask(KT, "Hà Tĩnh được mấy điểm chỉ số 5.10").held
    assert held is not None and held.reason == "other_place"
    assert SEARCHER.ask(KT, "trường CĐ, ĐH có dạy chuyển đổi số, ai theo dõi").matches[0].code == "4.8"
