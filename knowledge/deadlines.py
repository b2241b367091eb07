"""The deadline texts of the plans, read into typed deadlines, and the due date each gives on a day.

Plans write their deadlines as officials speak: "Quý IV năm 2024", "Hàng năm", "2024-2025", "Trong vòng 02 tháng
kể từ ngày hoàn thành xây dựng hệ thống", "Theo yêu cầu của Trung ương". Reminders and answers need dates, so this
module reads those forms with a small hand-written grammar (dateparser reads none of them) and says plainly when it
cannot: an unread text is kept as ``UNPARSED`` with the original, never guessed.

Pure: no I/O, no clock. Matching is done on the folded text (no diacritics, lower case), so "Quy IV nam 2024",
"quý 4/2024" and "Quí IV - 2024" read the same; the event named in a span keeps the plan's own spelling.

Period rules, as the Civil Code (Bộ luật Dân sự 2015, art. 147–148) counts them: "N ngày kể từ ngày X" ends N days
after X; "N tháng kể từ ngày X" ends on the same day N months later (the month's last day when it has no such day).
"Trước ngày D" means due the day before D: reminding a day early costs nothing, a day late costs points.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from knowledge.lazy import lazy_compile
from knowledge.normalize import fold


class Kind(StrEnum):
    DATE = "date"  # a day: "Trước 30/6/2024", "ngày 15/12/2024"
    PERIOD_END = "period_end"  # the end of a quarter, half, month or year: "Quý IV năm 2024", "2024-2025"
    RECURRING = "recurring"  # every year (31/12 unless said), quarter or month: "Hàng năm", "Quý IV hằng năm"
    AFTER_EVENT = "after_event"  # "15 ngày kể từ ngày phát hành văn bản khảo sát"
    HORIZON = "horizon"  # a target year: "Đến năm 2025", "tầm nhìn 2030"
    ON_REQUEST = "on_request"  # "Theo yêu cầu của Trung ương"
    DONE = "done"  # "Đã hoàn thành"
    CONTINUOUS = "continuous"  # "Thường xuyên": ongoing work with no date of its own
    MISSING = "missing"  # the plan gives no deadline
    UNPARSED = "unparsed"


# Kinds with one due date fixed by the text itself.
ONE_OFF = frozenset({Kind.DATE, Kind.PERIOD_END, Kind.HORIZON})


@dataclass(frozen=True, slots=True)
class Deadline:
    """One deadline text and its reading. Which fields matter depends on ``kind`` (see the field comments)."""

    text: str
    kind: Kind
    due: date | None = None  # DATE, PERIOD_END, HORIZON
    period: str = ""  # PERIOD_END: day/month/quarter/half/year; RECURRING: year/quarter/month (how often)
    start_year: int | None = None  # PERIOD_END of a range "2024-2025": 2024
    month: int = 12  # RECURRING every year: the day of the year it falls on
    day: int = 31
    amount: int = 0  # AFTER_EVENT: how many
    unit: str = ""  # AFTER_EVENT: "day" | "working_day" | "month"
    event: str = ""  # AFTER_EVENT: the event, as the plan names it
    note: str = ""  # what else the text says ("tiếp tục rà soát, bổ sung")

    @property
    def is_parsed(self) -> bool:
        return self.kind is not Kind.UNPARSED

    def reading(self) -> str:
        """The reading in Vietnamese, for `dti-bot validate` and for whoever checks the grammar by eye."""
        return _reading(self)


def fmt_date(day: date) -> str:
    """31/12/2024 (the year always in four digits: strftime writes year 1 as "1")."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


