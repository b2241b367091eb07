"""Scores on Telegram end to end (the real core and PTB application against the emulator): a score answer as
text, /bieudo as a photo of the pillar chart, /xuat as the round's workbook sent as a document."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tg_emulator import BotThread, Emulator, TelegramUser

from bot.assembly import build_core
from bot.config import Settings
from bot.db.models import Identity, Membership, Official
from bot.services import rounds, scores, values
from knowledge.store import load_knowledge
from tests.test_collect_services import unit_id

RunBot = Callable[..., BotThread]
PLAN = "gia-lai-2023"
STTTT = "Sở Thông tin và Truyền thông"
NOW = datetime(2024, 11, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def files_settings(settings: Settings, tmp_path: Path) -> Settings:
    settings.files.folder = str(tmp_path / "files")
    settings.bot.plan = PLAN
    return settings


def test_score_photo_and_document(emulator: Emulator, files_settings: Settings, run_bot: RunBot) -> None:
    kb = load_knowledge()
    scores.clear_cache()
    core = build_core(files_settings)
    with core.db.session() as s:
        r = rounds.open_round(s, kb, PLAN, "2024", due=date(2024, 12, 15), now=NOW)
    uid = unit_id(core.db, PLAN, STTTT)
    with core.db.session() as s:
        values.submit(s, kb, r.id, uid, "3.1", {"a": 80, "b": 100}, now=NOW)
        person = Official(name="Đầu mối")
        s.add(person)
        s.flush()
        s.add(Identity(official_id=person.id, channel="telegram", user_id="1001", chat_id="1001"))
        s.add(Membership(official_id=person.id, unit_id=uid, role="focal"))
    run_bot(files_settings, core)
    user = TelegramUser(emulator, files_settings.telegram.token)
    user.send("điểm chỉ số 3.1 bao nhiêu")
    assert "Điểm hiện tại: 8 / 10" in user.reply().text
    user.send("/bieudo")
    photo = user.reply()
    assert photo.kind == "photo" and "Điểm các trụ cột" in (photo.caption or "")
    assert emulator.file_bytes(photo.file["file_id"]).startswith(b"\x89PNG")
    user.send("/xuat")
    document = user.reply()  # a short text goes as the document's caption
    assert document.kind == "document" and "Báo cáo Excel" in (document.caption or "")
    assert document.file["file_name"].endswith(".xlsx")
    book = load_workbook(BytesIO(emulator.file_bytes(document.file["file_id"])))
    rows = {row[0]: row for row in book["Chỉ số"].iter_rows(min_row=2, values_only=True)}
    assert rows["3.1"][4] == 8
    core.db.dispose()
