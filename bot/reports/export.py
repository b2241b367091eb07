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

import xlsxwriter

from bot.reports.sheets import HEADER_COLOR
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


class _Writer:
    """Sheets written row by row with XlsxWriter in constant memory (a province's round has a hundred thousand
    parts; openpyxl took half a minute for them): bold shaded header, widths, frozen first row, numbers as
    numbers, dates as dates."""

    def __init__(self, out: BytesIO) -> None:
        self.book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": True})
        self.header = self.book.add_format({"bold": True, "bg_color": HEADER_COLOR, "text_wrap": True,
                                            "valign": "vcenter"})
        self.when = self.book.add_format({"num_format": "DD/MM/YYYY HH:MM"})
        self.number = self.book.add_format({"num_format": "0.##"})

    def sheet(self, title: str, headers: Sequence[str], widths: Sequence[int], rows: Iterable[Sequence[Any]]
              ) -> None:
        sheet = self.book.add_worksheet(title)
        for index, width in enumerate(widths):
            sheet.set_column(index, index, width)
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, list(headers), self.header)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, datetime):
                    sheet.write_datetime(r, c, value, self.when)
                elif isinstance(value, bool) or not isinstance(value, int | float):
                    sheet.write_string(r, c, str(value))
                elif isinstance(value, float):
                    sheet.write_number(r, c, value, self.number)
                else:
                    sheet.write_number(r, c, value)


def write_report(indicators: Sequence[IndicatorRow], parts: Sequence[PartRow], units: Sequence[UnitRow],
                 evidence: Sequence[EvidenceRow]) -> bytes:
    """The workbook: sheets "Chỉ số", "Số liệu đơn vị", "Tiến độ", "Minh chứng"."""
    out = BytesIO()
    writer = _Writer(out)
    yes = {True: "Có", False: ""}
    writer.sheet("Chỉ số",
                 ("Mã", "Tên chỉ số", "Trụ cột", "Điểm tối đa", "Điểm", "Số liệu", "Đơn vị chủ trì", "Trạng thái",
                  "Nộp muộn"),
                 (8, 50, 8, 11, 9, 40, 34, 14, 10),
                 ((r.code, r.name, r.pillar, r.max_points, r.score, _inputs(r.inputs), r.lead, r.state,
                   yes[r.late]) for r in indicators))
    writer.sheet("Số liệu đơn vị",
                 ("Mã", "Đơn vị", "Phiên bản", "Số liệu", "Trạng thái", "Người nhập", "Thời điểm", "Nộp muộn"),
                 (8, 34, 10, 40, 14, 24, 18, 10),
                 ((p.code, p.unit, p.version, _inputs(p.inputs), p.state, p.by, _naive(p.at), yes[p.late])
                  for p in parts))
    writer.sheet("Tiến độ", ("Đơn vị", "Phải nộp", "Đã nộp", "Còn thiếu", "Nộp muộn"), (40, 10, 10, 10, 10),
                 ((u.unit, u.owed, u.submitted, max(u.owed - u.submitted, 0), u.late) for u in units))
    writer.sheet("Minh chứng", ("Mã", "Đơn vị", "Phiên bản", "Tệp", "Người gửi", "Thời điểm"),
                 (8, 34, 10, 40, 24, 18),
                 ((e.code, e.unit, e.version, e.file, e.by, _naive(e.at)) for e in evidence))
    writer.book.close()
    return out.getvalue()
