"""Charts as PNG bytes: pillars against their maxima, completeness by unit, an indicator over rounds.

matplotlib's object API with the Agg canvas only (no pyplot, so no global figure state and nothing to leak in a
long-running bot: each figure is dropped when the function returns). Vietnamese text renders with DejaVu Sans,
which matplotlib ships (texts composed to NFC, so every letter is one glyph); long names are wrapped; numbers use
the decimal comma. The margins are computed from the texts (no constrained or tight layout, each of which draws
the figure once more), at 100 dpi, PNG compressed fast: a chart takes about 0.1–0.2 s (benchmarks/bench_scores.py).
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import MaxNLocator

from scoring.numbers import fmt_num

FONT = "DejaVu Sans"
DPI = 100  # an 8-inch chart is 800 pixels wide: sharp on a phone, quick to draw
SCORE, MAXIMUM, PREVIOUS, LATE = "#2E75B6", "#D9D9D9", "#F4B183", "#C00000"
SMALL = FontProperties(family=FONT, size=8)  # made once: the font is looked up once per process
NORMAL = FontProperties(family=FONT, size=10)
TITLE = FontProperties(family=FONT, size=11)
# The layout is computed here from the texts' lengths (no constrained or tight layout, which measure every text
# by drawing the figure once more): inches per character and per line at the sizes above; tests/test_charts.py
# checks that every text stays inside the picture.
CHAR_INCH = 0.068  # a label's character at 8 points
LINE_INCH = {8: 0.16, 11: 0.22}
LABEL_WRAP, TITLE_WRAP = 34, 70


@dataclass(frozen=True)
class Bar:
    """One bar: a label (pillar, unit), the value, its maximum, and an earlier value where known."""

    label: str
    value: float | None
    maximum: float | None = None
    previous: float | None = None


@dataclass(frozen=True)
class Progress:
    """A unit's completeness: indicators owed, submitted, and late."""

    unit: str
    owed: int
    submitted: int
    late: int = 0


def _figure(width: float, height: float, *, left: float, bottom: float, top: float, right: float = 0.3
            ) -> tuple[Figure, Axes]:
    """A figure with one axes placed by margins in inches."""
    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height,
                           top=1 - top / height)
    return figure, figure.add_subplot()


def _png(figure: Figure) -> bytes:
    out = BytesIO()
    figure.savefig(out, format="png", pil_kwargs={"compress_level": 1})
    return out.getvalue()


def _margin_for(labels: Sequence[str]) -> float:
    """The inches the longest line of ``labels`` takes, with a little room."""
    longest = max((len(line) for label in labels for line in label.split("\n")), default=0)
    return 0.25 + longest * CHAR_INCH


def _title(axes: Axes, title: str, width: int = TITLE_WRAP) -> None:
    axes.set_title(_wrap(title, width), fontproperties=TITLE)


def _legend(figure: Figure) -> None:
    figure.legend(loc="lower center", ncols=3, prop=SMALL, frameon=False, bbox_to_anchor=(0.5, 0.0))


def _wrap(text: str, width: int) -> str:
    """Lines of at most ``width`` characters; composed (NFC) so that every Vietnamese letter is one glyph of the
    font even when it was typed as a letter and combining marks."""
    text = unicodedata.normalize("NFC", text)
    return "\n".join(textwrap.wrap(text, width)) or text


def pillar_figure(bars: Sequence[Bar], title: str, *, previous_label: str = "Năm trước") -> Figure:
    """Horizontal bars: each pillar's score over its maximum, with the previous year's score beside it."""
    labels = [_wrap(b.label, LABEL_WRAP) for b in bars]
    title_lines = _wrap(title, TITLE_WRAP).count("\n") + 1
    height = 1.2 + LINE_INCH[11] * title_lines + 0.55 * max(len(bars), 1)
    figure, axes = _figure(8, height, left=_margin_for(labels), bottom=0.8,
                           top=0.2 + LINE_INCH[11] * title_lines)
    rows = list(range(len(bars)))[::-1]
    has_previous = any(b.previous is not None for b in bars)
    thick = 0.38 if has_previous else 0.6
    axes.barh(rows, [b.maximum or 0 for b in bars], height=0.8, color=MAXIMUM, label="Tối đa")
    axes.barh([r + (thick / 2 if has_previous else 0) for r in rows], [b.value or 0 for b in bars],
              height=thick, color=SCORE, label="Hiện tại")
    if has_previous:
        axes.barh([r - thick / 2 for r in rows], [b.previous or 0 for b in bars], height=thick, color=PREVIOUS,
                  label=previous_label)
    for row, bar in zip(rows, bars, strict=True):
        shown = "chưa đủ số liệu" if bar.value is None else fmt_num(bar.value)
        if bar.maximum is not None:
            shown += f" / {fmt_num(bar.maximum)}"
        axes.text(max(bar.maximum or 0, bar.value or 0) * 1.01, row, shown, va="center", fontproperties=SMALL)
    axes.set_yticks(rows, labels, fontproperties=SMALL)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=6))
    axes.set_xlabel("Điểm", fontproperties=NORMAL)
    _title(axes, title)
    _legend(figure)
    axes.margins(x=0.18)
    return figure


