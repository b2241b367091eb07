"""Two indicators joined by "và"/"với"/"hoặc"/"lẫn" or a comma without a pointer word before the second ("máy
chủ và máy trạm …"): both are answered or offered; a name holding "và" stays one topic."""

from __future__ import annotations

import pytest

from knowledge.search.asker_intro import only_intro
from knowledge.search.intent import analyze
from knowledge.search.pairs import join_parts, pair_parts
from tests.searchkit import shared_searcher

SEARCHER = shared_searcher()


def asked_pair(plan: str, question: str) -> set[str] | None:
    """The two codes answered together, or None when the answer is no pair."""
    answer = SEARCHER.ask(plan, question)
    return {m.code for m in answer.matches} if answer.status == "both" else None


@pytest.mark.parametrize(
    ("plan", "question", "codes"),
    [
        ("kon-tum-2024", "trợ lý ảo cho dân và trợ lý ảo cho công chức triển khai chưa", {"6.19", "6.20"}),
        ("kon-tum-2024", "hộ gia đình có cáp quang và người dân có chữ ký số đạt bao nhiêu", {"3.3", "8.3"}),
        ("kon-tum-2024", "máy chủ và máy trạm đã cài phần mềm chống mã độc chưa", {"5.3", "5.4"}),
        # "lẫn" joins like "và"; a comma joins two topics each named well; a second sentence names a bare code
        ("kon-tum-2024", "tỷ lệ DVCTT điền sẵn thông tin lẫn tỷ lệ DVCTT cá thể hóa ai chủ trì", {"6.9", "6.10"}),
        ("nghia-phuong-2023", "kế hoạch 5 năm, kế hoạch hằng năm về chuyển đổi số ai làm", {"2.2", "2.3"}),
        ("kon-tum-2024", "Chỉ số 7.6 hạn khi nào? Còn 7.7 thì sao?", {"7.6", "7.7"}),
        # the second half's end is the first's too, though it does not repeat the first's head word
        ("kon-tum-2024", "kinh phí đầu tư và chi thường xuyên cho kinh tế số ai lo", {"7.11", "7.12"}),
        # a half hesitating between a group and its row names that group; a level led by "ở"; "với" at 0.15
        ("ninh-thuan-2021", "trung tâm SOC và trung tâm IOC được mấy điểm", {"3.5.1", "3.6.1"}),
        ("kon-tum-2024", "tổ công nghệ số cấp xã và ở thôn hạn khi nào", {"4.1", "4.2"}),
        ("kon-tum-2024", "người dân có tài khoản ngân hàng với có chữ ký số ai lo", {"8.2", "8.3"}),
        # a clause "còn …", ", cả … nữa", "hai cái này", a level in a half, parallel halves at "với"
        ("kon-tum-2024", "Sở KH&ĐT lo số doanh nghiệp nền tảng số rồi, còn tên miền .vn thì ai lo?", {"7.3", "7.10"}),
        ("kon-tum-2024", "chữ ký số cá nhân do ai theo dõi, cả tài khoản ngân hàng nữa", {"8.2", "8.3"}),
        ("kon-tum-2024", "hợp đồng điện tử với nộp thuế điện tử, hai cái này mục tiêu bao nhiêu", {"7.6", "7.7"}),
        ("gia-lai-2023", "tổ công nghệ số cấp xã lẫn ở khu ấp được mấy điểm năm 2022", {"4.1", "4.2"}),
        ("ninh-thuan-2021", "trao đổi văn bản điện tử cấp tỉnh với cấp xã tính sao", {"5.2.1", "5.2.3"}),
    ],
)
def test_both_joined_topics_are_in_the_first_three(plan: str, question: str, codes: set[str]) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status in ("both", "choose") and codes <= {m.code for m in answer.matches[:3]}


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số", "7.5"),
        ("Đài Phát thanh và Truyền hình tỉnh có chuyên mục riêng không", "1.7"),
    ],
)
def test_a_name_with_a_joining_word_is_one_topic(question: str, code: str) -> None:
    answer = SEARCHER.ask("kon-tum-2024", question)
    assert answer.status == "answer" and [m.code for m in answer.matches] == [code]


def test_join_parts() -> None:
    assert join_parts("a b và c d") == [("a b", "c d")]
    assert join_parts("không có từ nối") == []
    assert join_parts("a và b và c và d và e") == []  # a list, not two topics


@pytest.mark.parametrize(
    ("plan", "question", "codes"),
    [
        ("kon-tum-2024", "chữ ký số với thanh toán không dùng tiền mặt, mỗi cái ai chủ trì", {"8.3", "8.2"}),
        ("ninh-thuan-2021", "đạt chuẩn ISO với triển khai an ninh theo mô hình 04 lớp, cả hai mấy điểm",
         {"6.2.3", "6.1.1"}),
    ],
)
def test_with_joins_two_topics_when_each_is_asked(plan: str, question: str, codes: set[str]) -> None:
    answer = SEARCHER.ask(plan, question)
    assert codes <= {m.code for m in answer.matches[:3]}


def test_with_is_a_preposition_when_nothing_asks_of_each() -> None:
    assert join_parts("Sở TTTT phối hợp với UBND huyện về cáp quang") == []
    assert join_parts("Sở TTTT phối hợp với UBND huyện, mỗi bên làm gì") != []
    # "với" before a place's level bare is "with" whom: no second topic
    from knowledge.search.pairs import with_parts

    assert with_parts("Lãnh đạo xã họp qua màn hình với huyện, tỉnh trên phần mềm của tỉnh") == []
    assert with_parts("trợ lý ảo cho dân với nền tảng giám sát trực tuyến") != []
    assert with_parts("tỷ trọng kinh tế số với xã hội số") != []  # "xã hội" is no level
    answer = SEARCHER.ask("nghia-phuong-2023", "Lãnh đạo xã họp qua màn hình với huyện, tỉnh trên phần mềm của tỉnh "
                                               "thì được mấy điểm, chia ra sao?")
    assert answer.matches[0].code == "6.14" and answer.status != "both"


@pytest.mark.parametrize(("question", "code"), [
    ("kiểm tra thông qua môi trường số thay vì xuống tận nơi tính điểm sao", "5.7.1"),
    ("triển khai an toàn an ninh theo mô hình 04 lớp tính điểm sao", "6.1.1"),
])
def test_a_group_of_one_part_found_by_words_is_answered_by_that_part(question: str, code: str) -> None:
    """Ninh Thuận's 5.7 and 6.1 hold one criterion each, which has the method and the points."""
    answer = SEARCHER.ask("ninh-thuan-2021", question)
    assert answer.status == "answer" and [m.code for m in answer.matches] == [code]
    assert [m.code for m in SEARCHER.ask("ninh-thuan-2021", "tiêu chí 5.7").matches] == ["5.7"]  # named: as named


def test_two_named_indicators_are_both_answered_though_one_alone_is_close_to_another() -> None:
    """"chỉ số chữ ký số" alone hesitates between 8.3 and 7.6 (whose wordings sign contracts): named beside
    another indicator, its first is taken."""
    answer = SEARCHER.ask("nghia-phuong-2023", "chỉ số danh tính số và chỉ số chữ ký số ai chủ trì")
    assert answer.status == "both" and [m.code for m in answer.matches] == ["8.1", "8.3"]


