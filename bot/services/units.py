"""Units per plan: the ones the plan names (synced from the knowledge base's unit registry) and the member
units an admin adds under a group unit, or a unit of the plan joining a group (a Sở in "Các sở, ban, ngành");
finding a unit by what someone typed.

The registry units of a plan are written to the ``units`` table on first need (``sync_plan_units``, idempotent
and safe with several workers), so a plan gets its units without a setup step and a unit the knowledge base adds
later appears by itself. Fuzzy matching is the knowledge base's own (``rank_units``), extended with the member
units that exist only in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, bindparam, or_, select
from sqlalchemy.orm import Session, aliased

from bot.db.memo import plain_read, remember, remembered
from bot.db.models import Unit, UnitGroup, utcnow
from bot.db.upsert import insert_ignore
from knowledge.normalize import normalize
from knowledge.search.engine import UNIT_FLOOR, plan_unit_spellings, rank_units
from knowledge.store import KnowledgeBase
from knowledge.units import UnknownUnit, canonical_unit, is_group_unit

NEAR_FLOOR = 75.0  # not a sure match, but this close (loosely): offered as "did you mean", never taken
CLEAR_LEAD = 10.0  # a sure match this far ahead of the next one is taken without asking
GROUP = aliased(Unit, name="group_unit")  # a member unit's group, joined once (one cached statement)
MAX_CHOICES = 12  # the core pages choices beyond 8 behind "Xem thêm"


@dataclass(frozen=True)
class UnitInfo:
    id: int
    plan_id: str
    name: str
    is_group: bool = False
    parent_id: int | None = None
    parent_name: str | None = None
    joined: tuple[int, ...] = ()  # the groups it joined besides its own (``unit_groups``), where loaded

    @property
    def label(self) -> str:
        """The name with its group, for people: "UBND huyện Đắk Hà (UBND các huyện, thành phố)"."""
        return f"{self.name} ({self.parent_name})" if self.parent_name else self.name

    @property
    def group_ids(self) -> tuple[int, ...]:
        """Every group the unit is a member of: its own (``parent_id``) and those it joined."""
        return ((self.parent_id,) if self.parent_id is not None else ()) + self.joined


@dataclass(frozen=True)
class UnitMatch:
    """What a typed unit name found: ``one`` unit, a ``choose`` among close ones (``sure`` False when none was
    close enough to be taken and these are only suggestions), or ``none``."""

    status: Literal["one", "choose", "none"]
    units: tuple[UnitInfo, ...] = ()
    sure: bool = True


@dataclass(frozen=True)
class UnitPlace:
    """Where a unit stands among groups, what its duties in a round follow from (``duties.unit_duties``): a group,
    or a unit with members, reports nothing itself; any other unit reports for itself and for ``groups`` (the
    names of its own group and of those it joined)."""

    id: int
    plan_id: str
    name: str
    is_group: bool
    has_members: bool
    groups: tuple[str, ...]


PLACE_TABLES = frozenset({"units", "unit_groups"})
_MEMBER = aliased(Unit, name="member_unit")
_LINK = aliased(UnitGroup, name="member_link")
_JOINED_GROUP = aliased(Unit, name="joined_group")


def has_members(unit: Any) -> ColumnElement[bool]:
    """Whether ``unit`` (the ``Unit`` entity or an alias in the enclosing query) has member units: created under
    it, or joined to it."""
    return or_(select(_MEMBER.id).where(_MEMBER.parent_id == unit.id).exists(),
               select(_LINK.member_id).where(_LINK.group_id == unit.id).exists())


def _place_key(unit_id: int) -> tuple[str, int]:
    return ("unit_place", unit_id)


def remember_place(session: Session, place: UnitPlace) -> None:
    """Keep a unit's place read with something else (the turn's sender and their units) for this turn."""
    remember(session, _place_key(place.id), PLACE_TABLES, place)


@cache
def _place_query() -> Select[Any]:
    return (select(Unit.plan_id, Unit.name, Unit.is_group, GROUP.name, _JOINED_GROUP.name, has_members(Unit))
            .outerjoin(GROUP, GROUP.id == Unit.parent_id)
            .outerjoin(UnitGroup, UnitGroup.member_id == Unit.id)
            .outerjoin(_JOINED_GROUP, _JOINED_GROUP.id == UnitGroup.group_id)
            .where(Unit.id == bindparam("unit_id")).order_by(UnitGroup.group_id))


def unit_place(session: Session, unit_id: int) -> UnitPlace | None:
    """The unit's place among groups (one statement, read once per turn; the sender's own units come with the
    turn's first statement): None for no such unit."""
    def read() -> UnitPlace | None:
        rows = plain_read(session, _place_query(), {"unit_id": unit_id}).all()
        if not rows:
            return None
        plan_id, name, is_group, parent, _, members = rows[0]
        joined = tuple(r[4] for r in rows if r[4] is not None)
        return UnitPlace(unit_id, plan_id, name, is_group, bool(members),
                         ((parent,) if parent is not None else ()) + joined)

    return remembered(session, _place_key(unit_id), PLACE_TABLES, read)


