"""The deadline grammar: every deadline text of the four plans gets the reading checked by hand, plus the forms the
source documents and officials write (typos, no diacritics, roman numerals, ranges)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from knowledge.deadline_view import due_view, format_deadline, format_due
from knowledge.deadlines import Deadline, Kind, add_months, due_date, next_due, parse_deadline
from knowledge.store import load_knowledge

D = date
# text → (kind, due date for one-off kinds | (month, day) of a yearly rule | (amount, unit, event) | None)
PLAN_TEXTS: dict[str, tuple[Kind, object]] = {
    "": (Kind.MISSING, None),
    # Gia Lai's VI.2 task: 15 days from the plan's issue day, computed by knowledge/importers/plan_tasks.py
    "17/11/2023 (trong vòng 15 ngày kể từ ngày Ủy ban nhân dân tỉnh ban hành Kế hoạch 02/11/2023)": (
        Kind.DATE, D(2023, 11, 17)),
    "2020 - 2021": (Kind.PERIOD_END, D(2021, 12, 31)),
    "2020 - 2022": (Kind.PERIOD_END, D(2022, 12, 31)),
    "2021 - 2022": (Kind.PERIOD_END, D(2022, 12, 31)),
    "2021 - 2023": (Kind.PERIOD_END, D(2023, 12, 31)),
    "2021 - 2025": (Kind.PERIOD_END, D(2025, 12, 31)),
    "2021-2025": (Kind.PERIOD_END, D(2025, 12, 31)),
    "2024": (Kind.PERIOD_END, D(2024, 12, 31)),
    "2024-2025": (Kind.PERIOD_END, D(2025, 12, 31)),
    "2025": (Kind.PERIOD_END, D(2025, 12, 31)),
    "Hàng năm": (Kind.RECURRING, (12, 31)),
    "Hàng năm (phần đầu mỗi năm tăng trưởng 10-15%)": (Kind.RECURRING, (12, 31)),
    "Hàng năm (tiếp tục duy trì)": (Kind.RECURRING, (12, 31)),
    "Hàng năm (tiếp tục duy trì, mỗi năm 1 cuộc)": (Kind.RECURRING, (12, 31)),
    "Hàng năm tiếp tục khuyến khích chính sách phát triển doanh nghiệp": (Kind.RECURRING, (12, 31)),
    "Hằng năm": (Kind.RECURRING, (12, 31)),
    "Hằng năm (Mỗi năm 1 hội nghị)": (Kind.RECURRING, (12, 31)),
    "Hằng năm (tiếp tục duy trì)": (Kind.RECURRING, (12, 31)),
    "Năm 2024-2025, tiếp tục rà soát, bổ sung": (Kind.PERIOD_END, D(2025, 12, 31)),
    "Năm 2025": (Kind.PERIOD_END, D(2025, 12, 31)),
    "Nộp tài liệu kiểm chứng trong thời hạn 15 ngày, kể từ ngày phát hành văn bản khảo sát": (
        Kind.AFTER_EVENT, (15, "day", "phát hành văn bản khảo sát")),
    "Quý II năm 2024": (Kind.PERIOD_END, D(2024, 6, 30)),
    "Quý IV hằng năm": (Kind.RECURRING, (12, 31)),
    "Quý IV năm 2024": (Kind.PERIOD_END, D(2024, 12, 31)),
    "Quý IV năm 2025": (Kind.PERIOD_END, D(2025, 12, 31)),
    "Theo yêu cầu của Chính phủ, Bộ Thông tin và Truyền thông": (Kind.ON_REQUEST, None),
    "Theo yêu cầu của Trung ương": (Kind.ON_REQUEST, None),
    "Thường xuyên": (Kind.CONTINUOUS, None),
    "Thống kê số liệu": (Kind.CONTINUOUS, None),
    "Trong năm 2024, tiếp tục thực hiện 8 đơn vị": (Kind.PERIOD_END, D(2024, 12, 31)),
    "Trong vòng 02 tháng kể từ ngày hoàn thành xây dựng hệ thống": (
        Kind.AFTER_EVENT, (2, "month", "hoàn thành xây dựng hệ thống")),
    "Đã hoàn thành": (Kind.DONE, None),
    "Đến 2025, rà soát thành lập thêm 185 Tổ": (Kind.HORIZON, D(2025, 12, 31)),
    "Đến năm 2025 (mục tiêu cơ bản đến năm 2025 của kế hoạch)": (Kind.HORIZON, D(2025, 12, 31)),
}


def _check(d: Deadline, kind: Kind, expected: object) -> None:
    assert d.kind is kind, (d.text, d)
    if kind in (Kind.PERIOD_END, Kind.DATE, Kind.HORIZON):
        assert d.due == expected, d
    elif kind is Kind.RECURRING:
        assert (d.month, d.day) == expected, d
    elif kind is Kind.AFTER_EVENT:
        assert (d.amount, d.unit, d.event) == expected, d


def test_every_plan_text_is_in_the_table_and_none_is_unparsed() -> None:
    kb = load_knowledge()
    texts = {a.deadline for p in kb.plans.values() for a in p.assignments}
    texts |= {i.deadline for p in kb.plans.values() for i in p.items}
    assert texts == set(PLAN_TEXTS), texts ^ set(PLAN_TEXTS)


@pytest.mark.parametrize("text", sorted(PLAN_TEXTS))
def test_plan_text_reading(text: str) -> None:
    kind, expected = PLAN_TEXTS[text]
    deadline = parse_deadline(text)
    _check(deadline, kind, expected)
    assert deadline.text == text and deadline.reading()


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # the forms of the source documents and of the issue
        ("Trước 30/6/2024", Kind.DATE, D(2024, 6, 29)),
        ("trước ngày 30/06/2024", Kind.DATE, D(2024, 6, 29)),
        ("Chậm nhất ngày 15/12/2024", Kind.DATE, D(2024, 12, 15)),
        ("ngày 15 tháng 12 năm 2024", Kind.DATE, D(2024, 12, 15)),
        ("30-6-24", Kind.DATE, D(2024, 6, 30)),
        ("Tháng 6/2024", Kind.PERIOD_END, D(2024, 6, 30)),
        ("tháng 02 năm 2024", Kind.PERIOD_END, D(2024, 2, 29)),
        ("T2/2025", Kind.PERIOD_END, D(2025, 2, 28)),
        ("6 tháng đầu năm 2024", Kind.PERIOD_END, D(2024, 6, 30)),
        ("6 tháng cuối năm 2024", Kind.PERIOD_END, D(2024, 12, 31)),
        ("Năm 2024", Kind.PERIOD_END, D(2024, 12, 31)),
        ("Trước năm 2025", Kind.PERIOD_END, D(2024, 12, 31)),
        # roman numerals I–IV, "quý 4", no diacritics, typos
        ("Quý I năm 2025", Kind.PERIOD_END, D(2025, 3, 31)),
        ("Quý III/2025", Kind.PERIOD_END, D(2025, 9, 30)),
        ("quý 4/2024", Kind.PERIOD_END, D(2024, 12, 31)),
        ("Quy iv nam 2024", Kind.PERIOD_END, D(2024, 12, 31)),
        ("Quí IV - 2024", Kind.PERIOD_END, D(2024, 12, 31)),
        ("Q2 2025", Kind.PERIOD_END, D(2025, 6, 30)),
        ("QUÝ II NĂM 2024", Kind.PERIOD_END, D(2024, 6, 30)),
        # ranges and horizons
        ("2024–2025", Kind.PERIOD_END, D(2025, 12, 31)),
        ("giai đoạn 2021-25", Kind.PERIOD_END, D(2025, 12, 31)),
        ("Đến năm 2030", Kind.HORIZON, D(2030, 12, 31)),
        ("tầm nhìn đến năm 2030", Kind.HORIZON, D(2030, 12, 31)),
        # yearly rules and their anchors
        ("hang nam", Kind.RECURRING, (12, 31)),
        ("Hàng nằm", Kind.RECURRING, (12, 31)),
        ("Định kỳ hằng năm", Kind.RECURRING, (12, 31)),
        ("Quý II hằng năm", Kind.RECURRING, (6, 30)),
        ("quy 4 hang nam", Kind.RECURRING, (12, 31)),
        ("Tháng 6 hằng năm", Kind.RECURRING, (6, 30)),
        ("Trước 15/12 hằng năm", Kind.RECURRING, (12, 14)),
        ("định kỳ hằng quý", Kind.RECURRING, (0, 0)),  # Gia Lai's reporting rhythm
        ("Định kỳ 03 tháng", Kind.RECURRING, (0, 0)),
        ("06 tháng/lần", Kind.RECURRING, (0, 0)),
        # spans after an event
        ("15 ngày kể từ ngày phát hành văn bản khảo sát", Kind.AFTER_EVENT, (15, "day", "phát hành văn bản khảo sát")),
        ("trong vong hai thang ke tu ngay nghiem thu", Kind.AFTER_EVENT, (2, "month", "nghiem thu")),
        ("10 ngày làm việc kể từ ngày nhận văn bản", Kind.AFTER_EVENT, (10, "working_day", "nhận văn bản")),
        ("Trong vòng 15 ngày, kể từ ngày Ủy ban nhân dân tỉnh ban hành Kế hoạch", Kind.AFTER_EVENT,
         (15, "day", "Ủy ban nhân dân tỉnh ban hành Kế hoạch")),
        ("2 tuần sau khi khai trương", Kind.AFTER_EVENT, (14, "day", "khai trương")),
        # words only
        ("Thuong xuyen", Kind.CONTINUOUS, None),
        ("Thừong xuyênn", Kind.CONTINUOUS, None),
        ("Liên tục", Kind.CONTINUOUS, None),
        ("da hoan thanh", Kind.DONE, None),
        ("Đã hòan thành", Kind.DONE, None),
        ("Khi có yêu cầu", Kind.ON_REQUEST, None),
        ("theo yeu cau cua Bo", Kind.ON_REQUEST, None),
        # honest refusals
        ("Sớm nhất có thể", Kind.UNPARSED, None),
        ("Quý IV", Kind.UNPARSED, None),
        ("31/02/2024", Kind.UNPARSED, None),
        ("2025-2024", Kind.UNPARSED, None),
        ("   ", Kind.MISSING, None),
    ],
)
def test_other_forms(text: str, kind: Kind, expected: object) -> None:
    _check(parse_deadline(text), kind, expected)


def test_plan_may_move_its_yearly_day() -> None:
    assert (parse_deadline("Hàng năm", yearly=(11, 30)).month, parse_deadline("Hàng năm", yearly=(11, 30)).day) == (
        11, 30)


def test_next_due() -> None:
    yearly = parse_deadline("Hàng năm")
    assert next_due(yearly, D(2026, 11, 23)) == D(2026, 12, 31)
    assert next_due(yearly, D(2026, 12, 31)) == D(2026, 12, 31)
    assert next_due(yearly, D(2027, 1, 1)) == D(2027, 12, 31)
    assert next_due(parse_deadline("Quý II hằng năm"), D(2026, 7, 1)) == D(2027, 6, 30)
    assert next_due(parse_deadline("Hằng quý"), D(2026, 11, 23)) == D(2026, 12, 31)
    assert next_due(parse_deadline("hàng tháng"), D(2026, 2, 3)) == D(2026, 2, 28)
    assert next_due(parse_deadline("định kỳ 6 tháng"), D(2026, 7, 1)) == D(2026, 12, 31)
    assert next_due(parse_deadline("định kỳ 03 tháng"), D(2026, 4, 1)) == D(2026, 6, 30)
    assert parse_deadline("Định kỳ 03 tháng").period == "quarter" and parse_deadline("6 tháng/lần").period == "half"
    q4 = parse_deadline("Quý IV năm 2024")
    assert next_due(q4, D(2024, 11, 23)) == D(2024, 12, 31)
    assert next_due(q4, D(2025, 1, 1)) is None  # past: nothing due from then on ...
    assert due_date(q4, D(2025, 1, 1)) == D(2024, 12, 31)  # ... but the date still says how late
    survey = parse_deadline(next(t for t in PLAN_TEXTS if t.startswith("Nộp")))
    assert next_due(survey, D(2024, 3, 1)) is None  # the event's date is not known yet
    assert next_due(survey, D(2024, 3, 1), event=D(2024, 3, 20)) == D(2024, 4, 4)
    two_months = parse_deadline("Trong vòng 02 tháng kể từ ngày hoàn thành xây dựng hệ thống")
    assert due_date(two_months, D(2024, 1, 1), event=D(2023, 12, 31)) == D(2024, 2, 29)
    working = parse_deadline("5 ngày làm việc kể từ ngày nhận")
    with pytest.raises(ValueError):
        due_date(working, D(2024, 1, 1), event=D(2024, 1, 1))
    assert due_date(working, D(2024, 1, 1), event=D(2024, 1, 1),
                    add_working_days=lambda d, n: d + timedelta(days=n + 2)) == D(2024, 1, 8)
    for text in ("Theo yêu cầu của Trung ương", "Đã hoàn thành", "Thường xuyên", "", "Sớm nhất có thể"):
        assert next_due(parse_deadline(text), D(2024, 1, 1)) is None, text


def test_add_months_ends_on_the_last_day_of_a_short_month() -> None:
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert add_months(D(2024, 11, 15), 2) == D(2025, 1, 15)


def test_display() -> None:
    q4 = parse_deadline("Quý IV năm 2024")
    assert format_due(due_view(q4, D(2024, 11, 23))) == "Quý IV năm 2024 (31/12/2024, còn 38 ngày)"
    assert format_due(due_view(q4, D(2024, 12, 31))) == "Quý IV năm 2024 (31/12/2024, hạn hôm nay)"
    late = due_view(q4, D(2025, 1, 5))
    assert (late.state, late.days_late) == ("overdue", 5)
    assert format_due(late) == "Quý IV năm 2024 (31/12/2024, quá hạn 5 ngày)"
    assert format_deadline("Hàng năm", D(2026, 12, 1)) == "Hàng năm (31/12/2026, còn 30 ngày)"
    assert format_deadline("Theo yêu cầu của Trung ương", D(2026, 12, 1)) == "Theo yêu cầu của Trung ương"
    assert due_view(parse_deadline("Đã hoàn thành"), D(2026, 1, 1)).state == "no_date"


def test_filter_is_registered_in_templates() -> None:
    from jinja2 import Environment

    from bot.render import _environment

    env: Environment = _environment(html=True)
    out = env.from_string("{{ t | han(today) }}").render(t="Quý IV năm 2024", today=D(2024, 11, 23))
    assert out == "Quý IV năm 2024 (31/12/2024, còn 38 ngày)"
