"""Issue 16, item 5, the round's side: /modot takes a year written in words and half-year periods, a due date on a
day off offers the next working day, the digest does not list a unit whose focal point is registered as having
nobody, the pillar chart leaves out pillars without points, and codes sort naturally (1.9 before 1.10)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.core.app import Core
from bot.reminders.calendar import WorkCalendar
from bot.reminders.planner import MembershipSource
from bot.reminders.policy import OwedItem, Recipient, UnitDues, plan_digests
from bot.services import rounds
from bot.services.reports import pillar_bars
from bot.services.status import RoundStatus, SumStatus
from knowledge.store import load_knowledge
from scoring.codes import code_order
from tests.flowkit import User, flow_fixtures, play, register_official

KB = load_knowledge()
PLAN = "gia-lai-2023"
FOCAL_UNIT = "Sở Thông tin và Truyền thông"


clock, core = flow_fixtures(PLAN)


@pytest.mark.parametrize(("typed", "period"), [
    ("2024", "2024"), ("năm 2024", "2024"), ("Năm 2024", "2024"), ("2024-H1", "2024-H1"), ("2024-h2", "2024-H2"),
    ("6 tháng đầu năm 2024", "2024-H1"), ("6 tháng cuối năm 2024", "2024-H2"), ("sáu tháng đầu năm 2024", "2024-H1"),
    ("2024-Q3", "2024-Q3"), ("quý 3/2024", "2024-Q3"), ("Quý III năm 2024", "2024-Q3"), (" 2024-q4 ", "2024-Q4"),
])
def test_periods_people_write(typed: str, period: str) -> None:
    assert rounds.check_period(typed) == period


@pytest.mark.parametrize("typed", ["năm nay", "2024-Q5", "2024-H3", "quý 5/2024", "1999", "6 tháng 2024", "",
                                   "x" * 300])
def test_periods_refused(typed: str) -> None:
    with pytest.raises(rounds.RoundError) as found:
        rounds.check_period(typed)
    assert "6 tháng đầu năm" in found.value.reason  # the message says every form accepted


def test_modot_takes_a_half_year_and_offers_the_next_working_day(core: Core) -> None:
    register_official(core, PLAN, FOCAL_UNIT, "focal", "focal")
    focal = User(core, user="focal")
    play(focal, [
        ("/modot", ["Xin nhập kỳ"]),
        ("6 tháng đầu năm 2024", ["Kỳ 2024-H1", "hạn nộp"]),
        # Sunday 1/12/2024: not taken silently; the next working day is offered, Monday 2/12/2024
        ("01/12/2024", ["01/12/2024", "ngày nghỉ", "02/12/2024"]),
    ])
    assert [b.label for r in focal.last for b in r.buttons] == ["Dùng 02/12/2024", "Giữ 01/12/2024"]
    with core.db.session() as s:
        assert rounds.find_open(s, PLAN) is None  # nothing opened yet
    stale = list(focal.last)
    play(focal, [("[Dùng 02/12/2024]", ["Đã mở đợt thu thập 2024-H1", "02/12/2024"])])
    focal.press("Giữ", stale)  # the other button of the same question, after the round is open: expired
    assert "hết hạn" in focal.text()
    with core.db.session() as s:
        info = rounds.find_open(s, PLAN)
    assert info is not None and (info.period, info.due) == ("2024-H1", date(2024, 12, 2))


def test_modot_keeps_a_day_off_when_asked_and_a_new_date_can_be_typed(core: Core) -> None:
    register_official(core, PLAN, FOCAL_UNIT, "focal", "focal")
    focal = User(core, user="focal")
    play(focal, [("/modot", []), ("năm 2024", ["Kỳ 2024"]), ("01/01/2025", ["Tết Dương lịch", "02/01/2025"]),
                 ("31/12/2024", ["Đã mở đợt thu thập 2024", "31/12/2024"])])  # a working day typed instead
    play(focal, [("/modot", []), ("2025", []), ("văn bản 07/12/2024", ["Đã mở đợt thu thập 2025"])])
    # a survey letter's date is a fact, not a choice: a Saturday letter opens at once (its due date is counted)
    play(focal, [("/modot", []), ("2026", []), ("07/12/2024", ["ngày nghỉ"]), ("[Giữ 07/12/2024]", ["Đã mở"])])
    with core.db.session() as s:
        info = rounds.find_open(s, PLAN, "2026")
    assert info is not None and info.due == date(2024, 12, 7)


def test_digest_does_not_list_a_unit_whose_focal_point_is_registered(core: Core) -> None:
    register_official(core, PLAN, FOCAL_UNIT, "focal", "focal")
    with core.db.session() as s:
        rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 11, 5))
        source = MembershipSource(KB)
        units = source.units(s, PLAN, date(2024, 11, 4))
        focal = source.focal_points(s, PLAN)
    tttt = next(u for u in units if u.unit_name == FOCAL_UNIT)
    assert tttt.registered
    now = datetime(2024, 11, 4, 2, 0, tzinfo=UTC)
    (digest,) = plan_digests(units, focal, WorkCalendar(), now, plan_id=PLAN)
    nobody = [line.unit for line in digest.context["nobody"]]
    assert FOCAL_UNIT not in nobody and "Sở Tài chính" in nobody


def test_digest_lists_a_unit_with_no_one_at_all() -> None:
    unit = UnitDues(2, "Sở Y tế", "p", (), (OwedItem("1.1", date(2025, 9, 12)),))
    focal = Recipient("test", "f", "focal")
    (digest,) = plan_digests([unit], [focal], WorkCalendar(), datetime(2025, 9, 10, 2, tzinfo=UTC))
    assert [line.unit for line in digest.context["nobody"]] == ["Sở Y tế"]


def test_pillars_without_points_are_left_out_of_the_chart() -> None:
    info = rounds.RoundInfo(1, "kon-tum-2024", "2024", date(2024, 12, 15), "open", ())
    pillars = [SumStatus("1", 10.0, 80.0, False), SumStatus("9", 0.0, 0.0, True), SumStatus("8", 0.0, None, True)]
    status = RoundStatus(info, [], [], pillars, SumStatus("", 10.0, 80.0, False))
    assert [b.label.split(".")[0] for b in pillar_bars(KB, status)] == ["1"]


def test_codes_sort_naturally() -> None:
    codes = ["1.10", "1.9", "10.1", "2.1", "1.2.10", "1.2.9", "6.22#b", "6.22#a", "6.3", "1"]
    assert sorted(codes, key=code_order) == ["1", "1.2.9", "1.2.10", "1.9", "1.10", "2.1", "6.3", "6.22#a",
                                             "6.22#b", "10.1"]


def test_reminders_and_the_digest_list_codes_in_natural_order() -> None:
    from bot.reminders.policy import plan_reminders

    items = tuple(OwedItem(code, date(2025, 9, 5)) for code in ("1.10", "6.22", "1.9", "6.3"))
    unit = UnitDues(1, "Sở Y tế", "p", (Recipient("test", "o", "official"),), items)
    now = datetime(2025, 9, 9, 2, tzinfo=UTC)  # two working days late
    (reminder,) = plan_reminders([unit], WorkCalendar(), now)
    assert reminder.indicators == ("1.9", "1.10", "6.3", "6.22")
    (digest,) = plan_digests([unit], [Recipient("test", "f", "focal")], WorkCalendar(), now)
    assert digest.context["late"][0].codes == ("1.9", "1.10", "6.3", "6.22")
