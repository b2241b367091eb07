"""Issue 15 defect 9: invite codes cannot be found by trying. Through the core (``/dangky CODE`` and Telegram's deep
link ``/start CODE``), on SQLite and PostgreSQL: after 5 wrong codes within 15 minutes an account is held off for
15 minutes, the message saying until when in the bot's time zone, and a right code typed meanwhile is refused too;
past 30 wrong codes a minute across the bot everyone's attempts are held for a minute; the counts are in the
database, so two workers (two cores on one database) share them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.assembly import build_core
from bot.config import Settings
from bot.core.app import Core
from bot.services.registration import create_invite
from bot.services.units import find_units
from tests.flowkit import ManualClock, User

PLAN = "kon-tum-2024"
WRONG = "ABCD2345"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()  # 23/11/2026 09:00 UTC, 16:00 in Hà Nội


@pytest.fixture
def core(settings: Settings, clock: ManualClock) -> Iterator[Core]:
    c = build_core(settings, clock=clock)
    yield c
    c.db.dispose()


def code_for(core: Core, unit: str = "Sở Tài chính", role: str = "official") -> str:
    with core.db.session() as s:
        (found,) = find_units(s, core.kb, PLAN, unit).units
        return create_invite(s, found.id, role, core.services.clock()).code


def said(user: User, text: str) -> str:
    return "\n".join(r.text for r in user.say(text))


def test_five_wrong_codes_hold_the_account_even_for_the_right_code(core: Core, clock: ManualClock) -> None:
    right = code_for(core)
    guesser = User(core, "u1", channel="telegram")
    for n in range(4):
        answer = said(guesser, f"/dangky {WRONG}{n}")
        assert "Không có mã mời" in answer and "⏳" not in answer
    fifth = said(guesser, f"/start {WRONG}")  # the deep link counts the same
    assert "Không có mã mời" in fifth and "gửi lại mã sau 16:15 ngày 23/11/2026" in fifth
    clock.advance(minutes=14)
    held = said(guesser, f"/dangky {right}")
    assert "tạm thời chưa gửi được mã nào" in held and "16:15 ngày 23/11/2026" in held
    assert "chưa đăng ký" in said(guesser, "/toi")
    assert "tạm thời chưa gửi được mã nào" in said(guesser, f"/start {right}")
    other = User(core, "u1", channel="zalo")  # another account: not held
    assert "Đăng ký thành công" in said(other, f"/dangky {code_for(core)}")
    clock.advance(minutes=1, seconds=1)  # the hold has ended
    assert "Đăng ký thành công" in said(guesser, f"/dangky {right}")


def test_wrong_codes_spread_over_more_than_15_minutes_hold_nobody(core: Core, clock: ManualClock) -> None:
    user = User(core, "u2")
    for _ in range(4):
        said(user, f"/dangky {WRONG}")
    clock.advance(minutes=15, seconds=1)
    for _ in range(4):
        assert "⏳" not in said(user, f"/dangky {WRONG}")
    assert "gửi lại mã sau" in said(user, f"/dangky {WRONG}")  # the 5th within the last 15 minutes


def test_thirty_wrong_codes_a_minute_hold_everyone_for_a_minute(core: Core, clock: ManualClock) -> None:
    right = code_for(core)
    answers = []
    for n in range(30):  # 10 accounts, 3 wrong codes each: none reaches its own limit
        clock.advance(seconds=1)
        answers.append(said(User(core, f"bot-{n % 10}"), f"/dangky {WRONG}"))
    assert not any("⏳" in a for a in answers[:29])
    assert "trợ lý tạm ngừng nhận mã mời đến 16:01 ngày 23/11/2026" in answers[29]
    newcomer = User(core, "new")
    assert "quá nhiều mã sai được gửi trong một phút" in said(newcomer, f"/dangky {right}")
    clock.advance(minutes=1)
    assert "Đăng ký thành công" in said(newcomer, f"/dangky {right}")


def test_two_workers_share_the_count(settings: Settings, clock: ManualClock) -> None:
    first, second = build_core(settings, clock=clock), build_core(settings, clock=clock)
    try:
        right = code_for(first)
        for n in range(3):
            said(User(first, "u3", channel="telegram"), f"/dangky {WRONG}{n}")
        for n in range(2):
            said(User(second, "u3", channel="telegram"), f"/dangky {WRONG}{n}")
        assert "tạm thời chưa gửi được mã nào" in said(User(first, "u3", channel="telegram"), f"/dangky {right}")
    finally:
        first.db.dispose()
        second.db.dispose()
