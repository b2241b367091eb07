"""General means of issue 17's third round: everyday wordings indexed as a question's words are searched, a
citizen's own errand refused unless an indicator is named."""

from __future__ import annotations

import pytest

from knowledge.search.documents import join_phrases
from knowledge.search.index import Document, Hit, SearchIndex, best_of_each, terms
from knowledge.search.intent import analyze
from tests.searchkit import shared_searcher

SEARCHER = shared_searcher()


def test_wordings_lose_their_stop_words_and_make_no_pair_across_each_other() -> None:
    joined = join_phrases(["chuyên mục trên báo của tỉnh", "dịch vụ công", "dân góp ý"])
    assert joined == "chuyên mục báo tỉnh và dịch vụ công và dân góp ý"
    index = SearchIndex([Document("f", "1", "x", {"everyday": joined}), Document("f", "2", "y", {})])
    made = set(terms(index.tokens(joined)))
    assert "bao_tinh" in made and "muc_bao" in made  # the pairs a question "chuyên mục trên báo tỉnh" asks
    assert "cong_dan" not in made  # "công dân" (a citizen) was never written


@pytest.mark.parametrize(
    "question",
    ["làm căn cước công dân ở đâu", "đăng ký kết hôn cần giấy tờ gì", "cách cài đặt máy in cho văn phòng",
     "Thủ tục cấp lại căn cước công dân ở Kon Tum mất mấy ngày?", "cách đổi mật khẩu VNeID",
     "quên mật khẩu dịch vụ công làm sao", "mạng chậm quá gọi ai", "phần mềm quản lý văn bản bị lỗi gọi ai",
     "máy in bộ phận một cửa bị kẹt giấy gọi ai tới sửa",
     "làm lại căn cước cho mẹ thì lên huyện hay lên tỉnh", "đóng thuế nhà trên ứng dụng nào vậy",
     "cho anh hỏi đăng ký khai tử trực tuyến cho ông nội trên cổng dịch vụ công thì làm sao",
     # whom to see, what to bring
     "xin giấy xác nhận tạm trú cho con đi học thì lên xã gặp ai, mang theo gì",
     # told in everyday words that rewrite to an indicator's name ("căn cước gắn chip": 8.1's "định danh
     # điện tử"), the errand names no indicator
     "muốn làm lại căn cước gắn chip cho mẹ thì nộp giấy tờ ở đâu, làm online được không"],
)
def test_a_citizens_errand_is_refused(question: str) -> None:
    assert analyze(question).errand
    assert SEARCHER.ask("kon-tum-2024", question).status == "none"


@pytest.mark.parametrize(
    ("question", "code"),
    [
        # "tính ở đâu", "thuộc chỉ số nào … xếp vào đâu": which indicator holds it, not where to go
        ("số sinh viên tốt nghiệp ngành công nghệ số mỗi năm được tính ở đâu", "4.9"),
        ("hộ có địa chỉ số thì tính vào đâu", "8.4"),
        ("dân chấm sao sau khi nộp hồ sơ online thì được theo dõi ở đâu", "6.14"),  # "theo dõi ở đâu" too
        # lowering a fee to draw people online is a policy the plans score, not a fee to pay
        ("tỉnh có giảm lệ phí cho người nộp hồ sơ qua mạng không", "2.10"),
        ("tỉnh có chính sách giảm phí, lệ phí cho dân nộp hồ sơ qua mạng không", "2.10"),  # the plans' pair
    ],
)
def test_which_indicator_holds_a_thing_is_no_errand(question: str, code: str) -> None:
    assert not analyze(question).errand
    answer = SEARCHER.ask("kon-tum-2024", question)
    assert answer.status == "answer" and answer.matches[0].code == code, (answer.status, answer.matches)


def test_how_a_value_is_scored_is_no_errand() -> None:
    assert not analyze("tỷ lệ hồ sơ trực tuyến tính điểm làm sao").errand
    assert not analyze("muốn đạt tối đa chỉ số hồ sơ trực tuyến thì làm sao").errand


def test_a_fee_to_pay_is_still_an_errand() -> None:
    assert analyze("lệ phí làm hộ chiếu bao nhiêu").errand and analyze("làm căn cước ở đâu").errand


