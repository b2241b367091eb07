"""Charts are real PNG files: opened back, of a sensible size, not blank, Vietnamese text drawn without missing
glyphs."""

from __future__ import annotations

import io
import warnings

import pytest
from PIL import Image

from bot.reports.charts import Bar, Progress, completeness_chart, history_chart, pillar_chart

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
