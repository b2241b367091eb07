"""The round report as one Excel workbook (``/xuat``, ``dti-bot export``): indicators, parts per unit and version,
completeness per unit, evidence. Frozen headers, widths set, numbers stored as numbers (never as "12,5" text), so
the focal point can sort, sum and paste into the province's report.

Plain rows in, .xlsx bytes out: the caller (the rounds service) decides what goes in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from bot.reports.sheets import header_cell
from scoring.numbers import fmt_num


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    name: str
    pillar: str
    max_points: float | None
    score: float | None
    inputs: Mapping[str, float]
    lead: str
    state: str
    late: bool


@dataclass(frozen=True)
class PartRow:
    code: str
    unit: str
    version: int
    inputs: Mapping[str, float | str]
    state: str
    by: str
    at: datetime | None
    late: bool


@dataclass(frozen=True)
class UnitRow:
    unit: str
    owed: int
    submitted: int
    late: int


@dataclass(frozen=True)
class EvidenceRow:
    code: str
    unit: str
    version: int
    file: str
    by: str
    at: datetime | None


def _inputs(values: Mapping[str, Any]) -> str:
    return "; ".join(f"{k} = {fmt_num(v) if isinstance(v, int | float) else v}" for k, v in values.items())


def _naive(moment: datetime | None) -> datetime | None:
    """Excel has no time zones: the local time as written, without the offset."""
    return moment.replace(tzinfo=None) if moment is not None else None


def _cell(sheet: Any, value: Any) -> Any:
    """Numbers stay numbers; dates and fractional numbers get their display format."""
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "DD/MM/YYYY HH:MM"
        return cell
    if isinstance(value, float):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "0.##"
        return cell
    return value


def _sheet(book: Workbook, title: str, headers: Sequence[str], widths: Sequence[int],
           rows: Iterable[Sequence[Any]]) -> None:
    """One sheet written row by row (write-only: a province's round has a hundred thousand parts)."""
    sheet = book.create_sheet(title)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([header_cell(sheet, h) for h in headers])
    for row in rows:
        sheet.append([_cell(sheet, v) for v in row])


def write_report(indicators: Sequence[IndicatorRow], parts: Sequence[PartRow], units: Sequence[UnitRow],
                 evidence: Sequence[EvidenceRow]) -> bytes:
    """The workbook: sheets "Chỉ số", "Số liệu đơn vị", "Tiến độ", "Minh chứng"."""
    book = Workbook(write_only=True)
    yes = {True: "Có", False: ""}
    _sheet(book, "Chỉ số",
           ("Mã", "Tên chỉ số", "Trụ cột", "Điểm tối đa", "Điểm", "Số liệu", "Đơn vị chủ trì", "Trạng thái",
            "Nộp muộn"),
           (8, 50, 8, 11, 9, 40, 34, 14, 10),
           ((r.code, r.name, r.pillar, r.max_points, r.score, _inputs(r.inputs), r.lead, r.state, yes[r.late])
            for r in indicators))
    _sheet(book, "Số liệu đơn vị",
           ("Mã", "Đơn vị", "Phiên bản", "Số liệu", "Trạng thái", "Người nhập", "Thời điểm", "Nộp muộn"),
           (8, 34, 10, 40, 14, 24, 18, 10),
           ((p.code, p.unit, p.version, _inputs(p.inputs), p.state, p.by, _naive(p.at), yes[p.late]) for p in parts))
    _sheet(book, "Tiến độ", ("Đơn vị", "Phải nộp", "Đã nộp", "Còn thiếu", "Nộp muộn"), (40, 10, 10, 10, 10),
           ((u.unit, u.owed, u.submitted, max(u.owed - u.submitted, 0), u.late) for u in units))
    _sheet(book, "Minh chứng", ("Mã", "Đơn vị", "Phiên bản", "Tệp", "Người gửi", "Thời điểm"),
           (8, 34, 10, 40, 24, 18),
           ((e.code, e.unit, e.version, e.file, e.by, _naive(e.at)) for e in evidence))
    out = BytesIO()
    book.save(out)
    return out.getvalue()
