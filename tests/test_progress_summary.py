"""Issue 16, item 4: /tiendo on one phone screen — the counts, then only the units that need action, each a button;
every unit behind "Xem tất cả", a page at a time; "Nhắc ngay" reminds one unit now under the planner's own outbox
key, at most once a day (pressed twice, or the planner running the same day, queues nothing more)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.core.app import Core
from bot.core.outbox import body_to_reply
from bot.db.models import OutboxMessage
from bot.reminders.calendar import WorkCalendar
from bot.reminders.planner import MembershipSource, plan_and_queue
from bot.reminders.policy import ReminderPolicy
from bot.services import progress, remind, rounds, values
from knowledge.store import load_knowledge
from tests.flowkit import ManualClock, User, plan_core, play, register_official

KB = load_knowledge()
PLAN = "gia-lai-2023"
FOCAL_UNIT = "Sở Thông tin và Truyền thông"
TC, KH = "Sở Tài chính", "Sở Kế hoạch và Đầu tư"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2024, 11, 4, 2, 0, tzinfo=UTC))  # Monday 4/11/2024, 09:00 in Vietnam


@pytest.fixture
def core(settings: Settings, clock: ManualClock) -> Iterator[Core]:
    yield from plan_core(settings, clock, PLAN)


def reminders(core: Core) -> list[str]:
    with core.db.session() as s:
        return sorted(s.scalars(select(OutboxMessage.key).where(OutboxMessage.key.like("rem:%"))))


def seeded(core: Core, clock: ManualClock, due: date) -> tuple[rounds.RoundInfo, int, int]:
    register_official(core, PLAN, FOCAL_UNIT, "focal", "focal")
    tc = register_official(core, PLAN, TC, "u1")
    kh = register_official(core, PLAN, KH, "u2")
    with core.db.session() as s:
        info = rounds.open_round(s, KB, PLAN, "2024", due=due, now=clock())
        values.submit(s, KB, info.id, tc, "6.22", {"b": 1, "c": 100}, now=clock())
        values.submit(s, KB, info.id, kh, "6.22", {"a": 5}, now=clock())
        values.return_value(s, info.id, kh, "6.22", "Thiếu quý IV", by=None, now=clock())
        values.submit(s, KB, info.id, kh, "8.6", {"x": 2}, now=clock())
        values.approve(s, info.id, kh, "8.6", by=None, now=clock())
    return info, tc, kh


def test_summary_counts_and_only_units_needing_action(core: Core, clock: ManualClock) -> None:
    info, _, _ = seeded(core, clock, date(2024, 12, 16))
    with core.db.session() as s:
        found = progress.summary(s, KB, info, date(2024, 11, 4))
    assert (found.entered, found.waiting, found.returned, found.approved, found.late_units) == (2, 1, 1, 1, 0)
    assert found.owed == sum(u.owed for u in found.units) and found.nobody_units == len(found.units) - 3
    assert [u.name for u in found.needing[:2]] == [TC, KH]  # values to review first, then the returned one
    focal = User(core, user="focal")
    play(focal, [("/tiendo", ["Phải nộp: ", "Đã nộp: 2 (chờ duyệt 1, đã duyệt 1); bị trả lại: 1",
                              "trễ hạn: 0", f"chưa có người đăng ký: {found.nobody_units}",
                              f"• {TC}: 1/7, chờ duyệt 1", f"• {KH}: 1/9, bị trả lại 1", "Cần xử lý"])])
    assert len(focal.text().splitlines()) <= 16  # one phone screen
    labels = [b.label for r in focal.last for b in r.buttons]
    assert len(labels) <= 8 and labels[-2:] == ["📋 Xem tất cả (14)", "Đóng đợt"]
    assert "Theo chỉ số" not in focal.text()

    clock.advance(days=45)  # 19/12: past the due date, every unit still owing is late
    play(focal, [("/tiendo", ["trễ hạn: 14", "trễ hạn (còn thiếu 6)"])])


def test_every_unit_page_by_page_and_stale_pages(core: Core, clock: ManualClock) -> None:
    info, _, _ = seeded(core, clock, date(2024, 12, 16))
    focal = User(core, user="focal")
    play(focal, [("/tiendo", []), ("[Xem tất cả]", ["1–6 trên 14"]), ("[Trang sau]", ["7–12 trên 14"]),
                 ("[Trang sau]", ["13–14 trên 14"])])
    assert not [b for r in focal.last for b in r.buttons if "Trang sau" in b.label]
    play(focal, [("[Trang trước]", ["7–12 trên 14"]), (f"[{KH}]", [KH, "6.22: bị trả lại", "8.6: đã duyệt"])])
    focal.say(payload=f"pl:{info.id}:99999")  # a page past the end (forged, or units removed since): the last one
    assert "13–14 trên 14" in focal.text()
    focal.say(payload="pl:99999:0")  # a round that is not there: an expired choice
    assert "hết hạn" in focal.text()
    official = User(core, user="u1")
    official.say(payload=f"pl:{info.id}:0")  # an official sees their own unit only
    assert "⛔" in official.text()
    play(official, [("/tiendo", [TC, "6.22: đã nộp"])])


def test_remind_now_once_a_day_under_the_planners_key(core: Core, clock: ManualClock, settings: Settings) -> None:
    _, _, kh = seeded(core, clock, date(2024, 11, 5))  # due tomorrow: the planner reminds today as well
    focal = User(core, user="focal")
    play(focal, [("/tiendo", []), (f"[{KH}]", ["6.22: bị trả lại"])])
    unit_screen = list(focal.last)
    play(focal, [("[Nhắc ngay]", ["Đã nhắc", KH, "1 tài khoản"])])
    assert reminders(core) == ["rem:2024-11-04:test:u2"]
    with core.db.session() as s:
        (row,) = s.scalars(select(OutboxMessage).where(OutboxMessage.key == "rem:2024-11-04:test:u2"))
        text = body_to_reply(row.body)
    values_owed, _, evidence_owed = text.text.partition("Còn thiếu tài liệu kiểm chứng")
    assert "6.22" in values_owed and "05/11/2024" in values_owed and "8.6" not in values_owed  # 8.6 is approved…
    assert "8.6" in evidence_owed  # …but has no evidence file yet
    assert text.buttons[0].label == "✍️ Nhập số liệu"
    focal.press("Nhắc ngay", unit_screen)  # the same button again, the same day
    assert "đã được nhắc rồi" in focal.text()
    assert reminders(core) == ["rem:2024-11-04:test:u2"]

    # the planner, the same day: Sở Tài chính's official is reminded, Sở Kế hoạch's is not again
    with core.db.session() as s:
        planned, _ = plan_and_queue(s, MembershipSource(KB), WorkCalendar.from_settings(settings),
                                         ReminderPolicy.from_settings(settings), core.services.renderer, clock())
    assert "rem:2024-11-04:test:u1" in [p.key for p, _ in planned]
    assert "rem:2024-11-04:test:u2" not in [p.key for p, _ in planned]
    assert reminders(core).count("rem:2024-11-04:test:u2") == 1

    # the service the web dashboard calls says the same; the next day the unit can be reminded again
    with core.db.session() as s:
        assert remind.remind_now(s, KB, settings, kh, clock()).status == "already"
    clock.advance(days=1)
    with core.db.session() as s:
        assert remind.remind_now(s, KB, settings, kh, clock()).status == "sent"
    assert "rem:2024-11-05:test:u2" in reminders(core)


def test_remind_now_refusals(core: Core, clock: ManualClock, settings: Settings) -> None:
    info, _, kh = seeded(core, clock, date(2024, 12, 16))
    nobody = register_official(core, PLAN, "Sở Giáo dục và Đào tạo", "h9", "focal")  # no official: nobody to tell
    official = User(core, user="u1")
    official.say(payload=f"pn:{info.id}:{kh}")  # an official may not remind units
    assert "⛔" in official.text()
    focal = User(core, user="focal")
    focal.say(payload=f"pn:{info.id}:{nobody}")
    assert "chưa có cán bộ nào đăng ký" in focal.text()
    with core.db.session() as s:
        assert remind.remind_now(s, KB, settings, 99999, clock()).status == "unknown"
        rounds.close_round(s, info.id, now=clock())
    focal.say(payload=f"pn:{info.id}:{kh}")  # a button from before the round closed
    assert "đã đóng" in focal.text()
    assert reminders(core) == []


def test_the_kept_summary_follows_every_change(core: Core, clock: ManualClock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The summary is kept between /tiendo and brought up to date from what changed: after each change it is the
    same as one computed from nothing."""
    info, tc, kh = seeded(core, clock, date(2024, 12, 16))
    today = date(2024, 11, 4)

    def both() -> tuple[progress.Summary, progress.Summary]:
        with core.db.session() as s:
            kept = progress.summary(s, KB, info, today)
            progress._CACHE.clear()
            fresh = progress.summary(s, KB, info, today)
        return kept, fresh

    with core.db.session() as s:
        progress.summary(s, KB, info, today)
    changes = [
        lambda s: values.approve(s, info.id, tc, "6.22", by=None, now=clock()),
        lambda s: values.submit(s, KB, info.id, kh, "6.22", {"a": 7}, now=clock()),
        lambda s: values.add_evidence(s, values.latest_version(s, info.id, kh, "6.22").id,  # type: ignore[union-attr]
                                      path=str(tmp_path / "x.pdf"), sha256="0" * 64, name="x.pdf", mime="x/y"),
        lambda s: values.return_value(s, info.id, kh, "6.22", "lại", by=None, now=clock()),
    ]
    for change in changes:
        clock.advance(minutes=1)
        with core.db.session() as s:
            change(s)
        kept, fresh = both()
        assert kept == fresh
    assert (kept.approved, kept.returned, kept.lacking) == (2, 1, 2)
