"""Every rule kind, at and around every threshold and level boundary, plus impossible inputs."""

from __future__ import annotations

from typing import Any

import pytest

from knowledge.rules import parse_rule
from scoring.engine import score_indicator
from scoring.model import Pending, Rejection, Result


def rule(**raw: Any) -> Any:
    raw.setdefault("code", "t")
    return parse_rule(raw)


def score(r: Any, top: float | None, **inputs: Any) -> float:
    out = score_indicator(r, top, inputs)
    assert isinstance(out, Result), out
    return out.score


AB = {"a": "phần", "b": "tổng"}
PROP = rule(kind="ratio", ratio="a/b", inputs=AB)
THR80 = rule(
    kind="threshold", ratio="(b+c)/a", at=0.8, inputs={"a": "tổng", "b": "b", "c": "c"}, limits=[["b+c", "a"]]
)


def test_proportional_ratio() -> None:
    assert score(PROP, 10, a=0, b=4) == 0
    assert score(PROP, 10, a=1, b=4) == 2.5
    assert score(PROP, 10, a=4, b=4) == 10


def test_proportional_sum_ratio_six_inputs() -> None:
    r = rule(kind="ratio", ratio="(a+b+c+d)/(e+f)", inputs={k: k for k in "abcdef"})
    assert score(r, 10, a=1, b=1, c=1, d=1, e=4, f=4) == 5


@pytest.mark.parametrize(
    ("b", "expected"), [(799, 799 / 1000 / 0.8 * 20), (800, 20), (801, 20), (1000, 20), (0, 0)]
)
def test_threshold_scaled_around_80_percent(b: int, expected: float) -> None:
    assert score(THR80, 20, a=1000, b=b, c=0) == pytest.approx(expected)


def test_threshold_example_from_issue() -> None:
    out = score_indicator(THR80, 20, {"a": 1000, "b": 200, "c": 300})
    assert isinstance(out, Result)
    assert out.score == 12.5
    assert out.ratio == 0.5
    assert out.lost == 7.5
    assert out.explanation == "Tỷ lệ = (200 + 300) / 1000 = 50 % < 80 % → Điểm = 50 % / 80 % × 20 = 12,5"


@pytest.mark.parametrize(("a", "expected"), [(7, 7.0), (8, 10.0), (9, 10.0)])
def test_threshold_below_proportional(a: int, expected: float) -> None:
    r = rule(kind="threshold", ratio="a/b", at=0.8, below="proportional", inputs=AB)
    assert score(r, 10, a=a, b=10) == pytest.approx(expected)


@pytest.mark.parametrize(("a", "expected"), [(19, 0.0), (20, 1.0), (21, 1.0)])
def test_threshold_below_zero(a: int, expected: float) -> None:
    r = rule(kind="threshold", ratio="a/b", at=0.2, below="zero", inputs=AB)
    assert score(r, 1, a=a, b=100) == expected


def test_threshold_at_a_quarter_percent_is_exact() -> None:
    r = rule(kind="threshold", ratio="a/b", at=0.0025, inputs=AB)
    assert score(r, 10, a=25, b=10000) == 10
    assert score(r, 10, a=24, b=10000) == pytest.approx(9.6)


@pytest.mark.parametrize(("a", "expected"), [(99, 0.0), (100, 10.0)])
def test_all_or_nothing_at_100_percent(a: int, expected: float) -> None:
    r = rule(kind="all_or_nothing", ratio="a/b", inputs=AB)
    assert score(r, 10, a=a, b=100) == expected


LEVELS = rule(
    kind="levels",
    measure="(a+b)/c",
    levels=[[0.1, 1], [0.07, 0.7], [0.03, 0.3]],
    inputs={"a": "a", "b": "b", "c": "c"},
    limits=[["a+b", "c"]],
)


@pytest.mark.parametrize(
    ("a", "expected"),
    [(11, 5.0), (10, 5.0), (9, 3.5), (7, 3.5), (6, 1.5), (3, 1.5), (2, 0.0), (0, 0.0)],
)
def test_levels_by_ratio_at_each_boundary(a: int, expected: float) -> None:
    assert score(LEVELS, 5, a=a, b=0, c=100) == pytest.approx(expected)


