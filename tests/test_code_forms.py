"""Codes typed the way officials type them on a phone (issue 17, item 2): spaced dots, dashes, repeated dots, a
code word in front; read as the code when it exists; a percentage or a count is never a code."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.search.engine import Searcher
from knowledge.search.numbers import code_forms, read_numbers
from tests.searchkit import shared_searcher

KT, GL, NT = "kon-tum-2024", "gia-lai-2023", "ninh-thuan-2021"


@pytest.fixture(scope="module")
def searcher() -> Searcher:
    return shared_searcher()


@pytest.mark.parametrize(
    ("plan", "question", "code"),
    [
        (KT, "cs 5-12 mục tiêu là gì", "5.12"),
        (KT, "vậy chỉ số 3 . 6 cần tài liệu gì?", "3.6"),
        (GL, "cs 2..10 thời hạn hoàn thành", "2.10"),
        (NT, "tiêu chí 5 . 10 . 1 tối đa mấy điểm", "5.10.1"),
        (KT, "chỉ số 6-22-1 là gì", "6.22.1"),
        (GL, "chi so 7 - 10 nam 2022 dc bao nhieu diem", "7.10"),
        (GL, "chỉ số 9-3 ai chủ trì", "9.3"),
        (KT, "ct 6..13 ai chủ trì", "6.13"),
        (KT, "3-2 ai chủ trì", "3.2"),
        (NT, "7-1-1 tính điểm thế nào", "7.1.1"),
        (KT, "chỉ số 3.3. ai chủ trì", "3.3"),
        (KT, "CS6.12 mục tiêu", "6.12"),
        (KT, "chỉ số 5 . 12 . 3", "5.12.3"),
        (GL, "tc 8--8--2--4 điểm năm 2022", "8.8.2.4"),  # a dash typed twice
        (KT, "chỉ số 8 - - 8 - - 2 - - 4 ai chủ trì", "8.8.2.4"),
        (NT, "tiêu chí 5—10—1 tối đa mấy điểm", "5.10.1"),  # em dashes
        (KT, "CS-4-7 thời hạn hoàn thành khi nào", "4.7"),  # the code word joined by a dash too
        (GL, "TC-6.12 ai chủ trì", "6.12"),
        (KT, "cs:3.3 mục tiêu", "3.3"),
        (KT, "ct.3.3 hạn khi nào", "3.3"),  # ... or by a dot (read as 5.12.1's "tc" before, confidently)
        (GL, "cs.7.8 ai chủ trì, ai phối hợp", "7.8"),
    ],
)
def test_an_oddly_typed_code_is_read_as_that_code_not_its_pillar(
    searcher: Searcher, plan: str, question: str, code: str
) -> None:
    answer = searcher.ask(plan, question)
    assert [m.code for m in answer.matches] == [code]
    assert answer.status == "answer"


@pytest.mark.parametrize(
    "question",
    [
        "Chỉ tiêu 80% hộ gia đình có Internet cáp quang là chỉ số nào?",
        "tiêu chí 40% doanh nghiệp dùng hợp đồng điện tử",
        "chỉ tiêu 50 phần trăm hồ sơ trực tuyến",
    ],
)
def test_a_percentage_after_a_code_word_is_no_code(searcher: Searcher, question: str) -> None:
    numbers = read_numbers(question, searcher.for_plan(KT).codes)
    assert numbers.codes == () and numbers.unknown_marked == ()
    assert searcher.ask(KT, question).status != "unknown_code"


def test_xl_is_xu_ly(searcher: Searcher) -> None:
    """'xl' is 'xử lý' in chat: the question asks the maximum of 6.12."""
    answer = searcher.ask(KT, "Đắk Lắk 2021 cs hồ sơ xl trực tuyến có 4,75 đ hả a, tối đa bn đ v")
    assert answer.status == "answer" and answer.matches[0].code == "6.12"


@pytest.mark.parametrize(("text", "points"), [
    ("e thấy chỉ số diễn tập attt gl 0đ, ai lo vụ này", True),
    ("năm 2022 mình có 2đ thôi à", True),
    ("hồ sơ trực tuyến có 4,75đ", True),
    ("năm 2022 dc 0.5d thoi", True),  # a decimal with "d": points too
    ("in 3d", False),  # a whole number with "d": no points
    ("phí 500.000đ một hồ sơ", False),  # money
])
def test_whole_points_typed_against_their_number_are_points(searcher: Searcher, text: str, points: bool) -> None:
    """"0đ", "2đ", "0.5d": points had, a value read apart, never a topic word that matches nothing."""
    numbers = read_numbers(text, searcher.for_plan(GL).codes)
    assert numbers.points == points


def test_points_typed_against_their_number_leave_the_topic_to_answer(searcher: Searcher) -> None:
    answer = searcher.ask(GL, "e thấy chỉ số diễn tập attt gl 0đ, ai lo vụ này v ạ")
    assert answer.status == "answer" and answer.matches[0].code == "5.9"


@pytest.mark.parametrize(
    "text",
    ["tăng trưởng 10-15% mỗi năm", "tăng 10--15% mỗi năm", "hạn 15-12-2024", "hạn 15—12—2024", "thực hiện 1-2 nền tảng",
     "mỗi năm 1 - 2 ứng dụng"],
)
def test_ranges_and_dates_stay_as_typed(searcher: Searcher, text: str) -> None:
    codes = searcher.for_plan(KT).codes
    assert read_numbers(text, codes).codes == ()


_SEPARATORS = [" . ", "-", " - ", "..", ". ", "--", " -- ", "—", "- -"]


@given(st.lists(st.integers(1, 12), min_size=2, max_size=4), st.sampled_from(_SEPARATORS))
def test_any_separator_spells_the_same_code_after_a_code_word(parts: list[int], separator: str) -> None:
    typed = separator.join(map(str, parts))
    assert code_forms(f"chỉ số {typed} là gì", None) == f"chỉ số {'.'.join(map(str, parts))} là gì"


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("cs 8.6 và 8.7 xã tính điểm sao", ("8.6", "8.7")),  # a count is whole: "8.7 xã" is the code, then "xã"
        ("8.6, 8.7 xã mình làm chưa", ("8.6", "8.7")),
        ("xã có 8 thôn, 1.200 hộ", ()),  # whole counts and a thousands group stay quantities
        ("đạt 8.5 điểm", ()),  # a measure may have a fraction: a score, not a code
        ("điểm tối đa của 7.1 tỷ trọng kinh tế số và 7.11", ("7.1", "7.11")),  # "tỷ trọng" is no sum of money
        ("7.2 tỷ lệ doanh nghiệp nào", ("7.2",)),
        ("kinh phí 7.1 tỷ đồng", ()),  # "tỷ" alone is: an amount, not a code
    ],
)
def test_a_dotted_code_before_a_count_word_is_the_code(text: str, codes: tuple[str, ...]) -> None:
    known = shared_searcher().for_plan("nghia-phuong-2023").codes
    assert read_numbers(text, known).codes == codes


@pytest.mark.parametrize(
    ("plan", "question", "code"),
    [
        (KT, "chi so 6 12 ai chu tri", "6.12"),  # a space for the dot, after a code word: not pillar 6
        (KT, "cs6 12 han khi nao", "6.12"),
        (GL, "5_12_1 ai chu tri", "5.12.1"),
        (KT, "chỉ số số 3.3", "3.3"),  # "số" / "thứ" after the code word is no number of its own
        (KT, "chỉ số thứ 3.3 ai chủ trì", "3.3"),
        ("nghia-phuong-2023", "cs 6/8 ai làm", "6.8"),
        ("ninh-thuan-2021", "tc 3 1 2 điểm tối đa", "3.1.2"),  # three parts before "điểm": no count
    ],
)
def test_a_code_split_by_spaces_slashes_or_underscores_is_that_code(
    searcher: Searcher, plan: str, question: str, code: str
) -> None:
    answer = searcher.ask(plan, question)
    assert answer.status == "answer" and [m.code for m in answer.matches] == [code]


@pytest.mark.parametrize(("text", "unknown", "marked"), [
    ("chỉ số 4.7 xã mình ai phụ trách", ("4.7",), True),  # a count is whole: 4.7 is a code the plan lacks
    ("chỉ số 9,9 thôn nào làm", ("9.9",), True),
    ("chỉ tiêu 50 xã", (), False),  # a whole number before a count word stays a count
    ("chỉ tiêu 4.5 triệu đồng", (), False),  # a measure may have a fraction
])
def test_a_dotted_number_the_plan_lacks_before_a_count_word_is_an_unknown_code(
        text: str, unknown: tuple[str, ...], marked: bool) -> None:
    known = shared_searcher().for_plan("nghia-phuong-2023").codes - {"4.5"}
    numbers = read_numbers(text, known)
    assert numbers.unknown_marked == unknown and bool(numbers.unknown_marked) == marked and numbers.codes == ()


@pytest.mark.parametrize("question", ["chỉ số 4.7 xã mình ai phụ trách", "chỉ số 9.9 xã mình ai phụ trách"])
def test_a_code_the_commune_plan_lacks_is_refused_as_such(searcher: Searcher, question: str) -> None:
    answer = searcher.ask("nghia-phuong-2023", question)
    assert answer.status == "unknown_code" and answer.matches == []


def test_an_asked_word_alone_does_not_pick_an_indicator(searcher: Searcher) -> None:
    """"xã mình ai phụ trách" names no topic: "trách" must not find 4.4's "chuyên trách"."""
    answer = searcher.ask("nghia-phuong-2023", "xã mình ai phụ trách")
    assert answer.status != "answer" and answer.matches == []


