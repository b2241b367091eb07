"""The streaming .xlsx writer: every part well-formed XML, the workbook read back by openpyxl value by value —
XML specials, Vietnamese text, control characters (the format's _xHHHH_ escapes), spaces kept, large and odd
numbers, dates, empty cells — with the header's style, widths, frozen row and the sheet's dimension."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime
from io import BytesIO
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from bot.reports.xlsx import MAX_TEXT, Sheet, column_letter, excel_width, write_book

TEXTS = [
    'Sở Tài chính & "Kho bạc" <tỉnh> Kon Tum',
    "Ủy ban nhân dân huyện Đắk Hà — điểm: 12,5 ≥ 10 ✓",
    "tab\there, line\nbreak",
    "  spaces kept at both ends  ",
    "]]> and &amp; literally",
]
CONTROL = ["bell\x07 and nul\x00 and esc\x1b", "windows\r\nline", "literal _x0041_ stays", "lone \ud800 half"]


def book_of(rows: list[tuple[object, ...]], headers: tuple[str, ...] = ("A", "B", "C")) -> bytes:
    return write_book([Sheet("Dữ liệu", headers, (8, 50.5, 12), rows, len(rows))])  # type: ignore[arg-type]


def test_every_part_is_well_formed_xml_and_openpyxl_reads_the_text_back() -> None:
    data = book_of([(t, None, "") for t in TEXTS + CONTROL])
    with zipfile.ZipFile(BytesIO(data)) as z:
        assert z.testzip() is None
        names = z.namelist()
        assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/styles.xml",
                "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"} <= set(names)
        for name in names:
            ElementTree.fromstring(z.read(name))  # raises on anything not well-formed
    sheet = load_workbook(BytesIO(data))["Dữ liệu"]
    read = [sheet.cell(row=r, column=1).value for r in range(2, 2 + len(TEXTS) + len(CONTROL))]
    assert read[:len(TEXTS)] == TEXTS
    # characters XML cannot carry come back as the format's escapes, which Excel (and unescape) turn back
    assert [unescape(v) for v in read[len(TEXTS):]] == [
        "bell\x07 and nul\x00 and esc\x1b", "windows\r\nline", "literal _x0041_ stays", "lone \ud800 half"]
    assert read[len(TEXTS) + 2] == "literal _x005F_x0041_ stays"  # not mistaken for "A" by Excel
    assert sheet.cell(row=2, column=2).value is None and sheet.cell(row=2, column=3).value is None


def test_numbers_stay_numbers_dates_stay_dates() -> None:
    moment = datetime(2024, 9, 30, 15, 45, 30)
    rows: list[tuple[object, ...]] = [
        (12.5, 2**53 + 1, -0.25),
        (1e20, 0, 1e-9),
        (moment, date(2025, 12, 31), datetime(2024, 1, 1, 8, 0, tzinfo=UTC)),
        (True, float("inf"), None),
    ]
    sheet = load_workbook(BytesIO(book_of(rows)))["Dữ liệu"]
    assert [c.value for c in sheet[2]] == [12.5, 2**53 + 1, -0.25]
    assert isinstance(sheet["A2"].value, float) and sheet["A2"].number_format == "0.##"
    assert isinstance(sheet["B2"].value, int) and sheet["B2"].number_format == "General"
    assert [c.value for c in sheet[3]] == [1e20, 0, 1e-9]
    assert sheet["A4"].value == moment and sheet["A4"].number_format == "DD/MM/YYYY HH:MM"
    assert sheet["B4"].value == datetime(2025, 12, 31) and sheet["B4"].number_format == "DD/MM/YYYY"
    assert sheet["C4"].value == datetime(2024, 1, 1, 8, 0)  # the time as written, the offset dropped
    assert sheet["A5"].value is True and sheet["B5"].value == "inf" and sheet["C5"].value is None


def test_header_widths_frozen_row_dimension() -> None:
    data = book_of([("x", 1, 2.0)] * 3)
    sheet = load_workbook(BytesIO(data))["Dữ liệu"]
    assert [c.value for c in sheet[1]] == ["A", "B", "C"]
    header = sheet["A1"]
    assert header.font.b and header.fill.fgColor.rgb == "FFDDEBF7" and header.alignment.wrap_text
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == excel_width(50.5)
    assert round(sheet.column_dimensions["A"].width) == 9  # 8 characters, as Excel stores it
    assert sheet.calculate_dimension() == "A1:C4"
    read_only = load_workbook(BytesIO(data), read_only=True)["Dữ liệu"]
    assert read_only.max_row == 4 and read_only.max_column == 3  # from the written dimension


def test_long_text_is_cut_at_excels_limit_and_columns_beyond_z() -> None:
    headers = tuple(column_letter(i) for i in range(30))
    assert headers[25:28] == ("Z", "AA", "AB")
    sheet = load_workbook(BytesIO(write_book([Sheet("S", headers, [5] * 30, [["ư" * 40000] + [None] * 28 + [7]],
                                                    1)])))["S"]
    assert len(sheet["A2"].value) == MAX_TEXT and sheet["AD2"].value == 7


@pytest.mark.parametrize("title", ["", "a" * 32, "a/b", "x[1]", "'quoted'"])
def test_bad_sheet_titles_are_refused(title: str) -> None:
    with pytest.raises(ValueError):
        write_book([Sheet(title, ("A",), (5,), [])])


def test_announced_row_count_is_checked() -> None:
    with pytest.raises(ValueError):
        write_book([Sheet("S", ("A",), (5,), [("x",)], 2)])
    with pytest.raises(ValueError):
        write_book([Sheet("S", ("A",), (5,), [("x", "y")], 1)])
