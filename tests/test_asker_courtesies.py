"""The asker's greeting, name and post before a question, and the thanks after it, name no topic: a long message
wrapped in them is read by what it asks (issue 17: long Zalo messages)."""

from __future__ import annotations

import pytest

from knowledge.search.asker_intro import only_intro, without_closing, without_intro
from tests.searchkit import shared_searcher

SEARCHER = shared_searcher()


@pytest.mark.parametrize(("text", "rest"), [
    ("Chào anh, tôi là Hùng, chuyên viên Sở Y tế. Tỷ lệ hộ có cáp quang", "Tỷ lệ hộ có cáp quang"),
    ("Kinh gui anh chi, toi la Lan, ke toan xa. Chi so 6.18", "Chi so 6.18"),
    ("  anh, em là Mai, cán bộ Đoàn xã, chữ ký số", "chữ ký số"),  # "chào", "dạ" already gone as chat forms
    ("Em  anh. Em là Lâm, phụ trách CNTT ở xã. Máy chủ", "Máy chủ"),  # … "Em chào anh." so
    ("mình là Hà, bộ phận một cửa huyện Đắk Tô. Hồ sơ trực tuyến", "Hồ sơ trực tuyến"),  # their unit after the name
    # a post only after a name: "cán bộ xã có được cấp …" after "em là cán bộ xã," is what is asked
    ("em là cán bộ xã, cán bộ xã có được cấp chữ ký số không, tính điểm sao",
     "cán bộ xã có được cấp chữ ký số không, tính điểm sao"),
    # greeting a unit names the one asked: kept
    ("Kính gửi Sở TT&TT, đề nghị cho biết", "Kính gửi Sở TT&TT, đề nghị cho biết"),
])
def test_greeting_name_and_post_are_no_part_of_the_question(text: str, rest: str) -> None:
    assert without_intro(text) == rest


def test_a_clause_only_greeting_or_introducing_is_no_clause() -> None:
    assert only_intro("Chào anh")
    assert only_intro("Chào anh, tôi là Tâm, công chức Tài chính - Kế toán xã")
    assert not only_intro("Chào anh, tỷ lệ hộ có cáp quang")


@pytest.mark.parametrize(("text", "rest"), [
    ("ai chủ trì chỉ số 3.3? Mong được hướng dẫn, cảm ơn", "ai chủ trì chỉ số 3.3?"),
    ("tỷ lệ hộ có cáp quang là bao nhiêu em cảm ơn ạ", "tỷ lệ hộ có cáp quang là bao nhiêu em"),
    ("Cách tính chỉ số 6.12. Xin cảm ơn anh chị nhiều!", "Cách tính chỉ số 6.12."),
    # "tối đa" is no "tôi, dạ" of thanks: only after a sentence's end are they read so
    ("chỉ số 6.12 được điểm toi da", "chỉ số 6.12 được điểm toi da"),
    ("hướng dẫn người dân dùng dịch vụ công", "hướng dẫn người dân dùng dịch vụ công"),
    ("Trân trọng cảm ơn!", "Trân trọng cảm ơn!"),  # nothing else said: kept
    # what the chat forms leave of "Cảm ơn anh chị nhiều.": only those addressed, after a sentence's end
    ("đạt bao nhiêu phần trăm? anh chị nhiều.", "đạt bao nhiêu phần trăm?"),
    ("máy tính cho cán bộ xã và anh chị", "máy tính cho cán bộ xã và anh chị"),
])
def test_thanks_closing_a_message_are_left_out(text: str, rest: str) -> None:
    assert without_closing(text) == rest


@pytest.mark.parametrize(("plan", "message", "code"), [
    # the thanks after it had made the message's clauses too many to be read one by one
    ("kon-tum-2024", "Kinh gui anh chi, toi la Hoa, chuyen vien Cuc Thong ke tinh Kon Tum. Nam nay cuc duoc giao chu "
                     "tri chi so ty trong kinh te so trong GRDP ma toi chua ro cach tinh: a va b lay tu dau, ty le "
                     "bao nhieu thi duoc diem toi da? Mong duoc huong dan, cam on", "7.1"),
    # … and the asker's post, a clause of its own
    ("gia-lai-2023", "Chào anh chị, tôi là Bình, Phó Chánh Văn phòng Sở Y tế. Sở đang rà lại việc bà con làm thủ "
                     "tục: trong cả năm, số hồ sơ người dân nộp và được giải quyết qua mạng chiếm bao nhiêu trên tổng "
                     "số hồ sơ. Trong bộ chỉ số của tỉnh thì mục này tối đa bao nhiêu điểm, năm 2022 tỉnh được mấy "
                     "điểm?", "6.12"),
])
def test_a_long_message_wrapped_in_courtesies_is_answered(plan: str, message: str, code: str) -> None:
    answer = SEARCHER.ask(plan, message)
    assert answer.status == "answer" and [m.code for m in answer.matches] == [code]


def test_a_unit_asked_in_the_last_clause_of_a_story_is_answered() -> None:
    """The story refused as a whole, its last clause asks what a unit leads ("…, anh chị cho em hỏi trong kế hoạch
    chuyển đổi số năm 2021 Sở Công Thương chủ trì những việc gì ạ?")."""
    answer = SEARCHER.ask("ninh-thuan-2021", "Chào anh chị, em là chuyên viên Sở Công Thương Ninh Thuận. Sếp giao em "
                                             "rà soát, anh chị cho em hỏi trong kế hoạch chuyển đổi số năm 2021 Sở "
                                             "Công Thương chủ trì những việc gì ạ?")
    assert answer.status == "unit" and answer.unit == "Sở Công Thương"
    assert {i.code for i in answer.indicators if i.leads} >= {"PL1.14", "PL3.C.1"}


def test_the_plan_named_as_where_work_is_assigned_is_no_topic() -> None:
    """"Trong kế hoạch chuyển đổi số của tỉnh có giao việc này cho ai" asks who was assigned: not criterion 3.4.1,
    "Kế hoạch chuyển đổi Ipv6", which its words alone would name."""
    answer = SEARCHER.ask("ninh-thuan-2021", "Chào chị, em ở Sở Y tế. Sở em đang tính làm nền tảng y tế thông minh "
                                             "phổ cập đến cấp cơ sở. Trong kế hoạch chuyển đổi số của tỉnh có giao "
                                             "việc này cho ai, thời gian thực hiện năm nào ạ?")
    assert answer.status == "answer" and answer.matches[0].code == "PL3.E.1"
    answer = SEARCHER.ask("ninh-thuan-2021", "Trong kế hoạch chuyển đổi số của tỉnh có giao việc số hóa dữ liệu chuyên "
                                             "ngành cho ai?")
    assert "3.4.1" not in [m.code for m in [*answer.matches, *answer.hints]]


def test_an_item_pointed_at_is_no_chuyen_muc() -> None:
    """"mục đó", "mục này" point at an item, as "chỉ số" does: never 1.7's "chuyên mục" stated for a message that
    names nothing else."""
    answer = SEARCHER.ask("kon-tum-2024", "Anh xem giúp mục đó nằm ở đâu trong kế hoạch.")
    assert answer.status != "answer"
    answer = SEARCHER.ask("kon-tum-2024", "Đài tỉnh có chuyên mục nào về chuyển đổi số không, ai chủ trì?")
    assert answer.matches and answer.matches[0].code == "1.7"  # the name's own "chuyên mục" is kept
