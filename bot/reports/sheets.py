"""The look every workbook the bot writes shares: a bold, shaded, wrapped header row, column widths, frozen
panes; and, for the workbooks written with openpyxl, text kept as text.

openpyxl (which brings numpy) is imported by the functions that use it: the round report's own writer takes
only the colour from here, and a bot process need not hold openpyxl until somebody asks for a form.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

HEADER_COLOR = "#DDEBF7"


def style_header(sheet: Worksheet, row: int, widths: Sequence[int]) -> None:
    """Make ``row`` the header (bold, shaded, wrapped), set the column widths, freeze everything above the
    row after it."""
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill("solid", fgColor=HEADER_COLOR[1:])
    for cell in sheet[row]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[sheet.cell(row=row, column=index).column_letter].width = width
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1).coordinate


def append_row(sheet: Worksheet, values: Sequence[object]) -> None:
    """Append a row whose strings stay text: openpyxl takes a string starting with "=" for a formula (a unit named
    ``=HYPERLINK(…)`` would become a live link), so every text cell is marked as a string; characters a
    worksheet cannot hold (control characters) are dropped rather than refused."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
