"""Every unit of every plan leads exactly the indicators its source gives it, read here from the source text with
a reader of its own (not the importers), and asked the way officials ask ("<unit> chủ trì những chỉ số nào").

The reader: each table row's code (or, for Ninh Thuận's appendices, its text) and its "chủ trì" cell, a row cut by
a page break continued from the next row without a code; the units a cell names are found by looking for every
spelling the registry knows, longest first, anywhere in the cell (the importers cut cells at separators instead).
Gia Lai's 002 is a PDF whose cells come as fragments: its lead cells are checked to be printed in 002 as the plan
stores them, and its sets are derived from those cells the same way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from knowledge.assignments import split_variable
from knowledge.normalize import normalize
from knowledge.search.typed_units import initials
from knowledge.store import load_knowledge
from knowledge.units import REGISTRY, SAME_UNITS
from tests.searchkit import shared_searcher

KB = load_knowledge()
SEARCHER = shared_searcher()
SOURCES = Path(__file__).resolve().parents[1] / "knowledge" / "sources"
_TAG = re.compile(r"<[^>]+>|\*\*")


def _source(prefix: str) -> list[str]:
    path = next(SOURCES.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8").splitlines()


@cache
def _spellings() -> list[tuple[str, str]]:
    """(normalised spelling, canonical unit), longest first."""
    pairs = {(normalize(s), name) for name, short, aliases in REGISTRY for s in (name, short, *aliases) if s}
    return sorted((p for p in pairs if p[0]), key=lambda p: -len(p[0]))


def units_in(cell: str) -> set[str]:
    """The units a cell names: every registry spelling found in it, longest first, never overlapping."""
    text = f" {normalize(_TAG.sub(' ', cell))} "
    found: set[str] = set()
    for spelling, name in _spellings():
        needle = f" {spelling} "
        while needle in text:
            found.add(name)
            text = text.replace(needle, " | ", 1)
    return found


def _code_rows(prefix: str, code_col: int, lead_col: int) -> dict[str, str]:
    """Code → lead cell of a tab-separated table; a row without a code continues the previous row's cell."""
    out: dict[str, str] = {}
    last = ""
    for line in _source(prefix):
        cells = line.split("\t")
        if len(cells) <= lead_col:
            continue
        code = cells[code_col].strip()
        if code and re.fullmatch(r"[\dIVX]+(?:\.\d+)*", code):
            last = "1" if code == "I" else code
            out[last] = cells[lead_col]
        elif not code and last:
            out[last] += " " + cells[lead_col]
    return out


def _named_rows(prefix: str) -> dict[str, str]:
    """Ninh Thuận appendices I–III: the row's text (normalised) → its "Chủ trì" cell, read by the header."""
    out: dict[str, str] = {}
    lead_col = -1
    for line in _source(prefix):
        cells = [_TAG.sub("", c).strip() for c in line.split("\t")]
        if len(cells) < 3:
            continue
        if "Chủ trì" in cells:
            lead_col = cells.index("Chủ trì")
        elif "Tên chỉ số" in line or "Điểm" in cells:
            lead_col = -1  # appendix IV: criteria, no lead units
        elif lead_col > 0 and cells[0].isdigit() and len(cells) > lead_col:
            out[normalize(cells[1])] = cells[lead_col]
    return out


def _derived() -> dict[str, dict[str, set[str]]]:
    """Plan → unit → the codes it leads, from the sources."""
    cells: dict[str, dict[str, str]] = {
        "kon-tum-2024": _code_rows("000", 0, 6),
        "nghia-phuong-2023": _code_rows("001", 0, 6),
        "gia-lai-2023": {a.code: a.lead_text for a in KB.plan("gia-lai-2023").assignments},
    }
    items = _named_rows("004")
    plan = KB.plan("ninh-thuan-2021")
    cells["ninh-thuan-2021"] = {it.code: items.get(normalize(it.name), "") for it in plan.items}
    out: dict[str, dict[str, set[str]]] = {}
    for plan_id, by_code in cells.items():
        framework = KB.plan(plan_id).framework
        known = {i.code for i in KB.frameworks[framework].indicators} | {it.code for it in KB.plan(plan_id).items}
        leads: dict[str, set[str]] = defaultdict(set)
        by_input: dict[str, list[set[str]]] = defaultdict(list)  # indicator → the leads of each of its inputs
        for code, cell in by_code.items():
            head, letter = split_variable(code)
            if letter:
                by_input[head].append(set(units_in(cell)))
            if head not in known or letter:  # leading an input ("6.22.b") is supplying data, not leading 6.22
                continue
            for unit in units_in(cell):
                leads[unit].add(head)
        for head, units in by_input.items():  # ... unless the unit leads every input ("5.12.1.a", "5.12.1.b")
            for unit in set.intersection(*units):
                leads[unit].add(head)
        out[plan_id] = dict(leads)
    return out