# ---- folding and small vocabulary ---------------------------------------------------------------------------

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_WORD_NUMBERS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10}
_UNIT_OF_WORD = {"ngay": "day", "ngay lam viec": "working_day", "thang": "month", "tuan": "week"}
# Keywords officials mistype; a token one edit away from one of these (and not itself a known word) is read as it.
_KEYWORDS = ("thuong", "xuyen", "hoan", "thanh", "hang", "yeu", "cau", "trong", "vong", "truoc", "quy")
# Words one edit away from a keyword that are words of their own ("tháng", "tăng", "hành"): never corrected.
_KNOWN = frozenset({"thang", "tang", "hanh", "nhanh", "thanh", "trang", "dang", "sang", "ngay", "nang", "thuc",
                    "thuoc", "truong", "chung", "cung", "duong", "huong", "luong", "thong", "tong", "song", "long"})


def _edit1(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one insertion, deletion, substitution or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _fix_typos(folded: str) -> str:
    def fix(match: re.Match[str]) -> str:
        token = match.group(0)
        if len(token) < 4 or token in _KEYWORDS or token in _KNOWN:
            return token
        near = [k for k in _KEYWORDS if _edit1(token, k)]
        return near[0] if len(near) == 1 else token

    return re.sub(r"[a-z]+", fix, folded)


def _prepare(text: str) -> tuple[str, str]:
    """(NFC original, folded text of the same length) with dashes unified and spaces collapsed."""
    nfc = unicodedata.normalize("NFC", text)
    nfc = re.sub(r"[‐-―−]", "-", nfc)
    nfc = re.sub(r"\s+", " ", nfc).strip()
    folded = fold(nfc)
    if len(folded) != len(nfc):  # never for Vietnamese; keep positions honest if it ever happens
        nfc = folded
    fixed = _fix_typos(folded)
    # A correction that changed a word's length moves positions: then the event is quoted from the folded text.
    return (nfc if len(fixed) == len(nfc) else fixed), fixed


def _strip_notes(folded: str) -> str:
    """The text without its parenthesised remarks ("Hàng năm (mỗi năm tăng 10-15%)" is read as "Hàng năm"),
    blanked to the same length so that positions still point into the original."""
    return re.sub(r"\([^)]*\)?", lambda m: " " * len(m.group(0)), folded)


def _number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return _WORD_NUMBERS.get(token)


def _year(text: str) -> int | None:
    value = int(text)
    if len(text) == 2:
        value += 2000
    return value if 1990 <= value <= 2100 else None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when it is shorter (31/12 + 2 tháng = 28 or 29/02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


# ---- the grammar ---------------------------------------------------------------------------------------------

_Y = r"(?:nam\s*)?(\d{4})"
_SEP = r"\s*(?:[/.-]|\s)\s*"
_SPAN = re.compile(
    r"(\d+|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)\s*(?:\(\s*[a-z\s]*\)\s*)?"
    r"(ngay lam viec|ngay|thang|tuan)\s*,?\s*(?:ke tu|tinh tu|sau|sau khi)\s+(?:ngay\s+|khi\s+)?(.+)$"
)
_RECURRING = re.compile(r"\b(?:hang|moi|dinh ky hang)\s+(nam|quy|thang)\b")
_EVERY_MONTHS = re.compile(r"\b(?:dinh ky|moi)\s+(0?3|ba|0?6|sau)\s+thang\b|\b(0?3|0?6)\s+thang\s*(?:/|mot)\s*lan\b")
_ON_REQUEST = re.compile(r"\b(?:theo|khi co|co)\s+(?:yeu cau|de nghi|chi dao)\b")
_DONE = re.compile(r"^\s*(?:da\s+)?hoan thanh\s*[.!]?\s*$|^\s*da\s+(?:xong|thuc hien xong|hoan thanh)\b")
_CONTINUOUS = lazy_compile(r"\b(?:thuong xuyen|lien tuc|thong ke so lieu)\b")
_DMY = lazy_compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2,4})(?!\d)")
_DMY_WORDS = lazy_compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_DM = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")
_QUARTER = lazy_compile(r"\b(?:quy|q)\s*(iv|iii|ii|i|[1-4])\b(?:" + _SEP + r"|\s*nam\s*)*(\d{4})?")
_HALF = lazy_compile(r"\b6 thang (dau|cuoi) nam\b\s*(\d{4})?")
_MONTH = lazy_compile(r"\b(?:thang|t)\s*(\d{1,2})(?:" + _SEP + r"|\s*nam\s*)+(\d{4})\b")
_MONTH_ONLY = re.compile(r"\bthang\s*(\d{1,2})\b")
_HORIZON = lazy_compile(r"\b(?:den|toi|tam nhin(?: den)?)\s+" + _Y)
_BEFORE_YEAR = lazy_compile(r"\btruoc\s+nam\s+(\d{4})")
_RANGE = lazy_compile(r"(\d{4})\s*-\s*(\d{4}|\d{2})\b")
_SINGLE_YEAR = lazy_compile(r"(?<![\d/])(\d{4})(?![\d/])")