@pytest.mark.parametrize(
    ("plan", "question", "code"),
    [
        ("nghia-phuong-2023", "hộ gia đình có địa chỉ số ở xã lấy số liệu ở đâu", "8.4"),  # evidence asked
        ("kon-tum-2024", "tỷ lệ hồ sơ xử lý trực tuyến lấy ở đâu", "6.12"),
        ("kon-tum-2024", "nộp hồ sơ trực tuyến ở đâu thì được tính vào tỷ lệ hồ sơ xử lý trực tuyến", "6.12"),
    ],
)
def test_an_indicator_named_beside_where_is_answered(plan: str, question: str, code: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "answer" and answer.matches[0].code == code


def test_a_digital_address_is_no_pointer_at_an_indicator() -> None:
    assert analyze("nhà có địa chỉ số chưa").tokens[-3:] == ("dia", "chi", "so")
    assert analyze("chỉ số hộ có địa chỉ số").tokens == ("ho", "co", "dia", "chi", "so")
    assert SEARCHER.ask("nghia-phuong-2023", "nhà địa chỉ số").matches[0].code == "8.4"


@pytest.mark.parametrize(
    ("plan", "question", "codes"),
    [
        ("kon-tum-2024", "tỷ lệ hộ có cáp quang và tỷ lệ dân có smartphone năm 2023 đạt bao nhiêu", {"3.3", "3.1"}),
        ("gia-lai-2023", "tỷ lệ người lớn có điện thoại thông minh và tỷ lệ hộ có địa chỉ số", {"3.1", "8.4"}),
        # the whole too weak to offer anything: the second half repeating the first's start still names two
        ("ninh-thuan-2021", "Tỷ lệ cán bộ xã có máy tính làm việc và tỷ lệ máy tính nối mạng internet được chấm điểm "
                            "ra sao?", {"3.1.3", "3.2.1"}),
    ],
)
def test_two_topics_each_half_is_sure_of_are_a_pair(plan: str, question: str, codes: set[str]) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "both" and {m.code for m in answer.matches} == codes


def test_a_join_inside_one_topic_makes_no_pair() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "doanh nghiệp nhỏ và vừa dùng nền tảng số")
    assert answer.status == "answer" and answer.matches[0].code == "7.5"
    assert SEARCHER.ask("kon-tum-2024", "cách làm căn cước công dân cho con").status == "none"


@pytest.mark.parametrize(
    ("plan", "question", "unit"),
    [
        ("kon-tum-2024", "em ở Sở Nội vụ, đơn vị em phải làm chỉ số nào", "Sở Nội vụ"),
        ("kon-tum-2024", "tôi làm ở Bưu điện tỉnh thì cơ quan tôi chủ trì chỉ số gì", "Bưu điện tỉnh"),
        ("gia-lai-2023", "Sở Khoa học và Công nghệ được giao làm gì trong kế hoạch?", "Sở Khoa học và Công nghệ"),
        ("ninh-thuan-2021", "Sở Công Thương chủ trì mục tiêu nào trong phụ lục 1", "Sở Công Thương"),
        # a town named alone, "tp" for "thành phố": its people's committee
        ("gia-lai-2023", "tp pleiku chu tri chi so nao vay", "UBND thành phố Pleiku"),
        ("gia-lai-2023", "TP. Pleiku được giao chủ trì những chỉ số nào", "UBND thành phố Pleiku"),
        # "… trong kế hoạch chuyển đổi số này": where the rows are looked for, "này" too
        ("ninh-thuan-2021", "So Cong thuong chu tri cai gi trong ke hoach cds nay", "Sở Công Thương"),
    ],
)
def test_a_unit_asked_in_other_words(plan: str, question: str, unit: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "unit" and answer.unit == unit and answer.indicators


@pytest.mark.parametrize(
    ("question", "code"),
    [("phụ lục 1 mục 3", "PL1.3"), ("PL 2.5 ai chủ trì", "PL2.5"), ("mục 10 phụ lục I", "PL1.10"),
     ("mục B.2 của phụ lục III", "PL3.B.2"), ("phu luc 2 muc 11 la gi", "PL2.11"),
     # the item's kind instead of "mục", dashes for dots, a project by its section letter alone
     ("chỉ tiêu 8 phụ lục 1 ai chủ trì", "PL1.8"), ("văn bản số 4 phụ lục II ai chủ trì", "PL2.4"),
     ("dự án A-III-3 ai chủ trì", "PL3.A.III.3"), ("du an c.1 khi nao xong", "PL3.C.1"),
     ("chỉ tiêu số 8 ở phụ lục I ai chủ trì", "PL1.8"),  # "ở" before the appendix
     # the appendix first, then the item's kind ("phụ lục 1 chỉ tiêu 5" was read as criteria pillar 5)
     ("Phụ lục I chỉ tiêu số 5 ai chủ trì", "PL1.5"), ("phụ lục 1 chỉ tiêu 5", "PL1.5"),
     ("phu luc II van ban so 3 la gi", "PL2.3"),
     # a project's section and number said apart
     ("dự án số 2 mục C phụ lục III ai chủ trì vậy", "PL3.C.2"), ("phụ lục III mục C số 2 ai chủ trì", "PL3.C.2"),
     ("mục C phụ lục III, dự án số 2 làm năm nào", "PL3.C.2")],
)
def test_a_plan_item_typed_in_words(question: str, code: str) -> None:
    answer = SEARCHER.ask("ninh-thuan-2021", question)
    assert answer.status == "answer" and answer.matches[0].code == code


@pytest.mark.parametrize(("question", "code"), [
    ("chỉ tiêu số 11 ai chủ trì, ai phối hợp", "PL1.11"), ("chi tieu 14 la gi", "PL1.14"),
])
def test_a_target_by_its_number_alone_is_appendix_ones(question: str, code: str) -> None:
    """Only Appendix I lists targets ("các chỉ tiêu"): "chỉ tiêu số 11", no criterion of that number, is its item 11,
    not an unknown code; a figure never is ("chỉ tiêu 40%")."""
    from knowledge.search.numbers import plan_item_forms

    answer = SEARCHER.ask("ninh-thuan-2021", question)
    assert answer.status == "answer" and answer.matches[0].code == code
    assert plan_item_forms("chỉ tiêu 40% là gì", {"PL1.40"}) == "chỉ tiêu 40% là gì"
    assert plan_item_forms("chỉ tiêu 12 người", {"PL1.12"}) == "chỉ tiêu 12 người"
    assert plan_item_forms("chỉ tiêu số 5 ai chủ trì", {"PL1.5", "5"}) == "chỉ tiêu số 5 ai chủ trì"  # pillar 5
    assert plan_item_forms("dự án số 9 mục C phụ lục III", {"PL3.C.2"}) == "dự án số 9 mục C phụ lục III"


def test_two_items_after_their_appendix_are_both_asked() -> None:
    answer = SEARCHER.ask("ninh-thuan-2021", "Phụ lục I chỉ tiêu số 5 và số 6 ai chủ trì")
    assert answer.status == "both" and [m.code for m in answer.matches[:2]] == ["PL1.5", "PL1.6"]
    answer = SEARCHER.ask("ninh-thuan-2021", "phụ lục 2 mục 4 và mục 6 là văn bản gì")  # the kind said twice
    assert answer.status == "both" and [m.code for m in answer.matches[:2]] == ["PL2.4", "PL2.6"]


def test_an_appendix_the_plan_lacks_is_no_code() -> None:
    from knowledge.search.numbers import plan_item_forms

    assert plan_item_forms("phụ lục 9 mục 3", {"PL1.3"}) == "phụ lục 9 mục 3"
    assert plan_item_forms("phụ lục 1 mục 3", None) == "phụ lục 1 mục 3"
    assert plan_item_forms("dự án Z.9 ai chủ trì", {"PL3.C.1"}) == "dự án Z.9 ai chủ trì"
    assert plan_item_forms("dự án C.9", {"PL3.C.1"}) == "dự án C.9"  # no such project: left as typed


def test_a_group_and_its_rows_are_offered_not_refused_as_vague() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "so tien chi cho attt la bn")
    assert answer.status == "choose" and {m.code for m in answer.matches} >= {"5.12", "5.12.1"}
    assert SEARCHER.ask("nghia-phuong-2023", "xã Nghĩa Phương có bao nhiêu hộ dân").status == "none"


