"""``unit_duties`` (one unit's duties, what /nhap asks each turn) is ``duties`` filtered to that unit, for units
reporting for themselves, member units of groups, and groups (which report through their members)."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Unit
from bot.db.session import Database
from bot.services.duties import default_indicators, duties, unit_duties
from knowledge.store import load_knowledge
from tests.test_collect_services import unit_id

KB = load_knowledge()


def test_one_unit_s_duties_are_its_share_of_all_duties(db: Database) -> None:
    for plan, group in (("gia-lai-2023", "Các sở, ban, ngành"), ("kon-tum-2024", "UBND các huyện, thành phố")):
        for n in range(3):
            unit_id(db, plan, f"Đơn vị thành viên {n}", parent=group)
        indicators = default_indicators(KB, plan)
        group_id, member_id = unit_id(db, plan, group), unit_id(db, plan, "Đơn vị thành viên 0")
        with db.session() as s:
            every = duties(s, KB, plan, indicators)
            units = s.execute(select(Unit.id, Unit.name).where(Unit.plan_id == plan)).all()
            checked = 0
            for uid, _name in units:
                expected = [d for d in every if d.unit_id == uid]
                assert unit_duties(s, KB, plan, indicators, uid) == expected, _name
                checked += bool(expected)
            assert checked > 5
            assert unit_duties(s, KB, plan, indicators, group_id) == []
            member = unit_duties(s, KB, plan, indicators, member_id)
            assert member and all(d.group == group for d in member)
