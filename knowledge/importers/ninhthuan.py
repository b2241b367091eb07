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
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz

from knowledge.importers import ImportResult, SourceError, make_indicator, seed_file, units
from knowledge.importers.tsv import Row, Table, is_code, join_fragment, read_file_tables
from knowledge.model import Framework, Indicator, Plan, PlanItem
from knowledge.textclean import clean_inline, clean_text
from knowledge.units import canonical_unit

SOURCE = "004"
FRAMEWORK = "cqs-ninh-thuan"
PLAN_ID = "ninh-thuan-2021"

_ROMAN = re.compile(r"[IVX]+")
_QUARTERLY = re.compile(r"Định kỳ hàng quý[^\n]*")
_REPORTS_TO = re.compile(r"gửi báo cáo (Sở [^,;]+?) tình hình")
_GOAL_HEADING = re.compile(r"^[#*\s]*\d+\.\s*Mục tiêu[^\n]*?đến (?:năm )?(\d{4})[*\s]*$")
_GOAL = re.compile(r"^\s*[a-zđ]\)\s*(.+)$")
_GOAL_MATCH = 85  # token_sort_ratio from which an appendix target restates a plan goal


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


def _goals(text: str) -> list[tuple[str, str]]:
    """(year, goal) for every lettered goal of the plan's sections "Mục tiêu cơ bản đến năm 2025 / đến 2030"."""
    goals: list[tuple[str, str]] = []
    year = ""
    for line in text.split("\n"):
        heading = _GOAL_HEADING.match(line)
        if heading:
            year = heading.group(1)
        elif line.lstrip().startswith(("#", "**")):
            year = ""  # any other heading ends the goal list
        elif year and (goal := _GOAL.match(line)):
            goals.append((year, clean_inline(goal.group(1))))
    return goals


def _horizon(name: str, goals: list[tuple[str, str]]) -> str:
    """The deadline of an Appendix I target: the horizon of the plan goal it restates ("" when none matches).

    Appendix I repeats the plan's goals without their year; the year is the section the same goal stands in,
    found by text similarity (the appendix rewords a little: "mức độ 3, 4" for "mức độ 4")."""
    best_year, best = "", 0.0
    for year, goal in goals:
        score = fuzz.token_sort_ratio(name.lower(), goal.lower())
        if score > best:
            best_year, best = year, score
    if best < _GOAL_MATCH:
        return ""
    return f"Đến năm {best_year} (mục tiêu cơ bản đến năm {best_year} của kế hoạch)"


def _targets(table: Table, goals: list[tuple[str, str]]) -> list[PlanItem]:
    """Appendix I — STT, Nội dung chỉ tiêu, Chủ trì, Phối hợp; the deadline is the goal's horizon."""
    return [
        _item(
            "target",
            f"PL1.{r.code}",
            r.cell(1),
            r.cell(2),
            r.cell(3),
            deadline=_horizon(clean_inline(r.cell(1)), goals),
        )
        for r in table.rows
    ]


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


def _is_merged_follower(row: Row, previous: Row | None) -> bool:
    """A sub-criterion printed with a name only, right after a sibling that has a method and a maximum: the two
    share a merged cell (5.8.1–5.8.2, 5.9.1–5.9.2 — "Điểm tỷ lệ DVCTT mức độ 3, 4 …" scores both)."""
    if previous is None or row.code.count(".") != 2 or clean_inline(row.cell(3)) or clean_inline(row.cell(4)):
        return False
    same_parent = previous.code.rpartition(".")[0] == row.code.rpartition(".")[0]
    return same_parent and bool(clean_inline(previous.cell(3))) and bool(clean_inline(previous.cell(4)))


