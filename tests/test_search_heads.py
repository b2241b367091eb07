"""A budget row ("Kinh phí diễn tập, ứng cứu sự cố ATTT") is not the answer to a question about its topic that
never speaks of money (issue 17: "chỉ số về diễn tập an toàn thông tin ai làm" answered 5.12.4 where 5.9 is meant);
and of a group's rows told apart by their level, a question naming one level asks that row."""

from __future__ import annotations

import pytest

from knowledge.search.heads import asks_of_money, levels_named, speaks_of_money, weigh_budgets_and_frequencies
from knowledge.search.index import Document, Hit
from knowledge.search.quality import REFUSALS
from tests.searchkit import shared_searcher

SEARCHER = shared_searcher()


def codes(question: str) -> list[str]:
    return [m.code for m in SEARCHER.ask("kon-tum-2024", question).matches]


def test_the_topic_row_leads_when_money_is_not_asked() -> None:
    """Answered alone: the budget row's everyday wordings repeat its topic's, and are not what is asked."""
    assert codes("chỉ số về diễn tập an toàn thông tin ai làm") == ["5.9"]
    assert [m.code for m in SEARCHER.ask("nghia-phuong-2023", "xã có phải tổ chức tập dượt chống tấn công mạng "
                                                               "không, tính điểm sao").matches][:1] == ["5.9"]


def test_money_typed_short_is_money() -> None:
    assert speaks_of_money(["kp", "giam", "sat"]) and speaks_of_money(["50", "tr"])


@pytest.mark.parametrize("question", ["kinh phí diễn tập an toàn thông tin ai làm",
                                      "tiền chi cho diễn tập an toàn thông tin ai lo"])
def test_the_budget_row_leads_when_money_is_asked(question: str) -> None:
    assert codes(question)[0] == "5.12.4"


@pytest.mark.parametrize(("text", "money"), [
    ("chỉ số 5.9 ai chủ trì", False), ("chi so dien tap", False), ("chỉ tiêu diễn tập", False),
    ("kinh phí diễn tập", True), ("bao nhiêu tiền", True), ("ngan sach cho cntt", True),
    # three words: recurrent spending, not a frequency
    ("khoản chi thường xuyên của xã", True), ("chi tiêu tiền cho tuyên truyền", True),
])
def test_money_is_read_from_whole_words_not_from_chi(text: str, money: bool) -> None:
    assert speaks_of_money(text.split()) is money


