"""The Excel entry form: written, opened back by openpyxl, filled, read; bad uploads refused with a reason."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.render import Renderer
from bot.reports.forms import FORM_LIMITS, HEADERS, SHEET, VALUE_COLUMN, FormError, FormRow, read_form, write_form

ROWS = [
    FormRow("6.22", "Kinh phí chi cho kinh tế số", "a", "Tổng kinh phí chi thường xuyên từ NSNN cho kinh tế số",
            "triệu đồng", 1200.5),
    FormRow("3.3", "Tỷ lệ hộ gia đình có cáp quang", "b", "Tổng số hộ gia đình", "hộ", None),
]


def written(tmp_path: Path) -> Path:
    path = tmp_path / "mau.xlsx"
    path.write_bytes(write_form(ROWS, "Sở Tài chính — đợt 2024"))
    return path


def test_the_form_has_its_header_frozen_and_numbers_as_numbers(tmp_path: Path) -> None:
    sheet = load_workbook(written(tmp_path))[SHEET]
    assert sheet["A1"].value == "Sở Tài chính — đợt 2024"
    assert tuple(c.value for c in sheet[2]) == HEADERS
    assert sheet.freeze_panes == "A3"
    assert sheet["A3"].value == "6.22" and sheet["C3"].value == "a" and sheet["F3"].value == 1200.5
    assert sheet.column_dimensions["D"].width == 60


def test_filled_values_come_back_with_their_rows_empty_ones_skipped(tmp_path: Path) -> None:
    path = written(tmp_path)
    book = load_workbook(path)
    book[SHEET].cell(row=3, column=VALUE_COLUMN, value=1500)
    book[SHEET].cell(row=4, column=VALUE_COLUMN, value=" 45.000 ")
    book.save(path)
    rows = read_form(path)
    assert [(r.row, r.code, r.input, r.value) for r in rows] == [(3, "6.22", "a", 1500), (4, "3.3", "b", "45.000")]
    book[SHEET].cell(row=4, column=VALUE_COLUMN).value = None
    book.save(path)
    assert [r.code for r in read_form(path)] == ["6.22"]


def reason(path: Path, **kwargs: Any) -> str:
    with pytest.raises(FormError) as caught:
        read_form(path, **kwargs)
    return caught.value.reason


def test_bad_uploads_are_refused_with_a_reason(tmp_path: Path) -> None:
    text = tmp_path / "a.xlsx"
    text.write_text("không phải excel")
    assert reason(text) == "not_xlsx"
    fake = tmp_path / "b.xlsx"
    with zipfile.ZipFile(fake, "w") as z:
        z.writestr("hello.txt", "zip nhưng không phải xlsx")
    assert reason(fake) == "unreadable"
    assert reason(written(tmp_path), limits=replace(FORM_LIMITS, file_bytes=100)) == "too_large"
    other = tmp_path / "c.xlsx"
    book = load_workbook(written(tmp_path))
    book[SHEET].title = "Trang khác"
    book.save(other)
    assert reason(other) == "no_sheet"
    book = load_workbook(written(tmp_path))
    book[SHEET].cell(row=2, column=3, value="Biến số")
    book.save(other)
    assert reason(other) == "bad_header"


@pytest.mark.parametrize("why", ["too_large", "not_xlsx", "unreadable", "no_sheet", "bad_header"])
def test_every_reason_reads_as_vietnamese_and_says_nothing_was_saved(why: str) -> None:
    text, _ = Renderer().render("form_error", reason=why, limit="rows", found=9000, allowed=5120)
    assert "không số liệu nào được lưu" in text and "/mau" in text
