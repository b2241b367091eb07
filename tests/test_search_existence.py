"""Questions whether a plan has an indicator about a thing, and unit questions in the forms officials type.

"Có chỉ số nào về X không" names X: an indicator holding only part of the question ("thông minh" of "điện thoại
thông minh" for a smart electricity meter) is another thing, so it is offered as a hint, never stated.
"""

from __future__ import annotations

import pytest

from knowledge.search.engine import Searcher
from knowledge.search.intent import analyze
from knowledge.search.quality import REFUSALS
from tests.searchkit import shared_searcher


@pytest.fixture(scope="module")
def searcher() -> Searcher:
    return shared_searcher()


@pytest.mark.parametrize(
    ("plan", "question"),
    [
        ("kon-tum-2024", "Có chỉ số nào về số camera giao thông lắp ở các ngã tư không?"),
        ("nghia-phuong-2023", "Xã có chỉ tiêu nào về lắp đồng hồ điện thông minh cho hộ dân không?"),
        ("gia-lai-2023", "Có chỉ số nào đo số phòng học có máy chiếu không?"),
        ("ninh-thuan-2021", "Có tiêu chí nào về tỷ lệ người dân gọi tổng đài hỗ trợ không?"),
        ("nghia-phuong-2023", "Lớp dạy bơi cho thiếu nhi có được tính điểm chuyển đổi số không?"),
        # "… trong kế hoạch chấm …": the plan named between, a verb of scoring for "về"
        ("gia-lai-2023", "Máy in ở bộ phận một cửa hay kẹt giấy, có chỉ số nào trong kế hoạch chấm chuyện này không?"),
    ],
)
def test_an_indicator_about_a_thing_no_indicator_counts_is_refused(searcher: Searcher, plan: str,
                                                                     question: str) -> None:
    answer = searcher.ask(plan, question)
    assert answer.query.exists
    assert answer.status == "none", [m.code for m in answer.matches]


@pytest.mark.parametrize(
    ("plan", "question", "code"),
    [
        ("kon-tum-2024", "Có chỉ số nào về hộ gia đình có cáp quang không?", "3.3"),
        ("kon-tum-2024", "có chỉ số nào về trợ lý ảo trả lời người dân không", "6.19"),
        ("kon-tum-2024", "nhà dân kéo cáp quang, có chỉ số nào trong kế hoạch chấm chuyện này không", "3.3"),
        ("ninh-thuan-2021", "Có tiêu chí nào về họp trực tuyến qua hội nghị truyền hình không?", "5.6.1"),
        ("ninh-thuan-2021", "Lãnh đạo các cấp được đi học cách quản lý chuyển đổi số thì có tính điểm không?",
         "7.2.3"),
    ],
)
def test_an_indicator_about_a_thing_an_indicator_counts_is_answered(searcher: Searcher, plan: str, question: str,
                                                                      code: str) -> None:
    answer = searcher.ask(plan, question)
    assert answer.query.exists
    assert answer.status == "answer" and answer.matches[0].code == code


def test_asking_how_a_counted_thing_scores_is_no_existence_question() -> None:
    assert not analyze("chỉ số 3.3 được tính điểm như thế nào").exists
    assert not analyze("tỷ lệ hộ có cáp quang được tính điểm ra sao").exists


@pytest.mark.parametrize(
    ("plan", "question", "unit"),
    [
        ("kon-tum-2024", "Sở Tài chính được giao theo dõi những chỉ số nào trong kế hoạch DTI của Kon Tum?",
         "Sở Tài chính"),
        ("kon-tum-2024", "Bên Sở KHĐT tụi em chủ trì mấy cs vậy anh?", "Sở Kế hoạch và Đầu tư"),
        ("kon-tum-2024", "Sở Nội vụ phải chủ trì tham mưu những chỉ số nào?", "Sở Nội vụ"),
        ("kon-tum-2024", "Sở Tài chính có được giao chủ trì chỉ số nào trong kế hoạch không?", "Sở Tài chính"),
        ("nghia-phuong-2023", "Cán bộ bộ phận một cửa của xã phụ trách những chỉ số nào trong bộ DTI xã?",
         "Công chức Bộ phận Một cửa xã"),
    ],
)
def test_unit_questions_as_officials_type_them(searcher: Searcher, plan: str, question: str, unit: str) -> None:
    answer = searcher.ask(plan, question)
    assert answer.status == "unit" and answer.unit == unit
    assert any(i.role == "lead" for i in answer.indicators)


