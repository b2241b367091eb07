"""/nhap on Zalo through the real channel and the local Zalo Bot API: the indicators and the confirmation come
as numbered lines, and the number typed back chooses (Zalo has no buttons)."""

from __future__ import annotations

from datetime import date

from bot.assembly import build_core
from bot.config import Settings
from bot.db.models import Identity, Membership, Official
from bot.services import rounds, values
from knowledge.store import load_knowledge
from tests.e2e.zalo_fake import FakeZalo
from tests.test_collect_services import unit_id
from tests.test_zalo import Start, fake, sent, settings, start  # noqa: F401 (fixtures)

PLAN = "gia-lai-2023"


async def test_numbered_choices_enter_a_value(fake: FakeZalo, settings: Settings, start: Start) -> None:  # noqa: F811
    settings.bot.plan = PLAN
    core = build_core(settings)
    with core.db.session() as s:
        info = rounds.open_round(s, load_knowledge(), PLAN, "2024", due=date(2099, 12, 15))
    tc = unit_id(core.db, PLAN, "Sở Tài chính")
    with core.db.session() as s:
        person = Official(name="Cán bộ Zalo")
        s.add(person)
        s.flush()
        s.add(Identity(official_id=person.id, channel="zalo", user_id="u-1001", chat_id="u-1001"))
        s.add(Membership(official_id=person.id, unit_id=tc, role="official"))
    try:
        await start(core)
        fake.deliver(fake.user_message("/nhap"))
        [listing] = await sent(fake, 1)
        line = next(x for x in listing.splitlines() if "6.22" in x and x[:1].isdigit())
        fake.deliver(fake.user_message(line.split(".")[0]))  # the number in front of 6.22
        texts = await sent(fake, 3, exact=False)
        assert "Nhập b" in texts[-1] or "Nhập b" in texts[-2]
        fake.deliver(fake.user_message("b=1.200; c=100.000"))
        summary = (await sent(fake, 4, exact=False))[-1]
        assert "Tóm tắt" in summary and "1. Xác nhận" in summary
        fake.deliver(fake.user_message("1"))
        saved = (await sent(fake, 5, exact=False))[-1]
        assert "Đã lưu" in saved
        with core.db.session() as s:
            assert values.history(s, info.id, tc, "6.22")[0].inputs == {"b": 1200.0, "c": 100000.0}
    finally:
        core.db.dispose()
