"""Registration on Telegram, end to end with two people: the real PTB application against the Bot API
emulator. The focal point registers with an invite code through the deep link (``/start CODE``); the requester
sends /dangky, picks the plan and the unit; the focal point receives the request (through the outbox), presses
Approve; the requester is told.

The bot runs as ``dti-bot run`` runs it: the channel with the outbox sender beside it."""

from __future__ import annotations

from collections.abc import Callable

from tg_emulator import BotMessage, BotThread, Emulator, TelegramUser

from bot.config import Settings
from bot.core.app import Core
from bot.services.registration import create_invite
from bot.services.units import find_units

RunBot = Callable[..., BotThread]


def invite_code(core: Core, unit: str, role: str) -> str:
    with core.db.session() as s:
        [found] = find_units(s, core.kb, "kon-tum-2024", unit).units
        return create_invite(s, found.id, role, core.services.clock()).code


def with_buttons(user: TelegramUser) -> BotMessage:
    return next(m for m in [user.reply(), *user.silence(0.5)] if m.buttons)


def test_registration_by_request_approved_by_the_focal_point(
    emulator: Emulator, settings: Settings, core: Core, run_bot: RunBot
) -> None:
    run_bot(settings, core, sender=True)
    token = settings.telegram.token
    focal = TelegramUser(emulator, token, user_id=2001, first_name="Trần", last_name="Đầu Mối")
    requester = TelegramUser(emulator, token, user_id=3001, first_name="Lê", last_name="Văn B")

    focal.command(f"/start {invite_code(core, 'Sở TTTT', 'focal')}")
    assert "đầu mối của Sở Thông tin và Truyền thông" in focal.reply().text

    requester.command("/dangky")
    plans = with_buttons(requester)
    requester.press(plans, next(data for label, data in plans.buttons if "Kon Tum" in label))
    assert "đơn vị nào" in requester.reply().text
    requester.send("Sở Tài chính")
    assert "Đã gửi yêu cầu" in requester.reply().text

    request = focal.reply()
    assert "Lê Văn B" in request.text and "Sở Tài chính" in request.text and len(request.buttons) == 2
    focal.press(request, request.buttons[0][1])  # ✅ Duyệt
    assert "Đã duyệt" in focal.reply().text

    assert "đã được duyệt" in requester.reply().text
    requester.command("/toi")
    assert "Sở Tài chính — cán bộ" in requester.reply().text

    focal.press(request, request.buttons[1][1])  # ❌ Từ chối, after the decision: said, not acted on
    assert "đã được duyệt bởi Trần Đầu Mối" in focal.reply().text
    assert requester.silence(1.0) == [] and focal.silence(0.5) == []


def test_an_invite_code_by_dangky_and_a_used_code(
    emulator: Emulator, settings: Settings, core: Core, run_bot: RunBot
) -> None:
    run_bot(settings, core)
    code = invite_code(core, "Sở Nội vụ", "official")
    first = TelegramUser(emulator, settings.telegram.token, user_id=4001)
    second = TelegramUser(emulator, settings.telegram.token, user_id=4002)
    first.command(f"/dangky {code}")
    assert "Đăng ký thành công" in first.reply().text
    second.command(f"/dangky {code}")
    assert "đã được dùng rồi" in second.reply().text