DERIVED = _derived()
CASES = [(plan_id, unit) for plan_id, units in DERIVED.items() for unit in sorted(units)]


def test_every_plan_has_its_units() -> None:
    assert all(len(DERIVED[p]) >= 6 for p in DERIVED), {p: len(u) for p, u in DERIVED.items()}
    assert len(DERIVED["ninh-thuan-2021"]) >= 10  # every Sở the appendices name


def test_gia_lai_lead_cells_are_printed_in_its_source() -> None:
    """002 is fragmented by its PDF extraction: each unit of a stored lead cell is printed in it, spacing aside."""
    text = re.sub(r"\s+", "", "".join(_source("002")))
    for a in KB.plan("gia-lai-2023").assignments:
        for unit_text in re.split(r";\s*", a.lead_text):
            assert re.sub(r"\s+", "", unit_text) in text, (a.code, unit_text)


@pytest.mark.parametrize(("plan_id", "unit"), CASES, ids=[f"{p}:{u}" for p, u in CASES])
def test_unit_leads_what_its_source_gives_it(plan_id: str, unit: str) -> None:
    """Asked by its name, and by its short form and initials where it has them, the unit's set of led
    indicators is exactly the one derived from the source, with those it gives the unit's other name (the
    districts: "UBND các huyện, thành phố" and "Các địa phương")."""
    expected = DERIVED[plan_id][unit] | DERIVED[plan_id].get(SAME_UNITS.get(unit, ""), set())
    short = next((s for n, s, _ in REGISTRY if n == unit), "")
    for name in dict.fromkeys(n for n in (unit, short, initials(unit).upper()) if n):
        answer = SEARCHER.ask(plan_id, f"{name} chủ trì những chỉ số nào?")
        assert answer.status == "unit" and answer.unit == unit, (name, answer.status, answer.unit)
        leads = {i.code for i in answer.indicators if i.leads}
        leads |= {i.code for rows in answer.apart.values() for i in rows}  # written under another of its names
        assert leads == expected, (name, sorted(leads ^ expected))


@pytest.mark.parametrize(("typed", "leads", "apart"), [
    # the plan writes the commune's finance post "CC TCKT" on most rows, "Công chức Tài chính và Kế hoạch" on 2.6–2.9
    ("CC TCKT", "5.11 6.18 7.1 7.11 7.12 8.6 8.7", {"Công chức Tài chính và Kế hoạch": ["2.6", "2.7", "2.8", "2.9"]}),
    ("cong chuc tai chinh ke toan", "5.11 6.18 7.1 8.6", {"Công chức Tài chính và Kế hoạch": ["2.6", "2.7", "2.8",
                                                                                              "2.9"]}),
    ("Công chức Tài chính và Kế hoạch", "2.6 2.7 2.8 2.9", {"CC TCKT": ["5.11", "5.11.1"]}),
    # the commune named after the post is no word of its name
    ("Công chức Tài chính và Kế hoạch xã Nghĩa Phương", "2.6 2.7 2.8 2.9", {"CC TCKT": ["5.11", "5.11.1"]}),
    ("công chức tài chính", "2.6 5.11 7.1", {}),  # fits both names: one list
    ("Các sở, ngành", "", {}),  # written short or long ("Các sở, ban, ngành"): one name
])
def test_rows_written_under_another_name_are_listed_apart(typed: str, leads: str, apart: dict[str, list[str]]) -> None:
    plan = "nghia-phuong-2023" if "sở" not in typed else "kon-tum-2024"
    answer = SEARCHER.ask(plan, f"{typed} chủ trì những chỉ số nào")
    led = {i.code for i in answer.indicators if i.role == "lead"}
    assert answer.status == "unit" and set(leads.split()) <= led
    assert set(answer.apart) == set(apart)
    for name, codes in apart.items():
        listed = [i.code for i in answer.apart[name]]
        assert set(codes) <= set(listed) and not set(listed) & led


