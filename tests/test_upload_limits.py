"""Issue 15, defect 1: an uploaded .xlsx is checked against limits before it is parsed, and refused naming the
limit passed. The crafted files of the issue (a million identical rows, a 300 MB shared-strings part, millions of
rows) are built here at a small scale, with the limits made smaller where that keeps the suite fast; the full
sizes are measured by ``benchmarks/bench_uploads.py``."""

from __future__ import annotations

import threading
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.render import Renderer
from bot.reports.forms import FORM_LIMITS, FormError, FormRow, read_form, write_form
from knowledge.importers.plan_table import PLAN_LIMITS, PlanFileError, read_rows
from knowledge.importers.untrusted_xlsx import Limits, OverLimit, check, describe
from tests import crafted_xlsx as crafted

MAIN = crafted.MAIN


def refusal(path: Path, limits: Limits = FORM_LIMITS) -> FormError:
    with pytest.raises(FormError) as caught:
        read_form(path, limits=limits)
    return caught.value


def shown(error: FormError) -> str:
    return Renderer().render("form_error", reason=error.reason, limit=error.limit, found=error.found,
                             allowed=error.allowed)[0]


def test_rows_past_the_limit_are_refused_with_a_message_naming_it(tmp_path: Path) -> None:
    error = refusal(crafted.identical_rows(tmp_path / "giong-nhau.xlsx", 2100))
    assert (error.reason, error.limit, error.found, error.allowed) == ("over_limit", "rows", 2001, 2000)
    text = shown(error)
    assert "dài hơn 2000 dòng" in text and "không số liệu nào được lưu" in text


