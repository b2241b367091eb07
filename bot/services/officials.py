"""Officials, their channel identities and their memberships (unit and role): who someone is, who is
registered where, and an admin's changes (remove from a unit, move to another).

An official is a person; each channel account they use (a Telegram user, a Zalo user, a console name) is an
identity pointing to them; each membership gives them a role in a unit of a plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session, aliased

from bot.db.memo import peek, remember, remembered, values
from bot.db.models import Identity, Membership, Official, Unit, UnitGroup, utcnow
from bot.db.upsert import insert_ignore
from bot.services.units import (
    GROUP,
    PLACE_TABLES,
    UnitChoice,
    UnitInfo,
    UnitPlace,
    choose_unit,
    has_members,
    joined_groups,
    plan_units,
    remember_place,
    unit_info,
)
from knowledge.store import KnowledgeBase

OFFICIAL, HEAD, FOCAL, ADMIN = "official", "head", "focal", "admin"
ROLES: tuple[str, ...] = (OFFICIAL, HEAD, FOCAL, ADMIN)


@dataclass(frozen=True)
class IdentityInfo:
    channel: str
    user_id: str
    chat_id: str


@dataclass(frozen=True)
class MembershipInfo:
    unit: UnitInfo
    role: str

    @property
    def plan_id(self) -> str:
        return self.unit.plan_id


@dataclass(frozen=True)
class OfficialInfo:
    id: int
    name: str
    active: bool
    identities: tuple[IdentityInfo, ...] = ()
    memberships: tuple[MembershipInfo, ...] = ()

    def in_plan(self, plan_id: str) -> tuple[MembershipInfo, ...]:
        return tuple(m for m in self.memberships if m.plan_id == plan_id)

    @property
    def plans(self) -> list[str]:
        return sorted({m.plan_id for m in self.memberships})


@dataclass(frozen=True)
class Member:
    """One registered official of a unit, with their role there."""

    official_id: int
    name: str
    role: str


@dataclass(frozen=True)
class UnitRoster:
    unit: UnitInfo
    members: tuple[Member, ...]


# ------------------------------------------------------------------------------------------ reading


def _official_info(session: Session, official: Official, *, identities: bool = True) -> OfficialInfo:
    """Two queries: the memberships with their units (and groups) joined, then the identities (skipped by the
    permission check, which needs none)."""
    rows = session.execute(
        select(Membership.role, Unit, GROUP).join(Unit, Unit.id == Membership.unit_id)
        .outerjoin(GROUP, Unit.parent_id == GROUP.id)
        .where(Membership.official_id == official.id).order_by(Membership.id)
    ).all()
    joined = joined_groups(session, [unit.id for _, unit, _ in rows])
    memberships = tuple(MembershipInfo(replace(unit_info(unit, group), joined=joined.get(unit.id, ())), role)
                        for role, unit, group in rows)
    found = session.scalars(select(Identity).where(Identity.official_id == official.id)
                            .order_by(Identity.id)).all() if identities else []
    return OfficialInfo(official.id, official.name, official.active,
                        tuple(IdentityInfo(i.channel, i.user_id, i.chat_id) for i in found), memberships)


def official_id_for(session: Session, channel: str, user_id: str) -> int | None:
    """The official behind a channel account, or None (not registered)."""
    known = peek(session, _sender_key(channel, user_id))
    if known is not None:
        return known.id  # type: ignore[no-any-return]
    return session.scalar(select(Identity.official_id).where(Identity.channel == channel,
                                                            Identity.user_id == user_id))


# ------------------------------------------------------------------------------------------ the sender of a turn

SENDER_TABLES = PLACE_TABLES | {"identities", "officials", "memberships"}
_JOINED = aliased(Unit, name="joined_unit")


def _sender_key(channel: str, user_id: str) -> tuple[str, str, str]:
    return ("sender", channel, user_id)


def sender(session: Session, channel: str, user_id: str) -> OfficialInfo | None:
    """``official_for`` without identities, read once per turn (``bot.db.memo``): every permission check of a
    turn asks it, and the conversation's lock reads it with the conversation row (``with_sender``)."""
    return remembered(session, _sender_key(channel, user_id), SENDER_TABLES,
                      lambda: official_for(session, channel, user_id, identities=False))


