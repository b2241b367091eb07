"""The next year's plan without registering everyone again: what one plan's units, group memberships, officials'
roles and reminder pauses become in another plan (``dti-bot plan rollover``).

A unit is carried by its name: the target plan's unit of the same (registry) name, a member unit re-created under
the target's group of the same name. A unit whose name the target does not have (renamed, merged, gone) is never
guessed: it is listed for a decision with the target's nearest names as suggestions, and carried only when the
caller maps it (``mapping``: source name → target name). Everything is compared with what the target already has,
so applying twice changes nothing the second time. The per-plan reminder settings live in the configuration
file, which the bot does not write: they are reported (what the source has, what the target lacks) for the admin
to copy.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Membership, Official, PlanLink, ReminderPause, Unit, UnitGroup, utcnow
from bot.db.upsert import insert_ignore
from bot.services.officials import add_membership, has_membership
from bot.services.units import add_members, group_links, sync_plan_units
from knowledge.store import KnowledgeBase


@dataclass(frozen=True)
class UnitCarry:
    """A source unit that carries something, and where it goes: ``action`` ``same`` (the target has it),
    ``create`` (a member unit made under the target's group), ``mapped`` (the caller's decision), ``undecided``."""

    name: str
    group: str | None  # the group a member unit was created under
    target: str | None
    action: str
    suggestions: tuple[str, ...] = ()
    officials: int = 0


@dataclass(frozen=True)
class Carry:
    """One thing carried (a role, a group link, a pause) and whether the target has it already."""

    kind: str  # "role" | "group" | "pause"
    unit: str  # the source unit
    target: str  # the target unit
    done: bool  # the target has it already
    official_id: int | None = None
    official: str = ""
    role: str = ""
    group: str = ""


@dataclass
class Rollover:
    """What carrying ``source`` into ``target`` would change (a dry run), or changed (applied)."""

    source: str
    target: str
    units: list[UnitCarry] = field(default_factory=list)
    items: list[Carry] = field(default_factory=list)
    unknown_mappings: list[str] = field(default_factory=list)  # mapped names that are no source or target unit
    linked: bool = False  # the target already names the source as the plan it continues

    @property
    def undecided(self) -> list[UnitCarry]:
        return [u for u in self.units if u.action == "undecided"]

    @property
    def changes(self) -> int:
        return (sum(u.action == "create" for u in self.units) + sum(not c.done for c in self.items)
                + (not self.linked))


def _suggest(name: str, candidates: list[str]) -> tuple[str, ...]:
    """The target's names nearest to ``name`` (a suggestion for the person deciding, never applied)."""
    return tuple(difflib.get_close_matches(name, candidates, n=3, cutoff=0.6))


def _units(session: Session, plan_id: str) -> dict[int, Unit]:
    return {u.id: u for u in session.scalars(select(Unit).where(Unit.plan_id == plan_id))}


