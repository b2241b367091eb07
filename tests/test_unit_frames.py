"""Unit questions in the ways officials open and shorten them: a greeting first ("Kính gửi,", "Anh ơi cho em
hỏi,"), the asker's own unit named in a first clause ("em mới về công tác tại …, sở em …"), a list asked for
("đề nghị cho biết danh mục …", "ds chỉ số …"), or nothing but "<unit> chủ trì" — which stays a topic when it names
no unit of the plan."""

from __future__ import annotations

import pytest

from tests.searchkit import shared_searcher

SEARCHER = shared_searcher()


@pytest.mark.parametrize(
    ("plan", "question", "unit"),
    [
        ("kon-tum-2024", "Kính gửi anh, đề nghị cho biết danh mục chỉ số do Sở Nội vụ chủ trì.", "Sở Nội vụ"),
        ("gia-lai-2023", "Xin chào, vui lòng cho biết các chỉ số giao Cục Thuế tỉnh chủ trì", "Cục Thuế tỉnh"),
        ("kon-tum-2024", "Chị ơi cho em hỏi, bên Sở Công Thương được phân công những chỉ số nào ạ",
         "Sở Công Thương"),
        ("gia-lai-2023", "Chào chị, em mới về công tác tại Sở Kế hoạch và Đầu tư, cho em hỏi sở em được giao những "
                         "chỉ số nào vậy ạ", "Sở Kế hoạch và Đầu tư"),
        ("kon-tum-2024", "Xin chào, tôi làm việc ở Bưu điện tỉnh. Cho hỏi cơ quan chúng tôi chủ trì chỉ số nào?",
         "Bưu điện tỉnh"),
        ("nghia-phuong-2023", "Dạ em làm công chức địa chính ở xã, cho em hỏi em phụ trách những chỉ số nào ạ",
         "Công chức Địa chính xã"),
        ("kon-tum-2024", "mình bên sở giáo dục, sở mình có phải chủ trì chỉ số nào không", "Sở Giáo dục và Đào tạo"),
        ("gia-lai-2023", "ds chỉ số sở tài chính", "Sở Tài chính"),
        ("kon-tum-2024", "cong an tinh chu tri", "Công an tỉnh"),
        ("nghia-phuong-2023", "Công an xã phụ trách", "Công an xã"),
        ("gia-lai-2023", "Cục Thuế tỉnh chủ trì chỉ số nào ở Gia Lai", "Cục Thuế tỉnh"),  # where, after the ask
        # the plan named between the asker's unit and the ask; a commune official's post as the asker's unit
        ("kon-tum-2024", "Chào anh chị, em bên Viettel Kon Tum, trong kế hoạch 419 bên em được giao chủ trì chỉ "
                         "số nào ạ?", "Doanh nghiệp viễn thông"),
        ("nghia-phuong-2023", "e la cc mot cua, cho e hoi e phai chu tri nhung cs nao a",
         "Công chức Bộ phận Một cửa xã"),
        # chat: "trủ trì" for "chủ trì", a slipped mark, "mn" addressing the group
        ("kon-tum-2024", "Sở Công thương trủ trì chỉ sô nào vậy mn", "Sở Công Thương"),
        ("kon-tum-2024", "Sở Công thương chủ trì chỉ số nào vậy mn", "Sở Công Thương"),
        ("gia-lai-2023", "Bên em là Viettel Gia Lai, kế hoạch có giao mình chủ trì chỉ số nào không?",
         "Viettel Gia Lai"),
        # where the rows are ("trong các phụ lục"), the kinds of rows wanted said after ("cả chỉ tiêu lẫn dự án")
        ("ninh-thuan-2021", "Sở Y tế chủ trì những gì trong các phụ lục của kế hoạch?", "Sở Y tế"),
        ("ninh-thuan-2021", "Sở Nội vụ được giao chủ trì những việc gì, cả chỉ tiêu lẫn dự án?", "Sở Nội vụ"),
        ("ninh-thuan-2021", "Nội vụ được giao chủ trì mấy việc trong kế hoạch chuyển đổi số của tỉnh?", "Sở Nội vụ"),
    ],
)
def test_a_unit_question_opened_or_shortened_is_still_one(plan: str, question: str, unit: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "unit" and answer.unit == unit and answer.indicators


def test_working_is_no_count_of_things_led() -> None:
    """"… máy tính để làm việc": "làm việc" is work, never "<unit> làm <những việc>" asked."""
    answer = SEARCHER.ask("ninh-thuan-2021", "Em mới về xã, thấy nhiều anh chị chưa có máy tính để làm việc, phải "
                                             "dùng chung. Tỉnh có tiêu chí nào về việc cán bộ xã được cấp máy tính "
                                             "không ạ?")
    assert answer.status == "answer" and answer.matches[0].code == "3.1.3"


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("chữ ký số chủ trì", "8.3"),  # a topic: who leads it is asked
        ("bưu điện có internet chủ trì", "7.8"),  # starts like a unit ("Bưu điện tỉnh"), names none of the plan
    ],
)
def test_a_terse_topic_and_verb_stays_a_topic(question: str, code: str) -> None:
    answer = SEARCHER.ask("kon-tum-2024", question)
    assert answer.status == "answer" and answer.matches[0].code.startswith(code)


