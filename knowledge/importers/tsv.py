"""Read the sources' tab-separated tables: repeated page headers dropped, page-break continuations merged.

The documents were exported page by page, so (1) every page repeats the table header and (2) a row whose text
runs past the page end continues on the next page in a row with an EMPTY first cell. That continuation belongs
to the row just before it, column by column; it must never be dropped or glued onto another indicator. This
module is the one implementation of those rules; every importer uses it.

A table starts at a tab-separated line (its header) and ends at the next line of ordinary text; blank lines
(page breaks) do not end it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.textclean import clean_inline


@dataclass
class Row:
    """One logical table row: raw cells (continuations already appended) and the source lines it came from."""

    cells: list[str]
    lines: list[int] = field(default_factory=list)

    @property
    def code(self) -> str:
        """The first cell without markup (``<b>1.1</b>`` → ``1.1``)."""
        return clean_inline(self.cells[0]) if self.cells else ""

    def cell(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""

    @property
    def continued(self) -> bool:
        """True when the row was continued on a following page."""
        return len(self.lines) > 1


@dataclass
class Table:
    """A header and its rows; ``start`` is the 1-based line number of the header."""

    header: list[str]
    rows: list[Row]
    start: int


def join_fragment(before: str, fragment: str) -> str:
    """Append a continuation fragment to a cell.

    A PDF export sometimes repeats, on the new page, the tail already printed at the end of the previous page
    (``"Văn bản, tài liệu"`` + ``"liệu"``); such an echo is not appended twice.
    """
    before_s, frag_s = before.rstrip(), fragment.strip()
    if not frag_s:
        return before
    if not before_s:
        return frag_s
    if before_s.endswith(frag_s) and (len(before_s) == len(frag_s) or before_s[-len(frag_s) - 1].isspace()):
        return before_s
    return f"{before_s} {frag_s}"


def _split(line: str) -> list[str]:
    return line.rstrip("\n").split("\t")


def _same_header(cells: list[str], header: list[str]) -> bool:
    return [clean_inline(c) for c in cells] == [clean_inline(h) for h in header]


def read_tables(text: str) -> list[Table]:
    """Every table in a document, in order, with headers de-duplicated and continuation rows merged."""
    tables: list[Table] = []
    current: Table | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if "\t" not in line:
            if line.strip():
                current = None  # ordinary text ends a table; blank lines (page breaks) do not
            continue
        cells = _split(line)
        if current is None or len(cells) != len(current.header):
            current = Table(header=cells, rows=[], start=number)
            tables.append(current)
            continue
        if _same_header(cells, current.header):
            continue  # the header repeated at a page break
        if not clean_inline(cells[0]) and current.rows:
            previous = current.rows[-1]
            previous.cells = [join_fragment(a, b) for a, b in zip(previous.cells, cells, strict=True)]
            previous.lines.append(number)
            continue
        current.rows.append(Row(cells=cells, lines=[number]))
    return tables


def read_file_tables(path: Path) -> list[Table]:
    return read_tables(path.read_text(encoding="utf-8"))


_CODE = re.compile(r"\d+(?:\.\d+)*")


def is_code(value: str) -> bool:
    """An indicator code: ``1``, ``6.22``, ``8.8.1.2`` (not roman numerals, letters or empty)."""
    return bool(_CODE.fullmatch(value))


def code_key(code: str) -> tuple[int, ...]:
    """Numeric sort key: ``6.9`` before ``6.10``."""
    return tuple(int(part) for part in code.split("."))


def restore_lost_zero(codes: list[str]) -> dict[int, str]:
    """Codes printed without their trailing zero (``6.2`` for ``6.20``, a spreadsheet number-format loss).

    Returns ``{row index: restored code}`` for a code that repeats an earlier one while ``code + "0"`` is
    exactly the next code in sequence after the previous row (``6.19`` → ``6.2`` read as ``6.20``). Anything
    else is left alone so that real duplicates stay visible.
    """
    seen: set[str] = set()
    restored: dict[int, str] = {}
    previous: str | None = None
    for index, code in enumerate(codes):
        if code in seen and previous and is_code(previous) and is_code(code):
            head, _, last = previous.rpartition(".")
            expected = f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
            if code + "0" == expected and expected not in seen:
                restored[index] = expected
                code = expected
        seen.add(code)
        previous = code
    return restored
