"""000 — Kon Tum Plan 419/KH-UBND (01/02/2024), Appendix 2: provincial indicators with the plan's assignments.

Contributes ``dti-tinh`` indicator rows (name, guidance as method; no maximums) and plan ``kon-tum-2024``. The
guidance also stays in each assignment's ``guidance`` so that disagreements with Decision 922 remain visible.
Rows coded with a single letter (``a``, ``b`` under 5.12.1) define variables of the indicator above them.
"""

from __future__ import annotations

import re
from pathlib import Path

from knowledge.importers import (
    VARIABLE_ROW,
    ImportResult,
    SourceError,
    add_variable,
    make_assignment,
    make_indicator,
    seed_file,
)
from knowledge.importers.tsv import is_code, read_file_tables
from knowledge.model import Assignment, Indicator, Plan
from knowledge.textclean import clean_inline

SOURCE = "000"
FRAMEWORK = "dti-tinh"
PLAN_ID = "kon-tum-2024"
BASELINE_YEAR = 2023
# 000 is only the plan's Appendix 2: the plan text that would name its focal point was not received. The provincial
# DTI data is gathered by the Sở Thông tin và Truyền thông (Gia Lai's Plan 3015, section VI.1, and Ninh Thuận's
# plan, section IV, say so in their own texts); Kon Tum is taken to be the same until its plan text says otherwise.
FOCAL_POINT = "Sở Thông tin và Truyền thông"
FOCAL_POINT_SOURCE = (
    "Không ghi trong Phụ lục 2 (000), phần duy nhất có của Kế hoạch 419/KH-UBND. Lấy theo cách các tỉnh giao: Sở "
    "Thông tin và Truyền thông chủ trì tổng hợp số liệu đánh giá chuyển đổi số của tỉnh (Kế hoạch 3015/KH-UBND Gia "
    "Lai, mục VI.1; kế hoạch Ninh Thuận, mục IV). Cần xác nhận theo văn bản Kế hoạch 419/KH-UBND."
)

# STT, name, Hướng dẫn, Kết quả năm 2023, Mục tiêu, Thời gian hoàn thành, Đơn vị chủ trì, Đơn vị phối hợp
CODE, NAME, GUIDANCE, BASELINE, TARGET, DEADLINE, LEAD, COORD = range(8)

_ISSUED = re.compile(r"Kế hoạch số\s*(\d+)\s*/\s*(KH-UBND)\s*ngày\s*(\d+)\s*tháng\s*(\d+)\s*năm\s*(\d{4})")


def load(seeds: Path) -> ImportResult:
    path = seed_file(seeds, SOURCE)
    text = path.read_text(encoding="utf-8")
    tables = read_file_tables(path)
    if not tables or len(tables[0].header) != 8:
        raise SourceError(f"{path.name}: không thấy bảng 8 cột của Phụ lục 2")
    indicators: list[Indicator] = []
    assignments: list[Assignment] = []
    for row in tables[0].rows:
        code = row.code
        if VARIABLE_ROW.fullmatch(code) and indicators:
            # "a | Kinh phí đầu tư từ NSNN cho ATTT": a variable of the indicator above, not an indicator.
            add_variable(indicators, indicators[-1].code, code, row.cell(NAME))
            continue
        if not is_code(code):
            raise SourceError(f"{path.name} dòng {row.lines[0]}: mã chỉ số không hợp lệ '{code}'")
        indicators.append(
            make_indicator(FRAMEWORK, code, row.cell(NAME), source=SOURCE, method=row.cell(GUIDANCE))
        )
        cells = [clean_inline(row.cell(i)) for i in (GUIDANCE, BASELINE, TARGET, DEADLINE, LEAD, COORD)]
        if any(cells):
            assignments.append(
                make_assignment(
                    code,
                    lead=row.cell(LEAD),
                    coordinating=row.cell(COORD),
                    deadline=row.cell(DEADLINE),
                    baseline=row.cell(BASELINE),
                    baseline_year=BASELINE_YEAR if clean_inline(row.cell(BASELINE)) else None,
                    target=row.cell(TARGET),
                    guidance=row.cell(GUIDANCE),
                )
            )
    issued = _ISSUED.search(text)
    if not issued:
        raise SourceError(f"{path.name}: không đọc được số, ngày của Kế hoạch")
    number, kind, day, month, year = issued.groups()
    plan = Plan(
        id=PLAN_ID,
        framework=FRAMEWORK,
        name="Kế hoạch phân công theo dõi, thực hiện Bộ chỉ số đánh giá chuyển đổi số cấp tỉnh, tỉnh Kon Tum",
        document=f"{number}/{kind}",
        issued=f"{year}-{int(month):02d}-{int(day):02d}",
        short_name=f"Kế hoạch {number}/{kind} tỉnh Kon Tum ({year})",
        assignments=tuple(assignments),
        focal_point=FOCAL_POINT,
        focal_point_source=FOCAL_POINT_SOURCE,
        notes=(
            f"Phụ lục 2 kèm theo Kế hoạch số {number}/{kind} ngày {int(day):02d}/{int(month):02d}/{year} của "
            "Ủy ban nhân dân tỉnh Kon Tum. Cột 'Kết quả năm 2023' là hiện trạng (baseline), "
            "'Mục tiêu' là chỉ "
            "tiêu, 'Thời gian hoàn thành' là hạn."
        ),
    )
    return ImportResult(plans=[plan], indicators={FRAMEWORK: indicators})