def test_an_errand_naming_a_topic_only_in_part_is_refused() -> None:
    assert SEARCHER.ask("gia-lai-2023", "Mua điện thoại thông minh ở đâu rẻ?").status == "none"


def test_a_quoted_figure_picks_the_indicator_that_writes_it() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "tổ công nghệ số cộng đồng đã có 566 tổ thì thuộc chỉ số nào")
    assert answer.status == "answer" and answer.matches[0].code == "4.2"  # 4.2's result: "Đã thành lập 566 Tổ"
    plain = SEARCHER.ask("kon-tum-2024", "tổ công nghệ số cộng đồng thuộc chỉ số nào")
    assert plain.status == "choose"  # no figure: both rows offered


def test_a_threshold_quoted_from_the_method_picks_the_indicator_that_writes_it() -> None:
    # 6.9's method: "Tỷ lệ ≥ 80% = 10đ"; 6.8 (scored "Tỷ lệ * 10đ") is as near by the words alone
    answer = SEARCHER.ask("nghia-phuong-2023", "tiêu chí hồ sơ trực tuyến từ 80% trở lên là đủ điểm là chỉ số nào")
    assert answer.status == "answer" and answer.matches[0].code == "6.9"


def test_a_code_typed_with_odd_dots_is_a_code_whatever_follows() -> None:
    from knowledge.search.numbers import read_numbers

    codes = {"3.6", "4.7", "1.5"}
    assert read_numbers("3..6 điểm tối đa bao nhiêu", codes).codes == ("3.6",)
    assert read_numbers("chỉ số 4 . 7 mấy điểm", codes).codes == ("4.7",)
    assert read_numbers("đạt 3.6 điểm", codes).codes == ()  # one plain dot before "điểm": a value
    assert read_numbers("tỷ lệ 1.5 %", codes).codes == ()


