"""/nhacviec through the core on SQLite and PostgreSQL: what a unit owes and when, "Nhập số liệu" starting /nhap,
"Hoãn" keeping reminders off the chat for one working day, a focal point pausing and resuming a unit (and an
official refused), missing evidence listed with its "Gửi minh chứng" button (/minhchung) until the file comes, all
read by the planner."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.core.app import Core
from bot.core.messages import FileRef, Incoming
from bot.db.models import ReminderSnooze
from bot.reminders.calendar import WorkCalendar
from bot.reminders.planner import MembershipSource, due_now
from bot.reminders.policy import ReminderPolicy
from bot.render import Renderer
from bot.services import rounds, values
from knowledge.store import load_knowledge
from tests.flowkit import ManualClock, User, plan_core, play
from tests.test_progress_flow import register

KB = load_knowledge()
VN = ZoneInfo("Asia/Ho_Chi_Minh")
PLAN = "gia-lai-2023"
DUE = date(2024, 12, 16)
KH, TC, TTTT = "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Thông tin và Truyền thông"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2024, 12, 10, 9, tzinfo=VN))  # Tuesday, 6 days before the round's due date


@pytest.fixture
def core(settings: Settings, clock: ManualClock) -> Iterator[Core]:
    yield from plan_core(settings, clock, PLAN)


def open_round(core: Core) -> rounds.RoundInfo:
    with core.db.session() as s:
        return rounds.open_round(s, KB, PLAN, "2024", due=DUE, indicators=["6.22"],
                                 now=datetime(2024, 11, 1, tzinfo=UTC))


def reminded(core: Core, now: datetime, *, evidence: bool = False) -> set[str]:
    """The chats the planner would write to at ``now`` about the round's values (plan tasks aside), or about its
    missing evidence."""
    with core.db.session() as s:
        planned = due_now(s, MembershipSource(KB), WorkCalendar(), ReminderPolicy(), Renderer(), now)
    return {p.chat for p, _ in planned
            if p.kind != "digest" and any(i.due == DUE and i.evidence == evidence for i in p.items)}


def test_not_registered(core: Core) -> None:
    play(User(core), [("/nhacviec", ["chưa được đăng ký"])])


def test_what_is_owed_enter_and_snooze(core: Core, clock: ManualClock) -> None:
    info = open_round(core)
    kh = register(core, KH, "kh")
    register(core, TC, "tc")
    with core.db.session() as s:
        values.submit(s, KB, info.id, kh, "6.22", {"a": "1.500"}, now=clock())
    tc = User(core, "tc")
    play(tc, [("/nhacviec", [TC, "6.22", "hạn 16/12/2024 (còn 6 ngày)", "Nhiệm vụ theo kế hoạch", "(31/12/2024"])])
    assert [b.payload for b in tc.last[0].buttons] == ["n:start", "rm:snooze"]
    play(User(core, "kh"), [("/nhacviec", ["Đã nộp: 6.22"])])
    play(tc, [("[Nhập số liệu]", ["6.22"]), ("/huy", [])])  # the reminder's button is /nhap
    assert reminded(core, clock()) == {"tc"}
    play(tc, [("/nhacviec", []), ("[Hoãn]", ["Đã hoãn", "08:00 ngày 12/12/2024"])])
    assert reminded(core, clock()) == set()
    assert reminded(core, datetime(2024, 12, 11, 16, tzinfo=VN)) == set()  # the next working day: quiet
    assert reminded(core, datetime(2024, 12, 12, 8, tzinfo=VN)) == {"tc"}  # then what is owed, once
    play(tc, [("/nhacviec", ["Bạn đã hoãn nhắc việc", "12/12/2024"])])
    tc.say(payload="rm:snooze")  # pressed again the same day: the snooze is not moved back
    with core.db.session() as s:
        assert len(s.scalars(select(ReminderSnooze)).all()) == 1


def test_focal_point_pauses_and_resumes_a_unit(core: Core, clock: ManualClock) -> None:
    open_round(core)
    register(core, TC, "tc")
    register(core, TTTT, "focal", role="focal")
    play(User(core, "tc"), [("/nhacviec dung Sở Tài chính", ["⛔"])])
    focal = User(core, "focal")
    play(focal, [("/nhacviec dung", ["ví dụ: /nhacviec dung"]),
                 ("/nhacviec dung Sở Tài chính", ["Đã tạm dừng nhắc việc của", TC]),
                 ("/nhacviec dung Sở Tài chính", ["đã được tạm dừng từ trước"])])
    assert reminded(core, clock()) == set()
    play(focal, [("/nhacviec", ["Đang tạm dừng: Sở Tài chính"]), ("[Nhắc lại]", ["Đã nhắc việc trở lại", TC])])
    assert reminded(core, clock()) == {"tc"}
    play(focal, [("/nhacviec tiep Sở Tài chính", ["không bị tạm dừng"]),
                 ("/nhacviec dung Cục Hàng hải XYZ", ["đơn vị"])])


def test_missing_evidence_listed_until_the_file_comes(core: Core, clock: ManualClock, tmp_path: Path) -> None:
    open_round(core)
    register(core, KH, "kh")
    kh = User(core, "kh")
    play(kh, [("/nhap 6.22", []), ("a=1.500", ["Tóm tắt"]), ("[Xác nhận]", ["Đã lưu"]), ("[Bỏ qua]", [])])
    assert reminded(core, clock(), evidence=True) == {"kh"} and reminded(core, clock()) == set()
    play(kh, [("/nhacviec", ["Còn thiếu tài liệu kiểm chứng", "• 6.22", "hạn 16/12/2024 (còn 6 ngày)",
                             "gửi bằng /minhchung 6.22", "Đã nộp: 6.22", "1 (Gửi minh chứng)"])])
    assert "Còn thiếu số liệu" not in kh.text()
    assert [b.payload for b in kh.last[0].buttons] == ["mc:6.22", "rm:snooze"]
    play(kh, [("[Gửi minh chứng]", ["Tài liệu kiểm chứng cho chỉ số 6.22", "chưa có tệp nào"])])
    upload = tmp_path / "bien-ban.pdf"
    upload.write_bytes(b"%PDF-1.4 bien ban")
    kh.last = core.handle(Incoming(channel="test", chat_id="kh", user_id="kh",
                                   file=FileRef("Biên bản.pdf", str(upload), "application/pdf", 17)))
    play(kh, [("[Xong]", ["Đã lưu 1 tệp"]), ("/nhacviec", ["Đã nộp: 6.22"])])
    assert "tài liệu kiểm chứng" not in kh.text() and "minh chứng" not in kh.text()
    assert reminded(core, clock(), evidence=True) == set()
