"""Normalisation: the same words typed with or without diacritics, abbreviated or not, meet in one form."""

from __future__ import annotations

import pytest

from knowledge.normalize import find_codes, fold, normalize, normalize_tokens


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Đắk Lắk", "dak lak"),
        ("Ủy ban nhân dân", "uy ban nhan dan"),
        ("HỘ GIA ĐÌNH", "ho gia dinh"),
        ("tỷ lệ", "ty le"),
    ],
)
def test_fold_removes_diacritics_and_case(typed: str, expected: str) -> None:
    assert fold(typed) == expected


def test_decomposed_unicode_is_the_same_as_composed() -> None:
    composed = "Chuyển đổi số"
    decomposed = "Chuye\u0302\u0309n đo\u0302\u0309i so\u0302\u0301"
    assert normalize(composed) == normalize(decomposed)


@pytest.mark.parametrize(
    "spelling",
    ["Sở TTTT", "Sở TT&TT", "Sở TT &TT", "so tt&tt", "Sở Thông tin và Truyền thông", "Sở Thông tin - Truyền thông"],
)
def test_department_spellings_meet(spelling: str) -> None:
    assert normalize(spelling) == "so thong tin va truyen thong"


@pytest.mark.parametrize(
    ("abbr", "full"),
    [
        ("DVCTT", "dịch vụ công trực tuyến"),
        ("ATTT", "an toàn thông tin"),
        ("CĐS", "chuyển đổi số"),
        ("CDS", "chuyển đổi số"),
        ("UBND", "Ủy ban nhân dân"),
        ("CSDL", "cơ sở dữ liệu"),
        ("CBCCVC", "cán bộ công chức viên chức"),
        ("NSNN", "ngân sách nhà nước"),
        ("TTHC", "thủ tục hành chính"),
        ("smartphone", "điện thoại thông minh"),
        ("CKS", "chữ ký số"),
    ],
)
def test_abbreviations_expand(abbr: str, full: str) -> None:
    assert normalize(abbr) == normalize(full)


def test_ai_only_in_capitals_means_artificial_intelligence() -> None:
    assert "tri tue nhan tao" in normalize("ứng dụng AI")
    assert normalize("ai phụ trách") == "ai phu trach"


@pytest.mark.parametrize(("written", "full"), [("Bộ CA thống kê", "Bộ Công an thống kê"),
                                              ("Ngân hàng NN cung cấp", "Ngân hàng Nhà nước cung cấp"),
                                              ("số liệu NHNN", "số liệu Ngân hàng Nhà nước")])
def test_the_bodies_supplying_data_meet_their_full_names(written: str, full: str) -> None:
    """The commune plan writes an indicator's data source short; a question names the body in full."""
    assert normalize_tokens(written) == normalize_tokens(full)
    assert normalize_tokens("cả xã có bao nhiêu ca") != normalize_tokens("cả xã có bao nhiêu công an")  # "ca" stays


def test_punctuation_goes_but_codes_stay_whole() -> None:
    assert normalize_tokens("Chỉ số 6.22.1, (điểm: 10)!") == ["chi", "so", "6.22.1", "diem", "10"]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Chỉ số 3.3 tính điểm như thế nào?", ["3.3"]),
        ("chi so 5.7", ["5.7"]),
        ("6.22.1 do ai phụ trách", ["6.22.1"]),
        ("so sánh 1.2 và 1.10.", ["1.2", "1.10"]),
        ("năm 2023 đạt 80%", []),
        ("chi 1.000 đồng", []),
    ],
)
def test_find_codes(text: str, codes: list[str]) -> None:
    assert find_codes(text) == codes


def test_expanding_skips_texts_with_nothing_to_rewrite_and_rewrites_the_same_words() -> None:
    """``_expand`` looks for its words in one set (issue 20): the same rewrites as a step per word with
    ``I_OR_Y`` and the abbreviations, on every one- to three-letter word and every abbreviation."""
    import itertools
    import string

    from knowledge.abbreviations import ABBREVIATIONS
    from knowledge.normalize import I_OR_Y, _expand

    def per_word(tokens: list[str]) -> list[str]:
        out: list[str] = []
        for tok in tokens:
            if tok in ABBREVIATIONS:
                out.extend(ABBREVIATIONS[tok].split())
            else:
                out.append(tok[:-1] + "i" if tok[-1] == "y" and I_OR_Y.fullmatch(tok) else tok)
        return out

    words = ["".join(w) for n in (1, 2, 3) for w in itertools.product(string.ascii_lowercase, repeat=n)]
    words += [*ABBREVIATIONS, "6.22.1", "2024"]
    rewritten = [w for w in words if per_word([w]) != [w]]
    assert len(rewritten) > len(ABBREVIATIONS)  # the y-words are among them
    for w in words:
        assert _expand([w]) == per_word([w]), w
    for tokens in (["ty", "le", "dvc"], ["ho", "so"], ["quy", "ky", "my"], []):
        assert _expand(tokens) == per_word(tokens)
    plain = ["ho", "so", "truc", "tuyen"]
    assert _expand(plain) is plain


def test_public_servants_written_as_two_short_forms_are_spelled_out() -> None:
    assert normalize("trợ lý ảo phục vụ cc vc") == "tro li ao phuc vu cong chuc vien chuc"
    assert normalize("CC VHTT chủ trì") == "cc vhtt chu tri"  # the commune's title stays


def test_a_rate_of_cc_counts_public_servants() -> None:
    assert normalize("tỷ lệ CC được bồi dưỡng") == "ti le cong chuc duoc boi duong"
    assert normalize("ty le cc co chu ky so") == "ti le cong chuc co chu ki so"
    assert normalize("CC TCKT tỷ lệ") == "cc tckt ti le"  # a unit's title before a rate stays


def test_virtual_assistant_for_public_servants_is_told_from_the_one_for_citizens() -> None:
    from tests.searchkit import shared_searcher
    answer = shared_searcher().ask("kon-tum-2024", "nen tang tro ly ao phuc vu cc, vc do ai chu tri")
    assert answer.status == "answer" and answer.matches[0].code == "6.20"
