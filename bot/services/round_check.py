"""Can a round be finished? Every input it asks must have a unit that can enter it.

An input is uncollectable when the plan gives it nobody and has no focal unit to fall back on, or when a unit whose
part counts is a group without member units (a group is not any single unit: only its members report). Warnings
beside it: the inputs that fell to a unit by default ("giao mặc định"), the group units without members, and the
units that owe something with nobody registered (the focal point can still enter for them, "nhập thay").

``dti-bot round check`` prints it, ``round open`` prints it as warnings; the JSON is a contract:
``{"uncollectable": [{"code", "input", "reason"}], "default_owners": [{"code", "input", "unit"}],
"groups_without_members": [names], "units_without_officials": [names]}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from bot.services.duties import lead_inputs, plan_book, reporting
from bot.services.status import registered_units
from knowledge.owners import counted_owners, owners


@dataclass(frozen=True)
class Uncollectable:
    code: str
    input: str
    reason: str


@dataclass(frozen=True)
class DefaultOwner:
    code: str
    input: str
    unit: str


@dataclass(frozen=True)
class RoundCheck:
    uncollectable: list[Uncollectable] = field(default_factory=list)
    default_owners: list[DefaultOwner] = field(default_factory=list)
    groups_without_members: list[str] = field(default_factory=list)
    units_without_officials: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """Nothing to say at all."""
        return not (self.uncollectable or self.default_owners or self.groups_without_members
                    or self.units_without_officials)

    def to_json(self) -> dict[str, Any]:
        return {
            "uncollectable": [{"code": u.code, "input": u.input, "reason": u.reason} for u in self.uncollectable],
            "default_owners": [{"code": d.code, "input": d.input, "unit": d.unit} for d in self.default_owners],
            "groups_without_members": self.groups_without_members,
            "units_without_officials": self.units_without_officials,
        }


NO_OWNER = ("Kế hoạch không giao đầu vào này cho đơn vị nào và không có đơn vị đầu mối để giao mặc định: cần phân "
            "công một đơn vị.")
EMPTY_GROUP = ("«{group}» là đơn vị nhóm chưa có đơn vị thành viên nào, nên không ai nhập phần của nhóm (thêm: "
               "dti-bot units add --plan {plan} --member-of \"{group}\" \"<tên đơn vị>\"…)")


def check_round(session: Session, kb: Any, plan_id: str, indicators: Sequence[str]) -> RoundCheck:
    """What stands between these indicators and a finished round of the plan."""
    book = plan_book(kb, plan_id)
    found = {code: owners(kb, plan_id, code) for code in indicators}
    rep = reporting(session, plan_id, {n for o in found.values() for names in o.by_input.values() for n in names})
    uncollectable: list[Uncollectable] = []
    defaults: list[DefaultOwner] = []
    empty: set[str] = set()
    owing: dict[int, str] = {}
    for code in indicators:
        rule = book.rule(code)
        own = found[code]
        for name, leads in own.by_input.items():
            defaults.extend(DefaultOwner(code, name, unit) for unit in own.defaults.get(name, ()))
            blocked = [lead for lead in leads if not rep.units[lead].reporters]
            empty.update(blocked)
            counted = counted_owners(rule, name, leads) if rule is not None else tuple(leads)
            if not leads:
                uncollectable.append(Uncollectable(code, name, NO_OWNER))
            elif stuck := [lead for lead in counted if lead in blocked]:
                uncollectable.append(Uncollectable(code, name, EMPTY_GROUP.format(group=stuck[0], plan=plan_id)))
        for lead in lead_inputs(own.by_input):
            owing.update((r.id, r.name) for r in rep.units[lead].reporters)
    registered = registered_units(session, plan_id)
    return RoundCheck(uncollectable, defaults, sorted(empty),
                      sorted(name for uid, name in owing.items() if uid not in registered))
