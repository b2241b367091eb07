"""Evidence on Telegram, end to end through the emulator with the real core: an official forwards a photo with a
caption and a document outside any flow, is offered the unit's values (ranked by the caption) and files each to
6.22; a link typed is filed the same way; the focal point opens the value in /tiendo and "Xem minh chứng" brings
the photo back as a photo and the document as a document, with the link listed (issue 16, item 3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from filekit import png_bytes
from tg_emulator import BotThread, Emulator, TelegramUser

from bot.assembly import build_core
from bot.config import Settings
from bot.services import rounds, values
from knowledge.store import load_knowledge
from tests.e2e.test_telegram_collect import button, with_buttons
from tests.flowkit import register_official
from tests.test_collect_services import unit_id

RunBot = Callable[..., BotThread]
PLAN = "gia-lai-2023"
LINK = "https://stc.gialai.gov.vn/van-ban/qd-12"


def test_forwarded_files_are_filed_and_the_focal_point_gets_them_back(
    emulator: Emulator, settings: Settings, run_bot: RunBot, tmp_path: Path
) -> None:
    settings.bot.plan = PLAN
    settings.files.folder = str(tmp_path / "files")
    core = build_core(settings)
    tc = unit_id(core.db, PLAN, "Sở Tài chính")
    with core.db.session() as s:
        info = rounds.open_round(s, load_knowledge(), PLAN, "2024", due=date(2099, 12, 15))
        values.submit(s, load_knowledge(), info.id, tc, "7.12", {"a": 10, "b": 1000}, now=core.services.clock())
        six = values.submit(s, load_knowledge(), info.id, tc, "6.22", {"b": 1200, "c": 100000},
                            now=core.services.clock()).id
    for user_id, unit, role in ((5101, "Sở Tài chính", "official"), (5102, "Sở Thông tin và Truyền thông", "focal")):
        register_official(core, PLAN, unit, str(user_id), role, channel="telegram")
    run_bot(settings, core)
    unit = TelegramUser(emulator, settings.telegram.token, user_id=5101)
    focal = TelegramUser(emulator, settings.telegram.token, user_id=5102)

    picture = png_bytes(24, 16)
    sizes = [emulator.upload(png_bytes(2, 2), "s.jpg", "image/jpeg"), emulator.upload(picture, "l.jpg", "image/jpeg")]
    unit.send_file("photo", [{**s, "width": 1, "height": 1} for s in sizes],
                   caption="Biên bản chi cho chính quyền số", forward_date=1730000000)
    offer = with_buttons(unit)
    assert "Lưu làm tài liệu kiểm chứng" in offer.text and offer.buttons[0][0].startswith("6.22")
    unit.press(offer, button(offer, "6.22"))
    assert "Đã lưu 1 tệp, liên kết" in unit.reply().text
    document = emulator.upload(b"%PDF-1.4 quyet dinh", "Quyết định 12.pdf", "application/pdf")
    unit.send_file("document", document)  # no caption: the values lacking evidence first, then the rest
    offer = with_buttons(unit)
    unit.press(offer, button(offer, "6.22"))
    assert "Đã lưu 1 tệp, liên kết" in unit.reply().text
    unit.send(f"Quyết định giao dự toán {LINK}")
    offer = with_buttons(unit)
    unit.press(offer, button(offer, "6.22"))
    assert "số liệu này có 3 tệp, liên kết" in unit.reply().text
    with core.db.session() as s:
        assert [e.url for e in values.evidence(s, six)] == [None, None, LINK]

    focal.command("/tiendo")
    status = with_buttons(focal)
    focal.press(status, button(status, "Sở Tài chính"))
    listing = with_buttons(focal)
    focal.press(listing, button(listing, "6.22"))
    detail = with_buttons(focal)
    assert "🔗 Quyết định giao dự toán" in detail.text
    focal.press(detail, button(detail, "Xem minh chứng"))
    text, photo, doc = focal.replies(3)
    assert "2 tệp, 1 liên kết" in text.text and LINK in text.text
    assert photo.kind == "photo" and emulator.file_bytes(photo.file["file_id"]) == picture
    assert (doc.kind, doc.file["file_name"]) == ("document", "Quyết định 12.pdf")
    assert emulator.file_bytes(doc.file["file_id"]) == b"%PDF-1.4 quyet dinh"
    focal.command("/xemminhchung 6.22 Sở Tài chính")
    assert [m.kind for m in focal.replies(3)] == ["text", "photo", "document"]
    core.db.dispose()
