"""Reporting periods: a quarter (``2024-Q4``), a half year (``2024-H1``) or a year (``2024``), as the plans ask for
quarterly reports to the Sở TTTT and 3-/6-month and yearly reviews to the People's Committee. Read, named the
Vietnamese way, their days, the one before, the recent ones offered as buttons, and the collection round a
period's report is drawn from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Round
from bot.services.rounds import RoundInfo

_PERIOD = re.compile(r"(20[0-9]{2})(?:-([QH])([1-4]))?")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
KINDS = {"q": "quý", "h": "6 tháng", "y": "năm"}
YEARS = range(2000, 2101)


class PeriodError(ValueError):
    """A period that does not read; ``reason`` in Vietnamese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str  # "q" quarter, "h" half year, "y" year
    number: int = 1  # the quarter or the half (1 for a year)

    @property
    def key(self) -> str:
        return str(self.year) if self.kind == "y" else f"{self.year}-{self.kind.upper()}{self.number}"

    @property
    def label(self) -> str:
        if self.kind == "q":
            return f"quý {ROMAN[self.number]} năm {self.year}"
        if self.kind == "h":
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        return f"năm {self.year}"

    @property
    def short(self) -> str:
        """What a button says: "Quý IV/2024", "6 tháng đầu 2024", "Năm 2024"."""
        if self.kind == "q":
            return f"Quý {ROMAN[self.number]}/{self.year}"
        if self.kind == "h":
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} {self.year}"
        return f"Năm {self.year}"

    @property
    def months(self) -> int:
        return {"q": 3, "h": 6, "y": 12}[self.kind]

    @property
    def start(self) -> date:
        return date(self.year, (self.number - 1) * self.months + 1, 1)

    @property
    def end(self) -> date:
        """The period's last day."""
        last_month = self.number * self.months
        following = date(self.year + 1, 1, 1) if last_month == 12 else date(self.year, last_month + 1, 1)
        return following - timedelta(days=1)

    def previous(self) -> Period:
        if self.kind == "y":
            return Period(self.year - 1, "y")
        if self.number > 1:
            return Period(self.year, self.kind, self.number - 1)
        return Period(self.year - 1, self.kind, 12 // self.months)

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end


def read_period(text: str) -> Period:
    """``2024-Q4``, ``2024-H1`` or ``2024`` (lower case accepted); anything else: ``PeriodError``."""
    cleaned = text.strip().upper()
    found = _PERIOD.fullmatch(cleaned) if cleaned.isascii() else None
    if found is None:
        raise PeriodError(f"Kỳ «{text.strip()[:20]}» không đọc được: dùng quý (2024-Q4), 6 tháng (2024-H1) "
                          "hoặc năm (2024).")
    year, kind, number = int(found.group(1)), (found.group(2) or "Y").lower(), int(found.group(3) or 1)
    if year not in YEARS or (kind == "h" and number > 2):
        raise PeriodError(f"Kỳ «{cleaned}» không có: 6 tháng là H1 hoặc H2, năm từ 2000 đến 2100.")
    return Period(year, kind, number)


def recent(kind: str, today: date, count: int = 4) -> list[Period]:
    """The period of ``kind`` ``today`` falls in and the ones before it, newest first (the buttons of /baocao)."""
    months = {"q": 3, "h": 6, "y": 12}[kind]
    current = Period(today.year, kind, (today.month - 1) // months + 1)
    out = [current]
    while len(out) < count:
        out.append(out[-1].previous())
    return out


def round_period(text: str) -> Period | None:
    try:
        return read_period(text)
    except PeriodError:
        return None


def round_for(session: Session, plan_id: str, period: Period) -> RoundInfo | None:
    """The collection round a period's report is drawn from: the plan's round of that very period, else the
    latest opened one whose period overlaps it (a yearly round for a quarter, a quarter's round for a year), else
    the latest whose period began before the period ended (the figures as they stood)."""
    rows = list(session.scalars(select(Round).where(Round.plan_id == plan_id).order_by(Round.opened_at, Round.id)))
    spans = [(row, round_period(row.period)) for row in rows]
    tests: list[Callable[[Period], bool]] = [lambda p: p == period, lambda p: p.overlaps(period),
                                             lambda p: p.start <= period.end]
    for test in tests:
        found = [row for row, p in spans if p is not None and test(p)]
        if found:
            return RoundInfo.of(found[-1])
    return None