def test_a_terse_phrase_naming_no_unit_and_no_topic_is_not_said_to_be_a_missing_unit() -> None:
    """"phòng họp …" starts like a unit's name ("Phòng …"): terse, it is still read as a topic."""
    answer = SEARCHER.ask("kon-tum-2024", "phòng họp trực tuyến chủ trì")
    assert answer.status != "unknown_unit"


def test_a_unit_the_plan_lacks_asked_with_a_place_after_is_said_to_be_missing() -> None:
    assert SEARCHER.ask("kon-tum-2024", "Sở Y tế chủ trì chỉ số nào ở Kon Tum").status == "unknown_unit"


@pytest.mark.parametrize(
    ("plan", "question", "units"),
    [
        # "CA" before a level is the police; "Sở GD" starts one unit's name alone
        ("nghia-phuong-2023", "CA xã với đài truyền thanh chủ trì mấy cs v, liệt kê giúp e",
         "Công an xã và Phụ trách Đài truyền thanh xã"),
        ("gia-lai-2023", "Sở GD và Sở LĐ-TB&XH chủ trì những chỉ số nào, hạn hoàn thành ra sao?",
         "Sở Giáo dục và Đào tạo và Sở Lao động - Thương binh và Xã hội"),
        # no kind after the join, and the list asked for said before the verb
        ("nghia-phuong-2023", "VP xã + một cửa: ds chỉ số chủ trì?",
         "Công chức Văn phòng - Thống kê xã và Công chức Bộ phận Một cửa xã"),
        # a sentence of context before the ask; the unit after "giao chủ trì cho"; the unit said after the ask
        ("kon-tum-2024", "Tuần sau sở họp phân công. Sở TC chủ trì những chỉ số nào trong KH 419?", "Sở Tài chính"),
        ("kon-tum-2024", "Chỉ số nào được giao chủ trì cho Sở Công Thương?", "Sở Công Thương"),
        ("kon-tum-2024", "Chủ trì cs nào vậy, Bưu điện tỉnh ấy?", "Bưu điện tỉnh"),
        # the statutory name of the one-stop section
        ("nghia-phuong-2023", "Em mới chuyển về làm ở bộ phận tiếp nhận và trả kết quả của xã. Cho em hỏi đơn vị "
                              "em chủ trì những chỉ số nào, có phải chuẩn bị tài liệu kiểm chứng gì không ạ?",
         "Công chức Bộ phận Một cửa xã"),
    ],
)
def test_every_unit_named_is_answered_or_none(plan: str, question: str, units: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "unit" and answer.unit == units


@pytest.mark.parametrize("question", ["Sở Vũ trụ và Sở LĐ-TB&XH chủ trì những chỉ số nào, hạn hoàn thành ra sao?",
                                      "Sở Vũ trụ và Sở LĐ-TB&XH chủ trì những chỉ số nào"])
def test_a_listed_unit_the_plan_lacks_is_never_answered_for_the_other_alone(question: str) -> None:
    """Half an answer would read as the whole list of both."""
    answer = SEARCHER.ask("gia-lai-2023", question)
    assert answer.status != "unit" and not answer.indicators


def test_a_unit_named_after_the_ask_for_another_reason_is_not_the_one_asked() -> None:
    """"để gửi báo cáo cho Sở Tài chính" says where the list goes; "sở mình" is not Sở Tài chính."""
    answer = SEARCHER.ask("kon-tum-2024", "Sở mình chủ trì những chỉ số nào, để gửi báo cáo cho Sở Tài chính?")
    assert answer.unit != "Sở Tài chính"