def test_a_yes_or_no_question_about_a_unit_is_no_list_of_its_indicators() -> None:
    query = analyze("Sở TTTT có bộ phận thực hiện nhiệm vụ chuyển đổi số không")
    assert query.intent != "unit_indicators"


@pytest.mark.parametrize(
    "frame",
    [
        "danh sách chỉ số của {u}",
        "{u} có nhiệm vụ gì trong bộ chỉ số DTI",
        "các chỉ số {u} chủ trì là gì",
        "{u} làm chủ trì ở những chỉ số nào",
        "{u} đảm nhận những chỉ số nào",
        "nhiệm vụ của {u} trong kế hoạch chuyển đổi số là gì",
        "{u} phải báo cáo những chỉ số nào",
        "cho hỏi {u} chủ trì cs nào ạ",
    ],
)
def test_more_ways_of_asking_what_a_unit_leads(searcher: Searcher, frame: str) -> None:
    answer = searcher.ask("kon-tum-2024", frame.format(u="Sở Nội vụ"))
    assert answer.status == "unit" and answer.unit == "Sở Nội vụ"


@pytest.mark.parametrize(
    "question",
    [
        "Mục tiêu của tỷ lệ DVCTT toàn trình là bao nhiêu?",  # an indicator's own target, no unit's
        "Chỉ số 3.3 có nội dung gì?",
        "bệnh viện tỉnh có bệnh án điện tử chưa",  # "bên" is no prefix of "bệnh"
    ],
)
def test_what_asks_of_an_indicator_is_no_unit_question(question: str) -> None:
    assert analyze(question).intent != "unit_indicators"


@pytest.mark.parametrize(
    ("plan", "question", "unit"),
    [
        ("nghia-phuong-2023", "Công an xã chủ trì mấy chỉ số, là những cái nào?", "Công an xã"),
        ("nghia-phuong-2023", "Anh phụ trách đài truyền thanh xã lo những chỉ số nào?",
         "Phụ trách Đài truyền thanh xã"),
        ("kon-tum-2024", "Sở Nội vụ bên mình chủ trì những chỉ số nào trong Kế hoạch 419?", "Sở Nội vụ"),
    ],
)
def test_the_askers_words_around_a_unit_are_no_part_of_its_name(searcher: Searcher, plan: str, question: str,
                                                                   unit: str) -> None:
    answer = searcher.ask(plan, question)
    assert answer.status == "unit" and answer.unit == unit


def test_a_unit_name_is_not_cut_where_it_starts_like_a_pronoun(searcher: Searcher) -> None:
    from knowledge.search.unit_questions import unit_words as _unit_words

    assert _unit_words("chi cuc thong ke") == "chi cuc thong ke"
    assert _unit_words("benh vien tinh") == "benh vien tinh"


@pytest.mark.parametrize(
    ("plan", "question", "code"),
    [
        ("kon-tum-2024", "Tôi làm văn thư ở Văn phòng UBND tỉnh: tỷ lệ hộ gia đình có cáp quang năm 2023 là bao nhiêu?",
         "3.3"),
        ("nghia-phuong-2023", "e moi dc giao lam dau moi, chi so ho gia dinh co dia chi so ai chu tri vay", "8.4"),
        # whose duty the asker took on names another indicator's words (4.3: staff for digital transformation)
        ("nghia-phuong-2023", "e nhận đầu mối cđs xã, chỉ số tổ cn số cộng đồng ở thôn chấm sao ạ", "4.2"),
    ],
)
def test_the_askers_introduction_is_no_topic(searcher: Searcher, plan: str, question: str, code: str) -> None:
    answer = searcher.ask(plan, question)
    assert answer.status == "answer" and [m.code for m in answer.matches] == [code]


def test_a_commune_plan_names_the_commune_scored_beside_the_level_asked(searcher: Searcher) -> None:
    """"thôn nào cũng lập tổ … thì xã được chấm mấy điểm": the village row, the commune being the one scored."""
    answer = searcher.ask("nghia-phuong-2023", "ở thôn lập tổ giúp dân dùng điện thoại thì xã được chấm thế nào")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["4.2"]


def test_a_result_of_the_year_a_row_only_sets_as_its_deadline_is_not_held(searcher: Searcher) -> None:
    """Kon Tum's 8.1 is due "Năm 2025": its target is for then, no result of 2025 is written anywhere."""
    answer = searcher.ask("kon-tum-2024",
                          "Thực tế năm 2025 tỷ lệ người dân có tài khoản định danh điện tử đạt bao nhiêu?")
    assert answer.status == "not_held" and answer.held is not None
    assert ("Chỉ tiêu 8.1 (Năm 2025)", "Phấn đấu 100%") in answer.held.holds
    target = searcher.ask("kon-tum-2024", "mục tiêu năm 2025 của chỉ số 8.1 là bao nhiêu")
    assert target.status == "answer" and [m.code for m in target.matches] == ["8.1"]


