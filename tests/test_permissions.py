"""The permission matrix, walked whole on both databases: every role × every action, on the member's own unit,
on another unit of the plan, on the group of their member unit, on a unit of another plan and on a unit that
does not exist (a forged payload), plus the route-level check without a unit. The expectations are written out
here, not derived from ``MATRIX``, so a change to the rules fails this test until the table below agrees."""

from __future__ import annotations

import pytest

from bot.core.messages import Incoming
from bot.core.permissions import (
    ACTIONS,
    DIFFICULTY_ANSWER,
    DIFFICULTY_REPORT,
    MATRIX,
    OFFICIALS_MANAGE,
    PLAN_VIEW_ALL,
    REGISTRATION_DECIDE,
    ROUND_MANAGE,
    SCORES_VIEW,
    TASKS_MARK,
    UNIT_VIEW,
    VALUES_APPROVE,
    VALUES_ENTER,
    Denied,
    require,
)
from bot.db.session import Database
from bot.services.officials import ROLES, add_membership, ensure_official
from bot.services.units import add_members, find_units, plan_units
from knowledge.store import load_knowledge

PLAN, OTHER_PLAN = "kon-tum-2024", "gia-lai-2023"
Y, N = True, False
# target: none (route check), own (the member's unit), sibling (another unit of the plan), group (the group of
# the member's unit), other_plan (a unit of another plan), missing (no such unit: a forged id)
TARGETS = ("none", "own", "sibling", "group", "other_plan", "missing")
EXPECTED: dict[tuple[str, str], tuple[bool, ...]] = {
    # role, action:                       none own sibling group other_plan missing
    ("official", VALUES_ENTER):           (Y, Y, N, N, N, N),
    ("official", UNIT_VIEW):              (Y, Y, N, Y, N, N),
    ("official", PLAN_VIEW_ALL):          (N, N, N, N, N, N),
    ("official", SCORES_VIEW):            (Y, Y, Y, Y, N, N),  # the plan's scores: any member
    ("official", ROUND_MANAGE):           (N, N, N, N, N, N),
    ("official", VALUES_APPROVE):         (N, N, N, N, N, N),
    ("official", REGISTRATION_DECIDE):    (N, N, N, N, N, N),
    ("official", OFFICIALS_MANAGE):       (N, N, N, N, N, N),
    ("official", TASKS_MARK):             (Y, Y, N, N, N, N),
    ("official", DIFFICULTY_REPORT):      (Y, Y, Y, Y, N, N),
    ("official", DIFFICULTY_ANSWER):      (N, N, N, N, N, N),
    ("head", VALUES_ENTER):               (Y, Y, N, N, N, N),
    ("head", UNIT_VIEW):                  (Y, Y, N, Y, N, N),
    ("head", PLAN_VIEW_ALL):              (N, N, N, N, N, N),
    ("head", SCORES_VIEW):                (Y, Y, Y, Y, N, N),  # the plan's scores: any member
    ("head", ROUND_MANAGE):               (N, N, N, N, N, N),
    ("head", VALUES_APPROVE):             (N, N, N, N, N, N),
    ("head", REGISTRATION_DECIDE):        (N, N, N, N, N, N),
    ("head", OFFICIALS_MANAGE):           (N, N, N, N, N, N),
    ("head", TASKS_MARK):                 (Y, Y, N, N, N, N),
    ("head", DIFFICULTY_REPORT):          (Y, Y, Y, Y, N, N),
    ("head", DIFFICULTY_ANSWER):          (N, N, N, N, N, N),
    ("focal", VALUES_ENTER):              (Y, Y, Y, Y, N, N),
    ("focal", UNIT_VIEW):                 (Y, Y, Y, Y, N, N),
    ("focal", PLAN_VIEW_ALL):             (Y, Y, Y, Y, N, N),
    ("focal", SCORES_VIEW):               (Y, Y, Y, Y, N, N),  # the plan's scores: any member
    ("focal", ROUND_MANAGE):              (Y, Y, Y, Y, N, N),
    ("focal", VALUES_APPROVE):            (Y, Y, Y, Y, N, N),
    ("focal", REGISTRATION_DECIDE):       (Y, Y, Y, Y, N, N),
    ("focal", OFFICIALS_MANAGE):          (N, N, N, N, N, N),
    ("focal", TASKS_MARK):                (Y, Y, Y, Y, N, N),
    ("focal", DIFFICULTY_REPORT):         (Y, Y, Y, Y, N, N),
    ("focal", DIFFICULTY_ANSWER):         (Y, Y, Y, Y, N, N),
    ("admin", VALUES_ENTER):              (Y, Y, Y, Y, N, N),
    ("admin", UNIT_VIEW):                 (Y, Y, Y, Y, N, N),
    ("admin", PLAN_VIEW_ALL):             (Y, Y, Y, Y, N, N),
    ("admin", SCORES_VIEW):               (Y, Y, Y, Y, N, N),  # the plan's scores: any member
    ("admin", ROUND_MANAGE):              (Y, Y, Y, Y, N, N),
    ("admin", VALUES_APPROVE):            (Y, Y, Y, Y, N, N),
    ("admin", REGISTRATION_DECIDE):       (Y, Y, Y, Y, N, N),
    ("admin", OFFICIALS_MANAGE):          (Y, Y, Y, Y, N, N),
    ("admin", TASKS_MARK):                (Y, Y, Y, Y, N, N),
    ("admin", DIFFICULTY_REPORT):         (Y, Y, Y, Y, N, N),
    ("admin", DIFFICULTY_ANSWER):         (Y, Y, Y, Y, N, N),
}


