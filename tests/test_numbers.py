"""The one Vietnamese number reader (scoring.numbers.read_number): examples, properties, and its use in scoring."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.numbers import AmbiguousNumber, NumberError, VnNumber, format_vn, read_number, require_whole
from tests.clikit import run_cli


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
    ("text", "value"), [("0.5", 0.5), ("1.5", 1.5), ("12.5", 12.5), ("12.25", 12.25), ("3.14159", 3.14159)]
)
def test_a_dot_before_other_than_three_digits_is_a_decimal_point_and_says_so(text: str, value: float) -> None:
    """Issue 17: a thousands group always has three digits, so "0.5" and "1.5" can only be decimals."""
    read = read_number(text)
    assert read.value == pytest.approx(value)
    assert f"'{text}' được đọc là {format_vn(value)}" in read.note and "thập phân" in read.note
    assert read_number("12.5 %").percent and "12,5 %" in read_number("12.5 %").note
    assert read_number("1.500").note == "" and read_number("12,5").note == ""


@pytest.mark.parametrize(("text", "readings"), [("1,234", (1.234, 1234.0)), ("9,500", (9.5, 9500.0))])
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
    for text in ("12.5", "2,5", "0.5"):  # a decimal, however written, is no count
        with pytest.raises(NumberError, match="số nguyên"):
            read_number(text, whole=True)
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


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99),
       st.sampled_from([1, 2]))
def test_a_dot_before_one_or_two_digits_reads_as_decimals(whole: int, fraction: int, digits: int) -> None:
    decimals = str(fraction).zfill(2)[:digits]
    read = read_number(f"{whole}.{decimals}")
    assert read.value == pytest.approx(float(f"{whole}.{decimals}")) and read.note


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_one_group_of_three_digits(head: int, tail: int) -> None:
    """After a dot it groups thousands; after a comma two conventions disagree (refused), unless a count."""
    group = str(tail).zfill(3)
    assert read_number(f"{head}.{group}").value == head * 1000 + tail
    assert read_number(f"{head},{group}", whole=True).value == head * 1000 + tail
    try:
        read_number(f"{head},{group}")
    except AmbiguousNumber as exc:
        assert exc.readings == (pytest.approx(head + tail / 1000), head * 1000 + tail)
    else:
        raise AssertionError("a comma before three digits is refused")


@given(st.text(alphabet="0123456789.,% -", max_size=12))
def test_whole_readings_are_whole(text: str) -> None:
    try:
        value = read_number(text, whole=True).value
    except NumberError:
        return
    assert float(value).is_integer()


@given(st.text(alphabet="0123456789.,% -", max_size=12))
def test_every_refusal_explains_itself(text: str) -> None:
    try:
        read_number(text)
    except AmbiguousNumber as exc:
        assert len(exc.readings) == 2 and exc.readings[0] != exc.readings[1] and exc.message
    except NumberError as exc:
        assert exc.message


def _score(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, dict[str, object]]:
    """``dti-bot score --json`` in this process (``tests/clikit.run_cli``: its exit status and what it printed), as
    the CLI's other sweeps run it; that the installed command reaches ``main`` is ``tests/test_cli_contracts.py``'s."""
    done = run_cli(["score", "--json", *args], monkeypatch)
    return done.code, json.loads(done.out)


def test_score_cli_reads_thousands_and_refuses_ambiguity(monkeypatch: pytest.MonkeyPatch) -> None:
    status, out = _score(monkeypatch, "--framework", "dti-tinh", "6.12", "a=45.000", "b=1.000", "c=300")
    assert status == 0 and out["inputs"] == {"a": 45000, "b": 1000, "c": 300}
    status, out = _score(monkeypatch, "--framework", "cqs-ninh-thuan", "2.2.1", "x=1.200")
    assert status == 0 and out["inputs"] == {"x": 1200}  # x articles: twelve hundred, not 1,2
    status, out = _score(monkeypatch, "--framework", "cqs-ninh-thuan", "2.2.1", "x=12.5")
    assert status == 2 and "phải là số nguyên" in str(out["error"])  # a count of documents is whole
    status, out = _score(monkeypatch, "--framework", "cqs-ninh-thuan", "2.2.1", "x=1,234")
    assert status == 0 and out["inputs"] == {"x": 1234}  # a count: the comma can only group thousands
    status, out = _score(monkeypatch, "--framework", "dti-tinh", "7.1", "a=1.5", "b=30")
    assert status == 0 and out["inputs"] == {"a": 1.5, "b": 30}  # money: "1.5" is one and a half
    assert "'1.5' được đọc là 1,5" in " ".join(map(str, out["notes"]))  # type: ignore[call-overload]


def test_score_cli_counts_are_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 17: `score --framework dti-tinh 1.5 x=12,5 y=có` scored 12,5 articles."""
    status, out = _score(monkeypatch, "--framework", "dti-tinh", "1.5", "x=12,5", "y=có")
    assert status == 2 and "phải là số nguyên" in str(out["error"])
    status, out = _score(monkeypatch, "--framework", "dti-tinh", "1.3", "a=2,5", "b=4")
    assert status == 2 and "số nguyên" in str(out["error"])  # "văn bản chỉ đạo": the "chi" of "chỉ đạo" is no money
    status, out = _score(monkeypatch, "--framework", "dti-tinh", "1.5", "x=12", "y=có")
    assert status == 0


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_whole_numbers_are_shown_whole(value: int) -> None:
    """fmt_num's shortcut for whole numbers gives what the rounding path gives (no decimals, no "-0")."""
    from scoring.numbers import fmt_num

    as_float = float(value)
    assert fmt_num(value) == str(value)
    assert fmt_num(as_float) == f"{as_float:.2f}"[:-3]  # the rounding path's text, without ",00"
    assert fmt_num(-0.0) == "0" and fmt_num(12.0) == "12" and fmt_num(12.5) == "12,5" and fmt_num(0.6667) == "0,67"
