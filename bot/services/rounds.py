"""Collection rounds: open (one open round per plan and period), close, exceptions to a closed round.

A round's due date is given, or counted from the survey letter's date (the commune plan: "15 ngày kể từ ngày
phát hành văn bản khảo sát"). Errors are ``RoundError`` with a Vietnamese reason and a ``kind`` callers can
test.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.args import Gone
from bot.db.memo import peek, plain_read, remember, remembered
from bot.db.models import Round, RoundException, RoundValue
from bot.services.duties import collected_inputs, default_indicators, plan_book
from knowledge.deadlines import fmt_date
from knowledge.normalize import fold

LETTER_DAYS = 15
_PERIOD = re.compile(r"^(20\d\d)(-(Q[1-4]|H[12]))?$")
# the same periods as people write them (folded: no accents, lower case)
_YEAR = r"(?:nam\s*)?(20\d\d)"
_WORDS = (
    (re.compile(r"^nam\s*(20\d\d)$"), ""),
    (re.compile(rf"^(?:6|sau)\s*thang\s*dau\s*{_YEAR}$"), "-H1"),
    (re.compile(rf"^(?:6|sau)\s*thang\s*cuoi\s*{_YEAR}$"), "-H2"),
    (re.compile(rf"^(?:nua\s*nam|ban\s*nien)\s*(?:dau|1)\s*{_YEAR}$"), "-H1"),
    (re.compile(rf"^(?:nua\s*nam|ban\s*nien)\s*(?:cuoi|2)\s*{_YEAR}$"), "-H2"),
)
_QUARTER = re.compile(rf"^quy\s*(1|2|3|4|i|ii|iii|iv)\s*(?:/|-|\s)\s*{_YEAR}$")
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}


class RoundError(Exception):
    """A round operation refused; ``reason`` is shown as it is (Vietnamese), ``kind`` is for code."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


class RoundMissing(RoundError, Gone):
    """No round has this id: a reference from outside (a forged button) or from a round that is gone, which the
    core answers as an expired choice wherever a handler meets it."""


@dataclass(frozen=True)
class RoundInfo:
    id: int
    plan: str
    period: str
    due: date
    state: str
    indicators: tuple[str, ...]
    letter_date: date | None = None

    @classmethod
    def of(cls, row: Any) -> RoundInfo:
        """From a ``Round`` or a row of ``ROUND_COLUMNS``."""
        return cls(row.id, row.plan_id, row.period, row.due, row.state, tuple(row.indicators), row.letter_date)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "plan": self.plan, "period": self.period, "due": self.due.isoformat(),
                "state": self.state}

    @property
    def evidence_due(self) -> date:
        """When the evidence files are due: 15 days from the survey letter when the round was opened from it (the
        commune plan's rule, the same as its due date), otherwise the round's due date."""
        return due_from_letter(self.letter_date) if self.letter_date is not None else self.due


def check_period(period: str) -> str:
    """The canonical period: a year ``2024``, a quarter ``2024-Q3`` or a half-year ``2024-H1``, from those forms
    (any case) or as people write them: "năm 2024", "quý 3/2024", "Quý III năm 2024", "6 tháng đầu năm 2024"
    (``H1``), "6 tháng cuối năm 2024" (``H2``). Refused with a message naming every accepted form."""
    cleaned = " ".join(period.split()).upper()
    if _PERIOD.match(cleaned):
        return cleaned
    folded = fold(period[:80]).strip()
    for pattern, suffix in _WORDS:
        found = pattern.match(folded)
        if found:
            return found.group(1) + suffix
    quarter = _QUARTER.match(folded)
    if quarter:
        return f"{quarter.group(2)}-Q{_ROMAN.get(quarter.group(1), quarter.group(1))}"
    raise RoundError("period", f"Kỳ '{period[:40]}' không hợp lệ: dùng năm (2024 hoặc năm 2024), quý (2024-Q3 "
                               "hoặc quý 3/2024) hoặc nửa năm (2024-H1, 6 tháng đầu năm 2024; 2024-H2, 6 tháng "
                               "cuối năm 2024).")


