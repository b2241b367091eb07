"""The self-assessment report of the package (``bao-cao-tu-danh-gia.docx``): plain rows in (``Assessment``, made
by ``bot.services.assessment``), a .docx written to a stream out, in the administrative layout of
``bot.reports.docx_layout``.

Sections: the plan and round; total and pillar scores against their maximum; per pillar a table of its
indicators (code, name, inputs entered, score/max, responsible unit, evidence count, state); where points are lost,
most first, with owners; late and missing units; indicators without evidence; the body's own assessment left as a
placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, NamedTuple

from bot.reports import docx_layout as lay

UNITS_NOTE = "danh sách đầy đủ ở trang «Tiến độ» của tệp so-lieu.xlsx"


class PillarRow(NamedTuple):
    code: str
    name: str
    score: float
    max: float | None
    complete: bool


class IndicatorLine(NamedTuple):
    code: str
    name: str
    inputs: str
    score: float | None
    max: float | None
    lead: str
    evidence: int
    state: str


class LossLine(NamedTuple):
    code: str
    name: str
    score: float
    max: float
    lead: str


class UnitLine(NamedTuple):
    name: str
    owed: int
    submitted: int
    late: int
    registered: bool


class LackLine(NamedTuple):
    code: str
    name: str
    units: str


class TaskRow(NamedTuple):
    """One owning unit's standing on one of the plan's tasks (rows that are not scored indicators)."""

    code: str
    name: str
    unit: str
    due: str
    status: str
    note: str


@dataclass
class Assessment:
    heading: lay.Heading
    facts: list[str]  # the plan and the round, one line each
    total: PillarRow
    pillars: list[PillarRow]
    indicators: dict[str, list[IndicatorLine]]  # pillar code → its indicators
    losses: list[LossLine]
    units: list[UnitLine]  # late or missing, furthest behind first
    lacking: list[LackLine]
    notes: list[str] = field(default_factory=list)  # e.g. evidence files no longer in the file store
    tasks: list[TaskRow] = field(default_factory=list)


def score_text(score: float | None, top: float | None) -> str:
    """"12,5/20" (the Vietnamese way); "–" for a score not there yet."""
    from scoring.numbers import fmt_num

    shown = "–" if score is None else fmt_num(score)
    return f"{shown}/{fmt_num(top)}" if top is not None else shown


def write(out: IO[bytes], data: Assessment) -> None:
    doc = lay.new_document(data.heading)
    lay.heading(doc, "I. THÔNG TIN CHUNG")
    lay.bullets(doc, data.facts)
    lay.heading(doc, "II. KẾT QUẢ TỰ ĐÁNH GIÁ")
    t = data.total
    lay.paragraph(doc, f"Tổng điểm tự đánh giá: {score_text(t.score, t.max)} điểm"
                       + ("." if t.complete else " (chưa đủ số liệu: điểm các chỉ số còn thiếu chưa được tính)."))
    lay.table(doc, ("Trụ cột", "Tên trụ cột", "Điểm/Tối đa", "Đủ số liệu"),
              [(p.code, p.name, score_text(p.score, p.max), "Đủ" if p.complete else "Chưa") for p in data.pillars],
              (18, 90, 30, 27))
    lay.heading(doc, "III. CHI TIẾT THEO TRỤ CỘT")
    for p in data.pillars:
        rows = data.indicators.get(p.code, [])
        lay.heading(doc, f"Trụ cột {p.code}. {p.name} – {score_text(p.score, p.max)} điểm", 2)
        lay.table(doc, ("Mã", "Tên chỉ số", "Số liệu đã nhập", "Điểm/Tối đa", "Đơn vị chủ trì", "Số minh chứng",
                        "Trạng thái"),
                  [(r.code, r.name, r.inputs or "–", score_text(r.score, r.max), r.lead, r.evidence, r.state)
                   for r in rows], (14, 40, 33, 17, 28, 14, 19), total=len(rows))
    lay.heading(doc, "IV. CHỈ SỐ BỊ MẤT ĐIỂM (NHIỀU NHẤT TRƯỚC)")
    if data.losses:
        lay.table(doc, ("TT", "Mã", "Tên chỉ số", "Điểm/Tối đa", "Mất", "Đơn vị chủ trì"),
                  [(n, x.code, x.name, score_text(x.score, x.max), x.max - x.score, x.lead)
                   for n, x in enumerate(data.losses, 1)], (10, 14, 60, 22, 14, 45), total=len(data.losses))
    else:
        lay.paragraph(doc, "Không có chỉ số nào đã có điểm mà bị mất điểm.")
    lay.heading(doc, "V. ĐƠN VỊ NỘP MUỘN, CHƯA NỘP ĐỦ")
    if data.units:
        lay.table(doc, ("Đơn vị", "Phải nộp", "Đã nộp", "Còn thiếu", "Nộp muộn", "Có người đăng ký"),
                  ((u.name, u.owed, u.submitted, max(u.owed - u.submitted, 0), u.late,
                    "Có" if u.registered else "Chưa") for u in data.units),
                  (65, 20, 20, 20, 20, 20), total=len(data.units), more=UNITS_NOTE)
    else:
        lay.paragraph(doc, "Mọi đơn vị đã nộp đủ và đúng hạn.")
    lay.heading(doc, "VI. CHỈ SỐ CHƯA CÓ MINH CHỨNG")
    if data.lacking:
        lay.table(doc, ("Mã", "Tên chỉ số", "Đơn vị chưa gửi minh chứng"),
                  [(x.code, x.name, x.units) for x in data.lacking], (16, 70, 79), total=len(data.lacking))
    else:
        lay.paragraph(doc, "Mọi số liệu đã nộp đều có minh chứng.")
    for note in data.notes:
        lay.paragraph(doc, note, italic=True)
    if data.tasks:
        lay.heading(doc, "VII. NHIỆM VỤ CỦA KẾ HOẠCH")
        lay.table(doc, ("Mã", "Nhiệm vụ", "Đơn vị", "Hạn", "Tình trạng", "Ghi chú"),
                  ((t.code, t.name, t.unit, t.due, t.status, t.note) for t in data.tasks),
                  (14, 55, 35, 18, 18, 25), total=len(data.tasks))
    lay.heading(doc, f"{'VIII' if data.tasks else 'VII'}. ĐÁNH GIÁ, KIẾN NGHỊ")
    lay.placeholder(doc, "Đánh giá chung, khó khăn, kiến nghị của cơ quan (cán bộ tự viết)")
    lay.closing(doc, data.heading)
    doc.save(out)
