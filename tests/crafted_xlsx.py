"""Hostile .xlsx files of issue 15, built quickly at any scale for the tests (small) and the upload benchmark
(full size): a form with a million identical rows, a shared-strings table of hundreds of megabytes, millions of
rows, and a real form padded to the 5 MB limit. Each is a form the bot wrote (``write_form``) with its sheet or
parts replaced, streamed straight into the zip, so that a 300 MB part never sits in memory."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from bot.reports.forms import HEADERS, FormRow, write_form

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_PART = "xl/worksheets/sheet1.xml"
STRINGS_PART = "xl/sharedStrings.xml"
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_BATCH = 10_000


def _text_cell(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def head_rows(title: str = "Sở Tài chính — đợt 2024") -> str:
    """The form's title and header rows (numbered 1 and 2)."""
    header = "".join(_text_cell(h) for h in HEADERS)
    return f'<row r="1">{_text_cell(title)}</row><row r="2">{header}</row>'


def sheet_xml(rows: Iterable[str], dimension: str = "A1:G3") -> Iterator[bytes]:
    """A worksheet whose data are the form's title and header, then ``rows`` (row elements), in batches."""
    yield (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/>'
           f"<sheetData>{head_rows()}").encode()
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _BATCH:
            yield "".join(batch).encode()
            batch.clear()
    yield ("".join(batch) + "</sheetData></worksheet>").encode()


def value_row(code: str, value: object, number: int | None = None) -> str:
    """A data row: the code in A, input "a" in C, the value in G (``number`` written as ``r`` when given)."""
    r = f' r="{number}"' if number is not None else ""
    cell = f"<c><v>{value}</v></c>" if isinstance(value, int | float) else _text_cell(str(value))
    return f"<row{r}>{_text_cell(code)}<c/>{_text_cell('a')}<c/><c/><c/>{cell}</row>"


def build(path: Path, parts: dict[str, Iterable[bytes] | bytes], *, level: int = 9,
          base_rows: Iterable[FormRow] = ()) -> Path:
    """A form written by the bot with ``parts`` replaced or added (a shared-strings part is wired into the
    workbook's content types and relationships so that openpyxl reads it)."""
    base = path.with_suffix(".base.xlsx")
    base.write_bytes(write_form(list(base_rows) or [FormRow("6.22", "Kinh phí", "a", "Tổng kinh phí")],
                                "Sở Tài chính — đợt 2024"))
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED,
                                                          compresslevel=level) as out:
        for info in source.infolist():
            if info.filename in parts:
                continue
            data = source.read(info)
            if STRINGS_PART in parts and info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", f'<Override PartName="/{STRINGS_PART}" '
                                                 f'ContentType="{_STRINGS_TYPE}"/></Types>'.encode())
            if STRINGS_PART in parts and info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", f'<Relationship Id="rIdS" Type="{_STRINGS_REL}" '
                                                         'Target="sharedStrings.xml"/></Relationships>'.encode())
            out.writestr(info.filename, data)
        for name, content in parts.items():
            if isinstance(content, bytes):  # pictures stored as they are, as Excel does
                info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_STORED if name.startswith("xl/media/") else zipfile.ZIP_DEFLATED
                out.writestr(info, content)
                continue
            with out.open(name, "w", force_zip64=True) as stream:
                for piece in content:
                    stream.write(piece)
    base.unlink()
    return path


def identical_rows(path: Path, rows: int) -> Path:
    """A form with ``rows`` identical rows after its header (no row numbers: each row is the same bytes)."""
    row = value_row("9.99", 5)
    return build(path, {SHEET_PART: sheet_xml(row for _ in range(rows))})


def numbered_rows(path: Path, rows: int) -> Path:
    """A form with ``rows`` numbered rows after its header, each with a code."""
    return build(path, {SHEET_PART: sheet_xml(value_row("9.99", 1, n) for n in range(3, rows + 3))})


def bare_rows(path: Path, rows: int) -> Path:
    """A form with ``rows`` rows of one number each after its header (3 000 000 of them fit in 300 KB)."""
    return build(path, {SHEET_PART: sheet_xml("<row><c><v>1</v></c></row>" for _ in range(rows))})


def unknown_codes(path: Path, codes: int) -> Path:
    """A form listing ``codes`` distinct codes no plan has (``90.1``, ``90.2``…), each with a value."""
    return build(path, {SHEET_PART: sheet_xml(value_row(f"90.{n}", 1, n + 2) for n in range(1, codes + 1))})


def huge_shared_strings(path: Path, megabytes: float) -> Path:
    """A normal form plus a shared-strings part of ``megabytes`` uncompressed (strings of 1 000 letters)."""
    text = "<si><t>" + "x" * 1000 + "</t></si>"
    count = int(megabytes * 1024 * 1024) // len(text)

    def strings() -> Iterator[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{count}">'.encode()
        block = (text * 1000).encode()
        for _ in range(count // 1000):
            yield block
        yield (text * (count % 1000) + "</sst>").encode()

    return build(path, {STRINGS_PART: strings()})


def padded_form(path: Path, size: int, rows: Iterable[FormRow] = (), parts: dict[str, bytes] | None = None) -> Path:
    """A real form (``rows``, or its ``parts`` replaced) with a picture of random bytes making the file exactly
    ``size`` bytes."""
    rows = list(rows)
    picture = b""
    for _ in range(5):  # the form's own parts vary by a few bytes (its time stamp): adjust until exact
        build(path, {**(parts or {}), "xl/media/image1.png": picture}, base_rows=rows, level=6)
        missing = size - path.stat().st_size
        if missing == 0:
            return path
        if len(picture) + missing < 0:
            raise ValueError(f"the form alone is over {size} bytes")
        picture = picture + os.urandom(missing) if missing > 0 else picture[:missing]
    raise AssertionError(f"{path.stat().st_size} bytes, wanted {size}")


def wide_rows(path: Path, rows: int, cells: int, letters: int, seed: int = 1) -> Path:
    """A form whose rows each carry ``cells`` cells of ``letters`` random letters (hard to compress): the largest
    sheet the limits let through is made this way."""
    import random
    import string

    rnd = random.Random(seed)

    def row() -> str:
        return "<row>" + "".join(_text_cell("".join(rnd.choices(string.ascii_letters, k=letters)))
                                 for _ in range(cells)) + "</row>"

    return build(path, {SHEET_PART: sheet_xml(row() for _ in range(rows))})
