"""The reminder policy on a real calendar: holidays, a weekend, a make-up Saturday, quiet hours; exactly-once keys;
folding after downtime; escalation to the head; the focal point's digest; the rendered texts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.config import PlanReminderSettings, Settings
from bot.reminders.calendar import WorkCalendar
from bot.reminders.messages import render_reminder
from bot.reminders.policy import (
    OwedItem,
    Planned,
    Recipient,
    ReminderPolicy,
    UnitDues,
    item_steps,
    plan_digests,
    plan_reminders,
    snooze_until,
)
from bot.render import Renderer

VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = date
CAL = WorkCalendar()
OFFICIAL = Recipient("telegram", "o1", "official", "Nguyễn Văn A")
HEAD = Recipient("telegram", "h1", "head", "Trần Thị B")
FOCAL = Recipient("zalo", "f1", "focal", "Lê Văn C")
ITEMS = (OwedItem("7.12", D(2025, 9, 5), "Chi thường xuyên cho kinh tế số"), OwedItem("6.3", D(2025, 9, 12)))


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN)


def unit(*recipients: Recipient, items: tuple[OwedItem, ...] = ITEMS, **kw: object) -> UnitDues:
    return UnitDues(1, "Sở Tài chính", "kon-tum-2024", recipients, items, **kw)  # type: ignore[arg-type]


def plan(units: list[UnitDues], now: datetime, **kw: object) -> list[Planned]:
    return plan_reminders(units, CAL, now, **kw)  # type: ignore[arg-type]


def one(planned: list[Planned]) -> Planned:
    assert len(planned) == 1, planned
    return planned[0]


def test_steps_around_quoc_khanh() -> None:
    steps = {(s.day, s.kind, s.late) for s in item_steps(D(2025, 9, 5), D(2025, 9, 30), CAL, ReminderPolicy())}
    assert steps == {
        (D(2025, 8, 29), "before", 0),  # 7 days before, a Friday
        (D(2025, 9, 3), "before", 0),  # 3 days before is 2/9 (holiday): the next working morning
        (D(2025, 9, 4), "before", 0),
        (D(2025, 9, 5), "due", 0),
        (D(2025, 9, 10), "overdue", 3), (D(2025, 9, 10), "escalation", 3),  # 8, 9, 10 September
        (D(2025, 9, 15), "overdue", 6), (D(2025, 9, 15), "escalation", 6),
        (D(2025, 9, 18), "overdue", 9), (D(2025, 9, 18), "escalation", 9),
        (D(2025, 9, 23), "overdue", 12), (D(2025, 9, 23), "escalation", 12),
        (D(2025, 9, 26), "overdue", 15), (D(2025, 9, 26), "escalation", 15),
    }  # the next, 18 working days late, is 1/10


@pytest.mark.parametrize(
    ("now", "last", "kind", "codes"),
    [
        (at(2025, 8, 29), None, "before", ["7.12"]),
        (at(2025, 9, 3), D(2025, 8, 29), "before", ["7.12"]),  # the step of the holiday, moved
        (at(2025, 9, 4), D(2025, 9, 3), "before", ["7.12"]),
        (at(2025, 9, 5), D(2025, 9, 4), "due", ["7.12", "6.3"]),  # 6.3's 7-day step the same day: one message
        (at(2025, 9, 10, 16, 59), D(2025, 9, 9), "overdue", ["7.12", "6.3"]),
    ],
)
def test_one_message_a_day_at_each_step(now: datetime, last: date | None, kind: str, codes: list[str]) -> None:
    p = one(plan([unit(replace(OFFICIAL, last_reminded=last))], now))
    assert (p.kind, list(p.indicators), p.key) == (kind, codes, f"rem:{now.date().isoformat()}:telegram:o1")


@pytest.mark.parametrize(
    ("now", "last"),
    [
        (at(2025, 8, 29, 7, 59), None),  # before working hours
        (at(2025, 8, 29, 17, 0), None),  # after them
        (at(2025, 8, 30), D(2025, 8, 29)),  # Saturday
        (at(2025, 9, 1), D(2025, 8, 29)),  # Quốc khánh (Monday 1/9 and Tuesday 2/9)
        (at(2025, 9, 2), D(2025, 8, 29)),
        (at(2025, 9, 1, 3, 0), None),
        (at(2025, 9, 8), D(2025, 9, 5)),  # no step on 8/9: nothing
        (at(2025, 9, 5, 15, 0), D(2025, 9, 5)),  # already reminded today
    ],
)
def test_nothing_outside_working_time_or_between_steps(now: datetime, last: date | None) -> None:
    assert plan([unit(replace(OFFICIAL, last_reminded=last))], now) == []


def test_make_up_saturday_and_tet() -> None:
    may = (OwedItem("1.1", D(2025, 4, 29)),)
    p = one(plan([unit(replace(OFFICIAL, last_reminded=D(2025, 4, 22)), items=may)], at(2025, 4, 26)))
    assert p.kind == "before"  # 3 days before, on the make-up working Saturday
    assert {s.day for s in item_steps(D(2025, 4, 29), D(2025, 5, 31), CAL, ReminderPolicy())
            if s.kind == "overdue"} >= {D(2025, 5, 7)}  # 30/4, 1/5, 2/5 and the weekend are not counted
    tet = (OwedItem("2.1", D(2025, 1, 31)),)  # due on the third day of Tết
    assert plan([unit(replace(OFFICIAL, last_reminded=D(2025, 1, 24)), items=tet)], at(2025, 1, 30)) == []
    p = one(plan([unit(replace(OFFICIAL, last_reminded=D(2025, 1, 24)), items=tet)], at(2025, 2, 3, 8, 0)))
    assert p.kind == "due" and len(p.steps) == 3  # 3 days before, 1 day before and the day, folded on 3/2


def test_exactly_once_keys() -> None:
    units = [unit(replace(OFFICIAL, last_reminded=D(2025, 9, 4)), HEAD)]
    first = plan(units, at(2025, 9, 5, 8, 0))
    again = plan(units, at(2025, 9, 5, 8, 1))
    assert [p.key for p in first] == [p.key for p in again]  # a second planner queues the same keys: refused
    assert len({p.key for p in first}) == len(first)
    # the same chat listed twice (two roles, two units) still gets one message
    twice = [unit(replace(OFFICIAL, last_reminded=D(2025, 9, 4))),
             replace(unit(replace(OFFICIAL, last_reminded=D(2025, 9, 4))), unit_id=2, unit_name="Sở Nội vụ")]
    p = one(plan(twice, at(2025, 9, 5)))
    assert p.units == ("Sở Nội vụ", "Sở Tài chính") or set(p.units) == {"Sở Nội vụ", "Sở Tài chính"}
    assert len(p.items) == 4


def test_folding_after_downtime() -> None:
    # down from 28/8 evening to 11/9: every step that fell meanwhile → one message per recipient
    units = [unit(replace(OFFICIAL, last_reminded=D(2025, 8, 28)), replace(HEAD, last_reminded=D(2025, 8, 1)))]
    out = plan(units, at(2025, 9, 11, 8, 0))
    assert [p.chat for p in out] == ["h1", "o1"]
    head, official = out
    assert official.kind == "overdue" and official.indicators == ("7.12", "6.3")
    assert sorted(s.split("|")[3] for s in official.steps if s.split("|")[2] == "7.12") == [
        "before:0", "before:0", "before:0", "due:0", "overdue:3"]
    assert head.kind == "escalation" and head.indicators == ("7.12",)
    # never reminded before (a new member): told at once what is already late, once
    fresh = one(plan([unit(OFFICIAL)], at(2025, 9, 11)))
    assert fresh.kind == "overdue"


def test_escalation_goes_to_the_head_and_officials_keep_overdue() -> None:
    out = plan([unit(replace(OFFICIAL, last_reminded=D(2025, 9, 9)), replace(HEAD, last_reminded=None))],
               at(2025, 9, 10))
    kinds = {p.chat: p.kind for p in out}
    assert kinds == {"o1": "overdue", "h1": "escalation"}
    assert plan([unit(replace(HEAD, last_reminded=D(2025, 9, 10)))], at(2025, 9, 11)) == []  # not every day
    assert one(plan([unit(replace(HEAD, last_reminded=D(2025, 9, 10)))], at(2025, 9, 15))).kind == "escalation"
    assert plan([unit(HEAD)], at(2025, 9, 9)) == []  # 2 working days late: the head is not told yet


def test_submitted_paused_snoozed_unreachable() -> None:
    done = tuple(replace(i, submitted=True) for i in ITEMS)
    assert plan([unit(OFFICIAL, items=done)], at(2025, 9, 10)) == []
    partly = (replace(ITEMS[0], submitted=True), ITEMS[1])
    assert one(plan([unit(replace(OFFICIAL, last_reminded=D(2025, 9, 4)), items=partly)],
                    at(2025, 9, 5))).indicators == ("6.3",)
    assert plan([unit(OFFICIAL, paused=True)], at(2025, 9, 10)) == []
    assert plan([unit(replace(OFFICIAL, reachable=False))], at(2025, 9, 10)) == []
    until = snooze_until(CAL, at(2025, 8, 29, 10, 0))
    assert until == at(2025, 9, 4, 8, 0)  # "hoãn" on Friday 29/8: not on 3/9, back on 4/9
    snoozed = replace(OFFICIAL, last_reminded=D(2025, 8, 29), snoozed_until=until)
    assert plan([unit(snoozed)], at(2025, 9, 3)) == []
    p = one(plan([unit(snoozed)], at(2025, 9, 4, 8, 0)))
    assert len(p.steps) == 2  # the 3-day and the 1-day steps, folded


def test_task_deadlines_of_the_plan() -> None:
    task = (OwedItem("2.3", D(2025, 12, 31), "Kế hoạch hành động hằng năm", task=True, due_text="Quý IV năm 2025"),)
    p = one(plan([unit(OFFICIAL, items=task)], at(2025, 12, 24)))
    assert (p.kind, p.indicators, p.due) == ("task", ("2.3",), D(2025, 12, 31))
    mixed = (*task, OwedItem("7.12", D(2025, 12, 31)))
    assert one(plan([unit(OFFICIAL, items=mixed)], at(2025, 12, 24))).kind == "before"


def test_digest_for_the_focal_point() -> None:
    units = [
        unit(replace(OFFICIAL, last_reminded=D(2025, 9, 10))),
        UnitDues(2, "UBND huyện Đăk Hà", "kon-tum-2024", (), (OwedItem("7.12", D(2025, 9, 12)),)),
        UnitDues(3, "Báo Kon Tum", "kon-tum-2024", (Recipient("zalo", "z9", "official", "Phạm D", reachable=False),),
                 (OwedItem("1.6", D(2025, 10, 1)),)),
        UnitDues(4, "Sở Y tế", "kon-tum-2024", (OFFICIAL,), (), paused=True),
    ]
    digest = one(plan_digests(units, [FOCAL], CAL, at(2025, 9, 10, 8, 0), plan_id="kon-tum-2024"))
    assert digest.key == "dig:2025-09-10:kon-tum-2024:zalo:f1"
    ctx = digest.context
    assert [(line.unit, line.codes, line.days_late) for line in ctx["late"]] == [("Sở Tài chính", ("7.12",), 3)]
    assert [(line.unit, line.due) for line in ctx["soon"]] == [
        ("Sở Tài chính", D(2025, 9, 12)), ("UBND huyện Đăk Hà", D(2025, 9, 12))]
    assert [line.unit for line in ctx["nobody"]] == ["UBND huyện Đăk Hà"]
    assert [(line.unit, line.people) for line in ctx["unreachable"]] == [("Báo Kon Tum", ("Phạm D",))]
    text = render_reminder(Renderer(), digest).text
    for expected in ("Tình hình báo cáo ngày 10/09/2025", "Sở Tài chính: 7.12 — trễ 3 ngày làm việc",
                     "đã báo thủ trưởng", "UBND huyện Đăk Hà", "Báo Kon Tum: Phạm D", "tạm dừng nhắc: Sở Y tế"):
        assert expected in text, text
    assert plan_digests(units, [FOCAL], CAL, at(2025, 9, 13), plan_id="kon-tum-2024") == []  # Saturday
    assert plan_digests(units, [FOCAL], CAL, at(2025, 9, 10, 7, 0)) == []  # before working hours
    quiet = [unit(replace(OFFICIAL, last_reminded=D(2025, 6, 1)), items=(OwedItem("1.1", D(2025, 12, 1)),))]
    assert plan_digests(quiet, [FOCAL], CAL, at(2025, 9, 10)) == []  # nothing to say: no digest


def test_rendered_texts_and_buttons() -> None:
    renderer = Renderer()
    late_unit = replace(unit(replace(OFFICIAL, last_reminded=D(2025, 9, 9)), HEAD), unit_name="Sở <Tài> chính")
    official, head = sorted(plan([late_unit], at(2025, 9, 10)), key=lambda p: p.chat != "o1")
    reply = render_reminder(renderer, official)
    assert "Đã quá hạn" in reply.text and "7.12 Chi thường xuyên cho kinh tế số — hạn 05/09/2025 (quá hạn 5 ngày)" \
        in reply.text
    assert "6.3 — hạn 12/09/2025, còn 2 ngày" in reply.text
    assert [b.payload for b in reply.buttons] == ["n:start", "rm:snooze"]
    assert "Sở &lt;Tài&gt; chính" in reply.html and "<b>" in reply.html
    head_reply = render_reminder(renderer, head)
    assert head_reply.buttons == () and "Trần Thị B" in head_reply.text and "6.3" not in head_reply.text
    contract = official.contract(reply.text)
    assert contract == {"recipient": {"channel": "telegram", "chat": "o1"}, "unit": "Sở <Tài> chính",
                        "kind": "overdue", "due": "2025-09-05", "indicators": ["7.12", "6.3"], "text": reply.text}
    for kind_now in (at(2025, 8, 29), at(2025, 9, 5)):
        r = render_reminder(renderer, one(plan([unit(OFFICIAL)], kind_now)))
        assert r.text.strip() and "Nhập số liệu" in r.text


def test_policy_from_settings() -> None:
    settings = Settings()
    settings.reminders.days_before = [1, 5, 5]
    settings.reminders.overdue_every = 2
    policy = ReminderPolicy.from_settings(settings)
    assert policy.days_before == (5, 1)
    overdue = [s.day for s in item_steps(D(2025, 9, 5), D(2025, 9, 12), CAL, policy) if s.kind == "overdue"]
    assert overdue == [D(2025, 9, 9), D(2025, 9, 11)]


def test_policy_per_plan_inherits_what_it_does_not_name() -> None:
    settings = Settings()
    settings.reminders.overdue_every = 2
    settings.reminders.plans = {"gia-lai-2023": PlanReminderSettings(days_before=[5, 1, 5])}
    policy = ReminderPolicy.from_settings(settings)
    own = policy.for_plan("gia-lai-2023")
    assert (own.days_before, own.overdue_every, own.escalate_after) == ((5, 1), 2, 3)
    assert policy.for_plan("kon-tum-2024") is policy and policy.days_before == (7, 3, 1)


def test_each_unit_is_reminded_on_its_own_plans_steps() -> None:
    """Due Friday 12/9/2025: the default plan's unit is told 7 days before (5/9), the other plan's (days_before
    [5, 1]) on Monday 8/9 — and one chat that belongs to both gets one message naming both."""
    settings = Settings()
    settings.reminders.plans = {"gia-lai-2023": PlanReminderSettings(days_before=[5, 1])}
    policy = ReminderPolicy.from_settings(settings)
    due = (OwedItem("6.3", D(2025, 9, 12)),)
    kon_tum = UnitDues(1, "Sở Tài chính", "kon-tum-2024", (OFFICIAL,), due)
    gia_lai = UnitDues(2, "Sở Nội vụ", "gia-lai-2023", (replace(OFFICIAL, chat="o2"),), due)
    assert [p.chat for p in plan([kon_tum, gia_lai], at(2025, 9, 5), policy=policy)] == ["o1"]
    assert plan([gia_lai], at(2025, 9, 5), policy=policy) == []
    assert [p.chat for p in plan([gia_lai], at(2025, 9, 8), policy=policy)] == ["o2"]
    both = replace(gia_lai, recipients=(OFFICIAL,))
    (message,) = plan([kon_tum, both], at(2025, 9, 8), policy=policy)
    assert set(message.units) == {"Sở Tài chính", "Sở Nội vụ"}
    late = [s.late for s in item_steps(D(2025, 9, 12), D(2025, 9, 30), CAL, policy.for_plan("gia-lai-2023"))
            if s.kind == "overdue"]
    assert late == [3, 6, 9, 12]  # overdue_every inherited (3)
