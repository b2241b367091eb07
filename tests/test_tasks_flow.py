"""Plan tasks through the core (issue 18, item 3), on SQLite and PostgreSQL: Gia Lai's section VI.2 task (each
lead unit issues its detailed plan within 15 days of 02/11/2023) listed, marked "đang làm" then "xong" with a note,
a link and a file; a unit that owns no task refused, an indicator code pointed to /nhap; a focal point choosing
the unit among several owners (cancel, stale button, forged unit of another plan or one that owns nothing); the
focal point's per-unit view; the reminder planner leaving a done task out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.config import Settings
from bot.core.app import Core
from bot.core.messages import FileRef, Incoming
from bot.reminders.planner import MembershipSource, plan_tasks
from bot.services import rounds
from bot.services import tasks as task_service
from knowledge.store import load_knowledge
from tests.flowkit import ManualClock, User, plan_core, play, register_official
from tests.test_collect_services import unit_id

KB = load_knowledge()
PLAN = "gia-lai-2023"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2023, 11, 6, 2, 0, tzinfo=UTC))  # Monday 09:00 in Hà Nội, 11 days before VI.2


@pytest.fixture
def core(settings: Settings, clock: ManualClock) -> Iterator[Core]:
    yield from plan_core(settings, clock, PLAN)


def test_the_detailed_plan_task_is_built_from_the_source() -> None:
    plan = KB.plans[PLAN]
    [task] = [i for i in plan.items if i.code == "VI.2"]
    leads = {u for a in plan.assignments for u in a.lead}
    assert set(task.lead) == leads and "Sở Tài chính" in leads and "Sở Nội vụ" not in leads
    assert task.deadline.startswith("17/11/2023 ")  # 02/11/2023 + 15 days
    assert task.kind == "task"


def test_an_official_marks_the_units_task(core: Core, tmp_path: Path) -> None:
    register_official(core, PLAN, "Sở Tài chính", "u1")
    u1 = User(core, user="u1")
    play(u1, [
        ("/nhiemvu", ["VI.2", "chưa làm", "17/11/2023", "chưa làm 1"]),
        ("/danglam VI.2 đang dự thảo", ["đang làm", "Sở Tài chính", "đang dự thảo"]),
        ("/xong", ["Cách dùng: /xong MÃ"]),
        ("/xong PL9.9", ["không có nhiệm vụ mã «PL9.9»"]),
        ("/xong 1.1", ["chỉ số được chấm điểm", "/nhap 1.1"]),
        ("/xong vi.2 Kế hoạch số 12/KH-STC https://stc.example.vn/kh-12.pdf",
         ["xong", "12/KH-STC", "https://stc.example.vn/kh-12.pdf", "không được nhắc nữa"]),
        ("/nhiemvu", ["✅", "Xong 1"]),
    ])
    proof = tmp_path / "ke-hoach.pdf"
    proof.write_bytes(b"%PDF-1.4 test")
    u1.last = core.handle(Incoming(channel="test", chat_id="u1", user_id="u1", text="/xong VI.2",
                                   file=FileRef("ke-hoach.pdf", str(proof), "application/pdf", proof.stat().st_size)))
    assert "tệp ke-hoach.pdf" in u1.text() and "12/KH-STC" in u1.text()  # the note kept, the file added
    with core.db.session() as s:
        [mine] = task_service.tasks_of_plan(s, KB, PLAN, today=date(2023, 11, 6),
                                            unit_ids={unit_id(core.db, PLAN, "Sở Tài chính")})
        assert mine.status == "done" and mine.proof_link.endswith("kh-12.pdf") and mine.proof_path
        assert Path(mine.proof_path).read_bytes() == b"%PDF-1.4 test"
        assert mine.done_at is not None and mine.by == "Cán bộ u1"


def test_someone_elses_task_is_refused(core: Core) -> None:
    register_official(core, PLAN, "Sở Nội vụ", "u2")  # coordinates indicators, leads none: owns no task
    play(User(core, user="u2"), [
        ("/xong VI.2", ["do ", "chủ trì", "đơn vị của bạn là Sở Nội vụ"]),
        ("/nhiemvu", ["không chủ trì nhiệm vụ nào"]),
    ])
    play(User(core, user="stranger"), [("/xong VI.2", ["⛔"])])  # not registered


def forged(user: User, unit: int) -> str:
    """A button of the last answer ("~serial:tu:<unit>") naming another unit."""
    real = next(b.payload for r in user.last for b in r.buttons)
    return f"{real.rsplit(':', 1)[0]}:{unit}"


def test_the_focal_point_picks_the_unit(core: Core) -> None:
    register_official(core, PLAN, "Sở Thông tin và Truyền thông", "focal", role="focal")
    other_plan_unit = unit_id(core.db, "kon-tum-2024", "Sở Tài chính")
    not_owner = unit_id(core.db, PLAN, "Sở Nội vụ")
    focal = User(core, user="focal")
    play(focal, [("/xong VI.2", ["nhiều đơn vị chủ trì"]), ("/huy", ["Đã huỷ"])])
    play(focal, [("/xong VI.2 số 5/KH", ["nhiều đơn vị chủ trì"])])
    stale = focal.last
    play(focal, [("[Xem thêm]", []), ("[Sở Tài chính]", ["Đã ghi nhận", "Sở Tài chính", "xong", "số 5/KH"])])
    stale = focal.last if any(r.buttons for r in focal.last) else stale
    focal.say(payload=f"tu:{unit_id(core.db, PLAN, 'Sở Tài chính')}")  # the same button again: the flow is over
    assert "hết hạn" in focal.text()
    play(focal, [
        ("/danglam VI.2", ["nhiều đơn vị chủ trì"]),
        ("sở không có", ["Không tìm thấy đơn vị", "/huy"]),
        ("Báo Gia Lai", ["Đã ghi nhận", "Báo Gia Lai", "đang làm"]),
        ("/danglam VI.2", ["nhiều đơn vị chủ trì"]),
    ])
    focal.say(payload=forged(focal, other_plan_unit))  # forged: a unit of another plan (this step's serial)
    assert "⛔" in focal.text() or "Đơn vị của bạn" in focal.text()
    play(focal, [("/danglam VI.2", ["nhiều đơn vị chủ trì"])])
    focal.say(payload=forged(focal, not_owner))  # forged: a unit of the plan that owns no such task
    assert "Nhiệm vụ VI.2 do" in focal.text() and "chủ trì" in focal.text()
    play(focal, [
        ("/nhiemvu", ["theo đơn vị", "Sở Tài chính: xong 1/1"]),
        ("/nhiemvu tài chính", ["Sở Tài chính", "✅", "số 5/KH"]),
        ("/nhiemvu", []),
        ("[Xem thêm]", []),
        ("[Xem thêm]", []),  # units with everything done come last
        ("[Sở Tài chính]", ["✅", "số 5/KH"]),
    ])
    with core.db.session() as s:
        marks = {t.unit: t.status for t in task_service.tasks_of_plan(s, KB, PLAN, today=date(2023, 11, 6))}
    assert marks["Sở Tài chính"] == "done" and "Sở Nội vụ" not in marks
    assert marks["Báo Gia Lai"] == "doing"
    assert sorted(set(marks.values())) == ["doing", "done", "todo"]  # the forged presses changed nothing


def test_the_planner_skips_a_done_task(core: Core) -> None:
    register_official(core, PLAN, "Sở Tài chính", "u1")
    source = MembershipSource(KB, round_items=None)
    today = date(2023, 11, 6)

    def owed() -> list[str]:
        with core.db.session() as s:
            units = {u.unit_name: u for u in source.units(s, PLAN, today)}
        return [i.code for i in units["Sở Tài chính"].items]

    assert "VI.2" in owed()
    assert "VI.2" in [i.code for i in plan_tasks(KB, KB.plans[PLAN], today)["Sở Tài chính"]]
    play(User(core, user="u1"), [("/danglam VI.2", ["đang làm"])])
    assert "VI.2" in owed()  # still being done: still reminded
    play(User(core, user="u1"), [("/xong VI.2", ["xong"])])
    assert "VI.2" not in owed()
    with core.db.session() as s:  # another lead unit is still reminded of its own
        units = {u.unit_name: u for u in source.units(s, PLAN, today)}
    assert "VI.2" in [i.code for i in units["Sở Thông tin và Truyền thông"].items]
    play(User(core, user="u1"), [("/nhacviec", [])])
    assert "VI.2" not in User(core, user="u1").say("/nhacviec")[0].text


def test_tiendo_points_to_the_tasks_by_unit(core: Core) -> None:
    register_official(core, PLAN, "Sở Thông tin và Truyền thông", "focal", role="focal")
    register_official(core, PLAN, "Sở Tài chính", "u1")
    with core.db.session() as s:
        rounds.open_round(s, KB, PLAN, "2023", due=date(2023, 12, 15))
    play(User(core, user="u1"), [("/xong VI.2", ["xong"])])
    focal = User(core, user="focal")
    play(focal, [("/tiendo", ["Nhiệm vụ theo kế hoạch", "/nhiemvu"]),
                 ("/nhiemvu", ["theo đơn vị", "Sở Tài chính: xong 1/1"])])
    focal.say(payload="nv:")  # the view's own button (no unit): every unit again
    assert "Sở Tài chính: xong 1/1" in focal.text()
    User(core, user="u1").say(payload="nv:")  # forged by an official: every unit is the focal point's
    assert "⛔" in User(core, user="u1").say(payload="nv:")[0].text


def test_a_group_task_is_each_members_own(settings: Settings, clock: ManualClock) -> None:
    """Ninh Thuận's PL2.4 is led by "Các sở, ban, ngành" and "Các địa phương": each member unit marks its own; a
    unit outside the groups is told who leads it."""
    from bot.services.units import add_members, plan_units

    core = next(plan_core(settings, clock, "ninh-thuan-2021"))
    try:
        plan = "ninh-thuan-2021"
        with core.db.session() as s:
            plan_units(s, KB, plan)  # the plan's units, groups marked
        with core.db.session() as s:
            add_members(s, unit_id(core.db, plan, "Các sở, ban, ngành"), ["Sở Tài chính", "Sở Y tế"])
        register_official(core, plan, "Sở Tài chính", "u1")
        register_official(core, plan, "Văn phòng UBND tỉnh", "u3")
        play(User(core, user="u1"), [
            ("/nhiemvu", ["PL2.4", "PL2.5", "PL1.7"]),
            ("/xong pl2.4 Đã ban hành Quyết định 99/QĐ-STC", ["PL2.4", "Sở Tài chính", "xong"]),
        ])
        play(User(core, user="u3"), [("/xong PL2.4", ["Nhiệm vụ PL2.4 do Các sở, ban, ngành; Các địa phương"])])
        with core.db.session() as s:
            marks = {t.unit: t.status for t in task_service.tasks_of_plan(s, KB, plan, today=date(2023, 11, 6),
                                                                          codes={"PL2.4"})}
        assert marks == {"Sở Tài chính": "done", "Sở Y tế": "todo", "Các địa phương": "todo"}
    finally:
        core.db.dispose()


def test_the_periodic_report_lists_tasks_and_difficulties(core: Core) -> None:
    """The report's adapters (h18p's ``bot.services.periodic``) read the tasks and difficulties: 2023-Q4 has the
    Sở Tài chính's VI.2 done, every other lead unit's overdue (due 17/11/2023), and the difficulty reported."""
    from zoneinfo import ZoneInfo

    from bot.services.periodic import difficulties, plan_tasks
    from bot.services.periods import Period

    register_official(core, PLAN, "Sở Tài chính", "u1")
    play(User(core, user="u1"), [("/xong VI.2 số 12/KH-STC", ["xong"]),
                                 ("/vuongmac VI.2 Chưa rõ mẫu kế hoạch chi tiết", ["số 1", "(VI.2)"])])
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    later = datetime(2024, 1, 5, 2, 0, tzinfo=UTC)  # drafted after the quarter: overdue as at its end
    with core.db.session() as s:
        done, overdue = plan_tasks(s, KB, PLAN, Period(2023, "q", 4), now=later, tz=tz)
        asked = difficulties(s, PLAN, Period(2023, "q", 4), tz=tz)
        before, _ = plan_tasks(s, KB, PLAN, Period(2023, "q", 3), now=later, tz=tz)
    assert [(t.code, t.unit, t.status, t.note) for t in done] == [("VI.2", "Sở Tài chính", "xong", "số 12/KH-STC")]
    assert "Sở Tài chính" not in {t.unit for t in overdue} and "Báo Gia Lai" in {t.unit for t in overdue}
    assert [(d.code, d.unit, d.text) for d in asked] == [("VI.2", "Sở Tài chính", "Chưa rõ mẫu kế hoạch chi tiết")]
    assert before == []