AMOUNT = rule(
    kind="levels",
    measure="x",
    levels=[[2, 1], [1, 0.7], [0.5, 0.3]],
    unit="amount",
    unit_label="tỷ đồng",
    inputs={"x": "kinh phí"},
)


@pytest.mark.parametrize(
    ("x", "expected"), [(2.5, 2.0), (2, 2.0), (1.99, 1.4), (1, 1.4), (0.99, 0.6), (0.5, 0.6), (0.49, 0.0)]
)
def test_levels_by_amount(x: float, expected: float) -> None:
    assert score(AMOUNT, 2, x=x) == pytest.approx(expected)


BANDS = rule(
    kind="levels",
    measure="x",
    levels=[[20, 1], [10, "1/2"], [0, "1/4"]],
    unit="count",
    gate="y",
    gate_labels=["Đã có chuyên mục", "Chưa có chuyên mục"],
    inputs={"x": "số tin", "y": "có chuyên mục"},
)


@pytest.mark.parametrize(("x", "expected"), [(25, 10), (20, 10), (19, 5), (10, 5), (9, 2.5), (0, 2.5)])
def test_count_bands(x: int, expected: float) -> None:
    assert score(BANDS, 10, x=x, y="có") == expected


def test_count_bands_without_section_score_zero() -> None:
    assert score(BANDS, 10, x=30, y="chưa có") == 0


CHOICE = rule(
    kind="choice",
    inputs={"x": "trưởng ban"},
    options=[
        {"key": "bi_thu", "label": "Trưởng ban là Bí thư/Chủ tịch", "share": 1},
        {"key": "pho", "label": "Trưởng ban là Phó Bí thư/Phó Chủ tịch", "share": "1/2"},
        {"key": "khong", "label": "Chưa có", "share": 0},
    ],
)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("bi_thu", 10), ("pho", 5), ("2", 5), ("khong", 0), ("trưởng ban là phó bí thư/phó chủ tịch", 5)],
)
def test_choice(answer: str, expected: float) -> None:
    assert score(CHOICE, 10, x=answer) == expected


def test_choice_rejects_unknown_answer() -> None:
    out = score_indicator(CHOICE, 10, {"x": "giám đốc"})
    assert isinstance(out, Rejection)
    assert "bi_thu" in out.reason


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("có", 5), ("Co", 5), ("đã ban hành", 5), ("1", 5), ("không", 0), ("chưa ban hành", 0), ("0", 0)],
)
def test_yes_no(answer: str, expected: float) -> None:
    r = rule(kind="yes_no", yes="Đã ban hành", no="Chưa ban hành", inputs={"x": "đã ban hành?"})
    assert score(r, 5, x=answer) == expected


def test_points_choice_uses_absolute_points() -> None:
    r = rule(
        kind="choice",
        inputs={"x": "cập nhật"},
        options=[
            {"key": "tuan", "label": "< 1 tuần", "share": 1},
            {"key": "thang", "label": "< 1 tháng", "points": 1.5},
            {"key": "khong", "label": "Không có", "share": 0},
        ],
    )
    assert score(r, 2, x="thang") == 1.5


PARTS = rule(
    kind="parts",
    inputs={"x1": "đáp ứng", "x2": "IPv6"},
    parts=[
        {"label": "Đáp ứng", "share": "4/5", "rule": {"kind": "yes_no", "input": "x1"}},
        {"label": "IPv6", "share": "1/5", "rule": {"kind": "yes_no", "input": "x2"}},
    ],
)


@pytest.mark.parametrize(
    ("x1", "x2", "expected"),
    [("có", "có", 10), ("có", "không", 8), ("không", "có", 2), ("không", "không", 0)],
)
def test_sum_of_parts(x1: str, x2: str, expected: float) -> None:
    assert score(PARTS, 10, x1=x1, x2=x2) == pytest.approx(expected)


