"""Entering on a unit's behalf ("nhập thay", issue 16) through the core, on SQLite and PostgreSQL: a focal point's
/nhap asks which unit (a name as typed, or the units owing a code), enters, and the version says it was entered on
the unit's behalf and by whom — in /nhap's summary, in the round's status and in the workbook; an input the plan
gives nobody says "giao mặc định"; an official still enters only for their own unit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.config import Settings
from bot.core.app import Core
from bot.db.models import Unit
from bot.services import rounds, values
from bot.services.reports import report
from bot.services.status import round_status
from bot.services.units import add_members, plan_units
from knowledge.store import load_knowledge
from tests.flowkit import ManualClock, User, plan_core, play, register_official

KB = load_knowledge()
PLAN = "kon-tum-2024"
TTTT = "Sở Thông tin và Truyền thông"


@pytest.fixture
def core(settings: Settings) -> Iterator[Core]:
    yield from plan_core(settings, ManualClock(datetime(2024, 11, 1, 2, 0, tzinfo=UTC)), PLAN)


@pytest.fixture
def round_(core: Core) -> rounds.RoundInfo:
    """Kon Tum's round, the Sở Tài chính a member of "Các sở, ban, ngành", a focal point at the Sở TTTT ("fp") and
    an official of the Sở Tài chính ("tc")."""
    with core.db.session() as s:
        plan_units(s, KB, PLAN)
        group = s.scalars(select(Unit.id).where(Unit.plan_id == PLAN, Unit.name == "Các sở, ban, ngành")).one()
        add_members(s, group, ["Sở Tài chính"])
        info = rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15))
    register_official(core, PLAN, TTTT, "fp", "focal")
    register_official(core, PLAN, "Sở Tài chính", "tc")
    return info


def _unit(core: Core, name: str) -> int:
    with core.db.session() as s:
        return int(s.scalars(select(Unit.id).where(Unit.plan_id == PLAN, Unit.name == name)).one())


def test_a_focal_point_enters_for_another_unit_and_it_is_recorded_as_nhap_thay(core: Core,
                                                                                 round_: rounds.RoundInfo) -> None:
    focal = User(core, "fp")
    play(focal, [
        ("/nhap", ["Là đầu mối, bạn nhập thay được cho mọi đơn vị", "Gõ tên đơn vị cần nhập"]),
        ("khong co don vi nay", ["Không tìm thấy đơn vị «khong co don vi nay»", "Gõ tên đơn vị"]),
        ("tài chính", ["Nhập thay cho", "Sở Tài chính", "6.22: chưa nhập", "4.5: chưa nhập"]),
        ("/nhap 6.22 tài chính", ["Nhập thay cho", "Chỉ số 6.22", "Nhập b"]),
        ("3", ["Tóm tắt số liệu chỉ số 6.22", "Nhập thay cho", "được lưu là nhập thay", "b = 3"]),
        ("[Xác nhận]", ["6.22"]),
    ])
    assert any("Sở Thông tin và Truyền thông" in b.label for b in focal.core.handle(
        _msg("fp", "/nhap"))[0].buttons)  # their own unit offered as a button
    play(focal, [
        ("/nhap 6.22", ["Chỉ số 6.22 do các đơn vị sau nhập", "Sở Kế hoạch và Đầu tư: a", "Sở Tài chính: b",
                        "Sở Thông tin và Truyền thông: c (c: giao mặc định)"]),
        ("[Sở Kế hoạch]", ["Nhập thay cho", "Nhập a"]),
        ("a=12", ["Tóm tắt", "Nhập thay cho", "a = 12"]),
        ("[Xác nhận]", ["6.22"]),
        ("/nhap 6.22 Sở TTTT", ["Chỉ số 6.22", "Giao mặc định: kế hoạch không giao đầu vào c", "(giao mặc định)"]),
        ("1.000", ["Tóm tắt", "c = 1.000", "— giao mặc định"]),
        ("[Xác nhận]", ["6.22"]),
    ])
    assert "Nhập thay cho" not in focal.text()  # their own unit: not on anyone's behalf
    tc_id, own_id = _unit(core, "Sở Tài chính"), _unit(core, TTTT)
    with core.db.session() as s:
        tc = values.history(s, round_.id, tc_id, "6.22")
        own = values.history(s, round_.id, own_id, "6.22")
        status = round_status(s, KB, rounds.get_round(s, round_.id))
        book = load_workbook(BytesIO(report(s, KB, rounds.get_round(s, round_.id))))
    assert [(v.on_behalf, v.inputs) for v in tc] == [(True, {"b": 3.0})]
    assert [v.on_behalf for v in own] == [False]
    ind = next(i for i in status.indicators if i.code == "6.22")
    parts = {p.unit: p.to_json() for p in ind.parts}
    assert (parts["Sở Tài chính"]["on_behalf"], parts["Sở Tài chính"]["by"]) == (True, "Cán bộ fp")
    assert parts[TTTT]["on_behalf"] is False and ind.score == ind.max  # (12 + 3) / 1 000 ≥ 1 %
    sheet = book["Số liệu đơn vị"]
    header = [c.value for c in sheet[1]]
    assert header[-1] == "Nhập thay"
    rows = {(r[0], r[1]): r[-1] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[("6.22", "Sở Tài chính")] == "Cán bộ fp" and rows[("6.22", TTTT)] in (None, "")


def test_an_official_enters_only_for_their_own_unit(core: Core, round_: rounds.RoundInfo) -> None:
    official = User(core, "tc")
    play(official, [
        ("/nhap", ["Các chỉ số", "Sở Tài chính", "6.22: chưa nhập"]),
        ("/nhap 6.22 Sở Kế hoạch và Đầu tư", ["Đơn vị của bạn là Sở Tài chính"]),
        ("/nhap 6.22 Sở Tài chính", ["Chỉ số 6.22", "Nhập b"]),
    ])
    assert "Nhập thay" not in official.text()


def _msg(user: str, text: str):  # type: ignore[no-untyped-def]
    from bot.core.messages import Incoming

    return Incoming(channel="test", chat_id=user, user_id=user, text=text)
