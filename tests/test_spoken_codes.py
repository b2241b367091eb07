"""Codes said in words ("sáu chấm mười lăm") are read as the code where the plan has it or a code word precedes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.normalize import fold
from knowledge.search.intent import analyze
from knowledge.search.spoken_codes import spoken_codes, spoken_number
from tests.searchkit import shared_searcher

SEARCHER = shared_searcher()
_WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _say(n: int) -> str:
    """How a number up to 99 is said: 15 "mười lăm", 21 "hai mươi mốt", 24 "hai mươi tư", 30 "ba mươi"."""
    if n < 10:
        return _WORDS[n]
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else f"{_WORDS[tens]} mươi"
    last = {0: "", 1: "mốt" if tens > 1 else "một", 4: "tư" if tens > 1 else "bốn", 5: "lăm"}.get(unit, _WORDS[unit])
    return f"{head} {last}".strip()


@given(st.integers(min_value=0, max_value=99))
def test_every_number_up_to_99_is_read_back(n: int) -> None:
    assert spoken_number(fold(_say(n))) == n


@given(st.lists(st.integers(min_value=1, max_value=30), min_size=2, max_size=4))
def test_a_code_of_the_plan_said_in_words_is_written_in_digits(parts: list[int]) -> None:
    code = ".".join(map(str, parts))
    said = " chấm ".join(map(_say, parts))
    assert spoken_codes(f"cho hỏi {said} ai chủ trì", {code}) == f"cho hỏi {code} ai chủ trì"
    assert spoken_codes(fold(f"cho hỏi {said} ai chủ trì"), {code}) == f"cho hoi {code} ai chu tri"


@pytest.mark.parametrize(
    "text",
    ["tỷ lệ đạt bảy chấm năm phần trăm", "năm chấm điểm xong chưa", "hai chấm", "ba người chấm bài"],
)
def test_a_decimal_or_a_word_chấm_is_left_as_typed(text: str) -> None:
    assert spoken_codes(text, {"6.15", "8.6"}) == text


def test_a_code_word_makes_an_unknown_spoken_code_a_code_to_refuse() -> None:
    assert analyze("chỉ số chín chấm chín là gì", frozenset({"6.15"})).unknown_codes == ("9.9",)


@pytest.mark.parametrize(
    ("plan", "question", "codes"),
    [("kon-tum-2024", "hai chấm chín ai chủ trì vậy ạ", ["2.9"]),
     ("kon-tum-2024", "cs bay cham muoi hai han bao gio", ["7.12"]),
     ("ninh-thuan-2021", "tiêu chí sáu chấm hai chấm ba tối đa mấy điểm", ["6.2.3"]),
     ("gia-lai-2023", "sáu chấm mười một với sáu chấm mười hai mỗi cái mấy điểm", ["6.11", "6.12"])],
)
def test_a_spoken_code_is_answered_like_a_typed_one(plan: str, question: str, codes: list[str]) -> None:
    answer = SEARCHER.ask(plan, question)
    assert [m.code for m in answer.matches] == codes