def test_parts_with_ratios_and_default() -> None:
    r = rule(
        kind="parts",
        defaults={"b": 7},
        inputs={"a": "đã triển khai", "b": "tối thiểu (7)", "c": "tập trung", "d": "đã triển khai"},
        parts=[
            {"label": "Triển khai", "share": "1/2", "rule": {"kind": "ratio", "ratio": "a/b", "over": "cap"}},
            {"label": "Mô hình", "share": "1/2", "rule": {"kind": "ratio", "ratio": "c/d"}},
        ],
    )
    assert score(r, 20, a=7, c=3, d=7) == pytest.approx(10 + 3 / 7 * 10)
    assert score(r, 20, a=9, c=9, d=9) == 20  # more platforms than the minimum: capped at the part's maximum


@pytest.mark.parametrize(("x", "expected"), [(0, 0), (3, 3), (9, 9), (10, 10), (11, 10), (50, 10)])
def test_per_item_capped_at_maximum(x: int, expected: float) -> None:
    r = rule(kind="per_item", each=1, inputs={"x": "số hoạt động"})
    assert score(r, 10, x=x) == expected


def test_per_item_with_fractional_points() -> None:
    r = rule(kind="per_item", each=0.2, inputs={"x": "số tài liệu"})
    assert score(r, 2, x=9) == pytest.approx(1.8)
    assert score(r, 2, x=10) == pytest.approx(2)


MINMAX = rule(kind="min_max", measure="a/b", inputs=AB)


def test_min_max_waits_without_peers() -> None:
    out = score_indicator(MINMAX, 10, {"a": 5, "b": 100})
    assert isinstance(out, Pending)
    assert out.ratio == 0.05
    assert "Min–Max" in out.reason and "best" in out.reason


def test_min_max_with_best_and_worst() -> None:
    assert score(MINMAX, 10, a=5, b=100, best=0.1) == pytest.approx(5)
    assert score(MINMAX, 10, a=5, b=100, best="10%", worst="1%") == pytest.approx((0.05 - 0.01) / 0.09 * 10)
    assert score(MINMAX, 10, a=10, b=100, best=0.1) == pytest.approx(10)


def test_min_max_rejects_best_below_own_value() -> None:
    assert isinstance(score_indicator(MINMAX, 10, {"a": 20, "b": 100, "best": 0.1}), Rejection)


def test_formula_with_full_marks_level() -> None:
    r = rule(
        kind="formula",
        formula="b/a*M/2 + c/a*M",
        full_if={"measure": "c/a", "at": 0.8},
        inputs={"a": "tổng", "b": "mức 3", "c": "mức 4"},
        limits=[["b+c", "a"]],
    )
    assert score(r, 10, a=100, b=40, c=30) == pytest.approx(5)
    assert score(r, 10, a=100, b=0, c=80) == 10
    assert score(r, 10, a=100, b=10, c=79) == pytest.approx(0.5 + 7.9)
    assert isinstance(score_indicator(r, 10, {"a": 100, "b": 50, "c": 60}), Rejection)


def test_unscored_is_pending_with_reason() -> None:
    out = score_indicator(rule(unscored="chưa chấm điểm"), None, {})
    assert isinstance(out, Pending) and "chưa chấm điểm" in out.reason


@pytest.mark.parametrize(
    ("inputs", "fragment"),
    [
        ({"a": 1, "b": 0}, "Mẫu số b bằng 0"),
        ({"a": -1, "b": 4}, "số âm"),
        ({"a": 5, "b": 4}, "phần không thể lớn hơn tổng"),
        ({"a": 1}, "Thiếu đầu vào"),
        ({"a": "nhiều", "b": 4}, "không phải là số"),
        ({"a": 1, "b": 4, "z": 3}, "không có đầu vào 'z'"),
    ],
)
def test_impossible_inputs_are_rejected_with_reason(inputs: dict[str, Any], fragment: str) -> None:
    out = score_indicator(PROP, 10, inputs)
    assert isinstance(out, Rejection)
    assert fragment in out.reason


def test_fibre_households_above_all_households_rejected() -> None:
    out = score_indicator(THR80, 20, {"a": 1000, "b": 900, "c": 300})
    assert isinstance(out, Rejection) and "1200" in out.reason


def test_decimal_comma_and_percent_inputs() -> None:
    assert score(AMOUNT, 2, x="0,5") == pytest.approx(0.6)
    assert score(
        rule(kind="threshold", ratio="a", at=0.5, inputs={"a": "tỷ lệ"}, limits=[["a", "1"]]), 1, a="25%"
    ) == pytest.approx(0.5)
