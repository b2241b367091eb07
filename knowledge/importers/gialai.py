"""Extract the Gia Lai provincial DTI table (Plan 3015/KH-UBND, appendix) from its PDF-extracted text.

Why this is a state machine: the PDF text layer emits every table cell as fragments (one visual line
each), in column order (code, name, max, 2022 score, method, lead, coordinating, deadline); a cell's
words wrap over many lines, cells are not delimited reliably, and a row split by a page break continues
after the repeated page header, again in column order but only for the cells that were cut. The machine
walks the fragments, moving from column to column on content cues (numbers, bullets, unit names, time
phrases). Where the text itself is too mangled to decide (several cells printed on one line),
``OVERRIDES`` records the cell as the source prints it; every override is checked against the row's own
raw text, so it can never invent words.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

NAME, MAX, SCORE, METHOD, LEAD, COORD, DEADLINE = range(7)
UNIT_COLUMNS = (LEAD, COORD)

PLAN = {
    "id": "gia-lai-2023",
    "document": "3015/KH-UBND",
    "issued": "2023-11-02",
    "name": "Kế hoạch nâng cao chỉ số Chuyển đổi số của tỉnh Gia Lai năm 2023 và các năm tiếp theo",
    "notes": (
        "Thực hiện Quyết định số 922/QĐ-BTTTT ngày 20/5/2022 của Bộ Thông tin và Truyền thông. Theo Bộ "
        "chỉ số DTI năm 2022 (09 chỉ số chính, 98 chỉ số thành phần) Gia Lai xếp hạng 62/63 tỉnh, thành "
        "phố (giảm 23 bậc so với năm 2021); thứ hạng các chỉ số chính: Nhận thức số 62/63, Thể chế số "
        "63/63, Hạ tầng số 34/63, Nhân lực số 61/63, An toàn thông tin mạng 34/63, Hoạt động chính quyền "
        "số 58/63, Hoạt động kinh tế số 60/63, Hoạt động xã hội số 62/63. Trong vòng 15 ngày kể từ ngày "
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch, các đơn vị, địa phương xây dựng, ban hành Kế hoạch thực "
        "hiện chi tiết để nâng cao các chỉ số được phân công chủ trì. Định kỳ hằng quý, các đơn vị báo "
        "cáo, cung cấp đầy đủ số liệu liên quan tới các chỉ tiêu được giao tại Phụ lục của Kế hoạch về Sở"
        " Thông tin và Truyền thông để tổng hợp. Sở Thông tin và Truyền thông hướng dẫn, kiểm tra, đôn "
        "đốc thực hiện Kế hoạch, định kỳ tổng hợp, báo cáo Ủy ban nhân dân tỉnh; chủ trì tổng hợp số liệu"
        " phục vụ báo cáo đánh giá mức độ chuyển đổi số của tỉnh. Khó khăn, vướng mắc gửi bằng văn bản về"
        " Sở Thông tin và Truyền thông để tổng hợp, tham mưu Ủy ban nhân dân tỉnh. Chỉ số 9 (Đô thị thông"
        " minh): Bộ TT&TT chưa chấm điểm."
    ),
    "focal_point": "Sở Thông tin và Truyền thông",
    "focal_point_source": (
        "002, mục VI.1 (Ban Chỉ đạo Chuyển đổi số tỉnh Gia Lai; Sở Thông tin và Truyền thông): «Chủ trì tổng hợp số"
        " liệu phục vụ báo cáo đánh giá mức độ chuyển đổi số của tỉnh»; mục VI.2: các đơn vị báo cáo, cung cấp số"
        " liệu «về Sở Thông tin và Truyền thông để tổng hợp»"
    ),
}

# Cells the machine cannot recover, as the source prints them. Key: (code, field). Each entry says why.
OVERRIDES: dict[tuple[str, str], str] = {
    # 4.3: line 2387 prints name start, max, score, method start, lead start, coordinating cell and
    # deadline start on one line ("4.3 Sở Thông tin 10 0 - Đã có: Điểm tối đa; Sở Sở Nội vụ Đã hoàn");
    # after the page break "- Không có: 0 điểm. Thông" again merges method end and lead start, then come
    # "tin và Truyền thông" (lead) and " thành" (deadline).
    ("4.3", "method"): "- Đã có: Điểm tối đa;\n- Không có: 0 điểm.",
    ("4.3", "lead_text"): "Sở Thông tin và Truyền thông",
    ("4.3", "coordinating_text"): "Sở Nội vụ",
    ("4.3", "deadline"): "Đã hoàn thành",
    # 7.4: line 6340 merges the first line of every cell ("7.4 Số lượng doanh 20 20 a = Số lượng doanh nghiệp
    # Sở Kế Sở Thông Thống kê"); the rest of each cell follows the page break in column order.
    ("7.4", "method"): (
        "a = Số lượng doanh nghiệp nhỏ và vừa tiếp cận và tham gia Chương trình SMEdx trên địa bàn\n"
        "b = Tổng số doanh nghiệp nhỏ và vừa trên địa bàn;\nTỷ lệ = a/b\nTỷ lệ ≥ 10%: điểm tối đa\n"
        "Tỷ lệ < 10%: điểm = điểm tối đa * tỷ lệ/10%"
    ),
    ("7.4", "lead_text"): "Sở Kế hoạch và Đầu tư",
    ("7.4", "coordinating_text"): "Sở Thông tin và Truyền thông, Sở Công Thương và các đơn vị liên quan",
    ("7.4", "deadline"): "Thống kê số liệu",
}

CODE_RE = re.compile(r"^(\d+(?:\.\d+)*)(?=\s|$)")
NUM = r"\d+(?:\.\d+)?"
NUMBERS_RE = re.compile(rf"^({NUM})(?: ({NUM}))?(?: (.*))?$")
NAME_NUMBERS_RE = re.compile(rf"^(.*?) ({NUM}) ({NUM})(?: (.*))?$")
PAGE_NUMBER_RE = re.compile(r"^-\d+-$")
HEADER_END = "Theo Quyết định số 922/QĐ-BTTTT của Bộ Thông tin và Truyền thông"
# A method fragment that begins a new line of the method (bullet, variable, enumerated part, scale step).
METHOD_LINE_RE = re.compile(
    r"^(- |\+ |[a-f] ?= |[a-f]\. |\d\. |Mức \d|Thang điểm|Giải thích|Tính điểm|Tỷ lệ|Đề xuất|Đơn vị:|……)"
)
# Strong method cues, safe to test even while a name is being read.
METHOD_START_RE = re.compile(r"^(- |\+ |[a-f] = |……)")
UNIT_START_RE = re.compile(r"^(Sở|UBND|Các sở|Các cơ|Văn phòng)\b|^(Văn|Báo|Đài|Cục|Công|Ngân|Bưu)$")
DEADLINE_START_RE = re.compile(r"^(?:Quý|Đã hoàn|Thường|Thống kê|Trong)\b|^Năm \d")
DEADLINE_MORE_RE = re.compile(r"^(năm \d{4}|\d{4}|thành|số liệu|hằng năm|xuyên)$")
# Last words of a complete unit name (lead / coordinating cells); anything else means the name goes on.
UNIT_END_RE = re.compile(
    r"(thông|tỉnh|chính|tư|vụ|Lai|huyện|tạo|hội|nghệ|Thuế|Pleiku|dựng|&TT\)?|Thương|quan)$"
)
DEADLINE_DONE_RE = re.compile(r"(\d{4}|thành|số liệu|hằng năm|xuyên|thống)$")


@dataclass
class Row:
    """One table row as printed: pillar, indicator or sub-indicator.

    Rows the source numbers with a letter (the a/b/c parts of 5.12.1 and 6.22) are coded ``<parent>.<x>``.
    """

    code: str
    name: str
    max_points: float | None
    score_2022: float | None
    method: str
    lead_text: str
    coordinating_text: str
    deadline: str


@dataclass
class GiaLaiExtract:
    """The plan's facts and the appendix rows, in source order."""

    plan: dict[str, str]
    rows: list[Row]


