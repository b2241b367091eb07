"""What the charts and the Excel report show, from a round's status: pillar bars (with the plan province's
published record as the previous year), completeness by unit, an indicator over the plan's rounds, and the rows
of the report workbook. Plain data in, the drawing and writing are ``bot.reports``'s.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import EvidenceFile, Official, Round, RoundValue, Unit, ValueVersion
from bot.reports.charts import Bar, Progress
from bot.reports.export import EvidenceRow, IndicatorRow, PartRow, UnitRow, write_report
from bot.services.rounds import RoundInfo
from bot.services.scores import cached_status, references
from bot.services.status import RoundStatus, round_status


def own_record_label(kb: Any, plan_id: str) -> str:
    """"Gia Lai 2022" for the Gia Lai plan: the published record of the plan's own province, or ""."""
    own = [r for r in references(kb, plan_id, "") if r.own]
    return own[0].label if own else ""


def pillar_bars(kb: Any, status: RoundStatus) -> list[Bar]:
    """One bar per pillar: the score now, its maximum, and the plan province's published score where known."""
    plan_id = status.round.plan
    framework = kb.frameworks[kb.plan(plan_id).framework]
    names = {i.code: i.name for i in framework.indicators}
    bars = []
    for p in status.pillars:
        previous = next((r.score for r in references(kb, plan_id, p.code) if r.own), None)
        bars.append(Bar(f"{p.code}. {names.get(p.code, '')}", p.score, p.max, previous))
    return bars


PROGRESS_BARS = 15  # a province has thousands of units: the chart shows the furthest behind


def progress(status: RoundStatus, limit: int = PROGRESS_BARS) -> list[Progress]:
    """Units' owed, submitted and late counts, the furthest behind first, at most ``limit`` of them."""
    rows = [Progress(u.name, u.owed, u.submitted, u.late) for u in status.units if u.owed]
    return sorted(rows, key=lambda p: (p.submitted / p.owed, p.unit))[:limit]


def indicator_history(session: Session, kb: Any, plan_id: str, code: str) -> list[tuple[str, float | None]]:
    """The indicator's score in each of the plan's rounds, oldest first."""
    out = []
    for row in session.scalars(select(Round).where(Round.plan_id == plan_id).order_by(Round.opened_at, Round.id)):
        info = RoundInfo.of(row)
        if code not in info.indicators:
            continue
        status = cached_status(session, kb, info)
        out.append((info.period, next((i.score for i in status.indicators if i.code == code), None)))
    return out


def report(session: Session, kb: Any, info: RoundInfo) -> bytes:
    """The round's workbook: indicators, parts per unit and version, completeness per unit, evidence."""
    status = round_status(session, kb, info, parts=True)
    indicators = []
    for ind in status.indicators:
        a = kb.assignment(info.plan, ind.code)
        indicators.append(IndicatorRow(ind.code, ind.name, ind.code.split(".")[0], ind.max, ind.score, ind.inputs,
                                       a.lead_text if a else "", ind.state, any(p.late for p in ind.parts)))
    parts = [PartRow(ind.code, p.unit, p.version or 0, p.inputs, p.state, p.by or "", p.at, p.late)
             for ind in status.indicators for p in ind.parts if p.version is not None]
    units = [UnitRow(u.name, u.owed, u.submitted, u.late) for u in status.units]
    return write_report(indicators, parts, units, evidence_rows(session, info.id))


def evidence_rows(session: Session, round_id: int) -> list[EvidenceRow]:
    query = (
        select(RoundValue.indicator, Unit.name, ValueVersion.number, EvidenceFile.name, Official.name,
               EvidenceFile.created_at)
        .join(ValueVersion, ValueVersion.id == EvidenceFile.version_id)
        .join(RoundValue, RoundValue.id == ValueVersion.value_id)
        .join(Unit, Unit.id == RoundValue.unit_id)
        .outerjoin(Official, Official.id == EvidenceFile.official_id)
        .where(RoundValue.round_id == round_id)
        .order_by(RoundValue.indicator, Unit.name, ValueVersion.number, EvidenceFile.id)
    )
    return [EvidenceRow(c, u, n, f, by or "", at) for c, u, n, f, by, at in session.execute(query)]
