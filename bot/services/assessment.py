"""What the self-assessment report says, from a round's status: the plan and round, scores against maximum, every
indicator's line, losses with their owners, late and missing units, indicators without evidence. Plain rows for
``bot.reports.self_assessment``; the heading (issuing body, number and date placeholders) is shared with the
periodic reports (``plan_heading``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, tzinfo
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Unit
from bot.reports.docx_layout import Heading, province_of
from bot.reports.export import STATE_LABELS, inputs_text
from bot.reports.self_assessment import (
    Assessment,
    IndicatorLine,
    LackLine,
    LossLine,
    PillarRow,
    TaskRow,
    UnitLine,
    write,
)
from bot.services.duties import input_choices, plan_book, shown_inputs
from bot.services.rounds import aware
from bot.services.scores import losses
from bot.services.status import RoundStatus

UNITS_NAMED = 5  # units named per indicator without evidence; the rest counted


def plan_heading(kb: Any, plan_id: str, subtitle: str, *, kind: str = "BC") -> Heading:
    """The header block for a report of the plan's focal unit: the province's People's Committee above it, the
    number and date left for the office to fill in, "Nơi nhận" with the usual lines."""
    plan = kb.plan(plan_id)
    place = province_of(plan.short_name, plan.name)
    issuer = plan.focal_point or "[Cơ quan ban hành]"
    return Heading(
        superior=f"UBND {place}" if place else "",
        issuer=issuer,
        number=f"Số:        /{kind}-……",
        place_date=f"{place.split(' ', 1)[-1] if place else '……'}, ngày …… tháng …… năm ……",
        title="BÁO CÁO",
        subtitle=subtitle,
        recipients=("- [Cơ quan nhận báo cáo];", "- UBND " + (place or "……") + " (b/c);", "- Lưu: VT, ……"),
        signer=("THỦ TRƯỞNG CƠ QUAN",),
    )


def day_text(iso: str) -> str:
    """"01/02/2024" for "2024-02-01"; another text (a month, "…") as written."""
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def pillar_names(kb: Any, plan_id: str) -> dict[str, str]:
    framework = kb.frameworks[kb.plan(plan_id).framework]
    return {i.code: i.name for i in framework.indicators if "." not in i.code}


def pillar_rows(kb: Any, status: RoundStatus) -> tuple[PillarRow, list[PillarRow]]:
    names = pillar_names(kb, status.round.plan)
    t = status.total
    return (PillarRow("", "Tổng", t.score, t.max, t.complete),
            [PillarRow(p.code, names.get(p.code, ""), p.score, p.max, p.complete) for p in status.pillars])


def unit_lines(status: RoundStatus) -> list[UnitLine]:
    """Units that owe more than they gave, or gave late: the most missing first."""
    rows = [UnitLine(u.name, u.owed, u.submitted, u.late, u.registered) for u in status.units
            if u.owed and (u.submitted < u.owed or u.late)]
    return sorted(rows, key=lambda u: (u.submitted - u.owed, -u.late, u.name))


def unit_names(session: Session, plan_id: str) -> dict[int, str]:
    return {uid: name for uid, name in session.execute(select(Unit.id, Unit.name).where(Unit.plan_id == plan_id))}


def lack_lines(status: RoundStatus, lacking: Mapping[str, Sequence[int]], names: Mapping[int, str]) -> list[LackLine]:
    titles = {i.code: i.name for i in status.indicators}
    out = []
    for code, units in lacking.items():
        shown = sorted(names.get(u, str(u)) for u in units)
        text = ", ".join(shown[:UNITS_NAMED]) + (f" và {len(shown) - UNITS_NAMED} đơn vị khác"
                                                  if len(shown) > UNITS_NAMED else "")
        out.append(LackLine(code, titles.get(code, ""), text))
    return out


def assessment(session: Session, kb: Any, status: RoundStatus, evidence: Mapping[str, int],
               lacking: Mapping[str, Sequence[int]], *, now: datetime, tz: tzinfo,
               notes: Sequence[str] = ()) -> Assessment:
    info = status.round
    plan = kb.plan(info.plan)
    book = plan_book(kb, info.plan)
    total, pillars = pillar_rows(kb, status)
    per_pillar: dict[str, list[IndicatorLine]] = {}
    for ind in status.indicators:
        a = kb.assignment(info.plan, ind.code)
        shown = inputs_text(shown_inputs(input_choices(book, ind.code), ind.inputs))
        per_pillar.setdefault(ind.code.split(".")[0], []).append(IndicatorLine(
            ind.code, ind.name, shown, ind.score, ind.max, a.lead_text if a else "", evidence.get(ind.code, 0),
            STATE_LABELS.get(ind.state, ind.state)))
    lost = [LossLine(x.code, x.name, x.score, x.max, x.lead) for x in losses(kb, status)]
    facts = [f"Kế hoạch: {plan.name} ({plan.document}, ban hành {day_text(plan.issued)}).",
             f"Đợt thu thập số liệu: kỳ {info.period}, hạn nộp {info.due:%d/%m/%Y}"
             + (f", văn bản khảo sát ngày {info.letter_date:%d/%m/%Y}" if info.letter_date else "")
             + f"; hạn gửi minh chứng {info.evidence_due:%d/%m/%Y}; trạng thái: "
             + ("đang mở" if info.state == "open" else "đã đóng") + ".",
             f"Số chỉ số của đợt: {len(status.indicators)}; số đơn vị phải nộp: "
             f"{sum(1 for u in status.units if u.owed)}.",
             f"Số liệu lập lúc {aware(now).astimezone(tz):%H:%M ngày %d/%m/%Y} từ hệ thống trợ lý DTI; số liệu "
             "chi tiết của từng đơn vị ở tệp so-lieu.xlsx, minh chứng ở thư mục minh-chung (mục lục: muc-luc.csv)."]
    heading = plan_heading(kb, info.plan, f"Tự đánh giá Chỉ số chuyển đổi số – {plan.label}, kỳ {info.period}")
    return Assessment(heading, facts, total, pillars, per_pillar, lost, unit_lines(status),
                      lack_lines(status, lacking, unit_names(session, info.plan)), list(notes),
                      task_rows(session, kb, info.plan, aware(now).astimezone(tz).date()))


def task_rows(session: Session, kb: Any, plan_id: str, today: date) -> list[TaskRow]:
    """The plan's tasks per owning unit with where each stands today (``bot.services.tasks``)."""
    from bot.services.periodic import TASK_STATES
    from bot.services.tasks import tasks_of_plan

    return [TaskRow(t.code, t.name, t.unit, t.due.strftime("%d/%m/%Y") if t.due else t.deadline,
                    TASK_STATES.get(t.status, t.status) + (" (quá hạn)" if t.overdue else ""),
                    "; ".join(x for x in (t.note, t.proof_link) if x))
            for t in tasks_of_plan(session, kb, plan_id, today=today)]


def write_report(out: IO[bytes], session: Session, kb: Any, status: RoundStatus, evidence: Mapping[str, int],
                 lacking: Mapping[str, Sequence[int]], *, now: datetime, tz: tzinfo, notes: Sequence[str] = ()) -> None:
    """The self-assessment .docx of ``status``'s round, written to ``out``."""
    write(out, assessment(session, kb, status, evidence, lacking, now=now, tz=tz, notes=notes))