@pytest.mark.parametrize(
    ("plan", "question"),
    [("nghia-phuong-2023", "Điểm của xã Nghĩa Hiệp ở chỉ số hồ sơ trực tuyến là bao nhiêu?"),
     ("gia-lai-2023", "phường Thắng Lợi có tổ công nghệ số chưa")],
)
def test_another_commune_is_not_answered_from_this_plan(plan: str, question: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "not_held" and answer.held is not None and answer.held.reason == "other_place"


def test_the_plans_own_commune_and_a_units_commune_are_answered() -> None:
    own = SEARCHER.ask("nghia-phuong-2023", "Xã Nghĩa Phương có bao nhiêu hộ có cáp quang")
    assert own.status == "answer" and own.matches[0].code == "3.3"
    unit = SEARCHER.ask("kon-tum-2024", "UBND xã Đăk Blà chủ trì chỉ số nào")
    assert unit.status == "unit" and unit.unit == "UBND cấp xã"


@pytest.mark.parametrize(("plan", "question", "code"), [
    ("kon-tum-2024", "cs về cáp quang hộ gia đình ai chủ trì", "3.3"),  # "cs về": a pointer, no topic word
    ("kon-tum-2024", "cs ve ip v6 ai lam", "6.1"),  # "ip v6" is IPv6, written in 6.1's method
    ("nghia-phuong-2023", "to cns o thon co chua", "4.2"),  # the initials of "tổ công nghệ số"
])
def test_chat_short_forms_of_pointers_and_names(plan: str, question: str, code: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "answer" and [m.code for m in answer.matches] == [code]


def test_a_households_own_tax_is_never_the_enterprises_e_tax_indicator() -> None:
    assert SEARCHER.ask("kon-tum-2024", "nộp thuế đất cho nhà mình ở đâu").status == "none"
    answer = SEARCHER.ask("kon-tum-2024",
                          "doanh nghiệp nộp thuế đất qua mạng có tính vào chỉ số nộp thuế điện tử không")
    assert answer.status == "answer" and answer.matches[0].code == "7.7"


def test_a_result_a_verb_takes_is_a_topic_not_the_result_asked() -> None:
    # "số hóa kết quả giải quyết TTHC" is 2.2.3's name; "max bn điểm" asks its maximum
    query = analyze("tc về số hóa kết quả tthc tối đa bao nhiêu điểm")
    assert query.fields == ("max",) and {"ket", "qua"} <= set(query.tokens)
    assert analyze("kết quả năm 2023 của chỉ số 3.3").fields[0] == "baseline"
    answer = SEARCHER.ask("ninh-thuan-2021", "cho e hỏi tc về số hóa kết quả tthc max bn điểm")
    assert answer.status == "answer" and answer.matches[0].code == "2.2.3"


def test_a_row_holding_more_of_the_question_than_its_group_is_offered_first() -> None:
    # 5.3 "Chữ ký điện tử, chữ ký số" is short, so any question on signatures covers its name; 5.3.3 is the leaders'
    answer = SEARCHER.ask("ninh-thuan-2021", "Lãnh đạo đã có USB ký số riêng để ký văn bản chưa?")
    assert answer.matches[0].code == "5.3.3"


def test_short_forms_of_the_pillars_are_read() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "cs ty trong ktso trong grdp ai theo doi")
    assert answer.status == "answer" and answer.matches[0].code == "7.1"
    answer = SEARCHER.ask("kon-tum-2024", "tỷ trọng kt số trong grdp ai chủ trì")
    assert answer.status == "answer" and answer.matches[0].code == "7.1"


@pytest.mark.parametrize(("question", "codes"), [
    ("Máy tính cho cán bộ cấp huyện và cấp xã tính điểm ra sao?", {"3.1.2", "3.1.3"}),
    ("Tiêu chí trao đổi văn bản điện tử cấp tỉnh và cấp huyện tính điểm thế nào?", {"5.2.1", "5.2.2"}),
])
def test_a_second_half_naming_only_another_level_shares_the_first_halfs_topic(question: str, codes: set[str]) -> None:
    answer = SEARCHER.ask("ninh-thuan-2021", question)
    assert answer.status == "both" and {m.code for m in answer.matches} == codes


def test_the_shared_head_replaces_the_last_level_only_when_the_second_half_starts_with_one() -> None:
    from knowledge.search.pairs import with_shared_head

    assert with_shared_head("máy tính cho cán bộ cấp huyện", "cấp xã ra sao") == "máy tính cho cán bộ cấp xã ra sao"
    assert with_shared_head("Sở Tài chính", "xã") is None  # nothing to replace
    assert with_shared_head("văn bản điện tử cấp tỉnh", "chữ ký số") is None  # no level: a topic of its own


@pytest.mark.parametrize("question", ["Tỉnh Quảng Ngãi phân công ai làm chỉ số 3.3?",
                                      "Gia Lai giao ai chủ trì chỉ số 3.3",
                                      "hạn hoàn thành chỉ số 6.12 của tỉnh Ninh Thuận là khi nào"])
def test_an_owner_deadline_or_target_of_another_province_is_not_this_plans(question: str) -> None:
    answer = SEARCHER.ask("kon-tum-2024", question)
    assert answer.status == "not_held" and answer.held is not None and answer.held.reason == "place_of_other_plan"
    from bot.render import Renderer

    text, _ = Renderer().render("not_held", h=answer.held, plan="KH 419", codes=["3.3"])
    assert "không phải của" in text and "/plan" in text


def test_the_plans_own_province_and_other_provinces_results_stay_answered() -> None:
    assert SEARCHER.ask("kon-tum-2024", "chỉ số 3.3 của Kon Tum ai chủ trì").status == "answer"
    answer = SEARCHER.ask("gia-lai-2023", "Đắk Lắk năm 2021 chỉ số 1.1 được mấy điểm")  # a score record's
    assert answer.status == "answer" and answer.matches[0].code == "1.1"


@pytest.mark.parametrize("question", ["Cách đăng ký tài khoản định danh điện tử mức 2 trên VNeID?",
                                      "hướng dẫn cài đặt ứng dụng VNeID", "làm sao để kích hoạt tài khoản định danh",
                                      "Nộp học phí cho con qua app nào?", "đăng ký tài khoản định danh mức 2 ở đâu",
                                      "cho hỏi cài VNeID chỗ nào", "Đăng ký VNeID cho mẹ tôi thế nào?",
                                      "cài ứng dụng định danh cho người dân thì làm từng bước thế nào",
                                      "Hướng dẫn giúp tôi từng bước kích hoạt tài khoản định danh điện tử",
                                      "Hướng dẫn chi tiết cách livestream bán hàng trên sàn thương mại điện tử",
                                      "Làm sao cài Zoom trên máy tính để họp trực tuyến với tỉnh?",
                                      "Hướng dẫn cách tạo tài khoản định danh điện tử mức 2 trên ứng dụng VNeID.",
                                      "Hướng dẫn em cách scan văn bản ra file PDF bằng điện thoại với"])
def test_how_to_do_ones_own_step_is_refused_even_naming_an_indicator(question: str) -> None:
    assert analyze(question).how_to
    assert SEARCHER.ask("kon-tum-2024", question).status == "none"


@pytest.mark.parametrize(("plan", "question", "code"), [
    ("kon-tum-2024", "Phần mềm chống mã độc cho máy trạm theo chỉ số 5.4 nên mua của hãng nào?", "5.4"),
    ("kon-tum-2024", "Cán bộ nào theo dõi chỉ số 1.4, cho xin tên và số điện thoại?", "1.4"),
    ("kon-tum-2024", "hướng dẫn cách đăng ký chữ ký số theo chỉ số 8.3", "8.3"),
])
def test_what_no_plan_holds_asked_of_a_named_code_is_refused_with_the_code_offered(plan: str, question: str,
                                                                                   code: str) -> None:
    """A vendor, a phone number or how to do one's own step, asked of an indicator named by its code: its card
    would answer what was not asked; the code is offered, never stated."""
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "none" and [m.code for m in answer.hints] == [code]


def test_a_code_named_beside_an_affair_of_its_own_is_still_the_indicator_asked() -> None:
    """A phone, a name or a vendor is refused even of a code named; a day of an event or one's career is not what
    the code's card is refused for (``Query.never_held``, not ``Query.personal``)."""
    asked = analyze("chỉ số 1.3 hội nghị sơ kết tổ chức ngày mấy")
    assert asked.personal and not asked.never_held
    answer = SEARCHER.ask("kon-tum-2024", "chỉ số 1.3 hội nghị sơ kết tổ chức ngày mấy")
    assert answer.status == "answer" and answer.matches[0].code == "1.3"
    assert analyze("cho xin tên và số điện thoại cán bộ theo dõi chỉ số 1.4").never_held


@pytest.mark.parametrize(("plan", "question", "refused"), [
    ("kon-tum-2024", "Nghị quyết của BTV Tỉnh ủy về chuyển đổi số ở chỉ số 2.1 là nghị quyết số mấy, ký ngày nào?",
     True),  # 2.1 cites no number
    ("ninh-thuan-2021", "Tiêu chí 2.2.4 danh sách mã định danh cho các cơ quan thực hiện theo Quyết định số mấy?",
     False),  # 2.2.4 writes "Quyết định số 20/2020/QĐ-TTg"
    ("kon-tum-2024", "Theo bạn chỉ số 5.2 có nên giao hẳn cho Sở TTTT chủ trì không?", True),  # an opinion
    ("ninh-thuan-2021", "Anh thấy tiêu chí 5.14.3 bầu cử điện tử có khả thi không?", True),
    ("gia-lai-2023", "Bạn đánh giá Sở TT&TT làm chỉ số 5.1 như vậy là tốt hay chưa?", True),
    ("kon-tum-2024", "Anh thấy chỉ số 7.1 tỷ trọng kinh tế số trong GRDP có hợp lý với cấp xã không?", True),
    ("kon-tum-2024", "Năm 2026 Bộ có bỏ chỉ số 4.11 phổ cập kỹ năng số khỏi bộ chỉ số không?", True),  # the next set
    ("nghia-phuong-2023", "Năm 2025 nhóm chỉ số 9 đô thị thông minh có bắt đầu được tính điểm không?", True),
])
def test_a_document_s_number_or_an_opinion_asked_of_a_code(plan: str, question: str, refused: bool) -> None:
    """A document's number asked of a code is read from the indicator where it cites one, refused where it cites
    none; an opinion of it is never held."""
    answer = SEARCHER.ask(plan, question)
    assert (answer.status == "none") is refused and len(answer.hints if refused else answer.matches) == 1


@pytest.mark.parametrize("question", ["Máy trạm cài phòng chống mã độc xong thì cấu hình kết nối về NCSC thế nào?",
                                      "Máy trạm cài phần mềm diệt virus xong thì bấm vào mục nào để kết nối NCSC?"])
def test_setting_up_a_tool_oneself_is_how_to(question: str) -> None:
    assert analyze(question).how_to


def test_a_chat_form_written_out_leaves_what_no_plan_holds_readable() -> None:
    # "nhà mạng" is written out as " doanh nghiệp viễn thông ", two spaces either side
    answer = SEARCHER.ask("kon-tum-2024", "Chữ ký số cá nhân cho người dân nên đăng ký ở nhà mạng nào rẻ nhất?")
    assert answer.status == "none"


def test_what_was_done_for_the_people_and_where_a_rate_counts_are_no_errand() -> None:
    # "được hướng dẫn kích hoạt": done for them, told before what is asked; "tính tỷ lệ ở đâu": which indicator
    assert not analyze("bà con được hướng dẫn kích hoạt VNeID, tỷ lệ người kích hoạt ai chủ trì").how_to
    assert not analyze("thủ tục dân làm từ đầu tới cuối trên mạng thì tính tỷ lệ ở đâu").errand


def test_how_a_score_is_worked_out_is_no_errand() -> None:
    for question in ("hướng dẫn cách tính điểm chỉ số 6.12", "cách chấm điểm chỉ số 8.1", "làm sao để đạt điểm tối đa"):
        assert not analyze(question).how_to, question


def test_steps_to_reach_points_are_no_errand() -> None:
    assert not analyze("xã làm từng bước để đạt chỉ số 8.1 thế nào").how_to  # what the method asks


def test_words_spelt_with_a_final_y_are_read_as_folded() -> None:
    # normalize_tokens spells "công ty" "cong ti": a phrase written "cong ty" never matched
    assert analyze("phần mềm quản lý văn bản").intent != "unit_indicators"  # "quản lý" names, it leads nothing
    assert not analyze("công ty nộp thuế đất điện tử").personal  # an enterprise's taxes are 7.7's
    assert analyze("phần mềm một cửa bị lỗi xử lý sao").errand
    assert analyze("lý do chỉ số 1.1 bị trừ").fields == ("loss",)


def test_a_price_asked_is_no_amount_the_plans_hold() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "Giá gói cước internet cáp quang VNPT rẻ nhất là bao nhiêu?")
    assert answer.status in ("not_held", "none")


