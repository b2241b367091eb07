"""The periodic report draft of a plan for a quarter, a half year or a year (``dti-bot report``, /baocao): what the
collection round of the period shows (``bot.services.periods.round_for``), what changed since the previous
period, the plan's tasks and the difficulties reported. Plain rows for ``bot.reports.periodic``.

Tasks and difficulties come from ``bot.services.tasks`` and ``bot.services.difficulties`` (issue 18 items 3 and
4) through ``plan_tasks`` and ``difficulties`` here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import RoundValue, ValueVersion
from bot.reports.export import STATE_LABELS
from bot.reports.periodic import Change, Difficulty, IndicatorDone, Periodic, Target, TaskLine, UnitDone, write
from bot.services.assessment import plan_heading
from bot.services.periods import Period, round_for
from bot.services.rounds import RoundInfo, aware
from bot.services.scores import cached_status, references
from bot.services.status import RoundStatus
from bot.services.values import COUNTED


@dataclass(frozen=True)
class Written:
    """What ``dti-bot report --json`` prints."""

    docx: str
    period: str
    units: int
    tasks_done: int
    tasks_overdue: int
    difficulties: int
    round: RoundInfo | None = None

    def to_json(self) -> dict[str, Any]:
        return {"docx": self.docx, "period": self.period, "units": self.units, "tasks_done": self.tasks_done,
                "tasks_overdue": self.tasks_overdue, "difficulties": self.difficulties}


TASK_STATES = {"todo": "chưa làm", "doing": "đang làm", "done": "xong"}


def plan_tasks(session: Session, kb: Any, plan_id: str, period: Period, *, today: date, tz: tzinfo
               ) -> tuple[list[TaskLine], list[TaskLine]]:
    """(tasks marked done within the period, tasks not done past their due date at the period's end — or today,
    for the period still running) of the plan, per owning unit (``bot.services.tasks``)."""
    from bot.services.tasks import DONE, tasks_of_plan

    start, end = _utc_span(period, tz)
    done, overdue = [], []
    for t in tasks_of_plan(session, kb, plan_id, today=min(today, period.end)):
        line = TaskLine(t.code, t.name, t.unit, t.due, TASK_STATES.get(t.status, t.status), t.done_at,
                        "; ".join(x for x in (t.note, t.proof_link) if x))
        if t.status == DONE and t.done_at is not None and start <= aware(t.done_at) < end:
            done.append(line)
        elif t.overdue:
            overdue.append(line)
    return done, overdue


def difficulties(session: Session, plan_id: str, period: Period, *, tz: tzinfo) -> list[Difficulty]:
    """The difficulties reported within the period (``/vuongmac``) with their answers, oldest first."""
    from bot.services.difficulties import difficulties_between

    start, end = _utc_span(period, tz)
    return [Difficulty(d.code, d.unit, d.asker, d.created_at, d.text, d.answer, d.answered_at)
            for d in difficulties_between(session, plan_id, start, end)]


def _utc_span(period: Period, tz: tzinfo) -> tuple[datetime, datetime]:
    """The period's first moment and the moment after its last day, in the bot's time zone, as UTC."""
    start = datetime.combine(period.start, time(0), tz).astimezone(UTC)
    end = datetime.combine(period.end + timedelta(days=1), time(0), tz).astimezone(UTC)
    return start, end


def entered_within(session: Session, round_id: int, start: datetime, end: datetime) -> dict[str, tuple[int, int]]:
    """Indicator → (versions entered between ``start`` and ``end``, units that entered them)."""
    query = (
        select(RoundValue.indicator, func.count(ValueVersion.id), func.count(func.distinct(RoundValue.unit_id)))
        .join(RoundValue, RoundValue.id == ValueVersion.value_id)
        .where(RoundValue.round_id == round_id, ValueVersion.created_at >= start, ValueVersion.created_at < end)
        .group_by(RoundValue.indicator)
    )
    return {code: (int(n), int(units)) for code, n, units in session.execute(query)}


def counted_units(session: Session, round_id: int) -> dict[str, int]:
    """Indicator → how many units' parts count (submitted or approved)."""
    query = (select(RoundValue.indicator, func.count()).where(RoundValue.round_id == round_id,
                                                              RoundValue.state.in_(COUNTED))
             .group_by(RoundValue.indicator))
    return {code: int(n) for code, n in session.execute(query)}