@pytest.mark.parametrize(
    ("plan_id", "question", "unit"),
    [
        ("kon-tum-2024", "STTTT chủ trì chỉ số nào", "Sở Thông tin và Truyền thông"),
        ("kon-tum-2024", "chỉ số nào do Sở TTTT chủ trì vậy", "Sở Thông tin và Truyền thông"),
        ("kon-tum-2024", "những chỉ số nào giao cho Sở Nội vụ", "Sở Nội vụ"),
        ("kon-tum-2024", "Sở Nội vụ chủ trì theo dõi những chỉ số nào", "Sở Nội vụ"),
        ("kon-tum-2024", "Viettel chủ trì chỉ số nào", "Doanh nghiệp viễn thông"),
        ("kon-tum-2024", "VNPT chủ trì chỉ số nào", "Doanh nghiệp viễn thông"),
        ("kon-tum-2024", "UBND huyện chủ trì chỉ số nào", "UBND các huyện, thành phố"),
        ("kon-tum-2024", "Công an tỉnh chủ trì chỉ số nào", "Công an tỉnh"),
        ("gia-lai-2023", "Viettel chủ trì chỉ số nào", "Viettel Gia Lai"),
        ("nghia-phuong-2023", "đài truyền thanh xã chủ trì chỉ số nào", "Phụ trách Đài truyền thanh xã"),
        # initials and a level: the name as typed is sure, its "công chức …" reading is not asked
        ("nghia-phuong-2023", "cc vhtt xã chủ trì những chỉ số nào", "Công chức Văn hóa - Thông tin xã"),
        # a commune's post by its field, a city for its people's committee, "những cái nào"
        ("nghia-phuong-2023", "kế toán xã phụ trách chỉ số nào", "Công chức Tài chính - Kế toán xã"),
        ("nghia-phuong-2023", "văn phòng xã chủ trì những chỉ số nào", "Công chức Văn phòng - Thống kê xã"),
        ("gia-lai-2023", "thành phố Pleiku chủ trì chỉ số nào", "UBND thành phố Pleiku"),
        ("kon-tum-2024", "sở kế hoạch đầu tư chủ trì những cái nào", "Sở Kế hoạch và Đầu tư"),
        # where the assignment is read: "theo (sự) phân công (của KH …)", "trong phụ lục phân công DTI", "kế hoạch
        # nâng cao DTI", "bộ DTI cấp tỉnh"; "có tên là cơ quan chủ trì"
        ("gia-lai-2023", "Công an tỉnh chủ trì chỉ số nào theo phân công của Kế hoạch 3015?", "Công an tỉnh"),
        ("kon-tum-2024", "Sở Nội vụ chủ trì những chỉ số nào theo sự phân công?", "Sở Nội vụ"),
        ("nghia-phuong-2023", "Công an xã chủ trì cs nào trong phụ lục phân công DTI của xã?", "Công an xã"),
        ("gia-lai-2023", "UBND thành phố Pleiku được giao chủ trì chỉ số nào trong kế hoạch nâng cao DTI của tỉnh?",
         "UBND thành phố Pleiku"),
        ("gia-lai-2023", "Viettel Gia Lai có tên là cơ quan chủ trì ở chỉ số nào trong bộ DTI cấp tỉnh?",
         "Viettel Gia Lai"),
        ("kon-tum-2024", "Sở Tài chính chủ trì những chỉ số nào trong kế hoạch nâng cao chỉ số chuyển đổi số?",
         "Sở Tài chính"),  # the plan's name says "chỉ số" again
        # "đứng ra chủ trì"; "huyện tôi", the asker's own level; the kinds of rows listed; a post in the unit named
        ("gia-lai-2023", "cấp huyện đứng ra chủ trì những chỉ số nào", "UBND các huyện, thành phố"),
        ("ninh-thuan-2021", "huyện tôi phải chủ trì những chỉ tiêu, văn bản, dự án nào", "UBND các huyện, thành phố"),
        ("ninh-thuan-2021", "Tôi là phó chủ tịch UBND huyện Bác Ái, muốn biết huyện tôi (địa phương) phải đứng ra chủ "
                            "trì những chỉ tiêu nào", "UBND các huyện, thành phố"),
        # the purpose, then the list asked for: "… để giao việc cho các phòng, anh chị liệt kê giúp em đầy đủ với ạ"
        ("gia-lai-2023", "Em là chuyên viên Phòng Văn hóa và Thông tin huyện Ia Grai, xem cấp huyện bọn em đứng ra chủ "
                         "trì những chỉ số nào để giao việc cho các phòng, anh chị liệt kê giúp em đầy đủ với ạ.",
         "UBND các huyện, thành phố"),
        # the plan named first; the unit's part of the work
        ("kon-tum-2024", "Trong Kế hoạch 419, Sở Nội vụ chủ trì những chỉ số nào?", "Sở Nội vụ"),
        ("gia-lai-2023", "Trong Kế hoạch 3015, phần việc chủ trì của Sở Giáo dục và Đào tạo gồm những chỉ số nào?",
         "Sở Giáo dục và Đào tạo"),
        ("kon-tum-2024", "nhiệm vụ chủ trì của Sở Nội vụ là những chỉ số nào", "Sở Nội vụ"),
        ("kon-tum-2024", "việc của STC là những chỉ số nào", "Sở Tài chính"),
        # two letters of initials, then the rest of the name written out
        ("kon-tum-2024", "BĐ tỉnh chủ trì những cs nào", "Bưu điện tỉnh"),
        ("gia-lai-2023", "CA tỉnh được giao chủ trì chỉ số gì", "Công an tỉnh"),
        # the list asked for in chat ("liệt kê đủ giúp em nh"), where the rows are ("bảng phân công", "phụ lục kèm
        # KH …", "bộ DTI tỉnh Gia Lai"), how the unit stands to them ("đứng tên", "chung"), the unit first and its
        # part after, a post named by what it keeps
        ("kon-tum-2024", "em ở STC, bên em lead những cs nào vậy a, liệt kê đủ giúp em nh", "Sở Tài chính"),
        ("nghia-phuong-2023", "em là công chức VP-TK xã, bên em chủ trì cái gì trong bảng phân công DTI",
         "Công chức Văn phòng - Thống kê xã"),
        ("nghia-phuong-2023", "người phụ trách loa truyền thanh xã chủ trì chỉ số nào",
         "Phụ trách Đài truyền thanh xã"),
        ("gia-lai-2023", "Sở Nội vụ phải lo mấy tiêu chí trong phụ lục kèm KH 3015", "Sở Nội vụ"),
        ("gia-lai-2023", "Sở Giáo dục và Đào tạo: phần việc trong KH 3015 là những chỉ số nào?",
         "Sở Giáo dục và Đào tạo"),
        ("gia-lai-2023", "sở tài chính lo những chỉ số gì trong bộ DTI tỉnh gia lai", "Sở Tài chính"),
        ("kon-tum-2024", "Sở Nội vụ đứng tên chủ trì những chỉ số nào?", "Sở Nội vụ"),
        ("ninh-thuan-2021", "sở thông tin và truyền thông phụ trách những đề án, dự án nào trong KH",
         "Sở Thông tin và Truyền thông"),
        ("ninh-thuan-2021", "Các sở, ban, ngành chủ trì chung những chỉ tiêu nào?", "Các sở, ban, ngành"),
        ("gia-lai-2023", "Chỉ số nào giao chung cho các sở, ban, ngành chủ trì?", "Các sở, ban, ngành"),
        ("kon-tum-2024", "SNV lead bao nhiêu cs, kể cả mấy cái chủ trì chung với sở khác", "Sở Nội vụ"),
        # saying only leads are asked, "làm đầu mối" for leading, the commune police by its initials
        ("kon-tum-2024", "stc chu tri nhung cs nao, chi tinh chu tri thoi", "Sở Tài chính"),
        ("kon-tum-2024", "Sở Nội vụ làm đầu mối những chỉ số nào", "Sở Nội vụ"),
        ("nghia-phuong-2023", "CAX chủ trì chỉ tiêu nào", "Công an xã"),
        # "chính" after the verb; the plan's place after its name; "có nhiệm vụ" before the verb
        ("kon-tum-2024", "Sở Nội vụ chịu trách nhiệm chính (chủ trì) những chỉ số nào", "Sở Nội vụ"),
        ("gia-lai-2023", "Sở Tài chính chủ trì những chỉ số nào trong kế hoạch nâng cao DTI Gia Lai", "Sở Tài chính"),
        ("ninh-thuan-2021", "Sở Y tế có nhiệm vụ chủ trì gì trong kế hoạch", "Sở Y tế"),
    ],
)
def test_units_as_officials_type_them(plan_id: str, question: str, unit: str) -> None:
    answer = SEARCHER.ask(plan_id, question)
    assert (answer.status, answer.unit) == ("unit", unit)