@dataclass
class Fragment:
    """One piece of printed text with the layout facts the column decisions need."""

    text: str
    line: int
    indent: int  # leading spaces of the source line
    block_start: bool  # first fragment after a blank line
    after_header: bool  # first fragment after a repeated page header
    part: int  # index when an indented line holds two cells separated by 3+ spaces


@dataclass
class _Builder:
    code: str
    cells: dict[int, list[str]] = field(default_factory=lambda: {c: [] for c in range(7)})
    raw: list[str] = field(default_factory=list)
    column: int = NAME
    continuation: bool = False  # reading the part of the row that follows a page header

    def text(self, column: int) -> str:
        return join_fragments(self.cells[column])


def join_fragments(parts: list[str]) -> str:
    """Join wrapped fragments with single spaces, gluing "…TT-"+"BTTTT" and "TT"+"&TT" back together."""
    out = ""
    for part in parts:
        if not out or out.endswith("\n") or re.search(r"\S-$", out) or part.startswith("&"):
            out += part
        else:
            out += " " + part
    return out


def _number(text: str) -> float | int:
    """A maximum or score cell of this PDF, which prints decimals with a dot ("9.42"): the extraction's own
    convention, checked cell by cell in tests/test_importer_gialai.py — not a Vietnamese number as people type
    it (that is ``scoring.numbers.read_number``)."""
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def _successors(code: str) -> set[str]:
    """Codes that may follow ``code``: its first child, or the next sibling of it or of an ancestor."""
    if not code:
        return {"1"}
    parts = [int(p) for p in code.split(".") if p.isdigit()]
    found = {".".join(map(str, [*parts, 1]))}
    for depth in range(len(parts)):
        found.add(".".join(map(str, [*parts[:depth], parts[depth] + 1])))
    return found


