"""Checks on entered values: typed results with Vietnamese reasons, errors refused, far-off values confirmed with a
comment before they are saved; the Vietnamese number reading they rely on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from bot.db.session import Database
from bot.services import rounds, values
from bot.services.checks import baseline_ratio, check_entry, is_count
from bot.services.vnnumber import NotANumber, parse_vn_number
from knowledge.rules import rule_book
from knowledge.store import load_knowledge
from tests.test_collect_services import fresh_db, unit_id

KB = load_knowledge()
BOOK = rule_book(KB, "dti-tinh")
NOW = datetime(2024, 11, 1, tzinfo=UTC)


def rule(code: str):  # type: ignore[no-untyped-def]
    found = BOOK.rule(code)
    assert found is not None
    return found


@pytest.mark.parametrize(("text", "value"), [
    ("45.000", 45000.0), ("1.500.000", 1500000.0), ("1.500.000,5", 1500000.5), ("12,5", 12.5),
    ("12,5 %", 0.125), ("0", 0.0), ("-3", -3.0),
])
def test_vietnamese_numbers(text: str, value: float) -> None:
    assert parse_vn_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12 tỷ", "1..5", "1,200"])
def test_not_numbers(text: str) -> None:
    assert isinstance(parse_vn_number(text), NotANumber)


def test_an_ambiguous_number_offers_both_readings() -> None:
    refused = parse_vn_number("1,200")
    assert isinstance(refused, NotANumber) and "1,2" in refused.message and "1200" in refused.message
    assert parse_vn_number("1,200", whole=True) == 1200 and parse_vn_number("1.200") == 1200


def kinds(checked) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {p.input: p.kind for p in checked.problems}


def test_errors_not_a_number_negative_not_whole_part_over_whole() -> None:
    checked = check_entry(rule("6.12"), {"a": "nhiều", "b": "-5", "c": "2,5"})
    assert kinds(checked) == {"a": "not_number", "b": "negative", "c": "not_whole"}
    assert all(p.severity == "error" for p in checked.problems)
    assert "không phải là số" in checked.problems[0].message and "nhiều" in checked.problems[0].message
    over = check_entry(rule("6.12"), {"a": "100", "b": "80", "c": "40"})
    assert kinds(over) == {"b": "part_over_whole"} and over.errors
    assert "b + c = 120 lớn hơn a = 100" in over.errors[0].message
    money = check_entry(rule("6.22"), {"a": "1,5", "b": "0,25", "c": "1.000"})  # tỷ đồng: decimals are fine
    assert money.problems == [] and money.values == {"a": 1.5, "b": 0.25, "c": 1000.0}


def test_a_part_of_the_inputs_is_checked_against_what_it_contains() -> None:
    assert check_entry(rule("6.12"), {"b": "80", "c": "40"}).problems == []  # a comes from another unit


def test_choices_read_as_typed_and_wrong_answers_listed() -> None:
    assert check_entry(rule("2.1"), {"x": "Đã ban hành"}).values == {"x": "co"}
    assert check_entry(rule("2.1"), {"x": "chua"}).values == {"x": "khong"}
    wrong = check_entry(rule("2.1"), {"x": "chắc vậy"})
    assert kinds(wrong) == {"x": "not_a_choice"} and "Chọn một trong" in wrong.errors[0].message


def test_share_above_100_percent_allowed_by_the_rule_asks_to_confirm() -> None:
    checked = check_entry(rule("7.9"), {"a": "150", "b": "100"})
    assert kinds(checked) == {"a": "over_whole_allowed"} and checked.confirms and not checked.errors
    assert "150 %" in checked.confirms[0].message


def test_far_from_previous_value_or_from_the_2023_result_asks_to_confirm() -> None:
    near = check_entry(rule("6.22"), {"a": "12"}, previous={"a": 10.0})
    far = check_entry(rule("6.22"), {"a": "120"}, previous={"a": 10.0})
    assert near.problems == [] and kinds(far) == {"a": "far_from_previous"}
    assert baseline_ratio("28,58%") == pytest.approx(0.2858) and baseline_ratio("Đã đạt") is None
    low = check_entry(rule("6.12"), {"a": "1000", "b": "20", "c": "10"}, baseline_ratio=0.2858)  # 3 % vs 28,58 %
    assert [p.kind for p in low.confirms] == ["far_from_baseline"] and "28,58 %" in low.confirms[0].message


def test_counts_are_told_from_money() -> None:
    assert is_count("Tổng số hồ sơ giải quyết trực tuyến")
    assert not is_count("Kinh phí đầu tư từ NSNN cho ATTT (tỷ đồng)")
    assert not is_count("Tổng chi ngân sách nhà nước (tỷ đồng)")


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    yield from fresh_db(database_url)


def test_submit_refuses_errors_and_unconfirmed_outliers_and_keeps_the_comment(db: Database) -> None:
    plan = "kon-tum-2024"
    with db.session() as s:
        first = rounds.open_round(s, KB, plan, "2023", due=date(2023, 12, 31))
    sbn = unit_id(db, plan, "Các sở, ban, ngành")
    for g in ("UBND các huyện, thành phố", "UBND cấp xã"):
        unit_id(db, plan, g)
    with db.session() as s:
        values.submit(s, KB, first.id, sbn, "6.12", {"a": "1000", "b": "100", "c": "200"}, now=NOW)
        rounds.close_round(s, first.id, now=NOW)
        second = rounds.open_round(s, KB, plan, "2024", due=date(2024, 12, 31))
    with db.session() as s, pytest.raises(values.InvalidEntry) as bad:
        values.submit(s, KB, second.id, sbn, "6.12", {"a": "1000", "b": "900", "c": "200"}, now=NOW)
    assert bad.value.checks[0].kind == "part_over_whole"
    with db.session() as s, pytest.raises(values.NeedsConfirmation) as far:
        values.submit(s, KB, second.id, sbn, "6.12", {"a": "10.000", "b": "100", "c": "200"}, now=NOW)
    assert far.value.checks[0].kind == "far_from_previous"
    with db.session() as s:
        saved = values.submit(s, KB, second.id, sbn, "6.12", {"a": "10.000", "b": "100", "c": "200"}, now=NOW,
                              note="Năm 2024 gộp thêm hồ sơ của các chi nhánh")
        assert values.history(s, second.id, sbn, "6.12")[0].note.startswith("Năm 2024")
    assert saved.number == 1