def _unmerge(rows: list[Row]) -> tuple[list[Row], dict[str, str]]:
    """Rows with each merged cell given to every row it spans, and {follower code: leader code}.

    The merged cell's text stands on the first row of the group; a note continued across a page break is
    appended by the reader to the *last* row, so it is moved back to the cell it continues. The source is not
    corrected: the maximum is one shared maximum, and ``merged_with`` tells validation to count it once."""
    out: list[Row] = []
    merged: dict[str, str] = {}
    for row in rows:
        previous = out[-1] if out else None
        if previous is not None and _is_merged_follower(row, previous):
            leader_code = merged.get(previous.code, previous.code)
            shared = (
                join_fragment(clean_text(previous.cell(5)), clean_text(row.cell(5)))
                if row.continued
                else previous.cell(5)
            )
            out[-1] = Row(cells=[*previous.cells[:5], shared], lines=previous.lines)
            out.append(Row(cells=[*row.cells[:3], previous.cell(3), previous.cell(4), shared], lines=row.lines))
            merged[row.code] = leader_code
            continue
        out.append(row)
    return out, merged


def _merge_note(code: str, leader: str, max_points: str) -> str:
    return (
        f"Nguồn gộp ô: cách tính, điểm tối đa ({clean_inline(max_points)}) và ghi chú dùng chung cho {leader} và "
        f"{code}, tính một lần."
    )


def _criteria(table: Table) -> list[Indicator]:
    """Appendix IV — STT, Chỉ số, Tiêu chí/Tiêu chí con, Cách tính điểm, Điểm tối đa, Ghi chú."""
    indicators: list[Indicator] = []
    group = ""
    rows, merged = _unmerge(table.rows)
    leaders = {leader: code for code, leader in merged.items()}
    for row in rows:
        code = row.code
        if _ROMAN.fullmatch(code):
            group = f"Thuộc nhóm {code}. {clean_inline(row.cell(1))} (Phụ lục IV)."
            continue
        if not is_code(code):
            raise SourceError(f"004 Phụ lục IV dòng {row.lines[0]}: mã '{code}' không hợp lệ")
        notes = clean_text(row.cell(5))
        if "." not in code and group:
            notes = f"{group}\n{notes}".strip()
        if code in merged or code in leaders:
            pair = (merged[code], code) if code in merged else (code, leaders[code])
            notes = f"{notes}\n{_merge_note(pair[1], pair[0], row.cell(4))}".strip()
        indicator = make_indicator(
            FRAMEWORK,
            code,
            row.cell(1) if clean_inline(row.cell(1)) else row.cell(2),
            source=SOURCE,
            max_points=row.cell(4),
            method=row.cell(3),
            notes=notes,
        )
        indicators.append(replace(indicator, merged_with=merged.get(code, "")))
    return indicators


def _focal_point(quarterly: str) -> tuple[str, str]:
    """(the focal unit, where it is said): section IV has the units report quarterly to the Sở that gathers the
    data ("gửi báo cáo Sở Thông tin và Truyền thông … để tổng hợp"); ("", "") when the text does not say."""
    found = _REPORTS_TO.search(quarterly)
    if found is None:
        return "", ""
    return canonical_unit(found[1]), f"004, mục IV: «{quarterly.strip()}»"


def load(seeds: Path) -> ImportResult:
    path = seed_file(seeds, SOURCE)
    text = path.read_text(encoding="utf-8")
    tables = read_file_tables(path)
    items = [
        *_targets(_table(tables, "Nội dung chỉ tiêu", path), _goals(text)),
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
    focal, focal_source = _focal_point(quarterly.group(0) if quarterly else "")
    plan = Plan(
        id=PLAN_ID,
        framework=FRAMEWORK,
        name="Kế hoạch triển khai thực hiện nhiệm vụ nâng cao chỉ số chuyển đổi số tỉnh Ninh Thuận",
        document="…/KH-UBND (nguồn để trống số)",
        issued="2021-02",
        short_name="Kế hoạch chuyển đổi số tỉnh Ninh Thuận (2021)",
        focal_point=focal,
        focal_point_source=focal_source,
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