def _fragments(lines: list[str], start: int) -> list[Fragment]:
    """Turn the table's lines into fragments, dropping repeated page headers and page numbers."""
    frags: list[Fragment] = []
    block_start, after_header = True, False
    i = start
    while i < len(lines):
        raw = lines[i]
        stripped = raw.strip()
        nxt = next((lines[j].strip() for j in range(i + 1, len(lines)) if lines[j].strip()), "")
        if stripped == "Số" and nxt == "TT":  # repeated page header: skip to its last line
            while lines[i].strip() != HEADER_END:
                i += 1
            after_header = block_start = True
        elif not stripped or PAGE_NUMBER_RE.match(stripped):
            block_start = True
        else:
            indent = len(raw) - len(raw.lstrip(" "))
            pieces = re.split(r" {3,}", stripped) if indent else [stripped]
            for n, piece in enumerate(pieces):
                text = re.sub(r"\s+", " ", piece).strip()
                frags.append(Fragment(text, i + 1, indent, block_start, after_header and n == 0, n))
            block_start = after_header = False
        i += 1
    return frags


def _open_unit_column(row: _Builder, after: int) -> int | None:
    """The first lead/coordinating cell (from ``after`` on) that was cut mid-name by the page break."""
    for column in UNIT_COLUMNS:
        text = row.text(column)
        if column >= after and text and not UNIT_END_RE.search(text):
            return column
    return None


def _method_open(row: _Builder) -> bool:
    text = row.text(METHOD).rstrip()
    return not text or not text.endswith((".", ";", ":"))