@pytest.mark.parametrize(("plan", "question", "code"), [
    ("kon-tum-2024", "tổ công nghệ số ở các thôn thành lập chưa", "4.2"),
    ("kon-tum-2024", "tổ công nghệ số cộng đồng cấp xã chấm thế nào", "4.1"),
    ("ninh-thuan-2021", "máy tính cho cán bộ cấp huyện chấm thế nào", "3.1.2"),
    ("ninh-thuan-2021", "trao đổi văn bản điện tử ở huyện tính sao", "5.2.2"),
    ("ninh-thuan-2021", "may tinh cho can bo cap tinh", "3.1.1"),
    # two levels named: the commune does it, in its villages (where it is done is the row asked)
    ("kon-tum-2024", "xã được giao lập tổ công nghệ số cộng đồng ở các thôn thì ai chủ trì", "4.2"),
    ("kon-tum-2024", "huyện chỉ đạo lập tổ công nghệ số cộng đồng đến từng xã, ai chủ trì", "4.1"),
])
def test_the_row_for_the_level_asked_leads_its_group(plan: str, question: str, code: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert (answer.status, [m.code for m in answer.matches][:1]) == ("answer", [code])


@pytest.mark.parametrize(("text", "levels"), [
    ("cán bộ ở xã có đủ máy tính không", {"commune"}), ("máy tính cho cán bộ", set()),
    ("chỉ số xã hội số", set()), ("các thị xã", {"district"}), ("văn bản điện tử", set()),
    ("o thon co to cong nghe so", {"village"}), ("may tinh cap tinh", {"province"}), ("tinh diem", set()),
    ("phương thức thanh toán", set()), ("huyện và xã", {"district", "commune"}),
])
def test_levels_are_read_only_where_no_other_word_is_spelled_alike(text: str, levels: set[str]) -> None:
    assert levels_named(text) == levels


def test_a_household_fibre_question_finds_the_household_row_not_the_post_offices() -> None:
    # "băng rộng" kept in the question's words: the pair the names make ("Internet băng rộng cáp quang")
    assert codes("nhà có mạng cáp quang không")[0] == "3.3"


def test_a_frequency_row_leads_only_when_a_frequency_is_asked() -> None:
    """"Tần suất … phát sóng chuyên mục" is how often; whether there is a programme at all is the row before it."""
    has = [m.code for m in SEARCHER.ask("nghia-phuong-2023", "loa xã đã có mục riêng về chuyển đổi số chưa").matches]
    assert has[:1] == ["1.5"]
    often = SEARCHER.ask("nghia-phuong-2023", "loa xã phát mục chuyển đổi số bao lâu một lần thì đủ điểm")
    assert [m.code for m in often.matches][:1] == ["1.6"]


def test_a_group_one_clause_found_gives_the_row_of_the_level_another_clause_names() -> None:
    """"Ở xã, …" names the level in its own clause; the clause asking finds only the group 3.1 (every level)."""
    answer = shared_searcher().ask("ninh-thuan-2021", "Ở xã, anh em cán bộ mỗi người có được cấp một cái máy tính "
                                                      "để làm việc không, cái này chấm mấy điểm?")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["3.1.3"]


def test_a_row_one_clause_found_gives_its_sibling_for_the_level_the_message_names() -> None:
    # "xã tính điểm …" found 4.1 (the commune's teams); the message is about the villages' (4.2)
    answer = shared_searcher().ask("nghia-phuong-2023", "Ở thôn tôi có mấy đứa đoàn viên đi từng nhà chỉ bà con cài "
                                                        "ứng dụng trên điện thoại; xã tính điểm mấy nhóm này ra sao?")
    assert [m.code for m in answer.matches] == ["4.2"]


def test_a_group_found_alone_gives_the_row_of_the_level_the_question_names() -> None:
    """3.1 found, none of its rows near it: "cấp tỉnh" names 3.1.1's level ("Tỷ lệ CBCC tại CQNN cấp tỉnh …")."""
    answer = shared_searcher().ask("ninh-thuan-2021", "Bao nhiêu phần trăm cán bộ ở các cơ quan cấp tỉnh có máy vi "
                                                      "tính để làm việc, cái đó chấm sao?")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["3.1.1"]
    # no level named: the group stays
    assert [m.code for m in shared_searcher().ask("ninh-thuan-2021", "cán bộ có máy vi tính để làm việc "
                                                                     "chấm sao").matches][:1] == ["3.1"]


def test_a_budget_row_close_to_its_topics_row_is_the_answer_when_money_is_surely_asked() -> None:
    # 5.9 (the drills held) scores first on the topic's words; "tiền" asks what was spent on them
    answer = SEARCHER.ask("kon-tum-2024", "Tiền tỉnh chi để tổ chức diễn tập, ứng cứu khi bị tấn công mạng thì "
                                          "nằm ở chỉ số nào?")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["5.12.4"]


def test_a_budget_row_somewhat_below_its_topics_row_goes_first_when_money_is_surely_asked() -> None:
    # 5.9 0.51, 5.12.4 0.43: "buổi tập dượt ứng phó" holds more of 5.9's everyday words than of the budget row's
    answer = SEARCHER.ask("gia-lai-2023", "Tiền tỉnh bỏ ra cho các buổi tập dượt ứng phó khi bị tấn công mạng thì "
                                          "chấm điểm thế nào?")
    assert [m.code for m in answer.matches][:1] == ["5.12.4"]


@pytest.mark.parametrize(("text", "sure"), [
    ("Tiền tỉnh chi cho diễn tập", True), ("kinh phi giam sat", True), ("tổ công nghệ số cộng đồng", False),
    ("miễn phí wifi", False), ("cải tiến quy trình", False), ("tiện ích trên cổng", False),
])
def test_money_surely_asked_is_read_from_unambiguous_words(text: str, sure: bool) -> None:
    assert asks_of_money(text.split()) is sure


def test_a_lone_budget_row_asked_of_money_in_everyday_words_is_stated() -> None:
    # "tiền" says the name's "Kinh phí": the row is named though the question writes none of its words
    answer = SEARCHER.ask("gia-lai-2023", "Tiền làm tuyên truyền cho người ta biết cảnh giác lừa đảo, mất an toàn "
                                          "trên mạng thì tối đa mấy điểm?")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["5.12.6"]
    # an errand asked of money stays refused
    assert SEARCHER.ask("gia-lai-2023", "mua chữ ký số cho cán bộ hết bao nhiêu tiền").status in REFUSALS


def test_a_frequency_row_close_to_its_topics_row_is_the_answer_when_a_frequency_is_asked() -> None:
    # 1.7 (the provincial station has a programme) and 1.8 (how often it airs it) share every topic word
    answer = SEARCHER.ask("gia-lai-2023", "Đài tỉnh bao lâu phát một lần chương trình về chuyển đổi số thì được "
                                          "điểm tối đa?")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["1.8"]


def test_a_frequency_said_in_words_the_topics_row_never_holds_still_asks_its_frequency_row() -> None:
    """1.10 (how often the commune loudspeakers air the programme) far below 1.9 (they have one): "đều đặn tuần nào
    cũng có" asks how often, whatever the distance; in a clause of its own too ("… Vậy phải phát mấy ngày một lần")."""
    assert codes("Loa phát thanh ở xã, ở thôn có đọc tin về chuyển đổi số đều đặn tuần nào cũng có không? Năm "
                 "2023 mình đạt chưa?")[:1] == ["1.10"]
    assert codes("Cái loa ở thôn xã đọc tin chuyển đổi số, năm 2023 tỉnh ghi là chưa đạt về độ thường xuyên. Vậy "
                 "phải phát mấy ngày một lần mới được?")[:1] == ["1.10"]
    # a pair's half naming the topic is the topic's row: the other half names the frequency row itself
    pair = SEARCHER.ask("kon-tum-2024", "chỉ số đài PTTH tỉnh có chuyên mục riêng về cđs với tần suất phát sóng "
                                        "chuyên mục đó năm 2023 đạt chưa")
    assert pair.status == "both" and {m.code for m in pair.matches} == {"1.7", "1.8"}


def test_a_budget_rows_wordings_mirror_its_topics_everyday_words() -> None:
    # 5.9 is "tập dượt chống tấn công mạng" in everyday words; the money spent on it (5.12.4) is said so too
    answer = SEARCHER.ask("kon-tum-2024", "Khoản tiền tỉnh chi cho việc tập dượt chống tấn công mạng được mấy điểm?")
    assert [m.code for m in answer.matches][:1] == ["5.12.4"]


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("dự án phủ sóng 5G khắp tỉnh giao cho sở nào", "PL3.A.II.6"),  # the project, not the target PL1.11
        ("phủ sóng 5G khắp tỉnh giao cho sở nào", "PL1.11"),  # no project named: the target, as before
    ],
)
def test_a_project_named_leads_the_target_of_the_same_topic(question: str, code: str) -> None:
    answer = SEARCHER.ask("ninh-thuan-2021", question)
    assert answer.status == "answer" and answer.matches[0].code == code, [m.code for m in answer.matches]


