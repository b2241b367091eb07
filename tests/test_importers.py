"""Importers against the seed files: every code of every source table is in the knowledge base with its name,
continuation rows land in the right indicator, and the committed data equals a fresh build.

Expected codes are read from the raw files with a plain regex on the first column, independently of the shared
table reader, so a reader that drops or merges a row fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from knowledge import build
from knowledge.importers import daklak, kontum, nghiaphuong, ninhthuan
from knowledge.importers.tsv import join_fragment, read_tables, restore_lost_zero
from knowledge.model import Indicator
from knowledge.store import KnowledgeBase, load_from
from knowledge.textclean import clean_inline

SEEDS = build.DEFAULT_SEEDS
DATA = Path(__file__).resolve().parents[1] / "knowledge" / "data"

_FIRST_CELL = re.compile(r"^(?:<b>)?(\d+(?:\.\d+)*)(?:</b>)?\t([^\t]*)\t([^\t]*)")


def raw_rows(number: str, start_marker: str = "") -> list[tuple[str, str, str]]:
    """(code, 2nd cell, 3rd cell) of every line whose first cell is a numeric code, after ``start_marker``."""
    path = next(SEEDS.glob(f"{number}_*.txt"))
    text = path.read_text(encoding="utf-8")
    if start_marker:
        text = text[text.index(start_marker) :]
    return [m.groups() for line in text.split("\n") if (m := _FIRST_CELL.match(line))]  # type: ignore[misc]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_from(DATA)


def _by_code(rows: list[Indicator]) -> dict[str, Indicator]:
    return {r.code: r for r in rows}


# ---- the shared reader on a tiny fixture ----------------------------------------------------------------

FIXTURE = "\n".join(
    [
        "Title",
        "STT\tTên\tCách tính",
        "1\tMột\tA",
        "1.1\tMột chấm một\t- dòng đầu",
        "",
        "STT\tTên\tCách tính",
        "\tnối tên\t- dòng sau",
        "1.2\tHai\tB",
        "Phụ lục khác",
        "TT\tNhiệm vụ\tNăm",
        "1\tX\t2021",
    ]
)


def test_reader_drops_repeated_headers_and_merges_continuations() -> None:
    tables = read_tables(FIXTURE)
    assert [t.header[0] for t in tables] == ["STT", "TT"]
    first = tables[0]
    assert [r.code for r in first.rows] == ["1", "1.1", "1.2"]
    assert first.rows[1].cells == ["1.1", "Một chấm một nối tên", "- dòng đầu - dòng sau"]
    assert first.rows[1].lines == [4, 7]
    assert first.rows[2].cells[1] == "Hai"


def test_join_fragment_does_not_repeat_an_echoed_tail() -> None:
    assert join_fragment("Văn bản, tài liệu", "liệu") == "Văn bản, tài liệu"
    assert join_fragment("Công", "chức Tài chính") == "Công chức Tài chính"
    assert join_fragment("", "x") == "x"


def test_restore_lost_zero_only_in_sequence() -> None:
    assert restore_lost_zero(["6.1", "6.2", "6.19", "6.2", "6.21"]) == {3: "6.20"}
    assert restore_lost_zero(["6.1", "6.19", "6.2"]) == {}  # not a repeat: printed as is
    assert restore_lost_zero(["1.1.2", "1.1.3", "1.1.3"]) == {}  # a real duplicate stays


# ---- 000 Kon Tum ----------------------------------------------------------------------------------------


def test_kontum_every_code_present_with_name(kb: KnowledgeBase) -> None:
    rows = raw_rows("000")
    assert len(rows) > 100
    imported = _by_code(kontum.load(SEEDS).indicators["dti-tinh"])
    plan_codes = {a.code for a in kb.plan("kon-tum-2024").assignments}
    for code, name, _ in rows:
        assert kb.indicator("dti-tinh", code) is not None, code
        assert imported[code].name.startswith(clean_inline(name)), code
        assert code in plan_codes or "." not in code, code


def test_kontum_continuations_land_in_their_row(kb: KnowledgeBase) -> None:
    plan = kb.plan("kon-tum-2024")
    guidance = {a.code: a.guidance for a in plan.assignments}
    assert guidance["1.2"].endswith("không chủ trì tất cả các cuộc họp về CDS của tỉnh: 0 điểm.")
    assert "không chủ trì" not in guidance["1.3"]
    imported = _by_code(kontum.load(SEEDS).indicators["dti-tinh"])
    assert imported["2.10"].name.endswith("người dân, doanh nghiệp sử dụng dịch vụ công trực tuyến (DVCTT)")
    six_twenty = kb.assignment("kon-tum-2024", "6.20")
    assert six_twenty is not None
    assert six_twenty.target == "Triển khai nền tảng trợ lý ảo phục vụ công chức, viên chức"
    assert six_twenty.coordinating == ("Các sở, ban, ngành", "UBND các huyện, thành phố")
    assert "nhất thì điểm tối đa và giảm dần" in guidance["4.5"]
    assert guidance["3.5"].endswith("- Chưa kết nối: 0 điểm.")
    assert "Chưa kết nối" not in guidance["3.6"]


def test_kontum_assignment_fields() -> None:
    plan = kontum.load(SEEDS).plans[0]
    assert (plan.document, plan.issued) == ("419/KH-UBND", "2024-02-01")
    first = plan.assignments[0] if plan.assignments[0].code == "1.1" else None
    assert first is not None
    assert (first.baseline, first.baseline_year, first.target) == ("Đã đạt", 2023, "Duy trì")
    assert first.lead == ("Sở Thông tin và Truyền thông",)
    two_eight = next(a for a in plan.assignments if a.code == "2.8")
    assert two_eight.coordinating == ("Sở Thông tin và Truyền thông", "Văn phòng UBND tỉnh")
    assert two_eight.coordinating_text == "Sở TTTT Văn phòng UBND tỉnh"


# ---- 001 Nghĩa Phương -----------------------------------------------------------------------------------


def test_commune_every_code_present_with_name_and_max(kb: KnowledgeBase) -> None:
    rows = raw_rows("001")
    assert len(rows) > 80
    for code, name, max_cell in rows:
        ind = kb.indicator("dti-xa", code)
        assert ind is not None, code
        assert ind.name.startswith(clean_inline(name)), code
        expected = float(max_cell.replace(",", ".")) if max_cell.strip() else None
        assert ind.max_points == expected, code
    first = kb.indicator("dti-xa", "1")  # printed with the roman "I"
    assert first is not None and first.max_points == 60 and "'I'" in first.notes


def test_commune_continuations_and_plan_facts(kb: KnowledgeBase) -> None:
    two_nine = kb.assignment("nghia-phuong-2023", "2.9")
    assert two_nine is not None
    assert two_nine.lead_text == "Công chức Tài chính và Kế hoạch"
    assert two_nine.evidence == "Văn bản, tài liệu"
    ind = kb.indicator("dti-xa", "2.9")
    assert ind is not None and ind.method == "- Đã ban hành (10đ) - Chưa ban hành (0đ)"
    eight_three = kb.assignment("nghia-phuong-2023", "8.3")
    assert eight_three is not None
    assert eight_three.lead == ("Công an xã",) and eight_three.data_source == "NEAC cung cấp"
    plan = kb.plan("nghia-phuong-2023")
    assert "15 ngày" in plan.notes and "03 tháng, 06 tháng" in plan.notes
    assert all("15 ngày" in a.deadline for a in plan.assignments)
    pillar9 = kb.indicator("dti-xa", "9")
    assert pillar9 is not None and "0 điểm" in pillar9.notes
    assert kb.assignment("nghia-phuong-2023", "9") is None  # "0 điểm" is not an official


# ---- 003 Đắk Lắk ----------------------------------------------------------------------------------------


def test_daklak_every_code_in_record(kb: KnowledgeBase) -> None:
    rows = raw_rows("003")
    record = kb.records["dak-lak-2021"]
    codes = [e.code for e in record.entries]
    expected = [c for c, _, _ in rows]
    after = expected.index("6.19") + 1
    assert expected[after] == "6.2"  # the source's second "6.2", printed without its trailing zero
    expected[after] = "6.20"
    assert codes == expected
    assert codes.count("6.2") == 1 and codes.count("6.20") == 1
    assert "mất số 0" in next(e for e in record.entries if e.code == "6.20").note
    for code, _, _ in rows:
        assert kb.indicator("dti-tinh", code) is not None, code
    five_ten = next(e for e in record.entries if e.code == "5.10")
    assert (five_ten.score, five_ten.max_points) == (8, 5)


def test_daklak_continuations() -> None:
    result = daklak.load(SEEDS)
    names = _by_code(result.indicators["dti-tinh"])
    assert names["4.10"].name == "Tỷ lệ người lao động được bồi dưỡng, tập huấn kỹ năng số"
    notes = {e.code: e.note for e in result.records[0].entries}
    assert notes["5.9"].endswith("số người tham dự")
    assert notes["7.4"].endswith("(Tỷ lệ >10% điểm tối đa)")


# ---- 004 Ninh Thuận -------------------------------------------------------------------------------------


def test_ninhthuan_criteria_all_present_duplicate_kept(kb: KnowledgeBase) -> None:
    rows = raw_rows("004", "BỘ TIÊU CHÍ CHUYÊN ĐỔI")
    fw = kb.frameworks["cqs-ninh-thuan"]
    assert [i.code for i in fw.indicators] == [c for c, _, _ in rows]
    assert len(kb.indicators("cqs-ninh-thuan", "1.1.3")) == 2
    for code, col1, col2 in rows:
        names = {i.name for i in kb.indicators("cqs-ninh-thuan", code)}
        assert any(n.startswith(clean_inline(col1) or clean_inline(col2)) for n in names), code
    assert not any(i.code == "I" for i in fw.indicators)
    pillar1 = kb.indicator("cqs-ninh-thuan", "1")
    assert pillar1 is not None and "CHÍNH QUYỀN SỐ" in pillar1.notes


def test_ninhthuan_continuation_stays_with_first_113(kb: KnowledgeBase) -> None:
    first, second = kb.indicators("cqs-ninh-thuan", "1.1.3")
    assert first.notes.endswith("Z = (c/d). Tỷ lệ = Y+Z")
    assert "Z = (c/d)" not in second.notes
    assert second.name.startswith("Công bố và tổ chức sự kiện")


def test_ninhthuan_plan_items(kb: KnowledgeBase) -> None:
    plan = kb.plan("ninh-thuan-2021")
    by_kind = {k: [i for i in plan.items if i.kind == k] for k in ("target", "document", "project")}
    assert [i.code for i in by_kind["target"]] == [f"PL1.{n}" for n in range(1, 15)]
    assert [i.code for i in by_kind["document"]] == [f"PL2.{n}" for n in range(1, 12)]
    assert len(by_kind["project"]) == 32
    assert len({i.code for i in plan.items}) == len(plan.items)
    doc8 = next(i for i in by_kind["document"] if i.code == "PL2.8")
    assert doc8.detail == "Kế hoạch" and doc8.lead == ("Sở Thông tin và Truyền thông",)
    project = next(i for i in by_kind["project"] if i.code == "PL3.E.3")
    assert project.deadline == "2021 - 2025" and project.group.startswith("E. ")
    assert project.lead == ("Sở Văn hóa, Thể thao và Du lịch",)
    assert next(i for i in by_kind["project"] if i.code == "PL3.A.III.2").name.startswith(
        "Triển khai kết nối"
    )
    assert plan.assignments == ()  # Appendix IV names no lead unit


# ---- the merged provincial framework ---------------------------------------------------------------------


def test_dti_tinh_pillars_and_sources(kb: KnowledgeBase) -> None:
    fw = kb.frameworks["dti-tinh"]
    pillars = [i for i in fw.indicators if i.is_pillar]
    assert [p.code for p in pillars] == [str(n) for n in range(1, 10)]
    assert sum(p.max_points or 0 for p in pillars) == 1000
    codes = [i.code for i in fw.indicators]
    assert len(codes) == len(set(codes))
    only_kontum = kb.indicator("dti-tinh", "6.22.1")
    assert only_kontum is not None and only_kontum.sources == ("000",)


def _write_gia_lai(tmp_path: Path, rows: list[dict[str, str | int | None]]) -> Path:
    path = tmp_path / "gia_lai.json"
    plan = {
        "id": "gia-lai-2023",
        "document": "3015/KH-UBND",
        "issued": "2023-11-02",
        "name": "KH",
        "notes": "",
    }
    path.write_text(json.dumps({"plan": plan, "rows": rows}, ensure_ascii=False), encoding="utf-8")
    return path


def test_merge_prefers_gia_lai_then_kontum_then_daklak(tmp_path: Path) -> None:
    row: dict[str, str | int | None] = {
        "code": "1.1",
        "name": "Tên theo 922",
        "max_points": 12,
        "score_2022": 7,
        "method": "Cách 922",
        "lead_text": "Sở TT&TT",
        "coordinating_text": "",
        "deadline": "Quý IV năm 2024",
    }
    var: dict[str, str | int | None] = {
        "code": "1.1.a",
        "name": "Biến a",
        "max_points": None,
        "score_2022": None,
        "method": "",
        "lead_text": "Sở Nội vụ",
        "coordinating_text": "",
        "deadline": "",
    }
    path = _write_gia_lai(tmp_path, [row, var])
    frameworks, plans, records = build.run_importers(SEEDS, gia_lai=path)
    fw = next(f for f in frameworks if f.id == "dti-tinh")
    merged = _by_code(list(fw.indicators))
    assert (merged["1.1"].name, merged["1.1"].max_points, merged["1.1"].method) == (
        "Tên theo 922",
        12,
        "Cách 922",
    )
    assert merged["1.1"].sources == ("002", "000", "003")
    assert merged["1.1"].variables == {"a": "Biến a"}
    assert merged["1.2"].method.startswith("- Bí thư/Chủ tịch tham gia")  # Kon Tum guidance
    assert merged["1.2"].max_points == 10  # Đắk Lắk maximum
    gia_lai = next(p for p in plans if p.id == "gia-lai-2023")
    assert [a.code for a in gia_lai.assignments] == ["1.1", "1.1.a"]
    assert gia_lai.assignments[0].lead == ("Sở Thông tin và Truyền thông",)
    assert next(r for r in records if r.id == "gia-lai-2022").entries[0].score == 7
    kontum_plan = next(p for p in plans if p.id == "kon-tum-2024")
    assert kontum_plan.assignments[0].guidance.startswith("- Trưởng ban là Bí thư")  # Kon Tum's own text kept


# ---- build and clean text --------------------------------------------------------------------------------


def test_committed_data_equals_fresh_build() -> None:
    assert build.main(["--seeds", str(SEEDS), "--check"]) == 0


def test_build_fails_loudly_on_unknown_unit(tmp_path: Path) -> None:
    for seed in SEEDS.glob("*.txt"):
        (tmp_path / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    kontum_seed = next(tmp_path.glob("000_*.txt"))
    text = kontum_seed.read_text(encoding="utf-8").replace("\tBáo Kon Tum\t", "\tSở Không Có Thật\t", 1)
    kontum_seed.write_text(text, encoding="utf-8")
    assert build.main(["--seeds", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_no_markup_left_in_any_text_field() -> None:
    """No HTML tag, no LaTeX ``$`` or backslash; a bare ``<`` stays only as less-than before a number."""
    files = [*sorted(DATA.glob("*/*.json")), DATA / "units.json"]
    assert len(files) >= 8
    for path in files:
        for text in _strings(json.loads(path.read_text(encoding="utf-8"))):
            assert "$" not in text and "\\" not in text, (path.name, text[:80])
            assert not re.search(r"<\s*/?\s*[A-Za-z]|<>|&nbsp;", text), (path.name, text[:80])
            for match in re.finditer("<", text):
                assert re.match(r"<\s*=?\s*\d", text[match.start() :]), (path.name, text[:80])


def test_loader_reads_every_file() -> None:
    kb = load_from(DATA)
    assert set(kb.frameworks) >= {"dti-tinh", "dti-xa", "cqs-ninh-thuan"}
    assert set(kb.plans) >= {"kon-tum-2024", "nghia-phuong-2023", "ninh-thuan-2021"}
    assert set(kb.records) >= {"dak-lak-2021"}


def test_commune_and_ninhthuan_importers_return_one_framework_each() -> None:
    assert [f.id for f in nghiaphuong.load(SEEDS).frameworks] == ["dti-xa"]
    assert [f.id for f in ninhthuan.load(SEEDS).frameworks] == ["cqs-ninh-thuan"]