def test_asked_for_points_a_criterion_comes_before_a_plan_item_that_has_none() -> None:
    # PL3.A.IV.3 (a training project of Ninh Thuận's plan) shares every topic word with 7.2.6 but scores nothing
    answer = SEARCHER.ask("ninh-thuan-2021", "Cán bộ được học cách phân tích, xử lý số liệu bao nhiêu phần trăm thì đủ "
                                             "điểm?")
    assert answer.matches[0].code == "7.2.6"


def test_points_asked_of_two_halves_are_asked_of_each() -> None:
    # the first half alone names PL3.A.III.2 (a project linking databases to LGSP), which scores nothing
    answer = SEARCHER.ask("ninh-thuan-2021", "tiêu chí chia sẻ CSDL qua LGSP và tiêu chí chia sẻ qua NGSP mỗi cái "
                                             "tối đa bao nhiêu điểm")
    assert answer.status == "both" and [m.code for m in answer.matches] == ["4.2.1", "4.2.2"]


def test_a_with_joins_two_topics_only_when_each_half_names_its_indicator_well() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "Hợp đồng điện tử với nộp thuế điện tử tính điểm thế nào?")
    assert answer.status == "both" and {m.code for m in answer.matches} == {"7.6", "7.7"}
    # "hồ sơ trực tuyến" names little of 6.11's name: "với" is read as "with", no pair is made
    assert SEARCHER.ask("kon-tum-2024", "hồ sơ trực tuyến với dịch vụ công").status != "both"


