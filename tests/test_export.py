"""The round report workbook, opened back with openpyxl and checked cell by cell."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO

from openpyxl import load_workbook

from bot.reports.export import EvidenceRow, IndicatorRow, PartRow, UnitRow, write_report

AT = datetime(2024, 9, 30, 15, 45, tzinfo=UTC)


def test_every_sheet_cell_by_cell() -> None:
    data = write_report(
        [IndicatorRow("6.22", "Kinh phí chi cho kinh tế số", "6", 20.0, 12.5, {"a": 1500.0, "b": 200000.0},
                      "Sở Tài chính", "đã nộp", True)],
        [PartRow("6.22", "Sở Tài chính", 2, {"a": 1500.0}, "đã nộp", "Nguyễn Văn A", AT, True)],
        [UnitRow("Sở Tài chính", 3, 1, 1), UnitRow("Báo Kon Tum", 2, 0, 0)],
        [EvidenceRow("6.22", "Sở Tài chính", 2, "bao-cao.pdf", "Nguyễn Văn A", AT)],
    )
    book = load_workbook(BytesIO(data))
    assert book.sheetnames == ["Chỉ số", "Số liệu đơn vị", "Tiến độ", "Minh chứng"]
    ind = book["Chỉ số"]
    assert [c.value for c in ind[2]] == ["6.22", "Kinh phí chi cho kinh tế số", "6", 20, 12.5,
                                         "a = 1500; b = 200000", "Sở Tài chính", "đã nộp", "Có"]
    assert isinstance(ind["E2"].value, float) and ind.freeze_panes == "A2"
    assert round(ind.column_dimensions["B"].width) == 51  # 50 characters, as Excel stores it (with its padding)
    parts = book["Số liệu đơn vị"]
    assert parts["C2"].value == 2 and parts["G2"].value == datetime(2024, 9, 30, 15, 45)
    assert parts["G2"].number_format == "DD/MM/YYYY HH:MM"
    progress = book["Tiến độ"]
    assert [c.value for c in progress[3]] == ["Báo Kon Tum", 2, 0, 2, 0]
    assert book["Minh chứng"]["D2"].value == "bao-cao.pdf"
