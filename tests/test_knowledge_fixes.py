"""Issue 8 item 3: knowledge fixes, each checked against the source row it comes from (knowledge/sources/)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.handlers.search import SECTION_ORDER
from bot.render import Renderer
from knowledge.assignments import guidance_difference, split_variable, unit_roles
from knowledge.build import DEFAULT_SEEDS
from knowledge.importers.gialai import extract
from knowledge.record import FullRecord, full_record
from knowledge.store import KnowledgeBase, load_knowledge
from knowledge.validate import validate


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def _source_line(number: str, pattern: str) -> str:
    """The one line of seed ``number`` matching ``pattern`` (a regex anchored at the line start)."""
    text = next(DEFAULT_SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if re.match(pattern, line)]
    assert len(lines) == 1, lines
    return lines[0]


def _record(kb: KnowledgeBase, plan: str, code: str) -> FullRecord:
    record = full_record(kb, plan, code)
    assert record is not None
    return record


def _card(record: FullRecord) -> str:
    text, _ = Renderer().render("indicator", r=record, order=list(SECTION_ORDER), focus="lookup", occurrence=0,
                                today=date(2024, 11, 23))
    return text


# ---- Gia Lai (002) assigns the inputs a/b/c of 6.22 and 5.12.1 ------------------------------------------------


def test_gia_lai_input_owners_shown_on_the_indicator(kb: KnowledgeBase) -> None:
    # 002 (PDF fragments, rows found by the importer whose fidelity test_importer_gialai checks)
    source = {row.code: row for row in extract(next(DEFAULT_SEEDS.glob("002_*.txt"))).rows}
    assert [source[f"6.22.{v}"].lead_text for v in "abc"] == ["Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Tài chính"]
    assert not source["6.22"].lead_text
    record = _record(kb, "gia-lai-2023", "6.22")
    owners = {o.variable: o.lead for o in record.inputs}
    assert owners == {
        "a": ("Sở Kế hoạch và Đầu tư",),
        "b": ("Sở Tài chính",),
        "c": ("Sở Tài chính",),
    }
    card = _card(record)
    assert "chưa phân công" not in card
    assert "b — Kinh phí chi thường xuyên" in card and "Sở Tài chính" in card
    assert [o.variable for o in _record(kb, "gia-lai-2023", "5.12.1").inputs] == ["a", "b"]
    assert record.to_json()["inputs"][0]["lead"] == ["Sở Kế hoạch và Đầu tư"]


def test_unit_answer_lists_the_indicator_with_its_inputs(kb: KnowledgeBase) -> None:
    roles = unit_roles(kb, kb.plan("gia-lai-2023"), "Sở Tài chính")
    codes = [r.code for r in roles]
    assert not [c for c in codes if split_variable(c)[1]], codes  # no bare "6.22.b"
    assert full_record(kb, "gia-lai-2023", "6.22") is not None
    lead_622 = next(r for r in roles if r.code == "6.22" and r.role == "lead")
    assert lead_622.inputs == ("b", "c")
    assert codes.count("6.22") == 1


# ---- Ninh Thuận (004) appendix IV ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        ("3.1.1", "trường hợp b > a thì lấy tỷ lệ = 1"),
        ("6.1.1", "Bảo vệ lớp 4 (Kết nối, chia sẻ thông tin với hệ thống giám sát quốc gia)"),
        ("5.12.1", "(gọi là a%)"),
        ("3.7.2", "hỗ trợ thanh toán quốc gia PayGov (gọi là b)"),
        ("7.2.5", "Tổng số lượng CBCC của tỉnh (gọi là a)"),
        ("5.3.3", "cán bộ lãnh đạo được cấp chứng thư số của tỉnh (gọi là b)"),
        ("5.10.3", "Thống kê tổng số hồ sơ giải quyết TTHC trong năm của các cơ quan, đơn vị cấp xã"),
    ],
)
def test_ninh_thuan_note_column_kept_and_shown(kb: KnowledgeBase, code: str, phrase: str) -> None:
    line = _source_line("004", rf"{re.escape(code)}\t")
    assert phrase.replace(" ", "") in line.replace(" ", "").replace("$", "").replace("\\", "")
    record = _record(kb, "ninh-thuan-2021", code)
    assert phrase in record.notes
    assert record.to_json()["notes"] == record.notes
    assert phrase in _card(record)


def test_ninh_thuan_merged_cell_gives_5_8_2_its_method_and_maximum(kb: KnowledgeBase) -> None:
    printed = _source_line("004", r"5\.8\.2\t").split("\t")
    assert [c.strip() for c in printed[3:5]] == ["", ""]  # the source prints them on 5.8.1 only
    first, second = kb.indicator("cqs-ninh-thuan", "5.8.1"), kb.indicator("cqs-ninh-thuan", "5.8.2")
    assert first is not None and second is not None
    assert second.method == first.method and "mức độ 3, 4" in second.method
    assert second.max_points == first.max_points == 10
    assert second.merged_with == "5.8.1" and not first.merged_with
    # the continued note of 5.9.1 (page break) is the shared cell's, so 5.9.1 defines c and d too
    assert set(kb.indicator("cqs-ninh-thuan", "5.9.1").variables) == {"a", "b", "c", "d"}  # type: ignore[union-attr]
    messages = [p.message for p in validate(kb) if p.where == "cqs-ninh-thuan" and p.code in ("5.8", "5.9")]
    assert messages == []  # counted once: no "tổng điểm tối đa các chỉ số con" warning


def test_ninh_thuan_targets_get_the_plan_horizon(kb: KnowledgeBase) -> None:
    # 004 "1. Mục tiêu cơ bản đến năm 2025 … i) Tỷ trọng kinh tế số chiếm 20% tổng GDP toàn tỉnh."
    _source_line("004", r"i\) Tỷ trọng kinh tế số chiếm 20% tổng GDP toàn tỉnh")
    items = {i.code: i for i in kb.plan("ninh-thuan-2021").items}
    assert items["PL1.9"].name.startswith("Tỷ trọng kinh tế số chiếm 20%")
    assert items["PL1.9"].deadline.startswith("Đến năm 2025")
    assert all(i.deadline.startswith("Đến năm 2025") for i in items.values() if i.kind == "target")


# ---- Kon Tum's own guidance ------------------------------------------------------------------------------------


def test_kon_tum_guidance_shown_with_the_framework_text_beside_it(kb: KnowledgeBase) -> None:
    line = _source_line("000", r"6\.4\t")
    assert "Đã triển khai: Điểm tối đa" in line
    record = _record(kb, "kon-tum-2024", "6.4")
    assert record.method.startswith("- Đã triển khai: Điểm tối đa")
    assert record.plan_guidance == record.method
    assert "1/2*Điểm tối đa" in record.framework_method
    card = _card(record)
    assert card.index("Đã triển khai: Điểm tối đa") < card.index("1/2*Điểm tối đa")
    same = _record(kb, "kon-tum-2024", "1.1")  # differs only by "Tỉnh"/"tỉnh": nothing shown beside it
    assert same.plan_guidance and not same.framework_method
    assert not _record(kb, "gia-lai-2023", "6.4").plan_guidance  # Gia Lai has no guidance column


def test_validation_lists_every_guidance_difference(kb: KnowledgeBase) -> None:
    listed = {p.code for p in validate(kb) if p.where == "kon-tum-2024" and "hướng dẫn của kế hoạch" in p.message}
    assert {"4.2", "6.4", "6.8", "6.11", "6.12"} <= listed
    plan = kb.plan("kon-tum-2024")
    expected = {
        a.code
        for a in plan.assignments
        if guidance_difference(a.guidance, getattr(kb.indicator(plan.framework, a.code), "method", ""))
    }
    assert listed == expected
    assert "1.1" not in listed


def test_guidance_difference_names_the_changed_words() -> None:
    plan, framework = "- Đã có Tổ đến mức thôn, xóm: Điểm tối đa", "- Đã có Tổ đến mức khu ấp: Điểm tối đa"
    assert guidance_difference(plan, framework) == "kế hoạch ghi «thôn xóm», bộ chỉ số ghi «khu ấp» (sau «Tổ đến mức»)"
    assert guidance_difference("Tỷ lệ ≥ 80%: CĐS", "tỷ lệ >= 80 % : CDS") == ""
    assert guidance_difference("", "Điểm = Tỷ lệ") == ""


# ---- units -------------------------------------------------------------------------------------------------------


def test_commune_officials_checked_against_the_source(kb: KnowledgeBase) -> None:
    from knowledge.units import canonical_unit

    row_46 = _source_line("001", r"4\.6\t").split("\t")
    assert row_46[-2:] == ["CC VHXH", "CC VHTT"]  # lead VHXH, coordinating VHTT: two different officials
    assert canonical_unit("CC VHXH") != canonical_unit("CC VHTT")
    assert canonical_unit("Công chức Văn hóa xã hội xã") == canonical_unit("CC VHXH")
    assert "CC cửa Một" in _source_line("001", r"6\.5\t")
    assert canonical_unit("CC cửa Một") == canonical_unit("Công chức Một cửa") == "Công chức Bộ phận Một cửa xã"


def test_commune_focal_point_checked_against_the_table(kb: KnowledgeBase) -> None:
    # 001 section III: "1. Công chức Văn hóa xã hội xã … Là cơ quan đầu mối theo dõi chung thực hiện Bộ chỉ số"
    _source_line("001", r"1\. Công chức Văn hóa xã hội xã$")
    plan = kb.plan("nghia-phuong-2023")
    assert plan.focal_point == "Công chức Văn hóa - Xã hội xã"
    assert "Rà soát định kỳ (Công chức Văn hóa xã hội xã)" in plan.notes
    (warning,) = [p for p in validate(kb) if p.where == plan.id and "đầu mối" in p.message]
    assert "chủ trì 1 chỉ số" in warning.message and "'Công chức Văn hóa - Thông tin xã' chủ trì" in warning.message
    kon_tum = kb.plan("kon-tum-2024")  # 000 has no plan text: the focal point is assumed, and the warning says so
    assert kon_tum.focal_point == "Sở Thông tin và Truyền thông"
    assert kon_tum.focal_point_source.startswith("Không ghi trong Phụ lục 2 (000)")
    (assumed,) = [p for p in validate(kb) if p.where == kon_tum.id and "đầu mối" in p.message]
    assert "Không ghi trong Phụ lục 2" in assumed.message and "cần xác nhận" in assumed.message


def test_provincial_plans_name_the_sở_tttt_as_focal_point_with_the_source_s_words(kb: KnowledgeBase) -> None:
    """The unit an input nobody is given falls to (``knowledge.owners``): the plan text's data gatherer."""
    gia_lai, ninh_thuan = kb.plan("gia-lai-2023"), kb.plan("ninh-thuan-2021")
    assert gia_lai.focal_point == ninh_thuan.focal_point == "Sở Thông tin và Truyền thông"
    assert "Chủ trì tổng hợp số liệu phục vụ báo cáo đánh giá mức độ chuyển đổi số" in gia_lai.focal_point_source
    _source_line("002", r"- Chủ trì tổng hợp số liệu phục vụ báo cáo đánh giá mức độ chuyển đổi số của")
    assert "gửi báo cáo Sở Thông tin và Truyền thông" in ninh_thuan.focal_point_source