def with_sender(query: Select[Any], channel: Any, user_id: Any) -> Select[Any]:
    """``query`` (of one row) joined with the official of the account (``channel``, ``user_id``), their
    memberships, each unit's group, the groups it joined and whether it has members: one row per membership and
    joined group, all of them empty for someone not registered. ``remember_sender`` reads them."""
    return (
        query.add_columns(Official.id, Official.name, Official.active, Membership.role, Unit.id, Unit.plan_id,
                          Unit.name, Unit.is_group, Unit.parent_id, GROUP.name, UnitGroup.group_id, _JOINED.name,
                          has_members(Unit))
        .outerjoin(Identity, (Identity.channel == channel) & (Identity.user_id == user_id))
        .outerjoin(Official, Official.id == Identity.official_id)
        .outerjoin(Membership, Membership.official_id == Official.id)
        .outerjoin(Unit, Unit.id == Membership.unit_id)
        .outerjoin(GROUP, GROUP.id == Unit.parent_id)
        .outerjoin(UnitGroup, UnitGroup.member_id == Unit.id)
        .outerjoin(_JOINED, _JOINED.id == UnitGroup.group_id)
        .order_by(Membership.id, UnitGroup.group_id)
    )


def remember_sender(session: Session, channel: str, user_id: str, rows: Sequence[Sequence[Any]], skip: int) -> None:
    """Remember what ``with_sender`` read (its columns after the first ``skip``) as the turn's ``sender``, and
    each of their units' place among groups (``bot.services.units.unit_place``)."""
    first = rows[0][skip:]
    if first[0] is None:
        remember(session, _sender_key(channel, user_id), SENDER_TABLES, None)
        return
    units: dict[int, tuple[Any, ...]] = {}
    roles: dict[tuple[str, int], None] = {}
    joined: dict[int, dict[int, str]] = {}
    for row in rows:
        (_, _, _, role, unit_id, plan_id, name, is_group, parent_id, parent_name, group_id, group_name,
         members) = row[skip:]
        if unit_id is None:
            continue
        units.setdefault(unit_id, (plan_id, name, is_group, parent_id, parent_name, members))
        roles.setdefault((role, unit_id))
        if group_id is not None:
            joined.setdefault(unit_id, {})[group_id] = group_name
    infos = {}
    for unit_id, (plan_id, name, is_group, parent_id, parent_name, members) in units.items():
        groups = joined.get(unit_id, {})
        infos[unit_id] = UnitInfo(unit_id, plan_id, name, is_group, parent_id, parent_name, tuple(groups))
        names = (*((parent_name,) if parent_name is not None else ()), *groups.values())
        remember_place(session, UnitPlace(unit_id, plan_id, name, is_group, bool(members), names))
    official = OfficialInfo(first[0], first[1], first[2], (),
                            tuple(MembershipInfo(infos[unit_id], role) for role, unit_id in roles))
    remember(session, _sender_key(channel, user_id), SENDER_TABLES, official)


def official_for(session: Session, channel: str, user_id: str, *, identities: bool = True) -> OfficialInfo | None:
    """Who am I: the official behind a channel account, with every membership (and identity, unless not
    wanted)."""
    official = session.scalar(select(Official).join(Identity, Identity.official_id == Official.id)
                              .where(Identity.channel == channel, Identity.user_id == user_id))
    return _official_info(session, official, identities=identities) if official is not None else None


def official_by_id(session: Session, official_id: int) -> OfficialInfo | None:
    official = session.get(Official, official_id)
    return _official_info(session, official) if official is not None else None


def resolve_official(session: Session, who: str) -> OfficialInfo | None:
    """An official named by id ("12") or by channel account ("telegram:1001")."""
    who = who.strip()
    if who.isascii() and who.isdigit():
        return official_by_id(session, int(who))
    channel, sep, user_id = who.partition(":")
    return official_for(session, channel, user_id) if sep else None


def unit_members(session: Session, unit_id: int) -> list[Member]:
    rows = session.execute(
        select(Official.id, Official.name, Membership.role).join(Membership, Membership.official_id == Official.id)
        .where(Membership.unit_id == unit_id).order_by(Official.name, Official.id)
    ).all()
    return [Member(i, n, r) for i, n, r in rows]


def plan_roster(session: Session, kb: KnowledgeBase, plan_id: str) -> list[UnitRoster]:
    """Every unit of the plan with its registered officials (empty for units nobody registered in)."""
    rows = session.execute(
        select(Membership.unit_id, Official.id, Official.name, Membership.role)
        .join(Official, Official.id == Membership.official_id).join(Unit, Unit.id == Membership.unit_id)
        .where(Unit.plan_id == plan_id).order_by(Official.name, Official.id)
    ).all()
    by_unit: dict[int, list[Member]] = {}
    for unit_id, official_id, name, role in rows:
        by_unit.setdefault(unit_id, []).append(Member(official_id, name, role))
    return [UnitRoster(u, tuple(by_unit.get(u.id, []))) for u in plan_units(session, kb, plan_id)]


