"""001 — Nghĩa Phương commune Plan 41/KH-UBND (30/3/2023): the commune DTI framework and its assignments.

Contributes framework ``dti-xa`` (maximum, method, evidence documents, data source per indicator) and plan
``nghia-phuong-2023`` (lead and coordinating officials). The table has no deadline column: the plan text's
rule (evidence within 15 days of the survey letter) is every assignment's deadline, and the plan text's facts
(that rule, the 3- and 6-month reviews) go into the plan's notes, quoted from the source.

Printed as-is and left for validation: 4.6's method "Tỷ lệ *10 đ" against a maximum of 5, 6.7 without a
maximum, pillars 2, 4, 7 and 9 without totals. The first pillar is coded "I" in the source (the others 2…9):
it is pillar 1 and its note says so. Pillar 9's "Công chức chủ trì" cell reads "0 điểm" — a points value, not
an official: it is kept in the note, not turned into a unit.
"""

from __future__ import annotations

import re
from pathlib import Path

from knowledge.importers import ImportResult, SourceError, make_assignment, make_indicator, seed_file
from knowledge.importers.tsv import is_code, read_file_tables
from knowledge.model import Assignment, Framework, Indicator, Plan
from knowledge.textclean import clean_inline, normalize_space
from knowledge.units import canonical_unit

SOURCE = "001"
FRAMEWORK = "dti-xa"
PLAN_ID = "nghia-phuong-2023"

# STT, name, Điểm tối đa, Cách xác định và tính điểm, Tài liệu kiểm chứng, Nguồn cung cấp dữ liệu,
# Công chức chủ trì, Công chức phối hợp
CODE, NAME, MAX, METHOD, EVIDENCE, DATA_SOURCE, LEAD, COORD = range(8)

_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5", "VI": "6", "VII": "7", "VIII": "8", "IX": "9"}
_POINTS_ONLY = re.compile(r"\d+(?:[.,]\d+)?\s*điểm", re.I)
_ISSUED = re.compile(r"Kèm theo Kế hoạch số\s*(\d+)/(KH-UBND)\s*ngày\s*(\d+)/(\d+)/(\d{4})")
_EVIDENCE_RULE = re.compile(r"Chuẩn bị tài liệu kiểm chứng[^\n]*")
_REVIEW_RULE = re.compile(r"[^\n]*03 tháng, 06 tháng rà soát[^\n]*")
_DEADLINE = re.compile(r"trong thời hạn 15 ngày, kể từ ngày phát hành văn bản khảo sát")
_SECTION_HEADING = re.compile(r"^\d+\.\s+(\S[^\n]*)$", re.M)


def _focal_point(text: str, review: re.Match[str]) -> str:
    """The official the plan text makes focal point: the numbered heading of section III above the review duty
    ("1. Công chức Văn hóa xã hội xã"), as written."""
    headings = _SECTION_HEADING.findall(text[: review.start()])
    if not headings:
        raise SourceError("001: không thấy tên đơn vị đầu mối trước nhiệm vụ rà soát 3, 6 tháng")
    return str(headings[-1]).strip()


def _plan_facts(text: str) -> tuple[str, str, str]:
    """(plan notes quoted from the plan text, the plan-wide deadline for evidence, the focal point as written)."""
    evidence, review, deadline = (
        _EVIDENCE_RULE.search(text),
        _REVIEW_RULE.search(text),
        _DEADLINE.search(text),
    )
    if not (evidence and review and deadline):
        raise SourceError(
            "001: không thấy quy định thời hạn 15 ngày hoặc rà soát 3, 6 tháng trong văn bản kế hoạch"
        )
    focal = _focal_point(text, review)
    notes = normalize_space(
        "Hạn nộp tài liệu kiểm chứng: " + evidence.group(0).strip(" -") + "\n"
        f"Rà soát định kỳ ({focal}): " + review.group(0).strip(" -")
    )
    return notes, "Nộp tài liệu kiểm chứng " + deadline.group(0), focal


def load(seeds: Path) -> ImportResult:
    path = seed_file(seeds, SOURCE)
    text = path.read_text(encoding="utf-8")
    tables = read_file_tables(path)
    if not tables or len(tables[0].header) != 8:
        raise SourceError(f"{path.name}: không thấy bảng phụ lục 8 cột")
    notes, plan_deadline, focal = _plan_facts(text)
    indicators: list[Indicator] = []
    assignments: list[Assignment] = []
    for row in tables[0].rows:
        printed = row.code
        code = _ROMAN.get(printed, printed)
        if not is_code(code):
            raise SourceError(f"{path.name} dòng {row.lines[0]}: mã chỉ số không hợp lệ '{printed}'")
        remarks: list[str] = []
        if code != printed:
            remarks.append(f"Nguồn ghi mã '{printed}' cho chỉ số chính {code}.")
        lead, coord = row.cell(LEAD), row.cell(COORD)
        if _POINTS_ONLY.fullmatch(clean_inline(lead)):
            remarks.append(f"Cột 'Công chức chủ trì' ghi '{clean_inline(lead)}' (không phải tên công chức).")
            lead = ""
        indicators.append(
            make_indicator(
                FRAMEWORK,
                code,
                row.cell(NAME),
                source=SOURCE,
                max_points=row.cell(MAX),
                method=row.cell(METHOD),
                evidence=row.cell(EVIDENCE),
                data_source=row.cell(DATA_SOURCE),
                notes=" ".join(remarks),
            )
        )
        if clean_inline(lead) or clean_inline(coord):
            assignments.append(
                make_assignment(
                    code,
                    lead=lead,
                    coordinating=coord,
                    deadline=plan_deadline,
                    evidence=row.cell(EVIDENCE),
                    data_source=row.cell(DATA_SOURCE),
                )
            )
    issued = _ISSUED.search(text)
    if not issued:
        raise SourceError(f"{path.name}: không đọc được số, ngày của Kế hoạch")
    number, kind, day, month, year = issued.groups()
    framework = Framework(
        id=FRAMEWORK,
        name="Bộ chỉ số đánh giá chuyển đổi số cấp xã (DTI cấp xã)",
        level="xa",
        authority=f"Phụ lục Kế hoạch {number}/{kind} ngày {day}/{month}/{year} của UBND xã Nghĩa Phương",
        indicators=tuple(indicators),
    )
    plan = Plan(
        id=PLAN_ID,
        framework=FRAMEWORK,
        name=(
            "Kế hoạch phân công theo dõi, cải thiện, nâng cao Chỉ số đánh giá chuyển đổi số (DTI) "
            "xã Nghĩa Phương "
            "năm 2023 và các năm tiếp theo"
        ),
        document=f"{number}/{kind}",
        issued=f"{year}-{int(month):02d}-{int(day):02d}",
        short_name=f"Kế hoạch {number}/{kind} xã Nghĩa Phương ({year})",
        assignments=tuple(assignments),
        notes=notes,
        focal_point=canonical_unit(focal),
        focal_point_source=f"001, văn bản kế hoạch mục III: «{focal}» là cơ quan đầu mối theo dõi chung thực hiện "
        "Bộ chỉ số DTI",
    )
    return ImportResult(frameworks=[framework], plans=[plan])