@pytest.mark.parametrize("text", ["chỉ tiêu 6/8 xã đạt", "hạn 15/12 nộp báo cáo"])
def test_a_share_a_date_or_a_count_after_a_code_word_is_no_code(searcher: Searcher, text: str) -> None:
    codes = read_numbers(text, searcher.for_plan(KT).codes).codes
    assert "6.8" not in codes and "6.12" not in codes and "15.12" not in codes and "6" not in codes


@pytest.mark.parametrize(("text", "codes", "points"), [
    ("3.3 đ tối đa", ("3.3",), False),  # a code of the plan before "đ", nothing else asked: the code
    ("chỉ số 6.12 được 3.3 điểm là sao", ("6.12",), True),  # another code: 3.3 is its score
    ("năm 2022 được 3.3 điểm", (), True),
    ("tài khoản định danh năm 2022 dc có 1.6 điểm thôi", (), True),  # points had: a score, never code 1.6
])
def test_a_code_before_points_is_the_code_only_when_nothing_else_is(searcher: Searcher, text: str,
                                                                     codes: tuple[str, ...], points: bool) -> None:
    numbers = read_numbers(text, searcher.for_plan(KT).codes)
    assert numbers.codes == codes and numbers.points == points and "3.3" not in numbers.rest
    assert "1.6" not in numbers.rest