def _place_after_break(row: _Builder, frag: Fragment) -> int:
    """Column of a fragment printed after a page header: only the cells the break cut go on, in order."""
    col = row.column
    if frag.after_header and frag.indent == 1:
        return NAME  # the cut name resumes first, indented by one space
    if frag.part == 1 or frag.indent >= 2:  # second cell on a shared line, or an indented method line
        if _method_open(row):
            return METHOD
        open_col = _open_unit_column(row, LEAD)
        return METHOD if open_col is None else open_col
    if col == METHOD and frag.block_start:
        open_col = _open_unit_column(row, LEAD)
        return METHOD if open_col is None else open_col
    if col in UNIT_COLUMNS and frag.block_start and UNIT_END_RE.search(row.text(col)):
        open_col = _open_unit_column(row, col + 1)
        return col if open_col is None else open_col
    return col


def _place(row: _Builder, frag: Fragment) -> int:
    """Decide which column ``frag`` belongs to, given the row's state."""
    text, col = frag.text, row.column
    deadline = row.text(DEADLINE)
    if deadline and not DEADLINE_DONE_RE.search(deadline) and DEADLINE_MORE_RE.match(text):
        return DEADLINE  # "Quý IV" + "năm 2025", "Đã hoàn" + "thành"
    if METHOD_START_RE.match(text) or (METHOD_LINE_RE.match(text) and frag.indent >= 2):
        return METHOD  # bullets, also those the PDF emits after the deadline cell
    if row.continuation:
        return _place_after_break(row, frag)
    if frag.indent >= 2 and col <= METHOD:
        return METHOD
    if DEADLINE_START_RE.match(text) and col >= MAX:
        return DEADLINE
    if col == DEADLINE:
        return DEADLINE
    if UNIT_START_RE.match(text) and (col in (MAX, SCORE, METHOD) or (col == NAME and row.cells[NAME])):
        return LEAD
    if UNIT_START_RE.match(text) and col == LEAD:
        lead = row.text(LEAD)
        if text.startswith("Các ") or (not lead.endswith((";", ",", " và")) and UNIT_END_RE.search(lead)):
            return COORD  # a new unit name after a complete one starts the coordinating cell
    return col


def _add(row: _Builder, column: int, text: str) -> None:
    """Append a fragment to a cell; method fragments that open a bullet or variable start a new line."""
    cell = row.cells[column]
    if column == METHOD and cell and METHOD_LINE_RE.match(text):
        cell[-1] = cell[-1] + "\n"
    cell.append(text)


def _feed(row: _Builder, frag: Fragment) -> None:
    text = frag.text
    if row.column in (NAME, MAX) and not row.continuation:
        match = NUMBERS_RE.match(text)
        if match:
            first, second, rest = match.groups()
            if row.column == NAME:
                row.cells[MAX].append(first)
                row.column = MAX
                if second is None:
                    return
                first = second
            row.cells[SCORE].append(first)
            row.column = SCORE
            if rest:
                _add(row, METHOD, rest)
                row.column = METHOD
            return
    if frag.after_header:
        row.continuation = True
        row.column = NAME
    column = _place(row, frag)
    if column in (SCORE, MAX):
        column = METHOD
    _add(row, column, text)
    row.column = max(column, NAME)


def _start_row(code: str, rest: str, rows: list[_Builder]) -> _Builder:
    row = _Builder(code)
    if rest:
        match = NAME_NUMBERS_RE.match(rest)
        if match:
            name, first, second, tail = match.groups()
            row.cells[NAME].append(name)
            row.cells[MAX].append(first)
            row.cells[SCORE].append(second)
            row.column = SCORE
            if tail:
                _add(row, METHOD, tail)
                row.column = METHOD
        else:
            row.cells[NAME].append(rest)
    rows.append(row)
    return row