def test_paying_a_fee_online_is_no_errand() -> None:
    """"trả lệ phí" online is the payment the plans count (Ninh Thuận's 3.7.1); a fee's amount or where to pay
    it stays an errand."""
    assert not analyze("dân trả lệ phí bằng quét mã QR trên mạng được mấy điểm").errand
    assert analyze("lệ phí làm căn cước là bao nhiêu").errand
    answer = SEARCHER.ask("ninh-thuan-2021", "dân trả lệ phí bằng quét mã QR trên mạng được mấy điểm")
    assert (answer.status, [m.code for m in answer.matches][:1]) == ("answer", ["3.7.1"])


def test_a_plan_item_scores_nothing_so_yields_when_scoring_or_a_criterion_is_asked() -> None:
    """Ninh Thuận's project PL3.A.IV.3 (training in data analysis) has no points and is no "tiêu chí"; criterion
    7.2.6 (30 % of officials so trained) has both."""
    scored = SEARCHER.ask("ninh-thuan-2021", "tập huấn phân tích xử lý dữ liệu cho CBCC tính điểm thế nào")
    assert scored.matches[0].code == "7.2.6"
    criterion = SEARCHER.ask("ninh-thuan-2021", "tiêu chí tập huấn kỹ năng phân tích, xử lý dữ liệu cho cán bộ")
    assert "7.2.6" in [m.code for m in criterion.matches]  # offered beside the project, never the project alone


