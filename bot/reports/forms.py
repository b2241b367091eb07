"""The Excel entry form (``/mau``): one row per indicator input a unit owes, filled in and uploaded back.

The form carries, per row, the indicator code and the input name in their own columns (what the upload is matched
on), what the input means and its unit, the value on record, and an empty "Giá trị" column to fill. Reading an
upload never trusts it: the file must be a real .xlsx (a zip archive) within ``FORM_LIMITS`` (its size, its
members' uncompressed sizes, rows, cells, strings: checked before anything is parsed, by
``knowledge.importers.untrusted_xlsx``), opened by openpyxl in read-only mode (defusedxml installed, so no XML
entity tricks); the header must be the form's own, and every row comes back with its row number so that checks
can name it. Values are returned as typed (a number, or the text a person wrote, which the Vietnamese number
parser reads later); nothing here decides what is valid.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from bot.reports.sheets import append_row, style_header
from bot.reports.xlsx import Sheet, write_book
from knowledge.importers.untrusted_xlsx import MB, Limits, NotWorkbook, OverLimit, open_workbook, sheet_rows

# A unit's form has a few hundred rows; these bound the work and memory of reading any upload (README: "Upload
# limits"). Rows count every row of a sheet, the title and the header included.
FORM_LIMITS = Limits(file_bytes=5 * MB, members=100, member_bytes=8 * MB, total_bytes=24 * MB, ratio=100,
                     rows=2000, cells_per_row=256, cells=30_000, strings=50_000, elements=80_000,
                     structure=10_000)
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
    """The upload cannot be read as the form. ``reason`` is one of ``too_large`` (the file's size),
    ``over_limit`` (another of ``FORM_LIMITS``: ``limit`` names it, ``allowed`` is its value, ``found`` what was
    found), ``not_xlsx``, ``unreadable``, ``no_sheet``, ``bad_header``; the chat renders it with the template
    ``form_error``."""

    def __init__(self, reason: str, *, limit: str = "", found: int = 0, allowed: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.limit = limit
        self.found = found
        self.allowed = allowed


def write_form(rows: Iterable[FormRow], title: str) -> bytes:
    """The form as .xlsx bytes: a title line, the header frozen under it, widths set, numbers as numbers.
    openpyxl is imported here, when a form is asked for (it and numpy are a fifth of a bot process's memory)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=12)
    append_row(sheet, HEADERS)
    for r in rows:
        append_row(sheet, [r.code, r.indicator, r.input, r.meaning, r.unit, r.current, None])
        sheet.cell(row=sheet.max_row, column=VALUE_COLUMN).fill = PatternFill("solid", fgColor="FFF2CC")
    style_header(sheet, 2, WIDTHS)
    for row in sheet.iter_rows(min_row=3):
        for cell in row[1:4]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def write_rejected(rows: Sequence[tuple[int, str, str]]) -> bytes:
    """The rejected rows of an upload (row number, code, reason) as .xlsx, for a reply that shows only the first
    ones (the streaming writer: ten thousand rows in a fraction of a second, text always as text)."""
    return write_book([Sheet("Không nhận", ("Dòng", "Mã chỉ số", "Lý do"), (8, 14, 90), rows, len(rows))])


def read_form(path: str | Path, *, limits: Limits | None = None) -> list[FilledRow]:
    """The filled rows of an uploaded form (rows with an empty value are skipped). ``FormError`` when the file is
    not an .xlsx, passes one of ``limits`` (default ``FORM_LIMITS``; checked before anything is parsed), or is
    not this form."""
    limits = limits or FORM_LIMITS
    try:
        with open_workbook(path, limits) as book:
            if SHEET not in book.sheetnames:
                raise FormError("no_sheet")
            return _filled(sheet_rows(book[SHEET], limits, len(HEADERS)))
    except OverLimit as exc:
        reason = "too_large" if exc.limit == "file_bytes" else "over_limit"
        raise FormError(reason, limit=exc.limit, found=exc.found, allowed=exc.allowed) from None
    except NotWorkbook as exc:
        raise FormError(exc.reason) from None


def _filled(rows: Iterator[tuple[object, ...]]) -> list[FilledRow]:
    next(rows, None)  # the title line
    header = tuple(str(c).strip() if c is not None else "" for c in (next(rows, None) or ()))
    if header != HEADERS:
        raise FormError("bad_header")
    filled: list[FilledRow] = []
    for number, cells in enumerate(rows, start=3):
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


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()