@pytest.mark.parametrize(
    ("plan", "question", "unit"),
    [
        ("kon-tum-2024", "bên Kế hoạch Đầu tư đang ôm mấy chỉ số vậy, liệt kê giúp em", "Sở Kế hoạch và Đầu tư"),
        ("kon-tum-2024", "Tài chính chủ trì cs nào trong kh 419 a", "Sở Tài chính"),
        ("nghia-phuong-2023", "anh bên tài chính kế toán phụ trách những cs nào trong dti xã",
         "Công chức Tài chính - Kế toán xã"),
        ("nghia-phuong-2023", "VH-TT chủ trì những chỉ tiêu nào", "Công chức Văn hóa - Thông tin xã"),
        ("gia-lai-2023", "bên nội vụ chủ trì cs nào trong kh 3015", "Sở Nội vụ"),
        ("gia-lai-2023", "VPUB tỉnh chủ trì mấy cs DTI", "Văn phòng UBND tỉnh"),
        ("kon-tum-2024", "các nhà mạng được giao chủ trì chỉ số gì", "Doanh nghiệp viễn thông"),
    ],
)
def test_units_named_as_colleagues_name_them(searcher: Searcher, plan: str, question: str, unit: str) -> None:
    answer = searcher.ask(plan, question)
    assert answer.status == "unit" and answer.unit == unit, (answer.status, answer.query.unit_phrase)


def test_a_document_to_draft_for_the_asker_is_refused_one_to_write_is_not(searcher: Searcher) -> None:
    asked = searcher.ask("kon-tum-2024", "nhờ ad soạn giúp em cái kế hoạch thành lập tổ công nghệ số cộng đồng")
    assert asked.status == "none"
    for errand in ("Viết giúp em biên bản họp Ban chỉ đạo chuyển đổi số để làm minh chứng",
                   "Đăng ký giúp tôi lớp tập huấn kỹ năng số tháng sau"):
        assert searcher.ask("nghia-phuong-2023", errand).status == "none", errand
    assert not analyze("tỉnh đã làm kế hoạch chuyển đổi IPv6 chưa").how_to  # a plan of the province's
    own = searcher.ask("kon-tum-2024", "em phải viết báo cáo tỷ lệ hộ gia đình có cáp quang mà không biết ai chủ trì")
    assert own.status == "answer" and [m.code for m in own.matches] == ["3.3"]
    # given to the asker to write ("e bị giao viết báo cáo"): the asker's own
    given = searcher.ask("gia-lai-2023", "e bi giao viet bao cao, hop dong dien tu gl 2022 dc bn diem so ke hoach dau "
                                         "tu chu tri dung ko")
    assert given.status == "answer" and [m.code for m in given.matches] == ["7.6"]
    # the asker drafting it ("đang soạn", "đang" a filler gone from the words read), or a draft named
    for drafting in ("Sở em đang soạn dự thảo chính sách thuê chuyên gia. Chỉ số ban hành chính sách thuê chuyên gia "
                     "chuyển đổi số hạn khi nào?",
                     "Em ở Sở Nội vụ, đang viết dự thảo quyết định. Chỉ số ban hành chính sách thuê chuyên gia "
                     "chuyển đổi số hạn khi nào?"):
        answer = searcher.ask("kon-tum-2024", drafting)
        assert answer.status == "answer" and [m.code for m in answer.matches] == ["2.9"], drafting


