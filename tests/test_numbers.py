"""The one Vietnamese number reader (scoring.numbers.read_number): examples, properties, and its use in scoring."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.numbers import AmbiguousNumber, NumberError, VnNumber, format_vn, read_number, require_whole


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45.000", VnNumber(45000)),
        ("1.234.567", VnNumber(1234567)),
        ("1.234,5", VnNumber(1234.5)),
        ("12,5", VnNumber(12.5)),
        ("12,5 %", VnNumber(12.5, percent=True)),
        ("12,5%", VnNumber(12.5, percent=True)),
        ("0,123", VnNumber(0.123)),
        (" 7 ", VnNumber(7)),
        ("-3,5", VnNumber(-3.5)),
    ],
)
def test_vietnamese_forms(text: str, expected: VnNumber) -> None:
    assert read_number(text) == expected


def test_a_dot_before_three_digits_groups_thousands() -> None:
    assert read_number("1.200").value == 1200 and read_number("1.500").value == 1500

def test_percent_fraction() -> None:
    assert read_number("12,5 %").fraction == pytest.approx(0.125)
    assert read_number("12,5").fraction == 12.5


@pytest.mark.parametrize(
    ("text", "readings"),
    [("12.5", (12.5, 125.0)), ("1,234", (1.234, 1234.0)), ("0.5", (0.5, 5.0))],
)
def test_ambiguous_forms_are_refused_with_both_readings(text: str, readings: tuple[float, float]) -> None:
    with pytest.raises(AmbiguousNumber) as caught:
        read_number(text)
    assert caught.value.readings == readings
    assert "đọc được hai cách" in caught.value.message


def test_not_numbers_and_english_grouping() -> None:
    for text in ("abc", "", "1.2.3", "1,,2", ".5", "12,", "%"):
        with pytest.raises(NumberError) as caught:
            read_number(text)
        assert "không phải là số" in caught.value.message and caught.value.readings == ()
    with pytest.raises(NumberError) as english:
        read_number("1,234.5")
    assert english.value.readings == (1234.5,) and "1.234,5" in english.value.message


def test_counts_must_be_whole() -> None:
    assert read_number("1.200.000", whole=True).value == 1200000
    assert read_number("1.200", whole=True).value == 1200  # a count cannot be 1,2
    assert read_number("1,234", whole=True).value == 1234
    with pytest.raises(AmbiguousNumber):
        read_number("12.5", whole=True)  # no thousands group: still two readings (12,5 or 125)
    with pytest.raises(NumberError, match="số nguyên"):
        read_number("2,5", whole=True)
    assert require_whole("3", 3.0) == 3.0


def test_printed_sources_follow_the_convention() -> None:
    assert read_number("8,174", printed=True).value == pytest.approx(8.174)
    assert read_number("1.200", printed=True).value == 1200
    with pytest.raises(AmbiguousNumber):
        read_number("8,174")


_amounts = st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False).map(float)


@given(_amounts)
def test_formatted_the_vietnamese_way_reads_back(value: float) -> None:
    """Every number written with "." thousands and "," decimals reads back as itself, or — only where the
    writing is one the other convention reads differently — is refused offering it among the readings."""
    text = format_vn(value)
    try:
        assert read_number(text).value == pytest.approx(value)
    except AmbiguousNumber as exc:
        assert any(r == pytest.approx(value) for r in exc.readings)


@given(st.integers(min_value=1000, max_value=10**12))
def test_grouped_whole_numbers_are_never_ambiguous_unless_one_group(value: int) -> None:
    text = format_vn(value)
    if text.count(".") >= 2 or text.endswith(".000"):
        assert read_number(text, whole=True).value == value


@given(st.text(alphabet="0123456789.,% -", max_size=12))
def test_every_refusal_explains_itself(text: str) -> None:
    try:
        read_number(text)
    except AmbiguousNumber as exc:
        assert len(exc.readings) == 2 and exc.readings[0] != exc.readings[1] and exc.message
    except NumberError as exc:
        assert exc.message


def _score(*args: str) -> tuple[int, dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "score", "--json", *args], capture_output=True, text=True, check=False
    )
    return done.returncode, json.loads(done.stdout)


def test_score_cli_reads_thousands_and_refuses_ambiguity() -> None:
    status, out = _score("--framework", "dti-tinh", "6.12", "a=45.000", "b=1.000", "c=300")
    assert status == 0 and out["inputs"] == {"a": 45000, "b": 1000, "c": 300}
    status, out = _score("--framework", "cqs-ninh-thuan", "2.2.1", "x=1.200")
    assert status == 0 and out["inputs"] == {"x": 1200}  # x articles: twelve hundred, not 1,2
    status, out = _score("--framework", "cqs-ninh-thuan", "2.2.1", "x=12.5")
    assert status == 2 and "12,5 hoặc 125" in str(out["error"])


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_whole_numbers_are_shown_whole(value: int) -> None:
    """fmt_num's shortcut for whole numbers gives what the rounding path gives (no decimals, no "-0")."""
    from scoring.numbers import fmt_num

    as_float = float(value)
    assert fmt_num(value) == str(value)
    assert fmt_num(as_float) == f"{as_float:.2f}"[:-3]  # the rounding path's text, without ",00"
    assert fmt_num(-0.0) == "0" and fmt_num(12.0) == "12" and fmt_num(12.5) == "12,5" and fmt_num(0.6667) == "0,67"