def msg(user: str) -> Incoming:
    return Incoming(channel="test", chat_id=user, user_id=user)


def _unit(session: object, plan: str, name: str) -> int:
    match = find_units(session, load_knowledge(), plan, name)  # type: ignore[arg-type]
    assert match.status == "one", (name, match)
    return match.units[0].id


def test_the_table_covers_every_role_and_action() -> None:
    assert {(r, a) for r in ROLES for a in ACTIONS} == set(EXPECTED)
    assert set(ACTIONS) == set(MATRIX)


def test_every_role_times_every_action(db: Database) -> None:
    kb = load_knowledge()
    with db.session() as s:
        plan_units(s, kb, PLAN)
        group = _unit(s, PLAN, "UBND các huyện, thành phố")
        [member], _ = add_members(s, group, ["UBND huyện Đắk Hà"])
        targets = {"none": None, "own": member.id, "sibling": _unit(s, PLAN, "Sở Tài chính"), "group": group,
                   "other_plan": _unit(s, OTHER_PLAN, "Sở Tài chính"), "missing": 999_999}
        for role in ROLES:
            add_membership(s, ensure_official(s, "test", role, role, role.title()), member.id, role)
    outcomes: dict[tuple[str, str], tuple[bool, ...]] = {}
    with db.session() as s:
        for role in ROLES:
            for action in ACTIONS:
                row = []
                for target in TARGETS:
                    try:
                        require(s, msg(role), action, plan_id=PLAN, unit_id=targets[target])
                        row.append(True)
                    except Denied as refusal:
                        assert refusal.reason and "{" not in refusal.reason
                        row.append(False)
                outcomes[(role, action)] = tuple(row)
    wrong = {key: (got, EXPECTED[key]) for key, got in outcomes.items() if got != EXPECTED[key]}
    assert wrong == {}


def test_refusals_say_why_in_vietnamese(db: Database) -> None:
    kb = load_knowledge()
    with db.session() as s:
        plan_units(s, kb, PLAN)
        own = _unit(s, PLAN, "Sở Nội vụ")
        add_membership(s, ensure_official(s, "test", "u1", "u1", "Cán Bộ"), own, "official")
        other = _unit(s, PLAN, "Sở Tài chính")
    with db.session() as s:
        def reason(user: str, action: str, plan: str = PLAN, unit: int | None = None) -> str:
            with pytest.raises(Denied) as refused:
                require(s, msg(user), action, plan_id=plan, unit_id=unit)
            return refused.value.reason

        assert "/dangky" in reason("stranger", VALUES_ENTER)
        assert "Đơn vị của bạn là Sở Nội vụ" in reason("u1", VALUES_ENTER, unit=other)
        assert "Đơn vị của bạn là Sở Nội vụ" in reason("u1", VALUES_ENTER, unit=424242)  # forged id: same words
        assert "Chỉ đầu mối, quản trị" in reason("u1", VALUES_APPROVE)
        assert "cán bộ" in reason("u1", VALUES_APPROVE)
        assert "chưa đăng ký trong" in reason("u1", VALUES_ENTER, plan=OTHER_PLAN) and "/plan" in reason(
            "u1", VALUES_ENTER, plan=OTHER_PLAN)


def test_an_unknown_action_is_a_programming_error(db: Database) -> None:
    with db.session() as s, pytest.raises(ValueError):
        require(s, msg("u1"), "round:open", plan_id=PLAN, unit_id=None)
