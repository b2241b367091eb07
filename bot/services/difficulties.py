"""Difficulties ("khó khăn, vướng mắc") officials report to their plan's focal points, and the answers.

The plans ask for it in their closing paragraphs (Gia Lai: "gửi về Sở Thông tin và Truyền thông để tổng hợp";
the commune plan: "báo cáo, đề xuất UBND xã (qua Văn hóa xã hội xã)"). A report is stored with where to answer
its asker (``difficulties``, migration 0011); a focal point answers it once; what is still open goes into the
focal point's daily digest and into the reports (``open_difficulties``, ``difficulties_between``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session, aliased

from bot.db.models import Difficulty, Official, Unit

MAX_TEXT = 2000  # characters of a report or an answer kept (a message is read up to 2 000 characters anyway)
_ANSWERER = aliased(Official)


@dataclass(frozen=True)
class DifficultyInfo:
    """One reported difficulty as plain data."""

    id: int
    plan_id: str
    code: str
    unit: str
    asker: str
    text: str
    created_at: datetime
    channel: str
    chat_id: str
    answer: str = ""
    answered_by: str = ""
    answered_at: datetime | None = None

    @property
    def open(self) -> bool:
        return self.answered_at is None


def _query() -> Select[tuple[Difficulty, str, str, str]]:  # outer joins: each name may be None
    return (select(Difficulty, Unit.name, Official.name, _ANSWERER.name)
            .outerjoin(Unit, Unit.id == Difficulty.unit_id)
            .outerjoin(Official, Official.id == Difficulty.official_id)
            .outerjoin(_ANSWERER, _ANSWERER.id == Difficulty.answered_by))


def _info(row: Difficulty, unit: str | None, asker: str | None, answerer: str | None) -> DifficultyInfo:
    return DifficultyInfo(row.id, row.plan_id, row.code, unit or "", asker or "", row.text, row.created_at,
                          row.channel, row.chat_id, row.answer, answerer or "", row.answered_at)


def report(session: Session, plan_id: str, *, code: str, text: str, unit_id: int | None, official_id: int | None,
           channel: str, chat_id: str, now: datetime) -> DifficultyInfo:
    """Store a report (the text bounded); the caller tells the focal points."""
    row = Difficulty(plan_id=plan_id, code=code[:40], unit_id=unit_id, official_id=official_id, channel=channel,
                     chat_id=chat_id, text=text[:MAX_TEXT], created_at=now, answer="")
    session.add(row)
    session.flush()
    found = difficulty(session, row.id)
    assert found is not None
    return found


def difficulty(session: Session, difficulty_id: int) -> DifficultyInfo | None:
    row = session.execute(_query().where(Difficulty.id == difficulty_id)).first()
    return _info(*row) if row else None


def answer(session: Session, difficulty_id: int, text: str, *, by: int | None, now: datetime) -> bool:
    """Record the answer; False when it was answered already (by another focal point meanwhile): the first
    answer stands and is the one the asker was told."""
    done = session.execute(update(Difficulty).where(Difficulty.id == difficulty_id,
                                                    Difficulty.answered_at.is_(None))
                           .values(answer=text[:MAX_TEXT], answered_by=by, answered_at=now))
    return bool(getattr(done, "rowcount", 0))


def open_difficulties(session: Session, plan_id: str) -> list[DifficultyInfo]:
    """The plan's difficulties not answered yet, oldest first (the digest and the reports list them)."""
    rows = session.execute(_query().where(Difficulty.plan_id == plan_id, Difficulty.answered_at.is_(None))
                           .order_by(Difficulty.created_at, Difficulty.id))
    return [_info(*r) for r in rows]


def difficulties_between(session: Session, plan_id: str, start: datetime, end: datetime) -> list[DifficultyInfo]:
    """Difficulties reported in [start, end), with their answers (a period's report)."""
    rows = session.execute(_query().where(Difficulty.plan_id == plan_id, Difficulty.created_at >= start,
                                          Difficulty.created_at < end).order_by(Difficulty.created_at, Difficulty.id))
    return [_info(*r) for r in rows]
