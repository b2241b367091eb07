"""Charts are real PNG files: opened back, of a sensible size, not blank, Vietnamese text drawn without missing
glyphs."""

from __future__ import annotations

import io
import unicodedata
import warnings

import pytest
from matplotlib.text import Text
from PIL import Image

from bot.reports.charts import (
    Bar,
    Progress,
    completeness_chart,
    completeness_figure,
    history_chart,
    history_figure,
    pillar_chart,
    pillar_figure,
)

PILLARS = [
    Bar("1. Nhận thức số", 62.5, 80, 55),
    Bar("2. Thể chế số", 40, 60, None),
    Bar("5. An toàn thông tin mạng — một tên rất dài cần xuống dòng cho dễ đọc", None, 100, 70),
]


def opened(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


@pytest.mark.parametrize("make", [
    lambda: pillar_chart(PILLARS, "Điểm các trụ cột — Kế hoạch 419/KH-UBND tỉnh Kon Tum (2024)"),
    lambda: completeness_chart([Progress("Sở Tài chính", 12, 9, 2), Progress("UBND huyện Đắk Hà", 5, 0)],
                               "Tiến độ nộp số liệu đợt 2024"),
    lambda: history_chart([("2022", 3.5), ("2023", None), ("2024-Q3", 7.25)], "6.12 Tỷ lệ…", 10),
])
def test_a_chart_is_a_real_png_with_something_drawn(make) -> None:  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph warns: Vietnamese letters must all be in the font
        png = make()
    image = opened(png)
    assert image.format == "PNG" and image.width >= 600 and image.height >= 200
    colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    assert colours is not None and len(colours) > 10  # not a blank canvas


def test_empty_inputs_still_draw() -> None:
    assert opened(pillar_chart([], "Chưa có số liệu")).format == "PNG"


@pytest.mark.parametrize("make", [
    lambda: pillar_figure([*PILLARS, Bar("6. " + "Kinh tế số " * 12, 10, 200, None)], "Điểm các trụ cột " * 8),
    lambda: completeness_figure([Progress("UBND xã " + "Ngọc Hồi " * 8, 30, 12, 3), Progress("Sở", 2, 2)],
                                "Tiến độ nộp số liệu đợt 2024 " * 4),
    lambda: history_figure([(f"2024-Q{q}", q * 2.5) for q in range(1, 5)], "Chỉ số 6.12 – " + "tên dài " * 15, 10),
])
def test_the_fixed_layout_keeps_every_text_inside_the_picture(make) -> None:  # type: ignore[no-untyped-def]
    """No constrained or tight layout: the margins computed from the texts' lengths must leave every label, title,
    value and legend entry whole within the picture."""
    figure = make()
    figure.draw_without_rendering()  # ticks and labels placed as in the picture
    drawn = figure.get_tightbbox()  # every text and bar drawn, in inches
    width, height = figure.get_size_inches()
    assert drawn.x0 >= -0.01 and drawn.y0 >= -0.01, drawn
    assert drawn.x1 <= width + 0.01 and drawn.y1 <= height + 0.01, (drawn, width, height)
    texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text()]
    assert any("\n" in t.get_text() for t in texts)  # long names were wrapped


def test_letters_typed_with_combining_marks_are_drawn_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Sở Thông tin và Truyền thông – Đắk Hà")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = completeness_chart([Progress(decomposed, 3, 1)], decomposed)
    assert opened(png).format == "PNG"