def test_pillar_shows_the_units_of_its_indicators(kb: KnowledgeBase) -> None:
    record = _record(kb, "kon-tum-2024", "1")
    assert not record.lead
    assert "Sở Thông tin và Truyền thông" in record.lead_text and "chỉ số" in record.lead_text
    assert "chưa phân công" not in _card(record)


def test_the_card_says_who_enters_each_input_by_default_and_how_members_combine(kb: KnowledgeBase) -> None:
    # Kon Tum 6.22: c (Tổng chi NSNN) is nobody's in 000; nobody leads 6.22 as a whole: it falls to the focal unit
    record = _record(kb, "kon-tum-2024", "6.22")
    by_input = {c["input"]: c for c in record.to_json()["collection"]}
    assert by_input["c"]["units"] == ["Sở Thông tin và Truyền thông"] and by_input["c"]["default"] is True
    assert by_input["a"]["default"] is False and by_input["a"]["combine"] == "sum"
    card = _card(record)
    assert "• c: Sở Thông tin và Truyền thông — giao mặc định" in card and "• a: Sở Kế hoạch và Đầu tư" in card
    # a group's members: summed, or the province's yes only when all (1.9) or any (2.10) member says yes
    assert "mỗi đơn vị thành viên của «Các sở, ban, ngành», «UBND các huyện, thành phố», «UBND cấp xã» nhập phần " \
           "của mình, cộng lại" in _card(_record(kb, "kon-tum-2024", "6.11"))
    assert "«Đã ban hành» khi có ít nhất một đơn vị thành viên trả lời «Đã ban hành»" in _card(
        _record(kb, "kon-tum-2024", "2.10"))
    assert "chỉ khi mọi đơn vị thành viên trả lời" in _card(_record(kb, "kon-tum-2024", "1.9"))
    assert "Nhập số liệu" not in _card(_record(kb, "kon-tum-2024", "1.1"))  # one unit, nothing to say
