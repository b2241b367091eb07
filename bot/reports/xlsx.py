"""A small streaming .xlsx writer for plain tables: what the round report needs and nothing more.

Each sheet is a header row (bold, shaded, wrapped), column widths and a frozen first row, then rows of plain
values: ``str`` (inline strings), ``int`` and ``float`` (numbers, floats shown with at most two decimals),
``bool``, ``datetime`` and ``date`` (Excel date serials with a date format), ``None`` or ``""`` (an empty cell).
The worksheet XML is produced in chunks and deflated straight into the zip, so a sheet of a hundred thousand rows
takes well under a second and never sits whole in memory (XlsxWriter, a general writer, spent ten seconds on the
same workbook).

Text follows the format's rules (ECMA-376, ST_Xstring): ``& < >`` are escaped; characters XML 1.0 cannot carry
(control characters other than tab and line feed, carriage return, U+FFFE/U+FFFF, lone surrogates) are written as
``_xHHHH_``, and a literal ``_xHHHH_`` in the text gets its underscore escaped (``_x005F_``), so Excel shows exactly
the original text; a cell holds at most 32 767 characters (Excel's limit), longer text is cut there.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from io import BytesIO

from bot.reports.sheets import HEADER_COLOR

Cell = str | int | float | bool | datetime | date | None

MAX_ROWS = 1_048_576  # Excel's sheet
MAX_TEXT = 32_767  # characters in one cell
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
DATE_FORMAT = "DD/MM/YYYY"
NUMBER_FORMAT = "0.##"
# cellXfs indexes in styles.xml
_HEADER, _DATETIME, _NUMBER, _DATE = 1, 2, 3, 4
_EPOCH = datetime(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year quirk, right for every date after 1/3/1900)
_DAY = timedelta(days=1)
_CHUNK = 20_000  # pieces of XML per write to the zip stream
_TEXTS_KEPT = 20_000  # distinct texts whose XML is kept for the next rows
_FORBIDDEN = "\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff\ud800-\udfff"
_SPECIAL = re.compile(f"[&<>{_FORBIDDEN}]|_x[0-9A-Fa-f]{{4}}_")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class Sheet:
    """One sheet: its title (at most 31 characters, none of ``[]:*?/\\``), header, column widths in characters,
    and rows; ``count``, the number of rows when known, is written as the sheet's dimension."""

    title: str
    headers: Sequence[str]
    widths: Sequence[float]
    rows: Iterable[Sequence[Cell]]
    count: int | None = None


def _replace(match: re.Match[str]) -> str:
    found = match.group()
    if found == "&":
        return "&amp;"
    if found == "<":
        return "&lt;"
    if found == ">":
        return "&gt;"
    if len(found) > 1:  # a literal "_x0041_": its underscore escaped so that it is not read as a character
        return "_x005F" + found
    return f"_x{ord(found):04X}_"


def text_xml(value: str) -> str:
    """``value`` as the content of an inline string's ``<t>`` element."""
    if len(value) > MAX_TEXT:
        value = value[:MAX_TEXT]
    if _SPECIAL.search(value) is not None:
        value = _SPECIAL.sub(_replace, value)
    if value[0] in " \t\n" or value[-1] in " \t\n":
        return f'<t xml:space="preserve">{value}</t>'
    return f"<t>{value}</t>"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def excel_width(chars: float) -> float:
    """A width in characters as Excel stores it: the characters' pixels (7 each in Calibri 11) plus 5 pixels of
    padding, in 1/256ths of a character."""
    pixels = int(chars * 7 + 0.5) + 5 if chars >= 1 else int(chars * 12 + 0.5)
    return int(pixels / 7 * 256) / 256


def _tail(value: Cell) -> str:
    """A cell's element after ``<c r="A1``, or "" for an empty cell."""
    if value is None or value == "":
        return ""
    kind = type(value)
    if kind is str:
        return f'" t="inlineStr"><is>{text_xml(value)}</is></c>'  # type: ignore[arg-type]
    if kind is int:
        return f'"><v>{value}</v></c>'
    if kind is float:
        if math.isfinite(value):  # type: ignore[arg-type]
            return f'" s="{_NUMBER}"><v>{value!r}</v></c>'
        return _tail(str(value))
    if kind is bool:
        return f'" t="b"><v>{int(value)}</v></c>'  # type: ignore[arg-type]
    if isinstance(value, datetime):
        naive = value if value.tzinfo is None else value.replace(tzinfo=None)
        return f'" s="{_DATETIME}"><v>{(naive - _EPOCH) / _DAY!r}</v></c>'
    if isinstance(value, date):
        return f'" s="{_DATE}"><v>{(value - _EPOCH.date()).days}</v></c>'
    if isinstance(value, int | float):  # subclasses (numpy-like, IntEnum): their plain value
        return _tail(float(value) if isinstance(value, float) else int(value))
    return _tail(str(value))