def test_parallel_topics_share_the_end_of_the_sentence() -> None:
    from knowledge.search.pairs import with_shared_tail

    assert with_shared_tail("kinh phí đầu tư", "kinh phí chi thường xuyên từ ngân sách cho xã hội số ai theo dõi") == \
        "kinh phí đầu tư từ ngân sách cho xã hội số ai theo dõi"
    # the second half need not repeat the first's head ("kinh phí đầu tư và chi thường xuyên cho …"); whether the
    # halves then name two indicators is the search's to say
    assert with_shared_tail("kinh phí đầu tư", "chi thường xuyên cho xã hội số") == "kinh phí đầu tư cho xã hội số"
    assert with_shared_tail("trợ lý ảo cho dân", "trợ lý ảo cho công chức") is None  # the first has its own end
    # a pointer word before a short name ("chỉ tiêu máy chủ"): the name is as long as the second's own words
    assert with_shared_tail("Chỉ tiêu máy chủ", "máy trạm cài đặt phòng chống mã độc") == \
        "Chỉ tiêu máy chủ cài đặt phòng chống mã độc"
    assert with_shared_tail("cáp quang", "điện thoại thông minh") is None  # nothing shared
    # typed without marks, the "tu" of "dau tu" ends "đầu tư", no "từ" giving the first half an end of its own
    assert with_shared_tail("kinh phi dau tu", "chi thuong xuyen cho xa hoi so") == "kinh phi dau tu cho xa hoi so"
    assert with_shared_tail("kinh phi bao ve", "chi thuong xuyen cho xa hoi so") == "kinh phi bao ve cho xa hoi so"
    answer = SEARCHER.ask("kon-tum-2024",
                          "kinh phí đầu tư và kinh phí chi thường xuyên từ ngân sách cho xã hội số do ai theo dõi")
    assert {m.code for m in answer.matches[:3]} >= {"8.6", "8.7"}


def test_a_sure_half_and_a_hesitating_one_are_offered_not_stated() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "nhà có mạng cáp quang và dân có điện thoại thông minh ai chủ trì")
    assert answer.status == "choose" and {"3.3", "3.1"} <= {m.code for m in answer.matches[:3]}


def test_a_shared_predicate_goes_to_the_first_half_only_where_the_halves_are_parallel() -> None:
    from knowledge.search.pairs import with_shared_tail

    assert with_shared_tail("tỷ lệ máy chủ", "máy trạm đã cài phần mềm phòng chống mã độc") == \
        "tỷ lệ máy chủ đã cài phần mềm phòng chống mã độc"
    # "đã xử lý" is the second half's own ("sự cố đã xử lý"), not a predicate both share
    assert with_shared_tail("sự cố phát hiện", "sự cố đã xử lý") is None


def test_must_starts_a_predicate_both_names_share() -> None:
    """"… phải đáp ứng yêu cầu kỹ thuật" is both names' ("Cổng TTĐT tỉnh | và hệ thống … TTHC"): 6.1, not 1.5."""
    answer = SEARCHER.ask("gia-lai-2023", "Cổng thông tin điện tử tỉnh và hệ thống thông tin giải quyết TTHC phải đáp "
                                          "ứng yêu cầu kỹ thuật đến khi nào?")
    assert answer.status == "both" and {m.code for m in answer.matches} == {"6.1", "6.3"}


def test_the_topic_before_a_colon_is_both_halves() -> None:
    from knowledge.search.pairs import with_shared_head

    assert with_shared_head("Phản ánh qua Cổng dịch vụ công: tỷ lệ xử lý đúng hạn", "mức độ hài lòng ra sao") == \
        "Phản ánh qua Cổng dịch vụ công: mức độ hài lòng ra sao"
    answer = SEARCHER.ask("kon-tum-2024",
                          "Phản ánh gửi qua Cổng dịch vụ công: tỷ lệ xử lý đúng hạn và mức độ hài lòng ra sao")
    assert answer.status == "both" and {m.code for m in answer.matches} == {"8.8.2.1", "8.8.3.1"}


def test_a_half_naming_only_a_level_is_the_first_topic_at_that_level() -> None:
    answer = SEARCHER.ask("nghia-phuong-2023",
                          "Tổ công nghệ số cộng đồng cấp xã và cấp thôn tính điểm khác nhau thế nào?")
    assert answer.status == "both" and [m.code for m in answer.matches] == ["4.1", "4.2"]


def test_a_whole_too_vague_to_answer_may_still_name_two_topics() -> None:
    answer = SEARCHER.ask("kon-tum-2024",
                          "Cho tôi xem tỷ lệ máy chủ và máy trạm đã cài phần mềm phòng chống mã độc năm 2023")
    assert answer.status == "both" and {m.code for m in answer.matches} == {"5.3", "5.4"}


def test_of_parallel_halves_one_sure_of_x_the_other_hesitating_over_x_asks_the_other() -> None:
    asked = "Chứng thư số cấp cho cơ quan nhà nước và cấp cho lãnh đạo tính điểm sao?"
    assert asked_pair("ninh-thuan-2021", asked) == {"5.3.2", "5.3.3"}


def test_a_dash_between_words_does_not_stop_a_half_sharing_words() -> None:
    from knowledge.search.pairs import with_shared_tail

    assert with_shared_tail("kinh phí đầu tư", "kinh phí chi thường xuyên - định kỳ từ ngân sách cho xã hội số") == \
        "kinh phí đầu tư từ ngân sách cho xã hội số"


def test_of_a_message_refused_whole_the_one_clause_sure_of_an_indicator_answers() -> None:
    answer = SEARCHER.ask("ninh-thuan-2021",
                          "Cơ quan đi kiểm tra mà làm qua phần mềm, qua mạng chứ không xuống tận nơi thì tính ở đâu?")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["5.7.1"]
    # a clause sure of a row beside a clause offering others is no answer: "giao việc" is no topic here
    other = SEARCHER.ask("kon-tum-2024",
                         "Sếp vừa giao việc cho em sáng nay. Chỉ số diễn tập an toàn thông tin thì hạn khi nào ạ?")
    assert not other.matches or other.matches[0].code != "6.16"


def test_an_emoji_or_cho_em_hoi_parts_a_chat_messages_story_from_its_question() -> None:
    """Typed without stops: an emoji ends the story, "cho e hỏi" opens the question."""
    story = "mấy bữa nay dò lại cấu hình mạng ở sở thấy vẫn chạy ipv4 hết trơn 😅 cho e hỏi du an chuyen doi ipv6 " \
            "cho mang luoi cqnn tinh xong nam nao z ae"
    answer = SEARCHER.ask("ninh-thuan-2021", story)
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["PL3.A.II.1"]
    plain = story.replace(" 😅", "")
    assert [m.code for m in SEARCHER.ask("ninh-thuan-2021", plain).matches] == ["PL3.A.II.1"]