def unit_info(unit: Unit, parent: Unit | None) -> UnitInfo:
    """A unit row (and its group's row) as plain data."""
    return UnitInfo(unit.id, unit.plan_id, unit.name, unit.is_group, unit.parent_id,
                    parent.name if parent else None)


def sync_plan_units(session: Session, kb: KnowledgeBase, plan_id: str) -> None:
    """Make sure every unit the plan names (lead or coordinating) has its row; group units are marked."""
    wanted = {name for _, name in plan_unit_spellings(kb, kb.plan(plan_id))}
    have = set(session.scalars(select(Unit.name).where(Unit.plan_id == plan_id, Unit.parent_id.is_(None))))
    for name in sorted(wanted - have):
        session.execute(insert_ignore(session, Unit, ["plan_id", "name"], {
            "plan_id": plan_id, "name": name, "is_group": is_group_unit(name), "parent_id": None,
            "created_at": utcnow(),
        }))


def plan_units(session: Session, kb: KnowledgeBase, plan_id: str) -> list[UnitInfo]:
    """Every unit of the plan (synced first): registry units by name, each group followed by its members."""
    sync_plan_units(session, kb, plan_id)
    rows = session.execute(
        select(Unit, GROUP).outerjoin(GROUP, Unit.parent_id == GROUP.id).where(Unit.plan_id == plan_id)
    ).all()
    infos = [unit_info(u, p) for u, p in rows]
    tops = sorted((u for u in infos if u.parent_id is None), key=lambda u: u.name)
    members: dict[int, list[UnitInfo]] = {}
    for u in infos:
        if u.parent_id is not None:
            members.setdefault(u.parent_id, []).append(u)
    ordered: list[UnitInfo] = []
    for top in tops:
        ordered.append(top)
        ordered.extend(sorted(members.get(top.id, []), key=lambda u: u.name))
    return ordered


def unit_by_id(session: Session, unit_id: int) -> UnitInfo | None:
    unit = session.get(Unit, unit_id)
    if unit is None:
        return None
    return unit_info(unit, session.get(Unit, unit.parent_id) if unit.parent_id is not None else None)


def members_of(session: Session, group_id: int) -> list[UnitInfo]:
    """The group's member units by name: those created under it and the units that joined it."""
    group = session.get(Unit, group_id)
    if group is None:
        return []
    own = session.execute(select(Unit, GROUP).outerjoin(GROUP, Unit.parent_id == GROUP.id)
                          .where(Unit.parent_id == group_id)).all()
    joined = session.execute(select(Unit, GROUP).join(UnitGroup, UnitGroup.member_id == Unit.id)
                             .outerjoin(GROUP, Unit.parent_id == GROUP.id)
                             .where(UnitGroup.group_id == group_id)).all()
    return sorted((unit_info(u, p) for u, p in [*own, *joined]), key=lambda u: u.name)


def group_links(session: Session, plan_id: str) -> list[tuple[int, int]]:
    """(group id, member id) of every unit that joined a group of the plan besides its own (``unit_groups``)."""
    rows = session.execute(select(UnitGroup.group_id, UnitGroup.member_id)
                           .join(Unit, Unit.id == UnitGroup.group_id).where(Unit.plan_id == plan_id))
    return [(int(g), int(m)) for g, m in rows]


def joined_groups(session: Session, unit_ids: list[int]) -> dict[int, tuple[int, ...]]:
    """For each of these units, the groups it joined besides its own (none listed for a unit with none)."""
    out: dict[int, list[int]] = {}
    if unit_ids:
        for group_id, member_id in session.execute(
                select(UnitGroup.group_id, UnitGroup.member_id).where(UnitGroup.member_id.in_(unit_ids))
                .order_by(UnitGroup.group_id)):
            out.setdefault(int(member_id), []).append(int(group_id))
    return {k: tuple(v) for k, v in out.items()}


def member_spellings(name: str) -> list[str]:
    """A member unit is also known by the end of its name ("Đắk Hà", "huyện Đắk Hà" for "UBND huyện Đắk Hà"):
    people name a district or a commune by its place name. At least two words are kept."""
    words = normalize(name).split()
    return [" ".join(words[k:]) for k in range(max(len(words) - 1, 1))]


