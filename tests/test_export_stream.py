"""Issue 20 item 5: the round's workbook is written as the database hands over the versions, in the database's
order; its content must stay exactly what the former export (every version loaded, then sorted in Python) wrote.
The former way is kept as the reference (``benchmarks/former_export.py``); both workbooks are opened back and
compared cell by cell, on a round whose unit names sort differently by locale than by code point (capitals,
Vietnamese letters, numbers)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from benchmarks.former_export import former_report
from bot.assembly import build_core
from bot.config import Settings
from bot.core.app import Core
from bot.db.models import Official, RoundValue, Unit, ValueVersion
from bot.services import reports, rounds, scores
from bot.services.duties import input_choices, plan_book
from bot.services.reports import late_indicators
from knowledge.store import load_knowledge

KB = load_knowledge()
PLAN = "gia-lai-2023"
NOW = datetime(2024, 11, 1, 3, 0, tzinfo=UTC)
NAMES = ["Sở Tài chính", "sở nội vụ", "Sở Y tế", "Ủy ban nhân dân xã Ia Băng", "Uỷ ban nhân dân xã An Phú",
         "UBND huyện Đak Đoa", "UBND huyện Chư Sê", "Đài Phát thanh", "Dân tộc", "xã 10", "xã 2", "Xã 1", "Báo Gia Lai",
         "Bảo hiểm xã hội", "Ban Dân tộc", "Z", "a", "_x", "Ấp Mới", "Â"]


@pytest.fixture
def core(settings: Settings) -> Iterator[Core]:
    settings.bot.plan = PLAN
    scores.clear_cache()
    c = build_core(settings)
    yield c
    c.db.dispose()


def _seed(core: Core) -> rounds.RoundInfo:
    """A round where every unit above has several indicators, some with two or three versions (late, returned
    with a comment, noted, entered on the unit's behalf, by an official or nobody)."""
    rng = random.Random(20)
    with core.db.session() as s:
        info = rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15), now=NOW)
        people = [Official(name=n) for n in ("Nguyễn Văn A", "Trần Thị B")]
        s.add_all(people)
        units = [Unit(plan_id=PLAN, name=n, is_group=False) for n in NAMES]
        s.add_all(units)
        s.flush()
        codes = [c for c in info.indicators if not input_choices(plan_book(KB, PLAN), c)][:12]
        rng.shuffle(units)  # entered in no particular order
        for unit in units:
            for code in rng.sample(codes, 6):
                value = RoundValue(round_id=info.id, indicator=code, unit_id=unit.id)
                s.add(value)
                s.flush()
                for number in range(1, rng.choice((1, 1, 2, 3)) + 1):
                    version = ValueVersion(
                        value_id=value.id, number=number, inputs={"a": rng.randint(0, 99), "b": 100},
                        official_id=rng.choice([None, *(p.id for p in people)]), late=rng.random() < 0.2,
                        note=rng.choice(["", "số liệu đã kiểm tra"]), comment=rng.choice(["", "thiếu quý IV"]),
                        on_behalf=rng.random() < 0.2, state=rng.choice(["submitted", "returned", "approved"]),
                        created_at=NOW + timedelta(minutes=rng.randint(0, 10_000)))
                    s.add(version)
                    s.flush()
                    value.version, value.latest_id, value.late = number, version.id, version.late
        return rounds.get_round(s, info.id)


def _cells(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(BytesIO(data), read_only=True)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def test_streamed_export_writes_what_the_former_export_wrote(core: Core) -> None:
    info = _seed(core)
    with core.db.session() as s:
        streamed = _cells(reports.report(s, KB, info))
        former = _cells(former_report(s, KB, info))
        # in the bot's time zone too (the bot and ``dti-bot export`` give it): the times are converted alike
        vietnam = ZoneInfo("Asia/Ho_Chi_Minh")
        assert _cells(reports.report(s, KB, info, vietnam)) == _cells(former_report(s, KB, info, vietnam)) != former
        # the session goes on as before: the streaming was an option of the one statement
        assert _cells(reports.report(s, KB, info)) == streamed
        assert late_indicators(s, info.id)  # the fixture has late parts: the "Nộp muộn" column is exercised
    parts = streamed["Số liệu đơn vị"]
    assert len(parts) > len(NAMES) * 6  # every version, more than one for some parts
    assert len({p[1] for p in parts[1:]}) == len(NAMES)
    assert streamed == former


def test_a_round_without_values_exports_empty_sheets(core: Core) -> None:
    with core.db.session() as s:
        info = rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15), now=NOW)
        sheets = _cells(reports.report(s, KB, info))
    assert sheets["Số liệu đơn vị"][1:] == [] and len(sheets["Chỉ số"]) > 1
