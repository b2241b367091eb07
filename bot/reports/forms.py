"""The Excel entry form (``/mau``): one row per indicator input a unit owes, filled in and uploaded back.

The form carries, per row, the indicator code and the input name in their own columns (what the upload is matched
on), what the input means and its unit, the value on record, and an empty "Giá trị" column to fill. Reading an
upload never trusts it: the file must be a real .xlsx (a zip archive) under the size limit, opened by openpyxl in
read-only mode (defusedxml installed, so no XML entity tricks), the header must be the form's own, and every row
comes back with its row number so that checks can name it. Values are returned as typed (a number, or the text a
person wrote, which the Vietnamese number parser reads later); nothing here decides what is valid.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from bot.reports.sheets import style_header

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SHEET = "Nhập số liệu"
HEADERS = ("Mã chỉ số", "Tên chỉ số", "Biến", "Ý nghĩa", "Đơn vị tính", "Giá trị hiện có", "Giá trị")
WIDTHS = (11, 45, 8, 60, 14, 16, 16)
VALUE_COLUMN = len(HEADERS)  # the column the official fills in


@dataclass(frozen=True)
class FormRow:
    """One input to fill: indicator code and name, input name, meaning, unit of measure, the value on record."""

    code: str
    indicator: str
    input: str
    meaning: str
    unit: str = ""
    current: float | str | None = None


@dataclass(frozen=True)
class FilledRow:
    """A row read back: its row number in the sheet, the code and input it is for, and the value as typed
    (``None`` when the cell is empty)."""

    row: int
    code: str
    input: str
    value: float | int | str | None


class FormError(ValueError):
    """The upload cannot be read as the form. ``reason`` is one of ``too_large``, ``not_xlsx``, ``unreadable``,
    ``no_sheet``, ``bad_header``; the chat renders it with the template ``form_error`` (``size_kb``/``limit_kb``
    for ``too_large``)."""

    def __init__(self, reason: str, **details: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.details = details


def write_form(rows: Iterable[FormRow], title: str) -> bytes:
    """The form as .xlsx bytes: a title line, the header frozen under it, widths set, numbers as numbers."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(list(HEADERS))
    for r in rows:
        sheet.append([r.code, r.indicator, r.input, r.meaning, r.unit, r.current, None])
        sheet.cell(row=sheet.max_row, column=VALUE_COLUMN).fill = PatternFill("solid", fgColor="FFF2CC")
    style_header(sheet, 2, WIDTHS)
    for row in sheet.iter_rows(min_row=3):
        for cell in row[1:4]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def read_form(path: str | Path, *, max_bytes: int = MAX_UPLOAD_BYTES) -> list[FilledRow]:
    """The filled rows of an uploaded form (rows with an empty value are skipped). ``FormError`` when the file is
    not an .xlsx, is too large, or is not this form."""
    file = Path(path)
    size = file.stat().st_size
    if size > max_bytes:
        raise FormError("too_large", size_kb=size // 1024, limit_kb=max_bytes // 1024)
    if not zipfile.is_zipfile(file):
        raise FormError("not_xlsx")
    handle = file.open("rb")  # a file object: the file store names files by hash, without the .xlsx openpyxl wants
    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        handle.close()
        raise FormError("unreadable") from None
    try:
        if SHEET not in book.sheetnames:
            raise FormError("no_sheet")
        rows = book[SHEET].iter_rows(values_only=True)
        next(rows, None)  # the title line
        header = tuple(str(c).strip() if c is not None else "" for c in (next(rows, None) or ())[:len(HEADERS)])
        if header != HEADERS:
            raise FormError("bad_header")
        filled: list[FilledRow] = []
        for number, values in enumerate(rows, start=3):
            cells = (*values, *([None] * len(HEADERS)))[:len(HEADERS)]
            code, name = _text(cells[0]), _text(cells[2])
            value = cells[VALUE_COLUMN - 1]
            if isinstance(value, str):
                value = value.strip() or None
            if not code or value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                value = str(value)
            filled.append(FilledRow(number, code, name, value))
        return filled
    finally:
        book.close()
        handle.close()


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()