@pytest.mark.parametrize(("text", "codes"), [
    ("cs 7.2 và 7.3 điểm tối đa bao nhiêu", ("7.2", "7.3")),  # the second of two codes, before "điểm"
    ("chỉ số 7.2 được 7.3 điểm", ("7.2",)),  # a score reached: a value
])
def test_a_dotted_number_listed_after_a_code_is_the_next_code(searcher: Searcher, text: str,
                                                               codes: tuple[str, ...]) -> None:
    assert read_numbers(text, searcher.for_plan(KT).codes).codes == codes


@pytest.mark.parametrize(
    ("plan", "question", "codes"),
    [
        ("nghia-phuong-2023", "điểm tối đa 6.16 vs 6.17", {"6.16", "6.17"}),  # not "tối đa 6.16" points
        ("gia-lai-2023", "cả 8.6 lẫn 8.7 ai chủ trì", {"8.6", "8.7"}),  # "lẫn" folds to "lần" (times)
    ],
)
def test_codes_joined_are_codes_whatever_value_words_are_around(plan: str, question: str, codes: set[str]) -> None:
    answer = shared_searcher().ask(plan, question)
    assert answer.status == "both" and {m.code for m in answer.matches} == codes


def test_zero_is_never_a_code_even_after_a_word_that_folds_to_a_code_word(searcher: Searcher) -> None:
    # "mà" folds to "ma", as "mã" (a code) does; no code starts with 0
    numbers = read_numbers("năm 2022 được 0 điểm, tính kiểu gì mà 0 vậy", searcher.for_plan(GL).codes)
    assert numbers.codes == () and numbers.unknown_marked == ()
    assert searcher.ask(GL, "dv công trực tuyến toàn trình 2022 0 điểm hả, tính kiểu gì mà 0 vậy").status != \
        "unknown_code"


def test_a_group_named_by_a_code_the_plan_lacks_is_an_unknown_code(searcher: Searcher) -> None:
    asked = "Nhóm 1.4 thuộc phần nhận thức có những tiêu chí gì?"
    assert searcher.ask("ninh-thuan-2021", asked).status == "unknown_code"
    assert searcher.ask("ninh-thuan-2021", "nhóm 1.2 có những tiêu chí gì").matches[0].code == "1.2"


def test_a_period_an_entrys_name_writes_is_no_year_asked() -> None:
    """"nghị quyết cđs 2020-2025": the period is part of the name (PL2.1's "giai đoạn 2020-2025"), a topic, not two
    years asked; a range no name writes, or a year alone, stays years."""
    from tests.searchkit import shared_searcher

    named = read_numbers("nghị quyết cđs 2020-2025 ai soạn", topic_numbers={"2020", "2025"})
    assert named.years == () and "2020" in named.rest and "2025" in named.rest
    assert read_numbers("nghị quyết cđs 2020-2025 ai soạn").years == (2020, 2025)
    assert read_numbers("kết quả năm 2025", topic_numbers={"2020", "2025"}).years == (2025,)
    answer = shared_searcher().ask("ninh-thuan-2021", "kế hoạch chuyển đổi số giai đoạn 2021-2025 được mấy điểm")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["2.1.1"]
