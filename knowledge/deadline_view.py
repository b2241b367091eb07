"""How a deadline is shown on a day: "Quý IV năm 2024 (31/12/2024, còn 38 ngày)", "… (…, quá hạn 5 ngày)".

Answers, reminders and templates (filter ``han``) share this one wording. Pure: the day is passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from knowledge.deadlines import AddWorkingDays, Deadline, due_date, fmt_date, parse_deadline


@dataclass(frozen=True, slots=True)
class DueView:
    """What an answer shows about a deadline on a day: the plan's words, the date, and how near it is."""

    text: str
    due: date | None
    days_left: int | None  # negative when overdue
    state: str  # "upcoming" | "today" | "overdue" | "no_date"

    @property
    def days_late(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def due_view(deadline: Deadline, today: date, *, event: date | None = None,
             add_working_days: AddWorkingDays | None = None) -> DueView:
    due = due_date(deadline, today, event=event, add_working_days=add_working_days)
    if due is None:
        return DueView(deadline.text.strip(), None, None, "no_date")
    left = (due - today).days
    state = "upcoming" if left > 0 else "today" if left == 0 else "overdue"
    return DueView(deadline.text.strip(), due, left, state)


def format_due(view: DueView) -> str:
    """ "Quý IV năm 2024 (31/12/2024, còn 38 ngày)", "… (31/12/2024, hạn hôm nay)", "… (…, quá hạn 5 ngày)"."""
    if view.due is None or view.days_left is None:
        return view.text
    label = view.text or "Hạn"
    return f"{label} ({fmt_date(view.due)}, {how_near(view.days_left)})"


def how_near(days_left: int) -> str:
    """ "còn 38 ngày", "hạn hôm nay", "quá hạn 5 ngày": the one wording answers and reminders share."""
    if days_left == 0:
        return "hạn hôm nay"
    return f"quá hạn {-days_left} ngày" if days_left < 0 else f"còn {days_left} ngày"


def format_deadline(text: str, today: date) -> str:
    """A jinja2 filter: ``{{ assignment.deadline | han(today) }}``."""
    return format_due(due_view(parse_deadline(text), today))
