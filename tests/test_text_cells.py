"""Issue 15, defect 11: every text cell of every workbook the bot makes is text, never a formula. openpyxl takes a
string starting with "=" for a formula, so a unit named ``=HYPERLINK(…)`` became a live link in its /mau form.
The files are opened back with openpyxl: each text cell's ``data_type`` is "s", none is "f"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.config import Settings
from bot.core.app import Core
from bot.reports.export import EvidenceRow, IndicatorRow, PartRow, UnitRow, write_report
from bot.reports.forms import SHEET, FormRow, write_form
from bot.services import rounds
from knowledge.store import load_knowledge
from tests.flowkit import ManualClock, User, plan_core, register_official
from tests.test_collect_services import unit_id

KB = load_knowledge()
PLAN = "gia-lai-2023"
HOSTILE = ['=HYPERLINK("http://evil.example","Sở Tài chính")', "=1+1", "+cmd", "-2", "@SUM(A1)"]


def cells_of(data: bytes) -> list[tuple[object, str]]:
    book = load_workbook(BytesIO(data))
    return [(c.value, c.data_type) for sheet in book.worksheets for row in sheet.iter_rows() for c in row
            if c.value is not None]


def assert_text(data: bytes, expected: list[str]) -> None:
    cells = cells_of(data)
    assert not [c for c in cells if c[1] == "f"], cells
    texts = {v for v, t in cells if t == "s"}
    assert set(expected) <= texts, set(expected) - texts


def test_the_form_writes_hostile_texts_as_text() -> None:
    rows = [FormRow(text, text, text, text, text, text) for text in HOSTILE]
    data = write_form(rows, HOSTILE[0] + "\x01")  # a control character no sheet can hold: dropped
    assert_text(data, HOSTILE)
    assert load_workbook(BytesIO(data))[SHEET]["A1"].value == HOSTILE[0]


def test_the_export_writes_hostile_unit_names_and_notes_as_text() -> None:
    at = datetime(2024, 9, 30, 15, 45, tzinfo=UTC)
    data = write_report(
        [IndicatorRow("6.22", name, "6", 20.0, 12.5, {"a": name}, name, "đã nộp", True) for name in HOSTILE],
        [PartRow("6.22", name, 1, {"a": 1.0}, "đã nộp", name, at, False, True, name) for name in HOSTILE],
        [UnitRow(name, 3, 1, 1) for name in HOSTILE],
        [EvidenceRow("6.22", name, 1, name, name, at) for name in HOSTILE],
    )
    assert_text(data, HOSTILE)


@pytest.fixture
def core(settings: Settings) -> Iterator[Core]:
    yield from plan_core(settings, ManualClock(datetime(2024, 11, 1, 2, 0, tzinfo=UTC)), PLAN)


def test_a_unit_named_like_a_formula_gets_its_form_as_text(core: Core) -> None:
    name = HOSTILE[0]
    unit_id(core.db, PLAN, name, parent="UBND các huyện, thành phố")
    register_official(core, PLAN, name, "u1")
    with core.db.session() as s:
        rounds.open_round(s, KB, PLAN, "2024", due=date(2024, 12, 15))
    (form,) = User(core).say("/mau")[0].files
    data = Path(form.path).read_bytes()
    title = load_workbook(BytesIO(data))[SHEET]["A1"]
    assert title.data_type == "s" and str(title.value).startswith(name)
    assert_text(data, [str(title.value)])