def parse_deadline(text: str, *, yearly: tuple[int, int] = (12, 31)) -> Deadline:
    """Read one deadline text. ``yearly`` is the (month, day) a plain "Hàng năm" falls on in this plan."""
    original, folded = _prepare(text)
    if not folded:
        return Deadline(text, Kind.MISSING)
    head = _strip_notes(folded)
    note = _note_after(original)
    if (span := _SPAN.search(head)) is not None:
        return _after_event(text, original, folded, span)
    if _DONE.search(head):
        return Deadline(text, Kind.DONE)
    if _ON_REQUEST.search(head):
        return Deadline(text, Kind.ON_REQUEST, note=original)
    if (every := _EVERY_MONTHS.search(head)) is not None:  # "định kỳ 03 tháng", "6 tháng/lần"
        months = _number((every.group(1) or every.group(2)).lstrip("0"))
        return Deadline(text, Kind.RECURRING, period="quarter" if months == 3 else "half", month=0, day=0, note=note)
    if (rule := _RECURRING.search(head)) is not None:
        return _recurring(text, head, rule, yearly, note or original[rule.end():].strip(" ,.;"))
    for reader in (_read_date, _read_quarter, _read_half, _read_month, _read_horizon, _read_years):
        found = reader(text, head, note)
        if found is not None:
            return found
    if (ongoing := _CONTINUOUS.search(head)) is not None:
        statistic = ongoing.group(0) == "thong ke so lieu"
        return Deadline(text, Kind.CONTINUOUS, note="số liệu thống kê, báo cáo theo kỳ" if statistic else note)
    return Deadline(text, Kind.UNPARSED)


def _note_after(original: str) -> str:
    """What the text adds to its deadline, kept for display: the remarks in brackets and what follows the first
    comma ("Năm 2024-2025, tiếp tục rà soát, bổ sung" → "tiếp tục rà soát, bổ sung")."""
    remarks = [r.strip() for r in re.findall(r"\(([^)]*)\)?", original) if r.strip()]
    _, comma, rest = re.sub(r"\([^)]*\)?", " ", original).partition(",")
    return "; ".join([*remarks, *([rest.strip()] if comma and rest.strip() else [])])


def _after_event(text: str, original: str, folded: str, span: re.Match[str]) -> Deadline:
    start, end = span.span(3)
    event = original[start:end].strip().rstrip(".;")
    amount = _number(span.group(1)) or 0
    unit = _UNIT_OF_WORD[span.group(2)]
    if unit == "week":
        amount, unit = amount * 7, "day"
    return Deadline(text, Kind.AFTER_EVENT, amount=amount, unit=unit, event=event)