def _changes(session: Session, status: RoundStatus, before: RoundStatus | None, period: Period,
             tz: tzinfo) -> tuple[list[Change], str]:
    start, end = _utc_span(period, tz)
    entered = entered_within(session, status.round.id, start, end)
    old = {i.code: i.score for i in before.indicators} if before is not None else {}
    rows = []
    for ind in status.indicators:
        versions, units = entered.get(ind.code, (0, 0))
        previous = old.get(ind.code)
        if versions or (before is not None and previous != ind.score):
            rows.append(Change(ind.code, ind.name, versions, units, previous, ind.score))
    if before is None:
        note = (f"Trong {period.label} có {sum(v for v, _ in entered.values())} lần nhập số liệu ở "
                f"{len(entered)} chỉ số; kỳ trước không có đợt thu thập riêng để so sánh điểm.")
    else:
        note = (f"So với đợt kỳ {before.round.period}: tổng điểm từ {_pts(before.total.score)} lên "
                f"{_pts(status.total.score)}; trong {period.label} có {sum(v for v, _ in entered.values())} lần "
                f"nhập số liệu ở {len(entered)} chỉ số.")
    return rows, note


def _pts(score: float | None) -> str:
    from scoring.numbers import fmt_num

    return "–" if score is None else fmt_num(score)


def _targets(kb: Any, status: RoundStatus) -> list[Target]:
    out = []
    for ind in status.indicators:
        a = kb.assignment(status.round.plan, ind.code)
        if a is None or not (a.target or a.baseline):
            continue
        baseline = f"{a.baseline} ({a.baseline_year})" if a.baseline and a.baseline_year else a.baseline
        out.append(Target(ind.code, ind.name, baseline, a.target, ind.score, ind.max))
    return out


def periodic(session: Session, kb: Any, plan_id: str, period: Period, *, now: datetime, tz: tzinfo) -> Periodic:
    """The report's rows. Without a round for the period the data sections say so; tasks and difficulties are
    still listed."""
    plan = kb.plan(plan_id)
    info = round_for(session, plan_id, period)
    status = cached_status(session, kb, info) if info is not None else None
    earlier = round_for(session, plan_id, period.previous())
    before = cached_status(session, kb, earlier) if earlier is not None and info is not None \
        and earlier.id != info.id else None
    done, overdue = plan_tasks(session, kb, plan_id, period, today=now.astimezone(tz).date(), tz=tz)
    asked = difficulties(session, plan_id, period, tz=tz)
    heading = plan_heading(kb, plan_id, f"Kết quả thực hiện {plan.label} – {period.label}")
    facts = [f"Kế hoạch: {plan.name} ({plan.document}).", f"Kỳ báo cáo: {period.label} "
             f"(từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y})."]
    notes: list[str] = []
    if status is None or info is None:
        facts.append("Kế hoạch chưa có đợt thu thập số liệu nào cho kỳ này: các mục số liệu để trống.")
        return Periodic(heading, facts, [], 0, [], [], "Chưa có số liệu.", [], done, overdue, asked, (None, None),
                        [], [], notes)
    facts.append(f"Số liệu lấy từ đợt thu thập kỳ {info.period} (hạn nộp {info.due:%d/%m/%Y}, "
                 f"{'đang mở' if info.state == 'open' else 'đã đóng'}), lập lúc "
                 f"{now.astimezone(tz):%H:%M ngày %d/%m/%Y}.")
    units = [UnitDone(u.name, u.owed, u.submitted, u.late) for u in status.units if u.owed]
    units.sort(key=lambda u: (u.submitted - u.owed, u.name))
    counted = counted_units(session, info.id)
    indicators = [IndicatorDone(i.code, i.name, counted.get(i.code, 0), i.score, i.max,
                                STATE_LABELS.get(i.state, i.state)) for i in status.indicators]
    changes, note = _changes(session, status, before, period, tz)
    late = sorted((u for u in units if u.late), key=lambda u: (-u.late, u.name))
    compared = [f"{r.label}: {_pts(r.score)} điểm" for r in references(kb, plan_id, "") if r.score is not None]
    return Periodic(heading, facts, units, sum(1 for u in units if u.submitted >= u.owed), indicators, changes,
                    note, late, done, overdue, asked, (status.total.score, status.total.max), compared,
                    _targets(kb, status), notes)


def write_periodic(session: Session, kb: Any, plan_id: str, period: Period, target: str | Path | Any, *,
                   now: datetime, tz: tzinfo) -> Written:
    """Write the draft to ``target`` (a path, or a binary stream) and say what it holds."""
    data = periodic(session, kb, plan_id, period, now=now, tz=tz)
    write(target, data)
    info = round_for(session, plan_id, period)
    return Written(str(target) if isinstance(target, str | Path) else "", period.key, len(data.units),
                   len(data.tasks_done), len(data.tasks_overdue), len(data.difficulties), info)
