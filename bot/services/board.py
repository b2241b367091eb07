"""What the web dashboard's round page shows, as plain data: the round's counts, which indicators each unit
owes (the chat's ``duties``, kept per round in a small in-process cache keyed like the scores' cache, since a
province has ten thousand member units), each cell's state, and the units a filter keeps.

A cell's state is its part's (``round_values.state``: submitted, returned, approved, draft) or ``empty`` when
nothing is entered; ``late`` is kept beside it."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ARRAY, Integer, any_, case, cast, func, literal, select
from sqlalchemy.orm import Session

from bot.db.models import RoundValue
from bot.services.duties import Duty, duties
from bot.services.rounds import RoundInfo
from bot.services.scores import fingerprint, membership_mark
from bot.services.status import RoundStatus
from knowledge.normalize import fold

STATES = ("empty", "draft", "submitted", "returned", "approved")
FILTER_STATES = ("empty", "submitted", "returned", "approved", "late")
_CACHE: dict[int, tuple[tuple[Any, ...], dict[int, dict[str, Duty]]]] = {}
_STATES: dict[int, tuple[tuple[Any, ...], dict[int, dict[str, int]]]] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Counts:
    owed: int  # parts owed in the round (unit × indicator)
    entered: int  # parts with a version (any state)
    submitted: int
    returned: int
    approved: int
    late: int
    unregistered: int  # units owing something with nobody registered


def _where(session: Session) -> str:
    """Which database: part of every cache key, as round ids repeat across databases."""
    return str(session.connection().engine.url)


def owed_map(session: Session, kb: Any, info: RoundInfo) -> dict[int, dict[str, Duty]]:
    """Unit id → indicator → its duty, for every unit owing something in the round."""
    key = (_where(session), info.plan, tuple(info.indicators), *membership_mark(session, info.plan))
    with _LOCK:
        hit = _CACHE.get(info.id)
    if hit is not None and hit[0] == key:
        return hit[1]
    found: dict[int, dict[str, Duty]] = {}
    for duty in duties(session, kb, info.plan, info.indicators):
        found.setdefault(duty.unit_id, {}).setdefault(duty.indicator, duty)
    with _LOCK:
        _CACHE[info.id] = (key, found)
        while len(_CACHE) > 8:
            del _CACHE[next(iter(_CACHE))]
    return found


def counts(session: Session, info: RoundInfo, status: RoundStatus) -> Counts:
    by_state: dict[str, int] = {}
    for states in unit_states(session, info).values():
        for state, n in states.items():
            by_state[state] = by_state.get(state, 0) + n
    entered = sum(n for s, n in by_state.items() if s not in ("empty", "late"))
    return Counts(sum(u.owed for u in status.units), entered, by_state.get("submitted", 0),
                  by_state.get("returned", 0), by_state.get("approved", 0), by_state.get("late", 0),
                  sum(1 for u in status.units if not u.registered and u.owed))


def among(session: Session, column: Any, ids: Sequence[int]) -> Any:
    """``column IN ids`` that stays cheap for a thousand ids: on PostgreSQL one array parameter (``= ANY``)
    rather than a bound parameter per id, whose compiling took longer than the query."""
    if session.get_bind().dialect.name == "postgresql" and len(ids) > 20:
        return column == any_(cast(literal(list(ids), ARRAY(Integer)), ARRAY(Integer)))
    return column.in_(list(ids))


def cells(session: Session, round_id: int, unit_ids: Sequence[int]) -> dict[tuple[int, str], tuple[str, bool]]:
    """(unit id, indicator) → (state, late) of the parts entered by these units."""
    if not unit_ids:
        return {}
    rows = session.execute(select(RoundValue.unit_id, RoundValue.indicator, RoundValue.state, RoundValue.late)
                           .where(RoundValue.round_id == round_id, among(session, RoundValue.unit_id, unit_ids)))
    return {(int(u), str(i)): (str(s), bool(late)) for u, i, s, late in rows}


def unit_states(session: Session, info: RoundInfo) -> dict[int, dict[str, int]]:
    """Unit id → its parts counted by state (and ``late``), for every unit that entered something: one grouped
    query, kept until a value of the round changes (the scores' fingerprint), so a filter over ten thousand units
    is a look-up."""
    key = (_where(session), *fingerprint(session, info.id))  # round ids repeat across databases
    with _LOCK:
        hit = _STATES.get(info.id)
    if hit is not None and hit[0] == key:
        return hit[1]
    found: dict[int, dict[str, int]] = {}
    late = func.sum(case((RoundValue.late, 1), else_=0))
    for unit, state, n, lates in session.execute(
        select(RoundValue.unit_id, RoundValue.state, func.count(), late).where(RoundValue.round_id == info.id)
        .group_by(RoundValue.unit_id, RoundValue.state)
    ):
        mine = found.setdefault(int(unit), {})
        mine[str(state)] = int(n)
        mine["late"] = mine.get("late", 0) + int(lates or 0)
    with _LOCK:
        _STATES[info.id] = (key, found)
        while len(_STATES) > 8:
            del _STATES[next(iter(_STATES))]
    return found


def units_in_state(session: Session, info: RoundInfo, state: str, owed: dict[int, dict[str, Duty]]) -> set[int]:
    """The units with at least one part in ``state`` (``late``: entered late; ``empty``: something owed not
    entered yet)."""
    states = unit_states(session, info)
    if state == "empty":
        return {uid for uid, owes in owed.items()
                if sum(n for s, n in states.get(uid, {}).items() if s not in ("empty", "late")) < len(owes)}
    return {uid for uid, counted in states.items() if counted.get(state, 0) > 0}


def name_matches(names: Iterable[tuple[int, str]], typed: str) -> set[int]:
    """The units whose name contains what was typed, without regard to case or Vietnamese marks."""
    wanted = fold(typed.strip())
    return {uid for uid, name in names if wanted in fold(name)}


def clear_cache() -> None:
    """Forget what was kept (tests that reuse a database's ids, a plan imported again)."""
    with _LOCK:
        _CACHE.clear()
        _STATES.clear()