@pytest.mark.parametrize(("question", "code"), [
    ("Bao nhiêu phần trăm giấy tờ gửi qua lại giữa các cơ quan là file điện tử, không kèm bản giấy — chỉ tiêu này "
     "ai chủ trì?", "PL1.2"),  # the target, not the criteria 5.2.1–5.2.3 on the same papers
    ("Việc scan lại hồ sơ giấy tờ thủ tục còn hiệu lực để lưu thành file thì có văn bản kế hoạch nào không, ai chủ "
     "trì?", "PL2.5"),
])
def test_who_leads_asked_a_criterion_no_unit_leads_yields_to_the_item_one_does(question: str, code: str) -> None:
    """Ninh Thuận's criteria have no lead unit; its targets, documents and projects do: asked who leads, the item
    close to the top comes first (the mirror of an item yielding when points are asked)."""
    answer = SEARCHER.ask("ninh-thuan-2021", question)
    assert answer.matches[0].code == code
    scored = SEARCHER.ask("ninh-thuan-2021", "tập huấn phân tích xử lý dữ liệu cho CBCC tính điểm thế nào")
    assert scored.matches[0].code == "7.2.6"  # points asked: the criterion still


@pytest.mark.parametrize(
    ("question", "code"),
    [("Vốn đầu tư từ ngân sách cho kinh tế số (không phải chi thường xuyên) thì sở nào theo dõi", "7.11"),
     ("Tiền chi thường xuyên cho kinh tế số, không phải vốn đầu tư, hạn khi nào", "7.12")],
)
def test_an_aside_saying_what_the_topic_is_not_names_no_topic(question: str, code: str) -> None:
    answer = SEARCHER.ask("kon-tum-2024", question)
    assert (answer.status, [m.code for m in answer.matches]) == ("answer", [code])


def test_what_a_question_ends_by_asking_is_no_aside() -> None:
    from knowledge.search.intent import without_negated_aside
    assert without_negated_aside("văn bản do phó chủ tịch ký thay, không tính điểm à?") == \
        "văn bản do phó chủ tịch ký thay, không tính điểm à?"


def test_an_aside_of_what_is_not_yet_counted_names_no_topic() -> None:
    from knowledge.search.intent import without_negated_aside
    assert without_negated_aside("tổ công nghệ số cấp xã (chưa tính dưới thôn) được mấy điểm") == \
        "tổ công nghệ số cấp xã ,  được mấy điểm"


@pytest.mark.parametrize(
    "question",
    ["Chuyện người dân tự ký tên lên giấy tờ điện tử bằng điện thoại — tỷ lệ người lớn làm được mới 2% phải không, "
     "ai lo?",
     "Dân tự ký giấy tờ điện tử bằng điện thoại — người lớn làm được vậy hiện mới 2% hả, ai theo dõi?"],
)
def test_a_percentage_only_one_candidate_writes_names_it(question: str) -> None:
    """Kon Tum's 8.3 (adults with a digital signature) writes "2%" as its 2023 result; 8.2 and 3.1 do not."""
    answer = SEARCHER.ask("kon-tum-2024", question)
    assert (answer.status, [m.code for m in answer.matches]) == ("answer", ["8.3"])


@pytest.mark.parametrize(("question", "code"), [
    ("tc 30% cbcc đc tập huấn kỹ năng phân tích xử lý dữ liệu max mấy điểm vậy", "7.2.6"),
    ("kh chuyển đổi ipv6 có r thì đc mấy đ", "3.4.1"),
    ("Văn bản gửi qua lại giữa các xã chỉ gửi bản điện tử, không kèm giấy thì tiêu chí nào?", "5.2.3"),
])
def test_asked_of_points_or_a_criterion_a_plan_item_close_to_a_criterion_comes_after_it(question: str,
                                                                                         code: str) -> None:
    assert SEARCHER.ask("ninh-thuan-2021", question).matches[0].code == code


def test_an_entry_one_reading_grounds_is_grounded_whichever_reading_scores_best() -> None:
    """Readings of one question (as typed, with everyday wordings rewritten) each say whether the entry's name holds
    some of it: the merged entry is named as much as the reading naming it most, and grounded as that reading is
    ("giấy tờ nộp qua mạng ở cấp tỉnh": only the rewritten "hồ sơ trực tuyến" names 5.10.1's row)."""
    doc = Document("f", "5.10.1", "60% hồ sơ trực tuyến cấp tỉnh", {})
    typed, rewritten = Hit(doc, 0.73, 0.05, 1.0, False), Hit(doc, 0.70, 0.5, 0.9, True)
    merged = best_of_each([typed, rewritten], key=lambda h: h.doc.code, tie=0.0)
    assert [(h.score, h.name_cover, h.grounded) for h in merged] == [(0.73, 0.5, True)]
    assert not best_of_each([typed], key=lambda h: h.doc.code)[0].grounded


