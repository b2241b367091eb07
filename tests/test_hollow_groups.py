"""A group with no method, target or result of its own yields to its row when one of those is asked: the row holds
the answer, the group only sums its rows (Ninh Thuận's 5.12 over 5.12.1 and 5.12.2)."""

from __future__ import annotations

import pytest

from knowledge.search.decide import one_group
from knowledge.search.heads import demote_hollow_groups
from knowledge.search.index import Document, Hit
from tests.searchkit import shared_searcher

SEARCHER = shared_searcher()


def _hit(code: str, score: float, name_cover: float) -> Hit:
    return Hit(Document("f", code, code, {}), score, name_cover=name_cover)


@pytest.mark.parametrize(
    "question",
    ["kết quả thủ tục trả về nhà dân bằng bưu điện cần đạt mấy phần trăm",
     "trả kết quả qua bưu chính công ích chỉ tiêu bao nhiêu %"],
)
def test_the_row_holding_the_asked_target_is_answered_not_its_group(question: str) -> None:
    answer = SEARCHER.ask("ninh-thuan-2021", question)
    assert (answer.status, [m.code for m in answer.matches]) == ("answer", ["5.12.2"])


def test_points_are_held_by_the_group_so_it_stays_offered() -> None:
    answer = SEARCHER.ask("ninh-thuan-2021", "trả kết quả qua bưu điện tối đa mấy điểm")
    assert "5.12" in [m.code for m in answer.matches]


def test_a_group_yields_only_to_a_row_named_as_well_and_found_well() -> None:
    group, named = _hit("5.3", 0.46, 0.58), _hit("5.3.3", 0.45, 0.50)
    assert [h.doc.code for h in demote_hollow_groups([group, named], ("target",), {"5.3"})] == ["5.3.3", "5.3"]
    unnamed = _hit("5.3.3", 0.45, 0.0)  # found by its method's words only: the group is what was named
    assert demote_hollow_groups([group, unnamed], ("target",), {"5.3"})[0] is group
    weak = _hit("5.3.3", 0.30, 0.60)  # below the offer floor: demoting the group would leave nothing to offer
    assert demote_hollow_groups([group, weak], ("target",), {"5.3"})[0] is group
    assert demote_hollow_groups([group, named], ("max",), {"5.3"})[0] is group  # the group has its points
    assert demote_hollow_groups([group, named], ("target",), set())[0] is group  # the group has its own target


def test_rows_of_one_group_are_one_topic_but_rows_of_a_pillar_are_not() -> None:
    assert one_group(["5.12.2", "5.12.1"]) and one_group(["5.12", "5.12.2"])
    assert not one_group(["5.1", "5.2"]) and not one_group(["5.12.1", "5.11.2"]) and not one_group(["5.12.1"])