def due_from_letter(letter: date, days: int = LETTER_DAYS) -> date:
    """The due date ``days`` days from the letter's date (the letter's day is day 0)."""
    return letter + timedelta(days=days)


YEARS_BACK = 1  # a due date or a survey letter's date at most a year back...
YEARS_AHEAD = 5  # ...and at most five years ahead; an exception's last day from today to five years ahead


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_day(day: date, today: date, what: str, *, past: bool = True) -> date:
    """``day`` when it lies in the window a person can mean (``YEARS_BACK`` years back, or not before today when
    ``past`` is False, to ``YEARS_AHEAD`` years ahead); otherwise ``RoundError("date")`` saying which window.

    The one check of every date a round is given, from the command line or a chat flow (/modot, /ngoaile): a typo
    such as 0001-01-01 would otherwise be stored and break every date computed from it (the reminders)."""
    earliest = _years_from(today, -YEARS_BACK) if past else today
    latest = _years_from(today, YEARS_AHEAD)
    if earliest <= day <= latest:
        return day
    when = "đã qua" if day < today else "quá xa"
    raise RoundError("date", f"{what} {fmt_date(day)} {when}: chỉ nhận ngày từ {fmt_date(earliest)} đến "
                             f"{fmt_date(latest)}.")


STORED_YEARS = 10  # a stored round's dates further than this from today were written around ``check_day``


def check_stored(info: RoundInfo, today: date) -> None:
    """Raise ``RoundError("stored")`` when a round read from the database has dates no one could have given (a row
    written around ``check_day``): computing reminders from year 1 would overflow, or walk two thousand years of
    working days."""
    earliest, latest = _years_from(today, -STORED_YEARS), _years_from(today, STORED_YEARS)
    for what, day in (("hạn nộp", info.due), ("hạn tài liệu kiểm chứng", info.evidence_due)):
        if not earliest <= day <= latest:
            raise RoundError("stored", f"đợt thu thập số {info.id} có {what} {fmt_date(day)}, ngoài mọi khoảng hợp lý")


def check_until(day: date, today: date) -> date:
    """The last day of an exception to a closed round: from today to ``YEARS_AHEAD`` years ahead."""
    return check_day(day, today, "Ngày hết hạn nhập bổ sung", past=False)


def open_round(
    session: Session,
    kb: Any,
    plan_id: str,
    period: str,
    *,
    due: date | None = None,
    letter_date: date | None = None,
    indicators: Sequence[str] | None = None,
    opened_by: int | None = None,
    now: datetime | None = None,
    today: date | None = None,
) -> RoundInfo:
    """Open a round. ``indicators`` default to every indicator of the plan whose rule has inputs. Refused when
    a round of this plan and period is already open (checked, and enforced by the partial unique index when
    two open at once). ``today`` (the bot's local day; the CLI and the chat give it) puts the due date or the
    letter's date through ``check_day``."""
    if plan_id not in kb.plans:
        raise RoundError("plan", f"Không có kế hoạch '{plan_id}'. Các kế hoạch: {', '.join(sorted(kb.plans))}.")
    period = check_period(period)
    if today is not None:
        if due is not None:
            check_day(due, today, "Hạn nộp")
        if letter_date is not None:
            check_day(letter_date, today, "Ngày văn bản khảo sát")
    if due is None:
        if letter_date is None:
            raise RoundError("due", "Cần hạn nộp (--due) hoặc ngày phát hành văn bản khảo sát (--letter-date).")
        due = due_from_letter(letter_date)
    book = plan_book(kb, plan_id)
    codes = list(indicators) if indicators is not None else default_indicators(kb, plan_id)
    wrong = [c for c in codes if not collected_inputs(book.rule(c))]
    if wrong:
        raise RoundError("indicators", f"Chỉ số không thu thập được (không có hoặc không cần số liệu đầu vào): "
                                       f"{', '.join(wrong)}.")
    existing = find_open(session, plan_id, period)
    if existing is not None:
        raise RoundError("exists", f"Đợt thu thập {period} của kế hoạch {plan_id} đang mở (đợt số {existing.id}).")
    row = Round(plan_id=plan_id, period=period, due=due, letter_date=letter_date, state="open",
                indicators=codes, opened_by=opened_by)
    if now is not None:
        row.opened_at = now
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise RoundError("exists", f"Đợt thu thập {period} của kế hoạch {plan_id} đang mở.") from None
    return RoundInfo.of(row)


