"""Value collection on Telegram, end to end: the real PTB application against the Bot API emulator, with the
outbox sender beside it as ``dti-bot run`` has it. A unit enters two indicators with buttons (the indicator from
the /nhap list, a yes/no answer as a button), the focal point returns one from /tiendo with a comment, the unit
is told and corrects it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from tg_emulator import BotMessage, BotThread, Emulator, TelegramUser

from bot.assembly import build_core
from bot.config import Settings
from bot.services import rounds, values
from knowledge.store import load_knowledge
from tests.flowkit import register_official
from tests.test_collect_services import unit_id

RunBot = Callable[..., BotThread]
PLAN = "gia-lai-2023"


def button(message: BotMessage, label: str) -> str:
    return next(data for text, data in message.buttons if label in text)


def with_buttons(user: TelegramUser) -> BotMessage:
    return next(m for m in [user.reply(), *user.silence(0.5)] if m.buttons)


def test_unit_enters_two_values_focal_point_returns_one_unit_corrects_it(
    emulator: Emulator, settings: Settings, run_bot: RunBot
) -> None:
    settings.bot.plan = PLAN
    core = build_core(settings)
    with core.db.session() as s:
        info = rounds.open_round(s, load_knowledge(), PLAN, "2024", due=date(2099, 12, 15))
    people = {"unit": (5001, "Sở Tài chính", "official"), "focal": (5002, "Sở Thông tin và Truyền thông", "focal")}
    for user_id, unit, role in people.values():
        register_official(core, PLAN, unit, str(user_id), role, channel="telegram")
    tc = unit_id(core.db, PLAN, "Sở Tài chính")
    run_bot(settings, core, sender=True)
    unit = TelegramUser(emulator, settings.telegram.token, user_id=5001, first_name="Tài", last_name="Chính")
    focal = TelegramUser(emulator, settings.telegram.token, user_id=5002, first_name="Đầu", last_name="Mối")

    unit.command("/nhap")
    listing = with_buttons(unit)
    assert "Sở Tài chính" in listing.text
    unit.press(listing, button(listing, "2.6"))  # first indicator: a yes/no answer, by button
    question = with_buttons(unit)  # the introduction, then the question with its answers as buttons
    unit.press(question, button(question, "Đã ban hành"))
    summary = with_buttons(unit)
    assert "Tóm tắt" in summary.text
    unit.press(summary, button(summary, "Xác nhận"))
    saved = with_buttons(unit)
    assert "Đã lưu" in saved.text
    unit.press(saved, button(saved, "Bỏ qua"))
    unit.reply()
    unit.command("/nhap")
    listing = with_buttons(unit)
    unit.press(listing, button(listing, "6.22"))  # second indicator: numbers typed at once
    unit.silence(0.5)
    unit.send("b=1.200; c=100.000")
    summary = with_buttons(unit)
    unit.press(summary, button(summary, "Xác nhận"))
    assert "Đã lưu" in with_buttons(unit).text

    focal.command("/tiendo")
    status = with_buttons(focal)
    assert "Sở Tài chính: 2/" in status.text
    focal.press(status, button(status, "Sở Tài chính"))
    values_msg = with_buttons(focal)
    focal.press(values_msg, button(values_msg, "6.22"))
    detail = with_buttons(focal)
    focal.press(detail, button(detail, "Trả lại"))
    assert "lý do" in focal.reply().text
    focal.send("Chi thường xuyên chưa gồm quý IV")
    assert "Đã trả lại" in focal.reply().text

    notice = unit.reply()
    assert "6.22" in notice.text and "chưa gồm quý IV" in notice.text
    unit.command("/nhap 6.22")
    unit.replies(2)
    unit.send("b=1.500; c=100.000")
    summary = with_buttons(unit)
    unit.press(summary, button(summary, "Xác nhận"))
    assert "phiên bản 2" in with_buttons(unit).text
    with core.db.session() as s:
        assert [v.state for v in values.history(s, info.id, tc, "6.22")] == ["returned", "submitted"]
        assert values.history(s, info.id, tc, "2.6")[0].inputs == {"x": "co"}
    core.db.dispose()
