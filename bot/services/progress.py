"""A round's progress on one phone screen: the counts (parts owed, entered, returned, approved; units late and
units nobody is registered with) and the units that need the focal point's action, most pressing first.

No scoring here: the summary reads who owes how many parts (``status.owed_by_unit``: the same reporting as the
full status), one grouped query of the parts by unit and state, and the registered units. A province's round has
ten thousand member units; the screen is asked for every time someone types /tiendo.

A unit needs action when it has values waiting for review, is late (past the due date and still owing), has
returned values not entered again, owes values and nobody is registered with it, or still lacks evidence files
after the evidence deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.db.models import EvidenceFile, RoundValue
from bot.services.rounds import RoundInfo
from bot.services.status import owed_by_unit, registered_units
from bot.services.values import COUNTED


@dataclass(frozen=True)
class UnitProgress:
    unit_id: int
    name: str
    owed: int
    entered: int  # parts submitted or approved (they count)
    waiting: int  # submitted, waiting for review
    returned: int
    approved: int
    late_parts: int  # parts entered after the due date
    late: bool  # past the due date and still owing
    registered: bool
    lacking: int = 0  # counted parts without an evidence file
    evidence_late: bool = False  # ... and the evidence deadline has passed


    @property
    def needs_action(self) -> bool:
        return bool(self.waiting or self.late or self.returned or (self.owed and not self.registered)
                    or self.evidence_late)

    @property
    def urgency(self) -> tuple[int, int, int, int]:
        """Sort key: values to review first, then late, returned, nobody registered."""
        return (-min(self.waiting, 1), -int(self.late), -min(self.returned, 1), -int(not self.registered))

    @property
    def missing(self) -> int:
        return max(0, self.owed - self.entered)


@dataclass(frozen=True)
class Summary:
    round: RoundInfo
    owed: int
    entered: int
    waiting: int
    returned: int
    approved: int
    late_units: int
    nobody_units: int
    lacking: int  # counted parts without an evidence file
    units: list[UnitProgress]  # every unit owing something, those needing action first (then by name)

    @property
    def needing(self) -> list[UnitProgress]:
        return [u for u in self.units if u.needs_action]

    @property
    def done_units(self) -> int:
        return sum(1 for u in self.units if u.owed and u.entered >= u.owed)


def summary(session: Session, kb: Any, info: RoundInfo, today: date) -> Summary:
    """The round's summary on ``today`` (the bot's day: lateness is counted from the due date)."""
    owed = owed_by_unit(session, kb, info)
    counts: dict[int, dict[str, int]] = {}
    late_parts: dict[int, int] = {}
    late_sum = func.sum(case((RoundValue.late, 1), else_=0))
    for unit_id, state, n, lates in session.execute(
        select(RoundValue.unit_id, RoundValue.state, func.count(), late_sum)
        .where(RoundValue.round_id == info.id).group_by(RoundValue.unit_id, RoundValue.state)
    ):
        counts.setdefault(unit_id, {})[state] = int(n)
        if state in COUNTED:
            late_parts[unit_id] = late_parts.get(unit_id, 0) + int(lates or 0)
    registered = registered_units(session, info.plan)
    has_file = select(EvidenceFile.id).where(EvidenceFile.version_id == RoundValue.latest_id).exists()
    lacking = {int(u): int(n) for u, n in session.execute(
        select(RoundValue.unit_id, func.count()).where(RoundValue.round_id == info.id,
                                                       RoundValue.state.in_(COUNTED), ~has_file)
        .group_by(RoundValue.unit_id))}
    past_due = today > info.due and info.state == "open"
    evidence_past = today > info.evidence_due
    units = []
    for unit_id, (name, n) in owed.items():
        mine = counts.get(unit_id, {})
        entered = sum(mine.get(s, 0) for s in COUNTED)
        units.append(UnitProgress(unit_id, name, n, entered, mine.get("submitted", 0), mine.get("returned", 0),
                                  mine.get("approved", 0), late_parts.get(unit_id, 0),
                                  past_due and entered < n, unit_id in registered, lacking.get(unit_id, 0),
                                  evidence_past and lacking.get(unit_id, 0) > 0))
    units.sort(key=lambda u: (not u.needs_action, u.urgency, u.name))
    return Summary(info, sum(u.owed for u in units), sum(u.entered for u in units),
                   sum(u.waiting for u in units), sum(u.returned for u in units), sum(u.approved for u in units),
                   sum(1 for u in units if u.late), sum(1 for u in units if u.owed and not u.registered),
                   sum(lacking.values()), units)