def test_the_whole_commune_is_no_commune_police() -> None:
    # "cả xã" folds to "ca xa": no initials of "Công an xã" taken from it
    answer = SEARCHER.ask("nghia-phuong-2023", "cả xã chủ trì những chỉ số nào")
    assert answer.unit != "Công an xã"


def test_a_topic_after_the_indicators_is_not_a_unit() -> None:
    """"chỉ số nào đo …" folds to "do", like "do Sở X chủ trì": a phrase naming no unit is searched as a topic."""
    answer = SEARCHER.ask("kon-tum-2024", "chỉ số nào đo mức độ hài lòng của người dân")
    assert answer.status != "unknown_unit" and answer.matches


def test_several_units_in_one_question_get_all_they_lead() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "Sở Nội vụ và Sở Tài chính chủ trì những chỉ số nào")
    leads = {i.code for i in answer.indicators if i.role == "lead"}
    kon_tum = DERIVED["kon-tum-2024"]
    assert answer.status == "unit" and leads == kon_tum["Sở Nội vụ"] | kon_tum["Sở Tài chính"]
    assert SEARCHER.ask("kon-tum-2024", "Sở Vũ trụ và Sở Tài chính chủ trì chỉ số nào").status == "unknown_unit"


def test_the_reply_names_the_rows_written_apart_under_the_plans_words() -> None:
    from bot.render import Renderer

    answer = SEARCHER.ask("nghia-phuong-2023", "CC TCKT chủ trì những chỉ số nào")
    text, _ = Renderer().render("unit", unit=answer.unit, items=answer.indicators, noun="chỉ số",
                                apart=answer.apart, plan_name="KH 41")
    assert "Chủ trì 19 chỉ số:" in text
    assert "«Công chức Tài chính và Kế hoạch» (4 chỉ số):\n• 2.6 " in text
    assert "cùng chức danh với Công chức Tài chính - Kế toán xã" in text


