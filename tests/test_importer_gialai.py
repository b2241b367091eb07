"""The Gia Lai importer against its source: every row present, no text lost or moved, cells verified by hand.

The codes and row boundaries here are found independently of the importer (plain regexes over the seed's
lines), so a heuristic that drops, merges or misplaces a row fails these tests rather than hiding itself.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from knowledge.build import DEFAULT_SEEDS as SEEDS
from knowledge.importers.gialai import Row, extract, main, write_extract

REPO = Path(__file__).resolve().parents[1]
SEED = SEEDS / "002_844967a3fab6a417.txt"
DATA = REPO / "knowledge" / "importers" / "gia_lai_3015.json"

HEADER_LAST = "Theo Quyết định số 922/QĐ-BTTTT của Bộ Thông tin và Truyền thông"
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    return extract(SEED).rows


@pytest.fixture(scope="module")
def by_code(rows: list[Row]) -> dict[str, Row]:
    return {r.code: r for r in rows}


def _table_lines() -> list[tuple[int, str]]:
    """(line number, stripped text) of the appendix table, without page headers, page numbers, blanks."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == "PHỤ LỤC")
    out: list[tuple[int, str]] = []
    in_header = False
    for number, line in enumerate(lines[start:], start=start + 1):
        text = line.strip()
        if text == "Số":
            in_header = True
        if in_header:
            in_header = text != HEADER_LAST
            continue
        if text and not re.fullmatch(r"-\d+-", text):
            out.append((number, text))
    return out


def _row_starts() -> list[tuple[int, str]]:
    """(position in _table_lines, code as printed) for every line that opens a table row."""
    table = _table_lines()
    starts: list[tuple[int, str]] = []
    for pos, (_, text) in enumerate(table):
        prev = table[pos - 1][1] if pos else ""
        nxt = table[pos + 1][1] if pos + 1 < len(table) else ""
        dotted = re.fullmatch(r"\d+(?:\.\d+)+", text)
        inline = re.match(r"(\d+(?:\.\d+)*) (\w)", text)
        after_points = re.fullmatch(r"\d{1,3}(?:\.\d+)?", prev) is not None  # a max, not a year
        if dotted and (text.count(".") > 1 or not after_points):  # "3.33" after "10" is a score
            starts.append((pos, text))
        elif inline and inline.group(2).isupper():
            starts.append((pos, inline.group(1)))
        else:
            pillar = re.fullmatch(r"[1-9]", text) and nxt[:1].isupper() and not after_points
            if pillar or re.fullmatch(r"[a-e]", text):  # pillar above its name, or a lettered part
                starts.append((pos, text))
    return starts


def test_codes_match_the_source(rows: list[Row]) -> None:
    printed = [code for _, code in _row_starts()]
    numeric = [c for c in printed if not c.isalpha()]
    assert [r.code for r in rows if not r.code[-1].isalpha()] == numeric
    assert [r.code.rpartition(".")[2] for r in rows if r.code[-1].isalpha()] == [
        c for c in printed if c.isalpha()
    ]
    assert all(r.name for r in rows)
    assert len(rows) == len(printed) == 133


def _chars(text: str) -> Counter[str]:
    return Counter("".join(t for t in text.split() if not NUMBER.match(t)))


def test_no_text_lost_moved_or_invented(rows: list[Row]) -> None:
    """Each row's cells hold exactly the printed characters between its code line and the next one."""
    table = _table_lines()
    starts = _row_starts()
    bounds = [pos for pos, _ in starts] + [len(table)]
    for (pos, code), end, row in zip(starts, bounds[1:], rows, strict=True):
        raw = " ".join(text for _, text in table[pos:end])
        raw = raw[len(code) :]
        cells = " ".join([row.name, row.method, row.lead_text, row.coordinating_text, row.deadline])
        assert _chars(cells) == _chars(raw), row.code


def test_committed_json_matches_importer(tmp_path: Path) -> None:
    out = tmp_path / "gia_lai.json"
    write_extract(extract(SEED), out)
    assert out.read_text(encoding="utf-8") == DATA.read_text(encoding="utf-8")


