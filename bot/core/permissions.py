"""Who may do what: one place for every permission check.

A route declares the action it needs (``needs=PLAN_VIEW_ALL``); the core checks it before the handler runs. A
handler that acts on a particular unit's data (named by a payload, which a user can forge) checks again with the
unit: ``turn.require(VALUES_ENTER, unit_id=…)``. Either way a refusal is a ``Denied`` carrying a Vietnamese
reason (rendered from ``templates/permission_denied.j2``), which the core answers with; nothing else in the bot
decides permissions.

The rules, over the sender's memberships (``bot.services.officials``):

- ``MATRIX`` says, for each action, which roles may do it and how far: ``UNIT`` (only for the units the member
  belongs to) or ``PLAN`` (any unit of the plan the membership is in). Roles are held per plan: a focal point of
  one plan is nobody in another.
- Group rule: a membership in a member unit ("UBND huyện Đắk Hà" under "UBND các huyện, thành phố", "Sở Tài chính"
  in "Các sở, ban, ngành") also covers each of its group units for the actions in ``GROUP_COVERED`` (reading: the
  plan assigns the indicators to the group, and each member needs to see what it reports a part of), never for
  writing (a district does not enter the group's own figures, each member enters its part). A membership in a
  group unit covers only the group itself.
- The plan's scores (``SCORES_VIEW``: the province's total, pillars, indicators, points lost, what-if, their
  charts) are the whole plan's shared result: every registered member of the plan sees them, nobody else (a
  round's scores are provisional, not published). What each unit entered (its parts, completeness by unit, the
  Excel report) stays ``PLAN_VIEW_ALL``: focal points and admins; an official sees their own unit's
  (``UNIT_VIEW``).
- Without ``unit_id`` (a route's check), a unit-scoped action is allowed to anyone who may do it for some unit;
  the handler checks the unit itself once it knows which one.
- With ``unit_id``, the unit decides the plan (a button in a notification may name a unit of another plan than
  the conversation's). A unit that does not exist, or belongs to a plan the sender has no role in, is refused
  exactly like another unit's data: "đơn vị của bạn là …".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from bot.services.officials import ADMIN, FOCAL, HEAD, OFFICIAL, OfficialInfo, sender
from bot.services.units import UnitInfo, unit_by_id

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.core.messages import Incoming
    from bot.render import Renderer

VALUES_ENTER = "values:enter"
UNIT_VIEW = "unit:view"
PLAN_VIEW_ALL = "plan:view_all"
SCORES_VIEW = "scores:view"  # the plan's scores: total, pillars, indicators, where points are lost, charts of them
ROUND_MANAGE = "round:manage"
VALUES_APPROVE = "values:approve"
REGISTRATION_DECIDE = "registration:decide"
OFFICIALS_MANAGE = "officials:manage"
TASKS_MARK = "tasks:mark"  # a plan task's status (/xong, /danglam): the owning unit's people, focal points for any
DIFFICULTY_REPORT = "difficulties:report"  # /vuongmac: any member of the plan
DIFFICULTY_ANSWER = "difficulties:answer"  # answering one: the plan's focal points and admins

UNIT, PLAN = "unit", "plan"

MATRIX: dict[str, dict[str, str]] = {
    VALUES_ENTER: {OFFICIAL: UNIT, HEAD: UNIT, FOCAL: PLAN, ADMIN: PLAN},
    UNIT_VIEW: {OFFICIAL: UNIT, HEAD: UNIT, FOCAL: PLAN, ADMIN: PLAN},
    PLAN_VIEW_ALL: {FOCAL: PLAN, ADMIN: PLAN},
    SCORES_VIEW: {OFFICIAL: PLAN, HEAD: PLAN, FOCAL: PLAN, ADMIN: PLAN},
    ROUND_MANAGE: {FOCAL: PLAN, ADMIN: PLAN},
    VALUES_APPROVE: {FOCAL: PLAN, ADMIN: PLAN},
    REGISTRATION_DECIDE: {FOCAL: PLAN, ADMIN: PLAN},
    OFFICIALS_MANAGE: {ADMIN: PLAN},
    TASKS_MARK: {OFFICIAL: UNIT, HEAD: UNIT, FOCAL: PLAN, ADMIN: PLAN},
    DIFFICULTY_REPORT: {OFFICIAL: PLAN, HEAD: PLAN, FOCAL: PLAN, ADMIN: PLAN},
    DIFFICULTY_ANSWER: {FOCAL: PLAN, ADMIN: PLAN},
}
ACTIONS: tuple[str, ...] = tuple(MATRIX)
GROUP_COVERED: frozenset[str] = frozenset({UNIT_VIEW})


class Denied(Exception):
    """The user may not do this; ``reason`` is shown to them as it is (Vietnamese)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Refusal:
    """Why an action is refused: ``kind`` (unregistered, inactive, no_unit: removed from every unit, other_plan,
    role, wrong_unit) and what the reason text needs."""

    kind: str
    action: str
    plan_id: str
    context: dict[str, Any] = field(default_factory=dict)


