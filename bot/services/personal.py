"""What a question about "my" round needs: the asker's units of the plan, the plan's open rounds, and for each of
the asker's units in each open round what it owes and the state of each part.

Questions such as "hạn nộp số liệu là ngày nào", "hạn nộp minh chứng là khi nào", "đơn vị tôi còn thiếu chỉ số
nào" are answered from this, never from an indicator's deadline in the plan ("Hàng năm"): the asker's own round
decides. Plain data over the turn's session (``entry.memberships``, ``entry.owed_by``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Round
from bot.services.entry import Member, Owed, memberships, owed_by
from bot.services.rounds import RoundInfo

STILL_OWED = frozenset({"empty", "draft", "returned"})  # a part not (or no longer) in


@dataclass(frozen=True)
class UnitRound:
    """One of the asker's units in one open round: what it owes, each with its part's state."""

    member: Member
    round: RoundInfo
    owed: list[Owed]

    @property
    def missing(self) -> list[Owed]:
        return [o for o in self.owed if o.state in STILL_OWED]

    @property
    def entered(self) -> list[Owed]:
        return [o for o in self.owed if o.state != "empty"]


@dataclass(frozen=True)
class Asker:
    """The asker's registrations with the plan and its open rounds (none when nobody opened one)."""

    members: list[Member]
    rounds: list[RoundInfo]
    units: list[UnitRound] = field(default_factory=list)

    @property
    def registered(self) -> bool:
        return bool(self.members)


def open_rounds(session: Session, plan_id: str) -> list[RoundInfo]:
    """The plan's open collection rounds, the earliest due first."""
    rows = session.scalars(select(Round).where(Round.plan_id == plan_id, Round.state == "open")
                           .order_by(Round.due, Round.id))
    return [RoundInfo.of(r) for r in rows]


def asker(session: Session, kb: Any, channel: str, user_id: str, plan_id: str) -> Asker:
    """Who is asking (their units of ``plan_id``) and, for each of their units in each open round, what it owes."""
    members = memberships(session, channel, user_id, plan_id)
    rounds = open_rounds(session, plan_id) if members else []
    units = [UnitRound(m, info, owed_by(session, kb, info, m.unit_id))
             for info in rounds for m in {m.unit_id: m for m in members}.values()]
    return Asker(members, rounds, units)
