"""Group membership (issue 16): a unit of the plan joins one or more group units and reports its own part of each
group's indicators, counted once even where it reports for two units of one indicator; a group without members is
reported by nobody; the members' answers combine as the rule data says (``members``: all / any). SQLite and
PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.messages import Incoming
from bot.core.permissions import UNIT_VIEW, VALUES_ENTER, Denied, require
from bot.db.models import Unit
from bot.db.session import Database
from bot.services.duties import duties, unit_duties
from bot.services.officials import add_membership, ensure_official
from bot.services.units import add_members, members_of, plan_units
from knowledge.store import load_knowledge
from tests.test_collect_services import open_round, status_of, submit

KB = load_knowledge()
PLAN = "kon-tum-2024"


def _id(s, name: str) -> int:  # type: ignore[no-untyped-def]
    return int(s.scalars(select(Unit.id).where(Unit.plan_id == PLAN, Unit.name == name)).one())


def _join(db: Database, group: str, *names: str) -> dict[str, int]:
    """The plan's units synced, then ``names`` made members of ``group``; every unit's id by name."""
    with db.session() as s:
        plan_units(s, KB, PLAN)
        added, skipped = add_members(s, _id(s, group), list(names))
        assert skipped == [] and len(added) == len(names)
        return {u.name: u.id for u in plan_units(s, KB, PLAN)}


def test_a_unit_reporting_for_two_leads_of_one_indicator_owes_it_once_and_counts_once(db: Database) -> None:
    # 6.21 is led by "Các sở, ban, ngành" and "Các địa phương"; the Sở Tài chính is in both, and leads 6.22 b itself
    _join(db, "Các sở, ban, ngành", "Sở Tài chính", "Sở Nội vụ")
    ids = _join(db, "Các địa phương", "Sở Tài chính", "UBND huyện Đắk Hà")
    tc, nv, dh = ids["Sở Tài chính"], ids["Sở Nội vụ"], ids["UBND huyện Đắk Hà"]
    r = open_round(db, PLAN)
    with db.session() as s:
        every = duties(s, KB, PLAN, r.indicators)
        mine = [d for d in every if d.unit_id == tc]
        assert unit_duties(s, KB, PLAN, r.indicators, tc) == mine
        assert unit_duties(s, KB, PLAN, r.indicators, dh) == [d for d in every if d.unit_id == dh]
        assert [d.group for d in mine if d.indicator == "6.21"] == ["Các sở, ban, ngành"]  # once, the first lead
        assert [(d.inputs, d.group) for d in mine if d.indicator == "6.22"] == [(("b",), None)]  # its own
        assert {d.indicator for d in every if d.unit_id == ids["Các sở, ban, ngành"]} == set()  # a group never
    submit(db, r, tc, "6.21", {"x": 2})
    submit(db, r, nv, "6.21", {"x": 1})
    st, by_code = status_of(db, r)
    assert by_code["6.21"].missing == ["x"]  # Đắk Hà has not given its part
    submit(db, r, dh, "6.21", {"x": 3})
    st, by_code = status_of(db, r)
    ind = by_code["6.21"]
    assert ind.inputs == {"x": 6.0} and ind.score is not None  # 2 + 1 + 3: the Sở Tài chính's 2 counted once
    assert sorted(p.unit for p in ind.parts) == ["Sở Nội vụ", "Sở Tài chính", "UBND huyện Đắk Hà"]
    owed = {u.name: u.owed for u in st.units}
    assert owed["Sở Tài chính"] == len({d.indicator for d in mine}) == len(mine)


def test_a_group_without_members_is_reported_by_nobody_until_one_joins(db: Database) -> None:
    ids = _join(db, "UBND các huyện, thành phố", "UBND huyện Đắk Hà")  # a group of another kind, for contrast
    r = open_round(db, PLAN)
    with db.session() as s:
        owing = {d.unit for d in duties(s, KB, PLAN, ["4.5"])}
    assert owing == {"UBND huyện Đắk Hà"}  # "Các sở, ban, ngành" and "UBND cấp xã": no members, nobody
    _, by_code = status_of(db, r)
    assert "a" in by_code["4.5"].missing  # never complete without the groups' parts: no confident wrong score
    ids = _join(db, "Các sở, ban, ngành", "Sở Tài chính")
    with db.session() as s:
        assert [m.name for m in members_of(s, ids["Các sở, ban, ngành"])] == ["Sở Tài chính"]
        owing = {d.unit: d.group for d in duties(s, KB, PLAN, ["4.5"])}
    assert owing == {"UBND huyện Đắk Hà": "UBND các huyện, thành phố", "Sở Tài chính": "Các sở, ban, ngành"}


def test_members_answers_combine_as_the_rule_data_says(db: Database) -> None:
    # 2.10 (a policy the province issues once): members "any"; 1.10 (a frequency): members "all", the lowest option
    ids = _join(db, "Các đơn vị, địa phương", "Sở Tài chính", "Văn phòng UBND tỉnh")
    ids = _join(db, "UBND các huyện, thành phố", "UBND huyện Đắk Hà", "UBND huyện Sa Thầy")
    r = open_round(db, PLAN)
    submit(db, r, ids["Sở Tài chính"], "2.10", {"x": "chưa"})
    submit(db, r, ids["Văn phòng UBND tỉnh"], "2.10", {"x": "có"})
    submit(db, r, ids["UBND huyện Đắk Hà"], "1.10", {"x": "1"})
    submit(db, r, ids["UBND huyện Sa Thầy"], "1.10", {"x": "2"})
    _, by_code = status_of(db, r)
    assert by_code["2.10"].inputs == {"x": "co"} and by_code["2.10"].score == by_code["2.10"].max
    assert by_code["2.10"].combine == {"x": "any"} and by_code["1.10"].combine == {"x": "all"}
    assert by_code["1.10"].score == by_code["1.10"].max / 2  # weekly and monthly: the monthly one counts


def test_a_member_sees_each_of_its_groups_and_enters_none_of_them(db: Database) -> None:
    ids = _join(db, "Các sở, ban, ngành", "Sở Tài chính")
    with db.session() as s:
        add_membership(s, ensure_official(s, "test", "u1", "u1", "Cán bộ"), ids["Sở Tài chính"], "official")
    who = Incoming(channel="test", chat_id="u1", user_id="u1", text="")
    with db.session() as s:
        require(s, who, UNIT_VIEW, plan_id=PLAN, unit_id=ids["Các sở, ban, ngành"])
        require(s, who, VALUES_ENTER, plan_id=PLAN, unit_id=ids["Sở Tài chính"])
        for action, unit in ((VALUES_ENTER, "Các sở, ban, ngành"), (UNIT_VIEW, "UBND các huyện, thành phố")):
            try:
                require(s, who, action, plan_id=PLAN, unit_id=ids[unit])
            except Denied:
                continue
            raise AssertionError(f"{action} on {unit} allowed")


def test_a_new_member_makes_the_cached_score_wait_for_its_part(db: Database) -> None:
    from bot.services import rounds
    from bot.services.scores import cached_status, clear_cache

    clear_cache()
    ids = _join(db, "UBND các huyện, thành phố", "UBND huyện Đắk Hà")
    r = open_round(db, PLAN)
    submit(db, r, ids["UBND huyện Đắk Hà"], "3.1", {"a": "9.000", "b": "10.000"})
    with db.session() as s:
        assert next(i for i in cached_status(s, KB, rounds.get_round(s, r.id)).indicators
                    if i.code == "3.1").score is not None
    _join(db, "UBND các huyện, thành phố", "UBND huyện Sa Thầy")  # no value changed: the membership did
    with db.session() as s:
        again = next(i for i in cached_status(s, KB, rounds.get_round(s, r.id)).indicators if i.code == "3.1")
    assert again.score is None and again.missing == ["a", "b"]