def check(official: OfficialInfo | None, action: str, *, plan_id: str, unit_id: int | None,
          unit: UnitInfo | None) -> Refusal | None:
    """The decision itself, on plain data: None when allowed, else why not."""
    rules = MATRIX.get(action)
    if rules is None:
        raise ValueError(f"unknown permission action {action!r}")
    if official is None:
        return Refusal("unregistered", action, plan_id)
    if not official.active:
        return Refusal("inactive", action, plan_id)
    if not official.memberships:  # registered once, removed from every unit since
        return Refusal("no_unit", action, plan_id)
    if unit_id is not None:
        if unit is None or not official.in_plan(unit.plan_id):
            return _wrong_unit(official, action, plan_id)
        plan_id = unit.plan_id
    mine = official.in_plan(plan_id)
    if not mine:
        return Refusal("other_plan", action, plan_id, {"plans": official.plans})
    granted = [(m, rules[m.role]) for m in mine if m.role in rules]
    if not granted:
        return Refusal("role", action, plan_id, {"roles": list(rules), "yours": sorted({m.role for m in mine})})
    if unit_id is None or any(scope == PLAN for _, scope in granted):
        return None
    covered = {m.unit.id for m, _ in granted}
    if action in GROUP_COVERED:
        covered |= {group for m, _ in granted for group in m.unit.group_ids}
    return None if unit_id in covered else _wrong_unit(official, action, plan_id)


def _wrong_unit(official: OfficialInfo, action: str, plan_id: str) -> Refusal:
    units = [m.unit.label for m in official.in_plan(plan_id)] or [m.unit.label for m in official.memberships]
    return Refusal("wrong_unit", action, plan_id, {"units": list(dict.fromkeys(units))})


def require(session: Session, msg: Incoming, action: str, *, plan_id: str, unit_id: int | None) -> None:
    """Raise ``Denied`` unless the sender of ``msg`` may do ``action`` (on ``unit_id``'s data, in ``plan_id``). The
    sender is read once per turn (with the conversation's lock), and again after the turn changes memberships."""
    official = sender(session, msg.channel, msg.user_id)
    unit = None
    if unit_id is not None:  # the sender's own units are loaded already; only another unit is read
        mine = [m.unit for m in official.memberships if m.unit.id == unit_id] if official else []
        unit = mine[0] if mine else unit_by_id(session, unit_id)
    refusal = check(official, action, plan_id=plan_id, unit_id=unit_id, unit=unit)
    if refusal is not None:
        raise Denied(reason_text(refusal))


def plan_wide(session: Session, msg: Incoming, action: str, *, plan_id: str) -> bool:
    """True when the sender may do ``action`` for every unit of the plan (a focal point, an admin), not only for
    their own units: a handler then offers every unit (``/nhap`` asks which unit to enter for)."""
    official = sender(session, msg.channel, msg.user_id)
    if official is None or not official.active:
        return False
    return any(MATRIX[action].get(m.role) == PLAN for m in official.in_plan(plan_id))


def allowed(session: Session, msg: Incoming, action: str, *, plan_id: str, unit_id: int | None = None) -> bool:
    """``require`` as a question (to decide what to show, not to guard an action)."""
    try:
        require(session, msg, action, plan_id=plan_id, unit_id=unit_id)
    except Denied:
        return False
    return True


@cache
def _renderer() -> Renderer:
    from bot.render import Renderer

    return Renderer()


def reason_text(refusal: Refusal) -> str:
    """The refusal in Vietnamese (plain text; ``denied.j2`` escapes it for HTML)."""
    from knowledge.store import load_knowledge

    plans = load_knowledge().plans
    label = plans[refusal.plan_id].label if refusal.plan_id in plans else refusal.plan_id
    context = dict(refusal.context)
    if "plans" in context:
        context["plans"] = [plans[p].label if p in plans else p for p in context["plans"]]
    text, _ = _renderer().render("permission_denied", kind=refusal.kind, action=refusal.action,
                                 plan_name=label, **context)
    return text
