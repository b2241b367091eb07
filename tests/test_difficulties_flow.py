"""Difficulties through the core (issue 18, item 4), on SQLite and PostgreSQL: an official's /vuongmac goes to the
plan's focal points through the outbox with a "Trả lời" button; the focal point answers (cancel first, a stale
press after, a second answer refused) and the answer goes back to the asker through the outbox; an official may
not answer, a forged number is an expired choice; the open difficulty is in the focal point's daily digest until
it is answered."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.config import Settings
from bot.core import outbox
from bot.core.app import Core
from bot.core.messages import Outgoing
from bot.reminders.calendar import WorkCalendar
from bot.reminders.planner import MembershipSource, due_now
from bot.reminders.policy import ReminderPolicy
from bot.render import Renderer
from bot.services import difficulties
from knowledge.store import load_knowledge
from tests.flowkit import ManualClock, User, plan_core, play, register_official

KB = load_knowledge()
PLAN = "gia-lai-2023"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2024, 11, 4, 2, 0, tzinfo=UTC))  # Monday 09:00 in Hà Nội


@pytest.fixture
def core(settings: Settings, clock: ManualClock) -> Iterator[Core]:
    yield from plan_core(settings, clock, PLAN)


def delivered(core: Core) -> list[Outgoing]:
    return outbox.drain(core.db.session, lambda _: None, core.services.clock, worker="test")


def digest_texts(core: Core, clock: ManualClock) -> list[str]:
    with core.db.session() as s:
        planned = due_now(s, MembershipSource(KB, round_items=None), WorkCalendar(), ReminderPolicy(), Renderer(),
                          clock())
    return [reply.text for p, reply in planned if p.kind == "digest"]


def test_a_difficulty_goes_to_the_focal_point_and_the_answer_comes_back(core: Core, clock: ManualClock) -> None:
    register_official(core, PLAN, "Sở Tài chính", "u1")
    register_official(core, PLAN, "Sở Thông tin và Truyền thông", "focal", role="focal")
    asker, focal = User(core, user="u1"), User(core, user="focal")
    play(asker, [
        ("/vuongmac", ["Cách dùng: /vuongmac"]),
        ("/vuongmac 6.22 Chưa có số liệu chi NSNN quý IV, xin hướng dẫn", ["số 1", "(6.22)", "1 đầu mối"]),
    ])
    [sent] = [o for o in delivered(core) if o.chat_id == "focal"]
    assert "Chưa có số liệu chi NSNN quý IV" in sent.reply.text and "Sở Tài chính" in sent.reply.text
    [button] = sent.reply.buttons
    assert button.label == "Trả lời"
    assert any("Khó khăn, vướng mắc chưa trả lời (1)" in t for t in digest_texts(core, clock))

    asker.say(payload=button.payload)  # an official may not answer
    assert "⛔" in asker.text() or "Chỉ đầu mối" in asker.text()
    focal.say(payload="vm:99999")  # a forged number
    assert "hết hạn" in focal.text()
    play(focal, [("/traloi 99999", ["Không có vướng mắc số 99999"])])

    focal.say(payload=button.payload)
    assert "Gõ nội dung trả lời" in focal.text()
    play(focal, [("/huy", ["Đã huỷ"])])
    assert not [o for o in delivered(core) if o.chat_id == "u1"]  # cancelled: nothing sent
    focal.say(payload=button.payload)
    play(focal, [("Lấy số liệu của Sở Tài chính tại báo cáo quyết toán.", ["Đã gửi câu trả lời", "Cán bộ u1"])])
    [answer] = [o for o in delivered(core) if o.chat_id == "u1"]
    assert "báo cáo quyết toán" in answer.reply.text and "Chưa có số liệu chi NSNN" in answer.reply.text
    focal.say(payload=button.payload)  # pressed again later: the first answer stands
    assert "đã được" in focal.text() and "báo cáo quyết toán" in focal.text()
    with core.db.session() as s:
        assert difficulties.open_difficulties(s, PLAN) == []
        [d] = difficulties.difficulties_between(s, PLAN, datetime(2024, 1, 1, tzinfo=UTC),
                                                datetime(2025, 1, 1, tzinfo=UTC))
    assert d.code == "6.22" and d.answered_by == "Cán bộ focal" and d.unit == "Sở Tài chính"
    assert not any("Khó khăn, vướng mắc" in t for t in digest_texts(core, clock))


def test_two_focal_points_answer_once(core: Core) -> None:
    register_official(core, PLAN, "Sở Tài chính", "u1")
    register_official(core, PLAN, "Sở Thông tin và Truyền thông", "f1", role="focal")
    register_official(core, PLAN, "Sở Thông tin và Truyền thông", "f2", role="focal")
    play(User(core, user="u1"), [("/vuongmac Không đăng nhập được phần mềm", ["2 đầu mối"])])
    first, second = User(core, user="f1"), User(core, user="f2")
    play(first, [("/traloi 1", ["Gõ nội dung trả lời"])])
    play(second, [("/traloi 1", ["Gõ nội dung trả lời"])])
    play(first, [("Đã cấp lại mật khẩu", ["Đã gửi câu trả lời"])])
    play(second, [("Liên hệ Sở TTTT", ["đã được", "Đã cấp lại mật khẩu"])])
    answers = [o for o in delivered(core) if o.chat_id == "u1"]
    assert len(answers) == 1 and "Đã cấp lại mật khẩu" in answers[0].reply.text


def test_nobody_to_tell_keeps_it(core: Core) -> None:
    register_official(core, PLAN, "Sở Tài chính", "u1")
    play(User(core, user="u1"), [("/vuongmac Chưa rõ cách tính", ["chưa có đầu mối", "được lưu"])])
    play(User(core, user="stranger"), [("/vuongmac Xin hỏi", ["⛔"])])  # not registered in the plan
    with core.db.session() as s:
        assert [d.text for d in difficulties.open_difficulties(s, PLAN)] == ["Chưa rõ cách tính"]
