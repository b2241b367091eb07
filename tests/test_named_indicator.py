"""An indicator named by its kind of name ("chỉ số tỷ lệ …") that the plan does not have is refused, the entry the
rest of the question found only offered; names the plan has are answered as before."""

from __future__ import annotations

import pytest

from knowledge.search.named import named_words
from tests.searchkit import shared_searcher

SEARCHER = shared_searcher()


@pytest.mark.parametrize(("question", "words"), [
    ("Chỉ số tỷ lệ xã có sóng 5G ở Kon Tum năm 2023 đạt bao nhiêu?", ["xa", "co", "song", "5g"]),
    ("cs ty le ho dan co cap quang 2023 dc bn", ["ho", "dan", "co", "cap", "quang"]),  # a year ends the name
    ("Tiêu chí số lượng tên miền .vn của xã ai lo", ["ten", "mien", "vn"]),
    ("Chỉ số số lượng tên miền .vn lấy dữ liệu từ đâu", ["ten", "mien", "vn"]),  # where its data comes from
    ("Tỷ lệ hộ có cáp quang ai chủ trì", ["ho", "co", "cap", "quang"]),  # opening the sentence: quoted too
    ("Chỉ số về tỷ lệ hộ có camera an ninh?", ["ho", "co", "camera", "an", "ninh"]),
])
def test_the_name_runs_from_the_pointer_to_what_is_asked(question: str, words: list[str]) -> None:
    assert named_words(question) == words


@pytest.mark.parametrize(("plan", "question", "near"), [
    # Kon Tum counts community digital teams in villages (4.2), never 4G/5G coverage of villages
    ("kon-tum-2024", "Chỉ số tỷ lệ thôn bản được phủ sóng 5G của tỉnh năm 2025 mục tiêu bao nhiêu?", "4.2"),
    # Gia Lai counts schools doing digital transformation (4.13), never free Wi-Fi for pupils
    ("gia-lai-2023", "Chỉ số tỷ lệ trường học có wifi miễn phí cho học sinh ai chủ trì?", "4.13"),
])
def test_a_name_the_plan_lacks_is_refused_with_the_near_entry_offered(plan: str, question: str, near: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "none"
    assert near in [m.code for m in answer.hints]


@pytest.mark.parametrize(("plan", "question", "code"), [
    ("kon-tum-2024", "Chỉ số tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang mục tiêu bao nhiêu?", "3.3"),
    ("kon-tum-2024", "cs ty le dvctt toan trinh ai chu tri", "6.8"),
    ("ninh-thuan-2021", "tiêu chí tỷ lệ CBCC cấp xã được trang bị máy tính tối đa mấy điểm", "3.1.3"),
])
def test_a_name_the_plan_has_is_answered(plan: str, question: str, code: str) -> None:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "answer" and answer.matches[0].code == code


def test_a_clause_of_a_question_naming_an_indicator_the_plan_lacks_is_no_answer_either() -> None:
    # the commune plan has no graduates' indicator; the last clause alone finds the officials trained (4.5)
    asked = "Chỉ số Tỷ lệ sinh viên tốt nghiệp cao đẳng, đại học về chuyển đổi số của xã thì giao cho ai?"
    answer = SEARCHER.ask("nghia-phuong-2023", asked)
    assert answer.status == "none"


def test_a_person_s_name_is_refused_not_answered_with_an_indicator() -> None:
    answer = SEARCHER.ask("ninh-thuan-2021", "Phó giám đốc Sở Nội vụ là ai vậy")
    assert answer.status == "none"


def test_a_name_in_everyday_words_is_read_as_the_search_reads_it() -> None:
    # "điện thoại xịn" is the everyday wording of "điện thoại thông minh", which 3.1's name holds
    from knowledge.search.named import lacking, named_words
    plan = SEARCHER.for_plan("kon-tum-2024")
    asked = "chỉ số tỷ lệ người lớn có điện thoại xịn ai lo"
    words = named_words(asked)
    doc = next(d for d in plan.index.docs if d.code == "3.1")
    everyday, learned = plan.thesaurus.found(asked)
    assert len(lacking(plan.index, doc, words)) >= 3 > len(lacking(plan.index, doc, words, [*everyday, *learned]))
    assert SEARCHER.ask("kon-tum-2024", asked).matches[0].code == "3.1"


@pytest.mark.parametrize(("question", "words"), [
    ("chỉ số tỷ lệ hộ có camera kết nối với công an kết quả 2023", ["ho", "co", "camera", "ket", "noi"]),  # a join
    # "báo chí" is read "báo" (a synonym); ten words at most, "tỷ lệ" the first two
    ("chỉ số tỷ lệ cơ quan báo chí có chuyên mục về cđs bao nhiêu", ["co", "quan", "bao", "co", "chuyen", "muc", "ve",
                                                                     "chuyen"]),
    # "máy tính" folds to the "may" of "mấy" (how many), and is a word of the name
    ("tiêu chí về tỷ lệ bà con biết dùng máy tính, điện thoại (chuẩn 70%)", ["ba", "con", "biet", "dung", "may",
                                                                          "tinh", "dien", "thoai"]),
    ("chỉ số tỷ lệ hộ có mấy người dùng smartphone", ["ho", "co"]),
])
def test_words_that_ask_only_before_their_pair_end_a_name(question: str, words: list[str]) -> None:
    assert named_words(question) == words


def test_a_name_opening_a_sentence_of_one_topic_is_quoted_too() -> None:
    from knowledge.search.named import quoted_name
    assert quoted_name("Tỷ lệ trường học có wifi miễn phí ở Gia Lai được mấy điểm?") == (
        ["truong", "hoc", "co", "wifi", "mien", "phi"], False)
    assert quoted_name("tỷ lệ DN dùng hợp đồng điện tử, DN nộp thuế điện tử ai chủ trì") == ([], False)  # two topics
    assert quoted_name("Chỉ số tỷ lệ hộ có cáp quang mục tiêu") == (["ho", "co", "cap", "quang"], True)
    asked = "Tỷ lệ trường học có wifi miễn phí cho học sinh được mấy điểm?"
    assert SEARCHER.ask("gia-lai-2023", asked).status == "none"
    # a result asked ("thực tế") ends the name: the indicator is answered
    answer = SEARCHER.ask("kon-tum-2024", "Tỷ lệ hồ sơ xử lý trực tuyến thực tế năm 2023 đạt bao nhiêu?")
    assert answer.matches[0].code == "6.12"


def test_a_clause_cannot_answer_a_name_cut_short_at_a_machine() -> None:
    # the name quoted runs past "máy tính": 6.1 (the commune's web page), found by a clause, is no such indicator;
    # the threshold quoted (8.5's "70%") is what names it
    answer = SEARCHER.ask("nghia-phuong-2023", "Tiêu chí về tỷ lệ bà con biết dùng máy tính, điện thoại, internet "
                                               "(chuẩn 70% là đủ điểm) thì ai phụ trách ở xã?")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["8.5"]
    unquoted = SEARCHER.ask("nghia-phuong-2023", "Tiêu chí về tỷ lệ bà con biết dùng máy tính, điện thoại, internet "
                                                 "thì ai phụ trách ở xã?")
    assert "6.1" not in [m.code for m in unquoted.matches]
