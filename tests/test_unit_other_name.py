"""The districts under their two names (``knowledge.units.SAME_UNITS``): a plan gives rows to "UBND các huyện, thành
phố" and to "các địa phương"; a district asked what it leads is given both, the second said as shared."""

from __future__ import annotations

from bot.render import Renderer
from knowledge.assignments import sub_units
from knowledge.search.engine import Searcher
from knowledge.store import load_knowledge
from knowledge.units import REGISTRY, SAME_UNITS

SEARCHER = Searcher(load_knowledge())


def _leads(plan: str, question: str) -> dict[str, str]:
    answer = SEARCHER.ask(plan, question)
    assert answer.status == "unit"
    return {i.code: i.shared for i in answer.indicators if i.leads}


def test_a_district_is_given_the_rows_of_the_localities() -> None:
    leads = _leads("ninh-thuan-2021", "UBND huyện Ninh Sơn được giao chủ trì những nhiệm vụ nào?")
    # PL3.A.I.4 names the districts' committees; the six others "các Sở, ban, ngành, địa phương"
    assert leads == {"PL3.A.I.4": "", "PL1.7": "Các địa phương", "PL2.4": "Các địa phương",
                     "PL2.5": "Các địa phương", "PL3.A.II.4": "Các địa phương", "PL3.A.III.1": "Các địa phương",
                     "PL3.A.III.2": "Các địa phương"}
    assert "6.21" in _leads("kon-tum-2024", "UBND cấp huyện chủ trì những chỉ số nào")


def test_the_localities_are_given_the_rows_of_the_districts_committees() -> None:
    leads = _leads("ninh-thuan-2021", "các địa phương chủ trì những nhiệm vụ nào")
    assert leads["PL3.A.I.4"] == "UBND các huyện, thành phố" and leads["PL1.7"] == ""


def test_not_every_unit_at_once_nor_a_department() -> None:
    # "Các đơn vị, địa phương" (Kon Tum's 2.10) is every unit, not the districts alone
    assert "2.10" not in _leads("kon-tum-2024", "UBND cấp huyện chủ trì những chỉ số nào")
    assert "PL1.7" not in _leads("ninh-thuan-2021", "Sở Công Thương chủ trì những nhiệm vụ nào")


def test_the_reply_says_under_which_name_a_row_is_given() -> None:
    answer = SEARCHER.ask("ninh-thuan-2021", "UBND huyện Ninh Sơn được giao chủ trì những nhiệm vụ nào?")
    text, html = Renderer().render("unit", unit=answer.unit, items=answer.indicators, noun="mục", apart={},
                                   plan_name="Kế hoạch")
    line = next(x for x in text.splitlines() if x.startswith("• PL1.7 "))
    assert line.endswith("(giao chung cho «Các địa phương»)")
    assert "Chủ trì 7 mục" in text
    assert "(giao chung cho «Các địa phương»)" in html and "PL3.A.I.4" in html


def test_each_other_name_is_a_unit_of_the_registry_and_names_it_back() -> None:
    canonical = {name for name, _, _ in REGISTRY}
    assert set(SAME_UNITS) <= canonical and set(SAME_UNITS.values()) <= canonical
    assert all(SAME_UNITS[other] == unit for unit, other in SAME_UNITS.items())


def test_a_unit_named_in_brackets_as_the_part_doing_the_work_is_asked_by_its_own_name() -> None:
    # PL2.8: "Sở Thông tin và Truyền thông (Trung tâm Công nghệ thông tin và Truyền thông)"
    assert set(_leads("ninh-thuan-2021", "Trung tâm CNTT&TT chủ trì việc gì")) == {"PL2.8"}
    assert "PL2.8" in _leads("ninh-thuan-2021", "Sở TTTT chủ trì những việc gì")  # the department keeps it


def test_an_abbreviation_or_a_list_in_brackets_is_no_unit_of_its_own() -> None:
    assert sub_units("Sở Thông tin và Truyền thông (Trung tâm Công nghệ thông tin và Truyền thông)") == (
        "Trung tâm Công nghệ thông tin và Truyền thông",)
    assert sub_units("Sở Thông tin và Truyền thông (Sở TT&TT)") == ()
    assert sub_units("Các doanh nghiệp viễn thông (Viettel Kon Tum, Viễn thông Kon Tum, FPT Kon Tum)") == ()
