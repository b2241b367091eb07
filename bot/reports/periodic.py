"""The periodic report draft (``dti-bot report``, /baocao): plain rows in (``Periodic``, made by
``bot.services.periodic``), a .docx written to a stream out, in the layout of ``bot.reports.docx_layout``.

Each section is generated from the data and followed by a placeholder paragraph for the official's own
assessment: completeness by unit and by indicator, what changed since the previous period, late units, the plan's
tasks done and overdue, the difficulties reported and their answers, the score now against the plan's target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, NamedTuple

from bot.reports import docx_layout as lay
from bot.reports.self_assessment import score_text

ASSESS = "Nhận định của cơ quan"
UNITS_NOTE = "danh sách đầy đủ ở tệp Excel của đợt (/xuat)"


class UnitDone(NamedTuple):
    name: str
    owed: int
    submitted: int
    late: int


class IndicatorDone(NamedTuple):
    code: str
    name: str
    units: int  # units whose part counts
    score: float | None
    max: float | None
    state: str


class Change(NamedTuple):
    code: str
    name: str
    versions: int  # versions entered during the period
    units: int  # units that entered them
    before: float | None  # the score in the previous period's round (None: no such round or no score)
    now: float | None


class TaskLine(NamedTuple):
    """A plan task that is not a scored indicator (issue 18 item 3)."""

    code: str
    name: str
    unit: str
    due: date | None
    status: str
    done_at: datetime | None = None
    note: str = ""


class Difficulty(NamedTuple):
    """A difficulty reported to the focal point and its answer (issue 18 item 4)."""

    code: str
    unit: str
    asked_by: str
    asked_at: datetime | None
    text: str
    answer: str = ""
    answered_at: datetime | None = None


class Target(NamedTuple):
    code: str
    name: str
    baseline: str
    target: str
    score: float | None
    max: float | None


@dataclass
class Periodic:
    heading: lay.Heading
    facts: list[str]
    units: list[UnitDone]  # furthest behind first
    units_done: int
    indicators: list[IndicatorDone]
    changes: list[Change]
    changes_note: str
    late: list[UnitDone]
    tasks_done: list[TaskLine]
    tasks_overdue: list[TaskLine]
    difficulties: list[Difficulty]
    total: tuple[float | None, float | None]
    total_before: list[str]  # "Kon Tum 2023: 512,3" …: what to compare the total with
    targets: list[Target]
    notes: list[str] = field(default_factory=list)


def _day(moment: date | datetime | None) -> str:
    return moment.strftime("%d/%m/%Y") if moment is not None else "–"


def write(out: IO[bytes] | str | Path, data: Periodic) -> None:
    doc = lay.new_document(data.heading)
    lay.heading(doc, "I. THÔNG TIN CHUNG")
    lay.bullets(doc, data.facts)
    lay.heading(doc, "II. MỨC ĐỘ HOÀN THÀNH SỐ LIỆU")
    lay.heading(doc, "1. Theo đơn vị", 2)
    lay.paragraph(doc, f"{data.units_done}/{len(data.units)} đơn vị đã nộp đủ số liệu phải nộp.")
    behind = len(data.units) - data.units_done  # the units come furthest behind first
    if behind:
        lay.table(doc, ("Đơn vị chưa nộp đủ", "Phải nộp", "Đã nộp", "Còn thiếu"),
                  ((u.name, u.owed, u.submitted, u.owed - u.submitted) for u in data.units[:behind]),
                  (95, 23, 23, 24), total=behind, more=UNITS_NOTE)
    lay.heading(doc, "2. Theo chỉ số", 2)
    lay.table(doc, ("Mã", "Tên chỉ số", "Số đơn vị đã nộp", "Điểm/Tối đa", "Trạng thái"),
              ((i.code, i.name, i.units, score_text(i.score, i.max), i.state) for i in data.indicators),
              (16, 82, 22, 22, 23), total=len(data.indicators))
    lay.placeholder(doc, ASSESS)
    lay.heading(doc, "III. THAY ĐỔI SO VỚI KỲ TRƯỚC")
    lay.paragraph(doc, data.changes_note)
    if data.changes:
        lay.table(doc, ("Mã", "Tên chỉ số", "Lần nhập trong kỳ", "Đơn vị nhập", "Điểm kỳ trước", "Điểm hiện nay"),
                  [(c.code, c.name, c.versions, c.units, c.before, c.now) for c in data.changes],
                  (16, 69, 20, 20, 20, 20), total=len(data.changes))
    lay.placeholder(doc, ASSESS)
    lay.heading(doc, "IV. ĐƠN VỊ NỘP MUỘN")
    if data.late:
        lay.table(doc, ("Đơn vị", "Số chỉ số nộp muộn", "Đã nộp", "Phải nộp"),
                  ((u.name, u.late, u.submitted, u.owed) for u in data.late), (95, 25, 22, 23),
                  total=len(data.late), more=UNITS_NOTE)
    else:
        lay.paragraph(doc, "Không có đơn vị nộp muộn.")
    lay.placeholder(doc, ASSESS)
    lay.heading(doc, "V. NHIỆM VỤ CỦA KẾ HOẠCH")
    for title, rows, empty in (("1. Nhiệm vụ đã hoàn thành trong kỳ", data.tasks_done,
                                "Chưa có nhiệm vụ nào được ghi nhận hoàn thành trong kỳ."),
                               ("2. Nhiệm vụ quá hạn", data.tasks_overdue, "Không có nhiệm vụ quá hạn được ghi nhận.")):
        lay.heading(doc, title, 2)
        if rows:
            lay.table(doc, ("Mã", "Nhiệm vụ", "Đơn vị", "Hạn", "Tình trạng", "Ghi chú"),
                      [(t.code, t.name, t.unit, _day(t.due), t.status, t.note) for t in rows],
                      (14, 55, 35, 18, 18, 25), total=len(rows))
        else:
            lay.paragraph(doc, empty)
    lay.placeholder(doc, ASSESS)
    lay.heading(doc, "VI. KHÓ KHĂN, VƯỚNG MẮC VÀ TRẢ LỜI")
    if data.difficulties:
        lay.table(doc, ("Mã", "Đơn vị", "Nội dung", "Ngày", "Trả lời"),
                  [(d.code or "–", d.unit, d.text, _day(d.asked_at), d.answer or "(chưa trả lời)")
                   for d in data.difficulties], (14, 32, 55, 18, 46), total=len(data.difficulties))
    else:
        lay.paragraph(doc, "Chưa có khó khăn, vướng mắc nào được báo cáo trong kỳ.")
    lay.placeholder(doc, ASSESS)
    lay.heading(doc, "VII. ĐIỂM HIỆN NAY SO VỚI MỤC TIÊU CỦA KẾ HOẠCH")
    score, top = data.total
    lay.paragraph(doc, f"Tổng điểm tạm tính hiện nay: {score_text(score, top)} điểm.")
    lay.bullets(doc, data.total_before)
    if data.targets:
        lay.table(doc, ("Mã", "Tên chỉ số", "Kết quả năm trước", "Mục tiêu", "Điểm hiện nay"),
                  [(t.code, t.name, t.baseline or "–", t.target or "–", score_text(t.score, t.max))
                   for t in data.targets], (16, 62, 30, 32, 25), total=len(data.targets))
    lay.placeholder(doc, ASSESS)
    for note in data.notes:
        lay.paragraph(doc, note, italic=True)
    lay.heading(doc, "VIII. PHƯƠNG HƯỚNG, KIẾN NGHỊ")
    lay.placeholder(doc, "Phương hướng kỳ tới và kiến nghị (cán bộ tự viết)")
    lay.closing(doc, data.heading)
    doc.save(str(out) if isinstance(out, Path) else out)
