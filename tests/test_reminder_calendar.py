"""The working-day calendar: Vietnamese holidays and substitute days, make-up Saturdays, config changes, hours."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import ConfigError, load_settings
from bot.reminders.calendar import WorkCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = date


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN)


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 1, 24), True),  # Friday before Tết
        (D(2025, 1, 27), False), (D(2025, 1, 29), False), (D(2025, 1, 31), False),  # Tết Ất Tỵ
        (D(2025, 2, 3), True),  # back at work
        (D(2025, 4, 26), True),  # make-up working Saturday for 2/5
        (D(2025, 4, 30), False), (D(2025, 5, 1), False), (D(2025, 5, 2), False),  # 30/4, 1/5 and the swapped day
        (D(2025, 9, 1), False), (D(2025, 9, 2), False), (D(2025, 9, 3), True),  # Quốc khánh 2025
        (D(2024, 9, 2), False), (D(2024, 9, 3), False),  # Quốc khánh 2024 with its second day
        (D(2024, 5, 4), True),  # make-up Saturday of 2024
        (D(2024, 5, 11), False), (D(2024, 5, 12), False),  # an ordinary weekend
        (D(2024, 5, 13), True),
    ],
)
def test_working_days(cal: WorkCalendar, day: date, working: bool) -> None:
    assert cal.is_working_day(day) is working


def test_holiday_names_are_vietnamese(cal: WorkCalendar) -> None:
    assert cal.holiday_name(D(2025, 9, 2)) == "Quốc khánh"
    assert cal.holiday_name(D(2025, 9, 3)) is None


def test_config_changes_win_over_the_package() -> None:
    cal = WorkCalendar(extra_days_off=frozenset({D(2025, 9, 3)}), extra_working_days=frozenset({D(2025, 9, 6)}))
    assert not cal.is_working_day(D(2025, 9, 3))
    assert cal.is_working_day(D(2025, 9, 6))  # a Saturday


def test_working_hours_and_quiet_hours(cal: WorkCalendar) -> None:
    assert not cal.is_working_time(at(2025, 9, 3, 7, 59))
    assert cal.is_working_time(at(2025, 9, 3, 8, 0))
    assert cal.is_working_time(at(2025, 9, 3, 16, 59))
    assert not cal.is_working_time(at(2025, 9, 3, 17, 0))
    assert not cal.is_working_time(at(2025, 9, 2, 10, 0))  # holiday
    # UTC moments are read in Vietnam's time: 01:30 UTC is 08:30 there
    assert cal.is_working_time(datetime(2025, 9, 3, 1, 30, tzinfo=ZoneInfo("UTC")))
    assert not cal.is_working_time(datetime(2025, 9, 3, 10, 30, tzinfo=ZoneInfo("UTC")))  # 17:30 local


def test_next_working_morning(cal: WorkCalendar) -> None:
    assert cal.next_working_morning(at(2025, 9, 3, 6, 0)) == at(2025, 9, 3, 8, 0)
    assert cal.next_working_morning(at(2025, 9, 3, 8, 0)) == at(2025, 9, 3, 8, 0)
    assert cal.next_working_morning(at(2025, 9, 3, 8, 1)) == at(2025, 9, 4, 8, 0)
    assert cal.next_working_morning(at(2025, 8, 29, 18, 0)) == at(2025, 9, 3, 8, 0)  # Fri evening → after 2/9
    assert cal.next_working_morning(at(2025, 1, 24, 17, 30)) == at(2025, 2, 3, 8, 0)  # over Tết
    assert cal.next_working_morning(at(2025, 4, 25, 17, 30)) == at(2025, 4, 26, 8, 0)  # make-up Saturday
    assert cal.next_working_time(at(2025, 9, 3, 10, 0)) == at(2025, 9, 3, 10, 0)
    assert cal.next_working_time(at(2025, 9, 3, 17, 0)) == at(2025, 9, 4, 8, 0)


def test_add_working_days_and_count(cal: WorkCalendar) -> None:
    assert cal.add_working_days(D(2025, 8, 29), 1) == D(2025, 9, 3)
    assert cal.add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)
    assert cal.add_working_days(D(2025, 4, 25), 1) == D(2025, 4, 26)  # make-up Saturday counts
    assert cal.add_working_days(D(2025, 4, 29), 2) == D(2025, 5, 6)  # 30/4, 1/5, 2/5, weekend skipped
    assert cal.add_working_days(D(2025, 9, 3), -1) == D(2025, 8, 29)
    assert cal.add_working_days(D(2025, 9, 2), 0) == D(2025, 9, 2)
    assert cal.working_days_between(D(2025, 8, 29), D(2025, 9, 5)) == 3  # 3, 4, 5 September
    assert cal.working_days_between(D(2025, 9, 5), D(2025, 8, 29)) == -3
    assert cal.working_days_between(D(2025, 9, 5), D(2025, 9, 5)) == 0
    for n in range(0, 40):
        assert cal.working_days_between(D(2025, 1, 20), cal.add_working_days(D(2025, 1, 20), n)) == n


def test_from_settings(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        '[reminders]\nwork_start = "07:30"\nwork_end = "16:30"\ndays_before = [5, 1]\n'
        'extra_working_days = ["2025-09-06"]\n', "utf-8")
    settings = load_settings(str(cfg), environ={"DTI_REMINDERS_EXTRA_DAYS_OFF": "2025-09-03, 2025-09-04"})
    assert settings.reminders.days_before == [5, 1]
    cal = WorkCalendar.from_settings(settings)
    assert (cal.work_start, cal.work_end) == (time(7, 30), time(16, 30))
    assert cal.extra_days_off == {D(2025, 9, 3), D(2025, 9, 4)}
    assert cal.is_working_day(D(2025, 9, 6)) and not cal.is_working_day(D(2025, 9, 4))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[reminders]\nwork_start = "8h"\n', "HH:MM"),
        ('[reminders]\nwork_start = "18:00"\n', "sớm hơn"),
        ('[reminders]\nextra_days_off = ["30/4/2025"]\n', "YYYY-MM-DD"),
        ('[reminders]\ndays_before = [7, "x"]\n', "số nguyên"),
        ('[reminders]\ndays_before = 7\n', "danh sách"),
        ('[reminders]\noverdue_every = 0\n', "số dương"),
    ],
)
def test_bad_reminder_settings_are_explained(tmp_path: Path, content: str, message: str) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(content, "utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(str(cfg), environ={})