def test_of_clauses_sure_of_different_indicators_those_that_ask_decide() -> None:
    """"hôm qua họp sở" (meetings, 1.2) tells the story; the clauses asking ("… cá thể hóa là gì", "ai giải thích
    … là j") are sure of 6.10 both."""
    answer = SEARCHER.ask("gia-lai-2023", 'hôm qua họp sở, lãnh đạo hỏi cái dvc "cá thể hóa" là gì mà cả phòng ngồi '
                                          "im 😂 ai giải thích dùm dvctt dc ca the hoa la j vay, sao minh 0d")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["6.10"]
    # an intro ("em mới nhận bàn giao ở …") and a call for help ("ai biết chỉ em với") name nothing either
    handed = SEARCHER.ask("nghia-phuong-2023", "Em mới nhận bàn giao ở bộ phận một cửa, không rõ người trước đã nộp "
                                               "hồ sơ xin cấp chữ ký số cho cán bộ một cửa lên Ban Cơ yếu chưa, ai "
                                               "biết chỉ em với")
    assert handed.status == "none"
    # a telling clause naming its own indicator better than the asking one names its own holds the topic: no answer
    told = SEARCHER.ask("ninh-thuan-2021", "Trong tổng số cán bộ của tỉnh, người chuyên lo bảo mật, an toàn mạng chiếm "
                                           "bao nhiêu phần trăm thì đủ điểm?")
    assert told.status != "answer" or told.matches[0].code != "2.4.2"
    # a clause leaning elsewhere still refuses, whether it asks or not; one offering a choice leans to each of it
    leaning = SEARCHER.ask("kon-tum-2024", "Hôm qua họp giao ban anh phó gđ nói tỉnh mình lập chuyên trang cđs rồi "
                                           "nhưng phải đảm bảo số tin bài tối thiểu gì đó mà e quên mất là bao "
                                           "nhiêu 😵 ai lo chính vậy mn ơi")
    assert leaning.status == "none"
    choosing = SEARCHER.ask("nghia-phuong-2023", "Cán bộ xã giờ làm việc trên phần mềm chung của tỉnh, văn bản đi "
                                                 "đến, giao việc, chỉ đạo đều trên đó hết. Xã dùng cái phần mềm quản "
                                                 "trị chung đó thì được mấy điểm?")
    assert choosing.status == "answer" and [m.code for m in choosing.matches] == ["6.13"]


def test_halves_said_alike_after_their_subjects_are_two_topics_at_a_comma() -> None:
    """"công chức được tập huấn …, người lao động được tập huấn …": two subjects of one predicate; a comma whose
    halves open otherwise still parts nothing ("… chưa, chấm sao?")."""
    assert asked_pair("gia-lai-2023", "công chức được tập huấn chuyển đổi số, người lao động được tập huấn kỹ năng "
                                      "số điểm 2022") == {"4.7", "4.10"}
    from knowledge.search.pairs import comma_parts

    assert comma_parts("máy chủ đã cài phần mềm chưa, chấm sao?") == []


def test_a_comma_parts_no_clause_and_a_refusal_stays_one() -> None:
    """Cut at a comma, "tiền chi cho việc theo dõi" alone is sure of the wrong row (6.16): commas part one topic."""
    answer = SEARCHER.ask("gia-lai-2023", "Tiền chi cho việc theo dõi, canh chừng an toàn mạng năm 2022 được mấy điểm?")
    assert answer.status != "answer" or answer.matches[0].code != "6.16"
    refused = SEARCHER.ask("nghia-phuong-2023", "Em là công an xã. Làm căn cước cho cháu 6 tuổi cần giấy tờ gì?")
    assert refused.status == "none"


def test_a_long_messages_commas_part_its_context_from_its_question() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "sáng nay giao ban sở nói DTI tỉnh tụt vì mảng cáp quang, giờ em phải "
                                          "làm báo cáo cái tỷ lệ hộ gia đình có cáp quang mà chưa biết mục tiêu "
                                          "năm nay là bao nhiêu")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["3.3"]
    answer = SEARCHER.ask("nghia-phuong-2023", "Thôn xóm nào cũng phải lập tổ đi hướng dẫn bà con cài app, làm giấy tờ "
                                               "trên điện thoại, vậy xã được chấm mấy điểm, tính ra sao?")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["4.2"]


def test_a_level_after_at_is_a_level_halves_share_words_around() -> None:
    """"… ở cấp tỉnh và ở cấp xã": the second half is the first's topic at the other level, its "ở" not doubled."""
    from knowledge.search.pairs import names_only_a_level, with_shared_head

    assert names_only_a_level("ở cấp xã, mỗi cái tối đa mấy điểm?")
    assert with_shared_head("Tỷ lệ hồ sơ nộp qua mạng ở cấp tỉnh", "ở cấp xã, tối đa mấy điểm") == \
        "Tỷ lệ hồ sơ nộp qua mạng ở cấp xã, tối đa mấy điểm"
    assert asked_pair("ninh-thuan-2021", "Tỷ lệ giấy tờ nộp qua mạng ở cấp tỉnh và ở cấp xã, mỗi cái tối đa mấy "
                                         "điểm?") == {"5.10.1", "5.10.3"}


def test_a_public_service_level_is_a_level_halves_share_words_around() -> None:
    from knowledge.search.pairs import with_shared_head, with_shared_tail

    assert with_shared_head("tỷ lệ DVCTT mức 3", "mức 4 có hồ sơ trực tuyến") == "tỷ lệ DVCTT mức 4 có hồ sơ trực tuyến"
    assert with_shared_tail("tỷ lệ DVCTT mức 3", "mức 4 có hồ sơ trực tuyến") == "tỷ lệ DVCTT mức 3 có hồ sơ trực tuyến"
    assert asked_pair("ninh-thuan-2021", "tỷ lệ dvctt mức 3 và mức 4 có phát sinh hồ sơ trực tuyến là bao nhiêu") == \
        {"5.9.1", "5.9.2"}


def test_a_head_is_shared_up_to_the_last_time_the_second_half_repeats_its_word() -> None:
    assert asked_pair("nghia-phuong-2023", "hỏi 2 cái trợ lý ảo: cái phục vụ dân và cái cho công chức, tính sao") == \
        {"6.16", "6.17"}


def test_a_long_first_half_is_read_from_its_end_written_like_the_second() -> None:
    from knowledge.search.pairs import parallel_tail

    # from where it repeats the second half's first word, else as many words as the second half has
    assert parallel_tail("sáng nay giao ban nói phải tăng số hộ có cáp quang", "số hộ có địa chỉ số") == \
        "số hộ có cáp quang"
    assert parallel_tail("sếp nhắc mình còn yếu ở chữ ký số của người dân", "địa chỉ số hộ gia đình") == \
        "chữ ký số của người dân"
    assert parallel_tail("số hộ có cáp quang", "số hộ có địa chỉ số") is None  # not long: read whole
    assert parallel_tail("sáng nay giao ban nói phải tăng số hộ có cáp quang", "cáp") is None  # names no topic


def test_a_clause_of_a_long_message_may_name_two_topics() -> None:
    assert asked_pair("kon-tum-2024", "sáng nay giao ban nói tỉnh phải tăng tỷ lệ hộ có cáp quang với tỷ lệ hộ có "
                                          "địa chỉ số, em phải làm báo cáo mà chưa biết mỗi cái ai chủ trì") == \
        {"3.3", "8.4"}
    # "với" as "with" in such a message is one topic, never two
    one = SEARCHER.ask("kon-tum-2024", "hôm qua họp sở nói năm nay phải đẩy mạnh kết nối hệ thống một cửa điện tử với "
                                       "cổng dịch vụ công quốc gia, giờ em phải báo cáo mà không biết ai chủ trì")
    assert one.status != "both"