def find_units(session: Session, kb: KnowledgeBase, plan_id: str, phrase: str) -> UnitMatch:
    """The unit(s) of the plan a typed name may mean: registry spellings (aliases, abbreviations) and the names
    of member units, compared the way the knowledge base compares unit names."""
    units = plan_units(session, kb, plan_id)
    by_name = {u.name: u for u in units}
    spellings = [(s, n) for s, n in plan_unit_spellings(kb, kb.plan(plan_id)) if n in by_name]
    spellings += [(s, u.name) for u in units if u.parent_id is not None for s in member_spellings(u.name)]
    typed = normalize(phrase)
    own = [u for u in units if normalize(u.name) == typed]
    if len(own) == 1:  # a unit's own name, as written ("Viettel Kon Tum", though a telecom is also the group's)
        return UnitMatch("one", (own[0],))
    ranked = [(by_name[n], score) for n, score in rank_units(typed, spellings)]
    sure = [(u, s) for u, s in ranked if s >= UNIT_FLOOR]
    if sure:
        exact = sure[0][1] >= 100 and (len(sure) == 1 or sure[1][1] < 100)
        if exact or len(sure) == 1 or sure[0][1] - sure[1][1] >= CLEAR_LEAD:
            return UnitMatch("one", (sure[0][0],))
        return UnitMatch("choose", tuple(u for u, _ in sure[:MAX_CHOICES]))
    near = tuple(by_name[n] for n, s in rank_units(typed, spellings, loose=True) if s >= NEAR_FLOOR)[:MAX_CHOICES]
    return UnitMatch("choose", near, sure=False) if near else UnitMatch("none")


@dataclass(frozen=True)
class UnitChoice:
    """One unit, or why there is none: ``ambiguous`` (``units``: what it could be), ``no_unit``, and for an
    official's own unit ``which_unit`` (they have several: ``units``) or ``not_member`` (``units``: theirs)."""

    unit: UnitInfo | None
    problem: str = ""
    units: tuple[str, ...] = ()


def choose_unit(session: Session, kb: KnowledgeBase, plan_id: str, typed: str) -> UnitChoice:
    """The one unit ``typed`` names for sure; a command (CLI, ``/quanly``) never takes a suggestion."""
    match = find_units(session, kb, plan_id, typed)
    if match.status == "one":
        return UnitChoice(match.units[0])
    if match.status == "choose":
        return UnitChoice(None, "ambiguous", tuple(u.label for u in match.units))
    return UnitChoice(None, "no_unit")


MAX_NAME = 255  # the units.name column


@dataclass(frozen=True)
class Skipped:
    """A name not added, and why: ``empty``, ``too_long``, ``the_group`` (the group itself), ``group`` (another
    group unit: groups do not nest), ``member`` (already a member of this group)."""

    name: str
    reason: str


def _existing(rows: dict[str, Any], name: str) -> Any:
    """The plan's unit a typed name means: its exact name, else the registry's name for that spelling
    ("Sở TTTT" → "Sở Thông tin và Truyền thông"); None for a new unit."""
    if name in rows:
        return rows[name]
    try:
        return rows.get(canonical_unit(name))
    except UnknownUnit:
        return None


def _new_name(name: str) -> str:
    """A new member's name: the registry's name when it knows the spelling, else as typed."""
    try:
        return canonical_unit(name)
    except UnknownUnit:
        return name


def _skip_reason(name: str, found: Any, group_id: int, linked: set[int]) -> str:
    """Why this name is not added to the group ("" when it is): see ``Skipped``."""
    if not name:
        return "empty"
    if len(name) > MAX_NAME:
        return "too_long"
    if found is None:
        return "group" if is_group_unit(_new_name(name)) else ""
    if found.id == group_id:
        return "the_group"
    if found.is_group:
        return "group"
    return "member" if found.parent_id == group_id or found.id in linked else ""


def add_members(session: Session, group_id: int, names: list[str]) -> tuple[list[UnitInfo], list[Skipped]]:
    """Make these units members of a group unit: a unit already in the plan (a Sở named by the plan, a district
    of another group) joins it, any other name becomes a new member unit under it (its ``parent_id`` the group:
    a joined unit's is not). Returns the members added and what was skipped with why; each member then reports
    its own part of the group's indicators."""
    group = session.get(Unit, group_id)
    if group is None or not group.is_group:
        raise ValueError("not a group unit")
    rows: dict[str, Any] = {r.name: r for r in session.execute(
        select(Unit.id, Unit.name, Unit.is_group, Unit.parent_id).where(Unit.plan_id == group.plan_id))}
    linked = {m for g, m in group_links(session, group.plan_id) if g == group.id}
    added: list[UnitInfo] = []
    skipped: list[Skipped] = []
    for raw in names:
        name = " ".join(raw.split())
        found = _existing(rows, name) if name else None
        reason = _skip_reason(name, found, group.id, linked)
        if reason:
            skipped.append(Skipped(found.name if found is not None else name, reason))
        elif found is not None:
            session.add(UnitGroup(group_id=group.id, member_id=found.id))
            session.flush()
            linked.add(found.id)
            unit = session.get_one(Unit, found.id)
            parent = session.get(Unit, unit.parent_id) if unit.parent_id is not None else None
            added.append(unit_info(unit, parent))
        else:
            unit = Unit(plan_id=group.plan_id, name=_new_name(name), parent_id=group.id, is_group=False)
            session.add(unit)
            session.flush()
            rows[unit.name] = unit
            added.append(unit_info(unit, group))
    return added, skipped