def _rows(sheet: Sheet, letters: Sequence[str]) -> Iterator[str]:
    """The rows' XML, a chunk of rows at a time. A text seen before (a unit's name, a state) is escaped once."""
    texts: dict[str, str] = {"": ""}
    starts = ['<c r="' + letter for letter in letters]  # each cell: start of its column + row number + the rest
    chunk: list[str] = []
    append = chunk.append
    r = 1
    for r, row in enumerate(sheet.rows, 2):
        if r > MAX_ROWS:
            raise ValueError(f"sheet {sheet.title!r} has more rows than Excel's {MAX_ROWS}")
        if len(row) > len(letters):
            raise ValueError(f"row {r} of sheet {sheet.title!r} has more cells than the header")
        n = str(r)
        append(f'<row r="{n}">')
        for start, value in zip(starts, row, strict=False):
            if type(value) is str:
                tail = texts.get(value)
                if tail is None:
                    tail = '" t="inlineStr"><is>' + text_xml(value) + "</is></c>"
                    if len(texts) < _TEXTS_KEPT:
                        texts[value] = tail
            elif value is None:
                continue
            else:
                tail = _tail(value)
            if tail:
                append(start + n + tail)
        append("</row>")
        if len(chunk) >= _CHUNK:
            yield "".join(chunk)
            chunk.clear()
    if sheet.count is not None and sheet.count != r - 1:
        raise ValueError(f"sheet {sheet.title!r}: {r - 1} rows written, {sheet.count} announced")
    yield "".join(chunk)


def _sheet_parts(sheet: Sheet) -> Iterator[str]:
    """The worksheet XML in pieces: the head (dimension, frozen first row, widths), the rows, the tail."""
    letters = [column_letter(i) for i in range(max(len(sheet.headers), 1))]
    last = f"{letters[-1]}{(sheet.count or 0) + 1}"
    cols = "".join(f'<col min="{i}" max="{i}" width="{excel_width(w)}" customWidth="1"/>'
                   for i, w in enumerate(sheet.widths, 1))
    yield (f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="A1:{last}"/>'
           '<sheetViews><sheetView workbookViewId="0">'
           '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
           '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
           '<sheetFormatPr defaultRowHeight="15"/>' + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>")
    header = "".join(f'<c r="{letters[c]}1" s="{_HEADER}" t="inlineStr"><is>{text_xml(h)}</is></c>'
                     for c, h in enumerate(sheet.headers) if h)
    yield f'<row r="1">{header}</row>'
    yield from _rows(sheet, letters)
    yield ('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
           "</worksheet>")


def _styles() -> str:
    formats = (f'<numFmts count="3"><numFmt numFmtId="164" formatCode="{DATETIME_FORMAT}"/>'
               f'<numFmt numFmtId="165" formatCode="{NUMBER_FORMAT}"/>'
               f'<numFmt numFmtId="166" formatCode="{DATE_FORMAT}"/></numFmts>')
    font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
    number = 'fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"'
    return (f'{_HEAD}<styleSheet xmlns="{_MAIN}">{formats}'
            f'<fonts count="2"><font>{font}</font><font><b/>{font}</font></fonts>'
            '<fills count="3"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill>'
            f'<fill><patternFill patternType="solid"><fgColor rgb="FF{HEADER_COLOR[1:]}"/><bgColor indexed="64"/>'
            "</patternFill></fill></fills>"
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" '
            'applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
            f'<xf numFmtId="164" {number}/><xf numFmtId="165" {number}/><xf numFmtId="166" {number}/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _package(titles: Sequence[str], created: datetime) -> dict[str, str]:
    """Every part except the worksheets: content types, relationships, workbook, styles, properties."""
    from xml.sax.saxutils import quoteattr  # here: with urllib and http.client it weighs 0.7 MiB in every bot

    n = len(titles)
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{sheet_type}"/>'
                        for i in range(1, n + 1))
    office = "application/vnd.openxmlformats-officedocument"
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "[Content_Types].xml": (
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{office}.spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{office}.spreadsheetml.styles+xml"/>{overrides}'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{office}.extended-properties+xml"/></Types>'),
        "_rels/.rels": (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"),
        "docProps/core.xml": (
            f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>dti-bot</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'),
        "docProps/app.xml": (
            f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>dti-bot</Application></Properties>"),
        "xl/workbook.xml": (
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews><sheets>'
            + "".join(f'<sheet name={quoteattr(t)} sheetId="{i}" r:id="rId{i}"/>' for i, t in enumerate(titles, 1))
            + "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                      for i in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'),
        "xl/styles.xml": _styles(),
    }


def _check_titles(titles: Sequence[str]) -> None:
    if not titles:
        raise ValueError("a workbook needs at least one sheet")
    for t in titles:
        if not t or len(t) > 31 or _BAD_TITLE.search(t) or t.startswith("'") or t.endswith("'"):
            raise ValueError(f"not a valid sheet title: {t!r}")
    if len({t.casefold() for t in titles}) != len(titles):
        raise ValueError("sheet titles repeat")


def write_book(sheets: Sequence[Sheet], *, created: datetime | None = None, level: int = 1) -> bytes:
    """The workbook as .xlsx bytes. ``level``: deflate's level (1: fast, the file a little larger)."""
    _check_titles([s.title for s in sheets])
    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as book:
        for name, xml in _package([s.title for s in sheets], created or datetime.now(UTC)).items():
            book.writestr(name, xml)
        for i, sheet in enumerate(sheets, 1):
            with book.open(f"xl/worksheets/sheet{i}.xml", "w") as stream:
                for piece in _sheet_parts(sheet):
                    stream.write(piece.encode("utf-8"))
    return out.getvalue()