def test_a_broadcast_section_is_no_penalty() -> None:
    """"mục phát riêng" folds to "mức phạt": typed with its marks it is a section on the loudspeakers (1.5)."""
    answer = SEARCHER.ask("nghia-phuong-2023", "Tôi lo cái loa của xã, giờ muốn mở hẳn một mục phát riêng nói về "
                                               "công nghệ số thì được bao nhiêu điểm?")
    assert answer.status == "answer" and answer.matches[0].code == "1.5"
    assert analyze("chậm báo cáo thì mức phạt bao nhiêu").personal
    assert analyze("cham bao cao thi muc phat bao nhieu").personal  # typed without marks: still read as a penalty


@pytest.mark.parametrize(("plan", "question", "code"), [
    ("kon-tum-2024", "Mình đã công khai kênh Zalo, Messenger để dân gửi ý kiến góp ý cho chính quyền chưa, cái này "
                     "chấm sao?", "8.8.1.3"),
    ("ninh-thuan-2021", "Dân ở nhà nhận kết quả thủ tục qua bưu điện thì cần bao nhiêu phần trăm hồ sơ như vậy mới "
                        "đạt điểm?", "5.12.2"),
])
def test_a_row_named_more_than_its_group_is_offered_first(plan: str, question: str, code: str) -> None:
    """A group offered with one of its rows: the row whose own name the question says more of ("Zalo, Messenger",
    "bưu điện") comes first, though the group's short name holds more of the question."""
    answer = SEARCHER.ask(plan, question)
    assert answer.matches[0].code == code and len(answer.matches) > 1


def test_in_person_names_no_topic() -> None:
    """"đích thân" (in person) says who signs, not what: it drew the head's own row (1.2) over the documents (1.3)."""
    answer = SEARCHER.ask("nghia-phuong-2023", "văn bản chỉ đạo việc số hóa mà đích thân chủ tịch xã ký tính điểm sao")
    assert answer.status == "answer" and answer.matches[0].code == "1.3"


def test_a_touchscreen_phone_typed_short_is_a_smartphone() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "người xài đt cảm ứng chiếm mấy phần trăm")
    assert answer.status == "answer" and answer.matches[0].code == "3.1"


@pytest.mark.parametrize(
    ("question", "code"),
    [("mấy bữa nay e ngồi tổng hợp số liệu kinh tế số mà mệt quá 😩 tk nào bít tỷ trọng kinh tế số trong GRDP năm 2023 "
      "dc bn", "7.1"),
     # the introduction's "tổng hợp số liệu" is 6.15's wording: never read once the introduction is gone
     ("mấy hôm nay em ngồi tổng hợp số liệu xã hội số mà rối quá 🤯 tk nào bít tỷ lệ người dân có chữ ký số năm 2023 "
      "đạt bn", "8.3")],
)
def test_an_introduction_up_to_ma_or_an_emoji_is_no_topic(question: str, code: str) -> None:
    """"mấy bữa nay" tells when, "tk nào bít" calls for help ("tk" alone is an account), "em ngồi …" introduces."""
    answer = SEARCHER.ask("kon-tum-2024", question)
    assert answer.status == "answer" and answer.matches[0].code == code


def test_knowing_how_to_use_a_computer_is_8_5s_knowing_ict_skills() -> None:
    """Knowing ("biết xài máy tính") is 8.5's "biết kỹ năng về công nghệ thông tin"; 4.10 counts workers trained."""
    answer = SEARCHER.ask("gia-lai-2023", "dân trong tuổi đi làm biết xài điện thoại cơ bản năm 2022 đc mấy điểm")
    assert answer.status == "answer" and answer.matches[0].code == "8.5"


@pytest.mark.parametrize(
    ("question", "codes"),
    [("Chữ ký số cấp cho các cơ quan nhà nước trong tỉnh chấm thế nào?", ["5.3.2"]),  # 5.3.2's "CQNN"
     ("chữ ký số cho cơ quan và cho lãnh đạo tính điểm thế nào", ["5.3.2", "5.3.3"])],
)
def test_a_group_answered_by_the_rows_whose_own_subject_is_named(question: str, codes: list[str]) -> None:
    answer = SEARCHER.ask("ninh-thuan-2021", question)
    assert [m.code for m in answer.matches[:len(codes)]] == codes
    assert answer.status == ("answer" if len(codes) == 1 else "choose")


def test_a_row_named_by_a_word_of_the_question_scope_only_is_no_answer() -> None:
    """"… trong bộ tiêu chí chính quyền số" names the set, not 3.5.2's "Chính quyền số": a hesitation stays one."""
    answer = SEARCHER.ask("ninh-thuan-2021", "Camera giám sát an ninh công cộng thuộc tiêu chí nào trong bộ tiêu chí "
                                             "chính quyền số?")
    assert answer.status != "answer"