def units_without_officials(roster: list[UnitRoster]) -> list[UnitInfo]:
    return [r.unit for r in roster if not r.members]


def plan_officials(session: Session, plan_id: str, roles: tuple[str, ...]) -> list[OfficialInfo]:
    """Active officials holding one of ``roles`` in a unit of the plan (the focal points, the admins)."""
    ids = session.scalars(
        select(Membership.official_id).join(Unit, Unit.id == Membership.unit_id)
        .join(Official, Official.id == Membership.official_id)
        .where(Unit.plan_id == plan_id, Membership.role.in_(roles), Official.active.is_(True))
        .distinct()
    ).all()
    found = (official_by_id(session, i) for i in sorted(ids))
    return [o for o in found if o is not None]


def official_unit(session: Session, kb: KnowledgeBase, official: OfficialInfo, plan_id: str,
                  typed: str | None) -> UnitChoice:
    """The official's unit in the plan named by ``typed``, or their only one when nothing is typed."""
    mine = list(dict.fromkeys(m.unit for m in official.in_plan(plan_id)))
    labels = tuple(u.label for u in mine)
    if not typed:
        return UnitChoice(mine[0]) if len(mine) == 1 else UnitChoice(None, "which_unit", labels)
    choice = choose_unit(session, kb, plan_id, typed)
    if choice.unit is not None and choice.unit not in mine:
        return UnitChoice(None, "not_member", labels)
    return choice


# ------------------------------------------------------------------------------------------ writing


def ensure_official(session: Session, channel: str, user_id: str, chat_id: str, name: str) -> int:
    """The official behind this account, created (with the identity) when new. Safe when two turns create the
    same person at once (their code redeemed in one chat while a request is approved): the identity is
    inserted if absent, and the loser's spare official row is dropped."""
    existing = official_id_for(session, channel, user_id)
    if existing is not None:
        return existing
    official = Official(name=name.strip()[:255] or f"{channel}:{user_id}", active=True)
    session.add(official)
    session.flush()
    session.execute(insert_ignore(session, Identity, ["channel", "user_id"], {
        "official_id": official.id, "channel": channel, "user_id": user_id, "chat_id": chat_id,
        "created_at": utcnow()}))
    owner = official_id_for(session, channel, user_id)
    assert owner is not None
    if owner != official.id:
        session.delete(official)
        session.flush()
    return owner


def has_membership(session: Session, official_id: int, unit_id: int, role: str | None = None) -> bool:
    """True when the official belongs to the unit (in ``role``, when given); the turn's sender from what the turn
    has read already."""
    for known in values(session, "sender"):
        if known is not None and known.id == official_id:
            return any(m.unit.id == unit_id and role in (None, m.role) for m in known.memberships)
    query = select(Membership.id).where(Membership.official_id == official_id, Membership.unit_id == unit_id)
    if role is not None:
        query = query.where(Membership.role == role)
    return session.scalar(query.limit(1)) is not None


def add_membership(session: Session, official_id: int, unit_id: int, role: str) -> bool:
    """Give the official ``role`` in the unit; False when they already had it."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    if has_membership(session, official_id, unit_id, role):
        return False
    session.add(Membership(official_id=official_id, unit_id=unit_id, role=role))
    session.flush()
    return True


def remove_from_unit(session: Session, official_id: int, unit_id: int) -> list[str]:
    """Take the official out of the unit (every role they had there); returns the roles removed."""
    roles = list(session.scalars(select(Membership.role).where(Membership.official_id == official_id,
                                                              Membership.unit_id == unit_id)))
    session.execute(delete(Membership).where(Membership.official_id == official_id,
                                             Membership.unit_id == unit_id))
    return roles


def move_to_unit(session: Session, official_id: int, from_unit_id: int, to_unit_id: int) -> list[str]:
    """Move the official's roles from one unit to another of the same plan; returns the roles moved."""
    source, target = session.get(Unit, from_unit_id), session.get(Unit, to_unit_id)
    if source is None or target is None or source.plan_id != target.plan_id:
        raise ValueError("both units must exist in the same plan")
    roles = remove_from_unit(session, official_id, from_unit_id)
    for role in roles:
        add_membership(session, official_id, to_unit_id, role)
    return roles