def test_a_whole_name_and_more_is_the_unit_when_no_other_starts_so() -> None:
    # the commune post's longer title ("Địa chính - Xây dựng"); the plan writes "Công chức Địa chính xã"
    answer = SEARCHER.ask("nghia-phuong-2023", "công chức địa chính xây dựng chủ trì những chỉ số nào?")
    assert answer.status == "unit" and answer.unit == "Công chức Địa chính xã"
    # a name of three words and more is no whole name to take: "Sở Tài chính kế hoạch" is asked back
    assert SEARCHER.ask("kon-tum-2024", "Sở Tài chính kế hoạch chủ trì chỉ số nào").status == "unknown_unit"


def test_the_telecom_companies_are_asked_as_the_networks() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "các nhà mạng chủ trì những chỉ số nào?")
    assert answer.status == "unit" and answer.unit == "Doanh nghiệp viễn thông"
    assert {i.code for i in answer.indicators if i.role == "lead"} == DERIVED["kon-tum-2024"]["Doanh nghiệp viễn thông"]


def test_a_name_said_in_full_and_in_its_initials_is_one_name() -> None:
    answer = SEARCHER.ask("nghia-phuong-2023", "Công chức tài chính - kế toán xã (CC TCKT) chủ trì những chỉ số nào?")
    leads = {i.code for i in answer.indicators if i.role == "lead"}
    assert answer.unit == "Công chức Tài chính - Kế toán xã" and len(leads) == 19 and "2.6" not in leads
    assert {i.code for i in answer.apart["Công chức Tài chính và Kế hoạch"]} == {"2.6", "2.7", "2.8", "2.9"}


def test_inputs_a_unit_leads_of_an_indicator_nobody_leads_are_said_apart() -> None:
    """Gia Lai's 6.22 row names no lead; its inputs a, b, c do: Sở Tài chính supplies b and c, it does not lead
    6.22. The reply lists 6.22 apart, with its inputs, and ``dti-bot ask --json`` under ``inputs``."""
    from bot.render import Renderer

    answer = SEARCHER.ask("gia-lai-2023", "Sở Tài chính chủ trì những chỉ số nào?")
    assert "6.22" not in {i.code for i in answer.indicators if i.leads}
    assert [(i.code, i.inputs) for i in answer.indicators if i.supplies] == [("6.22", ("b", "c"))]
    text, _ = Renderer().render("unit", unit=answer.unit, items=answer.indicators, noun="chỉ số", apart=answer.apart,
                                plan_name="KH 3015")
    assert "Chủ trì 6 chỉ số:" in text
    assert "Chủ trì số liệu đầu vào (không phải cả chỉ số) của 1 chỉ số:\n• 6.22 " in text
    assert "(đầu vào b, c)" in text


def test_the_role_said_before_the_unit_is_the_role_asked() -> None:
    answer = SEARCHER.ask("kon-tum-2024", "phần việc phối hợp của Sở Nội vụ gồm những chỉ số nào")
    assert answer.status == "unit" and answer.query.unit_role == "coordinate"


def test_a_level_typed_as_its_letter_is_no_initial() -> None:
    """"UBND h." is a district's committee: Kon Tum's 4.1, written "UBND cấp huyện", is among what it leads, not
    listed apart as written under another name."""
    answer = SEARCHER.ask("kon-tum-2024", "UBND h. chủ trì những chỉ số nào")
    assert answer.unit == "UBND các huyện, thành phố" and not answer.apart
    assert "4.1" in {i.code for i in answer.indicators if i.leads}