@pytest.mark.parametrize(
    ("plan", "question", "unit"),
    [
        ("kon-tum-2024", "Sở Nội vụ được giao chủ trì tham mưu, theo dõi những chỉ số nào trong Phụ lục 2 Kế hoạch "
                         "419/KH-UBND?", "Sở Nội vụ"),
        ("kon-tum-2024", "Sở KH&ĐT và Sở GD-ĐT chủ trì những chỉ số nào",
         "Sở Kế hoạch và Đầu tư và Sở Giáo dục và Đào tạo"),
        ("kon-tum-2024", "Đề nghị liệt kê đầy đủ các chỉ số do Sở Tài chính chủ trì để tổng hợp vào báo cáo",
         "Sở Tài chính"),
        ("nghia-phuong-2023", "đồng chí phụ trách Đài truyền thanh xã được phân công chỉ số gì",
         "Phụ trách Đài truyền thanh xã"),
        ("nghia-phuong-2023", "phòng một cửa xã chủ trì mấy chỉ số", "Công chức Bộ phận Một cửa xã"),
        # "1 cửa" with its digit, as on the section's signs; "trong phụ lục phân công nhiệm vụ" names where to look
        ("nghia-phuong-2023", "công chức 1 cửa chủ trì những chỉ số nào", "Công chức Bộ phận Một cửa xã"),
        # "mấy cái" gone with the fillers: "<unit> được giao chủ trì", where to look after it
        ("ninh-thuan-2021", "sở nội vụ đc giao chủ trì mấy cái trong kh nâng cao chỉ số cđs vậy ạ", "Sở Nội vụ"),
        # the kinds of rows wanted listed bare, as in brackets
        ("ninh-thuan-2021", "Sở Công thương được giao chủ trì những nội dung nào (chỉ tiêu, văn bản, dự án)?",
         "Sở Công Thương"),
        ("nghia-phuong-2023", "CC Văn phòng - Thống kê xã chủ trì những chỉ số nào trong phụ lục phân công nhiệm vụ?",
         "Công chức Văn phòng - Thống kê xã"),
        ("nghia-phuong-2023", "Công an xã và CC VHXH mỗi bên chủ trì chỉ số nào?",
         "Công an xã và Công chức Văn hóa - Xã hội xã"),
        ("gia-lai-2023", "Sở Nội vụ chủ trì các chỉ số nào, kèm thời gian hoàn thành", "Sở Nội vụ"),
        ("kon-tum-2024", "Đơn vị tôi là Sở Tài chính. Trong bộ chỉ số của tỉnh, Sở mình phải chủ trì những chỉ số "
                         "nào?", "Sở Tài chính"),
        ("gia-lai-2023", "Tôi là chuyên viên bên Sở Nội vụ, xin hỏi cơ quan mình được giao chủ trì chỉ số nào?",
         "Sở Nội vụ"),
    ],
)
def test_units_named_formally_jointly_or_by_the_asker_as_their_own(searcher: Searcher, plan: str, question: str,
                                                                     unit: str) -> None:
    answer = searcher.ask(plan, question)
    assert answer.status == "unit" and answer.unit == unit, (answer.status, answer.query.unit_phrase)


def test_free_public_wifi_is_no_postal_point_with_broadband(searcher: Searcher) -> None:
    """7.8 counts postal points with fixed broadband; no indicator counts free public wifi spots."""
    answer = searcher.ask("nghia-phuong-2023", "Có chỉ số nào về điểm wifi miễn phí ở nhà văn hóa không?")
    assert answer.status == "none"
    postal = searcher.ask("nghia-phuong-2023", "bao nhiêu điểm bưu điện văn hóa xã có internet băng rộng cố định")
    assert [m.code for m in postal.matches][:1] == ["7.8"]


@pytest.mark.parametrize(("plan", "question"), [
    ("gia-lai-2023", "Chỉ số camera giám sát giao thông ở TP Pleiku do cơ quan nào chủ trì?"),
    ("nghia-phuong-2023", "Xã có chỉ tiêu lắp camera an ninh ở các thôn không, ai phụ trách?"),
])
def test_cameras_are_no_online_monitoring_platform(searcher: Searcher, plan: str, question: str) -> None:
    """6.18 (and the commune's 6.15) count a platform watching management figures online, not cameras: no
    indicator counts security or traffic cameras, and nothing is stated."""
    answer = searcher.ask(plan, question)
    assert answer.status in REFUSALS and not answer.matches


@pytest.mark.parametrize(("plan", "question"), [
    ("gia-lai-2023", "Số điểm wifi công cộng miễn phí ở Pleiku được tính vào chỉ số nào?"),
    ("kon-tum-2024", "Kon Tum hiện có bao nhiêu điểm wifi công cộng miễn phí?"),
])
def test_free_public_wifi_is_no_incentive_policy(searcher: Searcher, plan: str, question: str) -> None:
    """"miễn phí" alone is no "chính sách khuyến khích" (2.10, 2.11): free wifi is counted by no indicator of these
    plans; fee waivers for online services still find 2.10 by its own wordings."""
    assert searcher.ask(plan, question).status in REFUSALS
    waived = searcher.ask("kon-tum-2024", "dân nộp hồ sơ online được miễn phí thì tính vào chỉ số nào")
    assert [m.code for m in waived.matches][:1] == ["2.10"]


