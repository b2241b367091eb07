"""The round report as one Excel workbook (``/xuat``, ``dti-bot export``): indicators, parts per unit and version,
completeness per unit, evidence. Frozen headers, widths set, numbers stored as numbers (never as "12,5" text), so
the focal point can sort, sum and paste into the province's report.

Plain rows in, .xlsx bytes out (``bot.reports.xlsx``): the caller (the reports service) decides what goes in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Sized
from datetime import datetime
from typing import Any, NamedTuple

from bot.reports.xlsx import Sheet, write_book
from scoring.numbers import fmt_num

# what the states mean to the focal point (a round's value rows and indicators)
STATE_LABELS = {"empty": "chưa nhập", "draft": "nháp", "submitted": "đã nộp", "returned": "bị trả lại",
                "approved": "đã duyệt", "partial": "nộp một phần"}


class IndicatorRow(NamedTuple):
    code: str
    name: str
    pillar: str
    max_points: float | None
    score: float | None
    inputs: Mapping[str, Any]
    lead: str
    state: str
    late: bool


class PartRow(NamedTuple):
    """One version of one unit's part of an indicator (a hundred thousand of them in a province's round: plain
    tuples); ``current`` marks the latest, the one that counts."""

    code: str
    unit: str
    version: int
    inputs: Mapping[str, Any] | str  # or their text already written (``inputs_text``)
    state: str
    by: str
    at: datetime | None
    late: bool
    current: bool = True  # the part's latest version: the one that counts
    remarks: str = ""  # the unit's note on a far-off value, the focal point's comment when returning it
    on_behalf: str = ""  # who entered it for the unit ("nhập thay": a focal point, an admin), else empty


class UnitRow(NamedTuple):
    unit: str
    owed: int
    submitted: int
    late: int


class EvidenceRow(NamedTuple):
    code: str
    unit: str
    version: int
    file: str
    by: str
    at: datetime | None
    link: str = ""  # a link given as evidence (then ``file`` is the text sent with it)


def inputs_text(values: Mapping[str, Any] | str) -> str:
    """``a = 1500; b = 12,5`` (numbers the Vietnamese way); a text is taken as already written."""
    if isinstance(values, str):
        return values
    return "; ".join(f"{k} = {fmt_num(v) if isinstance(v, int | float) else v}" for k, v in values.items())


def write_report(indicators: Sequence[IndicatorRow], parts: Iterable[PartRow], units: Sequence[UnitRow],
                 evidence: Sequence[EvidenceRow], *, parts_count: int | None = None) -> bytes:
    """The workbook: sheets "Chỉ số", "Số liệu đơn vị", "Tiến độ", "Minh chứng". Times are written as given
    (local time, Excel has no time zones). ``parts`` may be made as they are written (``parts_count`` then
    says how many)."""
    if parts_count is None and isinstance(parts, Sized):
        parts_count = len(parts)
    yes = {True: "Có", False: ""}
    return write_book([
        Sheet("Chỉ số",
              ("Mã", "Tên chỉ số", "Trụ cột", "Điểm tối đa", "Điểm", "Số liệu", "Đơn vị chủ trì", "Trạng thái",
               "Nộp muộn"),
              (8, 50, 8, 11, 9, 40, 34, 14, 10),
              [(r.code, r.name, r.pillar, r.max_points, r.score, inputs_text(r.inputs), r.lead, r.state, yes[r.late])
               for r in indicators], len(indicators)),
        Sheet("Số liệu đơn vị",
              ("Mã", "Đơn vị", "Phiên bản", "Số liệu", "Trạng thái", "Người nhập", "Thời điểm", "Nộp muộn",
               "Hiện hành", "Ghi chú", "Nhập thay"),
              (8, 34, 10, 40, 14, 24, 18, 10, 10, 40, 24),
              ((p.code, p.unit, p.version, inputs_text(p.inputs), p.state, p.by, p.at, yes[p.late], yes[p.current],
                p.remarks, p.on_behalf) for p in parts),
              parts_count),
        Sheet("Tiến độ", ("Đơn vị", "Phải nộp", "Đã nộp", "Còn thiếu", "Nộp muộn"), (40, 10, 10, 10, 10),
              [(u.unit, u.owed, u.submitted, max(u.owed - u.submitted, 0), u.late) for u in units], len(units)),
        Sheet("Minh chứng", ("Mã", "Đơn vị", "Phiên bản", "Tệp", "Người gửi", "Thời điểm", "Liên kết"),
              (8, 34, 10, 40, 24, 18, 60),
              [(e.code, e.unit, e.version, e.file, e.by, e.at, e.link) for e in evidence], len(evidence)),
    ])