ROUND_TABLES = frozenset({"rounds"})  # what a round read depends on (``bot.db.memo``: read once per turn)
# what ``RoundInfo`` holds, read as plain columns where a statement reads a round with something else
ROUND_COLUMNS = (Round.id, Round.plan_id, Round.period, Round.due, Round.state, Round.indicators, Round.letter_date)


def find_open(session: Session, plan_id: str, period: str | None = None) -> RoundInfo | None:
    """The open round of a plan (and period); with no period, the most recently opened one. Read once per turn
    (``bot.db.memo``), again after the turn opens or closes a round."""
    def read() -> RoundInfo | None:
        query = select(Round).where(Round.plan_id == plan_id, Round.state == "open")
        if period is not None:
            query = query.where(Round.period == period)
        row = session.scalars(query.order_by(Round.opened_at.desc(), Round.id.desc()).limit(1)).first()
        return RoundInfo.of(row) if row is not None else None

    found = remembered(session, ("open_round", plan_id, period), ROUND_TABLES, read)
    if found is not None:
        remember_round(session, found)
    return found


def remember_round(session: Session, info: RoundInfo) -> None:
    """Keep a round read with something else (an entry's references, ``checks.entry_read``) for this turn."""
    remember(session, ("round", info.id), ROUND_TABLES, info)


def get_round(session: Session, round_id: int) -> RoundInfo:
    """The round (read once per turn, like ``find_open``); ``RoundMissing`` when there is none."""
    def read() -> RoundInfo | None:
        row = session.get(Round, round_id)
        return RoundInfo.of(row) if row is not None else None

    found = remembered(session, ("round", round_id), ROUND_TABLES, read)
    if found is None:
        raise RoundMissing("missing", f"Không có đợt thu thập số {round_id}.")
    return found


def latest_round(session: Session, plan_id: str) -> RoundInfo | None:
    """The plan's open round, else its most recent one."""
    found = find_open(session, plan_id)
    if found is not None:
        return found
    row = session.scalars(
        select(Round).where(Round.plan_id == plan_id).order_by(Round.opened_at.desc(), Round.id.desc()).limit(1)
    ).first()
    return RoundInfo.of(row) if row is not None else None


def close_round(session: Session, round_id: int, *, by: int | None = None, now: datetime) -> RoundInfo:
    """Close a round: entry is locked from now on, except where the focal point grants an exception. The
    round row is locked so that no entry slips in while it closes."""
    row = session.get(Round, round_id, with_for_update=True)
    if row is None:
        raise RoundMissing("missing", f"Không có đợt thu thập số {round_id}.")
    if row.state == "closed":
        raise RoundError("closed", f"Đợt thu thập số {round_id} đã đóng.")
    row.state, row.closed_by, row.closed_at = "closed", by, now
    return RoundInfo.of(row)


def grant_exception(
    session: Session,
    round_id: int,
    unit_id: int,
    *,
    indicator: str = "",
    until: datetime | None = None,
    reason: str = "",
    by: int | None = None,
    today: date | None = None,
) -> int:
    """Let a unit enter into a closed round (one indicator, or every one when ``indicator`` is empty).
    ``today`` (the bot's local day) puts the last day through ``check_until``."""
    if until is not None and today is not None:
        check_until(until.date(), today)
    info = get_round(session, round_id)
    if indicator and indicator not in info.indicators:
        raise RoundError("indicator", f"Đợt thu thập số {round_id} không có chỉ số {indicator}.")
    row = RoundException(round_id=round_id, unit_id=unit_id, indicator=indicator, until=until, reason=reason,
                         granted_by=by)
    session.add(row)
    session.flush()
    return row.id