def completeness_figure(units: Sequence[Progress], title: str) -> Figure:
    """Stacked bars per unit: submitted on time, submitted late, still owed."""
    labels = [_wrap(u.unit, LABEL_WRAP) for u in units]
    title_lines = _wrap(title, TITLE_WRAP).count("\n") + 1
    height = 1.2 + LINE_INCH[11] * title_lines + 0.45 * max(len(units), 1)
    figure, axes = _figure(8, height, left=_margin_for(labels), bottom=0.8,
                           top=0.2 + LINE_INCH[11] * title_lines)
    rows = list(range(len(units)))[::-1]
    on_time = [max(u.submitted - u.late, 0) for u in units]
    late = [min(u.late, u.submitted) for u in units]
    missing = [max(u.owed - u.submitted, 0) for u in units]
    axes.barh(rows, on_time, color=SCORE, label="Đã nộp đúng hạn")
    axes.barh(rows, late, left=on_time, color=LATE, label="Nộp muộn")
    axes.barh(rows, missing, left=[a + b for a, b in zip(on_time, late, strict=True)], color=MAXIMUM,
              label="Chưa nộp")
    for row, unit in zip(rows, units, strict=True):
        axes.text(unit.owed + 0.1, row, f"{unit.submitted}/{unit.owed}", va="center", fontproperties=SMALL)
    axes.set_yticks(rows, labels, fontproperties=SMALL)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))  # counts: whole ticks, few texts to draw
    axes.set_xlabel("Số chỉ số", fontproperties=NORMAL)
    _title(axes, title)
    _legend(figure)
    axes.margins(x=0.12)
    return figure


def history_figure(points: Sequence[tuple[str, float | None]], title: str, maximum: float | None = None) -> Figure:
    """An indicator's score over rounds (labels such as "2023", "2024-Q3"), with its maximum as a line."""
    title_lines = _wrap(title, 60).count("\n") + 1
    figure, axes = _figure(7, 3.6 + LINE_INCH[11] * (title_lines - 1), left=0.75, bottom=0.55,
                           top=0.2 + LINE_INCH[11] * title_lines)
    xs = list(range(len(points)))
    ys = [value if value is not None else float("nan") for _, value in points]
    axes.plot(xs, ys, marker="o", color=SCORE)
    for x, (_, value) in zip(xs, points, strict=True):
        if value is not None:
            axes.annotate(fmt_num(value), (x, value), textcoords="offset points", xytext=(0, 6), ha="center",
                          fontproperties=SMALL)
    if maximum is not None:
        axes.axhline(maximum, color=LATE, linestyle="--", linewidth=1, label=f"Tối đa {fmt_num(maximum)}")
        axes.legend(prop=SMALL)
    axes.set_xticks(xs, [label for label, _ in points], fontproperties=SMALL)
    axes.set_ylabel("Điểm", fontproperties=NORMAL)
    axes.set_ylim(bottom=0)
    _title(axes, title, 60)
    return figure


def pillar_chart(bars: Sequence[Bar], title: str, *, previous_label: str = "Năm trước") -> bytes:
    """Horizontal bars: each pillar's score over its maximum, with the previous year's score beside it (PNG)."""
    return _png(pillar_figure(bars, title, previous_label=previous_label))


def completeness_chart(units: Sequence[Progress], title: str) -> bytes:
    """Stacked bars per unit: submitted on time, submitted late, still owed (PNG)."""
    return _png(completeness_figure(units, title))


def history_chart(points: Sequence[tuple[str, float | None]], title: str, maximum: float | None = None) -> bytes:
    """An indicator's score over rounds, with its maximum as a line (PNG)."""
    return _png(history_figure(points, title, maximum))
