"""The unit registry: cells split into units as written, every spelling resolves to one canonical name."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.store import load_from
from knowledge.units import REGISTRY, UnknownUnit, canonical_unit, plan_entries, resolve_cell, split_units

DATA = Path(__file__).resolve().parents[1] / "knowledge" / "data"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "- Sở Nội vụ - Sở Thông tin và Truyền thông - Văn phòng UBND tỉnh",
            ["Sở Nội vụ", "Sở Thông tin và Truyền thông", "Văn phòng UBND tỉnh"],
        ),
        ("Sở TTTT Văn phòng UBND tỉnh", ["Sở Thông tin và Truyền thông", "Văn phòng UBND tỉnh"]),
        ("Sở Tài chính, Sở Thông tin và Truyền thông", ["Sở Tài chính", "Sở Thông tin và Truyền thông"]),
        (
            "Văn phòng UBND tỉnh; Sở Thông tin và Truyền thông",
            ["Văn phòng UBND tỉnh", "Sở Thông tin và Truyền thông"],
        ),
        ("Sở Thông tin và Truyền thông và Sở Nội vụ", ["Sở Thông tin và Truyền thông", "Sở Nội vụ"]),
        ("Sở Thông tin và Truyền thông", ["Sở Thông tin và Truyền thông"]),
        ("Sở Lao động - Thương binh và Xã hội", ["Sở Lao động - Thương binh và Xã hội"]),
        (
            "Các sở, ban, ngành, UBND cấp huyện, cấp xã",
            ["Các sở, ban, ngành", "UBND các huyện, thành phố", "UBND cấp xã"],
        ),
        (
            "Các Sở, ban, ngành và Ủy ban nhân dân các huyện, thành phố",
            ["Các sở, ban, ngành", "UBND các huyện, thành phố"],
        ),
        (
            "Phân hiệu Đại học Đà Nẵng, Cao đẳng Kon Tum",
            ["Phân hiệu Đại học Đà Nẵng tại Kon Tum", "Trường Cao đẳng Kon Tum"],
        ),
        (
            "Các doanh nghiệp viễn thông (Viettel Kon Tum, Viễn thông Kon Tum, FPT Kon Tum)",
            ["Doanh nghiệp viễn thông"],
        ),
        ("Sở Thông tin và Truyền thông phụ trách đảm bảo kỹ thuật kết nối", ["Sở Thông tin và Truyền thông"]),
        (
            "Bộ phận 1 cửa, Công an xã, Công chức VP - TK xã",
            ["Bộ phận Một cửa xã", "Công an xã", "Công chức Văn phòng - Thống kê xã"],
        ),
        ("CC VHTT, CC VPTK", ["Công chức Văn hóa - Thông tin xã", "Công chức Văn phòng - Thống kê xã"]),
        ("Phụ trách Đài truyền thanh xã.", ["Phụ trách Đài truyền thanh xã"]),
    ],
)
def test_cells_split_and_canonicalise(cell: str, expected: list[str]) -> None:
    assert resolve_cell(cell)[0] == expected


@pytest.mark.parametrize(
    "spelling",
    [
        "Sở TTTT",
        "Sở TT&TT",
        "Sở TT &TT",
        "Sở Thông tin và Truyền thông",
        "Sở Thông tin và Truyền thông (Sở TT&TT)",
    ],
)
def test_ministry_spellings_are_one_unit(spelling: str) -> None:
    assert canonical_unit(spelling) == "Sở Thông tin và Truyền thông"


def test_aliases_named_in_the_brief() -> None:
    assert canonical_unit("Sở LĐTBXH") == canonical_unit("Sở Lao động - Thương binh và Xã hội")
    group = canonical_unit("UBND cấp huyện")
    assert group == canonical_unit("UBND các huyện, thành phố") == canonical_unit("UBND các huyện/thành phố")
    assert canonical_unit("Văn phòng Ủy ban nhân dân tỉnh") == canonical_unit("Văn phòng UBND tỉnh")
    assert canonical_unit("Công chức Văn hóa - Xã hội") == "Công chức Văn hóa - Xã hội xã"
    assert canonical_unit("Các sở, ngành") != canonical_unit("Sở Nội vụ")


def test_split_keeps_spellings_as_written() -> None:
    assert split_units("Sở TTTT Văn phòng UBND tỉnh") == ["Sở TTTT", "Văn phòng UBND tỉnh"]
    assert split_units("") == []


def test_unknown_unit_is_reported_not_guessed() -> None:
    with pytest.raises(UnknownUnit, match="Sở Không Có Thật"):
        canonical_unit("Sở Không Có Thật")
    with pytest.raises(UnknownUnit):
        resolve_cell("Sở Tài chính, Sở Không Có Thật")


def test_registry_spellings_are_unambiguous() -> None:
    seen: dict[str, str] = {}
    for name, short, aliases in REGISTRY:
        for spelling in (name, short, *aliases):
            if spelling:
                assert canonical_unit(spelling) == name, spelling
                seen[spelling] = name


def test_every_unit_in_the_plans_resolves_and_is_registered() -> None:
    kb = load_from(DATA)
    names = {u.name for u in kb.units}
    for plan in kb.plans.values():
        for entry in plan_entries(plan):
            for unit in (*entry.lead, *entry.coordinating):
                assert unit in names, (plan.id, entry.code, unit)
            for cell, units in ((entry.lead_text, entry.lead), (entry.coordinating_text, entry.coordinating)):
                assert tuple(resolve_cell(cell)[0]) == units, (plan.id, entry.code, cell)
    aliases = {a for u in kb.units for a in u.aliases}
    assert {"Sở TT&TT", "Sở TTTT", "UBND các huyện/thành phố"} <= aliases
