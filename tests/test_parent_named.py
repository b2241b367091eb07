"""Rows repeated under several groups (Kon Tum's 8.8.1.3, 8.8.2.3, 8.8.3.3: "Tin nhắn … (Zalo, Messenger...)")
told apart by the group the question names (``knowledge.search.parent_named``)."""

from __future__ import annotations

from knowledge.search.decide import Decision
from knowledge.search.index import Document, Hit
from knowledge.search.parent_named import told_by_group
from tests.searchkit import shared_searcher

KT = "kon-tum-2024"


def test_a_row_under_the_group_the_question_names_is_answered() -> None:
    answer = shared_searcher().ask(KT, "Dân muốn gửi phản ánh qua Zalo, Messenger thì tỉnh đã công khai kênh đó "
                                       "chưa, được mấy điểm?")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["8.8.1.3"]


def test_rows_whose_groups_the_question_does_not_name_stay_a_choice() -> None:
    answer = shared_searcher().ask(KT, "phản ánh qua Zalo được mấy điểm")
    assert answer.status == "choose" and {m.code for m in answer.matches} <= {"8.8.1.3", "8.8.2.3", "8.8.3.3"}


def test_a_group_beside_its_own_row_is_never_told_by_the_group_above() -> None:
    """8.8.2 offered beside its row 8.8.2.2: the words of 8.8's name ("giải quyết") do not make 8.8.2 the answer."""
    answer = shared_searcher().ask("gia-lai-2023", "Dân gửi phản ánh qua app trên điện thoại thì giải quyết đúng hạn "
                                                   "năm 2022 được mấy điểm?")
    assert answer.matches[0].code == "8.8.2.2"


def test_a_row_whose_whole_name_is_said_answers_for_its_group() -> None:
    """"… qua app trên điện thoại, tỉnh đã công khai kênh đó chưa": 8.8.1's words and all of 8.8.1.2's ("App di
    động"); the group alone when no row is named; never made sure by a row where the question hesitates."""
    searcher = shared_searcher()
    answer = searcher.ask(KT, "dân gửi phản ánh qua app trên điện thoại, tỉnh đã công khai kênh đó chưa")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["8.8.1.2"]
    answer = searcher.ask(KT, "công bố công khai kênh tiếp nhận phản ánh ai chủ trì")
    assert answer.status == "answer" and [m.code for m in answer.matches] == ["8.8.1"]
    answer = searcher.ask(KT, "Tỉnh có công khai cho dân biết là có thể gửi góp ý qua app nhắn tin trên điện thoại "
                              "không? Cái này năm 2023 đạt chưa?")
    assert not (answer.status == "answer" and answer.matches[0].code == "8.8.1.2")


def _choice(codes: list[str]) -> tuple[Decision, dict[str, Document]]:
    plan = shared_searcher().for_plan(KT)
    docs = plan._groups.by_code
    return Decision("choose", [Hit(docs[c], 0.5) for c in codes]), docs


def test_one_word_of_a_group_name_does_not_decide() -> None:
    decision, docs = _choice(["8.8.1.3", "8.8.2.3", "8.8.3.3"])
    index = shared_searcher().for_plan(KT).index
    assert told_by_group(decision, ("zalo", "kenh"), docs, index) is decision  # "kênh" alone: still a choice
    told = told_by_group(decision, ("zalo", "cong", "khai", "kenh"), docs, index)
    assert told.status == "answer" and [h.doc.code for h in told.hits] == ["8.8.1.3"]


def test_rows_of_one_group_are_not_told_apart_by_it() -> None:
    decision, docs = _choice(["8.8.1.2", "8.8.1.3"])  # one group: its name tells neither
    index = shared_searcher().for_plan(KT).index
    assert told_by_group(decision, ("zalo", "cong", "khai", "kenh"), docs, index) is decision