def _recurring(text: str, head: str, rule: re.Match[str], yearly: tuple[int, int], note: str) -> Deadline:
    every = {"nam": "year", "quy": "quarter", "thang": "month"}[rule.group(1)]
    if every != "year":
        return Deadline(text, Kind.RECURRING, period=every, month=0, day=0, note=note)
    month, day = yearly
    before = head[: rule.start()]
    if (q := re.search(r"\b(?:quy|q)\s*(iv|iii|ii|i|[1-4])\b", before)) is not None:
        month = _ROMAN[q.group(1)] * 3
        day = calendar.monthrange(2001, month)[1]
    elif (dm := _DM.search(before)) is not None and 1 <= int(dm.group(2)) <= 12:
        month, day = int(dm.group(2)), int(dm.group(1))
        if re.search(r"\btruoc\b", before):
            anchor = date(2001, month, day) - timedelta(days=1)
            month, day = anchor.month, anchor.day
    elif (m := _MONTH_ONLY.search(before)) is not None and 1 <= int(m.group(1)) <= 12:
        month = int(m.group(1))
        day = calendar.monthrange(2001, month)[1]
    return Deadline(text, Kind.RECURRING, period="year", month=month, day=day, note=note)


def _read_date(text: str, head: str, note: str) -> Deadline | None:
    match = _DMY.search(head) or _DMY_WORDS.search(head)
    if match is None:
        return None
    year = _year(match.group(3))
    try:
        due = date(year, int(match.group(2)), int(match.group(1))) if year else None
    except ValueError:
        due = None
    if due is None:
        return Deadline(text, Kind.UNPARSED)
    if re.search(r"\btruoc\b", head[: match.start()]):
        due -= timedelta(days=1)
    return Deadline(text, Kind.DATE, due=due, period="day", note=note)


def _read_quarter(text: str, head: str, note: str) -> Deadline | None:
    match = _QUARTER.search(head)
    if match is None or match.group(2) is None or (year := _year(match.group(2))) is None:
        return None
    return Deadline(text, Kind.PERIOD_END, due=_month_end(year, _ROMAN[match.group(1)] * 3), period="quarter",
                    note=note)


def _read_half(text: str, head: str, note: str) -> Deadline | None:
    match = _HALF.search(head)
    if match is None or match.group(2) is None or (year := _year(match.group(2))) is None:
        return None
    return Deadline(text, Kind.PERIOD_END, due=_month_end(year, 6 if match.group(1) == "dau" else 12),
                    period="half", note=note)


def _read_month(text: str, head: str, note: str) -> Deadline | None:
    match = _MONTH.search(head)
    if match is None or not 1 <= int(match.group(1)) <= 12 or (year := _year(match.group(2))) is None:
        return None
    return Deadline(text, Kind.PERIOD_END, due=_month_end(year, int(match.group(1))), period="month", note=note)


def _read_horizon(text: str, head: str, note: str) -> Deadline | None:
    if (before := _BEFORE_YEAR.search(head)) is not None and (year := _year(before.group(1))):
        return Deadline(text, Kind.PERIOD_END, due=date(year - 1, 12, 31), period="year", note=note)
    match = _HORIZON.search(head)
    if match is None or (year := _year(match.group(1))) is None:
        return None
    return Deadline(text, Kind.HORIZON, due=date(year, 12, 31), period="year", note=note)


def _read_years(text: str, head: str, note: str) -> Deadline | None:
    if (span := _RANGE.search(head)) is not None:
        first, last = _year(span.group(1)), _year(span.group(2))
        if last is not None and len(span.group(2)) == 2 and first is not None:
            last = first // 100 * 100 + int(span.group(2))
        if first is not None and last is not None and first <= last:
            return Deadline(text, Kind.PERIOD_END, due=date(last, 12, 31), period="year", start_year=first,
                            note=note)
        return Deadline(text, Kind.UNPARSED)
    years = {_year(y) for y in _SINGLE_YEAR.findall(head)}
    if len(years) == 1 and (year := years.pop()) is not None:
        return Deadline(text, Kind.PERIOD_END, due=date(year, 12, 31), period="year", note=note)
    return None


# ---- due dates -----------------------------------------------------------------------------------------------

AddWorkingDays = Callable[[date, int], date]