def test_a_bare_name_shares_the_predicate_of_the_name_after_it() -> None:
    """"Báo Gia Lai | và Đài truyền hình tỉnh có chuyên mục về chuyển đổi số": the first is "Báo Gia Lai có chuyên
    mục …", not "Báo Gia Lai về chuyển đổi số …"."""
    from knowledge.search.pairs import with_shared_tail

    assert with_shared_tail("Báo Gia Lai", "Đài truyền hình tỉnh có chuyên mục về chuyển đổi số") == \
        "Báo Gia Lai có chuyên mục về chuyển đổi số"
    assert asked_pair("gia-lai-2023", "Báo Gia Lai và Đài truyền hình tỉnh có chuyên mục về chuyển đổi số không, "
                                          "được mấy điểm") == {"1.6", "1.7"}


def test_a_join_typed_inside_a_name_written_without_it_is_no_split() -> None:
    """Kon Tum writes "Đài Phát thanh truyền hình tỉnh": typed "phát thanh và truyền hình", one unit, one topic."""
    answer = SEARCHER.ask("kon-tum-2024", "Đài phát thanh và truyền hình tỉnh có chuyên mục chuyển đổi số chưa, "
                                          "được mấy điểm")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["1.7"]


def test_two_sentences_each_asking_of_its_own_indicator_are_a_pair() -> None:
    assert asked_pair("kon-tum-2024", "Tỷ lệ hộ gia đình có cáp quang năm 2023 được mấy điểm? Tỷ lệ dân có "
                                          "điện thoại thông minh thì ai chủ trì?") == {"3.3", "3.1"}
    assert asked_pair("kon-tum-2024", "Số lượng máy chủ cài phòng chống mã độc. Số lượng máy trạm cài phòng "
                                          "chống mã độc. Hai cái này ai chủ trì?") == {"5.3", "5.4"}


def test_a_sentence_of_context_names_no_second_topic() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "Hôm qua sếp nhắc tỷ lệ hộ gia đình có cáp quang. Chỉ số tỷ lệ dân có "
                                          "điện thoại thông minh ai chủ trì?")
    assert answer.status != "both" and "3.3" not in {m.code for m in answer.matches}


@pytest.mark.parametrize("question", ["chữ ký số bên nào chủ trì", "chữ ký số phòng nào phụ trách"])
def test_which_side_leads_a_topic_asks_its_owner(question: str) -> None:
    answer = SEARCHER.ask("kon-tum-2024", question)
    assert answer.status == "answer" and answer.matches[0].code == "8.3" and "owner" in answer.query.fields


def test_a_comma_parts_halves_written_alike_from_initials() -> None:
    from knowledge.search.pairs import comma_parts

    assert comma_parts("tỷ lệ DN dùng hợp đồng điện tử, DN nộp thuế điện tử") == \
        [("tỷ lệ DN dùng hợp đồng điện tử", "DN nộp thuế điện tử")]
    assert comma_parts("cổng thông tin có chức năng bỏ phiếu không, có thì được mấy điểm") == []  # "có" again
    assert asked_pair("gia-lai-2023", "tỷ lệ DN ký hợp đồng điện tử, DN nộp thuế điện tử thì ai chủ trì") == \
        {"7.6", "7.7"}


@pytest.mark.parametrize(
    "question",
    ["Sáng nay sở họp bàn chuyện an toàn thông tin mạng, mà sếp hỏi tỉnh có bao nhiêu người biết bơi",
     "Chiều qua họp về hạ tầng số, nhưng giờ em cần biết giá xăng hôm nay bao nhiêu"],
)
def test_a_pillar_named_in_passing_by_one_clause_answers_no_message(question: str) -> None:
    """A clause naming a pillar ("an toàn thông tin mạng") speaks of a field of work: the message, refused as a
    whole, asked of something the clause never names."""
    assert SEARCHER.ask("gia-lai-2023", question).status == "none"


