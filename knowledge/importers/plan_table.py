"""A new year's plan from a table file laid out like Kon Tum's appendix (code, name, guidance, last result,
target, deadline, lead, coordinating), as ``.tsv`` or ``.xlsx``: read, checked and compared with another plan.

Nothing is stored here: ``read_plan`` gives the plan and what is wrong with it. Errors (no 8-column table, a
code that is not a code or that the framework lacks) refuse the file; warnings (a unit not in the registry,
with the nearest registered name; a deadline the grammar cannot read) are shown and do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from rapidfuzz import fuzz, process

from knowledge.deadlines import parse_deadline
from knowledge.importers import VARIABLE_ROW, make_assignment
from knowledge.importers.kontum import BASELINE, COORD, DEADLINE, GUIDANCE, LEAD, NAME, TARGET
from knowledge.importers.tsv import Row, is_code, read_tables
from knowledge.importers.untrusted_xlsx import MB, Limits, NotWorkbook, OverLimit, describe, open_workbook, sheet_rows
from knowledge.model import Assignment, Plan
from knowledge.normalize import fold
from knowledge.store import KnowledgeBase
from knowledge.textclean import clean_inline
from knowledge.units import UnknownUnit, registry_units, resolve_cell, split_units

COLUMNS = 8
# A plan table has a few hundred rows (Kon Tum's appendix: about 150); these bound reading any file given.
PLAN_LIMITS = Limits(file_bytes=10 * MB, members=200, member_bytes=32 * MB, total_bytes=64 * MB, ratio=100,
                     rows=5000, cells_per_row=256, cells=200_000, strings=100_000, elements=600_000,
                     structure=50_000)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


class PlanFileError(ValueError):
    """The file cannot be read as a plan table (the message says why, in Vietnamese)."""


@dataclass
class PlanCheck:
    plan: Plan | None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.plan is not None and not self.errors


def _xlsx_text(path: Path) -> str:
    """The first sheet as tab-separated lines (cells' line breaks become spaces), for the TSV reader; the file is
    checked against ``PLAN_LIMITS`` before it is parsed."""
    try:
        with open_workbook(path, PLAN_LIMITS) as book:
            if not book.worksheets:
                raise PlanFileError(f"{path.name}: tệp Excel không có trang tính nào")
            lines = []
            for row in sheet_rows(book.worksheets[0], PLAN_LIMITS, COLUMNS):
                cells = ["" if v is None else " ".join(str(v).split()) for v in row]
                if any(cells):
                    lines.append("\t".join(cells))
            return "\n".join(lines)
    except NotWorkbook:
        raise PlanFileError(f"không mở được tệp Excel {path.name} (không phải tệp .xlsx, hoặc tệp hỏng)") from None
    except OverLimit as exc:
        raise PlanFileError(f"{path.name}: {describe(exc)}; không đọc tệp này") from None


def read_rows(path: Path) -> tuple[list[Row], int | None]:
    """The plan table's rows, and the year its last-result column names ("Kết quả năm 2024"), if any."""
    if not path.is_file():
        raise PlanFileError(f"không có tệp {path}")
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if suffix in (".tsv", ".txt") and size > PLAN_LIMITS.file_bytes:
        raise PlanFileError(f"{path.name}: {describe(OverLimit('file_bytes', size, PLAN_LIMITS.file_bytes))}")
    if suffix == ".xlsx":
        text = _xlsx_text(path)
    elif suffix in (".tsv", ".txt"):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise PlanFileError(f"{path.name} không phải văn bản UTF-8") from None
    else:
        raise PlanFileError(f"chỉ nhận tệp .xlsx hoặc .tsv, không nhận '{suffix or path.name}'")
    tables = [t for t in read_tables(text) if len(t.header) == COLUMNS]
    if not tables:
        raise PlanFileError(f"{path.name}: không thấy bảng {COLUMNS} cột (STT, tên, hướng dẫn, kết quả năm trước, "
                            "mục tiêu, thời gian hoàn thành, đơn vị chủ trì, đơn vị phối hợp)")
    rows = [r for t in tables for r in t.rows]
    if not rows:
        raise PlanFileError(f"{path.name}: bảng không có dòng nào")
    year = _YEAR.search(tables[0].header[BASELINE])
    return rows, int(year.group()) if year else None


def _suggest(name: str) -> str:
    names = [u.name for u in registry_units()]
    found = process.extractOne(name, names, scorer=fuzz.WRatio)
    return f" (gần nhất: {found[0]})" if found and found[1] >= 60 else ""


def _units_cell(cell: str, code: str, what: str, warnings: list[str]) -> str:
    """The cell if every unit in it is registered; else a warning per unknown unit, and "" (kept as text)."""
    try:
        resolve_cell(cell)
        return cell
    except UnknownUnit:
        for written in split_units(cell):
            try:
                resolve_cell(written)
            except UnknownUnit:
                warnings.append(f"{code}: {what} '{written}' chưa có trong danh mục đơn vị{_suggest(written)}")
        return ""


def read_plan(path: Path, kb: KnowledgeBase, plan_id: str, framework: str, label: str = "",
              baseline_year: int | None = None) -> PlanCheck:
    """Read and check the plan table at ``path`` for ``framework``."""
    if framework not in kb.frameworks:
        return PlanCheck(None, [f"không có bộ chỉ số '{framework}' (có: {', '.join(sorted(kb.frameworks))})"])
    try:
        rows, header_year = read_rows(path)
    except PlanFileError as exc:
        return PlanCheck(None, [str(exc)])
    year = baseline_year if baseline_year is not None else header_year
    names = {i.code: i.name for i in kb.frameworks[framework].indicators}
    known = set(names)
    check = PlanCheck(None)
    assignments: list[Assignment] = []
    seen: set[str] = set()
    for row in rows:
        code = row.code
        if VARIABLE_ROW.fullmatch(code) or not code:
            continue
        where = f"dòng {row.lines[0]}" if row.lines else "một dòng"
        if not is_code(code):
            check.errors.append(f"{where}: mã chỉ số không hợp lệ '{code}'")
            continue
        if code not in known:
            check.errors.append(f"{where}: bộ chỉ số {framework} không có chỉ số {code}")
            continue
        if code in seen:
            check.errors.append(f"{where}: chỉ số {code} xuất hiện hai lần")
            continue
        seen.add(code)
        cells = [clean_inline(row.cell(i)) for i in (GUIDANCE, BASELINE, TARGET, DEADLINE, LEAD, COORD)]
        if not any(cells):
            continue  # a heading row (a pillar) with nothing assigned
        deadline = clean_inline(row.cell(DEADLINE))
        if deadline and not parse_deadline(deadline).is_parsed:
            check.warnings.append(f"{code}: không đọc được thời hạn '{deadline}'")
        lead = _units_cell(row.cell(LEAD), code, "đơn vị chủ trì", check.warnings)
        coord = _units_cell(row.cell(COORD), code, "đơn vị phối hợp", check.warnings)
        a = make_assignment(code, lead=lead, coordinating=coord, deadline=row.cell(DEADLINE),
                            baseline=row.cell(BASELINE), baseline_year=year if cells[1] else None,
                            target=row.cell(TARGET), guidance=row.cell(GUIDANCE))
        worded = clean_inline(row.cell(NAME))
        if worded and fold(worded) != fold(names[code]):
            a = replace(a, name=worded)
        if not lead and clean_inline(row.cell(LEAD)):
            a = replace(a, lead_text=clean_inline(row.cell(LEAD)))
        assignments.append(a)
    if not assignments and not check.errors:
        check.errors.append(f"{path.name}: không có chỉ số nào được phân công")
    if check.errors:
        return check
    name = label or f"Kế hoạch {plan_id}"
    check.plan = Plan(id=plan_id, framework=framework, name=name, document="", issued="", short_name=name,
                      assignments=tuple(assignments), notes=f"Nhập từ tệp {path.name}.")
    return check


@dataclass(frozen=True)
class PlanDiff:
    other: str
    added: list[str]
    dropped: list[str]
    owners: list[tuple[str, str, str]]  # code, before, after (lead units)
    deadlines: list[tuple[str, str, str]]


def diff_plans(new: Plan, old: Plan) -> PlanDiff:
    before = {a.code: a for a in old.assignments}
    after = {a.code: a for a in new.assignments}
    both = [c for c in after if c in before]

    def lead(a: Assignment) -> str:
        return "; ".join(a.lead) or a.lead_text

    return PlanDiff(
        old.id,
        [c for c in after if c not in before],
        [c for c in before if c not in after],
        [(c, lead(before[c]), lead(after[c])) for c in both if lead(before[c]) != lead(after[c])],
        [(c, before[c].deadline, after[c].deadline) for c in both if before[c].deadline != after[c].deadline],
    )
