"""An .xlsx from outside (a filled form sent in chat, a plan table given to ``import-plan``) checked against
limits before anything parses it, then opened read-only by openpyxl.

A 600 KB file can hold a million rows, and a 640 KB one a 300 MB shared-strings table: the size of the file says
little about the work of reading it. So, before openpyxl sees the file:

1. the file's size, then the zip's directory: the number of members, each member's uncompressed size and the
   total, each large member's compression ratio, and only "stored" or "deflated" members, unencrypted (bzip2 and
   LZMA members can expand without bound in one call; Excel writes neither). Python's zip reader never returns
   more than a member's declared size, so these declared sizes bound what any later step can read;
2. every member is streamed through the XML parser openpyxl itself uses (pyexpat, namespace-aware), without
   building anything, counting elements, rows and their numbers, cells per row and in all, and shared strings;
   reading stops at the first limit passed. A member that is not XML stops the parser at once, and openpyxl,
   which uses the same parser, can read no further in it than this scan did. A DOCTYPE is refused (no part of an
   .xlsx has one; defusedxml still guards openpyxl);
3. the workbook is opened with openpyxl in read-only mode (streaming rows), and rows are read with the sheet's
   declared dimension dropped (``reset_dimensions``) and explicit bounds: a dimension of ``A1:XFD1048576`` would
   otherwise have openpyxl pad every row to 16 384 cells and yield empty rows to row 1 048 576.

The limits depend on the file's use (``Limits``); refusals are ``NotWorkbook`` (not an .xlsx, or damaged) and
``OverLimit`` (which limit, and its value), worded for people by the caller.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

MB = 1024 * 1024
_CHUNK = 1 << 16
_RATIO_FROM = MB  # members smaller than this may compress as well as they like (a tiny part compresses 50×)


@dataclass(frozen=True)
class Limits:
    """What one kind of upload may hold. Sizes in bytes; ``rows`` also bounds every row's number; ``ratio`` is
    uncompressed / compressed for members over 1 MB; ``cells`` and ``rows`` are per sheet; ``elements`` counts
    the XML elements of all members together, ``structure`` those outside rows and shared strings (styles,
    relationships, merged cells…: what openpyxl turns into objects as a whole, at some tens of microseconds
    each)."""

    file_bytes: int
    members: int
    member_bytes: int
    total_bytes: int
    ratio: int
    rows: int
    cells_per_row: int
    cells: int
    strings: int
    elements: int
    structure: int


class NotWorkbook(ValueError):
    """Not an .xlsx at all (``not_xlsx``), or a damaged, encrypted or otherwise unreadable one (``unreadable``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class OverLimit(ValueError):
    """``limit`` (a field of ``Limits``) was passed: ``allowed`` is the limit, ``found`` what was found (for counts,
    the first value past the limit: reading stopped there)."""

    def __init__(self, limit: str, found: int, allowed: int) -> None:
        super().__init__(f"{limit}: {found} > {allowed}")
        self.limit = limit
        self.found = found
        self.allowed = allowed


_SIZES = {"file_bytes": "tệp lớn hơn {allowed} MB",
          "member_bytes": "một thành phần của tệp khi giải nén lớn hơn {allowed} MB",
          "total_bytes": "tệp khi giải nén lớn hơn {allowed} MB"}
_COUNTS = {"members": "tệp có hơn {allowed} thành phần",
           "ratio": "tệp nén bất thường (một thành phần nén hơn {allowed} lần)",
           "rows": "một trang tính có hơn {allowed} dòng",
           "cells_per_row": "một dòng có hơn {allowed} ô",
           "cells": "một trang tính có hơn {allowed} ô",
           "strings": "tệp có hơn {allowed} chuỗi chữ",
           "elements": "tệp có hơn {allowed} phần tử XML",
           "structure": "tệp có hơn {allowed} phần tử định dạng (kiểu ô, liên kết, ô gộp…)"}


def describe(exc: OverLimit) -> str:
    """The limit passed, in Vietnamese, naming its value (for the command line; the chat words it in its
    template)."""
    if exc.limit in _SIZES:
        return _SIZES[exc.limit].format(allowed=exc.allowed // MB)
    return _COUNTS[exc.limit].format(allowed=exc.allowed)


def check(path: str | Path, limits: Limits) -> None:
    """Raise ``NotWorkbook`` or ``OverLimit`` unless the file at ``path`` is a zip within ``limits`` whose XML
    stays within them too."""
    file = Path(path)
    size = file.stat().st_size
    if size > limits.file_bytes:
        raise OverLimit("file_bytes", size, limits.file_bytes)
    if not zipfile.is_zipfile(file):
        raise NotWorkbook("not_xlsx")
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            _check_directory(members, limits)
            counts = _Counts(limits)
            for member in members:
                if not member.is_dir():
                    with archive.open(member) as stream:
                        counts.scan(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError, OSError):
        raise NotWorkbook("unreadable") from None


def _check_directory(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(members) > limits.members:
        raise OverLimit("members", len(members), limits.members)
    total = 0
    for member in members:
        if member.flag_bits & 0x1 or member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise NotWorkbook("unreadable")  # encrypted, or a compression Excel never writes
        if member.file_size > limits.member_bytes:
            raise OverLimit("member_bytes", member.file_size, limits.member_bytes)
        total += member.file_size
        if total > limits.total_bytes:
            raise OverLimit("total_bytes", total, limits.total_bytes)
        if member.file_size > _RATIO_FROM and member.file_size > limits.ratio * max(member.compress_size, 1):
            raise OverLimit("ratio", member.file_size // max(member.compress_size, 1), limits.ratio)


class _Counts:
    """Counters kept while streaming the members' XML; each start tag is checked against the limits."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.elements = 0
        self.structure = 0
        self.strings = 0

    def scan(self, stream: Any) -> None:
        """Stream one member through the parser. Not XML (a picture), or broken XML: scanning stops at the error,
        where openpyxl's parser would stop too."""
        rows = cells = row_cells = row_number = depth = 0
        inside = 0  # the depth of the row or shared string being read; 0 outside any
        limits = self.limits

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal rows, cells, row_cells, row_number, depth, inside
            depth += 1
            self.elements += 1
            if self.elements > limits.elements:
                raise OverLimit("elements", self.elements, limits.elements)
            local = name.rpartition("}")[2]
            if local == "c" and inside:
                row_cells += 1
                cells += 1
                if row_cells > limits.cells_per_row:
                    raise OverLimit("cells_per_row", row_cells, limits.cells_per_row)
                if cells > limits.cells:
                    raise OverLimit("cells", cells, limits.cells)
            elif local == "row":  # nested rows too: openpyxl would read each
                inside = inside or depth
                rows += 1
                row_cells = 0
                row_number = _row_number(attrs.get("r"), row_number)
                if rows > limits.rows:
                    raise OverLimit("rows", rows, limits.rows)
                if row_number > limits.rows:
                    raise OverLimit("rows", row_number, limits.rows)
            elif local == "si":
                inside = inside or depth
                self.strings += 1
                if self.strings > limits.strings:
                    raise OverLimit("strings", self.strings, limits.strings)
            elif not inside:
                self.structure += 1
                if self.structure > limits.structure:
                    raise OverLimit("structure", self.structure, limits.structure)

        def end(_: str) -> None:
            nonlocal depth, inside
            if depth == inside:
                inside = 0
            depth -= 1

        parser = expat.ParserCreate(None, "}")  # as openpyxl's (defusedxml's pure-Python XMLParser) is made
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.StartDoctypeDeclHandler = _no_doctype
        try:
            for chunk in iter(lambda: stream.read(_CHUNK), b""):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError:
            return


def _row_number(written: str | None, previous: int) -> int:
    """A row's number as openpyxl reads it: its ``r`` attribute, or the one after the previous row."""
    if written is None:
        return previous + 1
    try:
        return int(written)
    except ValueError:
        raise NotWorkbook("unreadable") from None


def _no_doctype(*_: object) -> None:
    raise NotWorkbook("unreadable")


@contextmanager
def open_workbook(path: str | Path, limits: Limits) -> Iterator[Any]:
    """The checked workbook, opened read-only (values, not formulas), closed on leaving. ``NotWorkbook`` or
    ``OverLimit`` when the check fails or openpyxl cannot read what passed it."""
    from openpyxl import load_workbook

    check(path, limits)
    with Path(path).open("rb") as handle:  # a file object: an uploaded file is named by its hash, not "….xlsx"
        try:
            book = load_workbook(handle, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds on a damaged file
            raise NotWorkbook("unreadable") from None
        try:
            yield book
        finally:
            book.close()


def sheet_rows(sheet: Any, limits: Limits, columns: int) -> Iterator[tuple[Any, ...]]:
    """The values of a read-only sheet's rows, each ``columns`` wide, at most ``limits.rows`` of them; the
    sheet's declared dimension is not used. A damaged sheet raises ``NotWorkbook``."""
    sheet.reset_dimensions()
    try:
        yield from sheet.iter_rows(max_row=limits.rows, max_col=columns, values_only=True)
    except (ValueError, TypeError, KeyError, IndexError, SyntaxError):  # SyntaxError: expat's ParseError
        raise NotWorkbook("unreadable") from None
