"""The working-day calendar reminders follow: Asia/Ho_Chi_Minh, working hours, Vietnamese public holidays.

A reminder at 21:00 or on Tết is noise that teaches officials to ignore the bot, so reminders go out only on
working days within working hours. Public holidays, substitute days off and the make-up working Saturdays the
government announces come from the ``holidays`` package (``VN``); the year's official changes it cannot know in
advance are listed in the config (``[reminders] extra_days_off`` / ``extra_working_days``) and win over it.

Pure: no clock, no I/O; every function takes the moment it is asked about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.config import Settings

if TYPE_CHECKING:
    import holidays


@lru_cache(maxsize=64)
def _vietnam(year: int) -> holidays.HolidayBase:
    """The year's Vietnamese holidays. The package is imported on the first day asked about, not with the
    handlers: with its calendars it is 7 MB of a bot process that may never plan a reminder."""
    import holidays

    return holidays.country_holidays("VN", years=year, language="vi")


@dataclass(frozen=True)
class WorkCalendar:
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Ho_Chi_Minh"))
    work_start: time = time(8, 0)
    work_end: time = time(17, 0)
    extra_days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    _days: dict[date, bool] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkCalendar:
        r = settings.reminders
        return cls(
            timezone=ZoneInfo(settings.bot.timezone),
            work_start=time.fromisoformat(r.work_start),
            work_end=time.fromisoformat(r.work_end),
            extra_days_off=frozenset(date.fromisoformat(d) for d in r.extra_days_off),
            extra_working_days=frozenset(date.fromisoformat(d) for d in r.extra_working_days),
        )

    # ---- days ------------------------------------------------------------------------------------------------

    def holiday_name(self, day: date) -> str | None:
        """The public holiday or substitute day off on ``day`` (Vietnamese name), None otherwise."""
        name = _vietnam(day.year).get(day)
        return str(name) if name is not None else None

    def is_working_day(self, day: date) -> bool:
        """Config first (extra working days, extra days off), then holidays and make-up Saturdays, then weekends.
        Remembered per day: a morning's planning asks about the same few weeks thousands of times."""
        known = self._days.get(day)
        if known is None:
            known = self._days[day] = self._is_working_day(day)
        return known

    def _is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off:
            return False
        table = _vietnam(day.year)
        if day in table:
            return False
        if day in table.weekend_workdays:
            return True
        return day.weekday() < 5

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, n: int) -> date:
        """The date ``n`` working days after ``day`` (before it when ``n`` is negative); ``day`` itself for 0.

        "15 ngày làm việc kể từ ngày X" is ``add_working_days(X, 15)``: X is not counted."""
        step = 1 if n >= 0 else -1
        left = abs(n)
        while left:
            day += timedelta(days=step)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (how many working days late a unit is on
        ``end`` when its due date was ``start``); negative when ``end`` is before ``start``."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(self.is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))

    # ---- moments ---------------------------------------------------------------------------------------------

    def local(self, moment: datetime) -> datetime:
        """``moment`` in the calendar's timezone; a naive moment is taken as already local."""
        return moment.replace(tzinfo=self.timezone) if moment.tzinfo is None else moment.astimezone(self.timezone)

    def is_working_time(self, moment: datetime) -> bool:
        here = self.local(moment)
        return self.is_working_day(here.date()) and self.work_start <= here.time() < self.work_end

    def morning(self, day: date) -> datetime:
        return datetime.combine(day, self.work_start, tzinfo=self.timezone)

    def next_working_morning(self, moment: datetime) -> datetime:
        """The start of working hours of the first working day whose start is at or after ``moment``."""
        here = self.local(moment)
        day = here.date() if here.time() <= self.work_start else here.date() + timedelta(days=1)
        return self.morning(self.next_working_day(day))

    def next_working_time(self, moment: datetime) -> datetime:
        """``moment`` itself inside working hours, else the next working morning: when a reminder may go."""
        return self.local(moment) if self.is_working_time(moment) else self.next_working_morning(moment)
