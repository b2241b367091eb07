"""003 — Đắk Lắk's 2021 DTI scores per indicator: maximum, score, reason points were lost.

Contributes score record ``dak-lak-2021`` (values exactly as printed, defects included: 5.10 scores 8 of 5,
the pillar 5 and 6 totals differ from their indicators) and ``dti-tinh`` rows (name, maximum) for codes no
other source has, such as pillar 9. One code is printed ``6.2`` where the row order and name make it 6.20 (a
spreadsheet dropped the trailing zero); it is read as 6.20 and the entry's note says so.
"""

from __future__ import annotations

from pathlib import Path

from knowledge.importers import ImportResult, SourceError, make_indicator, seed_file
from knowledge.importers.tsv import is_code, read_file_tables, restore_lost_zero
from knowledge.model import Indicator, ScoreEntry, ScoreRecord
from knowledge.textclean import clean_text, parse_number

SOURCE = "003"
FRAMEWORK = "dti-tinh"
RECORD_ID = "dak-lak-2021"

# STT, Chỉ số đánh giá, Điểm tối đa, Điểm đạt được, Lý do mất điểm
CODE, NAME, MAX, SCORE, REASON = range(5)


def load(seeds: Path) -> ImportResult:
    path = seed_file(seeds, SOURCE)
    tables = read_file_tables(path)
    if not tables or len(tables[0].header) != 5:
        raise SourceError(f"{path.name}: không thấy bảng điểm 5 cột")
    rows = tables[0].rows
    codes = [row.code for row in rows]
    restored = restore_lost_zero(codes)
    entries: list[ScoreEntry] = []
    indicators: list[Indicator] = []
    for index, row in enumerate(rows):
        code = restored.get(index, row.code)
        if not is_code(code):
            raise SourceError(f"{path.name} dòng {row.lines[0]}: mã chỉ số không hợp lệ '{code}'")
        note = clean_text(row.cell(REASON))
        if index in restored:
            fix = (
                f"Nguồn in mã '{row.code}' (mất số 0 cuối); đọc là {code} theo thứ tự dòng "
                f"(sau {codes[index - 1]}) và tên chỉ số."
            )
            note = f"{fix} {note}".strip()
        entries.append(
            ScoreEntry(
                code=code,
                score=parse_number(row.cell(SCORE)),
                max_points=parse_number(row.cell(MAX)),
                note=note,
            )
        )
        indicators.append(
            make_indicator(FRAMEWORK, code, row.cell(NAME), source=SOURCE, max_points=row.cell(MAX))
        )
    record = ScoreRecord(
        id=RECORD_ID, framework=FRAMEWORK, place="Đắk Lắk", year=2021, entries=tuple(entries)
    )
    return ImportResult(records=[record], indicators={FRAMEWORK: indicators})