def test_cli_writes_json_and_reports_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.json"
    assert main([str(SEED), str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["plan"]["document"] == "3015/KH-UBND"
    assert main([str(tmp_path / "khong-co.txt"), str(out)]) == 1
    assert "Không trích được bảng" in capsys.readouterr().err


def test_plan_facts() -> None:
    plan = extract(SEED).plan
    assert plan["id"] == "gia-lai-2023" and plan["issued"] == "2023-11-02"
    assert "hằng quý" in plan["notes"] and "Sở Thông tin và Truyền thông" in plan["notes"]


def test_pillars(by_code: dict[str, Row]) -> None:
    pillars = {c: r for c, r in by_code.items() if "." not in c}
    assert list(pillars) == [str(n) for n in range(1, 10)]
    assert sum(r.max_points or 0 for r in pillars.values()) == 1000
    scores = [pillars[c].score_2022 for c in "12345678"]
    assert scores == [63.33, 30, 61.99, 35.74, 50.15, 82.01, 64.74, 18.91]
    assert pillars["6"].name == "Hoạt động Chính quyền số" and pillars["6"].max_points == 200
    assert pillars["9"].max_points is None and pillars["9"].method == "Bộ TT&TT chưa chấm điểm"


def test_rows_per_pillar(rows: list[Row]) -> None:
    counts = Counter(r.code.split(".")[0] for r in rows if "." in r.code)
    assert counts == {"1": 10, "2": 11, "3": 7, "4": 13, "5": 20, "6": 25, "7": 12, "8": 23, "9": 3}


@pytest.mark.parametrize(
    ("code", "name", "max_points", "score", "lead", "coordinating", "deadline", "method_part"),
    [
        (
            "1.3",
            "Văn bản chỉ đạo chuyên đề về chuyển đổi số do người đứng đầu tỉnh, thành phố (Chủ tịch "
            "tỉnh, thành phố) ký",
            10,
            3.33,
            "Sở TT&TT; Văn phòng UBND tỉnh",
            "Các sở, ban, ngành; UBND các huyện, thị xã thành phố (sau đây gọi là cấp huyện) và các đơn vị "
            "liên quan",
            "Thường xuyên",
            "- Tỷ lệ = a/b\n- Điểm = Tỷ lệ*Điểm tối đa",
        ),
        (
            "1.7",
            "Đài Phát thanh -Truyền hình của Tỉnh, thành phố có chuyên mục riêng về chuyển đổi số",
            10,
            10,
            "Đài Phát thanh - Truyền hình Gia Lai",
            "",
            "Quý II năm 2024",
            "- Chưa có chuyên mục: 0 điểm.",
        ),
        (
            "2.8",
            "Ban hành chính sách tỷ lệ chi Ngân sách nhà nước tối thiểu hằng năm cho chuyển đổi số",
            10,
            0,
            "Sở Tài chính",
            "Sở Thông tin và Truyền thông; các cơ quan thành viên Ban chỉ đạo chuyển đổi số tỉnh",
            "Quý II năm 2024",
            "- Đã ban hành: Điểm tối đa;",
        ),
        (
            "3.5",
            "Triển khai Trung tâm dữ liệu phục vụ Chuyển đổi số theo hướng sử dụng công nghệ điện toán "
            "đám mây",
            30,
            15,
            "Sở Thông tin và Truyền thông",
            "",
            "Quý IV năm 2024",
            "tại Văn bản số 1145/BTTTT-CATTT ngày 03/4/2020): 1/2*Điểm tối đa;",
        ),
        (
            "3.6",
            "Mức độ triển khai các nền tảng số dùng chung",
            20,
            12.86,
            "Sở Thông tin và Truyền thông",
            "Các sở, ban, ngành; UBND cấp huyện",
            "Năm 2025",
            "\n2. Mô hình triển khai\nc = ",
        ),
        (
            "4.2",
            "Tổ công nghệ số cộng đồng đến mức khu ấp",
            10,
            100,
            "UBND cấp huyện",
            "",
            "",
            "- Chưa có: 0 điểm.",
        ),
        (
            "4.10",
            "Tỷ lệ người lao động được bồi dưỡng, tập huấn kỹ năng số",
            5,
            0.03,
            "Sở Lao động - Thương binh và Xã hội",
            "Sở Thông tin và Truyền thông; UBND các huyện, thị xã, thành phố",
            "Thống kê số liệu",
            "b = Tổng số người trong độ tuổi lao động;",
        ),
        (
            "4.12",
            "Tỷ lệ các cơ sở đào tạo đại học, cao đẳng, giáo dục nghề nghiệp thực hiện chuyển đổi số "
            "(hoàn thiện được mô hình quản trị số, hoạt động số, chuẩn hóa dữ liệu số, kho học liệu số mở)",
            5,
            None,
            "Sở Lao động - Thương binh và Xã hội; Sở Giáo dục và Đào tạo",
            "",
            "Thống kê số liệu",
            "- Tỷ lệ < 80%: Điểm = Tỷ lệ *Điểm tối đa/80%",
        ),
        (
            "5.1",
            "Số lượng hệ thống thông tin đã được phê duyệt hồ sơ đề xuất cấp độ",
            10,
            2,
            "Sở Thông tin và Truyền thông",
            "Các sở, ban, ngành; UBND cấp huyện",
            "Trong vòng 02 tháng kể từ ngày hoàn thành xây dựng hệ thống",
            "Tính điểm theo phương pháp Min-Max",
        ),
        (
            "5.12",
            "Tổng kinh phí chi cho an toàn thông tin (ATTT)",
            15,
            7.6,
            "",
            "",
            "Thống kê số liệu",
            "Cộng điểm từ 5.12.1 - 5.12.6",
        ),
        (
            "5.12.1.b",
            "Kinh phí thường xuyên từ NSNN chi cho ATTT",
            None,
            None,
            "Sở TT&TT",
            "Sở Tài chính; UBND cấp huyện",
            "",
            "……tỷ đồng",
        ),
        (
            "5.12.3",
            "Kinh phí kiểm tra, đánh giá ATTT",
            2,
            0.6,
            "Sở Thông tin và Truyền thông",
            "Sở Tài chính; UBND cấp huyện",
            "Thống kê số liệu",
            "Mức 3: ≥ 0,5 tỷ: 30% điểm;\n",
        ),
        (
            "6.4",
            "Triển khai kênh số khác (ngoài Cổng TTĐT và Cổng DVC) để cung cấp thông tin và DVCTT",
            5,
            5,
            "Các sở, ban, ngành, UBND cấp huyện",
            "",
            "Đã hoàn thành",
            "- Chưa triển khai: 0 điểm",
        ),
        (
            "6.12",
            "Tỷ lệ hồ sơ xử lý trực tuyến",
            20,
            12.85,
            "Các sở, ban, ngành, UBND cấp huyện",
            "",
            "Thống kê số liệu",
            "- Điểm =\n+ Tỷ lệ>=80%: Điểm tối đa;\n+ Tỷ lệ<80%: Tỷ lệ/80%*Điểm tối đa",
        ),
        (
            "6.18",
            "Triển khai nền tảng giám sát trực tuyến phục vụ công tác quản lý nhà nước",
            10,
            0,
            "Văn phòng UBND tỉnh",
            "Sở Thông tin và Truyền thông",
            "Quý IV năm 2025",
            "\nGiải thích: Nền tảng",
        ),
        (
            "6.22.c",
            "Tổng chi Ngân sách nhà nước trên địa bàn",
            None,
            None,
            "Sở Tài chính",
            "Các sở, ban, ngành; UBND cấp huyện",
            "Thống kê số liệu",
            "",
        ),
        (
            "7.1",
            "Tỷ trọng kinh tế số trong GRDP",
            20,
            6.77,
            "Cục Thống kê; Sở Kế hoạch và Đầu tư",
            "",
            "Thống kê số liệu",
            "\nTỷ lệ < 20%: điểm = điểm tối đa * tỷ lệ/20%",
        ),
        (
            "7.9",
            "Số lượng giao dịch trên sàn thương mại điện tử Vỏ sò và Postmart",
            10,
            0.98,
            "Bưu điện tỉnh; Viettel Gia Lai",
            "Sở Thông tin và Truyền thông",
            "Thống kê số liệu",
            "qua Bưu điện Việt Nam và Viettel Post tại địa bàn;",
        ),
        (
            "8.1",
            "Số lượng người dân có danh tính số/ tài khoản định danh điện tử",
            20,
            1.6,
            "Công an tỉnh",
            "UBND cấp huyện",
            "Thống kê số liệu",
            "a = Số người có danh tính số/ tài khoản định danh điện tử;",
        ),
        (
            "8.2",
            "Số lượng người từ 15 tuổi trở lên có tài khoản giao dịch tại ngân hàng hoặc các tổ chức được "
            "phép khác",
            20,
            5.56,
            "Ngân hàng Nhà nước Chi nhánh tỉnh Gia Lai",
            "",
            "Thống kê số liệu",
            "+ Tỷ lệ <= 80%: Tỷ lệ/80% *Điểm tối đa",
        ),
        (
            "8.8",
            "Mức độ người dân được tham gia vào cùng cơ quan nhà nước giải quyết vấn đề của địa phương với "
            "chính quyền",
            20,
            7.95,
            "Các sở, ban ngành; UBND cấp huyện",
            "Văn phòng UBND tỉnh",
            "Thống kê số liệu",
            "",
        ),
        (
            "8.8.1.3",
            "Tin nhắn trên các nền tảng liên lạc (Zalo, Messenger...)",
            1,
            1,
            "",
            "",
            "",
            "- Có: Điểm tối đa\n- Không có: 0 điểm",
        ),
        (
            "8.8.2.4",
            "Tỷ lệ phản ánh được xử lý đúng hạn qua Kênh khác (sử dụng hình thức điện tử, nêu rõ loại "
            "kênh nếu có)",
            2,
            1.99,
            "",
            "",
            "",
            "a = Số lượng phản ánh xử lý đúng hạn\nb = Số lượng phản ánh",
        ),
        (
            "9.1",
            "Ban hành và triển khai đề án phát triển Đô thị thông minh",
            None,
            None,
            "Sở Thông tin và Truyền thông",
            "UBND thành phố Pleiku; Sở Xây dựng",
            "Đã hoàn thành",
            "- Đã ban hành đề án nhưng chưa triển khai đề án: 1/2 điểm tối đa",
        ),
        (
            "9.3",
            "Thực hiện đo lường chỉ số KPI phát triển Đô thị thông minh",
            None,
            None,
            "UBND thành phố Pleiku",
            "Sở Thông tin và Truyền thông; Sở Xây dựng",
            "",
            "- Thực hiện: Điểm tối đa\n- Thực hiện: Điểm tối đa",
        ),
    ],
)
def test_spot_checks(
    by_code: dict[str, Row],
    code: str,
    name: str,
    max_points: float | None,
    score: float | None,
    lead: str,
    coordinating: str,
    deadline: str,
    method_part: str,
) -> None:
    """Cells read off the seed by hand, a few per pillar."""
    row = by_code[code]
    assert (row.name, row.max_points, row.score_2022) == (name, max_points, score)
    assert (row.lead_text, row.coordinating_text, row.deadline) == (lead, coordinating, deadline)
    assert method_part in row.method if method_part else row.method == ""


def test_first_row_exactly(by_code: dict[str, Row]) -> None:
    assert by_code["1.1"].method == (
        "- Trưởng ban là Bí thư/Chủ tịch tỉnh, thành phố: Điểm tối đa;\n"
        "- Trưởng ban là Phó Bí thư/Phó Chủ tịch tỉnh, thành phố: 1/2*Điểm tối đa;\n"
        "- Chưa có Ban chỉ đạo hoặc có nhưng Trưởng ban không phải Lãnh đạo tỉnh, thành phố: 0 điểm."
    )
    assert by_code["1.1"].lead_text == "Sở Thông tin và Truyền thông (Sở TT&TT)"
    assert by_code["1.1"].deadline == "Đã hoàn thành"


def test_page_break_continuations_land_in_their_row(by_code: dict[str, Row]) -> None:
    """Cells cut by a page break: the text after the repeated header belongs to the row above it."""
    r14 = by_code["1.4"]  # name, method, lead, coordinating and deadline all cut at once
    assert r14.name == "Có chuyên trang cấp tỉnh về chuyển đổi số"
    assert r14.method.startswith(
        "- Có chuyên trang cấp tỉnh về chuyển đổi số và tần suất cập nhật trung bình 1 tuần/1 lần: "
        "Điểm tối đa;\n"
    )
    assert r14.method.endswith("- Không có chuyên trang cấp tỉnh về chuyển đổi số: 0 điểm.")
    assert r14.lead_text == "Sở Thông tin và Truyền thông"
    assert r14.coordinating_text == "Các cơ quan thành viên Ban Chỉ đạo Chuyển đổi số tỉnh"
    assert r14.deadline == "Quý IV năm 2025"
    assert by_code["1.10"].method.endswith(
        "1 lần/1 tuần: 1/2*Điểm tối đa;\n- Tần suất phát sóng dưới 1 tháng/1 lần: 0 điểm."
    )
    assert by_code["2.6"].name.endswith("quản lý chi cho chuyển đổi số")
    assert by_code["2.6"].lead_text == "Sở TT&TT; Sở Tài chính; Sở Kế hoạch và Đầu tư"
    assert by_code["2.6"].coordinating_text == "Các sở, ban, ngành; UBND cấp huyện"
    assert by_code["3.5"].method.endswith(
        "\n2. Kết nối Nền tảng điện toán đám mây Chính phủ\n"
        "- Kết nối với Nền tảng điện toán đám mây Chính phủ theo mô hình do Bộ Thông tin và Truyền thông "
        "hướng dẫn: 1/2*Điểm tối đa;\n- Chưa kết nối: 0 điểm."
    )
    r53 = by_code["5.3"]
    assert r53.name.endswith(
        "cài đặt phòng, chống mã độc và chia sẻ thông tin với Trung tâm Giám sát an toàn "
        "không gian mạng quốc gia (NCSC)"
    )
    assert r53.method.endswith("b = Tổng số máy chủ trong CQNN;\n- Tỷ lệ = a/b\n- Điểm = Tỷ lệ*Điểm tối đa")
    assert r53.lead_text == "Sở Thông tin và Truyền thông"
    assert by_code["5.7"].name.endswith(
        "Thông tư số 03/2017/TT-BTTTT ngày 24/4/2017 (hiện nay là Thông tư số "
        "12/2022/TT-BTTTT ngày 12/8/2022)"
    )
    assert by_code["5.12.1"].method.startswith(
        "a = Kinh phí đầu tư từ NSNN cho ATTT (tỷ đồng);\nb = Kinh phí thường xuyên từ NSNN chi cho ATTT (tỷ "
        "đồng);\nc = Tổng chi từ NSNN cho Chuyển đổi số\n- Tỷ lệ = (a+b)/c\nThang điểm:\n"
    )
    assert by_code["5.12.6"].method.endswith("\nMức 4: < 0,5 tỷ: 0% điểm; (đối với phần này)")
    assert by_code["5.12.6"].coordinating_text == "Sở Tài chính; UBND cấp huyện"
    assert by_code["6.5"].name == (
        "Triển khai kênh số khác (ngoài Cổng TTĐT) phục vụ tương tác trực tuyến cho người dân, doanh nghiệp"
    )
    assert by_code["6.5"].lead_text == "Các sở, ban, ngành, UBND cấp huyện"
    assert by_code["6.9"].method.endswith("để tự động điền thông tin vào biểu mẫu điện tử")
    assert by_code["6.13"].name.endswith("doanh nghiệp có sử dụng DVCTT mức độ 3, 4 trong năm")
    assert by_code["6.13"].lead_text == "Sở Thông tin và Truyền thông"
    assert by_code["7.8"].method.endswith("Tỷ lệ < 50%: điểm = điểm tối đa * tỷ lệ/50%")
    assert by_code["7.4"].name == "Số lượng doanh nghiệp nhỏ và vừa tiếp cận, tham gia chương trình SMEdx"


def test_overridden_rows(by_code: dict[str, Row]) -> None:
    """4.3 and 7.4 print several cells on one line; their cells come from the overrides table."""
    r43 = by_code["4.3"]
    assert r43.name == "Sở Thông tin và Truyền thông có chức năng, nhiệm vụ về chuyển đổi số"
    assert (r43.max_points, r43.score_2022) == (10, 0)
    assert (r43.lead_text, r43.coordinating_text, r43.deadline) == (
        "Sở Thông tin và Truyền thông",
        "Sở Nội vụ",
        "Đã hoàn thành",
    )
    r74 = by_code["7.4"]
    assert (r74.max_points, r74.score_2022, r74.lead_text, r74.deadline) == (
        20,
        20,
        "Sở Kế hoạch và Đầu tư",
        "Thống kê số liệu",
    )
    assert r74.coordinating_text == "Sở Thông tin và Truyền thông, Sở Công Thương và các đơn vị liên quan"


def test_text_joined_cleanly(rows: list[Row]) -> None:
    for row in rows:
        for text in (row.name, row.lead_text, row.coordinating_text, row.deadline, *row.method.split("\n")):
            assert text == text.strip() and "  " not in text, row.code
            assert "TT &TT" not in text and "TT- " not in text, row.code
        assert "\n" not in row.name + row.lead_text + row.coordinating_text + row.deadline