def plan_rollover(session: Session, kb: KnowledgeBase, source: str, target: str,
                  mapping: Mapping[str, str] | None = None, *, apply: bool = False,
                  now: datetime | None = None) -> Rollover:
    """What ``source`` carries into ``target``; with ``apply`` also done, in the caller's transaction."""
    mapping = dict(mapping or {})
    sync_plan_units(session, kb, source)
    sync_plan_units(session, kb, target)
    src, dst = _units(session, source), _units(session, target)
    out = Rollover(source, target)
    dst_top = {u.name: u for u in dst.values() if u.parent_id is None}
    dst_by_key = {(u.name, dst[u.parent_id].name if u.parent_id in dst else None): u for u in dst.values()}
    src_names = {u.name for u in src.values()}
    out.unknown_mappings = sorted(f"{a}={b}" for a, b in mapping.items() if a not in src_names or b not in dst_top)
    roles = [(int(u), int(o), str(n), str(r)) for u, o, n, r in session.execute(
        select(Membership.unit_id, Membership.official_id, Official.name, Membership.role)
        .join(Official, Official.id == Membership.official_id).join(Unit, Unit.id == Membership.unit_id)
        .where(Unit.plan_id == source).order_by(Membership.unit_id, Membership.official_id, Membership.role))]
    links = group_links(session, source)
    pauses = set(session.scalars(select(ReminderPause.unit_id)))
    carrying = ({u for u, *_ in roles} | {m for _, m in links} | {g for g, _ in links}
                | {u.parent_id for u in src.values() if u.parent_id is not None}  # groups with members
                | {u.id for u in src.values() if u.parent_id is not None}  # every member unit
                | (pauses & set(src)))
    where: dict[int, Unit | None] = {}  # source unit id → target unit (None: not carried)
    free = sorted(n for n in dst_top if n not in src_names)
    for unit in sorted(src.values(), key=lambda u: (u.parent_id is not None, u.name)):
        group = src[unit.parent_id].name if unit.parent_id in src else None
        count = sum(1 for u, *_ in roles if u == unit.id)
        if unit.id not in carrying:
            continue
        if group is None:
            chosen = mapping.get(unit.name, unit.name)
            found = dst_top.get(chosen)
            action = "same" if chosen == unit.name else "mapped"
            if found is None:
                out.units.append(UnitCarry(unit.name, None, None, "undecided", _suggest(unit.name, free), count))
                where[unit.id] = None
                continue
            out.units.append(UnitCarry(unit.name, None, found.name, action, officials=count))
            where[unit.id] = found
            continue
        parent = where.get(unit.parent_id) if unit.parent_id is not None else None
        if parent is None:  # its group is not carried: the member waits for that decision
            out.units.append(UnitCarry(unit.name, group, None, "undecided", (), count))
            where[unit.id] = None
            continue
        found = dst_by_key.get((unit.name, parent.name))
        action = "same"
        if found is None:
            action = "create"
            if apply:
                added, _ = add_members(session, parent.id, [unit.name])
                found = session.get(Unit, added[0].id) if added else None
            else:  # a dry run: what would be made, never added to the session
                found = Unit(plan_id=target, name=unit.name, parent_id=parent.id, is_group=False)
        out.units.append(UnitCarry(unit.name, group, found.name if found else unit.name, action, officials=count))
        where[unit.id] = found
    moment = now or utcnow()
    _carry_links(session, out, src, where, links, target, apply, moment)
    _carry_roles(session, out, src, where, roles, apply)
    _carry_pauses(session, out, src, where, pauses, apply, moment)
    link = session.get(PlanLink, target)
    out.linked = link is not None and link.previous_id == source
    if apply and not out.linked:
        if link is None:
            session.add(PlanLink(plan_id=target, previous_id=source, created_at=moment))
        else:  # the admin says this plan continues another one now
            link.previous_id = source
        session.flush()
    return out


def _carry_links(session: Session, out: Rollover, src: dict[int, Unit], where: dict[int, Unit | None],
                 links: list[tuple[int, int]], target: str, apply: bool, now: datetime) -> None:
    have = set(group_links(session, target))
    for group_id, member_id in links:
        group, member = where.get(group_id), where.get(member_id)
        if group is None or member is None:
            continue  # one side undecided: listed with the units
        done = (group.id, member.id) in have
        if apply and not done:
            session.execute(insert_ignore(session, UnitGroup, ["group_id", "member_id"], {
                "group_id": group.id, "member_id": member.id, "created_at": now}))
        out.items.append(Carry("group", src[member_id].name, member.name, done, group=group.name))


def _carry_roles(session: Session, out: Rollover, src: dict[int, Unit], where: dict[int, Unit | None],
                 roles: list[tuple[int, int, str, str]], apply: bool) -> None:
    for unit_id, official_id, name, role in roles:
        target = where.get(unit_id)
        if target is None:
            continue
        done = has_membership(session, official_id, target.id, role)
        if apply and not done:
            add_membership(session, official_id, target.id, role)
        out.items.append(Carry("role", src[unit_id].name, target.name, done, official_id, name, role))


def _carry_pauses(session: Session, out: Rollover, src: dict[int, Unit], where: dict[int, Unit | None],
                  pauses: set[int], apply: bool, now: datetime) -> None:
    for unit_id in sorted(pauses & set(src)):
        target = where.get(unit_id)
        if target is None:
            continue
        done = target.id in pauses
        if apply and not done:
            session.execute(insert_ignore(session, ReminderPause, ["unit_id"], {
                "unit_id": target.id, "paused_by": None, "created_at": now}))
        out.items.append(Carry("pause", src[unit_id].name, target.name, done))