def test_a_budget_row_money_not_spoken_of_stays_below_the_row_of_its_own_topic() -> None:
    """"Tập dượt … tổ chức mấy lần": the drills (5.9), not their budget (5.12.4), though the budget row holds more
    of the words; spoken of money, the budget row keeps its place."""
    budget = Hit(Document("dti-tinh", "5.12.4", "Kinh phí diễn tập, ứng cứu sự cố ATTT", {}), 0.63)
    drills = Hit(Document("dti-tinh", "5.9", "Số lượng các cuộc diễn tập được triển khai", {}), 0.46)
    other = Hit(Document("dti-tinh", "5.12.1", "Kinh phí chung chi cho ATTT", {}), 0.5)
    asked = weigh_budgets_and_frequencies([budget, other, drills], ["tap", "duot", "to", "chuc", "may", "lan"])
    assert [h.doc.code for h in asked][:2] == ["5.9", "5.12.4"]  # right below: still offered beside it
    assert next(h for h in asked if h.doc.code == "5.12.1").score == pytest.approx(0.5 * 0.75)  # no own topic here
    # a topic's row far below, or barely named, is no contender: the budget row keeps its place
    far = Hit(drills.doc, 0.3)
    assert [h.doc.code for h in weigh_budgets_and_frequencies([budget, far], ["tap", "duot"])][:1] == ["5.12.4"]
    unnamed = Hit(drills.doc, 0.46, grounded=False)
    assert [h.doc.code for h in weigh_budgets_and_frequencies([budget, unnamed], ["tap", "duot"])][:1] == ["5.12.4"]
    spent = weigh_budgets_and_frequencies([budget, drills], ["kinh", "phi", "dien", "tap"])
    assert [h.doc.code for h in spent][:1] == ["5.12.4"]


@pytest.mark.parametrize(("question", "row"), [
    ("Gửi hồ sơ và nhận kết quả thủ tục qua bưu điện tận nhà, phải được bao nhiêu phần trăm hồ sơ trả qua bưu điện "
     "mới có điểm?", "5.12.2"),
    ("Tỉnh có bao nhiêu người chuyên lo máy tính, mạng (dân IT) trong cơ quan nhà nước — tỷ lệ bao nhiêu thì được "
     "trọn điểm?", "7.1.1"),
])
def test_a_rate_asked_of_a_group_is_led_by_its_row_that_sets_one(question: str, row: str) -> None:
    """Ninh Thuận's 5.12 (post-office service) sets no rate, its rows do ("20% kết quả … trả qua dịch vụ BCCI")."""
    answer = SEARCHER.ask("ninh-thuan-2021", question)
    assert answer.status in ("answer", "choose") and answer.matches[0].code == row