def _row_code(frag: Fragment, row: _Builder | None, numeric_code: str) -> tuple[str, str] | None:
    """Return (code, rest of line) if ``frag`` opens the next table row."""
    text = frag.text
    if row is not None and re.fullmatch(r"[a-e]", text):
        last = row.code.rpartition(".")[2]
        expected = chr(ord(last) + 1) if re.fullmatch(r"[a-e]", last) else "a"
        if text == expected:
            return f"{numeric_code}.{text}", ""
    match = CODE_RE.match(text)
    if not match or match.group(1) not in _successors(numeric_code):
        return None
    code, rest = match.group(1), text[match.end() :].strip()
    bare_number = not rest and code.count(".") <= 1
    if row is not None and bare_number and row.column in (NAME, MAX) and not row.continuation:
        return None  # a lone "5" while a max or score is due is that number, not pillar 5
    return code, rest


def _raw_words(row: _Builder) -> set[str]:
    return {w for line in row.raw for w in re.split(r"\s+|(?=&)", line) if w}


def _finish(row: _Builder) -> Row:
    values: dict[str, str] = {
        "name": row.text(NAME),
        "method": "\n".join(line.strip() for line in row.text(METHOD).split("\n")),
        "lead_text": row.text(LEAD),
        "coordinating_text": row.text(COORD),
        "deadline": row.text(DEADLINE),
    }
    for (code, key), value in OVERRIDES.items():
        if code != row.code:
            continue
        missing = {w for w in re.split(r"\s+|(?=&)", value) if w} - _raw_words(row)
        if missing:
            raise ValueError(f"override {code}/{key} has words not printed in the row: {sorted(missing)}")
        values[key] = value
    max_cell, score_cell = row.cells[MAX], row.cells[SCORE]
    return Row(
        code=row.code,
        name=values["name"],
        max_points=_number(max_cell[0]) if max_cell else None,
        score_2022=_number(score_cell[0]) if score_cell else None,
        method=values["method"],
        lead_text=values["lead_text"],
        coordinating_text=values["coordinating_text"],
        deadline=values["deadline"],
    )


def table_start(lines: list[str]) -> int:
    """Index of the first line after the appendix's first column header."""
    appendix = next(i for i, line in enumerate(lines) if line.strip() == "PHỤ LỤC")
    return next(i for i in range(appendix, len(lines)) if lines[i].strip() == HEADER_END) + 1


def extract(seed_path: Path) -> GiaLaiExtract:
    """Read the seed text and return the plan facts and every appendix row, in order."""
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    builders: list[_Builder] = []
    row: _Builder | None = None
    numeric_code = ""
    for frag in _fragments(lines, table_start(lines)):
        opened = _row_code(frag, row, numeric_code)
        if opened:
            code, rest = opened
            row = _start_row(code, rest, builders)
            if not re.search(r"\.[a-e]$", code):
                numeric_code = code
        elif row is None:
            raise ValueError(f"dòng {frag.line}: văn bản trước hàng đầu tiên của bảng: {frag.text!r}")
        else:
            _feed(row, frag)
        row.raw.append(lines[frag.line - 1])
    unused = {code for code, _ in OVERRIDES} - {b.code for b in builders}
    if unused:
        raise ValueError(f"overrides for codes not in the table: {sorted(unused)}")
    return GiaLaiExtract(plan=dict(PLAN), rows=[_finish(b) for b in builders])


def write_extract(extract_: GiaLaiExtract, out_path: Path) -> None:
    """Write the extract as pretty UTF-8 JSON (the committed data file)."""
    data = {"plan": extract_.plan, "rows": [asdict(r) for r in extract_.rows]}
    out_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Trích bảng chỉ số DTI từ Kế hoạch 3015/KH-UBND (Gia Lai).")
    parser.add_argument("seed", type=Path, help="tệp văn bản nguồn (002_….txt)")
    parser.add_argument("out", type=Path, help="tệp JSON kết quả")
    args = parser.parse_args(argv)
    try:
        result = extract(args.seed)
    except (OSError, ValueError, StopIteration) as exc:
        print(f"Không trích được bảng: {exc}", file=sys.stderr)
        return 1
    write_extract(result, args.out)
    print(f"Đã ghi {len(result.rows)} hàng vào {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
