"""Evidence on Zalo through the real channel and the local Zalo Bot API: a picture sent with a caption outside any
flow is offered as evidence (the values numbered, Zalo has no buttons) and filed by the number typed back; the
focal point's /xemminhchung gets the picture by a signed link Zalo fetches, the document as a text with a signed
link the bot's server answers, and the link listed (issue 16, item 3)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx

from bot.assembly import build_core
from bot.config import Settings
from bot.core.files import FileStore
from bot.db.models import Identity, Membership, Official
from bot.services import rounds, values
from knowledge.store import load_knowledge
from tests.e2e.filekit import png_bytes
from tests.e2e.zalo_fake import FakeZalo
from tests.test_collect_services import unit_id
from tests.test_zalo import sent
from tests.test_zalo_files import Start, fake, settings, start  # noqa: F401 (fixtures)

PLAN = "gia-lai-2023"
LINK = "https://stc.gialai.gov.vn/qd/12"


async def test_a_picture_is_filed_by_number_and_the_focal_point_gets_signed_links(
    fake: FakeZalo, settings: Settings, start: Start  # noqa: F811
) -> None:
    settings.bot.plan = PLAN
    core = build_core(settings)
    kb = load_knowledge()
    tc = unit_id(core.db, PLAN, "Sở Tài chính")
    people = (("u-1001", tc, "official"), ("u-focal", unit_id(core.db, PLAN, "Sở Thông tin và Truyền thông"), "focal"))
    with core.db.session() as s:
        info = rounds.open_round(s, kb, PLAN, "2024", due=date(2099, 12, 15))
        version = values.submit(s, kb, info.id, tc, "6.22", {"b": 1200, "c": 100000}, now=core.services.clock()).id
        for user_id, unit, role in people:
            official = Official(name=f"Cán bộ {user_id}")
            s.add(official)
            s.flush()
            s.add(Identity(official_id=official.id, channel="zalo", user_id=user_id, chat_id=user_id))
            s.add(Membership(official_id=official.id, unit_id=unit, role=role))
    sheet = FileStore.from_settings(settings.files).save(b"%PDF-1.4 du toan", "Dự toán.pdf", "application/pdf")
    try:
        await start(core)
        picture = png_bytes(20, 12)
        fake.deliver(fake.user_image(picture, caption="Biên bản chi cho chính quyền số", mime="image/png"))
        [offer] = await sent(fake, 1)
        assert "Lưu làm tài liệu kiểm chứng" in offer and "1. 6.22" in offer and "Trả lời bằng số" in offer
        fake.deliver(fake.user_message("1"))
        assert "Đã lưu 1 tệp, liên kết" in (await sent(fake, 2))[-1]
        fake.deliver(fake.user_message(f"Quyết định 12 {LINK}"))
        await sent(fake, 3)
        fake.deliver(fake.user_message("1"))
        assert "số liệu này có 2 tệp, liên kết" in (await sent(fake, 4))[-1]
        with core.db.session() as s:
            values.add_evidence(s, version, path=sheet.path, sha256=Path(sheet.path).name, name=sheet.name,
                                mime=sheet.mime, size=sheet.size)

        fake.deliver(fake.user_message("/xemminhchung 6.22 Sở Tài chính", user_id="u-focal"))
        text, document = await sent(fake, 2, chat_id="u-focal")
        assert "2 tệp, 1 liên kết" in text and f"🔗 Quyết định 12: {LINK}" in text
        [photo] = fake.photos
        assert photo.url.startswith(f"{settings.files.public_url}/files/") and photo.data == picture
        assert document.startswith("📎 Dự toán.pdf: http://")
        async with httpx.AsyncClient() as client:
            got = await client.get(document.split(": ", 1)[1].split()[0])
        assert got.status_code == 200 and got.content == b"%PDF-1.4 du toan"
    finally:
        core.db.dispose()
