"""Issue 20 item 6: what a bot process holds of its data, each a choice a change could undo without any answer
changing (``benchmarks/bench_memory.py`` measures the whole; these hold the parts, deterministically)."""

from __future__ import annotations

from knowledge.search.index import Document, SearchIndex
from knowledge.search.thesaurus import bundled_thesaurus
from knowledge.store import load_knowledge
from scoring import expr


def test_an_index_keeps_no_field_texts_yet_finds_by_them() -> None:
    docs = [Document("f", "1", "cáp quang", {"body": "hộ gia đình kéo mạng về nhà", "plan": "ioffice"}),
            Document("f", "2", "dịch vụ công", {"body": "hồ sơ trực tuyến"})]
    index = SearchIndex(docs)
    assert [d.fields for d in index.docs] == [{}, {}]  # read at the build, not held
    assert [(d.code, d.name) for d in index.docs] == [("1", "cáp quang"), ("2", "dịch vụ công")]
    assert [h.doc.code for h in index.search(["ioffice"])] == ["1"]
    assert [h.doc.code for h in index.search(["ho", "so", "truc", "tuyen"])][:1] == ["2"]


def test_postings_fill_their_stretches_exactly() -> None:
    """Each term's postings are made at its count and filled in place: every stretch is full and ascending."""
    kb = load_knowledge()
    from knowledge.search.engine import Searcher

    index = Searcher(kb).for_plan("ninh-thuan-2021").index
    for term in index.terms():
        ids, adds = index._posting(term)
        assert list(ids) == sorted(set(ids)) and len(ids) > 0, term
        assert all(k > 0 for k in adds), term  # pair 0 adds nothing: never a posting's


def test_the_indexes_share_one_vocabulary_and_keep_entries_in_two_bytes() -> None:
    """The terms of every index are numbered in one dict of the process (each index held a dict of its own terms),
    an index knows only its own, a term's weight follows from its count, and an entry's number in a posting is 2
    bytes while the entries fit."""
    from knowledge.search import index as index_module

    words = [f"{a}{b}{c}" for a in "bdhlmnst" for b in "aeiou" for c in "mnt"]  # 120 made-up syllables
    docs = [Document("f", str(n), " ".join(words[(n * k) % len(words)] for k in (1, 7, 13)), {"body": "hộ gia đình"})
            for n in range(100)]
    first, second = SearchIndex(docs), SearchIndex(docs[::-1])
    other = SearchIndex([Document("f", "1", "zzyzx quang", {"body": "hộ gia đình"}),
                         Document("f", "2", "cáp", {"body": "dịch vụ"})])
    assert first._ids.typecode == "H" and len(first.terms()) > 300
    assert sorted(first.terms()) == sorted(second.terms())
    assert not any(vars(i).get(name) for i in (first, second) for name in ("_number", "_weights"))
    vocabulary = index_module._VOCABULARY
    assert {t for i in (first, second, other) for t in i.terms()} <= vocabulary.keys()
    assert other.knows("zzyzx") and not first.knows("zzyzx") and not other.knows(words[7])
    assert first._posting("zzyzx")[0] == other._posting(words[7])[0] == index_module._NOTHING[0]
    for t in first.terms():
        assert len(first._posting(t)[0]) == first._count(t) > 0
        assert first.weight(t) == first._by_count[first._count(t)] < first.weight("zzyzx") == first._max_weight
    assert [h.doc.code for h in first.search(words[7:8] + words[13:14])][:1] == ["1"]


def test_a_formula_is_compiled_once_per_process() -> None:
    assert expr.compile_expr(expr.parse("(a + b) / c")) is expr.compile_expr(expr.parse("(a + b) / c"))
    assert expr.compile_expr(expr.parse("a / c"))({"a": 3.0, "c": 4.0}) == 0.75


def test_the_thesaurus_and_the_knowledge_base_hold_one_copy_of_each_repeated_text() -> None:
    thesaurus = bundled_thesaurus()
    rewrites = [r for table in (thesaurus._chat, thesaurus._everyday, thesaurus._learned) for r in table.rewrites()]
    assert len(rewrites) > 1000
    assert len({id(r.alternatives) for r in rewrites}) == len({r.alternatives for r in rewrites})
    words = [w for r in rewrites for w in (*r.words, *r.keys)]
    assert len({id(w) for w in words}) == len(set(words))
    owners = [o for plan in load_knowledge().plans.values() for a in plan.assignments for o in a.lead + a.coordinating]
    assert len(owners) > 2 * len(set(owners))  # "Sở Thông tin và Truyền thông" alone is written 290 times
    assert len({id(o) for o in owners}) == len(set(owners))