@pytest.mark.parametrize(("make", "limits", "limit"), [
    # the million identical rows (600 KB): its sheet alone unzips to 120 MB
    (lambda p: crafted.identical_rows(p, 20_000), replace(FORM_LIMITS, member_bytes=1024 * 1024), "member_bytes"),
    # the 640 KB file whose shared-strings part is 300 MB
    (lambda p: crafted.huge_shared_strings(p, 3), replace(FORM_LIMITS, member_bytes=1024 * 1024), "member_bytes"),
    (lambda p: crafted.huge_shared_strings(p, 3), replace(FORM_LIMITS, total_bytes=2 * 1024 * 1024),
     "total_bytes"),
    (lambda p: crafted.huge_shared_strings(p, 3), FORM_LIMITS, "ratio"),
    # the 3 000 000-row file
    (lambda p: crafted.bare_rows(p, 5_000), FORM_LIMITS, "rows"),
    (lambda p: crafted.numbered_rows(p, 300), replace(FORM_LIMITS, cells=1000), "cells"),
    (lambda p: crafted.numbered_rows(p, 300), replace(FORM_LIMITS, elements=1000), "elements"),
    (lambda p: crafted.padded_form(p, 300_000, []), replace(FORM_LIMITS, file_bytes=200_000), "file_bytes"),
])
def test_each_crafted_kind_is_refused_before_it_is_parsed(tmp_path: Path, make, limits: Limits,  # type: ignore[no-untyped-def]
                                                          limit: str) -> None:
    error = refusal(make(tmp_path / "x.xlsx"), limits)
    assert error.limit == limit
    allowed = getattr(limits, limit)
    shown_allowed = str(allowed // (1024 * 1024)) + " MB" if limit.endswith("bytes") else str(allowed)
    if limit == "file_bytes":
        assert error.reason == "too_large" and f"tới {allowed // 1024} KB" in shown(error)
    else:
        assert error.reason == "over_limit" and shown_allowed in shown(error)


def test_a_row_numbered_past_the_limit_a_wide_row_and_many_strings_are_refused(tmp_path: Path) -> None:
    far = crafted.build(tmp_path / "xa.xlsx", {crafted.SHEET_PART: crafted.sheet_xml(
        [crafted.value_row("6.22", 1, 3), crafted.value_row("6.22", 1, 1_048_576)])})
    assert (refusal(far).limit, refusal(far).found) == ("rows", 1_048_576)
    nested = crafted.build(tmp_path / "long.xlsx", {crafted.SHEET_PART: crafted.sheet_xml(
        ['<row r="3"><row r="900000"/></row>'])})
    assert (refusal(nested).limit, refusal(nested).found) == ("rows", 900_000)
    wide = crafted.build(tmp_path / "rong.xlsx", {crafted.SHEET_PART: crafted.sheet_xml(
        ["<row>" + "<c><v>1</v></c>" * 300 + "</row>"])})
    assert refusal(wide).limit == "cells_per_row"
    sst = (f'<sst xmlns="{MAIN}">' + "<si><t>a</t></si>" * 101 + "</sst>").encode()
    strings = crafted.build(tmp_path / "chuoi.xlsx", {crafted.STRINGS_PART: sst})
    assert refusal(strings, replace(FORM_LIMITS, strings=100)).limit == "strings"
    xfs = "".join(f'<xf numFmtId="{i % 50}"/>' for i in range(11_000))
    styles = f'<styleSheet xmlns="{MAIN}"><cellXfs>{xfs}</cellXfs></styleSheet>'.encode()
    assert refusal(crafted.build(tmp_path / "kieu.xlsx", {"xl/styles.xml": styles})).limit == "structure"


def test_members_a_doctype_and_other_compressions_are_refused(tmp_path: Path) -> None:
    many = crafted.build(tmp_path / "nhieu.xlsx", {f"xl/media/image{i}.png": b"x" for i in range(120)})
    assert refusal(many).limit == "members"
    laughs = (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
              b'<sst xmlns="' + MAIN.encode() + b'"><si><t>&b;</t></si></sst>')
    assert refusal(crafted.build(tmp_path / "dtd.xlsx", {crafted.STRINGS_PART: laughs})).reason == "unreadable"
    form = crafted.build(tmp_path / "bzip2.xlsx", {})
    other = tmp_path / "bzip2-form.xlsx"
    with zipfile.ZipFile(form) as source, zipfile.ZipFile(other, "w", zipfile.ZIP_BZIP2) as out:
        for info in source.infolist():
            out.writestr(info.filename, source.read(info))
    assert refusal(other).reason == "unreadable"


def test_a_lying_dimension_is_ignored(tmp_path: Path) -> None:
    """A sheet declaring A1:XFD1048576 made openpyxl pad every row to 16 384 cells down to row 1 048 576."""
    path = crafted.build(tmp_path / "kich-thuoc.xlsx", {crafted.SHEET_PART: crafted.sheet_xml(
        [crafted.value_row("6.22", 1500, 3), crafted.value_row("3.3", "45.000", 4)], dimension="A1:XFD1048576")})
    result: list[object] = []
    reader = threading.Thread(target=lambda: result.append(read_form(path)), daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert result, "reading a three-row form took more than 20 s"
    assert [(r.row, r.code, r.value) for r in result[0]] == [(3, "6.22", 1500), (4, "3.3", "45.000")]  # type: ignore[attr-defined]


def test_a_normal_form_and_a_form_padded_to_the_size_limit_are_read(tmp_path: Path) -> None:
    rows = [FormRow(f"6.{i}", "Kinh phí", "a", "Tổng kinh phí") for i in range(300)]
    path = tmp_path / "mau.xlsx"
    path.write_bytes(write_form(rows, "Sở Tài chính"))
    check(path, FORM_LIMITS)
    assert read_form(path) == []  # nothing filled in
    padded = crafted.padded_form(tmp_path / "5mb.xlsx", FORM_LIMITS.file_bytes, rows)
    assert padded.stat().st_size == FORM_LIMITS.file_bytes and read_form(padded) == []


def test_the_plan_table_reader_is_bounded_too(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["STT", "Chỉ số", "Hướng dẫn", "Kết quả năm 2024", "Mục tiêu", "Thời gian", "Chủ trì", "Phối hợp"])
    for n in range(PLAN_LIMITS.rows + 10):
        sheet.append([f"1.{n}", "x", "", "", "", "", "", ""])
    path = tmp_path / "ke-hoach.xlsx"
    book.save(path)
    with pytest.raises(PlanFileError) as caught:
        read_rows(path)
    assert f"hơn {PLAN_LIMITS.rows} dòng" in str(caught.value)
    big = tmp_path / "ke-hoach.tsv"
    big.write_bytes(b"x\t" * (PLAN_LIMITS.file_bytes // 2 + 1))
    with pytest.raises(PlanFileError) as caught:
        read_rows(big)
    assert "lớn hơn 10 MB" in str(caught.value)


def test_every_limit_is_described_in_vietnamese() -> None:
    for name in Limits.__dataclass_fields__:
        text = describe(OverLimit(name, 10**9, getattr(PLAN_LIMITS, name)))
        assert str(getattr(PLAN_LIMITS, name) // (1024 * 1024) if name.endswith("bytes")
                   else getattr(PLAN_LIMITS, name)) in text
        error = FormError("over_limit", limit=name, found=10**9, allowed=getattr(FORM_LIMITS, name))
        assert name not in shown(error)  # worded, not the key