def test_selling_by_livestream_is_no_online_dialogue_with_the_government(searcher: Searcher) -> None:
    """"livestream" alone is no "tương tác trực tuyến" (6.5): the plans count the government's dialogue online,
    not shops selling on TikTok; a leader's livestream with citizens still finds 6.5."""
    assert searcher.ask("kon-tum-2024", "Số người bán hàng livestream trên TikTok có nằm trong chỉ số nào không?") \
        .status in REFUSALS
    assert [m.code for m in searcher.ask("kon-tum-2024", "lãnh đạo tỉnh livestream với dân").matches][:1] == ["6.5"]


@pytest.mark.parametrize(
    ("plan", "question", "code"),
    [
        # a story, then whether it counts: the clause naming the thing holds most of what it says
        ("ninh-thuan-2021", "Nhà em lên cổng của tỉnh thấy có chỗ chat trực tiếp với cán bộ, được trả lời liền. "
                            "Có tiêu chí nào chấm cái này không anh?", "5.14.1"),
        ("kon-tum-2024", "Xã em giờ họp với tỉnh ở hội trường, sắp tới nghe nói mở điện thoại cá nhân là vào họp "
                         "được. Cái này có chấm điểm không?", "6.17"),
    ],
)
def test_a_message_asking_whether_its_story_counts_is_answered_from_the_clause_naming_it(
        searcher: Searcher, plan: str, question: str, code: str) -> None:
    answer = searcher.ask(plan, question)
    assert answer.query.exists
    assert answer.status == "answer" and answer.matches[0].code == code


@pytest.mark.parametrize(
    ("plan", "question", "code"),
    [
        # the story's clause finds the group (3.1), the clause asking its row: one thing, the row answers
        ("ninh-thuan-2021", "Phòng em ở huyện còn mấy anh chị chưa có máy tính để làm việc, phải mượn máy của nhau. "
                            "Tỉnh có tiêu chí nào về việc cán bộ huyện được cấp máy tính không ạ?", "3.1.2"),
        # the story's clause finds the same indicator by fewer of its words than the question's
        ("kon-tum-2024", "Nhiều xã bán hàng qua sàn thương mại điện tử của bưu điện, đăng bán cà phê lên chợ online. "
                         "Số đơn hàng trên sàn đó có được chấm điểm không, ai theo dõi?", "7.9"),
    ],
)
def test_a_clause_of_context_leans_and_the_clause_asking_whether_it_counts_decides(
        searcher: Searcher, plan: str, question: str, code: str) -> None:
    """Only the clause asking whether a thing counts is held to name most of what it finds (``holds_asked``); a
    clause of the story before it, sure of that indicator or its group by a few words, only leans to it."""
    answer = searcher.ask(plan, question)
    assert answer.query.exists
    assert answer.status == "answer" and [m.code for m in answer.matches] == [code]


def test_a_clause_asking_whether_it_counts_names_nothing_it_finds() -> None:
    """"… tỉnh có tính điểm cơ quan làm như vậy không": the words of any agency's work find an indicator that holds
    them all; the thing asked about is in the other clauses, which find nothing sure: refused, nothing stated."""
    answer = shared_searcher().ask(
        "ninh-thuan-2021", "Chú tôi nuôi bò, kể là đoàn thanh tra giờ xem sổ sách trang trại qua mạng, không phải "
                           "xuống tận nơi; tỉnh có tính điểm cơ quan làm như vậy không?")
    assert answer.query.exists
    assert answer.status in REFUSALS or answer.matches[0].code.startswith("5.7"), [m.code for m in answer.matches]


def test_a_step_told_in_a_sentence_of_context_is_no_step_asked(searcher: Searcher) -> None:
    """How to do a step is read in the sentences that ask (the last, one ending "?"): a sentence telling what
    someone did ("… đi từng nhà hướng dẫn kích hoạt VNeID") asks nothing; the same step asked still refuses."""
    told = searcher.ask("nghia-phuong-2023", "hqua công an xã đi từng nhà hướng dẫn kích hoạt VNeID mức 2, bà con "
                                             "đông lắm. cho e hỏi chỉ số định danh điện tử này ai chủ trì")
    assert told.status == "answer" and [m.code for m in told.matches] == ["8.1"]
    assert analyze("Mẹ em lớn tuổi rồi. Hướng dẫn kích hoạt VNeID mức 2 thế nào?").how_to
    assert analyze("Hướng dẫn kích hoạt VNeID mức 2 thế nào? Em cần gấp.").how_to
