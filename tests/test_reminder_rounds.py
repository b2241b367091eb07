"""Round items in the planner (SQLite and PostgreSQL): a unit that submitted its part of an open round's indicator
is not reminded of it, the unit that has not is; the commune round's due date is the letter's date + 15 days."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.db.models import Identity, Membership, Official
from bot.db.session import Database
from bot.reminders.calendar import WorkCalendar
from bot.reminders.planner import MembershipSource, due_now
from bot.reminders.policy import ReminderPolicy
from bot.reminders.round_items import open_round_items
from bot.render import Renderer
from bot.services import rounds, values
from knowledge.store import load_knowledge

KB = load_knowledge()
VN = ZoneInfo("Asia/Ho_Chi_Minh")
PLAN = "gia-lai-2023"
DUE = date(2024, 12, 16)  # a Monday
OPENED = datetime(2024, 11, 1, 3, tzinfo=UTC)
KH, TC = "Sở Kế hoạch và Đầu tư", "Sở Tài chính"


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    d = Database(database_url)
    d.upgrade()
    yield d
    d.dispose()


def _member(db: Database, unit_name: str, chat: str) -> int:
    """An official of the unit reachable on the console as ``chat``; returns the unit id."""
    from sqlalchemy import select

    from bot.db.models import Unit

    with db.session() as s:
        unit = s.scalars(select(Unit).where(Unit.plan_id == PLAN, Unit.name == unit_name)).first()
        if unit is None:
            unit = Unit(plan_id=PLAN, name=unit_name)
            s.add(unit)
            s.flush()
        official = Official(name=f"Cán bộ {chat}")
        s.add(official)
        s.flush()
        s.add(Identity(official_id=official.id, channel="console", user_id=chat, chat_id=chat))
        s.add(Membership(official_id=official.id, unit_id=unit.id, role="official"))
        return int(unit.id)


def _round_reminders(db: Database, now: datetime) -> dict[str, set[str]]:
    """Chat → the round indicators (due on the round's date) its reminder names."""
    with db.session() as s:
        planned = due_now(s, MembershipSource(KB), WorkCalendar(), ReminderPolicy(), Renderer(), now)
    return {p.chat: {i.code for i in p.items if i.due == DUE and not i.task} for p, _ in planned}


def test_a_unit_that_submitted_is_not_reminded(db: Database) -> None:
    kh, tc = _member(db, KH, "kh"), _member(db, TC, "tc")
    with db.session() as s:
        info = rounds.open_round(s, KB, PLAN, "2024", due=DUE, indicators=["6.22"], now=OPENED)
        owed = open_round_items(s, KB, PLAN, date(2024, 12, 10))
    assert {(i.code, i.due, i.submitted) for i in owed[kh]} == {("6.22", DUE, False)}
    assert {(i.code, i.due, i.submitted) for i in owed[tc]} == {("6.22", DUE, False)}
    with db.session() as s:
        values.submit(s, KB, info.id, kh, "6.22", {"a": "1.500"}, now=OPENED)
    now = datetime(2024, 12, 10, 9, tzinfo=VN)  # 6 days before: the 7-day step fell on Monday 9/12
    reminders = _round_reminders(db, now)
    assert reminders.get("tc") == {"6.22"}
    assert not reminders.get("kh")  # its part is in: nothing of the round (plan tasks may remain)
    with db.session() as s:
        owed = open_round_items(s, KB, PLAN, now.date())
        assert [i.submitted for i in owed[kh]] == [True]
        values.return_value(s, info.id, kh, "6.22", "Số liệu chưa khớp", by=None, now=OPENED + timedelta(days=1))
    assert _round_reminders(db, now).get("kh") == {"6.22"}  # returned: owed again
    with db.session() as s:
        rounds.close_round(s, info.id, now=OPENED + timedelta(days=2))
    assert not any(_round_reminders(db, now).values())  # a closed round reminds nobody


def test_the_commune_round_is_due_fifteen_days_after_the_letter(db: Database) -> None:
    with db.session() as s:
        info = rounds.open_round(s, KB, "nghia-phuong-2023", "2024-Q3", letter_date=date(2024, 7, 1), now=OPENED)
        owed = open_round_items(s, KB, "nghia-phuong-2023", date(2024, 7, 10))
    assert owed and {i.due for items in owed.values() for i in items} == {date(2024, 7, 16)}
    assert {i.code for items in owed.values() for i in items} == set(info.indicators)