@dataclass(frozen=True)
class Grant:
    """An exception still running: ``indicator`` empty for every indicator of the round."""

    id: int
    indicator: str
    until: datetime | None
    reason: str


def running_exceptions(session: Session, round_id: int, unit_id: int, now: datetime) -> list[Grant]:
    """The unit's exceptions to this round that have not run out at ``now``, the latest granted first."""
    rows = session.scalars(
        select(RoundException).where(RoundException.round_id == round_id, RoundException.unit_id == unit_id)
        .order_by(RoundException.id.desc())
    )
    return [Grant(r.id, r.indicator, aware(r.until) if r.until else None, r.reason)
            for r in rows if r.until is None or aware(r.until) >= now]


def end_of_day(day: date, timezone: str) -> datetime:
    """An exception "đến hết ngày" ``day``: its last second in the bot's timezone."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(timezone))


def has_exception(session: Session, round_id: int, unit_id: int, indicator: str, now: datetime) -> bool:
    return any(r.indicator in ("", indicator) for r in running_exceptions(session, round_id, unit_id, now))


def entry_round(session: Session, plan_id: str, unit_id: int | None, now: datetime
                ) -> tuple[RoundInfo | None, tuple[str, ...] | None]:
    """The round a unit enters into, and the indicators it may enter there (None: all the round asks). The plan's
    open round; else its latest round when closed with an exception for this unit still running (only the
    exception's indicators); else (the latest round or None, ()) — nothing may be entered."""
    found = find_open(session, plan_id) if unit_id is None else _open_with_parts(session, plan_id, unit_id)
    if found is not None:
        return found, None
    latest = latest_round(session, plan_id)
    if latest is None or unit_id is None:
        return latest, ()
    granted = running_exceptions(session, latest.id, unit_id, now)
    if any(not e.indicator for e in granted):
        return latest, None
    return latest, tuple(dict.fromkeys(e.indicator for e in granted))


PART_TABLES = frozenset({"round_values"})


def _parts_key(round_id: int, unit_id: int) -> tuple[str, int, int]:
    return ("parts", round_id, unit_id)


def unit_parts(session: Session, round_id: int, unit_id: int) -> dict[str, tuple[str, int]]:
    """The state and version number of each part the unit has in the round, by indicator (read once per turn;
    /nhap reads them with the round, ``entry_round``)."""
    def read() -> dict[str, tuple[str, int]]:
        rows = session.execute(select(RoundValue.indicator, RoundValue.state, RoundValue.version)
                               .where(RoundValue.round_id == round_id, RoundValue.unit_id == unit_id))
        return {i: (st, v) for i, st, v in rows}

    return remembered(session, _parts_key(round_id, unit_id), PART_TABLES, read)


@cache
def _open_with_parts_query() -> Select[Any]:
    newest = (select(Round.id).where(Round.plan_id == bindparam("plan_id"), Round.state == "open")
              .order_by(Round.opened_at.desc(), Round.id.desc()).limit(1).scalar_subquery())
    return (select(*ROUND_COLUMNS, RoundValue.indicator.label("part"), RoundValue.state.label("part_state"),
                   RoundValue.version.label("part_version"))
            .outerjoin(RoundValue, (RoundValue.round_id == Round.id) & (RoundValue.unit_id == bindparam("unit_id")))
            .where(Round.id == newest))


def _open_with_parts(session: Session, plan_id: str, unit_id: int) -> RoundInfo | None:
    """``find_open`` and the unit's ``unit_parts`` in that round, in one statement (what /nhap shows first)."""
    known = peek(session, ("open_round", plan_id, None))
    if known is not None:
        return find_open(session, plan_id)
    rows = plain_read(session, _open_with_parts_query(), {"plan_id": plan_id, "unit_id": unit_id}).all()
    info = RoundInfo.of(rows[0]) if rows else None
    remember(session, ("open_round", plan_id, None), ROUND_TABLES, info)
    if info is not None:
        remember_round(session, info)
        remember(session, _parts_key(info.id, unit_id), PART_TABLES,
                 {r.part: (r.part_state, r.part_version) for r in rows if r.part is not None})
    return info


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for aware columns: they were stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
