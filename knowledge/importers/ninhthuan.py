"""004 — Ninh Thuận's 2021 plan: targets (Appendix I), documents (II), projects (III), criteria set (IV).

Contributes framework ``cqs-ninh-thuan`` from Appendix IV and plan ``ninh-thuan-2021`` whose ``items`` are the
entries of Appendices I–III. Appendix IV names no lead unit, so the plan has no assignments.

Appendix IV's roman-numeral row ("I  CHÍNH QUYỀN SỐ") groups the pillars; it is not an indicator (a code "I"
would break code-based parents), so it goes into the notes of the pillars under it. The source prints code
1.1.3 twice; both rows are kept and validation reports the duplicate.

Appendix III restarts its numbering inside each roman sub-section of section A, so its item codes carry the
sub-section: ``PL3.A.I.1``; sections without sub-sections give ``PL3.B.1``.
"""

from __future__ import annotations

import re
from pathlib import Path

from knowledge.importers import ImportResult, SourceError, make_indicator, seed_file, units
from knowledge.importers.tsv import Table, is_code, read_file_tables
from knowledge.model import Framework, Indicator, Plan, PlanItem
from knowledge.textclean import clean_inline, clean_text

SOURCE = "004"
FRAMEWORK = "cqs-ninh-thuan"
PLAN_ID = "ninh-thuan-2021"

_ROMAN = re.compile(r"[IVX]+")
_QUARTERLY = re.compile(r"Định kỳ hàng quý[^\n]*")


def _table(tables: list[Table], marker: str, path: Path) -> Table:
    for table in tables:
        if any(marker in clean_inline(h) for h in table.header):
            return table
    raise SourceError(f"{path.name}: không thấy bảng có cột '{marker}'")


def _item(kind: str, code: str, name: str, lead: str, coord: str = "", **extra: str) -> PlanItem:
    lead_units, lead_text = units(lead)
    coord_units, coord_text = units(coord)
    return PlanItem(
        kind=kind,
        code=code,
        name=clean_inline(name),
        lead=lead_units,
        coordinating=coord_units,
        lead_text=lead_text,
        coordinating_text=coord_text,
        **{k: clean_inline(v) for k, v in extra.items()},
    )


def _targets(table: Table) -> list[PlanItem]:
    """Appendix I — STT, Nội dung chỉ tiêu, Chủ trì, Phối hợp."""
    return [_item("target", f"PL1.{r.code}", r.cell(1), r.cell(2), r.cell(3)) for r in table.rows]


def _documents(table: Table) -> list[PlanItem]:
    """Appendix II — STT, Nhiệm vụ, Chủ trì, Phối hợp, Loại văn bản."""
    return [
        _item("document", f"PL2.{r.code}", r.cell(1), r.cell(2), r.cell(3), detail=r.cell(4))
        for r in table.rows
    ]


def _projects(table: Table) -> list[PlanItem]:
    """Appendix III — TT, Nhiệm vụ, Chủ trì, Năm thực hiện; letter rows: sections, roman: sub-sections."""
    items: list[PlanItem] = []
    section = section_title = sub = sub_title = ""
    for row in table.rows:
        code, title = row.code, clean_inline(row.cell(1))
        if re.fullmatch(r"[A-Z]", code) and not _ROMAN.fullmatch(code):
            section, section_title, sub, sub_title = code, title, "", ""
            continue
        if _ROMAN.fullmatch(code):
            sub, sub_title = code, title
            continue
        if not code.isdigit() or not section:
            raise SourceError(f"004 Phụ lục III dòng {row.lines[0]}: mã '{code}' không hợp lệ")
        prefix = f"PL3.{section}.{sub}" if sub else f"PL3.{section}"
        group = f"{section}. {section_title}" + (f" — {sub}. {sub_title}" if sub else "")
        items.append(
            _item("project", f"{prefix}.{code}", row.cell(1), row.cell(2), deadline=row.cell(3), group=group)
        )
    return items


def _criteria(table: Table) -> list[Indicator]:
    """Appendix IV — STT, Chỉ số, Tiêu chí/Tiêu chí con, Cách tính điểm, Điểm tối đa, Ghi chú."""
    indicators: list[Indicator] = []
    group = ""
    for row in table.rows:
        code = row.code
        if _ROMAN.fullmatch(code):
            group = f"Thuộc nhóm {code}. {clean_inline(row.cell(1))} (Phụ lục IV)."
            continue
        if not is_code(code):
            raise SourceError(f"004 Phụ lục IV dòng {row.lines[0]}: mã '{code}' không hợp lệ")
        notes = clean_text(row.cell(5))
        if "." not in code and group:
            notes = f"{group}\n{notes}".strip()
        indicators.append(
            make_indicator(
                FRAMEWORK,
                code,
                row.cell(1) if clean_inline(row.cell(1)) else row.cell(2),
                source=SOURCE,
                max_points=row.cell(4),
                method=row.cell(3),
                notes=notes,
            )
        )
    return indicators


def load(seeds: Path) -> ImportResult:
    path = seed_file(seeds, SOURCE)
    text = path.read_text(encoding="utf-8")
    tables = read_file_tables(path)
    items = [
        *_targets(_table(tables, "Nội dung chỉ tiêu", path)),
        *_documents(_table(tables, "Loại văn bản", path)),
        *_projects(_table(tables, "Năm thực hiện", path)),
    ]
    framework = Framework(
        id=FRAMEWORK,
        name="Bộ tiêu chí chuyển đổi Chính quyền số tỉnh Ninh Thuận",
        level="tinh",
        authority="Phụ lục IV Kế hoạch triển khai thực hiện nhiệm vụ nâng cao chỉ số chuyển đổi số, "
        "UBND tỉnh "
        "Ninh Thuận, tháng 02/2021",
        indicators=tuple(_criteria(_table(tables, "Cách tính điểm", path))),
    )
    quarterly = _QUARTERLY.search(text)
    plan = Plan(
        id=PLAN_ID,
        framework=FRAMEWORK,
        name="Kế hoạch triển khai thực hiện nhiệm vụ nâng cao chỉ số chuyển đổi số tỉnh Ninh Thuận",
        document="…/KH-UBND (nguồn để trống số)",
        issued="2021-02",
        assignments=(),
        items=tuple(items),
        notes=clean_text(
            'Nguồn để trống số và ngày ký ("Kế hoạch số /KH-UBND ngày tháng 02 năm 2021"). '
            "Phụ lục I: chỉ tiêu (mục tiêu đến 2025); Phụ lục II: văn bản cần ban hành; Phụ lục III: dự án; "
            "Phụ lục IV: bộ tiêu chí (không ghi đơn vị chủ trì).\n"
            + (f"Báo cáo: {quarterly.group(0)}" if quarterly else "")
        ),
    )
    return ImportResult(frameworks=[framework], plans=[plan])