def test_the_rule_books_share_their_repeated_texts_and_empty_sets() -> None:
    from knowledge.rules import load_rules

    rules = [r for framework in ("dti-tinh", "dti-xa", "cqs-ninh-thuan") for r in load_rules(framework)]
    texts = [t for r in rules for t in (r.source, r.answer, *r.inputs.values()) if t]
    assert len(texts) > len(set(texts)) and len({id(t) for t in texts}) == len(set(texts))
    assert len({id(r.adds) for r in rules if not r.adds}) == 1


def test_a_speller_holds_its_vocabulary_once() -> None:
    from knowledge.search.spelling import Speller

    speller = Speller(["chuyen", "doi", "so"], {"dvc": "dich vu cong"})
    assert not isinstance(speller._pieces, set | frozenset)
    assert speller.correct(["chuyendoiso", "congdvc"]) == ["chuyen", "doi", "so", "congdvc"]
    assert speller.correct(["sodvc"]) == ["so", "dich", "vu", "cong"]


def test_a_term_in_the_name_and_another_field_is_posted_once_with_the_names_pair() -> None:
    """The build writes an entry's other fields' terms, then its name's: a term in both has one posting, whose pair
    is the name's (``_post`` replaces the field's pair in place, issue 20)."""
    docs = [Document("f", "1", "cáp quang", {"body": "cáp quang hộ gia đình"}),
            Document("f", "2", "hộ gia đình", {"body": "cáp quang"}),
            Document("f", "3", "dịch vụ công", {"body": "hồ sơ"})]
    index = SearchIndex(docs)
    ids, adds = index._posting("cap")
    assert list(ids) == [0, 1]
    assert index._name_gains[adds[0]] > 0 and index._name_gains[adds[1]] == 0  # named in entry 0 only
    assert index._gains[adds[0]] > index._gains[adds[1]]  # the name weighs more than the body
    ids, adds = index._posting("gia_dinh")
    assert list(ids) == [0, 1] and index._name_gains[adds[1]] > 0 == index._name_gains[adds[0]]


def test_terms_drop_codes_and_pair_the_words_around_them() -> None:
    """``terms`` looks at each word for a code only when the text has a dot (issue 20: most texts have none)."""
    from knowledge.search.index import terms

    assert terms(["ho", "so", "truc", "tuyen"]) == ["ho", "so", "truc", "tuyen", "ho_so", "so_truc", "truc_tuyen"]
    assert terms(["chi", "so", "6.22.1", "dat"]) == ["chi", "so", "dat", "chi_so", "so_dat"]
    assert terms(["v1.2", "x"]) == ["v1.2", "x", "v1.2_x"]  # a dot, but no code
    assert terms([]) == []


def test_an_index_keeps_the_vocabularys_copy_of_each_term_and_interns_none() -> None:
    """A term a second index reads is the vocabulary's own string (the build reads the process's terms first), and
    a term no index knew before is not interned: the interned strings are one table of the process, which doubles
    once full, and the four plans' terms filled it (issue 20)."""
    import sys

    from knowledge.search import index as index_module

    first = SearchIndex([Document("f", "1", "qxvudra ploxnet", {"body": "hộ gia đình"})])
    second = SearchIndex([Document("f", "1", "qxvudra ploxnet", {"body": "dịch vụ"}),
                          Document("f", "2", "cáp quang", {"body": "hồ sơ"})])
    kept = {id(t): t for t in index_module._VOCABULARY}
    assert first.knows("qxvudra") and second.knows("qxvudra_ploxnet")
    assert {id(t) for t in second.name_words} <= kept.keys()
    assert {id(t) for t in second.speller._known} <= kept.keys()
    term = next(t for t in index_module._VOCABULARY if t == "qxvudra_ploxnet")
    assert sys.intern("qxvudra_" + "ploxnet") is not term  # an equal string interns as itself: the term was not


def test_a_pairs_number_takes_one_byte_while_the_pairs_fit() -> None:
    """Where an index has at most 256 (gain, name gain) pairs (three of the four plans), the number of an entry's
    pair is one byte, in the postings and in a common term's per-entry array; the plans' own indexes say which."""
    from knowledge.search.engine import Searcher

    searcher = Searcher(load_knowledge())
    for plan in ("gia-lai-2023", "kon-tum-2024", "nghia-phuong-2023", "ninh-thuan-2021"):
        index = searcher.for_plan(plan).index
        assert index._adds.typecode == ("B" if len(index._gains) <= 256 else "H"), plan
        assert all(a.typecode == index._adds.typecode for a in index._common.values()), plan
        assert max(index._adds) < len(index._gains)
        assert index._starts.typecode == "H" and index._starts[-1] == len(index._ids), plan  # postings < 65 536