@pytest.mark.parametrize(
    ("plan", "question", "code"),
    [("nghia-phuong-2023", "Cán bộ xã dùng máy tính có cài phần mềm diệt virus không, chỉ tiêu này do ai phụ trách?",
      "5.4"),
     ("nghia-phuong-2023", "em đang tổng hợp báo cáo cho sở, chỉ số tỷ lệ hộ gia đình có cáp quang ai chủ trì", "3.3")],
)
def test_what_comes_before_a_comma_and_a_pointer_word_is_context_unless_it_points_too(plan: str, question: str,
                                                                                     code: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert (answer.status, [m.code for m in answer.matches]) == ("answer", [code])
    pair = SEARCHER.ask(plan, "chỉ số hộ có cáp quang, chỉ số người dân có điện thoại thông minh ai chủ trì")
    assert (pair.status, {m.code for m in pair.matches}) == ("both", {"3.1", "3.3"})


def test_a_half_starting_with_a_linking_word_is_read_with_the_first_halfs_head() -> None:
    # alone, "về an toàn thông tin mạng" is pillar 5's name; with the head it is 4.6, the officials' share
    assert asked_pair("kon-tum-2024", "tỷ lệ công chức chuyên trách, kiêm nhiệm về chuyển đổi số và về an toàn "
                      "thông tin mạng năm 2023 đạt bao nhiêu") == {"4.5", "4.6"}


def test_a_second_half_starting_a_predicate_is_no_name_written_without_its_join() -> None:
    # "điện tử có" is in 5.14.3's name ("Cổng TTĐT có chức năng …"): no sign the "và" is inside a name
    assert asked_pair("ninh-thuan-2021", "tiêu chí Cổng TTĐT có chức năng bầu cử điện tử và có tính năng mạng xã "
                      "hội tính điểm sao") == {"5.14.2", "5.14.3"}


@pytest.mark.parametrize("question", [
    "Hai chỉ số trợ lý ảo, một cái cho dân doanh nghiệp, một cái cho công chức viên chức, mỗi cái tối đa mấy điểm?",
    "trợ lý ảo cho dân hay trợ lý ảo cho cán bộ được mấy điểm",
])
def test_one_for_this_one_for_that_and_a_repeated_name_after_hay_are_two_topics(question: str) -> None:
    assert asked_pair("kon-tum-2024", question) == {"6.19", "6.20"}


@pytest.mark.parametrize("question", [
    "trợ lý ảo cho dân với trợ lý ảo cho cán bộ thì ai chủ trì",  # "với" repeating its first half's start
    "trợ lý ảo cho dân và trợ lý ảo cho cán bộ hạn khi nào",
])
def test_two_things_named_alike_are_answered_in_the_order_written(question: str) -> None:
    answer = SEARCHER.ask("gia-lai-2023", question)
    assert answer.status == "both" and [m.code for m in answer.matches] == ["6.19", "6.20"]


@pytest.mark.parametrize(("question", "code"), [
    ("Làm thủ tục trên mạng xong người dân chấm hài lòng hay không hài lòng, năm 2023 được bao nhiêu phần trăm",
     "6.14"),
    ("chi so dn nop thue dien tu ai theo doi vay, cuc thue hay so tai chinh", "7.7"),
])
def test_hay_between_two_answers_to_one_question_is_no_pair(question: str, code: str) -> None:
    answer = SEARCHER.ask("kon-tum-2024", question)
    assert answer.status != "both" and answer.matches[0].code == code


@pytest.mark.parametrize(("plan", "question", "codes"), [
    ("kon-tum-2024", "máy chủ, máy trạm cài phần mềm diệt virus thì mỗi cái ai chủ trì", {"5.3", "5.4"}),
    ("ninh-thuan-2021", "UBND cấp huyện và UBND cấp xã nối mạng TSLCD cấp II mỗi tiêu chí mấy điểm",
     {"3.3.2", "3.3.3"}),
])
def test_a_short_name_shares_the_end_of_one_written_alike(plan: str, question: str, codes: set[str]) -> None:
    # "máy chủ | máy trạm cài …": as many own words as the first half's, the rest is both's, with no "đã" between
    assert asked_pair(plan, question) == codes


def test_clauses_leaning_to_the_indicator_another_clause_is_sure_of_do_not_refuse_it() -> None:
    # refused whole; "… gắn mã vị trí trên bản đồ số để bưu tá" leans to 8.4, "shipper tìm tới …" is sure of it
    answer = SEARCHER.ask("gia-lai-2023", "Ở Gia Lai, cái tiêu chí tính phần trăm nhà dân đã được gắn mã vị trí trên "
                                          "bản đồ số để bưu tá, shipper tìm tới — năm 2022 mình được mấy điểm?")
    assert [m.code for m in answer.matches][:1] == ["8.4"]


def test_a_clause_of_a_figure_alone_names_no_topic() -> None:
    # "đạt 50% là đủ điểm" found 5.12.1 ("50% TTHC đã triển khai …") for the figure its name writes
    answer = SEARCHER.ask("ninh-thuan-2021", "Cái tiêu chí đếm bao nhiêu cơ quan đi kiểm tra cơ sở bằng dữ liệu trên "
                                             "mạng thay vì xuống tận nơi, đạt 50% là đủ điểm đúng không?")
    assert "5.12.1" not in [m.code for m in answer.matches]



@pytest.mark.parametrize(("plan", "question", "codes"), [
    ("nghia-phuong-2023", "Tỷ lệ DVCTT phát sinh hồ sơ trực tuyến cùng tỷ lệ hồ sơ xử lý trực tuyến mục tiêu là bao "
                          "nhiêu?", {"6.8", "6.9"}),
    ("kon-tum-2024", "tỷ lệ hồ sơ xử lý trực tuyến còn tỷ lệ DVCTT phát sinh hồ sơ thì sao", {"6.11", "6.12"}),
])
def test_cung_or_con_before_a_measure_joins_two_topics(plan: str, question: str, codes: set[str]) -> None:
    assert asked_pair(plan, question) == codes


@pytest.mark.parametrize(("question", "codes"), [
    ("trợ lý ảo phục vụ người dân và chỉ số 6.21 do ai chủ trì", ["6.19", "6.21"]),  # as written: the topic first
    ("chỉ số 6.21 và trợ lý ảo phục vụ người dân do ai chủ trì", ["6.21", "6.19"]),
    ("tỷ lệ hộ gia đình có cáp quang với chỉ số 3.2, năm 2022 mỗi cái mấy điểm", ["3.3", "3.2"]),
    # … or in a second sentence that asks too
    ("Chỉ số 6.12 hạn khi nào vậy. Chỉ số doanh nghiệp dùng hợp đồng điện tử thì ai chủ trì?", ["6.12", "7.6"]),
])
def test_a_topic_in_words_beside_a_typed_code_is_answered_with_it(question: str, codes: list[str]) -> None:
    answer = SEARCHER.ask("gia-lai-2023", question)
    assert answer.status == "both" and [m.code for m in answer.matches] == codes


@pytest.mark.parametrize(("plan", "question"), [
    # what follows the join is said of the code's own indicator, or names a unit: the code alone
    ("kon-tum-2024", "Chỉ số 5.8 số lượng phương án ứng cứu sự cố có mục tiêu và thời hạn hoàn thành thế nào?"),
    ("kon-tum-2024", "Chỉ số 2.9 thì những đơn vị nào phối hợp với Sở Nội vụ?"),
    ("kon-tum-2024", "Chỉ số 3.3 và mục tiêu năm 2025 là gì"),
    ("kon-tum-2024", "em ở Sở Thông tin và Truyền thông, cần hỏi chỉ số 6.21 ai chủ trì"),
    # a sentence telling who asks names no second topic ("một cửa" is 6.3's)
    ("kon-tum-2024", "Em ở bộ phận một cửa huyện Đăk Tô. Chỉ số 6.12 năm 2024 phấn đấu đạt bao nhiêu % vậy ạ?"),
])
def test_a_typed_code_with_words_about_itself_stays_one_answer(plan: str, question: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status in ("answer", "not_held") and len(answer.matches) == 1


def test_a_clause_read_alone_weighs_budget_rows_by_the_message_s_money_words() -> None:
    # the drills clause names no money: "Kinh phí diễn tập …" (5.11.4) is no reading of it, as of a whole question
    answer = SEARCHER.ask("nghia-phuong-2023", "Xã đã bao giờ tập dượt chống tin tặc tấn công chưa, có rồi thì "
                                               "được mấy điểm?")
    assert "5.11.4" not in [m.code for m in answer.matches[:1]]
    # money named in one clause of the message: a budget row may be what another clause asks (5.11.6, the leaflets')
    asked = ("Tiền in tờ rơi, quay clip nhắc bà con cảnh giác lừa đảo, giữ bảo mật trên mạng thì chi bao nhiêu mới "
             "được điểm?")
    assert SEARCHER.ask("nghia-phuong-2023", asked).matches[0].code == "5.11.6"


def test_a_half_in_doubt_is_settled_by_what_the_whole_is_sure_of() -> None:
    # alone, "tần suất phát sóng chuyên mục ấy" hesitates between the station's (1.8) and the loudspeakers' (1.10)
    asked = "đài PTTH tỉnh có chuyên mục riêng về chuyển đổi số với tần suất phát sóng chuyên mục ấy năm 2023 thế nào"
    answer = SEARCHER.ask("kon-tum-2024", asked)
    assert answer.status == "both" and [m.code for m in answer.matches] == ["1.7", "1.8"]


def test_a_few_words_before_a_preposition_are_no_topic_the_whole_settles() -> None:
    asked = "Người dân có hài lòng với cách giải quyết khi họ phản ánh qua ứng dụng cài trên điện thoại không?"
    answer = SEARCHER.ask("kon-tum-2024", asked)
    assert answer.status == "answer" and answer.matches[0].code == "8.8.3.2"


def test_comparing_two_levels_of_one_rate_names_both() -> None:
    # "hai tiêu chí này khác nhau không" says nothing of either topic; it diluted the first half below the floor
    asked = "Tỷ lệ hồ sơ trực tuyến cấp tỉnh với cấp xã, điểm tối đa hai tiêu chí này khác nhau không vậy?"
    assert asked_pair("ninh-thuan-2021", asked) == {"5.10.1", "5.10.3"}


def test_the_sentences_before_two_named_indicators_are_context_not_the_first_topic() -> None:
    text = "Em ở phòng Văn hóa huyện Chư Sê, đang soát phần dịch vụ công. Chỉ số A và chỉ số B thì tối đa mấy điểm?"
    assert pair_parts(text) == ("Chỉ số A", "chỉ số B thì tối đa mấy điểm?")
    answer = SEARCHER.ask("gia-lai-2023", "Tôi ở Văn phòng HĐND-UBND huyện Chư Sê, đang soát lại phần dịch vụ công. "
                                          "Chỉ số tỷ lệ DVCTT phát sinh hồ sơ trực tuyến và chỉ số tỷ lệ hồ sơ xử lý "
                                          "trực tuyến thì điểm tối đa và điểm năm 2022 của tỉnh là bao nhiêu?")
    assert answer.status == "both" and {m.code for m in answer.matches} == {"6.11", "6.12"}


@pytest.mark.parametrize(("plan", "message", "code"), [
    ("gia-lai-2023", "Anh chị ơi, em mới về phòng văn hóa huyện, tuần nào cũng đi cùng đội nhà mạng kéo cáp quang tới "
                     "tận nhà bà con. Trưởng phòng bảo phải báo lên tỉnh phần trăm số nhà đã có cáp. Cái này là chỉ "
                     "số nào, mục tiêu bao nhiêu ạ?", "3.3"),
    ("kon-tum-2024", "em mới nhận việc, cái vụ chữ ký số của người dân là ai chủ trì vậy", "8.3"),
    ("nghia-phuong-2023", "Mọi người ơi, em mới chuyển về văn phòng xã, ngày nào cũng nhận giấy tờ bà con gửi qua "
                          "mạng. Chủ tịch dặn phải tăng phần trăm số giấy tờ giải quyết qua mạng. Chỉ số này tính "
                          "điểm sao ạ?", "6.9"),
])
def test_one_newly_come_saying_where_to_introduces_themselves(plan: str, message: str, code: str) -> None:
    """"em mới về …", "em mới chuyển về …" after a greeting is who asks: left out, the clauses left are few enough to
    be read one by one, and the story's one sure clause answers."""
    assert only_intro("Anh chị ơi, em mới về làm văn thư")
    assert only_intro("Dạ em mới vào Sở Y tế")
    assert not only_intro("em về hỏi lại sở")
    assert only_intro("e moi nhan viec")  # the verb saying it all, nothing after it
    assert only_intro("Em ngồi bộ phận một cửa")  # one's desk
    answer = SEARCHER.ask(plan, message)
    assert answer.status == "answer" and [m.code for m in answer.matches] == [code]


def test_asking_to_compare_names_no_topic() -> None:
    """"So sánh giúp em …" asks to compare what follows: no source writes "so sánh", so its words only weighed
    against the half they opened."""
    answer = SEARCHER.ask("kon-tum-2024", "So sánh giúp em điểm tối đa của chỉ số máy chủ và chỉ số máy trạm cài "
                                          "đặt phòng, chống mã độc.")
    assert answer.status == "both" and [m.code for m in answer.matches] == ["5.3", "5.4"]


def test_a_thing_given_to_do_is_the_topic_a_role_given_introduces() -> None:
    """"em được giao làm đầu mối" is who asks; "e dc giao đề án phát triển TMĐT" is what is asked of."""
    assert only_intro("em mới được giao làm đầu mối")
    assert only_intro("em được giao")
    assert not only_intro("e dc giao de an phat trien TMDT")
    answer = SEARCHER.ask("ninh-thuan-2021", "e dc giao de an phat trien TMDT, phu luc 2 ghi ai chu tri z")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["PL2.11"]


def test_clauses_asking_a_field_alone_are_not_counted_among_a_long_messages_clauses() -> None:
    """Six clauses, three of them only fields asked ("ai chủ trì, ai phối hợp, hạn khi nào"): the three that name
    something are read one by one, where six would be read whole only."""
    answer = SEARCHER.ask("ninh-thuan-2021", "Ở xã vùng cao còn nhiều thôn mất sóng, vào mạng chậm. Tỉnh có chỉ tiêu "
                                             "điện thoại thôn nào cũng bắt sóng di động không, ai chủ trì, ai phối "
                                             "hợp, hạn khi nào?")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["PL1.11"]


def test_a_message_of_five_clauses_naming_something_is_read_clause_by_clause() -> None:
    """A long introduction (not read as one), a story in two clauses, the question and an aside: five clauses,
    one of them sure of 5.2.3."""
    answer = SEARCHER.ask("ninh-thuan-2021", "Tôi là chuyên viên văn phòng - thống kê của một xã thuộc huyện Bác Ái. "
                                             "Xã tôi giờ gửi công văn lên huyện chủ yếu qua phần mềm, nhưng nhiều "
                                             "khi vẫn in giấy gửi kèm theo. Cho hỏi tỷ lệ gửi văn bản qua mạng ở cấp "
                                             "xã chấm điểm ra sao, gửi kèm giấy thì có bị trừ không?")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["5.2.3"]


def test_a_clause_introducing_the_asker_is_no_clause_of_the_topic() -> None:
    assert only_intro("tôi là công chức văn phòng xã Nghĩa Phương")
    assert not only_intro("tôi là công chức, xã có bao nhiêu hồ sơ trực tuyến")
    # five clauses, one of them the asker's introduction: four are read, two of them sure of 6.5
    answer = SEARCHER.ask("nghia-phuong-2023", "Chào anh chị, em là công chức văn phòng xã. Tuần rồi bộ phận một cửa "
                                               "nhận nhiều hồ sơ qua mạng, có loại làm trọn gói trên mạng từ lúc nộp "
                                               "tới lúc nhận kết quả. Cho hỏi tỷ lệ dịch vụ làm trọn gói trên mạng "
                                               "chấm điểm ra sao, có phải đủ hết mới có điểm không?")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["6.5"]


def test_asking_of_each_is_no_topic_word_of_either_half() -> None:
    assert {"moi", "cai"}.isdisjoint(analyze("sự cố đã xử lý năm 2022 mỗi cái bao nhiêu điểm").tokens)
    answer = SEARCHER.ask("gia-lai-2023", "Sự cố đã phát hiện và sự cố đã xử lý trong cơ quan nhà nước, năm 2022 "
                                          "mỗi cái bao nhiêu điểm?")
    assert answer.status == "both" and {m.code for m in answer.matches} == {"5.10", "5.11"}


def test_a_clause_saying_what_is_no_longer_done_answers_nothing() -> None:
    # "không in giấy nữa" alone finds the leaflets (1.1.2): a negated clause names nothing asked
    answer = SEARCHER.ask("ninh-thuan-2021", "Giờ văn bản gửi qua lại giữa UBND xã với các nơi gửi hoàn toàn qua "
                                             "mạng, không in giấy nữa, tính ở tiêu chí nào?")
    assert "1.1.2" not in [m.code for m in answer.matches]



def test_education_folded_is_no_giving_to_a_unit() -> None:
    """"dự án giáo dục thông minh" folds to "du an giao duc …": no "dự án giao <unit>" (what a unit is given), so
    the half names a project and the pair is both projects."""
    from knowledge.normalize import normalize
    from knowledge.search.unit_questions import read_unit_question

    assert read_unit_question("dự án giáo dục thông minh", normalize("dự án giáo dục thông minh"), codes=False)[0] \
        is None
    given = "dự án giao cho sở giáo dục"
    assert read_unit_question(given, normalize(given), codes=False)[0] == ("so giao duc", "lead", "loose")
    assert asked_pair("ninh-thuan-2021", "dự án giáo dục thông minh và du lịch thông minh, mỗi cái sở nào chủ "
                                         "trì") == {"PL3.E.2", "PL3.E.3"}


@pytest.mark.parametrize("phrase", ["dự án giao thông thông minh", "chỉ số giao dịch thương mại điện tử",
                                    "chỉ số giao diện cổng dịch vụ công"])
def test_traffic_a_transaction_or_an_interface_is_no_giving_to_a_unit(phrase: str) -> None:
    """"giao thông", "giao dịch", "giao diện" are words, not "giao" (given) followed by a unit."""
    from knowledge.normalize import normalize
    from knowledge.search.unit_questions import read_unit_question

    assert read_unit_question(phrase, normalize(phrase), codes=False)[0] is None


def test_two_projects_joined_by_con_are_both_read() -> None:
    assert asked_pair("ninh-thuan-2021", "Dự án giao thông thông minh, còn giáo dục thông minh thì ai chủ "
                                         "trì?") == {"PL3.E.2", "PL3.E.4"}


def test_two_sentences_are_not_read_where_fewer_than_two_ask(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pair in two sentences needs both to ask (or the message to ask of each): a message with one asking
    sentence reads none of them for that pair, a cost the long messages paid for nothing (issue 17's p99)."""
    plan = SEARCHER.for_plan("kon-tum-2024")
    read: list[str] = []
    real = type(plan)._read_half

    def counted(self: object, part: str, clause: bool = False) -> object:
        read.append(part)
        return real(self, part, clause)  # type: ignore[arg-type]

    monkeypatch.setattr(type(plan), "_read_half", counted)
    one_asks = "Xã em mới kéo cáp quang về thôn. Tỷ lệ hộ có cáp quang mục tiêu bao nhiêu?"
    assert plan._two_sentences(one_asks) is None and read == []
    two_ask = "SOC của tỉnh đã triển khai thì được mấy điểm. Mức độ triển khai SOC tính sao?"
    plan._two_sentences(two_ask)
    assert read


def test_with_joins_only_where_the_repeated_words_open_the_first_topic() -> None:
    from knowledge.search.pairs import join_parts

    assert ("chỉ số trợ lý ảo cho dân", "trợ lý ảo cho cán bộ ai chủ trì") in join_parts(
        "chỉ số trợ lý ảo cho dân với trợ lý ảo cho cán bộ ai chủ trì")
    # a noun said again later in a sentence: "với" is "with", no split read for nothing
    assert join_parts("Tỉnh có trung tâm trực canh an ninh mạng chưa, đã nối với trung tâm của quốc gia chưa") == []


@pytest.mark.parametrize(("plan", "question", "pair"), [
    ("kon-tum-2024", "1) tỷ lệ dân có điện thoại thông minh 2) tỷ lệ hộ có cáp quang — ai chủ trì?", {"3.1", "3.3"}),
    ("gia-lai-2023", "Cho em hỏi 2 cái: - tỷ trọng kinh tế số trong GRDP - số lượng tên miền .vn, ai chủ trì",
     {"7.1", "7.10"}),
    ("ninh-thuan-2021", "Tiêu chí 100% CBCCVC có tài khoản thư điện tử chính thức, còn tiêu chí tỷ lệ cuộc họp qua "
                        "hội nghị truyền hình thì tối đa mấy điểm", {"5.1.1", "5.6.1"}),
    # two after a colon, parted by a semicolon
    ("ninh-thuan-2021", "Cho em loại văn bản của: Kiến trúc Chính quyền điện tử phiên bản 2.0; Ban hành danh mục "
                        "CSDL của tỉnh", {"PL2.3", "PL2.7"}),
])
def test_a_list_of_two_and_a_second_pointer_after_con_are_two_topics(plan: str, question: str, pair: set[str]) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "both" and {m.code for m in answer.matches[:2]} == pair


def test_roi_after_a_comma_brings_a_second_topic_and_data_sources_are_asked_of_each() -> None:
    answer = SEARCHER.ask("gia-lai-2023", "Đài tỉnh có chuyên mục riêng về chuyển đổi số, rồi tần suất phát sóng "
                                          "chuyên mục đó, mục tiêu hai cái là gì")
    assert answer.status == "both" and {m.code for m in answer.matches[:2]} == {"1.7", "1.8"}
    answer = SEARCHER.ask("kon-tum-2024", "Số người từ 15 tuổi có tài khoản ngân hàng, với số hộ có địa chỉ số: nguồn "
                                          "cung cấp dữ liệu của từng cái là ở đâu?")
    assert answer.status == "both" and {m.code for m in answer.matches[:2]} == {"8.2", "8.4"}


@pytest.mark.parametrize(("plan", "question", "pair"), [
    ("kon-tum-2024", "Hộ gia đình có địa chỉ số tính thế nào? Tiện hỏi luôn tỷ lệ người dân có tài khoản ngân hàng",
     {"8.4", "8.2"}),
    ("kon-tum-2024", "Kênh phản ánh qua Zalo, Messenger có tính không; đồng thời mức hài lòng khi phản ánh qua tin "
                     "nhắn tính ra sao", {"8.8.1.3", "8.8.3.3"}),
    ("kon-tum-2024", "Tỷ lệ hộ có cáp quang ai chủ trì, ngoài ra cho em hỏi thêm tỷ lệ dân có điện thoại thông minh",
     {"3.1", "3.3"}),
])
def test_by_the_way_brings_a_second_topic(plan: str, question: str, pair: set[str]) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "both" and {m.code for m in answer.matches[:2]} == pair


def test_a_dash_inside_a_name_makes_no_list() -> None:
    from knowledge.search.pairs import list_parts

    assert list_parts("công chức Văn hóa - Thông tin xã chủ trì chỉ số nào") == []
    assert list_parts("a) cáp quang b) smartphone") == [("cáp quang", "smartphone")]
    assert list_parts("ai chủ trì: cáp quang; smartphone?") == [("cáp quang", "smartphone")]
    assert list_parts("ai chủ trì: cáp quang; smartphone; chữ ký số") == []  # three: no list of two


def test_with_opening_the_second_half_shares_the_first_head_and_points_asked_of_each_are_of_each() -> None:
    """"kết nối CSDL với LGSP và với NGSP, mỗi cái tối đa mấy điểm": the split at "và" is read before the one at
    "với" (mostly a preposition), the second half is "kết nối CSDL với NGSP", and points asked of each demote
    Appendix III's project (no points) in each half as in the whole."""
    from knowledge.search.pairs import join_parts, starts_linked

    text = "Tiêu chí kết nối CSDL với LGSP và với NGSP mỗi cái tối đa mấy điểm?"
    assert join_parts(text)[0] == ("Tiêu chí kết nối CSDL với LGSP", "với NGSP mỗi cái tối đa mấy điểm?")
    assert starts_linked("với NGSP mỗi cái") and not starts_linked("NGSP mỗi cái")
    assert asked_pair("ninh-thuan-2021", text) == {"4.2.1", "4.2.2"}



def test_a_half_quoting_a_figure_its_item_writes_names_that_item() -> None:
    """"… và chỉ tiêu 60% dữ liệu quản lý được số hóa": the half alone is sure of nothing, yet PL1.7's name opens
    with the 60% it quotes, which no other close candidate writes."""
    assert asked_pair("ninh-thuan-2021", "Chỉ tiêu tỷ trọng kinh tế số 20% GDP và chỉ tiêu 60% dữ liệu quản lý "
                                         "được số hóa do ai chủ trì?") == {"PL1.7", "PL1.9"}


def test_a_half_naming_nothing_is_not_searched(monkeypatch: pytest.MonkeyPatch) -> None:
    """"… | Hai cái này ai chủ trì?": a sentence naming no topic; reading it is no search (each is a whole one)."""
    from knowledge.search.engine import PlanSearcher, Searcher
    from knowledge.store import load_knowledge

    searched: list[str] = []
    ranked = PlanSearcher._ranked

    def recording(self: PlanSearcher, query: object, text: object) -> object:
        searched.append(str(text))
        return ranked(self, query, text)  # type: ignore[arg-type]

    monkeypatch.setattr(PlanSearcher, "_ranked", recording)
    answer = Searcher(load_knowledge()).ask(
        "kon-tum-2024", "Số lượng sự cố đã phát hiện. Số lượng sự cố đã xử lý. Hai cái này ai chủ trì?")
    assert answer.status == "both"
    assert searched and not any(text.strip().startswith("Hai cái này") for text in searched)


def test_a_one_word_half_few_entries_hold_is_a_topic() -> None:
    """"SMEdx | và doanh nghiệp nhỏ và vừa dùng nền tảng số": one word, yet a name (7.4's programme); a common
    word alone ("tỉnh | và doanh nghiệp …") is still no topic."""
    assert asked_pair("gia-lai-2023", "SMEdx và doanh nghiệp nhỏ và vừa dùng nền tảng số thì ai chủ trì") \
        == {"7.4", "7.5"}
    assert asked_pair("gia-lai-2023", "tỉnh và doanh nghiệp nhỏ và vừa dùng nền tảng số thì ai chủ trì") is None


def test_the_askers_desk_is_no_topic() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "Em ngồi bộ phận một cửa, toàn hướng dẫn dân nộp giấy tờ qua mạng cho khỏi "
                                          "mang giấy lên. Cái tỷ lệ giấy tờ giải quyết qua mạng đó ai theo dõi, năm "
                                          "2024 phải đạt bao nhiêu?")
    assert answer.status == "answer" and answer.matches[0].code == "6.12"


def test_a_sentence_opening_by_asking_asks() -> None:
    """"Cho hỏi điểm 2022 của …; à mà tiện hỏi luôn …": two sentences, each asking (one by its opening), each sure
    of its own indicator."""
    answer = SEARCHER.ask("gia-lai-2023", "Cho hỏi điểm 2022 của chỉ số tổng kinh phí chi cho an toàn thông tin; à mà "
                                          "tiện hỏi luôn chỉ số người lao động được bồi dưỡng, tập huấn kỹ năng số năm "
                                          "2022 được mấy điểm.")
    assert answer.status == "both" and sorted(m.code for m in answer.matches) == ["4.10", "5.12"]


@pytest.mark.parametrize(("plan", "question", "codes"), [
    # a request ("Tôi cần …") asks; "… nữa", "Thêm …" asks one more the same way
    ("kon-tum-2024", "Tôi cần thời gian hoàn thành của chỉ số triển khai nền tảng phân tích, xử lý dữ liệu tổng hợp "
                     "tập trung. Chỉ số nền tảng số quản trị tổng thể, thống nhất toàn tỉnh nữa.", {"6.15", "6.16"}),
    ("gia-lai-2023", "Cho mình hỏi điểm năm 2022 của chỉ số Cổng thông tin điện tử đáp ứng yêu cầu chức năng, tính "
                     "năng kỹ thuật. Thêm chỉ số Hệ thống thông tin giải quyết TTHC nữa nhé.", {"6.1", "6.3"}),
])
def test_a_second_sentence_asking_one_more_the_same_way_is_a_pair(plan: str, question: str, codes: set[str]) -> None:
    assert asked_pair(plan, question) == codes


def test_a_code_and_a_half_naming_only_another_level_ask_its_sibling_row() -> None:
    """"Tiêu chí 5.10.1 (cấp tỉnh) …, còn cấp xã thì sao?": 5.10.3, the commune level's row of the same group."""
    assert asked_pair("ninh-thuan-2021", "Tiêu chí 5.10.1 hồ sơ trực tuyến cấp tỉnh tối đa 4 điểm, còn cấp xã thì "
                                         "sao?") == {"5.10.1", "5.10.3"}
    assert SEARCHER.ask("ninh-thuan-2021", "Tiêu chí 5.10.1 hồ sơ trực tuyến cấp tỉnh tối đa mấy điểm?").status == \
        "answer"


def test_two_things_said_to_be_asked_split_bare_take_the_other_of_one_pillar() -> None:
    """"Trợ lý ảo phục vụ dân" hesitates between 6.19 and 6.20; the half after "với" is sure of 6.20, and "hai cái
    này" says two are asked: the first is 6.19. A half hesitating over another pillar's row names no second."""
    answer = SEARCHER.ask("kon-tum-2024",
                          "Trợ lý ảo phục vụ dân với trợ lý ảo cho cán bộ công chức, hai cái này đơn vị nào lo?")
    assert answer.status == "both" and [m.code for m in answer.matches] == ["6.19", "6.20"]
    stray = SEARCHER.ask("ninh-thuan-2021", "chứng thư số cấp cho cơ quan và cho cán bộ lãnh đạo mỗi cái mấy điểm")
    assert "1.1.3" not in [m.code for m in stray.matches]


def test_the_count_of_indicators_pointed_at_names_no_topic() -> None:
    """"hai chỉ số về máy chủ và máy trạm …": "hai" goes with its pointer, not with the first half ("hai … máy chủ"
    was no half sure of 5.3), and a clause of context before it leaves the pair offered."""
    assert "hai" not in analyze("em muốn hỏi hai chỉ số về máy chủ và máy trạm").tokens
    answer = SEARCHER.ask("nghia-phuong-2023", "Sắp tới huyện về kiểm tra an toàn thông tin, em muốn hỏi hai chỉ số về "
                                               "máy chủ và máy trạm cài phần mềm chống mã độc thì ai chủ trì ạ?")
    assert answer.status in ("both", "choose") and {"5.3", "5.4"} <= {m.code for m in answer.matches[:3]}


def test_parallel_halves_never_pair_a_criterion_with_a_plans_own_item() -> None:
    """"in một đợt tờ rơi | và làm mấy video clip tuyên truyền …, mỗi cái …": both are 1.1.2's "tài liệu tuyên truyền
    (quyển, tờ rơi, video clip)"; the first half hesitating between 1.1.2 and Appendix II's item 9 does not make the
    item the second topic."""
    answer = SEARCHER.ask("ninh-thuan-2021", "Bên mình vừa in một đợt tờ rơi và làm mấy video clip tuyên truyền về "
                                             "chuyển đổi số, cho mình hỏi mỗi cái như vậy được tính bao nhiêu điểm?")
    assert "PL2.9" not in [m.code for m in answer.matches]
    assert answer.matches and answer.matches[0].code == "1.1.2"
