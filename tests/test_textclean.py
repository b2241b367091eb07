"""Text cleaning shared by every importer: HTML, LaTeX, bullets, spacing, variables, explanations."""

from __future__ import annotations

import unicodedata

from knowledge.textclean import clean_inline, clean_text, extract_variables, parse_number, split_explanation


def test_latex_becomes_plain_symbols() -> None:
    assert clean_text(r"Tỷ lệ $\geq 80\%$: Điểm tối đa") == "Tỷ lệ ≥ 80%: Điểm tối đa"
    assert clean_text(r"Tỷ lệ $\leq 80\% * 10đ$") == "Tỷ lệ ≤ 80% * 10đ"
    assert clean_text(r"$1/2 \times$ Điểm tối đa") == "1/2 × Điểm tối đa"
    assert clean_text(r"Điểm = $(b/a) * \text{Điểm tối đa}$") == "Điểm = (b/a) * Điểm tối đa"
    assert clean_text(r"$\frac{a}{b}$") == "a/b"


def test_html_lists_become_dash_lines_and_tags_go() -> None:
    html = (
        '<ul style="list-style-type: none"> <li>- Đã ban hành: Điểm tối đa</li>'
        " <li>- Chưa ban hành: 0 điểm</li> </ul>"
    )
    assert clean_text(html) == "- Đã ban hành: Điểm tối đa\n- Chưa ban hành: 0 điểm"
    assert clean_text("<p>a = X;</p> <p>b = Y</p>") == "a = X;\nb = Y"
    assert clean_inline("<b>1.1</b>") == "1.1"
    assert clean_inline("<i>Thể chế số</i>") == "Thể chế số"


def test_inline_bullets_after_a_clause_end_start_new_lines() -> None:
    text = '<ul style="list-style-type: none">- Trưởng ban là Bí thư: Điểm tối đa;- Chưa có: 0 điểm.'
    assert clean_text(text) == "- Trưởng ban là Bí thư: Điểm tối đa;\n- Chưa có: 0 điểm."


def test_less_than_sign_is_kept_and_leaked_fragment_removed() -> None:
    assert clean_text("Tỷ lệ < 100%: 0 điểm") == "Tỷ lệ < 100%: 0 điểm"
    leaked = (
        r"Tỷ lệ <math><50\%</math> = tỷ lệ/ <math>50\%*20đ< math><=\"\" td=\"\"> <td></td> <td>cung cấp</td>"
        r" </math>50\%*20đ<>"
    ).replace('\\"', '"')
    assert clean_text(leaked) == "Tỷ lệ <50% = tỷ lệ/ 50%*20đ"


def test_whitespace_and_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Sở Thông tin")
    assert clean_text(f"  {decomposed}   và \t Truyền thông ,  x ") == "Sở Thông tin và Truyền thông, x"
    assert clean_text("") == "" and clean_text(None) == ""


def test_parse_number_accepts_decimal_comma() -> None:
    assert parse_number("41,6") == 41.6
    assert parse_number("<i>100</i>") == 100
    assert parse_number("") is None
    assert parse_number("0 điểm") is None


def test_variables_from_all_three_forms() -> None:
    kon_tum = "a = Số lượng hộ gia đình có điện thoại; b = Tổng số hộ gia đình của tỉnh; - Tỷ lệ = a/b"
    assert extract_variables(kon_tum) == {
        "a": "Số lượng hộ gia đình có điện thoại",
        "b": "Tổng số hộ gia đình của tỉnh",
    }
    no_separator = "a = Số lượng phản ánh xử lý đúng hạn b = Tổng số phản ánh"
    assert extract_variables(no_separator) == {
        "a": "Số lượng phản ánh xử lý đúng hạn",
        "b": "Tổng số phản ánh",
    }
    called = "- Tổng số lượng CBCC cấp tỉnh (gọi là a) - Tổng số lượng máy tính (gọi là b) - Tỷ lệ = b/a"
    assert extract_variables(called) == {"a": "Tổng số lượng CBCC cấp tỉnh", "b": "Tổng số lượng máy tính"}
    total = "- Tổng số CSDL dùng chung, chuyên ngành = a;\n- Tỷ lệ = b/a"
    assert extract_variables(total) == {"a": "Tổng số CSDL dùng chung, chuyên ngành"}
    assert extract_variables("Y = (a/b); Tỷ lệ = Y+Z") == {}


def test_explanation_is_split_off() -> None:
    method, explanation = split_explanation("Tỷ lệ = a/b\nGiải thích: chi cho chính quyền số là chi cho CNTT")
    assert (method, explanation) == ("Tỷ lệ = a/b", "chi cho chính quyền số là chi cho CNTT")
    assert split_explanation("Không có") == ("Không có", "")
