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

import bisect
import itertools
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
    needing: list[UnitProgress] = field(default_factory=list)  # the first units needing action, in that order
    done_units: int = 0  # units that entered everything they owe
    lacking_units: int = 0  # units with counted parts still lacking evidence
    needing_count: int = 0  # how many units need action


_CACHE: dict[Any, Any] = {}
_LOCK = threading.Lock()
_SERIALS = itertools.count(1)
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
    serial: int = field(default_factory=lambda: next(_SERIALS))
    parent: int | None = None  # the tally this one was brought up to date from
    changed: frozenset[int] | None = None  # the units re-read to do it (None: every unit)

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
        few = len(changed) <= FEW
        fresh = _Tally(newest, latest, files, dict(tally.counts), dict(tally.late_parts), dict(tally.lacking),
                       parent=tally.serial, changed=frozenset(changed) if few else None)
        fresh.read(session, round_id, sorted(changed) if few else None)
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
    return _cached(key, lambda: _summary(session, kb, info, today, (where, *units_mark),  # type: ignore[no-any-return]
                                         tuple(registered_mark)))


NEEDING_KEPT = 50  # units needing action kept in order in a summary (the screen shows six; the count is kept)
Key = tuple[int, int, int, int, str, int]  # the needing order: review, late, returned, nobody registered, name, id


@dataclass
class _Built:
    """A summary's units as built from one tally, kept so that the next summary rebuilds only the units that
    changed (``params``: what every unit's line also depends on)."""

    params: tuple[Any, ...]
    serial: int
    units: dict[int, UnitProgress]
    order: list[Key]  # the units needing action, sorted
    keys: dict[int, Key]
    shares: dict[int, tuple[int, ...]]  # each unit's share of the totals
    totals: list[int]  # owed, entered, waiting, returned, approved, late units, nobody, done, lacking units


def _line(unit_id: int, name: str, n: int, tally: _Tally, registered: set[int], past_due: bool,
          evidence_past: bool) -> tuple[UnitProgress, Key | None, tuple[int, ...]]:
    """One unit's line, its place among the units needing action (None: it needs none), its share of the totals."""
    mine = tally.counts.get(unit_id, _NONE)
    waiting, approved, returned = mine.get("submitted", 0), mine.get("approved", 0), mine.get("returned", 0)
    entered = waiting + approved
    bare = tally.lacking.get(unit_id, 0)
    late = past_due and entered < n
    known = unit_id in registered
    unit = UnitProgress(unit_id, name, n, entered, waiting, returned, approved, tally.late_parts.get(unit_id, 0),
                        late, known, bare, evidence_past and bare > 0)
    needs = waiting or late or returned or (n and not known) or unit.evidence_late
    key = (-(waiting > 0), -late, -(returned > 0), -(not known), name, unit_id) if needs else None
    return unit, key, (n, entered, waiting, returned, approved, int(late), int(bool(n and not known)),
                       int(bool(n and entered >= n)), int(bare > 0))


_NONE: dict[str, int] = {}


def _build(session: Session, info: RoundInfo, today: date, owed: dict[int, tuple[str, int]], tally: _Tally,
           params: tuple[Any, ...], kept: _Built | None) -> _Built:
    """The units' lines from ``tally``: only the units it re-read when ``kept`` was built from its parent with the
    same ``params``, else every unit (one plain loop: a province has ten thousand)."""
    registered = registered_units(session, info.plan)
    past_due = today > info.due and info.state == "open"
    evidence_past = today > info.evidence_due
    if kept is not None and kept.params == params and kept.serial == tally.serial:
        return kept
    if kept is not None and kept.params == params and kept.serial == tally.parent and tally.changed is not None:
        built = _Built(params, tally.serial, dict(kept.units), list(kept.order), dict(kept.keys), dict(kept.shares),
                       list(kept.totals))
        for unit_id in tally.changed:
            if unit_id not in owed:
                continue
            old_key = built.keys.pop(unit_id, None)
            if old_key is not None:
                del built.order[bisect.bisect_left(built.order, old_key)]
            unit, key, share = _line(unit_id, *owed[unit_id], tally, registered, past_due, evidence_past)
            built.totals = [t - a + b for t, a, b in zip(built.totals, built.shares[unit_id], share, strict=True)]
            built.units[unit_id], built.shares[unit_id] = unit, share
            if key is not None:
                built.keys[unit_id] = key
                bisect.insort(built.order, key)
        return built
    built = _Built(params, tally.serial, {}, [], {}, {}, [0] * 9)
    totals = built.totals
    for unit_id, (name, n) in owed.items():
        unit, key, share = _line(unit_id, name, n, tally, registered, past_due, evidence_past)
        built.units[unit_id], built.shares[unit_id] = unit, share
        if key is not None:
            built.keys[unit_id] = key
            built.order.append(key)
        for i, v in enumerate(share):
            totals[i] += v
    built.order.sort()
    return built


def _summary(session: Session, kb: Any, info: RoundInfo, today: date, units_mark: tuple[Any, ...],
             registered_mark: tuple[Any, ...]) -> Summary:
    owed: dict[int, tuple[str, int]] = _cached((("owed", units_mark[0], info.id), info.plan, info.indicators,
                                                *units_mark, id(kb)),
                                               lambda: owed_by_unit(session, kb, info))
    tally = _tally(session, info.id, units_mark)
    params = (today, info, *units_mark, *registered_mark, id(owed))
    where = ("built", units_mark[0], info.id)
    with _LOCK:
        kept = _CACHE.get(where)
    built = _build(session, info, today, owed, tally, params, kept[1] if kept is not None else None)
    with _LOCK:
        _CACHE[where] = (where, built)
    t = built.totals
    units = built.units
    return Summary(info, t[0], t[1], t[2], t[3], t[4], t[5], t[6], sum(tally.lacking.values()), list(units.values()),
                   [units[k[-1]] for k in built.order[:NEEDING_KEPT]], t[7], t[8], len(built.order))
