"""Round items in the planner (SQLite and PostgreSQL): a unit that submitted its part of an open round's indicator
is not reminded of it, the unit that has not is; the commune round's due date is the letter's date + 15 days; a
part submitted without evidence is reminded by the round's evidence deadline, folded with the values owed, until
a file comes; its head is told once it is late."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.messages import Reply
from bot.db.models import Identity, Membership, Official
from bot.db.session import Database
from bot.reminders.calendar import WorkCalendar
from bot.reminders.planner import MembershipSource, due_now, queue
from bot.reminders.policy import Planned, ReminderPolicy
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


def _member(db: Database, unit_name: str, chat: str, role: str = "official", plan: str = PLAN) -> int:
    """A member of the unit (``role``) of ``plan`` reachable on the console as ``chat``; returns the unit id."""
    from sqlalchemy import select

    from bot.db.models import Unit

    with db.session() as s:
        unit = s.scalars(select(Unit).where(Unit.plan_id == plan, Unit.name == unit_name)).first()
        if unit is None:
            unit = Unit(plan_id=plan, name=unit_name)
            s.add(unit)
            s.flush()
        official = Official(name=f"Cán bộ {chat}")
        s.add(official)
        s.flush()
        s.add(Identity(official_id=official.id, channel="console", user_id=chat, chat_id=chat))
        s.add(Membership(official_id=official.id, unit_id=unit.id, role=role))
        return int(unit.id)


def _round_reminders(db: Database, now: datetime) -> dict[str, set[str]]:
    """Chat → the round indicators (due on the round's date) its reminder names."""
    with db.session() as s:
        planned = due_now(s, MembershipSource(KB), WorkCalendar(), ReminderPolicy(), Renderer(), now)
    return {p.chat: {i.code for i in p.items if i.due == DUE and not i.task and not i.evidence} for p, _ in planned}


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
        assert [(i.submitted, i.evidence) for i in owed[kh]] == [(True, False), (False, True)]  # its evidence is owed
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


EVIDENCE_DUE = date(2024, 12, 20)  # a Friday: the letter of 5/12 + 15 days, while the values are due 16/12


def _plan(db: Database, now: datetime, *, record: bool = False) -> dict[str, tuple[Planned, Reply]]:
    """Chat → its message at ``now``; ``record``: queued in the outbox, so the next run starts after it."""
    with db.session() as s:
        planned = due_now(s, MembershipSource(KB), WorkCalendar(), ReminderPolicy(), Renderer(), now)
        if record:
            queue(s, planned, now)
    return {p.chat: (p, reply) for p, reply in planned}


def _attach(db: Database, round_id: int, unit_id: int, code: str) -> None:
    with db.session() as s:
        version = values.latest_version(s, round_id, unit_id, code)
        assert version is not None
        values.add_evidence(s, version.id, path="/tmp/bien-ban.pdf", sha256="0" * 64, name="bien-ban.pdf",
                            mime="application/pdf")


def test_missing_evidence_is_reminded_folded_and_dropped_once_a_file_comes(db: Database) -> None:
    kh = _member(db, KH, "kh")
    _member(db, KH, "kh-head", role="head")
    _member(db, TC, "tc")
    _member(db, "Sở Thông tin và Truyền thông", "focal", role="focal")
    with db.session() as s:
        info = rounds.open_round(s, KB, PLAN, "2024", due=DUE, letter_date=date(2024, 12, 5),
                                 indicators=["6.22", "8.6"], now=OPENED)
        values.submit(s, KB, info.id, kh, "8.6", {"x": 2}, now=OPENED)  # no file with it
    assert info.evidence_due == EVIDENCE_DUE
    # Tue 10/12: the 7-day step of the values (9/12) fired; the evidence's (13/12) has not, and it is not near
    early = _plan(db, datetime(2024, 12, 10, 9, tzinfo=VN))["kh"][0]
    assert [(i.code, i.evidence) for i in early.items] == [("6.22", False)]
    # Fri 13/12: the values' 3-day step and the evidence's 7-day step, folded into one message for the chat
    friday = _plan(db, datetime(2024, 12, 13, 9, tzinfo=VN), record=True)
    planned, reply = friday["kh"]
    assert [(i.code, i.due, i.evidence) for i in planned.items] == [("6.22", DUE, False),
                                                                     ("8.6", EVIDENCE_DUE, True)]
    assert planned.key == "rem:2024-12-13:console:kh"
    contract = planned.contract(reply.text)
    assert (contract["kind"], contract["due"], contract["indicators"]) == ("before", "2024-12-16", ["6.22", "8.6"])
    values_part, _, evidence_part = reply.text.partition("Còn thiếu tài liệu kiểm chứng")
    assert "Còn thiếu số liệu, cần nộp:" in values_part and "6.22" in values_part and "8.6" not in values_part
    assert "8.6" in evidence_part and "hạn 20/12/2024, còn 7 ngày" in evidence_part
    assert "/minhchung 8.6" in reply.text
    assert [b.payload for b in reply.buttons] == ["n:start", "mc:8.6", "rm:snooze"]
    assert "kh-head" not in friday and "8.6" not in friday["tc"][0].indicators  # 8.6 is Kế hoạch's alone
    # Mon 16/12: 6.22 comes in without a file, 8.6's file arrives: only 6.22's evidence is owed now
    with db.session() as s:
        values.submit(s, KB, info.id, kh, "6.22", {"a": "1.500"}, now=OPENED)
    _attach(db, info.id, kh, "8.6")
    tuesday = _plan(db, datetime(2024, 12, 17, 9, tzinfo=VN), record=True)  # the evidence's 3-day step
    planned, reply = tuesday["kh"]
    assert [(i.code, i.evidence) for i in planned.items] == [("6.22", True)]
    assert planned.contract(reply.text)["indicators"] == ["6.22"] and planned.kind == "before"
    assert "Còn thiếu số liệu" not in reply.text and "8.6" not in reply.text
    assert [b.payload for b in reply.buttons] == ["mc:6.22", "rm:snooze"]  # nothing left to enter
    # Wed 25/12: three working days after the evidence deadline: the head is told, the focal point's digest counts it
    late = _plan(db, datetime(2024, 12, 25, 9, tzinfo=VN))
    head, head_reply = late["kh-head"]
    assert head.kind == "escalation" and head.indicators == ("6.22",) and head_reply.buttons == ()
    assert "còn 1 nội dung đã quá hạn" in head_reply.text and "Còn thiếu tài liệu kiểm chứng" in head_reply.text
    official = late["kh"][0]
    assert official.kind == "overdue" and any(i.code == "6.22" and i.evidence for i in official.items)
    digest = late["focal"][1].text
    assert "Đơn vị còn thiếu tài liệu kiểm chứng đã quá hạn (1):" in digest
    assert "Sở Kế hoạch và Đầu tư: 6.22 — trễ 3 ngày làm việc (hạn 20/12/2024)" in digest
    _attach(db, info.id, kh, "6.22")
    after = _plan(db, datetime(2024, 12, 25, 9, tzinfo=VN))
    assert "kh-head" not in after and not any(i.evidence for i in after["kh"][0].items)
    assert "tài liệu kiểm chứng" not in after["focal"][1].text
