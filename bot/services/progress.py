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

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from bot.db.models import EvidenceFile, Membership, RoundValue, Unit
from bot.services.rounds import RoundInfo
from bot.services.scores import fingerprint, membership_mark
from bot.services.status import owed_by_unit, registered_units
from bot.services.values import COUNTED


class UnitProgress(NamedTuple):
    """One unit's line (a named tuple: ten thousand are made at each recount, and a frozen dataclass costs a
    ``__setattr__`` per field)."""

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
    units: list[UnitProgress]  # every unit owing something
    needing: list[UnitProgress] = field(default_factory=list)  # the units needing action, in that order
    done_units: int = 0  # units that entered everything they owe
    lacking_units: int = 0  # units with counted parts still lacking evidence


_CACHE: dict[Any, Any] = {}
_LOCK = threading.Lock()
CACHED = 32  # entries kept (summaries and owed counts of a few rounds); the oldest goes first


def _cached(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    with _LOCK:
        hit = _CACHE.get(key[0])
    if hit is not None and hit[0] == key:
        return hit[1]
    value = compute()
    with _LOCK:
        _CACHE[key[0]] = (key, value)
        while len(_CACHE) > CACHED:
            del _CACHE[next(iter(_CACHE))]
    return value


@dataclass
class _Tally:
    """A round's parts counted per unit (by state; late; lacking evidence), kept between summaries and brought up
    to date by re-reading only the units whose parts changed since (``updated_at`` from ``newest`` less
    ``MARGIN``, versions after ``latest``, evidence files after ``files``)."""

    newest: Any
    latest: Any
    files: Any
    counts: dict[int, dict[str, int]] = field(default_factory=dict)
    late_parts: dict[int, int] = field(default_factory=dict)
    lacking: dict[int, int] = field(default_factory=dict)

    def read(self, session: Session, round_id: int, unit_ids: list[int] | None) -> None:
        """(Re)count the parts of ``unit_ids`` (None: every unit) in one pass over them."""
        files = select(EvidenceFile.version_id).distinct().subquery()
        late_sum = func.sum(case((RoundValue.late, 1), else_=0))
        bare_sum = func.sum(case((files.c.version_id.is_(None), 1), else_=0))
        query = (select(RoundValue.unit_id, RoundValue.state, func.count(), late_sum, bare_sum)
                 .outerjoin(files, files.c.version_id == RoundValue.latest_id)
                 .where(RoundValue.round_id == round_id).group_by(RoundValue.unit_id, RoundValue.state))
        if unit_ids is not None:
            query = query.where(RoundValue.unit_id.in_(unit_ids))
            for unit_id in unit_ids:
                self.counts.pop(unit_id, None)
                self.late_parts.pop(unit_id, None)
                self.lacking.pop(unit_id, None)
        for unit_id, state, n, lates, bare in session.execute(query):
            self.counts.setdefault(unit_id, {})[state] = int(n)
            if state in COUNTED:
                self.late_parts[unit_id] = self.late_parts.get(unit_id, 0) + int(lates or 0)
                if bare:
                    self.lacking[unit_id] = self.lacking.get(unit_id, 0) + int(bare)


MARGIN = timedelta(minutes=2)  # a change committed late (a slow transaction) is still seen at the next summary
FEW = 2000  # more units changed than this: every unit is counted again


def _tally(session: Session, round_id: int, units_mark: tuple[Any, ...]) -> _Tally:
    newest, latest = fingerprint(session, round_id)
    files = session.scalar(select(func.max(EvidenceFile.id)))
    key = ("tally", units_mark[0], round_id)
    with _LOCK:
        hit = _CACHE.get(key)
    tally: _Tally | None = hit[1] if hit is not None and hit[0] == (key, *units_mark) else None
    if tally is None or tally.newest is None or tally.latest is None:
        tally = _Tally(newest, latest, files)
        tally.read(session, round_id, None)
    elif (newest, latest, files) != (tally.newest, tally.latest, tally.files):
        changed = set(session.scalars(select(RoundValue.unit_id).where(
            RoundValue.round_id == round_id,
            or_(RoundValue.updated_at >= tally.newest - MARGIN, RoundValue.latest_id > tally.latest)).distinct()))
        if files != tally.files:
            changed.update(session.scalars(
                select(RoundValue.unit_id).join(EvidenceFile, EvidenceFile.version_id == RoundValue.latest_id)
                .where(RoundValue.round_id == round_id, EvidenceFile.id > (tally.files or 0)).distinct()))
        # shallow copies: ``read`` replaces a changed unit's counts, never changes them in place, and the cached
        # tally may be read by another thread meanwhile
        fresh = _Tally(newest, latest, files, dict(tally.counts), dict(tally.late_parts), dict(tally.lacking))
        fresh.read(session, round_id, sorted(changed) if len(changed) <= FEW else None)
        tally = fresh
    with _LOCK:
        _CACHE[key] = ((key, *units_mark), tally)
    return tally


def summary(session: Session, kb: Any, info: RoundInfo, today: date) -> Summary:
    """The round's summary on ``today`` (the bot's day: lateness is counted from the due date), kept in a small
    in-process cache as the scores are (``scores.fingerprint``): recomputed after any value, evidence file,
    registration, unit or group change, or on another day. Checking costs a few index look-ups; who owes what
    (``owed_by_unit``, the costly part) is kept apart, recomputed only when units or groups change."""
    units_mark = membership_mark(session, info.plan)
    registered_mark = session.execute(select(func.count(), func.max(Membership.id))
                                      .join(Unit, Unit.id == Membership.unit_id).where(Unit.plan_id == info.plan)).one()
    files_mark = session.scalar(select(func.max(EvidenceFile.id)))
    where = str(session.get_bind().engine.url)  # ids and clocks repeat across databases (tests, a staging copy)
    key = (("summary", where, info.id), info, today, *fingerprint(session, info.id), *units_mark, *registered_mark,
           files_mark, id(kb))
    return _cached(key, lambda: _summary(session, kb, info, today, (where, *units_mark)))  # type: ignore[no-any-return]


def _summary(session: Session, kb: Any, info: RoundInfo, today: date, units_mark: tuple[Any, ...]) -> Summary:
    owed: dict[int, tuple[str, int]] = _cached((("owed", units_mark[0], info.id), info.plan, info.indicators,
                                                *units_mark, id(kb)),
                                               lambda: owed_by_unit(session, kb, info))
    tally = _tally(session, info.id, units_mark)
    counts, late_parts, lacking = tally.counts, tally.late_parts, tally.lacking
    registered = registered_units(session, info.plan)
    past_due = today > info.due and info.state == "open"
    evidence_past = today > info.evidence_due
    units: list[UnitProgress] = []
    needing: list[tuple[tuple[int, int, int, int, str], int]] = []
    owing = entered_all = waiting_all = returned_all = approved_all = late_units = nobody = done = bare_units = 0
    none: dict[str, int] = {}
    for unit_id, (name, n) in owed.items():  # one plain loop: a province has ten thousand units
        mine = counts.get(unit_id, none)
        waiting, approved, returned = mine.get("submitted", 0), mine.get("approved", 0), mine.get("returned", 0)
        entered = waiting + approved
        bare = lacking.get(unit_id, 0)
        late = past_due and entered < n
        known = unit_id in registered
        unit = UnitProgress(unit_id, name, n, entered, waiting, returned, approved, late_parts.get(unit_id, 0),
                            late, known, bare, evidence_past and bare > 0)
        if waiting or late or returned or (n and not known) or unit.evidence_late:
            needing.append(((-(waiting > 0), -late, -(returned > 0), -(not known), name), len(units)))
        units.append(unit)
        owing += n
        entered_all += entered
        waiting_all += waiting
        returned_all += returned
        approved_all += approved
        late_units += late
        nobody += bool(n and not known)
        done += bool(n and entered >= n)
        bare_units += bare > 0
    needing.sort()
    return Summary(info, owing, entered_all, waiting_all, returned_all, approved_all, late_units, nobody,
                   sum(lacking.values()), units, [units[i] for _, i in needing], done, bare_units)