def next_due(deadline: Deadline, on_or_after: date, *, event: date | None = None,
             add_working_days: AddWorkingDays | None = None) -> date | None:
    """The first due date on or after ``on_or_after``; None when the deadline gives none from that day on (on
    request, done, continuous, missing, unparsed, a one-off date already past, an event span without its event)."""
    due = due_date(deadline, on_or_after, event=event, add_working_days=add_working_days)
    return due if due is not None and due >= on_or_after else None


def due_date(deadline: Deadline, today: date, *, event: date | None = None,
             add_working_days: AddWorkingDays | None = None) -> date | None:
    """The due date that matters on ``today``: a one-off date even when past (to say how late), the next
    occurrence of a recurring rule, the end of an event span once the event's date is known."""
    if deadline.kind in ONE_OFF:
        return deadline.due
    if deadline.kind is Kind.RECURRING:
        return _next_occurrence(deadline, today)
    if deadline.kind is Kind.AFTER_EVENT and event is not None:
        if deadline.unit == "month":
            return add_months(event, deadline.amount)
        if deadline.unit == "working_day":
            if add_working_days is None:
                raise ValueError("a span in working days needs the working-day calendar")
            return add_working_days(event, deadline.amount)
        return event + timedelta(days=deadline.amount)
    return None


def _next_occurrence(deadline: Deadline, today: date) -> date:
    if deadline.period == "month":
        return _month_end(today.year, today.month)
    if deadline.period == "quarter":
        return _month_end(today.year, (today.month - 1) // 3 * 3 + 3)
    if deadline.period == "half":
        return _month_end(today.year, 6 if today.month <= 6 else 12)
    for year in (today.year, today.year + 1):
        day = min(deadline.day, calendar.monthrange(year, deadline.month)[1])
        candidate = date(year, deadline.month, day)
        if candidate >= today:
            return candidate
    raise AssertionError("unreachable: next year's occurrence is always after today")


# ---- readings ------------------------------------------------------------------------------------------------

_QUARTER_VI = ("I", "II", "III", "IV")
_UNIT_VI = {"day": "ngày", "working_day": "ngày làm việc", "month": "tháng"}


def _reading(d: Deadline) -> str:
    if d.kind in ONE_OFF and d.due is not None:
        what = {"day": "ngày", "month": f"cuối tháng {d.due.month}/{d.due.year}",
                "quarter": f"cuối quý {_QUARTER_VI[(d.due.month - 1) // 3]} năm {d.due.year}",
                "half": f"cuối 6 tháng năm {d.due.year}"}.get(d.period, "")
        if d.kind is Kind.HORIZON:
            text = f"mốc {d.due.year}: {fmt_date(d.due)}"
        elif d.start_year is not None:
            text = f"giai đoạn {d.start_year}–{d.due.year}, hạn cuối năm {d.due.year}: {fmt_date(d.due)}"
        elif d.period == "year":
            text = f"cuối năm {d.due.year}: {fmt_date(d.due)}"
        else:
            text = f"{what}: {fmt_date(d.due)}"
    elif d.kind is Kind.RECURRING:
        text = (f"hằng năm, ngày {d.day:02d}/{d.month:02d}" if d.period == "year"
                else "hằng quý, cuối quý" if d.period == "quarter"
                else "6 tháng một lần, 30/06 và 31/12" if d.period == "half" else "hằng tháng, cuối tháng")
    elif d.kind is Kind.AFTER_EVENT:
        text = f"{d.amount} {_UNIT_VI[d.unit]} kể từ ngày {d.event}"
    else:
        text = {Kind.ON_REQUEST: "theo yêu cầu (không có ngày cố định)", Kind.DONE: "đã hoàn thành",
                Kind.CONTINUOUS: "thường xuyên (không có ngày riêng)", Kind.MISSING: "không ghi thời hạn",
                Kind.UNPARSED: "không đọc được"}[d.kind]
    return f"{text}; ghi chú: {d.note}" if d.note and d.kind is not Kind.ON_REQUEST else text
